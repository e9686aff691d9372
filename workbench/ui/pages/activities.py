"""Activities and services: events with member and non-member participants, by year and type."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout

from workbench.errors import WorkbenchError
from workbench.models import Activity, ActivityType
from workbench.services import activities as activities_service
from workbench.services import taxonomy
from workbench.services.activities import ActivityRow
from workbench.ui.dialogs.activity_dialog import (
    ActivityDialog,
    activity_fields,
    delete_activity_command,
    type_labels,
)
from workbench.ui.formatting import format_int
from workbench.ui.i18n import error_text
from workbench.ui.lists.list_tools import ListSpec, ListTools, bulk_fields
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.pages.record_page import RecordTablePage
from workbench.ui.widgets.record_table import (
    CENTER,
    RIGHT,
    confirm,
    format_date,
    run_edit,
    selected_row,
)
from workbench.ui.widgets.wrap_bar import WrapBar


class ActivitiesPage(RecordTablePage):
    """Activities list with year and type filters; double-click opens the editor.

    Rows are :class:`ActivityRow` lines (participants counted in SQL); the editor and the
    delete command load the one activity they act on with its participants.
    """

    page_id = "activities"
    watched_tables = ("", "activity", "activity_participant", "organisation", "competence_area")
    column_max_width = 300

    def title(self) -> str:
        return self.tr("Activities")

    # ------------------------------------------------------------------ layout
    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        buttons = self._record_buttons_bar(self.tr("New activity…"))
        year_label = QLabel(self.tr("Year:"), self)
        self.year_combo = QComboBox(self)
        year_label.setBuddy(self.year_combo)
        type_label = QLabel(self.tr("Type:"), self)
        self.type_combo = QComboBox(self)
        type_label.setBuddy(self.type_combo)
        self.type_combo.addItem(self.tr("All types"), None)
        for kind, text in type_labels().items():
            self.type_combo.addItem(text, kind)
        # Wraps on narrow windows (a 1280-px laptop): buttons, filters, search.
        bar = WrapBar(self)
        bar.add_group(buttons)
        bar.add_group(year_label, self.year_combo, type_label, self.type_combo)
        search_row = QHBoxLayout()
        self._add_search(search_row, self.tr("Search title or location…"), 200)
        bar.add_group(search_row, stretch=1)
        self.filter_bar = bar
        layout.addWidget(bar)

        self.model: RowTableModel[ActivityRow] = RowTableModel(self._columns(), self)
        self._add_table(layout, self.model, "")
        self.summary_label = QLabel(self)
        layout.addWidget(self.summary_label)

    def _columns(self) -> list[Column[ActivityRow]]:
        types = type_labels()
        return [
            Column(
                "date",
                self.tr("Date"),
                lambda a: format_date(a.start_date),
                sort_key=lambda a: a.start_date,
                align=CENTER,
            ),
            Column("title", self.tr("Title"), lambda a: a.title, tooltip=lambda a: a.title),
            Column(
                "type",
                self.tr("Type"),
                lambda a: types.get(ActivityType(a.activity_type), str(a.activity_type)),
            ),
            Column("location", self.tr("Location"), lambda a: a.location),
            Column(
                "members",
                self.tr("Member participants"),
                lambda a: a.member_participants,
                sort_key=lambda a: a.member_participants,
                align=RIGHT,
            ),
            Column(
                "non_members",
                self.tr("Non-member participants"),
                lambda a: a.non_member_participants,
                sort_key=lambda a: a.non_member_participants,
                align=RIGHT,
                tooltip=lambda a: self.tr("{0} named, {1} unnamed").format(
                    a.named_non_members, a.anonymous_participants
                ),
            ),
        ]

    # ------------------------------------------------------------------ wiring
    def _connect_signals(self) -> None:
        self._connect_table_signals()
        self.year_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.type_combo.currentIndexChanged.connect(self._on_filter_changed)

    def _make_list_tools(self) -> ListTools:
        return ListTools(
            self,
            ListSpec(
                key="activities",
                view=self.view,
                title=self.title,
                filters=lambda: {
                    "search": self.search,
                    "year": self.year_combo,
                    "type": self.type_combo,
                },
                bulk_model=Activity,
                bulk_fields=lambda: bulk_fields(
                    activity_fields([(a.name, a.id) for a in taxonomy.list_areas(self.ctx.db)]),
                    ("activity_type", "location", "area_id"),
                ),
            ),
        )

    def open_record(self, record_id: int) -> None:
        """Show activity *record_id* (filters cleared) and open its editor."""
        self.year_combo.setCurrentIndex(0)
        self.type_combo.setCurrentIndex(0)
        self.search.clear()
        self._open_listed(self.view, record_id)

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        try:
            stored = activities_service.activity_years(self.ctx.db)
        except WorkbenchError as exc:
            self.summary_label.setText(error_text(exc))
            return
        years = sorted(set(stored) | {date.today().year}, reverse=True)
        current = self.year_combo.currentData()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem(self.tr("All years"), None)
        for year in years:
            self.year_combo.addItem(str(year), year)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(current), 0))
        self.year_combo.blockSignals(False)
        self._load_rows()

    def _row_loader(self) -> Callable[[], list[ActivityRow]]:
        db, year, kind = self.ctx.db, self.year_combo.currentData(), self.type_combo.currentData()
        return lambda: activities_service.activity_rows(db, year=year, activity_type=kind)

    def _search_fields(self, row: ActivityRow) -> tuple[str | None, ...]:
        return (row.title, row.location)

    def record_label(self, row: ActivityRow) -> str:
        return row.title

    def _apply_search(self) -> None:
        searching = self._filter_by_search()
        filtered = searching or any(
            c.currentData() is not None for c in (self.year_combo, self.type_combo)
        )
        self.empty_label.setText(
            self.tr("No activity matches these filters.")
            if filtered
            else self.tr(
                "No activities yet. Log events, trainings and B2B meetings with "
                "“New activity…” (Ctrl+N)."
            )
        )
        rows = self.model.rows
        self.summary_label.setText(
            self.tr(
                "Activities: {0} · member participations: {1} · non-member participants: {2}"
            ).format(
                format_int(len(rows)),
                format_int(sum(a.member_participants for a in rows)),
                format_int(sum(a.non_member_participants for a in rows)),
            )
        )

    def selected_activity(self) -> ActivityRow | None:
        return selected_row(self.view)

    def _load_selected(self) -> Any:
        """The selected activity with its participants, or None (told when it is gone)."""
        row = self.selected_activity()
        if row is None:
            return None
        try:
            activity = activities_service.get_activity(self.ctx.db, row.id)
        except WorkbenchError as exc:
            self.summary_label.setText(error_text(exc))
            return None
        if activity is None:
            self.sig_status.emit(self.tr("“{0}” was deleted meanwhile.").format(row.title))
            self.refresh()
        return activity

    # ------------------------------------------------------------------ actions
    def open_new(self) -> ActivityDialog:
        """Open the editor of a new record (returned for tests)."""
        return self._open_editor(ActivityDialog(self.ctx, None, self))

    def edit_selected(self) -> ActivityDialog | None:
        activity = self._load_selected()
        if activity is None:
            return None
        return self._open_editor(ActivityDialog(self.ctx, activity, self))

    def delete_current(self) -> bool:
        """Delete the selected record after confirmation; True when deleted."""
        activity = self._load_selected()
        if activity is None:
            return False
        text = self.tr("Delete the activity “{0}” of {1}?").format(
            activity.title, format_date(activity.start_date)
        )
        if activity.participants:
            text += " " + self.tr("Its participant list ({0}) is deleted with it.").format(
                len(activity.participants)
            )
        text += "\n\n" + self.tr("You can undo this with Edit > Undo.")
        if not confirm(self, self.tr("Delete activity"), text, self.tr("Delete")):
            return False
        command = delete_activity_command(
            self.ctx, activity, self.tr("Delete activity {0}").format(activity.title)
        )
        run_edit(self, self.ctx, command)
        return command.error is None
