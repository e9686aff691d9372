"""The Value tab of the Indicators view: what was entered by hand for one indicator and year.

A manual indicator's value, text, decision (passed, failed, not decided) and note for the edit
year, saved or cleared as one undoable edit; when nothing was entered and the records suggest
something, a proposal that one click copies into the form. An indicator computed from the
records shows what it is computed from instead (its records are corrected elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.indicators import IndicatorResult, Kind
from workbench.ui.context import AppContext
from workbench.ui.i18n import error_text
from workbench.ui.indicators.commands import (
    ManualEntry,
    manual_entries,
    manual_value_command,
    push_or_show,
)
from workbench.ui.indicators.look import NumberEdit, tr
from workbench.ui.widgets.forms import InlineForm


class ValueEditor(QStackedWidget):
    """The manual value of the shown indicator for the edit year, or why there is none.

    Page 0 is the form; page 1 says what an indicator computed from the records comes from.

    *year* and *edit_year* answer the assessment year and the year being edited.

    Signals:
        sig_status(str): a short message for the status bar.
    """

    sig_status = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        year: Callable[[], int],
        edit_year: Callable[[], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._year = year
        self._edit_year = edit_year
        self.result: IndicatorResult | None = None
        self.entries: dict[int, ManualEntry] = {}
        self._build_form()
        # A frameless browser rather than a QLabel: a wrapped label in a stacked page is
        # given too little height and cuts its last lines.
        self.auto_label = QTextBrowser()
        self.auto_label.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.auto_label.viewport().setAutoFillBackground(False)
        self.auto_label.setStyleSheet("QTextBrowser { background: transparent; }")
        self.addWidget(self.auto_label)
        self.save_value_button.clicked.connect(self.save_value)
        self.clear_value_button.clicked.connect(self.clear_value)
        self.use_proposal_button.clicked.connect(self.use_proposal)

    def _build_form(self) -> None:
        form_page = QWidget()
        self.value_form = InlineForm()
        self.value_number_edit = NumberEdit(places=2)
        self.value_number_edit.setMaximumWidth(160)
        self.value_text_edit = QPlainTextEdit()
        self.value_text_edit.setTabChangesFocus(True)
        self.value_text_edit.setPlaceholderText(tr("What was done, in one or two sentences"))
        self.value_text_edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.decision_combo = QComboBox()
        self.decision_combo.addItem(tr("Not decided"), None)
        self.decision_combo.addItem(tr("Passed"), True)
        self.decision_combo.addItem(tr("Failed"), False)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(tr("Note for the assessor"))
        self.note_edit.setFixedHeight(self.fontMetrics().height() * 2 + 12)
        # What the records show for the edit year, when nothing was entered: one click copies
        # it into the form; saved (with a decision), it counts.
        self.proposal_label = QLabel()
        self.proposal_label.setWordWrap(True)
        self.proposal_label.setStyleSheet("color: palette(mid);")
        self.use_proposal_button = QPushButton(tr("Use the proposal"))
        proposal_row = QHBoxLayout()
        proposal_row.addWidget(self.proposal_label, 1)
        proposal_row.addWidget(self.use_proposal_button, 0, Qt.AlignmentFlag.AlignTop)
        self.proposal_box = QWidget()
        self.proposal_box.setLayout(proposal_row)
        self.proposal_box.setVisible(False)
        self.value_form.addRow(self.proposal_box)
        self.value_form.add_row("value_number", tr("Number"), self.value_number_edit)
        self.value_form.add_row("value_text", tr("Text"), self.value_text_edit)
        self.value_form.add_row("passed", tr("Decision"), self.decision_combo)
        self.value_form.add_row("note", tr("Note"), self.note_edit)
        self.value_status = QLabel()
        self.value_status.setWordWrap(True)
        self.clear_value_button = QPushButton(tr("Clear year"))
        self.save_value_button = QPushButton(tr("Save value"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.value_status, 1)
        buttons.addWidget(self.clear_value_button)
        buttons.addWidget(self.save_value_button)
        form_layout = QVBoxLayout(form_page)
        form_layout.addLayout(self.value_form)
        form_layout.addStretch(1)
        form_layout.addLayout(buttons)
        # The form scrolls rather than being cut when the window is small.
        form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        form_scroll.setWidget(form_page)
        self.addWidget(form_scroll)

    def show_result(self, result: IndicatorResult, entries: dict[int, ManualEntry]) -> None:
        """Show the value of *result* for the edit year, *entries* being what is stored."""
        self.result = result
        self.entries = entries
        self.fill()

    def update_result(self, result: IndicatorResult) -> None:
        """Work on *result*, recomputed, without reloading the form (what is typed stays)."""
        self.result = result

    def fill(self) -> None:
        """Show the shown indicator's value for the (possibly changed) edit year."""
        result = self.result
        if result is None:
            return
        self.value_form.clear_errors()
        self.value_status.setText("")
        if result.definition.kind is Kind.AUTO:
            self.setCurrentIndex(1)
            self.auto_label.setPlainText(
                tr(
                    "This indicator is computed from the records: {what}\n\nTo change its "
                    "value, correct the records (the missing inputs on the left lead to them). "
                    "Evidence files and the threshold can still be set here."
                ).format(what=result.definition.computed_from)
            )
            return
        self.setCurrentIndex(0)
        year = self._edit_year()
        entry = self.entries.get(year, ManualEntry())
        self.value_number_edit.set_value(entry.value_number)
        self.value_number_edit.setProperty("invalid", False)
        self.value_text_edit.setPlainText(entry.value_text or "")
        self.decision_combo.setCurrentIndex({None: 0, True: 1, False: 2}[entry.passed])
        self.note_edit.setPlainText(entry.note or "")
        self.clear_value_button.setEnabled(year in self.entries)
        proposal = self._proposal()
        self.proposal_box.setVisible(proposal is not None)
        if proposal is not None:
            self.proposal_label.setText(
                tr("Proposed from the records for {year}: {facts}").format(
                    year=year, facts=proposal.proposal
                )
            )
        unit = result.definition.unit
        self.value_number_edit.setToolTip(
            tr("A number in {unit}, if the indicator has one").format(unit=unit)
            if unit != "text"
            else tr("A number, if the indicator has one (e.g. a score)")
        )

    def _proposal(self) -> Any:
        """The period of the edit year when it only has a proposal (nothing entered), else None."""
        year = self._edit_year()
        if self.result is None or year in self.entries:
            return None
        for period in self.result.periods:
            same = period.year == year or (period.year is None and year == self._year())
            if same and period.proposal:
                return period
        return None

    def use_proposal(self) -> bool:
        """Copy the proposal of the edit year into the form (the user decides and saves)."""
        period = self._proposal()
        if period is None:
            return False
        self.value_text_edit.setPlainText(period.proposal)
        if period.prefilled and isinstance(period.value, int):
            self.value_number_edit.set_value(period.value)
        self.value_status.setText(tr("Proposal copied: choose Passed or Failed, then Save."))
        self.decision_combo.setFocus()
        return True

    def save_value(self) -> bool:
        """Save the manual value of the shown indicator for the edit year (undoable)."""
        result = self.result
        if result is None or result.definition.kind is not Kind.MANUAL:
            return False
        self.value_form.clear_errors()
        try:
            number = self.value_number_edit.value()
        except ValueError as exc:
            self.value_form.set_error("value_number", error_text(exc))
            return False
        text = self.value_text_edit.toPlainText().strip() or None
        note = self.note_edit.toPlainText().strip() or None
        new: ManualEntry | None = ManualEntry(number, text, self.decision_combo.currentData(), note)
        year = self._edit_year()
        old = self.entries.get(year)
        assert new is not None
        if new.is_empty():
            new = None
        if new == old or (new is None and old is None):
            self.value_status.setText(tr("No changes to save."))
            return True
        command = manual_value_command(
            self.ctx,
            result.id,
            year,
            new,
            old,
            tr("Value of indicator {id} for {year}").format(id=result.id, year=year),
        )
        if not push_or_show(self, self.ctx, command, self.value_form):
            return False
        self.entries = manual_entries(self.ctx.db, result.id)
        self.clear_value_button.setEnabled(year in self.entries)
        self.value_status.setText(tr("Saved; the table is being recomputed."))
        self.sig_status.emit(
            tr("Indicator {id}: value for {year} saved").format(id=result.id, year=year)
        )
        return True

    def clear_value(self) -> bool:
        """Delete what was entered for the shown indicator and edit year (undoable)."""
        result = self.result
        year = self._edit_year()
        if result is None or year not in self.entries:
            return False
        command = manual_value_command(
            self.ctx,
            result.id,
            year,
            None,
            self.entries[year],
            tr("Clear indicator {id} for {year}").format(id=result.id, year=year),
        )
        if not push_or_show(self, self.ctx, command, self.value_form):
            return False
        self.entries = manual_entries(self.ctx.db, result.id)
        self.fill()
        self.value_status.setText(tr("Cleared; Undo brings it back."))
        return True
