"""The contact log of one organisation, read-only: visits, calls, e-mails, fee reminders.

The organisation editor shows it in its Contact log tab from the snapshot it loaded (rows
with ``contact_date``, ``channel``, ``subject``, ``staff_name`` and ``notes``), newest first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.models import ContactChannel
from workbench.ui.formatting import format_date
from workbench.ui.models.table import Column, RowTableModel

Row = Mapping[str, Any]


def tr(text: str) -> str:
    """Translate *text* in the ``contact_log`` context."""
    return QCoreApplication.translate("contact_log", text)


def channel_label(value: ContactChannel | str | None) -> str:
    """Display name of a contact channel."""
    if not value:
        return ""
    labels = {
        ContactChannel.MEETING: tr("Meeting"),
        ContactChannel.VISIT: tr("Visit"),
        ContactChannel.CALL: tr("Phone call"),
        ContactChannel.EMAIL: tr("E-mail"),
        ContactChannel.EVENT: tr("Event"),
        ContactChannel.OTHER: tr("Other"),
        ContactChannel.REMINDER: tr("Fee reminder"),
    }
    return labels.get(ContactChannel(value), str(value))


class ContactLogView(QWidget):
    """A table of contact log entries, newest first, or a line saying there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: RowTableModel[Row] = RowTableModel(
            [
                Column(
                    "date",
                    tr("Date"),
                    lambda r: format_date(r.get("contact_date")),
                    lambda r: r.get("contact_date"),
                ),
                Column("channel", tr("Channel"), lambda r: channel_label(r.get("channel"))),
                Column("subject", tr("Subject"), lambda r: r.get("subject") or ""),
                Column("staff", tr("By"), lambda r: r.get("staff_name") or ""),
                Column(
                    "notes",
                    tr("Notes"),
                    lambda r: (r.get("notes") or "").replace("\n", " "),
                    tooltip=lambda r: r.get("notes") or "",
                ),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = QLabel(tr("No contacts logged yet."))
        self.empty_label.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        self.set_rows([])

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show *rows* (contact log entries as mappings), newest first."""
        ordered = sorted(
            rows, key=lambda r: (r.get("contact_date"), r.get("id") or 0), reverse=True
        )
        self.model.set_rows(ordered)
        self.table.setVisible(bool(ordered))
        self.empty_label.setVisible(not ordered)

    def subjects(self) -> list[str]:
        """The subjects shown, newest first (tests and screen readers)."""
        return [str(r.get("subject") or "") for r in self.model.rows]
