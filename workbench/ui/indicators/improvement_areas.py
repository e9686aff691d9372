"""The Silver improvement areas editor: three slots, each baseline -> action -> result + evidence.

Opened from the Indicators view ("Silver improvement areas…"). One tab per slot; each holds the
Gold indicator, the baseline value and date, the action taken, the result value and date, a
note and the evidence files. Saving, clearing and every evidence change are undoable commands
(:mod:`workbench.ui.indicators.improvement_commands`); the rules are the service's
(:mod:`workbench.services.improvements`) and its messages appear under the field they name.
The dialog reloads whenever the areas change (an undo from the main window included).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import ValidationError, WorkbenchError
from workbench.indicators import DEFINITIONS
from workbench.rules.dates import DateTextError
from workbench.services import files as file_store
from workbench.services import improvements
from workbench.services.changes import Changes
from workbench.services.improvements import EvidenceFile, ImprovementRow
from workbench.ui.context import AppContext
from workbench.ui.i18n import error_text
from workbench.ui.indicators.improvement_commands import (
    AREA_TABLE,
    attach_evidence_command,
    clear_area_command,
    remove_evidence_command,
    save_area_command,
)
from workbench.ui.undo import push_edit
from workbench.ui.widgets import messages
from workbench.ui.widgets.file_dialogs import open_file_name
from workbench.ui.widgets.forms import InlineForm
from workbench.ui.widgets.inputs import OptionalDateEdit

_EVIDENCE_TABLE = "improvement_evidence"


def tr(text: str) -> str:
    """Translate *text* in the ``ImprovementAreasDialog`` context."""
    return QCoreApplication.translate("ImprovementAreasDialog", text)


class SlotEditor(QWidget):
    """The form of one improvement-area slot (1-3)."""

    def __init__(self, ctx: AppContext, position: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.position = position
        self.row: ImprovementRow | None = None
        self._build_ui()
        self._connect_signals()
        self.load(None)

    # ------------------------------------------------------------------ layout

    def _build_ui(self) -> None:
        # Indicator names exist in English and Italian; the interface language picks one.
        lang = "it" if QLocale().language() == QLocale.Language.Italian else "en"
        self.indicator_combo = QComboBox()
        self.indicator_combo.addItem(tr("Choose a Gold indicator"), None)
        for d in DEFINITIONS:
            self.indicator_combo.addItem(f"{d.id} {d.name(lang)}", d.id)
        self.baseline_value_edit = QLineEdit()
        self.baseline_value_edit.setPlaceholderText(tr("e.g. 31 % of members contacted"))
        self.baseline_date_edit = OptionalDateEdit()
        self.action_edit = QPlainTextEdit()
        self.action_edit.setTabChangesFocus(True)
        self.action_edit.setPlaceholderText(tr("What the cluster did to improve"))
        self.action_edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.result_value_edit = QLineEdit()
        self.result_date_edit = OptionalDateEdit()
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().height() * 2 + 12)
        self.form = InlineForm()
        self.form.add_row("indicator_id", tr("Gold indicator"), self.indicator_combo)
        self.form.add_row("baseline_value", tr("Baseline value"), self.baseline_value_edit)
        self.form.add_row("baseline_date", tr("Baseline date"), self.baseline_date_edit)
        self.form.add_row("action", tr("Action taken"), self.action_edit)
        self.form.add_row("result_value", tr("Result value"), self.result_value_edit)
        self.form.add_row("result_date", tr("Result date"), self.result_date_edit)
        self.form.add_row("note", tr("Note"), self.note_edit)
        self.form.alias("position", "indicator_id")

        self.evidence_list = QListWidget()
        self.evidence_list.setObjectName("improvementEvidence")
        self.evidence_list.setMaximumHeight(self.fontMetrics().height() * 5)
        self.attach_button = QPushButton(tr("Attach file…"))
        self.remove_evidence_button = QPushButton(tr("Remove file"))
        evidence_buttons = QHBoxLayout()
        evidence_buttons.addWidget(self.attach_button)
        evidence_buttons.addWidget(self.remove_evidence_button)
        evidence_buttons.addStretch(1)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.clear_button = QPushButton(tr("Clear area"))
        self.save_button = QPushButton(tr("Save area"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(QLabel(tr("Evidence files")))
        layout.addWidget(self.evidence_list)
        layout.addLayout(evidence_buttons)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.clear)
        self.attach_button.clicked.connect(self._on_attach_clicked)
        self.remove_evidence_button.clicked.connect(self.remove_selected_evidence)
        self.evidence_list.currentRowChanged.connect(self._update_buttons)

    # ------------------------------------------------------------------ showing

    def load(self, row: ImprovementRow | None) -> None:
        """Show *row* (None: the empty slot)."""
        self.row = row
        self.form.clear_errors()
        index = self.indicator_combo.findData(row.indicator_id) if row else 0
        self.indicator_combo.setCurrentIndex(max(index, 0))
        self.baseline_value_edit.setText(row.baseline_value if row else "")
        self.baseline_date_edit.set_date_value(row.baseline_date if row else None)
        self.action_edit.setPlainText((row.action or "") if row else "")
        self.result_value_edit.setText((row.result_value or "") if row else "")
        self.result_date_edit.set_date_value(row.result_date if row else None)
        self.note_edit.setPlainText((row.note or "") if row else "")
        self.evidence_list.clear()
        for evidence in row.evidence if row else ():
            item = QListWidgetItem(evidence.file_name)
            item.setData(Qt.ItemDataRole.UserRole, evidence)
            self.evidence_list.addItem(item)
        self._update_buttons()

    def _update_buttons(self, *_args: Any) -> None:
        saved = self.row is not None
        self.clear_button.setEnabled(saved)
        self.attach_button.setEnabled(saved)
        self.attach_button.setToolTip("" if saved else tr("Save the area first"))
        self.remove_evidence_button.setEnabled(self.evidence_list.currentItem() is not None)

    def title(self) -> str:
        """The tab title: the slot number, and the indicator once one is recorded."""
        if self.row is None:
            return tr("Area {n}").format(n=self.position)
        return tr("Area {n}: {id}").format(n=self.position, id=self.row.indicator_id)

    # ------------------------------------------------------------------ editing

    def values(self) -> dict[str, Any] | None:
        """The form's values, or None after showing why a date cannot be read."""
        values: dict[str, Any] = {
            "indicator_id": self.indicator_combo.currentData(),
            "baseline_value": self.baseline_value_edit.text(),
            "action": self.action_edit.toPlainText(),
            "result_value": self.result_value_edit.text(),
            "note": self.note_edit.toPlainText(),
        }
        for name, edit in (
            ("baseline_date", self.baseline_date_edit),
            ("result_date", self.result_date_edit),
        ):
            try:
                values[name] = edit.date_value()
            except DateTextError as exc:
                self.form.set_error(name, error_text(exc))
                edit.setFocus()
                return None
        return values

    def save(self) -> bool:
        """Record the slot as the form shows it (undoable); False when it was refused."""
        self.form.clear_errors()
        values = self.values()
        if values is None:
            return False
        command = save_area_command(
            self.ctx, self.position, values, tr("Save improvement area {n}").format(n=self.position)
        )
        if not self._push(command):
            return False
        self.status.setText(tr("Saved."))
        return True

    def clear(self) -> bool:
        """Empty the slot, evidence links included (undoable)."""
        if self.row is None:
            return False
        command = clear_area_command(
            self.ctx, self.position, tr("Clear improvement area {n}").format(n=self.position)
        )
        if not self._push(command):
            return False
        self.status.setText(tr("Cleared; Undo brings it back."))
        return True

    def _on_attach_clicked(self) -> None:
        path = open_file_name(
            self, tr("Attach an evidence file"), str(Path.home()), tr("All files (*)")
        )
        if path:
            self.attach_evidence(Path(path))

    def attach_evidence(self, source: Path) -> bool:
        """Store *source* in the database and attach it to the slot (undoable)."""
        try:
            content = file_store.read_for_store(source)
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return False
        command = attach_evidence_command(
            self.ctx,
            self.position,
            source.name,
            content,
            tr("Attach {name} to improvement area {n}").format(name=source.name, n=self.position),
        )
        return self._push(command)

    def remove_selected_evidence(self) -> bool:
        """Forget the selected file's link (the file stays in the database; undoable)."""
        item = self.evidence_list.currentItem()
        if item is None:
            return False
        evidence: EvidenceFile = item.data(Qt.ItemDataRole.UserRole)
        command = remove_evidence_command(
            self.ctx,
            self.position,
            evidence,
            tr("Remove {name} from improvement area {n}").format(
                name=evidence.file_name, n=self.position
            ),
        )
        return self._push(command)

    def _push(self, command: Any) -> bool:
        try:
            push_edit(self.ctx.undo_stack, command)
        except ValidationError as exc:
            if not self.form.show_error(exc):
                messages.show_error(self, exc)
            return False
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return False
        return True


class ImprovementAreasDialog(QDialog):
    """The three Silver improvement areas, one tab each."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(tr("Silver improvement areas"))
        intro = QLabel(
            tr(
                "Silver asks for three improvement areas chosen against the Gold indicators: for "
                "each, the baseline (value and date of the first Bronze benchmarking), the action "
                "taken and the result, with evidence. They are listed in the Silver report."
            )
        )
        intro.setWordWrap(True)
        self.tabs = QTabWidget()
        self.slots = [SlotEditor(ctx, n, self) for n in range(1, improvements.MAX_AREAS + 1)]
        for slot in self.slots:
            self.tabs.addTab(slot, slot.title())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.resize(640, 620)
        ctx.bus.sig_changed.connect(self._on_data_changed)
        self.reload()

    def slot(self, position: int) -> SlotEditor:
        """The editor of slot *position* (1-3)."""
        return self.slots[position - 1]

    def reload(self) -> None:
        """Show what the database holds now."""
        rows = {r.position: r for r in improvements.list_areas(self.ctx.db)}
        for n, slot in enumerate(self.slots):
            slot.load(rows.get(slot.position))
            self.tabs.setTabText(n, slot.title())

    def _on_data_changed(self, changes: Changes | str) -> None:
        if Changes.coerce(changes).touches(AREA_TABLE, _EVIDENCE_TABLE) and self.isVisible():
            self.reload()
