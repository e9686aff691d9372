"""The organisation editor's Attachments tab: files kept with a member, in the database.

Signed membership agreements, statutes, letters: each is copied into the database's file store
(so backups carry it) when it is added — with Add… or by dropping files on the tab — and opened
as a private copy with the program the system uses for it. Every change (add, description,
remove) is its own undoable edit on the window's undo stack, written at once: attachments are
not part of the editor's Save, which never adds or removes one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.services import attachments, files
from workbench.services.attachments import AttachmentRow
from workbench.services.changes import Changes
from workbench.ui.context import AppContext
from workbench.ui.editor.attachment_commands import (
    ATTACHMENT_TABLE,
    attach_command,
    describe_command,
    remove_command,
)
from workbench.ui.formatting import format_datetime
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.undo import push_edit
from workbench.ui.widgets import messages
from workbench.ui.widgets.file_dialogs import open_file_name
from workbench.ui.widgets.system_open import open_with_system


class DescriptionDialog(QDialog):
    """Asks what an attached file is; emits ``sig_accepted(text)`` (empty: no description)."""

    sig_accepted = Signal(str)

    def __init__(self, file_name: str, current: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Describe {name}").format(name=file_name))
        self.edit = QLineEdit(current or "")
        self.edit.setPlaceholderText(self.tr("e.g. Membership agreement signed in 2024"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("What is this file?")))
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def _on_accept(self) -> None:
        self.accept()
        self.sig_accepted.emit(self.edit.text().strip())


class AttachmentsPanel(QWidget):
    """The files attached to one organisation, with Add, Open, Describe and Remove.

    *org_id* None (an organisation not saved yet) shows why nothing can be attached yet.
    """

    def __init__(self, ctx: AppContext, org_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.org_id = org_id
        self.setAcceptDrops(True)
        self._build_ui()
        self._connect_signals()
        self.reload()

    def _build_ui(self) -> None:
        tr = self.tr
        self.model: RowTableModel[AttachmentRow] = RowTableModel(
            [
                Column("file_name", tr("File"), lambda r: r.file_name),
                Column("description", tr("Description"), lambda r: r.description or ""),
                Column(
                    "size",
                    tr("Size"),
                    lambda r: files.size_text(r.size),
                    lambda r: r.size,
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                ),
                Column(
                    "added",
                    tr("Added"),
                    lambda r: format_datetime(r.created_at),
                    lambda r: r.created_at,
                ),
                Column("by", tr("By"), lambda r: r.created_by or ""),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 240)
        self.table.setWordWrap(False)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.hint_label = QLabel(
            tr(
                "Drop files here or click Add… to attach them. Each file is copied into the "
                "database (up to {limit}), so backups carry it."
            ).format(limit=files.size_text(attachments.MAX_ATTACHMENT_BYTES))
        )
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #555;")
        self.add_button = QPushButton(tr("Add…"))
        self.open_button = QPushButton(tr("Open"))
        self.describe_button = QPushButton(tr("Describe…"))
        self.remove_button = QPushButton(tr("Remove"))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.describe_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add)
        self.open_button.clicked.connect(self.open_selected)
        self.describe_button.clicked.connect(self._on_describe)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.ctx.bus.sig_changed.connect(self._on_data_changed)

    # ------------------------------------------------------------------ data

    def set_organisation(self, org_id: int | None) -> None:
        """Show the attachments of *org_id* (after a new organisation was saved)."""
        self.org_id = org_id
        self.reload()

    def reload(self) -> None:
        """Show what the database holds now."""
        rows: list[AttachmentRow] = []
        if self.org_id is not None:
            try:
                rows = attachments.list_attachments(self.ctx.db, self.org_id)
            except WorkbenchError as exc:
                messages.show_error(self, exc)
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        if self.org_id is None:
            self.empty_label.setText(self.tr("Save the organisation first to attach files to it."))
        else:
            self.empty_label.setText(self.tr("No files attached yet."))
        self.empty_label.setVisible(not rows)
        self._update_buttons()

    def rows(self) -> list[AttachmentRow]:
        """The attachments shown, in the order shown."""
        return list(self.model.rows)

    def selected(self) -> AttachmentRow | None:
        """The selected attachment, if any."""
        indexes = self.table.selectionModel().selectedRows()
        return self.model.rows[indexes[0].row()] if indexes else None

    def select_row(self, position: int) -> None:
        """Select the attachment shown at *position*."""
        self.table.selectRow(position)

    def _update_buttons(self, *_args: Any) -> None:
        has_org = self.org_id is not None
        chosen = self.selected() is not None
        self.add_button.setEnabled(has_org)
        for button in (self.open_button, self.describe_button, self.remove_button):
            button.setEnabled(has_org and chosen)

    def _on_data_changed(self, changes: Changes | str) -> None:
        if Changes.coerce(changes).touches(ATTACHMENT_TABLE, "organisation"):
            self.reload()

    # ------------------------------------------------------------------ actions

    def _on_add(self) -> None:
        path = open_file_name(
            self, self.tr("Attach a file"), str(Path.home()), self.tr("All files (*)")
        )
        if path:
            self.add_files([Path(path)])

    def add_files(self, sources: Sequence[Path]) -> int:
        """Attach *sources* (each its own undoable edit); returns how many were attached.

        A file that cannot be stored (missing, unreadable, over the size limit) is refused with
        its one-line message; the others are still attached.
        """
        if self.org_id is None:
            return 0
        added = 0
        for source in sources:
            try:
                content = files.read_for_store(source, max_bytes=attachments.MAX_ATTACHMENT_BYTES)
                command = attach_command(
                    self.ctx,
                    self.org_id,
                    source.name,
                    content,
                    self.tr("Attach {name}").format(name=source.name),
                )
                push_edit(self.ctx.undo_stack, command)
            except WorkbenchError as exc:
                messages.show_error(self, exc)
                continue
            added += 1
        if added:
            self.reload()
        return added

    def open_selected(self) -> Path | None:
        """Write a copy of the selected file and open it with the system; returns the copy."""
        row = self.selected()
        if row is None:
            return None
        try:
            copy = attachments.open_copy(self.ctx.db, row)
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return None
        open_with_system(copy)
        return copy

    def _on_describe(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = DescriptionDialog(row.file_name, row.description, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_accepted.connect(lambda text, r=row: self.describe(r, text))
        dialog.open()
        self.description_dialog = dialog

    def describe(self, row: AttachmentRow, description: str) -> bool:
        """Say what *row* is (undoable); True when saved."""
        command = describe_command(
            self.ctx,
            row,
            description or None,
            self.tr("Describe {name}").format(name=row.file_name),
        )
        return self._push(command)

    def remove_selected(self) -> bool:
        """Remove the selected attachment (undoable); True when removed."""
        row = self.selected()
        if row is None:
            return False
        command = remove_command(
            self.ctx, row, self.tr("Remove attachment {name}").format(name=row.file_name)
        )
        return self._push(command)

    def _push(self, command: Any) -> bool:
        try:
            push_edit(self.ctx.undo_stack, command)
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return False
        self.reload()
        return True

    # ------------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self.org_id is not None and _local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        sources = _local_files(event)
        if self.org_id is None or not sources:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_files(sources)


def _local_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The local files an event carries (folders and remote URLs left out)."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [
        Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()
    ]
