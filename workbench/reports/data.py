"""Report data assembly: from the database (services, indicators engine) to plain tables.

Each builder returns a :class:`~workbench.reports.model.ReportData` that the renderers write
as xlsx, PDF or JSON. Builders read through the services (one unit of work per query) and the
indicators engine, and convert everything into plain values: the renderers never see an ORM
object or an engine result.

Builders:
    :func:`assessment_data` - the label-assessment evidence pack for assessment year Y
    :func:`member_directory_data` - the members shown on the Members page
    :func:`project_portfolio_data` - projects with the Projects page's filters
    :func:`eccp_data` - the ECCP profile figures on a day
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select

from workbench.db import Database
from workbench.i18n import gettext, pgettext
from workbench.models import (
    Activity,
    AreaParticipation,
    CompetenceArea,
    Income,
    IncomeCategory,
    Label,
    MembershipPeriod,
    Organisation,
    OrgType,
    Project,
    ProjectStatus,
    SmeClass,
    StaffMember,
)
from workbench.reports import levels
from workbench.reports.i18n import (
    check_lang,
    enum_label,
    format_number,
    format_pct,
    long_date,
    short_date,
    t,
)
from workbench.reports.model import (
    Amount,
    Block,
    Chart,
    ChartRow,
    ColumnSpec,
    Heading,
    PageBreak,
    Paragraph,
    Progress,
    Quantity,
    ReportData,
    Score,
    Section,
    Sheet,
    Table,
    scaled,
)
from workbench.rules import projects as project_rules
from workbench.rules.dates import completed_years
from workbench.rules.eccp import counts_as_company
from workbench.services import members as member_service
from workbench.services import projects as project_service
from workbench.services.base import unit_of_work
from workbench.services.cluster import get_profile
from workbench.services.taxonomy import list_areas, list_pillars
from workbench.translatable import translate

__all__ = [
    "Block",
    "Chart",
    "ChartRow",
    "ColumnSpec",
    "Heading",
    "PageBreak",
    "Paragraph",
    "ReportData",
    "Score",
    "Section",
    "Sheet",
    "Table",
    "ProjectFilters",
    "assessment_data",
    "eccp_data",
    "member_directory_data",
    "project_portfolio_data",
]

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def format_eur_short(amount: Decimal, lang: str) -> str:
    """An amount for a cover tile: "21.3 M €", "850 k €"."""
    for size, suffix in ((Decimal(10) ** 6, " M €"), (Decimal(10) ** 3, " k €")):
        if abs(amount) >= size:
            return format_number(amount / size, lang, 1) + suffix
    return format_number(amount, lang, 0) + " €"


def _pct(part: Any, whole: Any) -> Decimal | None:
    """Part / whole as a percentage 0-100 (None when whole is zero)."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.01"))


def _money(value: Decimal | None) -> Decimal:
    return value if value is not None else ZERO


# --------------------------------------------------------------------------- cluster profile


@dataclass(frozen=True)
class _Profile:
    name: str
    legal_name: str | None
    vat: str | None
    founding_date: date | None
    sector: str | None
    nuts2: str | None
    region_name: str | None
    address: str | None
    website: str | None
    website_en: str | None
    eccp_url: str | None
    email: str | None
    logo_path: str | None
    planned_yearly_budget: Decimal | None


def _profile(db: Database) -> _Profile:
    profile = get_profile(db)
    if profile is None:
        return _Profile("Cluster", *([None] * 13))  # type: ignore[arg-type]
    return _Profile(
        profile.name,
        profile.legal_name,
        profile.vat,
        profile.founding_date,
        profile.sector,
        profile.nuts2,
        profile.region_name,
        profile.address,
        profile.website,
        profile.website_en,
        profile.eccp_url,
        profile.email,
        profile.logo_path,
        profile.planned_yearly_budget,
    )


def _new_report(
    kind: str,
    lang: str,
    profile: _Profile,
    cover_lines: list[str],
    generated_on: date,
    *,
    running_title: str | None = None,
) -> ReportData:
    """An empty report of *kind*, titled ``report.<kind>``, with the cluster's name and logo.

    The running title (page headers) is the title unless *running_title* is given.
    """
    title = t(f"report.{kind}", lang)
    return ReportData(
        kind=kind,
        lang=lang,
        title=title,
        running_title=running_title or title,
        cluster_name=profile.name,
        cover_lines=cover_lines,
        generated_on=generated_on,
        logo_path=_existing_logo(profile.logo_path),
    )


def _say_no_data(report: ReportData, sentence: str) -> None:
    """Mark *report* as empty: *sentence* on the cover, atop the first sheet and chapter.

    An empty database gives a report whose tables are all empty; without this it reads as a
    broken report rather than as "there is nothing recorded yet".
    """
    report.no_data = sentence
    for container in (report.sheets[:1], report.sections[:1]):
        for part in container:
            part.blocks.insert(0, Paragraph(sentence, "warning"))


def _existing_logo(path: str | None) -> str | None:
    from pathlib import Path

    if path and Path(path).is_file():
        return path
    return None


def _profile_table(p: _Profile, lang: str, day: date) -> Table:
    """The cluster profile; years of activity are counted to the report's reference *day*."""
    years = None
    if p.founding_date is not None and p.founding_date <= day:
        years = completed_years(p.founding_date, day)
    region = " ".join(x for x in (p.region_name, f"({p.nuts2})" if p.nuts2 else None) if x)
    items: list[tuple[str, Any]] = [
        (t("f.name", lang), p.name),
        (t("f.legal_name", lang), p.legal_name),
        (t("f.vat", lang), p.vat),
        (t("f.founded", lang), p.founding_date),
        (t("f.years_active", lang), years),
        (t("f.sector", lang), p.sector),
        (t("f.region", lang), region or None),
        (t("f.address", lang), p.address),
        (t("f.website", lang), p.website),
        (t("f.website_en", lang), p.website_en),
        (t("f.eccp_url", lang), p.eccp_url),
        (t("f.email", lang), p.email),
        (
            t("f.planned_budget", lang),
            Amount(p.planned_yearly_budget) if p.planned_yearly_budget is not None else None,
        ),
    ]
    return _facts_table("profile", t("tbl.profile", lang), items, lang)


def _facts_table(key: str, title: str, items: Sequence[tuple[str, Any]], lang: str) -> Table:
    return Table(
        title=title,
        columns=[
            ColumnSpec("field", t("col.field", lang), "text", 34),
            ColumnSpec("value", t("col.value", lang), "auto", 48),
        ],
        rows=[[label, value] for label, value in items if value not in (None, "")],
        key=key,
    )


def _labels_table(db: Database, lang: str, today: date) -> Table:
    with unit_of_work(db, write=False) as session:
        labels = list(session.scalars(select(Label)))
    order = {"gold": 0, "silver": 1, "bronze": 2}
    labels.sort(key=lambda lab: lab.assessment_date or date.min, reverse=True)
    labels.sort(key=lambda lab: order.get(str(lab.level), 9))
    rows = []
    for lab in labels:
        days_left = (lab.valid_until - today).days if lab.valid_until else None
        expired = days_left is not None and days_left < 0
        rows.append(
            [
                enum_label("label", lab.level, lang),
                lab.body,
                lab.assessment_date,
                lab.valid_until,
                None if expired else days_left,
                t("expired", lang) if expired else t("valid", lang),
                lab.score,
            ]
        )
    return Table(
        title=t("tbl.labels", lang),
        columns=[
            ColumnSpec("level", t("col.level", lang), "text", 12),
            ColumnSpec("body", t("col.body", lang), "text", 18),
            ColumnSpec("assessed", t("col.assessed", lang), "date"),
            ColumnSpec("valid_until", t("col.valid_until", lang), "date"),
            ColumnSpec("days_left", t("col.days_left", lang), "int", 12),
            ColumnSpec("label_status", t("col.label_status", lang), "text", 11),
            ColumnSpec("score", t("col.score", lang), "decimal", 11),
        ],
        rows=rows,
        note=None if rows else t("no_labels", lang),
        key="labels",
    )


def _staff_table(db: Database, lang: str, first: date, last: date) -> Table:
    with unit_of_work(db, write=False) as session:
        staff = list(
            session.scalars(
                select(StaffMember)
                .where(
                    StaffMember.start_date <= last,
                    or_(StaffMember.end_date.is_(None), StaffMember.end_date >= first),
                )
                .order_by(StaffMember.start_date, StaffMember.name)
            )
        )
    rows = [[s.name, s.role, s.fte, s.start_date, s.end_date, s.degree] for s in staff]
    total_fte = sum((s.fte for s in staff if s.end_date is None or s.end_date > last), ZERO)
    return Table(
        title=t("tbl.staff", lang),
        columns=[
            ColumnSpec("name", t("col.name", lang), "text", 26),
            ColumnSpec("role", t("col.role_staff", lang), "text", 22),
            ColumnSpec("fte", t("col.fte", lang), "decimal", 8),
            ColumnSpec("start", t("col.start", lang), "date"),
            ColumnSpec("end", t("col.end", lang), "date"),
            ColumnSpec("degree", gettext("Degree", lang), "text", 20),
        ],
        rows=rows,
        totals=[t("col.total_row", lang), None, total_fte, None, None, None] if rows else None,
        key="staff",
    )


# --------------------------------------------------------------------------- member register


@dataclass(frozen=True)
class RegisterRow:
    """One membership period in the register of a year (libro soci)."""

    org_id: int
    name: str
    vat: str | None
    org_type: OrgType
    sme_class: SmeClass | None
    has_size_data: bool
    region: str | None
    nuts2: str | None
    join_date: date
    leave_date: date | None
    member_at_end: bool


def member_registers(db: Database, years: Sequence[int]) -> dict[int, list[RegisterRow]]:
    """The register of each of *years* (see :func:`member_register`), read in one go."""
    from workbench.rules import size
    from workbench.services.member_sizes import size_history

    first, last = date(min(years), 1, 1), date(max(years), 12, 31)
    with unit_of_work(db, write=False) as session:
        rows = session.execute(
            select(
                Organisation.id,
                Organisation.name,
                Organisation.vat,
                Organisation.fiscal_code,
                Organisation.org_type,
                Organisation.region,
                Organisation.nuts2,
                Organisation.sme_override,
                Organisation.sme_override_reason,
                MembershipPeriod.join_date,
                MembershipPeriod.leave_date,
            )
            .join(MembershipPeriod, MembershipPeriod.organisation_id == Organisation.id)
            .where(
                MembershipPeriod.join_date <= last,
                or_(MembershipPeriod.leave_date.is_(None), MembershipPeriod.leave_date > first),
            )
            .order_by(MembershipPeriod.join_date, Organisation.name, Organisation.id)
        ).all()
        # Plain column rows of every organisation (no ORM objects: fast on 10,000 members).
        history = size_history(session)
    result: dict[int, list[RegisterRow]] = {}
    for year in years:
        year_first, year_last = date(year, 1, 1), date(year, 12, 31)
        classes: dict[int, SmeClass | None] = {}
        register: list[RegisterRow] = []
        for (
            org_id,
            name,
            vat,
            fiscal_code,
            org_type,
            region,
            nuts2,
            override,
            reason,
            joined,
            left,
        ) in rows:
            if joined > year_last or (left is not None and left <= year_first):
                continue
            kind = OrgType(org_type)
            if org_id not in classes:
                if kind.is_enterprise or override:
                    classes[org_id] = size.classify_sme(
                        history.get(org_id, []),
                        org_is_enterprise=kind.is_enterprise,
                        override=override,
                        override_reason=reason,
                        as_of_year=year,
                    ).sme_class
                else:
                    classes[org_id] = None  # not an enterprise: no SME class at all
            at_end = left is None or left > year_last
            register.append(
                RegisterRow(
                    org_id=org_id,
                    name=name,
                    vat=vat or fiscal_code,
                    org_type=kind,
                    sme_class=classes[org_id],
                    has_size_data=bool(history.get(org_id)),
                    region=region,
                    nuts2=nuts2,
                    join_date=joined,
                    leave_date=None if at_end else left,
                    member_at_end=at_end,
                )
            )
        result[year] = register
    return result


def member_register(db: Database, year: int) -> list[RegisterRow]:
    """Every membership period that was running at some time in *year*, by join date.

    A period ending on or before 1 January (the leave date is the first day without
    membership) is not part of the year. Leave dates after 31 December are not shown: on the
    register's date they were not known. SME class is the one for *year* (two-year rule).
    """
    return member_registers(db, [year])[year]


def members_at_end(register: Iterable[RegisterRow]) -> dict[int, RegisterRow]:
    """The organisations of *register* still members on 31 December, by organisation id.

    An organisation with several periods in the year is counted once (its last period).
    """
    return {r.org_id: r for r in register if r.member_at_end}


def _sme_text(row: RegisterRow, lang: str) -> str:
    if row.sme_class is not None:
        return enum_label("sme", row.sme_class, lang)
    if row.org_type.is_enterprise:
        return t("sme_unknown", lang)
    return t("no_sme_class", lang)


def _register_table(register: list[RegisterRow], year: int, lang: str) -> Table:
    rows = []
    for number, r in enumerate(register, 1):
        rows.append(
            [
                number,
                r.name,
                r.vat,
                enum_label("org_type", r.org_type, lang),
                _sme_text(r, lang),
                r.join_date,
                r.leave_date,
                t("member", lang) if r.member_at_end else t("left", lang),
            ]
        )
    members = set(members_at_end(register))
    at_end = len(members)
    left = len({r.org_id for r in register if not r.member_at_end} - members)
    return Table(
        title=t("tbl.register", lang, date=short_date(date(year, 12, 31))),
        columns=[
            ColumnSpec("no", t("col.no", lang), "int", 7),
            ColumnSpec("name", t("col.name", lang), "text", 44),
            ColumnSpec("vat", t("col.vat", lang), "text", 18),
            ColumnSpec("type", t("col.type", lang), "text", 22),
            ColumnSpec("sme", t("col.sme", lang), "text", 16),
            ColumnSpec("join", t("col.join", lang), "date", 13),
            ColumnSpec("leave", t("col.leave", lang), "date", 13),
            ColumnSpec("status", t("col.status_year_end", lang), "text", 14),
        ],
        rows=rows,
        totals=[
            None,
            t("register.totals", lang, members=at_end, left=left, year=year),
            None,
            None,
            None,
            None,
            None,
            at_end,
        ],
        note=t("register.note", lang, year=year),
        key=f"register_{year}",
    )


# --------------------------------------------------------------------------- composition


def _region_of(row: RegisterRow, lang: str) -> str:
    return row.region or row.nuts2 or t("unknown_region", lang)


Population = dict[int, list[RegisterRow]]
"""Register rows per year: the organisations a yearly count is taken over."""


def _year_count_columns(years: list[int], lang: str) -> list[ColumnSpec]:
    """A count column ``n_Y`` and a share column ``pct_Y`` for each of *years*."""
    cols = []
    for y in years:
        cols.append(ColumnSpec(f"n_{y}", t("col.count_year", lang, year=y), "int", 10))
        cols.append(ColumnSpec(f"pct_{y}", t("col.pct_year", lang, year=y), "pct", 10))
    return cols


def _count_rows(
    population: Population,
    years: list[int],
    group_of: Callable[[RegisterRow], Any],
    order: Callable[[Any], Any],
    label_cells: Callable[[Any], list[Any]],
) -> list[list[Any]]:
    """One row per group met in some year, sorted by *order*.

    A row is the group's label cells, then for each year its count and its share of that
    year's population.
    """
    counts = {y: Counter(group_of(r) for r in population[y]) for y in years}
    groups = sorted({g for y in years for g in counts[y]}, key=order)
    rows = []
    for group in groups:
        row = label_cells(group)
        for y in years:
            row += [counts[y][group], _pct(counts[y][group], len(population[y]))]
        rows.append(row)
    return rows


def _count_totals(population: Population, years: list[int], label_cells: list[Any]) -> list[Any]:
    """The totals row of :func:`_count_rows`: the whole population (100 %) of each year."""
    row = list(label_cells)
    for y in years:
        row += [len(population[y]), _pct(len(population[y]), len(population[y]))]
    return row


def _composition_tables(
    at_end: Population, years: list[int], lang: str, cluster_nuts2: str | None
) -> dict[str, Table]:
    """Members on 31 December (*at_end*) by type, SME class, region and all three at once."""
    total_label = t("col.total_row", lang)
    type_order = {k: i for i, k in enumerate(OrgType)}
    by_type = Table(
        title=t("tbl.by_type", lang),
        columns=[
            ColumnSpec("type", t("col.type", lang), "text", 28),
            *_year_count_columns(years, lang),
        ],
        rows=_count_rows(
            at_end,
            years,
            lambda r: r.org_type,
            type_order.__getitem__,
            lambda k: [enum_label("org_type", k, lang)],
        ),
        totals=_count_totals(at_end, years, [total_label]),
        key="by_type",
    )

    sme_order = {k: i for i, k in enumerate([*SmeClass, "unknown"])}
    # Companies as the one ECCP rule counts them: banks are other ecosystem actors, not here.
    enterprises = {y: [r for r in at_end[y] if counts_as_company(r.org_type)] for y in years}
    by_sme = Table(
        title=t("tbl.by_sme", lang),
        columns=[
            ColumnSpec("sme", t("col.sme", lang), "text", 28),
            *_year_count_columns(years, lang),
        ],
        rows=_count_rows(
            enterprises,
            years,
            lambda r: r.sme_class if r.sme_class is not None else "unknown",
            sme_order.__getitem__,
            lambda k: [t("sme_unknown", lang) if k == "unknown" else enum_label("sme", k, lang)],
        ),
        totals=_count_totals(enterprises, years, [total_label]),
        key="by_sme",
    )

    def region_group(r: RegisterRow) -> str:
        if cluster_nuts2 and r.nuts2:
            if r.nuts2.upper().startswith(cluster_nuts2.upper()):
                return t("in_region", lang, region=cluster_nuts2)
            return t("other_regions", lang)
        return _region_of(r, lang)

    in_region = t("in_region", lang, region=cluster_nuts2 or "")
    unknown_region = t("unknown_region", lang)
    by_region = Table(
        title=t("tbl.by_region", lang),
        columns=[
            ColumnSpec("region", t("col.region", lang), "text", 34),
            *_year_count_columns(years, lang),
        ],
        rows=_count_rows(
            at_end,
            years,
            region_group,
            lambda k: (k != in_region, k == unknown_region, k),
            lambda k: [k],
        ),
        totals=_count_totals(at_end, years, [total_label]),
        key="by_region",
    )

    combo = Table(
        title=t("tbl.composition", lang),
        columns=[
            ColumnSpec("type", t("col.type", lang), "text", 26),
            ColumnSpec("sme", t("col.sme", lang), "text", 18),
            ColumnSpec("region", t("col.region", lang), "text", 22),
            *_year_count_columns(years, lang),
        ],
        rows=_count_rows(
            at_end,
            years,
            lambda r: (r.org_type, _sme_text(r, lang), _region_of(r, lang)),
            lambda k: (type_order[k[0]], k[1], k[2]),
            lambda k: [enum_label("org_type", k[0], lang), k[1], k[2]],
        ),
        totals=_count_totals(at_end, years, [total_label, None, None]),
        key="composition",
    )
    return {"by_type": by_type, "by_sme": by_sme, "by_region": by_region, "composition": combo}


def _movements_table(db: Database, years: list[int], lang: str) -> Table:
    moves = member_service.movements(db, years)
    return Table(
        title=t("tbl.movements", lang),
        columns=[
            ColumnSpec("year", t("col.year", lang), "year", 10),
            ColumnSpec("joined", t("col.joined", lang), "int"),
            ColumnSpec("left", t("col.left", lang), "int"),
            ColumnSpec("total", t("col.total_year_end", lang), "int", 16),
        ],
        rows=[[m.year, m.joined, m.left, m.total_at_end] for m in moves],
        key="movements",
    )


# --------------------------------------------------------------------------- competence areas


def _area_members(db: Database, day: date, org_ids: set[int]) -> dict[int, set[int]]:
    """Organisation ids per area id taking part on *day* (only *org_ids*)."""
    with unit_of_work(db, write=False) as session:
        rows = session.execute(
            select(AreaParticipation.area_id, AreaParticipation.organisation_id).where(
                AreaParticipation.from_date <= day,
                or_(AreaParticipation.to_date.is_(None), AreaParticipation.to_date > day),
            )
        ).all()
    result: dict[int, set[int]] = defaultdict(set)
    for area_id, org_id in rows:
        if org_id in org_ids:
            result[area_id].add(org_id)
    return result


def _areas_tables(
    db: Database, at_end: Population, years: list[int], lang: str
) -> dict[str, Table]:
    """Members on 31 December (*at_end*) per competence area, and the last year's matrix."""
    summaries = list_areas(db, date(years[-1], 12, 31))
    with unit_of_work(db, write=False) as session:
        meetings = dict(
            session.execute(select(CompetenceArea.id, CompetenceArea.meetings_per_year)).all()
        )
    per_year = {y: _area_members(db, date(y, 12, 31), {r.org_id for r in at_end[y]}) for y in years}
    rows = []
    for a in summaries:
        row: list[Any] = [a.name, a.code, a.coordinator, ", ".join(a.pillar_names)]
        row += [len(per_year[y].get(a.id, ())) for y in years]
        row.append(meetings.get(a.id))
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
    matrix_rows = []
    for reg in sorted(at_end[last], key=lambda r: r.name.casefold()):
        cells: list[Any] = [reg.name, enum_label("org_type", reg.org_type, lang)]
        n = 0
        for a in summaries:
            inside = reg.org_id in per_year[last].get(a.id, ())
            cells.append(1 if inside else None)
            n += inside
        cells.append(n)
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


def _pillar_tables(db: Database, years: list[int], lang: str) -> Table:
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


@dataclass(frozen=True)
class ProjectFilters:
    """The Projects page's filters (all optional; ``project_ids`` keeps exactly those)."""

    programme: str | None = None
    status: ProjectStatus | str | None = None
    pillar_id: int | None = None
    year: int | None = None
    project_ids: Sequence[int] | None = None

    def describe(self, lang: str) -> str:
        parts = []
        if self.programme:
            parts.append(f"{t('col.programme', lang)} = {self.programme}")
        if self.status:
            status = enum_label("project_status", self.status, lang)
            parts.append(f"{t('col.project_status', lang)} = {status}")
        if self.pillar_id:
            parts.append(f"{t('col.pillar', lang)} #{self.pillar_id}")
        if self.year:
            parts.append(f"{t('col.year', lang)} = {self.year}")
        if self.project_ids is not None:
            parts.append(f"{len(self.project_ids)} {t('col.projects', lang).lower()}")
        return "; ".join(parts)


@dataclass(frozen=True)
class _ProjectRow:
    acronym: str
    title: str | None
    programme: str | None
    call_id: str | None
    status: str
    role: str | None
    start: date | None
    end: date | None
    total_budget: Decimal | None
    cluster_budget: Decimal | None
    eu_contribution: Decimal | None
    partners: list[tuple[str, bool, str | None, str, Decimal | None, Decimal | None]]
    pillars: list[str]
    areas: list[str]


def _project_rows(projects: Iterable[Project]) -> list[_ProjectRow]:
    rows = []
    for p in projects:
        partners = [
            (
                pp.display_name,
                pp.organisation_id is not None,
                pp.organisation.country if pp.organisation is not None else pp.external_country,
                str(pp.role),
                pp.budget,
                pp.contribution,
            )
            for pp in p.partners
        ]
        rows.append(
            _ProjectRow(
                acronym=p.acronym,
                title=p.title,
                programme=p.programme,
                call_id=p.call_id,
                status=str(p.status),
                role=str(p.cluster_role) if p.cluster_role else None,
                start=p.start_date,
                end=p.end_date,
                total_budget=p.total_budget,
                cluster_budget=p.cluster_budget,
                eu_contribution=p.eu_contribution,
                partners=partners,
                pillars=sorted(x.name for x in p.pillars),
                areas=sorted(x.name for x in p.areas),
            )
        )
    return rows


def _money_totals(rows: Sequence[_ProjectRow]) -> list[Decimal]:
    """Total budget, cluster budget and EU contribution summed over *rows* (None counts as 0)."""
    return [
        sum((_money(p.total_budget) for p in rows), ZERO),
        sum((_money(p.cluster_budget) for p in rows), ZERO),
        sum((_money(p.eu_contribution) for p in rows), ZERO),
    ]


def _classify_projects(
    projects: Iterable[Project], first: date | None = None, last: date | None = None
) -> tuple[list[Project], list[Project], list[Project]]:
    """(funded, pipeline, no dates) among *projects*, by :mod:`workbench.rules.projects`.

    With *first* and *last*, funded and pipeline projects are kept only when their dates
    overlap that period; undated projects are listed whatever the period (they can never be
    shown to run in it, and the reader must see that they were left out).
    """
    classes: dict[str, list[Project]] = {
        project_rules.FUNDED: [],
        project_rules.PIPELINE: [],
        project_rules.NO_DATES: [],
    }
    for p in projects:
        kind = project_rules.project_class(p.status, p.start_date)
        if kind != project_rules.NO_DATES and first is not None and last is not None:
            if not project_rules.overlaps(p.start_date, p.end_date, first, last):
                continue
        classes[kind].append(p)
    return (
        classes[project_rules.FUNDED],
        classes[project_rules.PIPELINE],
        classes[project_rules.NO_DATES],
    )


def _projects_table(
    rows: list[_ProjectRow],
    lang: str,
    *,
    key: str = "projects",
    title: str | None = None,
    with_totals: bool = True,
) -> Table:
    """One line per project. Only the funded list has a totals row: the pipeline is never summed."""
    body = []
    for p in rows:
        body.append(
            [
                p.acronym,
                p.title,
                p.programme,
                p.call_id,
                enum_label("project_status", p.status, lang),
                enum_label("role", p.role, lang) if p.role else None,
                p.start,
                p.end,
                p.total_budget,
                p.cluster_budget,
                p.eu_contribution,
                len(p.partners),
                sum(1 for x in p.partners if x[1]),
                "; ".join(x[0] for x in p.partners) or None,
                ", ".join(p.pillars) or None,
            ]
        )
    return Table(
        title=title or t("tbl.projects", lang),
        columns=[
            ColumnSpec("acronym", t("col.acronym", lang), "text", 18),
            ColumnSpec("title", t("col.title", lang), "text", 40, pdf=False),
            ColumnSpec("programme", t("col.programme", lang), "text", 18),
            ColumnSpec("call", t("col.call", lang), "text", 20),
            ColumnSpec("status", t("col.project_status", lang), "text", 13),
            ColumnSpec("role", t("col.role", lang), "text", 13),
            ColumnSpec("start", t("col.start", lang), "date"),
            ColumnSpec("end", t("col.end", lang), "date"),
            ColumnSpec("total_budget", t("col.total_budget", lang), "money"),
            ColumnSpec("cluster_budget", t("col.cluster_budget", lang), "money"),
            ColumnSpec("eu_contribution", t("col.eu_contribution", lang), "money", 18),
            ColumnSpec("partners", t("col.partners", lang), "int", 9),
            ColumnSpec("member_partners", t("col.member_partners", lang), "int", 10),
            ColumnSpec("partner_names", t("col.partner_names", lang), "text", 60, pdf=False),
            ColumnSpec("pillars", t("col.pillars", lang), "text", 30),
        ],
        rows=body,
        totals=[
            t("col.total_row", lang),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            *_money_totals(rows),
            sum(len(p.partners) for p in rows),
            sum(sum(1 for x in p.partners if x[1]) for p in rows),
            None,
            None,
        ]
        if with_totals
        else None,
        key=key,
    )


def _project_list_tables(
    funded: list[_ProjectRow],
    pipeline: list[_ProjectRow],
    undated: list[_ProjectRow],
    lang: str,
    first: date | None = None,
    last: date | None = None,
) -> list[Table]:
    """The funded list (with totals), then the pipeline and the undated projects if any.

    With a period (*first*–*last*) the notes name it; the portfolio report has none.
    """
    if first is not None and last is not None:
        span = {"start": short_date(first), "end": short_date(last)}
        funded_note = t("projects.note", lang, **span)
        pipeline_note = t("projects.pipeline_note", lang, **span)
    else:
        funded_note = t("projects.funded_note", lang)
        pipeline_note = t("projects.pipeline_note_all", lang)
    tables = [_projects_table(funded, lang)]
    tables[0].note = funded_note
    if pipeline:
        tables.append(
            _projects_table(
                pipeline,
                lang,
                key="pipeline",
                title=t("tbl.pipeline", lang),
                with_totals=False,
            )
        )
        tables[-1].note = pipeline_note
    if undated:
        tables.append(
            _projects_table(
                undated, lang, key="no_dates", title=t("tbl.no_dates", lang), with_totals=False
            )
        )
        tables[-1].note = t("projects.no_dates_note", lang)
    return tables


def _money_columns(lang: str) -> list[ColumnSpec]:
    return [
        ColumnSpec("count", t("col.projects", lang), "int", 10),
        ColumnSpec("total_budget", t("col.total_budget", lang), "money"),
        ColumnSpec("cluster_budget", t("col.cluster_budget", lang), "money"),
        ColumnSpec("eu_contribution", t("col.eu_contribution", lang), "money", 18),
    ]


def _group_table(
    rows: list[_ProjectRow],
    keys_of: Any,
    key: str,
    title: str,
    first: ColumnSpec,
    lang: str,
    order: Any = None,
    note: str | None = None,
    with_totals: bool = True,
) -> Table:
    """Projects grouped by *keys_of* (a project may fall in several groups): count and money.

    The totals row (all of *rows*, each project once) is left out when *with_totals* is False,
    where a project counted in several groups would make the column sums misleading.
    """
    groups: dict[Any, list[_ProjectRow]] = defaultdict(list)
    for p in rows:
        for k in keys_of(p):
            groups[k].append(p)
    keys = sorted(groups, key=order or (lambda k: (k is None, str(k))))
    return Table(
        title=title,
        columns=[first, *_money_columns(lang)],
        rows=[[k, len(groups[k]), *_money_totals(groups[k])] for k in keys],
        totals=[t("col.total_row", lang), len(rows), *_money_totals(rows)] if with_totals else None,
        note=note,
        key=key,
    )


def _project_group_tables(
    rows: list[_ProjectRow], lang: str, others: Sequence[_ProjectRow] = ()
) -> dict[str, Table]:
    """Funding by programme, start year and pillar of the funded *rows*; projects by status.

    The status table also holds *others* (the pipeline), each status on its own row and
    without a totals row: those budgets are never added to funding. Undated projects have a
    list of their own (:func:`_project_list_tables`).
    """
    no_programme = "—"
    by_programme = _group_table(
        rows,
        lambda p: [p.programme or no_programme],
        "by_programme",
        t("tbl.by_programme", lang),
        ColumnSpec("programme", t("col.programme", lang), "text", 24),
        lang,
    )
    by_programme.rows.sort(key=lambda r: (-r[4], r[0]))
    by_year = _group_table(
        rows,
        lambda p: [p.start.year if p.start else "—"],
        "by_year",
        t("tbl.by_year", lang),
        ColumnSpec("year", t("col.year", lang), "year", 10),
        lang,
        note=t("projects.year_note", lang),
    )
    by_pillar = _group_table(
        rows,
        lambda p: p.pillars or ["—"],
        "by_pillar",
        t("tbl.by_pillar", lang),
        ColumnSpec("pillar", t("col.pillar", lang), "text", 28),
        lang,
        note=gettext("A project linked to several pillars counts in each of them.", lang),
        with_totals=False,
    )
    status_order = {s.value: i for i, s in enumerate(ProjectStatus)}
    by_status = _group_table(
        [*rows, *others],
        lambda p: [p.status],
        "by_status",
        t("tbl.by_status", lang),
        ColumnSpec("status", t("col.project_status", lang), "text", 18),
        lang,
        order=lambda k: status_order.get(k, 99),
        note=t("projects.status_note", lang),
        with_totals=False,
    )
    for row in by_status.rows:
        row[0] = enum_label("project_status", row[0], lang)
    return {
        "by_programme": by_programme,
        "by_year": by_year,
        "by_pillar": by_pillar,
        "by_status": by_status,
    }


def _project_charts(groups: dict[str, Table], lang: str) -> tuple[Chart, Chart]:
    """EU contribution by programme and by pillar, drawn from :func:`_project_group_tables`."""
    by_programme = Chart(
        "hbar",
        t("chart.by_programme", lang),
        groups["by_programme"],
        "programme",
        ["eu_contribution"],
        "money",
    )
    by_pillar = Chart(
        "hbar",
        t("chart.by_pillar", lang),
        groups["by_pillar"],
        "pillar",
        ["eu_contribution"],
        "money",
    )
    return by_programme, by_pillar


def _partners_table(rows: list[_ProjectRow], lang: str) -> Table:
    body: list[list[Any]] = []
    for p in rows:
        for name, is_member, country, role, budget, contribution in p.partners:
            body.append(
                [
                    p.acronym,
                    name,
                    t("yes", lang) if is_member else t("no", lang),
                    country,
                    enum_label("role", role, lang),
                    budget,
                    contribution,
                ]
            )
    return Table(
        title=t("tbl.partners", lang),
        columns=[
            ColumnSpec("project", t("col.project", lang), "text", 16),
            ColumnSpec("partner", t("col.partner", lang), "text", 44),
            ColumnSpec("member", t("col.is_member", lang), "text", 8),
            ColumnSpec("country", t("col.country", lang), "text", 8),
            ColumnSpec("role", t("col.partner_role", lang), "text", 14),
            ColumnSpec("budget", t("col.budget", lang), "money"),
            ColumnSpec("contribution", t("col.contribution", lang), "money"),
        ],
        rows=body,
        totals=[
            t("col.total_row", lang),
            None,
            None,
            None,
            None,
            sum((_money(r[5]) for r in body), ZERO),
            sum((_money(r[6]) for r in body), ZERO),
        ]
        if body
        else None,
        key="partners",
    )


# --------------------------------------------------------------------------- finance


def _finance_tables(db: Database, years: list[int], lang: str) -> dict[str, Table]:
    with unit_of_work(db, write=False) as session:
        incomes = session.execute(
            select(Income.year, Income.category, Income.amount, Income.is_private).where(
                Income.year.in_(years)
            )
        ).all()
    amounts: dict[tuple[str, bool], dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    private: dict[int, Decimal] = defaultdict(Decimal)
    public: dict[int, Decimal] = defaultdict(Decimal)
    for year, category, amount, is_private in incomes:
        amounts[(str(category), bool(is_private))][year] += amount
        (private if is_private else public)[year] += amount
    category_order = {c.value: i for i, c in enumerate(IncomeCategory)}
    rows = []
    for (category_key, is_private), per_year in sorted(
        amounts.items(), key=lambda kv: (not kv[0][1], category_order.get(kv[0][0], 99))
    ):
        rows.append(
            [
                enum_label("income", category_key, lang),
                t("private", lang) if is_private else t("public", lang),
                *[per_year.get(y, ZERO) for y in years],
            ]
        )
    income = Table(
        title=t("tbl.income", lang),
        columns=[
            ColumnSpec("category", t("col.category", lang), "text", 28),
            ColumnSpec("kind", t("col.private_public", lang), "text", 14),
            *[ColumnSpec(f"y{y}", t("col.amount_year", lang, year=y), "money") for y in years],
        ],
        rows=rows,
        totals=[t("col.total_row", lang), None, *[private[y] + public[y] for y in years]],
        note=t("finance.note", lang),
        key="income",
    )
    share = Table(
        title=t("tbl.private_share", lang),
        columns=[
            ColumnSpec("year", t("col.year", lang), "year", 10),
            ColumnSpec("private", t("col.private", lang), "money"),
            ColumnSpec("public", t("col.public", lang), "money"),
            ColumnSpec("total", t("col.total", lang), "money"),
            ColumnSpec("share", t("col.private_share", lang), "pct", 13),
        ],
        rows=[
            [
                y,
                private[y],
                public[y],
                private[y] + public[y],
                _pct(private[y], private[y] + public[y]),
            ]
            for y in years
        ],
        key="private_share",
    )
    return {"income": income, "private_share": share}


# --------------------------------------------------------------------------- activities


def _activity_tables(db: Database, years: list[int], lang: str) -> dict[str, Table]:
    from sqlalchemy.orm import selectinload

    first, last = date(years[0], 1, 1), date(years[-1], 12, 31)
    with unit_of_work(db, write=False) as session:
        activities = list(
            session.scalars(
                select(Activity)
                .options(selectinload(Activity.participants))
                .where(Activity.start_date.between(first, last))
                .order_by(Activity.start_date, Activity.title)
            )
        )
    counts: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    listing = []
    for a in activities:
        members = sum(1 for p in a.participants if p.organisation_id is not None)
        others = len(a.participants) - members + (a.anonymous_participants or 0)
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


# --------------------------------------------------------------------------- indicators


def _status_key(status: Any) -> str:
    raw = str(getattr(status, "value", status) or "unknown").lower()
    return raw if raw in ("pass", "fail", "unknown", "not_scored") else "unknown"


def _threshold_text(result: Any, lang: str) -> str:
    """The effective threshold for the report; shipped defaults are marked with *."""
    definition = result.definition
    # The report marks shipped defaults with * and a note, not with the engine's "(default)".
    default = bool(result.threshold_is_default)
    effective = definition.threshold_text if default else getattr(result, "threshold_text", "")
    english = str(effective or definition.threshold_text or "")
    if not english or english.startswith("—"):
        return "—"
    text = gettext(english, lang) if default else translate(effective, lang)
    if default and definition.default_threshold is not None:
        text += " *"
    return text


@dataclass(frozen=True)
class _Indicators:
    periods: list[str]
    period_titles: list[str]
    rows: list[dict[str, Any]]
    passing: int
    total: int
    readiness_pct: Decimal
    bar_pct: Decimal
    ready: bool
    level: str
    not_scored: int = 0
    #: Income years beyond Y-2 and Y-1 that decide a money verdict (the current state's).
    money_years: list[int] = field(default_factory=list)


def _value_text(period: Any, unit: str, lang: str) -> str:
    """A period's value in the report's language: numbers, decimals and units localised.

    A plain numeric value (the engine's ``display`` is just the number with its unit) is
    formatted again for *lang*; composite displays ("7 types, 76.7 % companies") are the
    engine's messages in *lang*, and texts entered by hand stay as they are.
    """
    from workbench.indicators.formatting import fmt_number, fmt_value

    value, display = period.value, period.display or ""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return translate(display, lang)
    if display != fmt_value(value, unit):
        return translate(display, lang)
    decimals = 2 if unit in ("FTE", "count", "members", "text") else 1
    plain = fmt_number(Decimal(value), decimals)  # at most *decimals*, no trailing zeros
    shown = format_number(Decimal(plain), lang, len(plain.partition(".")[2]))
    if unit == "%":
        return f"{shown} %"
    if unit == "FTE":
        return f"{shown} {t('unit.fte', lang)}"
    if unit == "years":
        return f"{shown} {t('unit.year' if value == 1 else 'unit.years', lang)}"
    return shown


#: Indicators whose value is computed from the income records (their deciding year's
#: breakdown belongs in the finance section).
_MONEY_INDICATORS = frozenset({"3.1", "3.2"})


_QUANTITY_UNITS: dict[str, Any] = {"%": "%", "FTE": "FTE", "years": "years"}


def _indicator_cell(value: Any, display: str, unit: str, lang: str = "en") -> Any:
    """A period's value for the workbook: a number (with its unit), a text, or None.

    Numbers stay numbers so that people can compute with them; a value that is not a number
    (a manual text, "passed") is the text the PDF shows; no value is an empty cell.
    """
    from workbench.indicators.formatting import fmt_value

    if value is None or isinstance(value, str):
        return None if display == fmt_value(None, unit) else translate(display, lang)
    quantity_unit = _QUANTITY_UNITS.get(unit, "")
    if isinstance(value, int) and not quantity_unit:
        return value
    return Quantity(value, quantity_unit)


def _indicators(db: Database, year: int, lang: str, level: str, today: date | None) -> _Indicators:
    from workbench.indicators import assess
    from workbench.indicators.engine import build_periods

    assessment = assess(db, year, level=level, today=today)
    periods = [str(p) for p in assessment.periods]
    periods_of = build_periods(year, today)
    money_years: set[int] = set()
    titles = [t("current", lang) if p == "current" else p for p in periods]
    rows = []
    for result in assessment.results:
        d = result.definition
        values = [_value_text(pv, d.unit, lang) for pv in result.periods]
        rows.append(
            {
                "id": d.id,
                "area": d.area,
                "name": d.name(lang),
                "values": values,
                "cells": [
                    _indicator_cell(pv.value, pv.display, d.unit, lang) for pv in result.periods
                ],
                "statuses": [_status_key(pv.status) for pv in result.periods],
                "decided_by": (
                    titles[periods.index(result.status_period)]
                    if result.status_period in periods
                    else ""
                ),
                "threshold": _threshold_text(result, lang),
                "threshold_is_default": bool(result.threshold_is_default),
                "status": _status_key(result.status),
                "evidence": int(result.evidence_count or 0),
                "evidence_files": [str(f) for f in (result.evidence_files or [])],
                "note": result.note or "",
                "missing": [translate(m, lang) for m in (result.missing or [])],
                "advice": translate(result.advice, lang) if result.advice else "",
                "kind": str(getattr(d.kind, "value", d.kind)),
                "period_titles": titles,
                "basis": [
                    {
                        "title": title,
                        "display": _value_text(pv, d.unit, lang),
                        "status": _status_key(pv.status),
                        "inputs": [translate(x, lang) for x in pv.inputs],
                        "missing": [translate(x, lang) for x in pv.missing],
                        "evidence": [(e.name, e.year, e.description) for e in pv.evidence],
                        "proposal": translate(pv.proposal, lang) if pv.proposal else pv.proposal,
                        "entered": pv.manual and pv.proposal is None and pv.value is not None,
                    }
                    for title, pv in zip(titles, result.periods, strict=True)
                ],
            }
        )
        if d.id in _MONEY_INDICATORS and result.status_period == "current":
            money_years.add(periods_of[-1].money_year)
    return _Indicators(
        periods=periods,
        period_titles=titles,
        rows=rows,
        passing=int(assessment.passing),
        total=len(rows),
        readiness_pct=Decimal(assessment.readiness_pct),
        bar_pct=Decimal(assessment.gold_bar_pct),
        ready=bool(assessment.ready_for_gold),
        level=str(assessment.level),
        not_scored=int(assessment.not_scored),
        money_years=sorted(money_years),
    )


def _indicator_columns(ind: _Indicators, lang: str, *, full: bool) -> list[ColumnSpec]:
    # Workbook widths are characters; the PDF variant (full=False) gets more room for values.
    cols = [
        ColumnSpec("id", t("col.id", lang), "text", 8 if full else 7.5),
        ColumnSpec("area", t("col.area", lang), "text", 22, pdf=False),
        ColumnSpec("name", t("col.indicator", lang), "text", 38 if full else 24),
    ]
    # Each period's value is followed by its own verdict (a mark in the PDF, a word in the
    # workbook), so an assessor sees Y-2, Y-1 and the current state judged apart.
    for i, title in enumerate(ind.period_titles):
        cols += [
            # The workbook's period columns hold numbers with their units (auto), the PDF's
            # the text.
            ColumnSpec(f"p{i}", title, "auto" if full else "text", 16 if full else 15),
            ColumnSpec(
                f"s{i}",
                t("col.verdict_of", lang, period=title) if full else "",
                "mark",
                12 if full else 3,
            ),
        ]
    cols += [
        ColumnSpec("threshold", t("col.threshold", lang), "text", 18 if full else 15),
        ColumnSpec("status", t("col.status", lang), "status", 12 if full else 12.5),
        ColumnSpec("decided_by", t("col.decided_by", lang), "text", 12 if full else 9),
        ColumnSpec("evidence", t("col.evidence", lang), "int", 10 if full else 8),
    ]
    if full:
        cols += [
            ColumnSpec("note", t("col.note", lang), "text", 40, pdf=False),
            ColumnSpec("advice", t("col.advice", lang), "text", 40, pdf=False),
        ]
        # What is missing is in the "Missing inputs" table below and, per period, on the
        # Basis sheet: a third copy here made every row tall (13 printed pages). The values
        # in words ("7 types, 76.7 % companies") are the Basis sheet's Value column, once.
    return cols


SHORT_VALUE = 44


def _short(text: str, limit: int = SHORT_VALUE) -> str:
    """*text* cut at a word boundary to about *limit* characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + " …"


def _indicator_table(
    ind: _Indicators, lang: str, rows: list[dict[str, Any]], key: str, title: str, *, full: bool
) -> Table:
    body = []
    previous_area = None
    for r in rows:
        values = r["cells"] if full else [_short(v) for v in r["values"]]
        judged = [x for pair in zip(values, r["statuses"], strict=True) for x in pair]
        # The area once per run of its indicators (the id's first digit says it on every
        # row): repeated, its long names made every row two or three lines tall.
        area = enum_label("area", r["area"], lang) if r["area"] != previous_area else None
        previous_area = r["area"]
        row: list[Any] = [
            r["id"],
            area,
            r["name"],
            *judged,
            r["threshold"],
            r["status"],
            r["decided_by"] or None,
            r["evidence"],
        ]
        if full:
            row += [
                r["note"] or None,
                r["advice"] or None,
            ]
        body.append(row)
    return Table(
        title=title,
        columns=_indicator_columns(ind, lang, full=full),
        rows=body,
        note=" ".join(
            [t("verdict.note", lang, first=ind.period_titles[0], second=ind.period_titles[1])]
            + (
                [t("threshold.default_note", lang)]
                if any(r["threshold_is_default"] for r in rows)
                else []
            )
        ),
        key=key,
    )


def _missing_table(ind: _Indicators, lang: str) -> Table:
    body = [[r["id"], r["name"], "; ".join(r["missing"])] for r in ind.rows if r["missing"]]
    return Table(
        title=t("tbl.missing", lang),
        columns=[
            ColumnSpec("id", t("col.id", lang), "text", 8),
            ColumnSpec("name", t("col.indicator", lang), "text", 36),
            ColumnSpec("missing", t("col.missing", lang), "text", 80),
        ],
        rows=body,
        note=None if body else t("nothing_missing", lang),
        key="missing",
    )


def _advice_table(ind: _Indicators, lang: str) -> Table:
    body = [
        [r["id"], r["name"], r["status"], r["advice"] or "; ".join(r["missing"][:2]) or None]
        for r in ind.rows
        if r["status"] != "pass"
    ]
    return Table(
        title=t("tbl.advice", lang),
        columns=[
            ColumnSpec("id", t("col.id", lang), "text", 8),
            ColumnSpec("name", t("col.indicator", lang), "text", 34),
            ColumnSpec("status", t("col.status", lang), "status", 12),
            ColumnSpec("advice", t("col.advice", lang), "text", 60),
        ],
        rows=body,
        key="advice",
    )


def _area_results_table(ind: _Indicators, lang: str) -> Table:
    areas = list(dict.fromkeys(r["area"] for r in ind.rows))
    body = []
    for area in areas:
        statuses = [r["status"] for r in ind.rows if r["area"] == area]
        body.append(
            [
                enum_label("area", area, lang),
                len(statuses),
                statuses.count("pass"),
                statuses.count("fail"),
                statuses.count("not_scored"),
                statuses.count("unknown"),
            ]
        )
    every = [r["status"] for r in ind.rows]
    return Table(
        title=t("tbl.by_area", lang),
        columns=[
            ColumnSpec("area", t("col.area", lang), "text", 40),
            ColumnSpec("total", t("col.indicators", lang), "int", 12),
            ColumnSpec("pass", t("status.pass", lang), "int", 10),
            ColumnSpec("fail", t("status.fail", lang), "int", 10),
            ColumnSpec("not_scored", t("status.not_scored", lang), "int", 12),
            ColumnSpec("unknown", t("status.unknown", lang), "int", 12),
        ],
        rows=body,
        totals=[
            t("col.total_row", lang),
            len(every),
            every.count("pass"),
            every.count("fail"),
            every.count("not_scored"),
            every.count("unknown"),
        ],
        key="by_area",
    )


def _evidence_text(items: list[tuple[str, int, str | None]]) -> str:
    """Evidence as one line: "statute.pdf (2024): signed statute; minutes.pdf (2024)"."""
    return "; ".join(
        f"{name} ({year})" + (f": {description}" if description else "")
        for name, year, description in items
    )


def _basis_table(ind: _Indicators, lang: str) -> Table:
    """What every figure rests on, per indicator and period.

    Each row: the value and its verdict, what was counted, what is missing and the evidence
    attached.

    Facts the records show for a manual indicator with nothing entered are printed as a
    proposed value (confirmed on the Indicators page, it then counts). At Gold level a manual
    indicator — a claim the assessors check against documents — without any evidence file
    for the period says so ("no evidence attached").
    """
    expects_documents = ind.level == "gold"
    body: list[list[Any]] = []
    for r in ind.rows:
        for index, period in enumerate(r["basis"]):
            value = period["display"] or "—"
            if period["proposal"] and value == "—":
                # The first fact, short: all of them are in "what was counted" beside it.
                first = period["inputs"][0] if period["inputs"] else period["proposal"]
                value = t("basis.proposed", lang, value=_short(first, 60))
            evidence = _evidence_text(period["evidence"])
            if not evidence and r["kind"] == "manual" and expects_documents:
                evidence = t("basis.no_evidence", lang)
            body.append(
                [
                    r["id"],
                    # The name once per indicator (the id is on every row, for filters):
                    # repeated on each period's row it wrapped onto two lines 93 times.
                    r["name"] if index == 0 else None,
                    period["title"],
                    value,
                    period["status"],
                    "; ".join(period["inputs"]) or None,
                    "; ".join(period["missing"]) or None,
                    evidence or None,
                ]
            )
    return Table(
        title=t("tbl.basis", lang),
        columns=[
            ColumnSpec("id", t("col.id", lang), "text", 7),
            ColumnSpec("name", t("col.indicator", lang), "text", 22),
            ColumnSpec("period", t("col.period", lang), "text", 9),
            ColumnSpec("value", t("col.value", lang), "text", 22),
            ColumnSpec("status", t("col.status", lang), "mark", 4),
            ColumnSpec("counted", t("col.counted", lang), "text", 50),
            ColumnSpec("missing", t("col.missing", lang), "text", 30),
            ColumnSpec("evidence", t("col.evidence", lang), "text", 24),
        ],
        rows=body,
        note=t("basis.note", lang),
        key="basis",
    )


def _indicator_notes(rows: list[dict[str, Any]], lang: str) -> list[Block]:
    """Per-indicator prose under an area's table: note, what is missing, what would pass."""
    blocks: list[Block] = []
    missing_word = gettext("Missing", lang)
    advice_word = gettext("To pass", lang)
    evidence_word = pgettext("report", "Evidence", lang)
    for r in rows:
        parts = []
        for title, value in zip(r["period_titles"], r["values"], strict=False):
            if len(value) > SHORT_VALUE:
                parts.append(f"{title}: {value}")
        if r["note"]:
            parts.append(r["note"])
        if r["evidence_files"]:
            parts.append(f"{evidence_word}: {', '.join(r['evidence_files'][:6])}")
        if r["status"] != "pass" and r["advice"]:
            parts.append(f"{advice_word}: {r['advice']}")
        if r["missing"]:
            parts.append(f"{missing_word}: {'; '.join(r['missing'][:4])}")
        if parts:
            blocks.append(Paragraph(f"{r['id']} {r['name']} — " + " · ".join(parts), "note"))
    return blocks


# --------------------------------------------------------------------------- label levels


def _for_level(ind: _Indicators) -> _Indicators:
    """*ind* as its level reports it: Bronze rows regrouped in the six Bronze areas."""
    if ind.level != "bronze":
        return ind
    return replace(ind, rows=levels.bronze_rows(ind.rows))


def _silver_improvements(
    db: Database, ind: _Indicators, lang: str
) -> tuple[Section, Sheet, str, str] | None:
    """The Silver improvement areas (None for other levels).

    Returns the chapter, the sheet, the "recorded / asked" figure and the summary sentence.
    """
    if ind.level != "silver":
        return None
    from workbench.indicators.definitions import DEFINITIONS
    from workbench.services import improvements as improvement_service

    assessed = {r["id"]: r for r in ind.rows}
    criteria = {}
    for d in DEFINITIONS:
        row = assessed.get(d.id)
        # The criterion the assessment applied (the cluster's own threshold included); a Gold
        # indicator Silver does not assess shows its default.
        criteria[d.id] = (
            d.name(lang),
            row["threshold"] if row else gettext(d.threshold_text, lang),
        )
    areas = improvement_service.list_areas(db)
    slots = improvement_service.MAX_AREAS
    table = levels.improvement_table(areas, lang, criteria, slots)
    section = Section(
        "silver_improvements",
        t("sec.improvements", lang),
        [levels.improvement_lead(lang), table],
        landscape=True,
    )
    sheet = Sheet(t("sheet.improvements", lang), [table])
    recorded = len([a for a in areas if 1 <= a.position <= slots])
    sentence = t("summary.improvements", lang, recorded=recorded, slots=slots)
    return section, sheet, f"{recorded} / {slots}", sentence


# --------------------------------------------------------------------------- assessment


def assessment_data(
    db: Database,
    year: int,
    lang: str = "en",
    today: date | None = None,
    *,
    level: str = "gold",
    progress: Progress | None = None,
) -> ReportData:
    """The label-assessment evidence pack for assessment year *year*.

    Evidence covers the two full calendar years before *year* (Y-2, Y-1) plus the current
    state. The report's one reference day is the day the indicators evaluate the current
    period on (``min(today, 31 Dec Y)``): the cover prints it as "Figures as of", and the
    profile's years of activity, the staff and the labels' days left are counted to it.
    *today* is only the generation day. Progress is reported as (done, 100).
    """
    from workbench.indicators import current_day

    check_lang(lang)
    today = today or date.today()
    day = current_day(year, today)
    step = scaled(progress, 0, 100)
    years = [year - 2, year - 1]
    start, end = date(years[0], 1, 1), date(years[-1], 12, 31)
    profile = _profile(db)
    step(2, 100)
    ind = _for_level(_indicators(db, year, lang, level, today))
    step(25, 100)
    registers = member_registers(db, years)
    at_end = {y: list(members_at_end(registers[y]).values()) for y in years}
    step(55, 100)
    composition = _composition_tables(at_end, years, lang, profile.nuts2)
    movements = _movements_table(db, list(range(years[0] - 3, years[-1] + 1)), lang)
    areas = _areas_tables(db, at_end, years, lang)
    step(65, 100)
    kpis = _pillar_tables(db, years, lang)
    funded, pipeline, undated = _classify_projects(project_service.list_projects(db), start, end)
    project_rows = _project_rows(funded)
    project_tables = _project_list_tables(
        project_rows, _project_rows(pipeline), _project_rows(undated), lang, start, end
    )
    groups = _project_group_tables(project_rows, lang, _project_rows(pipeline))
    step(75, 100)
    finance = _finance_tables(db, [*years, *ind.money_years], lang)
    activities = _activity_tables(db, years, lang)
    step(85, 100)
    labels = _labels_table(db, lang, day)
    staff = _staff_table(db, lang, start, day)
    level_name = enum_label("label", ind.level, lang)

    readiness = _facts_table(
        "readiness",
        t("tbl.readiness", lang),
        [
            (t("f.readiness", lang), Quantity(ind.readiness_pct, "%")),
            (t("f.passing", lang), ind.passing),
            (t("f.failing", lang), sum(1 for r in ind.rows if r["status"] == "fail")),
            (t("f.unknown", lang), sum(1 for r in ind.rows if r["status"] == "unknown")),
            (t("col.indicators", lang), ind.total),
            (t("f.not_scored", lang), ind.not_scored),
            *levels.bar_facts(ind, lang, level_name),
        ],
        lang,
    )
    members_end = {y: len(at_end[y]) for y in years}
    eu_total = _money_totals(project_rows)[2]
    key_figures = _facts_table(
        "key_figures",
        t("tbl.key_figures", lang),
        [
            *[
                (t("f.members_on", lang, date=short_date(date(y, 12, 31))), members_end[y])
                for y in years
            ],
            (t("f.projects_in_period", lang), len(project_rows)),
            (t("f.eu_in_period", lang), Amount(eu_total)),
            (t("f.pipeline_in_period", lang), len(pipeline)),
            (t("f.activities_in_period", lang), len(activities["activities"].rows)),
        ],
        lang,
    )
    # Money facts are shown as money in the PDF; the generic "auto" column formats Decimals.
    profile_table = _profile_table(profile, lang, day)
    indicator_table = _indicator_table(
        ind, lang, ind.rows, "indicators", t("tbl.indicators", lang), full=True
    )
    missing = _missing_table(ind, lang)
    basis = _basis_table(ind, lang)
    advice = _advice_table(ind, lang)
    by_area = _area_results_table(ind, lang)

    period_text = t("cover.period", lang, start=long_date(start, lang), end=long_date(end, lang))
    report = _new_report(
        "assessment",
        lang,
        profile,
        [
            t("cover.assessment_year", lang, year=year),
            t("cover.level", lang, level=level_name),
            period_text,
            t("cover.figures_as_of", lang, date=long_date(day, lang)),
            t("cover.generated", lang, date=long_date(today, lang)),
        ],
        today,
        running_title=t("report.assessment.short", lang),
    )
    report.cover_facts = [
        (t("f.readiness", lang), format_pct(ind.readiness_pct, lang)),
        (t("f.passing", lang), f"{ind.passing} / {ind.total}"),
        (
            t("f.members_on", lang, date=short_date(end)),
            format_number(members_end[years[-1]], lang),
        ),
        (t("f.projects_in_period", lang), format_number(len(project_rows), lang)),
    ]
    last = years[-1]
    pie = Chart(
        "pie",
        t("chart.members_by_type", lang, date=short_date(date(last, 12, 31))),
        composition["by_type"],
        "type",
        [f"n_{last}"],
    )
    sme_bar = Chart(
        "bar",
        t("chart.sme", lang, date=short_date(date(last, 12, 31))),
        composition["by_sme"],
        "sme",
        [f"n_{y}" for y in years],
    )
    over_time = Chart("bar", t("chart.members_over_time", lang), movements, "year", ["total"])
    by_programme, by_pillar = _project_charts(groups, lang)
    income_chart = Chart(
        "stacked",
        t("chart.income", lang),
        finance["private_share"],
        "year",
        ["private", "public"],
        "money",
    )
    activity_chart = Chart(
        "hbar",
        t("chart.activities", lang),
        activities["activities_by_type"],
        "type",
        [f"n_{y}" for y in years],
    )
    area_chart = Chart(
        "hbar", t("chart.area_members", lang), areas["area_counts"], "area", [f"members_{last}"]
    )

    # One register table per year for both views (the PDF annex only renames its copy).
    register_tables = {y: _register_table(registers[y], y, lang) for y in years}

    # ---- workbook view
    report.sheets = [
        Sheet(
            t("sheet.summary", lang),
            [
                Paragraph(t("cover.figures_as_of", lang, date=long_date(day, lang)), "lead"),
                profile_table,
                readiness,
                key_figures,
                labels,
                staff,
            ],
            freeze=False,
        ),
        # What is missing on its own sheet: under the indicator table it shared that table's
        # narrow columns and every line wrapped six to eight times (two printed pages).
        Sheet(t("sheet.indicators", lang), [indicator_table, by_area]),
        Sheet(t("sheet.missing", lang), [missing]),
        *[Sheet(t("sheet.members", lang, year=y), [register_tables[y]]) for y in years],
        Sheet(
            t("sheet.composition", lang),
            [
                composition["by_type"],
                composition["by_sme"],
                composition["by_region"],
                composition["composition"],
                movements,
                pie,
                sme_bar,
                over_time,
            ],
        ),
        Sheet(t("sheet.areas", lang), [areas["area_counts"], areas["area_matrix"], area_chart]),
        Sheet(t("sheet.pillars", lang), [kpis, groups["by_pillar"], by_pillar]),
        Sheet(
            t("sheet.projects", lang),
            [
                *project_tables,
                groups["by_programme"],
                groups["by_year"],
                groups["by_status"],
                by_programme,
            ],
        ),
        Sheet(
            t("sheet.finance", lang), [finance["income"], finance["private_share"], income_chart]
        ),
        Sheet(
            t("sheet.activities", lang),
            [activities["activities_by_type"], activities["activities"], activity_chart],
        ),
        # Last: the long table behind every figure, for whoever checks them.
        Sheet(t("sheet.basis", lang), [basis]),
    ]

    silver = _silver_improvements(db, ind, lang)
    if silver is not None:
        report.sheets.insert(2, silver[1])
        readiness.rows.append([t("f.improvements", lang), silver[2]])

    # ---- PDF view
    summary_blocks: list[Block] = [
        Paragraph(
            t(
                "summary.period",
                lang,
                start=short_date(start),
                end=short_date(end),
                day=short_date(day),
            ),
            "lead",
        ),
        levels.score_block(ind, lang, level_name),
        levels.readiness_paragraph(ind, lang, level_name),
    ]
    if any(r["status"] == "unknown" for r in ind.rows):
        summary_blocks.append(Paragraph(t("summary.unknown_note", lang), "note"))
    summary_blocks += [by_area, key_figures, labels]
    if advice.rows:
        summary_blocks.append(advice)
    sections: list[Section] = [
        Section("summary", t("sec.summary", lang), summary_blocks),
        Section("profile", t("sec.profile", lang), [profile_table, staff]),
        Section(
            "indicators",
            t("sec.indicator_table", lang),
            [
                _indicator_table(
                    ind, lang, ind.rows, "indicators_pdf", t("tbl.indicators", lang), full=False
                ),
                missing,
            ],
        ),
    ]
    area_extras: dict[str, list[Block]] = {
        "structure": [
            Heading(t("sec.composition", lang)),
            ChartRow([pie, sme_bar]),
            composition["by_type"],
            composition["by_sme"],
            composition["by_region"],
            composition["composition"],
        ],
        "governance": [
            Heading(t("tbl.movements", lang)),
            ChartRow([over_time]),
            movements,
            Heading(t("sec.areas", lang)),
            ChartRow([area_chart]),
            areas["area_counts"],
        ],
        "financing": [
            Heading(t("sec.finance", lang)),
            ChartRow([income_chart]),
            finance["income"],
            finance["private_share"],
            Heading(t("tbl.by_programme", lang)),
            ChartRow([by_programme]),
            groups["by_programme"],
            groups["by_year"],
            groups["by_status"],
        ],
        "strategy": [
            Heading(t("sec.pillars", lang)),
            kpis,
            ChartRow([by_pillar]),
            groups["by_pillar"],
            Heading(t("sec.activities", lang)),
            ChartRow([activity_chart]),
            activities["activities_by_type"],
        ],
        "recognition": [],
    }
    area_order = list(dict.fromkeys([r["area"] for r in ind.rows]))
    for n, area in enumerate(area_order, 1):
        rows = [r for r in ind.rows if r["area"] == area]
        blocks: list[Block] = [
            _indicator_table(
                ind, lang, rows, f"indicators_{area}", t("tbl.indicators", lang), full=False
            ),
            *_indicator_notes(rows, lang),
            *area_extras.get(levels.GOLD_AREA_OF.get(area, area), []),
        ]
        sections.append(
            Section(
                f"area_{area}",
                t("sec.area", lang, n=n, name=enum_label("area", area, lang)),
                blocks,
            )
        )
    if silver is not None:
        sections.append(silver[0])
        # Silver's own requirement, said in the summary beside the score.
        summary_blocks.insert(3, Paragraph(silver[3]))
    annex = 1
    for y in years:
        register = register_tables[y]
        # The note leads the annex as a paragraph, so the table itself carries none.
        register_pdf = replace(register, key=f"register_pdf_{y}", note=None)
        sections.append(
            Section(
                f"annex_register_{y}",
                t("sec.annex_register", lang, n=annex, date=short_date(date(y, 12, 31))),
                [Paragraph(register.note or "", "note"), register_pdf],
                landscape=True,
                annex=True,
            )
        )
        annex += 1
    sections.append(
        Section(
            "annex_projects",
            t("sec.annex_projects", lang, n=annex),
            list(project_tables),
            landscape=True,
            annex=True,
        )
    )
    annex += 1
    sections.append(
        Section(
            "annex_basis",
            t("sec.annex_basis", lang, n=annex),
            [basis],
            landscape=True,
            annex=True,
        )
    )
    report.sections = sections
    recorded = (
        any(registers[y] for y in years)
        or funded
        or pipeline
        or undated
        or activities["activities"].rows
        or finance["income"].rows
    )
    if not recorded:
        _say_no_data(
            report, t("no_data.assessment", lang, start=short_date(start), end=short_date(day))
        )
    step(100, 100)
    return report


# --------------------------------------------------------------------------- member directory


def member_directory_data(
    db: Database,
    rows_filter: Sequence[int] | None = None,
    lang: str = "en",
    as_of: date | None = None,
    *,
    member_ids: Sequence[int] | None = None,
    filter_description: str | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ReportData:
    """A directory of members: the rows shown on the Members page, in the page's order.

    Args:
        db: the database.
        rows_filter: same as *member_ids* (positional form).
        lang: en or it.
        as_of: status, areas and SME class as of this day (default today).
        member_ids: MemberRow ids to include, in this order (the page's filtered and sorted
            rows). None: every organisation that is a member on *as_of*.
        filter_description: the page's filters in words, printed on the report.
        today: generation date (default today).
        progress: ``progress(done, total)`` callback.
    """
    check_lang(lang)
    today = today or date.today()
    day = as_of or today
    step = scaled(progress, 0, 100)
    wanted = member_ids if member_ids is not None else rows_filter
    ids = list(wanted) if wanted is not None else None
    all_rows = member_service.member_rows(db, as_of=day)
    step(40, 100)
    if ids is None:
        chosen = [r for r in all_rows if r.status == "active"]
        selection = t("f.all_members", lang, date=short_date(day))
    else:
        by_id = {r.id: r for r in all_rows}
        chosen = [by_id[i] for i in ids if i in by_id]
        selection = filter_description or t("f.selected_members", lang, n=len(chosen))
    with unit_of_work(db, write=False) as session:
        contacts = {
            org_id: (website, email, phone)
            for org_id, website, email, phone in session.execute(
                select(
                    Organisation.id, Organisation.website, Organisation.email, Organisation.phone
                )
            )
        }
    step(60, 100)
    body = []
    for r in chosen:
        website, email, phone = contacts.get(r.id, (None, None, None))
        body.append(
            [
                r.name,
                enum_label("org_type", r.org_type, lang),
                enum_label("sme", r.sme_class, lang) if r.sme_class else None,
                r.vat,
                r.city,
                r.region,
                r.member_since,
                r.left_on,
                t(f"mstatus.{r.status}", lang),
                ", ".join(r.areas) or None,
                t(f"fee.{r.fee_status}", lang),
                website,
                email,
                phone,
            ]
        )
    table = Table(
        title=t("tbl.directory", lang),
        columns=[
            ColumnSpec("name", t("col.name", lang), "text", 42),
            ColumnSpec("type", t("col.type", lang), "text", 20),
            ColumnSpec("sme", t("col.sme", lang), "text", 10),
            ColumnSpec("vat", t("col.vat", lang), "text", 16),
            ColumnSpec("city", t("col.city", lang), "text", 16),
            ColumnSpec("region", t("col.region", lang), "text", 14),
            ColumnSpec("member_since", t("col.member_since", lang), "date"),
            ColumnSpec("left_on", t("col.left_on", lang), "date"),
            ColumnSpec("status", t("col.member_status", lang), "text", 12),
            ColumnSpec("areas", t("col.areas", lang), "text", 30),
            ColumnSpec("fee", t("col.fee", lang, year=day.year), "text", 10),
            ColumnSpec("website", t("col.website", lang), "text", 28, pdf=False),
            ColumnSpec("email", t("col.email", lang), "text", 26, pdf=False),
            ColumnSpec("phone", t("col.phone", lang), "text", 16, pdf=False),
        ],
        rows=body,
        note=t("directory.note", lang, n=len(body)),
        key="directory",
    )
    type_counts = Counter(r.org_type for r in chosen)
    by_type = Table(
        title=t("tbl.by_type", lang),
        columns=[
            ColumnSpec("type", t("col.type", lang), "text", 28),
            ColumnSpec("count", t("col.count", lang), "int"),
            ColumnSpec("share", t("col.share", lang), "pct"),
        ],
        rows=[
            [enum_label("org_type", k, lang), type_counts[k], _pct(type_counts[k], len(chosen))]
            for k in OrgType
            if type_counts[k]
        ],
        totals=[t("col.total_row", lang), len(chosen), _pct(len(chosen), len(chosen))],
        key="directory_by_type",
    )
    profile = _profile(db)
    pie = Chart("pie", t("tbl.by_type", lang), by_type, "type", ["count"])
    report = _new_report(
        "members",
        lang,
        profile,
        [
            t("cover.figures_as_of", lang, date=long_date(day, lang)),
            t("cover.filters", lang, filters=selection),
            t("cover.generated", lang, date=long_date(today, lang)),
        ],
        today,
    )
    report.cover_facts = [
        (t("f.organisations", lang), format_number(len(body), lang)),
        *[
            (enum_label("org_type", k, lang), format_number(type_counts[k], lang))
            for k, _n in type_counts.most_common(3)
        ],
    ]
    report.sheets = [Sheet(t("sheet.directory", lang), [table, by_type, pie])]
    report.sections = [
        Section(
            "overview",
            t("sec.overview", lang),
            [
                Paragraph(t("f.selection", lang) + ": " + selection, "lead"),
                ChartRow([pie]),
                by_type,
            ],
        ),
        Section("directory", t("sec.directory", lang), [table], landscape=True),
    ]
    report.payload = {"as_of": day, "selection": selection, "count": len(body)}
    if not body:
        empty = "no_data.members" if ids is None else "no_data.selection"
        _say_no_data(report, t(empty, lang, date=short_date(day)))
    step(100, 100)
    return report


# --------------------------------------------------------------------------- project portfolio


def project_portfolio_data(
    db: Database,
    lang: str = "en",
    filters: ProjectFilters | None = None,
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> ReportData:
    """The project portfolio with the Projects page's filters: list, partners and totals."""
    check_lang(lang)
    today = today or date.today()
    filters = filters or ProjectFilters()
    step = scaled(progress, 0, 100)
    status = ProjectStatus(filters.status) if filters.status else None
    projects = project_service.list_projects(
        db,
        programme=filters.programme,
        status=status,
        pillar_id=filters.pillar_id,
        year=filters.year,
    )
    if filters.project_ids is not None:
        order = {pid: i for i, pid in enumerate(filters.project_ids)}
        projects = sorted((p for p in projects if p.id in order), key=lambda p: order[p.id])
    step(40, 100)
    funded, pipeline, undated = _classify_projects(projects)
    rows = _project_rows(funded)
    tables = _project_list_tables(rows, _project_rows(pipeline), _project_rows(undated), lang)
    groups = _project_group_tables(rows, lang, _project_rows(pipeline))
    partners = _partners_table(_project_rows(projects), lang)
    step(70, 100)
    profile = _profile(db)
    selection = filters.describe(lang) or gettext("all projects", lang)
    by_programme, by_pillar = _project_charts(groups, lang)
    report = _new_report(
        "projects",
        lang,
        profile,
        [
            t("cover.filters", lang, filters=selection),
            t("cover.figures_as_of", lang, date=long_date(today, lang)),
            t("cover.generated", lang, date=long_date(today, lang)),
        ],
        today,
    )
    total_budget, _cluster_budget, eu_contribution = _money_totals(rows)
    report.cover_facts = [
        (t("f.projects_funded", lang), format_number(len(rows), lang)),
        (t("f.funded_budget", lang), format_eur_short(total_budget, lang)),
        (t("f.funded_eu", lang), format_eur_short(eu_contribution, lang)),
        (t("f.pipeline_count", lang), format_number(len(pipeline), lang)),
    ]
    report.sheets = [
        Sheet(
            t("sheet.projects", lang),
            [
                *tables,
                groups["by_programme"],
                groups["by_year"],
                groups["by_status"],
                by_programme,
            ],
        ),
        Sheet(t("sheet.partners", lang), [partners]),
        Sheet(t("sheet.pillars", lang), [groups["by_pillar"], by_pillar]),
    ]
    report.sections = [
        Section(
            "overview",
            t("sec.overview", lang),
            [
                ChartRow([by_programme]),
                groups["by_programme"],
                groups["by_status"],
                groups["by_year"],
                ChartRow([by_pillar]),
                groups["by_pillar"],
            ],
        ),
        Section("projects", t("sec.projects", lang), list(tables), landscape=True),
        Section("partners", t("sec.partners", lang), [partners], landscape=True),
    ]
    if not projects:
        described = filters.describe(lang)
        # Only when other projects exist is the selection the reason for an empty report.
        if described and project_service.list_projects(db):
            _say_no_data(report, t("no_data.projects_selection", lang, filters=described))
        else:
            _say_no_data(report, t("no_data.projects", lang))
    step(100, 100)
    return report


# --------------------------------------------------------------------------- ECCP


def eccp_data(
    db: Database,
    day: date | None = None,
    lang: str = "en",
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> ReportData:
    """The ECCP profile report (see :mod:`workbench.reports.eccp_report`, its home)."""
    from workbench.reports.eccp_report import eccp_data as build

    return build(db, day, lang, today=today, progress=progress)
