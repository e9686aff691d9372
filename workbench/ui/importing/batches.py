"""The "Past imports" table of the Import page, with Undo."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.importing import BatchRow
from workbench.ui.importing.models import BatchesModel
from workbench.ui.importing.steps import hint_label, setup_table


class ImportBatchesPanel(QGroupBox):
    """Past imports, newest first, and the button that undoes the selected one.

    Signals:
        sig_undo(object): "Undo import…" pressed for a BatchRow.
    """

    sig_undo = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Past imports"))
        self.setObjectName("importBatches")
        self.busy = False
        self._build_ui()
        self._connect_signals()
        self._update_buttons()

    def _build_ui(self) -> None:
        self.model = BatchesModel(self)
        self.view = QTableView()
        self.view.setObjectName("importBatchesTable")
        self.view.setModel(self.model)
        setup_table(self.view)
        self.view.verticalHeader().setVisible(False)
        self.view.setSortingEnabled(False)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in enumerate((44, 130, 240, 90, 90, 56, 70, 84, 70, 56, 190)):
            self.view.setColumnWidth(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty_label = hint_label(
            self.tr("No imports yet. Each import is recorded here and can be undone.")
        )
        self.undo_button = QPushButton(self.tr("Undo import…"))
        self.undo_button.setObjectName("importUndo")
        self.undo_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.hint = hint_label(
            self.tr(
                "Undo deletes the records an import created and gives updated fields their "
                "previous values; a backup is taken first."
            )
        )
        self.status_label = QLabel()
        self.status_label.setObjectName("importUndoStatus")
        self.status_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.undo_button)
        self.status_label.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.undo_button.clicked.connect(self._on_undo)

    def set_batches(self, batches: Sequence[BatchRow]) -> None:
        """Show *batches* (newest first), keeping the selection when it is still there."""
        selected = self.selected()
        self.model.set_rows(batches)
        self.view.setVisible(bool(batches))
        self.empty_label.setVisible(not batches)
        if batches:
            self.setMaximumHeight(16777215)
        else:  # nothing to list: leave the room to the wizard
            layout = self.layout()
            if layout is not None:
                layout.activate()
            self.setMaximumHeight(self.minimumSizeHint().height() + 8)
        if selected is not None:
            for i, batch in enumerate(self.model.rows):
                if batch.id == selected.id:
                    self.select(i)
                    break
        self._update_buttons()

    def select(self, row: int) -> None:
        """Select the batch shown at *row*."""
        self.view.selectRow(row)
        self.view.setCurrentIndex(self.model.index(row, 0))

    def select_batch(self, batch_id: int) -> bool:
        for i, batch in enumerate(self.model.rows):
            if batch.id == batch_id:
                self.select(i)
                return True
        return False

    def selected(self) -> BatchRow | None:
        index = self.view.selectionModel().currentIndex() if hasattr(self, "view") else None
        if index is None or not index.isValid() or not 0 <= index.row() < len(self.model.rows):
            return None
        return self.model.row_at(index.row())

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        self.show_status(text)
        self._update_buttons()

    def show_status(self, text: str) -> None:
        """Say what the last undo did (in place of the explanation)."""
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))
        self.hint.setVisible(not text)

    def _update_buttons(self, *_args: Any) -> None:
        batch = self.selected()
        can = batch is not None and batch.undone_at is None and not self.busy
        self.undo_button.setEnabled(can)
        if batch is not None and batch.undone_at is not None:
            self.undo_button.setToolTip(self.tr("This import was already undone."))
        else:
            self.undo_button.setToolTip("")

    def _on_undo(self) -> None:
        batch = self.selected()
        if batch is not None:
            self.sig_undo.emit(batch)

    def undo_at(self, row: int) -> None:
        """Press "Undo import…" for the batch shown at *row*."""
        self.select(row)
        self._on_undo()


__all__ = ["ImportBatchesPanel"]
