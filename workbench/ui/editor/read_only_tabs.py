"""The editor's read-only tabs: the projects the organisation takes part in, and its history.

Neither is edited here: projects are edited on the Projects page, and the history (the
organisation's own changes and those of its fees, contacts, size data...) is what
:mod:`workbench.services.history_text` makes of the audit log.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from workbench.db import Database
from workbench.services import projects as projects_service
from workbench.ui.dialogs.history_dialog import source_labels
from workbench.ui.editor.sections import Row, read_only_table, tr
from workbench.ui.formatting import format_date, format_datetime
from workbench.ui.models.table import Column, RowTableModel


class ProjectsTab(QWidget):
    """The projects of the organisation, with its role in each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: RowTableModel[Row] = RowTableModel(
            [
                Column("acronym", tr("Project"), lambda r: r["acronym"]),
                Column("title", tr("Title"), lambda r: r["title"]),
                Column("programme", tr("Programme"), lambda r: r["programme"]),
                Column("role", tr("Role"), lambda r: r["role"]),
                Column(
                    "start", tr("Start"), lambda r: format_date(r["start"]), lambda r: r["start"]
                ),
                Column("end", tr("End"), lambda r: format_date(r["end"]), lambda r: r["end"]),
            ],
            self,
        )
        self.table = read_only_table(self.model)
        self.empty = QLabel(tr("Takes part in no project."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)

    def set_rows(self, rows: list[Row]) -> None:
        """Show *rows* (from :func:`project_rows`); an empty list says so."""
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)


def project_rows(db: Database, org_id: int) -> list[Row]:
    """The rows of :class:`ProjectsTab` for the organisation *org_id*."""
    return [
        {
            "acronym": project.acronym,
            "title": project.title or "",
            "programme": project.programme or "",
            "role": role,
            "start": project.start_date,
            "end": project.end_date,
        }
        for project, role in projects_service.projects_of_organisation(db, org_id)
    ]


class HistoryTab(QWidget):
    """The changes made to the organisation and its child rows, newest first.

    Rows are (AuditEntry, ReadableChange) pairs: texts from ``services.history_text``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: RowTableModel[Any] = RowTableModel(
            [
                Column("at", tr("When"), lambda h: format_datetime(h[0].at), lambda h: h[0].at),
                Column("user", tr("Who"), lambda h: h[0].user),
                Column(
                    "what", tr("What"), lambda h: history_what(h), tooltip=lambda h: history_what(h)
                ),
                Column("field", tr("Field"), lambda h: h[1].field),
                Column(
                    "old",
                    tr("Before"),
                    lambda h: _short(h[1].before),
                    tooltip=lambda h: h[1].before,
                ),
                Column(
                    "new", tr("After"), lambda h: _short(h[1].after), tooltip=lambda h: h[1].after
                ),
                Column(
                    "source", tr("Source"), lambda h: source_labels().get(h[0].source, h[0].source)
                ),
            ],
            self,
        )
        self.table = read_only_table(self.model)
        # "What" names the record with its organisation and can be long: give it a fixed
        # share (the whole text is in the cell's tooltip) so Before/After stay in view.
        what = next(i for i, c in enumerate(self.model.columns) if c.key == "what")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(what, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(what, 320)
        self.empty = QLabel(tr("No changes recorded yet."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)

    def set_rows(self, rows: list[Any]) -> None:
        """Show the (entry, readable change) pairs *rows*; an empty list says so."""
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)


def history_what(line: Any) -> str:
    """The "What" cell of an (entry, readable change) pair: "Changed: Fee 2025 of Alfa"."""
    entry, change = line
    action = {"create": tr("Created"), "update": tr("Changed"), "delete": tr("Deleted")}.get(
        str(entry.action), str(entry.action)
    )
    return f"{action}: {change.record}"


def _short(text: str, limit: int = 80) -> str:
    """A readable history value for a table cell, cut to *limit*."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
