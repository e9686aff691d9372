"""The Evidence tab of the Indicators view: files that back an indicator's value for a year.

Attached files are stored in the database (:mod:`workbench.services.files`), so every backup
carries them, and opened as a private copy with the system's program. Attaching, and removing
an entry (the stored file is kept), are undoable edits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.indicators import IndicatorResult
from workbench.models import IndicatorEvidence
from workbench.services import evidence as evidence_service
from workbench.services import files as file_store
from workbench.services.evidence import EvidenceEntry
from workbench.ui import settings as prefs
from workbench.ui.context import AppContext
from workbench.ui.i18n import error_text
from workbench.ui.indicators.commands import (
    attach_evidence_command,
    evidence_rows,
    push_or_show,
    reattach_evidence_command,
    remove_evidence_command,
)
from workbench.ui.indicators.look import UNKNOWN_COLOUR, tr
from workbench.ui.widgets import messages
from workbench.ui.widgets.file_dialogs import open_file_name
from workbench.ui.widgets.system_open import FileOpener


class EvidenceEditor(QWidget):
    """The evidence files of the shown indicator (the three years of the assessment).

    *year* and *edit_year* answer the assessment year and the year new files are for;
    *open_file* opens a stored file's copy.

    Signals:
        sig_status(str): a short message for the status bar.
    """

    sig_status = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        year: Callable[[], int],
        edit_year: Callable[[], int],
        open_file: FileOpener,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._year = year
        self._edit_year = edit_year
        self.open_file = open_file
        self.result: IndicatorResult | None = None
        self.entries: list[EvidenceEntry] = []
        self.evidence_list = QListWidget()
        self.evidence_list.setObjectName("evidenceList")
        self.evidence_list.setAlternatingRowColors(True)
        self.evidence_description = QLineEdit()
        self.evidence_description.setPlaceholderText(tr("Description of the next file (optional)"))
        self.attach_button = QPushButton(tr("Attach file…"))
        self.open_evidence_button = QPushButton(tr("Open"))
        self.remove_evidence_button = QPushButton(tr("Remove"))
        self.evidence_hint = QLabel()
        self.evidence_hint.setWordWrap(True)
        self.evidence_hint.setStyleSheet("color: palette(placeholder-text);")
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_evidence_button)
        buttons.addWidget(self.remove_evidence_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.evidence_list, 1)
        layout.addWidget(self.evidence_description)
        layout.addLayout(buttons)
        layout.addWidget(self.evidence_hint)
        self.attach_button.clicked.connect(self._on_attach_clicked)
        self.open_evidence_button.clicked.connect(self.open_selected_evidence)
        self.remove_evidence_button.clicked.connect(self.remove_selected_evidence)
        self.evidence_list.itemActivated.connect(lambda _item: self.open_selected_evidence())
        self.evidence_list.currentRowChanged.connect(self._update_buttons)

    def show_result(self, result: IndicatorResult, entries: list[EvidenceEntry]) -> None:
        """Show the evidence *entries* stored for *result*."""
        self.result = result
        self.entries = entries
        self.fill()

    def update_result(self, result: IndicatorResult) -> None:
        """Work on *result*, recomputed, and list its (unchanged) entries again."""
        self.result = result
        self.fill()

    def fill(self) -> None:
        """List the entries (the hint names the edit year, which may have changed)."""
        self.evidence_list.clear()
        for entry in self.entries:
            self.evidence_list.addItem(_evidence_item(entry))
        self.evidence_hint.setText(
            tr(
                "Attached files are stored in the database (up to {limit} each), so every "
                "backup carries them; Open shows a copy. Files are for {year}."
            ).format(limit=file_store.size_text(file_store.MAX_FILE_BYTES), year=self._edit_year())
        )
        self._update_buttons()

    def _update_buttons(self, *_args: Any) -> None:
        has = self.evidence_list.currentItem() is not None
        self.open_evidence_button.setEnabled(has)
        self.remove_evidence_button.setEnabled(has)

    def _on_attach_clicked(self) -> None:
        folder = prefs.load(self.ctx.settings, prefs.INDICATORS_EVIDENCE_FOLDER)
        path = open_file_name(
            self,
            tr("Attach an evidence file"),
            folder or str(Path.home()),
            tr(
                "Documents (*.pdf *.docx *.doc *.odt *.xlsx *.xls *.ods *.pptx *.png *.jpg "
                "*.jpeg *.txt *.csv *.zip);;All files (*)"
            ),
        )
        if path:
            prefs.save(self.ctx.settings, prefs.INDICATORS_EVIDENCE_FOLDER, str(Path(path).parent))
            self.attach_evidence(Path(path))

    def attach_evidence(self, source: Path, description: str | None = None) -> bool:
        """Attach *source* to the shown indicator for the edit year (undoable)."""
        result = self.result
        if result is None:
            return False
        year = self._edit_year()
        if description is None:
            description = self.evidence_description.text()
        try:
            content = file_store.read_for_store(source)
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return False
        text = tr("Attach {name} to indicator {id}").format(name=source.name, id=result.id)
        # A missing entry of the same year and name is the file being attached again: fill it
        # instead of listing the file twice.
        missing = next(
            (
                e.record
                for e in self.entries
                if e.missing and e.record.year == year and e.record.file_name == source.name
            ),
            None,
        )
        if missing is not None:
            command = reattach_evidence_command(self.ctx, missing, content, text)
        else:
            command = attach_evidence_command(
                self.ctx, result.id, year, source.name, content, description, text
            )
        if not push_or_show(self, self.ctx, command, None):
            return False
        self.evidence_description.clear()
        self._reload(result)
        self.sig_status.emit(
            tr("{name} attached to indicator {id} for {year}").format(
                name=source.name, id=result.id, year=year
            )
        )
        return True

    def selected_evidence(self) -> IndicatorEvidence | None:
        """The evidence row selected in the list, or None."""
        item = self.evidence_list.currentItem()
        if item is None:
            return None
        wanted = item.data(Qt.ItemDataRole.UserRole)
        return next((e.record for e in self.entries if e.record.id == wanted), None)

    def open_selected_evidence(self) -> bool:
        """Open a copy of the selected evidence file with the system's program.

        The stored file is written to this user's copies folder and that copy is opened:
        never a path from another machine, and nothing the viewer does changes the stored file.
        """
        evidence = self.selected_evidence()
        if evidence is None:
            return False
        if evidence.stored_file_id is None:
            messages.warn(
                self,
                tr("Evidence file missing"),
                error_text(evidence_service.missing_message(evidence)),
            )
            return False
        try:
            copy = evidence_service.open_copy(self.ctx.db, evidence)
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return False
        return self.open_file(copy)

    def remove_selected_evidence(self) -> bool:
        """Remove the selected evidence entry (undoable; the file itself is kept)."""
        result = self.result
        evidence = self.selected_evidence()
        if result is None or evidence is None:
            return False
        command = remove_evidence_command(
            self.ctx,
            evidence,
            tr("Remove {name} from indicator {id}").format(name=evidence.file_name, id=result.id),
        )
        if not push_or_show(self, self.ctx, command, None):
            return False
        self._reload(result)
        return True

    def _reload(self, result: IndicatorResult) -> None:
        year = self._year()
        self.entries = evidence_rows(self.ctx.db, result.id, [year - 2, year - 1, year])
        self.fill()


def _evidence_item(entry: EvidenceEntry) -> QListWidgetItem:
    """The list line of one evidence entry; a file that is missing is shown greyed, in italics."""
    evidence = entry.record
    text = f"{evidence.year} · {evidence.file_name}"
    if evidence.description:
        text += f" — {evidence.description}"
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, evidence.id)
    if entry.file is not None:
        item.setToolTip(
            tr("{name}, {size}, stored in the database").format(
                name=entry.file.name, size=file_store.size_text(entry.file.size)
            )
        )
    else:
        item.setText(text + " " + tr("(file missing)"))
        item.setForeground(QBrush(UNKNOWN_COLOUR))
        font = item.font()
        font.setItalic(True)
        item.setFont(font)
        item.setToolTip(error_text(evidence_service.missing_message(evidence)))
    return item
