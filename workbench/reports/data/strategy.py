"""Competence areas, strategic pillars (KPIs) and activities: the strategy's tables."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from workbench.db import Database
from workbench.i18n import gettext
from workbench.models import OrgType
from workbench.reports.data.register import (
    Population,
)
from workbench.reports.i18n import (
    enum_label,
    short_date,
    t,
)
from workbench.reports.model import (
    ColumnSpec,
    Table,
)
from workbench.services.activities import activity_tallies
from workbench.services.taxonomy import area_members_on, list_areas, list_pillars


def _area_members(db: Database, day: date, org_ids: set[int]) -> dict[int, set[int]]:
    """Organisation ids per area id taking part on *day* (only *org_ids*)."""
    result: dict[int, set[int]] = {}
    for area_id, members in area_members_on(db, day).items():
        kept = members & org_ids
        if kept:
            result[area_id] = kept
    return result


def areas_tables(db: Database, at_end: Population, years: list[int], lang: str) -> dict[str, Table]:
    """Members on 31 December (*at_end*) per competence area, and the last year's matrix."""
    summaries = list_areas(db, date(years[-1], 12, 31))
    per_year = {y: _area_members(db, date(y, 12, 31), {r.org_id for r in at_end[y]}) for y in years}
    rows = []
    for a in summaries:
        row: list[Any] = [a.name, a.code, a.coordinator, ", ".join(a.pillar_names)]
        row += [len(per_year[y].get(a.id, ())) for y in years]
        row.append(a.meetings_per_year)
        rows.append(row)
    last = years[-1]
    in_any = {y: set().union(*per_year[y].values()) if per_year[y] else set() for y in years}
    totals: list[Any] = [
        gettext("Members in at least one area", lang),
        None,
        None,
        None,
    ]
    totals += [len(in_any[y]) for y in years]
    totals.append(None)
    counts = Table(
        title=t("tbl.area_counts", lang),
        columns=[
            ColumnSpec("area", t("col.area", lang), "text", 30),
            ColumnSpec("code", t("col.code", lang), "text", 9),
            ColumnSpec("coordinator", t("col.coordinator", lang), "text", 22),
            ColumnSpec("pillars", t("col.pillars", lang), "text", 30),
            *[
                ColumnSpec(f"members_{y}", t("col.members_on", lang, year=y), "int", 12)
                for y in years
            ],
            ColumnSpec("meetings", t("col.meetings", lang), "int", 13),
        ],
        rows=rows,
        totals=totals,
        key="area_counts",
    )
    area_cols = [
        ColumnSpec(
            f"area_{a.id}", a.code or a.name, "int", max(8.0, min(len(a.code or a.name), 24) + 2)
        )
        for a in summaries
    ]
    type_label = {kind: enum_label("org_type", kind, lang) for kind in OrgType}
    in_area = [per_year[last].get(a.id, set()) for a in summaries]
    matrix_rows = []
    for reg in sorted(at_end[last], key=lambda r: r.name.casefold()):
        cells: list[Any] = [reg.name, type_label[reg.org_type]]
        inside = [1 if reg.org_id in members else None for members in in_area]
        cells += inside
        cells.append(inside.count(1))
        matrix_rows.append(cells)
    matrix_totals: list[Any] = [t("col.total_row", lang), None]
    matrix_totals += [len(per_year[last].get(a.id, ())) for a in summaries]
    matrix_totals.append(sum(len(per_year[last].get(a.id, ())) for a in summaries))
    matrix = Table(
        title=t("tbl.area_matrix", lang, date=short_date(date(last, 12, 31))),
        columns=[
            ColumnSpec("name", t("col.name", lang), "text", 40),
            ColumnSpec("type", t("col.type", lang), "text", 20),
            *area_cols,
            ColumnSpec("n_areas", t("col.areas", lang), "int", 8),
        ],
        rows=matrix_rows,
        totals=matrix_totals,
        note=t("areas.matrix_note", lang, date=short_date(date(last, 12, 31))),
        key="area_matrix",
    )
    return {"area_counts": counts, "area_matrix": matrix}


# --------------------------------------------------------------------------- pillars


def pillar_table(db: Database, years: list[int], lang: str) -> Table:
    rows = []
    for pillar in list_pillars(db):
        period = (
            f"{pillar.period_start or ''}–{pillar.period_end or ''}"
            if pillar.period_start or pillar.period_end
            else None
        )
        objectives = pillar.objectives or []
        if not objectives:
            rows.append([pillar.name, period, None, None, None, *([None] * (2 * len(years)))])
        for objective in objectives:
            kpis = {k.year: k for k in objective.kpi_values}
            row: list[Any] = [
                pillar.name,
                period,
                objective.title,
                objective.kpi_name,
                objective.kpi_unit,
            ]
            for y in years:
                kpi = kpis.get(y)
                row += [kpi.target if kpi else None, kpi.actual if kpi else None]
            rows.append(row)
    year_cols = []
    for y in years:
        year_cols += [
            ColumnSpec(f"target_{y}", t("col.target_year", lang, year=y), "decimal", 13),
            ColumnSpec(f"actual_{y}", t("col.actual_year", lang, year=y), "decimal", 13),
        ]
    return Table(
        title=t("tbl.kpis", lang),
        columns=[
            ColumnSpec("pillar", t("col.pillar", lang), "text", 24),
            ColumnSpec("period", t("col.period", lang), "text", 13),
            ColumnSpec("objective", t("col.objective", lang), "text", 36),
            ColumnSpec("kpi", t("col.kpi", lang), "text", 24),
            ColumnSpec("unit", t("col.unit", lang), "text", 9),
            *year_cols,
        ],
        rows=rows,
        key="kpis",
    )


# --------------------------------------------------------------------------- projects


def activity_tables(db: Database, years: list[int], lang: str) -> dict[str, Table]:
    first, last = date(years[0], 1, 1), date(years[-1], 12, 31)
    activities = activity_tallies(db, first, last)
    counts: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    listing = []
    for a in activities:
        members, others = a.members, a.others
        cell = counts[str(a.activity_type)][a.start_date.year]
        cell[0] += 1
        cell[1] += members + others
        listing.append(
            [
                a.start_date,
                a.title,
                enum_label("activity_type", a.activity_type, lang),
                members,
                others,
                members + others,
            ]
        )
    type_order = {
        x: i
        for i, x in enumerate(
            [
                "networking",
                "matchmaking",
                "training",
                "internationalisation",
                "info_day",
                "b2b",
                "conference",
                "workshop",
                "strategy",
                "newsletter",
                "other",
            ]
        )
    }
    rows = []
    for kind in sorted(counts, key=lambda k: type_order.get(k, 99)):
        row: list[Any] = [enum_label("activity_type", kind, lang)]
        for y in years:
            row += counts[kind][y] if y in counts[kind] else [0, 0]
        rows.append(row)
    year_cols = []
    for y in years:
        year_cols += [
            ColumnSpec(f"n_{y}", t("col.activities_year", lang, year=y), "int", 14),
            ColumnSpec(f"p_{y}", t("col.participants_year", lang, year=y), "int", 16),
        ]
    totals: list[Any] = [t("col.total_row", lang)]
    for y in years:
        totals += [
            sum(counts[k][y][0] for k in counts if y in counts[k]),
            sum(counts[k][y][1] for k in counts if y in counts[k]),
        ]
    by_type = Table(
        title=t("tbl.activities_by_type", lang),
        columns=[ColumnSpec("type", t("col.activity_type", lang), "text", 24), *year_cols],
        rows=rows,
        totals=totals,
        note=t("activities.note", lang),
        key="activities_by_type",
    )
    listing_table = Table(
        title=t("tbl.activities", lang),
        columns=[
            ColumnSpec("date", t("col.date", lang), "date"),
            ColumnSpec("title", t("col.title", lang), "text", 44),
            ColumnSpec("type", t("col.activity_type", lang), "text", 20),
            ColumnSpec("members", t("col.member_participants", lang), "int", 12),
            ColumnSpec("others", t("col.other_participants", lang), "int", 12),
            ColumnSpec("total", t("col.participants", lang), "int", 12),
        ],
        rows=listing,
        totals=[
            t("col.total_row", lang),
            None,
            None,
            sum(r[3] for r in listing),
            sum(r[4] for r in listing),
            sum(r[5] for r in listing),
        ]
        if listing
        else None,
        key="activities",
    )
    return {"activities_by_type": by_type, "activities": listing_table}
