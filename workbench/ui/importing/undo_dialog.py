"""Undoing an import would overwrite later changes: list them and ask before overwriting."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.importing import BatchRow, UndoConflict
from workbench.ui.formatting import format_datetime, format_int
from workbench.ui.importing.models import ConflictsModel
from workbench.ui.importing.steps import fit_columns, setup_table


class ImportUndoConflictDialog(QDialog):
    """Lists the records and fields changed after an import; accepted = undo anyway.

    Opened with ``open()`` (never blocks); "Undo anyway" accepts, "Keep the import" rejects.
    """

    def __init__(
        self,
        batch: BatchRow,
        conflicts: Sequence[UndoConflict],
        parent: QWidget | None = None,
        *,
        labels: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.batch = batch
        self.conflicts = list(conflicts)
        self.labels = labels or {}
        self.setWindowTitle(self.tr("Undo import no. {batch}?").format(batch=batch.id))
        self.setObjectName("importUndoConflicts")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(820, 420)
        self._build_ui()

    def _build_ui(self) -> None:
        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(36, 36)
        )
        text = QLabel(
            self.tr(
                "<b>Some records changed after the import of {file} ({when}).</b><br>"
                "Undoing the import now would overwrite or delete the later changes listed below "
                "({count}). Keep the import to leave everything as it is, or undo it anyway (a "
                "backup is taken first)."
            ).format(
                file=self.batch.file_name,
                when=format_datetime(self.batch.started_at),
                count=format_int(len(self.conflicts)),
            )
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(text, 1)
        self.model = ConflictsModel(self)
        self.model.labels = self.labels
        self.model.set_rows(self.conflicts)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, selectable=False)
        self.view.verticalHeader().setVisible(False)
        fit_columns(
            self.view,
            [("stretch", 0), ("contents", 0), ("contents", 0), ("contents", 0), ("contents", 0)],
        )
        self.buttons = QDialogButtonBox()
        self.keep_button = QPushButton(self.tr("Keep the import"))
        self.undo_button = QPushButton(self.tr("Undo anyway and overwrite"))
        self.buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button.setDefault(True)
        self.keep_button.setAutoDefault(True)
        self.undo_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)


__all__ = ["ImportUndoConflictDialog"]
