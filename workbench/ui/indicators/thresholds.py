"""The Threshold tab of the Indicators view: the cluster's own threshold of one indicator.

It says what the default is and why, and sets another one, goes back to the default, or
removes the threshold (the indicator is then shown but not scored) — each an undoable edit.
Indicators judged by hand have no numeric threshold: the tab only says so.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from workbench.indicators import IndicatorResult
from workbench.ui.context import AppContext
from workbench.ui.i18n import error_text
from workbench.ui.indicators.commands import push_or_show, threshold_command, threshold_row
from workbench.ui.indicators.look import NumberEdit, threshold_display, tr, ui_language, unit_text
from workbench.ui.widgets.forms import InlineForm


class ThresholdEditor(QWidget):
    """The threshold of the shown indicator, with its default and the reason for it.

    Signals:
        sig_status(str): a short message for the status bar.
    """

    sig_status = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result: IndicatorResult | None = None
        #: The stored threshold row of the indicator (None: the default applies).
        self.row: Any = None
        self.threshold_info = QLabel()
        self.threshold_info.setWordWrap(True)
        self.threshold_form = InlineForm()
        self.threshold_edit = NumberEdit(places=2)
        self.threshold_edit.setMaximumWidth(160)
        self.threshold_unit = QLabel()
        value_row = QHBoxLayout()
        value_row.setContentsMargins(0, 0, 0, 0)
        value_row.addWidget(self.threshold_edit)
        value_row.addWidget(self.threshold_unit)
        value_row.addStretch(1)
        self.threshold_note_edit = QLineEdit()
        self.threshold_note_edit.setPlaceholderText(tr("Why this threshold (e.g. regional rule)"))
        self.threshold_form.add_row("value", tr("Threshold"), value_row, focus=self.threshold_edit)
        self.threshold_form.add_row("note", tr("Note"), self.threshold_note_edit)
        self.reset_threshold_button = QPushButton(tr("Reset to default"))
        self.clear_threshold_button = QPushButton(tr("No threshold (not scored)"))
        self.save_threshold_button = QPushButton(tr("Save threshold"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reset_threshold_button)
        buttons.addWidget(self.clear_threshold_button)
        buttons.addWidget(self.save_threshold_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.threshold_info)
        layout.addLayout(self.threshold_form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.save_threshold_button.clicked.connect(self.save_threshold)
        self.reset_threshold_button.clicked.connect(self.reset_threshold)
        self.clear_threshold_button.clicked.connect(self.clear_threshold)

    def show_result(self, result: IndicatorResult, row: Any) -> None:
        """Show the threshold of *result*; *row* is the stored one (None: the default)."""
        self.result = result
        self.row = row
        self.threshold_form.clear_errors()
        self.update_result(result)
        d = result.definition
        applies = d.comparison != "none"
        for widget in (self.threshold_edit, self.threshold_note_edit, self.save_threshold_button):
            widget.setEnabled(applies)
        self.reset_threshold_button.setEnabled(applies and row is not None)
        self.clear_threshold_button.setEnabled(applies and result.threshold is not None)
        value = row.value if row is not None else result.threshold
        self.threshold_edit.set_value(value)
        self.threshold_note_edit.setText((row.note or "") if row is not None else "")
        self.threshold_unit.setText(unit_text(d.unit))

    def update_result(self, result: IndicatorResult) -> None:
        """Work on *result*, recomputed: say again what is in use (what is typed stays)."""
        self.result = result
        self.threshold_info.setText(_threshold_info(result))

    def save_threshold(self) -> bool:
        """Save the threshold typed for the shown indicator (undoable)."""
        result = self.result
        if result is None or result.definition.comparison == "none":
            return False
        self.threshold_form.clear_errors()
        try:
            value = self.threshold_edit.value()
        except ValueError as exc:
            self.threshold_form.set_error("value", error_text(exc))
            return False
        if value is None:
            self.threshold_form.set_error(
                "value", tr("Enter a threshold, or use Reset to default.")
            )
            return False
        note = self.threshold_note_edit.text().strip() or None
        row = self.row
        if row is not None and row.value == value and (row.note or None) == note:
            return True
        command = threshold_command(
            self.ctx,
            result.id,
            value,
            note,
            row,
            tr("Threshold of indicator {id}").format(id=result.id),
        )
        if not push_or_show(self, self.ctx, command, self.threshold_form):
            return False
        self.row = threshold_row(self.ctx.db, result.id)
        self.reset_threshold_button.setEnabled(True)
        self.sig_status.emit(tr("Indicator {id}: threshold saved").format(id=result.id))
        return True

    def reset_threshold(self) -> bool:
        """Go back to the default threshold of the shown indicator (undoable)."""
        result = self.result
        if result is None or self.row is None:
            return False
        command = threshold_command(
            self.ctx,
            result.id,
            None,
            None,
            self.row,
            tr("Default threshold of indicator {id}").format(id=result.id),
        )
        if not push_or_show(self, self.ctx, command, self.threshold_form):
            return False
        self.row = None
        self.reset_threshold_button.setEnabled(False)
        self.threshold_edit.set_value(result.definition.default_threshold)
        self.threshold_note_edit.clear()
        return True

    def clear_threshold(self) -> bool:
        """Remove the threshold of the shown indicator: it is then not scored (undoable)."""
        result = self.result
        if result is None or result.definition.comparison == "none":
            return False
        note = self.threshold_note_edit.text().strip() or None
        command = threshold_command(
            self.ctx,
            result.id,
            None,
            note,
            self.row,
            tr("No threshold for indicator {id}").format(id=result.id),
            clear=True,
        )
        if not push_or_show(self, self.ctx, command, self.threshold_form):
            return False
        self.row = threshold_row(self.ctx.db, result.id)
        self.reset_threshold_button.setEnabled(True)
        self.clear_threshold_button.setEnabled(False)
        self.threshold_edit.set_value(None)
        self.sig_status.emit(tr("Indicator {id}: no threshold, not scored").format(id=result.id))
        return True


def _threshold_info(result: IndicatorResult) -> str:
    """What the tab says about *result*'s threshold: default, in use, direction, reason."""
    d = result.definition
    if d.comparison == "none":
        return tr(
            "This indicator is judged by hand: mark each year passed or failed on the "
            "Value tab. A numeric threshold does not apply."
        )
    default = d.threshold_text if d.default_threshold is not None else tr("none")
    current = threshold_display(result)
    text = tr("Default threshold: {default}.").format(default=default)
    text += " " + tr("In use: {current}.").format(current=current)
    if d.comparison == "<=":
        text += " " + tr("The value must stay at or below it.")
    else:
        text += " " + tr("The value must reach it.")
    if d.id == "1.1.1":
        text += " " + tr("The threshold is the share of companies (%).")
    reason = d.reason(ui_language())
    if reason:
        text += " " + tr("Why the default: {reason}").format(reason=reason)
    text += " " + tr(
        "Without a threshold the indicator is not scored: its value is shown but it never passes."
    )
    return text
