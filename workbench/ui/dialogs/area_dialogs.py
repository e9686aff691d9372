"""Dialogs and undoable commands of the Competence areas page.

Deleting an area cascades to its participations, pillar links and project links (and clears
the area of its activities); the undo of that delete puts all of them back, under the area's
new id (see :func:`workbench.ui.widgets.record_table.remap_id`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from workbench.errors import ValidationError
from workbench.models import Activity, AreaParticipation, CompetenceArea
from workbench.services import base as records
from workbench.services import members as members_service
from workbench.services import projects as projects_service
from workbench.services import taxonomy
from workbench.services.members import MemberRow
from workbench.ui.context import AppContext
from workbench.ui.dialogs.record_commands import (
    collect_problem,
    relink_projects,
    versioned_delete,
    warn_restored_in_part,
)
from workbench.ui.undo import ServiceCommand
from workbench.ui.widgets.forms import FieldError
from workbench.ui.widgets.inputs import OptionalDateEdit, refuse_unreadable_dates
from workbench.ui.widgets.member_picker import MemberPickerDialog
from workbench.ui.widgets.record_table import (
    FieldKind,
    FieldSpec,
    remap_id,
    resolve_id,
    snapshot,
)

AREA_TABLE = CompetenceArea.__tablename__
PART_TABLE = AreaParticipation.__tablename__


def tr(text: str) -> str:
    """Translate *text* in the ``AreasPage`` context."""
    return QCoreApplication.translate("AreasPage", text)


def area_fields() -> list[FieldSpec]:
    """Editable fields of a competence area."""
    return [
        FieldSpec("name", tr("Name"), placeholder=tr("e.g. Smart Energy Systems")),
        FieldSpec("code", tr("Code"), placeholder=tr("short code, e.g. SES")),
        FieldSpec("coordinator", tr("Coordinator")),
        FieldSpec("meetings_per_year", tr("Meetings per year"), FieldKind.OPTIONAL_INT),
        FieldSpec("description", tr("Description"), FieldKind.MULTILINE),
    ]


def participation_fields() -> list[FieldSpec]:
    """Editable fields of one member's participation in an area."""
    return [
        FieldSpec("from_date", tr("From"), FieldKind.DATE, default=date.today),
        FieldSpec(
            "to_date",
            tr("To"),
            FieldKind.OPTIONAL_DATE,
            tooltip=tr("First day the member no longer takes part; empty while it does."),
        ),
        FieldSpec("role", tr("Role"), placeholder=tr("e.g. leader, contributor")),
    ]


def end_fields() -> list[FieldSpec]:
    """The one field of "End participation"."""
    return [FieldSpec("to_date", tr("Ends on"), FieldKind.DATE, default=date.today)]


# --------------------------------------------------------------------------- assign


class AssignMembersDialog(MemberPickerDialog):
    """Pick members to add to an area, with the date they join (and an optional role)."""

    def __init__(
        self, area_name: str, rows: list[MemberRow], excluded: set[int], parent: QWidget
    ) -> None:
        super().__init__(
            tr("Assign members to {0}").format(area_name),
            rows,
            parent,
            excluded=excluded,
            prompt=tr(
                "Tick the organisations that take part in this area. Members already taking "
                "part are not listed."
            ),
            ok_text=tr("Assign"),
        )
        form = QFormLayout()
        self.from_date = OptionalDateEdit(self, allow_empty=False)
        self.from_date.setObjectName("from_date")
        self.from_error = FieldError(self)
        self.role = QLineEdit(self)
        self.role.setPlaceholderText(tr("optional, e.g. contributor"))
        form.addRow(tr("Taking part from:"), self.from_date)
        form.addRow("", self.from_error)
        form.addRow(tr("Role:"), self.role)
        self.extra.addLayout(form)

    def accept(self) -> None:  # noqa: D102 - Qt override: an unreadable date keeps it open
        if refuse_unreadable_dates(self):
            return
        super().accept()

    def values(self) -> tuple[list[int], date, str | None]:
        day = self.from_date.date_value()
        if day is None:  # pragma: no cover - the editor never empties
            raise ValidationError(tr("Choose the date they join the area."), "from_date")
        return self.picker.selected_ids(), day, self.role.text().strip() or None


def assign_command(
    ctx: AppContext, area_id: int, org_ids: list[int], from_date: date, role: str | None, text: str
) -> ServiceCommand:
    """Undoable assignment of members to an area (undo deletes the participations created)."""
    created: list[int] = []

    def do(cmd: ServiceCommand) -> int:
        current = resolve_id(ctx, AREA_TABLE, area_id)
        before = {p.id for p in taxonomy.area_participants(ctx.db, current)}
        count = members_service.assign_to_area(ctx.db, org_ids, current, from_date, role)
        after = taxonomy.area_participants(ctx.db, current)
        created[:] = [p.id for p in after if p.id not in before]
        return count

    def undo(cmd: ServiceCommand) -> None:
        for part_id in created:
            records.delete_record(ctx.db, AreaParticipation, part_id)

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=PART_TABLE)


# --------------------------------------------------------------------------- delete area


def area_delete_details(db: Any, area_id: int) -> dict[str, Any]:
    """Everything that goes with an area when it is deleted (to tell the user and to undo)."""
    area = records.get_record(db, CompetenceArea, area_id)
    parts = taxonomy.area_participants(db, area_id)
    pillars = [p.id for p in taxonomy.list_pillars(db) if any(a.id == area_id for a in p.areas)]
    projects = [
        p.id for p in projects_service.list_projects(db) if any(a.id == area_id for a in p.areas)
    ]
    activities = [
        a.id for a in records.list_records(db, Activity, where=[Activity.area_id == area_id])
    ]
    today = date.today()
    current = sum(
        1 for p in parts if p.from_date <= today and (p.to_date is None or p.to_date > today)
    )
    return {
        "area": area,
        "values": snapshot(area),
        "participations": [snapshot(p, skip=("area_id",)) for p in parts],
        "current": current,
        "pillars": pillars,
        "projects": projects,
        "activities": activities,
    }


def delete_area_command(ctx: AppContext, details: dict[str, Any], text: str) -> ServiceCommand:
    """Undoable delete of an area; undo recreates it with participations and links."""
    area = details["area"]

    def undo(cmd: ServiceCommand) -> None:
        again = records.create_record(ctx.db, CompetenceArea, details["values"])
        remap_id(ctx, AREA_TABLE, resolve_id(ctx, AREA_TABLE, area.id), again.id)
        problems: list[str] = []
        for values in details["participations"]:
            with collect_problem(problems):  # e.g. the organisation was deleted meanwhile
                records.create_record(ctx.db, AreaParticipation, {**values, "area_id": again.id})
        pillar_ids = [resolve_id(ctx, "strategic_pillar", p) for p in details["pillars"]]
        with collect_problem(problems):
            taxonomy.set_area_pillars(ctx.db, again.id, pillar_ids)
        relink_projects(ctx, details["projects"], problems, area_id=again.id)
        for activity_id in details["activities"]:
            with collect_problem(problems):
                records.update_record(ctx.db, Activity, activity_id, {"area_id": again.id})
        # The area itself is back (so the undo stands); say what could not come with it.
        warn_restored_in_part(
            problems,
            tr("Area restored in part"),
            tr("The area was restored, but not everything that went with it:"),
        )

    do = versioned_delete(ctx, CompetenceArea, area.id, area.version)
    return ServiceCommand(text, do, undo, bus=ctx.bus, table=AREA_TABLE)


# --------------------------------------------------------------------------- pillar links


def area_pillars_command(
    ctx: AppContext, area_id: int, old_ids: list[int], new_ids: list[int], text: str
) -> ServiceCommand:
    """Undoable change of the pillars an area is linked to."""

    def apply(ids: list[int]) -> None:
        taxonomy.set_area_pillars(
            ctx.db,
            resolve_id(ctx, AREA_TABLE, area_id),
            [resolve_id(ctx, "strategic_pillar", i) for i in ids],
        )

    return ServiceCommand(
        text, lambda cmd: apply(new_ids), lambda cmd: apply(old_ids), bus=ctx.bus, table=AREA_TABLE
    )
