"""Fields and undoable commands of the Strategic pillars page (pillars, objectives, KPI values).

Deleting a pillar cascades to its objectives and their KPI values and unlinks it from areas and
projects; the undo of that delete restores all of it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication

from workbench.models import KpiValue, PillarObjective, StrategicPillar
from workbench.services import base as records
from workbench.services import projects as projects_service
from workbench.services import taxonomy
from workbench.ui.context import AppContext
from workbench.ui.dialogs.record_commands import (
    collect_problem,
    relink_projects,
    versioned_delete,
    warn_restored_in_part,
)
from workbench.ui.undo import ServiceCommand
from workbench.ui.widgets.record_table import (
    FieldKind,
    FieldSpec,
    remap_id,
    resolve_id,
    snapshot,
)

PILLAR_TABLE = StrategicPillar.__tablename__
OBJECTIVE_TABLE = PillarObjective.__tablename__
KPI_TABLE = KpiValue.__tablename__


def tr(text: str) -> str:
    """Translate *text* in the ``PillarsPage`` context."""
    return QCoreApplication.translate("PillarsPage", text)


def pillar_fields() -> list[FieldSpec]:
    """Editable fields of a strategic pillar."""
    return [
        FieldSpec("name", tr("Name"), placeholder=tr("e.g. CO2 reduction")),
        FieldSpec("code", tr("Code")),
        FieldSpec("period_start", tr("Strategy from (year)"), FieldKind.OPTIONAL_INT, minimum=1900),
        FieldSpec("period_end", tr("Strategy to (year)"), FieldKind.OPTIONAL_INT, minimum=1900),
        FieldSpec("description", tr("Description"), FieldKind.MULTILINE),
    ]


def objective_fields() -> list[FieldSpec]:
    """Editable fields of a pillar objective."""
    return [
        FieldSpec("title", tr("Objective"), placeholder=tr("e.g. Halve members' emissions")),
        FieldSpec("kpi_name", tr("KPI"), placeholder=tr("e.g. CO2 avoided")),
        FieldSpec("kpi_unit", tr("Unit"), placeholder=tr("e.g. t, %, companies")),
        FieldSpec("description", tr("Description"), FieldKind.MULTILINE),
    ]


def _objective_snapshot(objective: PillarObjective) -> dict[str, Any]:
    return {
        "values": snapshot(objective, skip=("pillar_id",)),
        "kpis": [(k.year, k.target, k.actual) for k in objective.kpi_values],
    }


def _restore_objective(
    ctx: AppContext, pillar_id: int, saved: dict[str, Any], problems: list[str]
) -> PillarObjective:
    again = records.create_record(
        ctx.db, PillarObjective, {**saved["values"], "pillar_id": pillar_id}
    )
    for year, target, actual in saved["kpis"]:
        with collect_problem(problems):
            taxonomy.set_kpi(ctx.db, again.id, year, target=target, actual=actual)
    return again


def _warn(problems: list[str]) -> None:
    warn_restored_in_part(
        problems,
        tr("Restored in part"),
        tr("The record was restored, but not everything that went with it:"),
    )


def pillar_delete_details(ctx: AppContext, pillar: StrategicPillar) -> dict[str, Any]:
    """What goes with a pillar when it is deleted (for the question and for undo)."""
    projects = [
        p.id
        for p in projects_service.list_projects(ctx.db)
        if any(x.id == pillar.id for x in p.pillars)
    ]
    return {
        "pillar": pillar,
        "values": snapshot(pillar),
        "objectives": [_objective_snapshot(o) for o in pillar.objectives],
        "areas": [a.id for a in pillar.areas],
        "projects": projects,
    }


def delete_pillar_command(ctx: AppContext, details: dict[str, Any], text: str) -> ServiceCommand:
    """Undoable delete of a pillar with its objectives, KPI values, area and project links."""
    pillar = details["pillar"]

    def undo(cmd: ServiceCommand) -> None:
        again = records.create_record(ctx.db, StrategicPillar, details["values"])
        remap_id(ctx, PILLAR_TABLE, resolve_id(ctx, PILLAR_TABLE, pillar.id), again.id)
        problems: list[str] = []
        for saved, old in zip(details["objectives"], pillar.objectives, strict=True):
            restored = _restore_objective(ctx, again.id, saved, problems)
            remap_id(ctx, OBJECTIVE_TABLE, resolve_id(ctx, OBJECTIVE_TABLE, old.id), restored.id)
        areas = {a.id: a for a in taxonomy.list_areas(ctx.db)}
        current = {p.id: p.name for p in taxonomy.list_pillars(ctx.db)}
        by_name = {name: pid for pid, name in current.items()}
        for area_id in details["areas"]:
            area_id = resolve_id(ctx, "competence_area", area_id)
            summary = areas.get(area_id)
            if summary is None:
                continue
            ids = [by_name[n] for n in summary.pillar_names if n in by_name] + [again.id]
            with collect_problem(problems):
                taxonomy.set_area_pillars(ctx.db, area_id, ids)
        relink_projects(ctx, details["projects"], problems, pillar_id=again.id)
        _warn(problems)

    do = versioned_delete(ctx, StrategicPillar, pillar.id, pillar.version)
    return ServiceCommand(text, do, undo, bus=ctx.bus, table=PILLAR_TABLE)


def delete_objective_command(
    ctx: AppContext, objective: PillarObjective, text: str
) -> ServiceCommand:
    """Undoable delete of an objective with its KPI values."""
    saved = _objective_snapshot(objective)

    def undo(cmd: ServiceCommand) -> None:
        problems: list[str] = []
        pillar_id = resolve_id(ctx, PILLAR_TABLE, objective.pillar_id)
        again = _restore_objective(ctx, pillar_id, saved, problems)
        remap_id(ctx, OBJECTIVE_TABLE, resolve_id(ctx, OBJECTIVE_TABLE, objective.id), again.id)
        _warn(problems)

    do = versioned_delete(ctx, PillarObjective, objective.id, objective.version)
    return ServiceCommand(text, do, undo, bus=ctx.bus, table=OBJECTIVE_TABLE)


def kpi_command(
    ctx: AppContext,
    objective_id: int,
    year: int,
    old: tuple[Decimal | None, Decimal | None] | None,
    new: tuple[Decimal | None, Decimal | None] | None,
    text: str,
) -> ServiceCommand:
    """Undoable change of one year's KPI target/actual (*old*/*new* None: no row that year)."""

    def apply(values: tuple[Decimal | None, Decimal | None] | None) -> Any:
        current = resolve_id(ctx, OBJECTIVE_TABLE, objective_id)
        if values is None:
            row = next(
                (
                    k
                    for k in records.list_records(
                        ctx.db,
                        KpiValue,
                        where=[KpiValue.objective_id == current, KpiValue.year == year],
                    )
                ),
                None,
            )
            if row is not None:
                records.delete_record(ctx.db, KpiValue, row.id)
            return None
        return taxonomy.set_kpi(ctx.db, current, year, target=values[0], actual=values[1])

    return ServiceCommand(
        text, lambda cmd: apply(new), lambda cmd: apply(old), bus=ctx.bus, table=KPI_TABLE
    )
