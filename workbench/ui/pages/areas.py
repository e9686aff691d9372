"""Competence areas: the list, who takes part in each (from/to dates) and the pillar links."""

from __future__ import annotations

from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from workbench.errors import WorkbenchError
from workbench.models import AreaParticipation, CompetenceArea
from workbench.services import base as records
from workbench.services import members as members_service
from workbench.services import taxonomy
from workbench.services.taxonomy import AreaSummary
from workbench.ui.dialogs.area_dialogs import (
    AssignMembersDialog,
    area_delete_details,
    area_fields,
    area_pillars_command,
    assign_command,
    delete_area_command,
    end_fields,
    participation_fields,
)
from workbench.ui.formatting import escape_mnemonic, format_int
from workbench.ui.i18n import error_text, ntr
from workbench.ui.lists.list_tools import ListSpec, ListTools
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.pages.base import collector_paused
from workbench.ui.pages.record_page import RecordPage
from workbench.ui.undo import push_edit
from workbench.ui.widgets import messages
from workbench.ui.widgets.record_table import (
    CENTER,
    RIGHT,
    RecordDialog,
    confirm,
    create_command,
    delete_command,
    edit_record_dialog,
    fit_columns,
    format_date,
    make_table_view,
    run_edit,
    select_by_id,
    selected_row,
    set_empty_text,
    show_error,
)


class AreasPage(RecordPage):
    """Competence areas with their participants and pillar links."""

    page_id = "areas"
    watched_tables = (
        "",
        "competence_area",
        "area_participation",
        "strategic_pillar",
        "organisation",
    )

    _area_reads_started = 0
    _area_reads_shown = 0
    _select_after_read: int | None = None  # an area just saved: select it once read
    _open_after_read: int | None = None  # an area to edit once read (open_record)
    _part_loads_started = 0
    _part_loads_shown = 0
    _part_area_id: int | None = None  # the area whose participants the table holds

    def title(self) -> str:
        return self.tr("Competence areas")

    # ------------------------------------------------------------------ layout
    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._record_buttons_and_summary_bar(self.tr("New area…")))

        self.area_model: RowTableModel[AreaSummary] = RowTableModel(self._area_columns(), self)
        self.splitter, self.area_view, detail_layout = self._add_master_detail(
            layout,
            self.area_model,
            self.tr("No competence areas yet. Create one with “New area…” (Ctrl+N)."),
        )
        detail = detail_layout.parentWidget()
        self.members_box = QGroupBox(self.tr("Participants"), detail)
        members_layout = QVBoxLayout(self.members_box)
        part_bar = QHBoxLayout()
        self.assign_button = QPushButton(self.tr("Assign members…"), self.members_box)
        self.edit_part_button = QPushButton(self.tr("Edit dates…"), self.members_box)
        self.end_button = QPushButton(self.tr("End participation…"), self.members_box)
        self.remove_button = QPushButton(self.tr("Remove"), self.members_box)
        for button in (
            self.assign_button,
            self.edit_part_button,
            self.end_button,
            self.remove_button,
        ):
            part_bar.addWidget(button)
        part_bar.addStretch(1)
        self.current_only = QPushButton(self.tr("Current only"), self.members_box)
        self.current_only.setCheckable(True)
        self.current_only.setChecked(True)
        part_bar.addWidget(self.current_only)
        members_layout.addLayout(part_bar)
        self.part_model: RowTableModel[AreaParticipation] = RowTableModel(
            self._participation_columns(), self
        )
        self.part_view = make_table_view(self.part_model, self.members_box)
        self.part_empty = set_empty_text(
            self.part_view, self.tr("Nobody takes part in this area yet.")
        )
        members_layout.addWidget(self.part_view)
        detail_layout.addWidget(self.members_box, 3)

        self.pillars_box = QGroupBox(self.tr("Strategic pillars"), detail)
        pillars_layout = QVBoxLayout(self.pillars_box)
        hint = QLabel(self.tr("Tick the pillars this area contributes to."), self.pillars_box)
        hint.setWordWrap(True)
        pillars_layout.addWidget(hint)
        self.pillar_list = QListWidget(self.pillars_box)
        self.pillar_list.setSpacing(2)
        pillars_layout.addWidget(self.pillar_list)
        detail_layout.addWidget(self.pillars_box, 1)

    def _area_columns(self) -> list[Column[AreaSummary]]:
        return [
            Column("name", self.tr("Name"), lambda a: a.name),
            Column("code", self.tr("Code"), lambda a: a.code),
            Column("coordinator", self.tr("Coordinator"), lambda a: a.coordinator),
            Column(
                "members",
                self.tr("Members now"),
                lambda a: format_int(a.members_now),
                sort_key=lambda a: a.members_now,
                align=RIGHT,
            ),
            Column(
                "pillars",
                self.tr("Pillars"),
                lambda a: ", ".join(a.pillar_names) or "—",
                tooltip=lambda a: "\n".join(a.pillar_names),
            ),
        ]

    def _participation_columns(self) -> list[Column[AreaParticipation]]:
        return [
            Column("organisation", self.tr("Organisation"), lambda p: p.organisation.name),
            Column(
                "from",
                self.tr("From"),
                lambda p: format_date(p.from_date),
                sort_key=lambda p: p.from_date,
                align=CENTER,
            ),
            Column(
                "to",
                self.tr("To"),
                lambda p: format_date(p.to_date) or "—",
                sort_key=lambda p: p.to_date or date.max,
                align=CENTER,
            ),
            Column("role", self.tr("Role"), lambda p: p.role),
            Column("status", self.tr("Status"), self._participation_status),
        ]

    def _participation_status(self, part: AreaParticipation) -> str:
        today = date.today()
        if part.from_date > today:
            return self.tr("from {0}").format(format_date(part.from_date))
        if part.to_date is not None and part.to_date <= today:
            return self.tr("ended")
        return self.tr("taking part")

    # ------------------------------------------------------------------ wiring
    def _connect_signals(self) -> None:
        self._connect_record_signals(self.area_view)
        self.area_view.selectionModel().selectionChanged.connect(self._on_area_selected)
        self.part_view.selectionModel().selectionChanged.connect(self._on_part_selected)
        self.part_view.doubleClicked.connect(lambda _i: self._on_edit_participation())
        self.assign_button.clicked.connect(self._on_assign)
        self.edit_part_button.clicked.connect(self._on_edit_participation)
        self.end_button.clicked.connect(self._on_end_participation)
        self.remove_button.clicked.connect(self._on_remove_participation)
        self.current_only.toggled.connect(self._on_current_only)
        self.pillar_list.itemChanged.connect(self._on_pillar_toggled)

    def _make_list_tools(self) -> ListTools:
        return ListTools(self, ListSpec(key="areas", view=self.area_view, title=self.title))

    def open_record(self, record_id: int) -> None:
        """Select area *record_id* and edit it (once the areas being read are shown)."""
        if self._area_reads_shown == self._area_reads_started and select_by_id(
            self.area_view, record_id
        ):
            self.edit_selected()
            return
        self._open_after_read = record_id
        if self._area_reads_shown == self._area_reads_started:
            self.refresh()

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        """Read areas and pillars in the background; then show them and read participants."""
        self._area_reads_started += 1
        number = self._area_reads_started
        db = self.ctx.db

        def read(_state: Any) -> tuple[list[AreaSummary], list[Any]]:
            with collector_paused():
                return taxonomy.list_areas(db), taxonomy.list_pillars(db)

        if self.ctx.tasks is None:
            try:
                self._on_areas_read(number, read(None))
            except WorkbenchError as exc:
                self._on_areas_failed(number, exc)
            return
        self.ctx.tasks.run(
            read,
            on_done=lambda result: self._on_areas_read(number, result),
            on_error=lambda exc: self._on_areas_failed(number, exc),
            show_progress=False,
            parent=self,
        )

    def _on_areas_failed(self, number: int, exc: BaseException) -> None:
        if not shiboken6.isValid(self) or number != self._area_reads_started:
            return
        self._area_reads_shown = number
        self._open_after_read = None
        if isinstance(exc, WorkbenchError):
            self.summary_label.setText(error_text(exc))
        else:
            messages.show_error(self, exc)

    def _on_areas_read(self, number: int, result: tuple[list[AreaSummary], list[Any]]) -> None:
        if not shiboken6.isValid(self) or number != self._area_reads_started:
            return  # the page was closed, or a newer read is on its way
        self._area_reads_shown = number
        areas, pillars = result
        current = self.selected_area()
        if self._select_after_read is not None:
            current = next((a for a in areas if a.id == self._select_after_read), current)
            self._select_after_read = None
        self._pillars = pillars
        reads = self._part_loads_started
        self._show_records(self.area_view, areas, current)
        self.summary_label.setText(
            self.tr("Areas: {0}").format(len(areas))
            + " · "
            + self.tr("participations now: {0}").format(sum(a.members_now for a in areas))
        )
        if self._part_loads_started == reads:  # the selection did not change: read again
            self._show_area(self.selected_area())
        record_id, self._open_after_read = self._open_after_read, None
        if record_id is not None and select_by_id(self.area_view, record_id):
            self.edit_selected()

    def selected_area(self) -> AreaSummary | None:
        return selected_row(self.area_view)

    def selected_participation(self) -> AreaParticipation | None:
        return selected_row(self.part_view)

    def _on_area_selected(self, *_args: Any) -> None:
        self._show_area(self.selected_area())

    def _on_part_selected(self, *_args: Any) -> None:
        self._update_buttons()

    def _on_current_only(self, _checked: bool) -> None:
        self._apply_part_filter()

    def _apply_part_filter(self) -> None:
        if self.current_only.isChecked():
            today = date.today()
            self.part_model.set_filter(lambda p: p.to_date is None or p.to_date > today)
        else:
            self.part_model.set_filter(None)

    def is_loading(self) -> bool:
        """True while the areas or the selected area's participants are being read."""
        return (
            self._area_reads_shown != self._area_reads_started
            or self._part_loads_shown != self._part_loads_started
        )

    def _show_area(self, area: AreaSummary | None) -> None:
        """Show *area*'s pillar links now and its participants once read in the background.

        Thousands of participations (with their organisations) take a second or more to
        read at 50,000 members: the table says "Loading…" meanwhile and an older read that
        finishes later is dropped.
        """
        self._part_loads_started += 1
        number = self._part_loads_started
        if area is None:
            self._part_loads_shown = number
            self._part_area_id = None
            self.members_box.setTitle(self.tr("Participants"))
            self.part_model.set_rows([])
        else:
            db = self.ctx.db

            def load(_state: Any) -> list[AreaParticipation]:
                with collector_paused():
                    rows = taxonomy.area_participants(db, area.id)
                    rows.sort(key=lambda p: p.organisation.name.casefold())
                    return rows

            if self.part_model.all_rows and self._part_area_id != area.id:
                self.part_model.set_rows([])  # another area's people are not this one's
            if not self.part_model.all_rows:
                self.part_empty.setText(self.tr("Loading…"))
            if self.ctx.tasks is None:
                self._on_participants(number, area, load(None))
            else:
                self.ctx.tasks.run(
                    load,
                    on_done=lambda rows: self._on_participants(number, area, rows),
                    on_error=lambda _exc: self._on_participants(number, area, []),
                    show_progress=False,
                    parent=self,
                )
        self._fill_pillars(area)
        self._update_buttons()

    def _on_participants(
        self, number: int, area: AreaSummary, rows: list[AreaParticipation]
    ) -> None:
        if not shiboken6.isValid(self) or number != self._part_loads_started:
            return  # the page was closed, or another area was selected meanwhile
        self._part_loads_shown = number
        part = self.selected_participation() if self._part_area_id == area.id else None
        self._part_area_id = area.id
        self.part_empty.setText(self.tr("Nobody takes part in this area yet."))
        self._apply_part_filter()
        self.part_model.set_rows(rows)
        if self.part_view.horizontalHeader().sectionSize(0) < 150 and rows:
            fit_columns(self.part_view)
        self.members_box.setTitle(
            self.tr("Participants of {0} ({1} now, {2} in total)").format(
                escape_mnemonic(area.name), format_int(area.members_now), format_int(len(rows))
            )
        )
        if part is not None:
            select_by_id(self.part_view, part.id)
        self._update_buttons()

    def _fill_pillars(self, area: AreaSummary | None) -> None:
        self.pillar_list.blockSignals(True)
        self.pillar_list.clear()
        linked = set(area.pillar_names) if area else set()
        for pillar in getattr(self, "_pillars", []):
            period = f" ({pillar.period_start}–{pillar.period_end})" if pillar.period_start else ""
            item = QListWidgetItem(pillar.name + period, self.pillar_list)
            item.setData(Qt.ItemDataRole.UserRole, pillar.id)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(
                Qt.CheckState.Checked if pillar.name in linked else Qt.CheckState.Unchecked
            )
        if not self.pillar_list.count():
            item = QListWidgetItem(
                self.tr("No strategic pillars yet: add them on the Strategic pillars page."),
                self.pillar_list,
            )
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.pillar_list.setEnabled(area is not None)
        self.pillar_list.blockSignals(False)

    def _update_buttons(self) -> None:
        has_area = self.selected_area() is not None
        part = self.selected_participation()
        self._enable_record_buttons(has_area)
        self.assign_button.setEnabled(has_area)
        self.edit_part_button.setEnabled(part is not None)
        self.end_button.setEnabled(part is not None and part.to_date is None)
        self.remove_button.setEnabled(part is not None)

    # ------------------------------------------------------------------ areas
    def open_new(self) -> RecordDialog:
        """Open the editor of a new record (returned for tests)."""

        def save(values: dict[str, Any], _version: int | None) -> Any:
            text = self.tr("New area {0}").format(values.get("name") or "")
            return push_edit(
                self.ctx.undo_stack, create_command(self.ctx, CompetenceArea, values, text)
            )

        dialog = RecordDialog(
            self.ctx, self.tr("New competence area"), area_fields(), {}, save, parent=self
        )
        dialog.sig_saved.connect(self._on_area_saved)
        return self._open(dialog)

    def edit_selected(self) -> RecordDialog | None:
        """Open the selected area's editor (Enter / double-click)."""
        summary = self.selected_area()
        if summary is None:
            return None
        try:
            area = records.get_record(self.ctx.db, CompetenceArea, summary.id)
        except WorkbenchError as exc:
            show_error(self, exc)
            return None
        dialog = edit_record_dialog(
            self.ctx,
            self,
            CompetenceArea,
            area,
            area_fields(),
            self.tr("Edit {0}").format(area.name),
            self.tr("Edit area {0}").format(area.name),
        )
        dialog.sig_saved.connect(self._on_area_saved)
        return self._open(dialog)

    def _on_area_saved(self, area: Any) -> None:
        if area is not None:
            if self.is_loading() or not select_by_id(self.area_view, area.id):
                self._select_after_read = area.id  # a new area: in the list being read
            self.sig_status.emit(self.tr("Saved {0}").format(area.name))

    def delete_current(self) -> bool:
        """Delete the selected record after confirmation; True when deleted."""
        summary = self.selected_area()
        if summary is None:
            return False
        try:
            details = area_delete_details(self.ctx.db, summary.id)
        except WorkbenchError as exc:
            show_error(self, exc)
            return False
        total = len(details["participations"])
        text = self.tr("Delete the competence area “{0}”?").format(summary.name)
        if total:
            text += " " + self.tr(
                "Its {0} participations ({1} current) are deleted with it."
            ).format(total, details["current"])
        if details["projects"]:
            text += " " + ntr(
                "It is also removed from %Ln project.",
                "It is also removed from %Ln projects.",
                len(details["projects"]),
            )
        text += "\n\n" + self.tr("You can undo this with Edit > Undo.")
        if not confirm(self, self.tr("Delete competence area"), text, self.tr("Delete")):
            return False
        command = delete_area_command(
            self.ctx, details, self.tr("Delete area {0}").format(summary.name)
        )
        run_edit(self, self.ctx, command)
        if command.error is None:
            self.sig_status.emit(self.tr("Deleted {0}").format(summary.name))
        return command.error is None

    def _on_pillar_toggled(self, _item: QListWidgetItem) -> None:
        area = self.selected_area()
        if area is None:
            return
        new_ids = [
            self.pillar_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.pillar_list.count())
            if self.pillar_list.item(i).checkState() == Qt.CheckState.Checked
        ]
        old_ids = [p.id for p in getattr(self, "_pillars", []) if p.name in area.pillar_names]
        command = area_pillars_command(
            self.ctx, area.id, old_ids, new_ids, self.tr("Pillars of {0}").format(area.name)
        )
        run_edit(self, self.ctx, command)

    # ------------------------------------------------------------------ participations
    def _on_assign(self) -> AssignMembersDialog | None:
        area = self.selected_area()
        if area is None:
            return None
        try:
            rows = members_service.member_rows(self.ctx.db)
        except WorkbenchError as exc:
            show_error(self, exc)
            return None
        today = date.today()
        excluded = {
            p.organisation_id
            for p in self.part_model.all_rows
            if p.to_date is None or p.to_date > today
        }
        dialog = AssignMembersDialog(area.name, rows, excluded, self)
        dialog.accepted.connect(lambda: self._on_assign_accepted(dialog, area))
        return self._open(dialog)

    def _on_assign_accepted(self, dialog: AssignMembersDialog, area: AreaSummary) -> None:
        org_ids, from_date, role = dialog.values()
        text = ntr(
            "Assign %Ln member to {area}", "Assign %Ln members to {area}", len(org_ids)
        ).format(area=area.name)
        command = assign_command(self.ctx, area.id, org_ids, from_date, role, text)
        count = run_edit(self, self.ctx, command)
        if command.error is None:
            self.sig_status.emit(
                ntr("%Ln member added to {area}", "%Ln members added to {area}", count).format(
                    area=area.name
                )
            )

    def _participation_dialog(self, end_only: bool) -> RecordDialog | None:
        part = self.selected_participation()
        if part is None:
            return None
        org = part.organisation.name
        title = (
            self.tr("End participation of {0}") if end_only else self.tr("Participation of {0}")
        ).format(org)
        dialog = edit_record_dialog(
            self.ctx,
            self,
            AreaParticipation,
            part,
            end_fields() if end_only else participation_fields(),
            title,
            self.tr("Participation of {0}").format(org),
        )
        if end_only:
            dialog.form.set_values({"to_date": date.today()})
        return self._open(dialog)

    def _on_edit_participation(self) -> RecordDialog | None:
        return self._participation_dialog(end_only=False)

    def _on_end_participation(self) -> RecordDialog | None:
        return self._participation_dialog(end_only=True)

    def _on_remove_participation(self) -> bool:
        part = self.selected_participation()
        if part is None:
            return False
        org = part.organisation.name
        if not confirm(
            self,
            self.tr("Remove participation"),
            self.tr(
                "Remove {0} from this area altogether, as if it never took part? "
                "To keep the history, use “End participation…” instead."
            ).format(org),
            self.tr("Remove"),
        ):
            return False
        command = delete_command(
            self.ctx, AreaParticipation, part, self.tr("Remove {0} from area").format(org)
        )
        run_edit(self, self.ctx, command)
        return command.error is None
