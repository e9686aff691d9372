"""The records behind a "missing input" line of an indicator, to open them one by one.

A line such as "7 enterprises have no size data up to 2025" concerns several organisations.
This small window lists them; Open (or a double-click) asks the main window to show the record
(``bus.sig_open_record``). It stays open so the user can fix the records one after another.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.models import Organisation, Project
from workbench.services import base as records
from workbench.ui.context import AppContext


def record_names(ctx: AppContext, table: str, ids: Sequence[int]) -> dict[int, str]:
    """Display names of the records *ids* of *table* (ids without a name are left out)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    try:
        if table == "organisation":
            orgs = records.list_records(ctx.db, Organisation, where=[Organisation.id.in_(wanted)])
            return {o.id: o.name for o in orgs}
        if table == "project":
            projects = records.list_records(ctx.db, Project, where=[Project.id.in_(wanted)])
            return {p.id: f"{p.acronym} — {p.title}" if p.title else p.acronym for p in projects}
    except WorkbenchError:
        return {}
    return {}


class IndicatorRecordsDialog(QDialog):
    """Lists the records a missing-input line is about; Open shows the chosen one."""

    def __init__(
        self,
        ctx: AppContext,
        heading: str,
        table: str,
        ids: Sequence[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = table
        self.setWindowTitle(self.tr("Records concerned"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        names = record_names(ctx, table, ids)
        self._build_ui(heading)
        for record_id in dict.fromkeys(ids):
            name = names.get(record_id, self.tr("Record #{id} (deleted?)").format(id=record_id))
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._connect_signals()
        self.resize(480, 360)

    def _build_ui(self, heading: str) -> None:
        label = QLabel(heading)
        label.setWordWrap(True)
        hint = QLabel(self.tr("Double-click a record to open it; this list stays open."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setDefault(True)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.list.itemActivated.connect(self._on_item_activated)
        self.open_button.clicked.connect(self.open_current)
        self.buttons.rejected.connect(self.reject)

    def record_ids(self) -> list[int]:
        """The ids listed, in order."""
        return [
            int(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
        ]

    def open_current(self) -> None:
        """Show the selected record (through the main window)."""
        item = self.list.currentItem()
        if item is not None:
            self._on_item_activated(item)

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.ctx.bus.sig_open_record.emit(self.table, int(item.data(Qt.ItemDataRole.UserRole)))
