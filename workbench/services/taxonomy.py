"""Competence areas, strategic pillars, objectives and KPI values."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from workbench.db import Database
from workbench.errors import ValidationError
from workbench.models import (
    AreaParticipation,
    CompetenceArea,
    KpiValue,
    PillarObjective,
    StrategicPillar,
)
from workbench.services.base import (
    list_records,
    require,
    require_non_negative,
    require_order,
    require_text,
    require_year,
    unit_of_work,
    validator,
)
from workbench.translatable import msg


def _refuse_duplicate_name(session: Session, model: Any, obj: Any, what: str) -> None:
    with session.no_autoflush:
        clash = session.scalars(
            select(model).where(
                func.lower(model.name) == obj.name.lower(), model.id != (obj.id or -1)
            )
        ).first()
    if clash is not None:
        raise ValidationError(
            msg("There is already a {what} called '{name}'.", what=what, name=clash.name), "name"
        )


@validator(CompetenceArea)
def _validate_area(session: Session, area: CompetenceArea) -> None:
    area.name = require_text(area.name, "name", msg("The competence area name"))
    require_non_negative(area.meetings_per_year, "meetings_per_year", msg("Meetings per year"))
    _refuse_duplicate_name(session, CompetenceArea, area, msg("competence area"))


@validator(StrategicPillar)
def _validate_pillar(session: Session, pillar: StrategicPillar) -> None:
    pillar.name = require_text(pillar.name, "name", msg("The pillar name"))
    if pillar.period_start is not None:
        require_year(pillar.period_start, "period_start")
    if pillar.period_end is not None:
        require_year(pillar.period_end, "period_end")
    require_order(
        pillar.period_start,
        pillar.period_end,
        "period_end",
        msg("The strategy period ends before it starts."),
    )
    _refuse_duplicate_name(session, StrategicPillar, pillar, msg("strategic pillar"))


@validator(AreaParticipation)
def _validate_participation(session: Session, part: AreaParticipation) -> None:
    if part.from_date is None:
        raise ValidationError(msg("The date the member joined the area is required."), "from_date")
    require_order(
        part.from_date,
        part.to_date,
        "to_date",
        lambda: msg(
            "The end date {end} is before the start date {start}.",
            end=part.to_date,
            start=part.from_date,
        ),
    )


@validator(PillarObjective)
def _validate_objective(session: Session, objective: PillarObjective) -> None:
    objective.title = require_text(objective.title, "title", msg("The objective"))


@validator(KpiValue)
def _validate_kpi(session: Session, value: KpiValue) -> None:
    require_year(value.year)


@dataclass(frozen=True)
class AreaSummary:
    """A competence area with its current member count and linked pillars."""

    id: int
    name: str
    code: str | None
    coordinator: str | None
    members_now: int
    pillar_names: list[str]
    version: int
    #: The meetings the area plans a year (None: not set).
    meetings_per_year: int | None = None


def list_areas(db: Database, day: date | None = None) -> list[AreaSummary]:
    """Competence areas by name with the number of participating organisations on *day*."""
    day = day or date.today()
    with unit_of_work(db, write=False) as session:
        counts = dict(
            session.execute(
                select(AreaParticipation.area_id, func.count(AreaParticipation.id))
                .where(
                    AreaParticipation.from_date <= day,
                    or_(AreaParticipation.to_date.is_(None), AreaParticipation.to_date > day),
                )
                .group_by(AreaParticipation.area_id)
            ).all()
        )
        areas = session.scalars(
            select(CompetenceArea)
            .options(selectinload(CompetenceArea.pillars))
            .order_by(CompetenceArea.name)
        ).all()
        return [
            AreaSummary(
                a.id,
                a.name,
                a.code,
                a.coordinator,
                counts.get(a.id, 0),
                sorted(p.name for p in a.pillars),
                a.version,
                a.meetings_per_year,
            )
            for a in areas
        ]


def area_members_on(db: Database, day: date) -> dict[int, set[int]]:
    """The organisation ids taking part in each area on *day*, by area id.

    A participation runs from ``from_date`` to the day before ``to_date`` (empty: still
    running); areas without participants on *day* are left out.
    """
    with unit_of_work(db, write=False) as session:
        rows = session.execute(
            select(AreaParticipation.area_id, AreaParticipation.organisation_id).where(
                AreaParticipation.from_date <= day,
                or_(AreaParticipation.to_date.is_(None), AreaParticipation.to_date > day),
            )
        ).all()
    result: dict[int, set[int]] = defaultdict(set)
    for area_id, org_id in rows:
        result[area_id].add(org_id)
    return dict(result)


def area_participants(db: Database, area_id: int) -> list[AreaParticipation]:
    """Participations of an area (with their organisation loaded), by organisation name."""
    with unit_of_work(db, write=False) as session:
        require(session, CompetenceArea, area_id)
        return list(
            session.scalars(
                select(AreaParticipation)
                .where(AreaParticipation.area_id == area_id)
                .options(selectinload(AreaParticipation.organisation))
                .order_by(AreaParticipation.from_date)
            )
        )


def set_area_pillars(db: Database, area_id: int, pillar_ids: list[int]) -> None:
    """Link an area to exactly the given pillars."""
    with unit_of_work(db) as session:
        area = require(session, CompetenceArea, area_id)
        area.pillars = [require(session, StrategicPillar, pid) for pid in pillar_ids]


def list_pillars(db: Database) -> list[StrategicPillar]:
    """Pillars with objectives, KPI values and areas loaded, by name."""
    return list_records(
        db,
        StrategicPillar,
        order_by=[StrategicPillar.name],
        options=[
            selectinload(StrategicPillar.objectives).selectinload(PillarObjective.kpi_values),
            selectinload(StrategicPillar.areas),
        ],
    )


def set_kpi(
    db: Database, objective_id: int, year: int, *, target: Any = None, actual: Any = None
) -> KpiValue:
    """Create or update the KPI target/actual of an objective for a year."""
    require_year(year)
    with unit_of_work(db) as session:
        require(session, PillarObjective, objective_id)
        row = session.scalars(
            select(KpiValue).where(KpiValue.objective_id == objective_id, KpiValue.year == year)
        ).first()
        if row is None:
            row = KpiValue(objective_id=objective_id, year=year)
            session.add(row)
        row.target, row.actual = target, actual
        session.flush()
        return row
