"""The member register (libro soci) of a year, and the members' composition and movements."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from workbench.db import Database
from workbench.models import (
    OrgType,
    SmeClass,
)
from workbench.reports.data.common import (
    pct,
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
from workbench.rules.eccp import counts_as_company
from workbench.rules.size import SmeClassifier
from workbench.services import member_lists
from workbench.services import members as member_service


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


def member_registers(
    db: Database, years: Sequence[int], *, sme: SmeClassifier | None = None
) -> dict[int, list[RegisterRow]]:
    """The register of each of *years* (see :func:`member_register`), read in one go.

    *sme* classifies the members (the indicators' classes, in the assessment report: each
    member is classified once per report); without it the size history is read here.
    """
    first, last = date(min(years), 1, 1), date(max(years), 12, 31)
    rows = member_lists.register_periods(db, first, last)
    if sme is None:
        sme = member_service.sme_classifier(db)
    result: dict[int, list[RegisterRow]] = {}
    for year in years:
        year_first, year_last = date(year, 1, 1), date(year, 12, 31)
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
            sme_class = sme.classify(
                org_id,
                org_is_enterprise=kind.is_enterprise,
                override=override,
                override_reason=reason,
                as_of_year=year,
            ).sme_class
            at_end = left is None or left > year_last
            register.append(
                RegisterRow(
                    org_id=org_id,
                    name=name,
                    vat=vat or fiscal_code,
                    org_type=kind,
                    sme_class=sme_class,
                    has_size_data=sme.has_figures(org_id),
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


def _sme_label(sme_class: SmeClass | None, is_enterprise: bool, lang: str) -> str:
    if sme_class is not None:
        return enum_label("sme", sme_class, lang)
    if is_enterprise:
        return t("sme_unknown", lang)
    return t("no_sme_class", lang)


def _sme_texts(lang: str) -> Callable[[RegisterRow], str]:
    """A row's SME text in *lang*; each of the few texts looked up once (10,000-row tables)."""
    texts: dict[tuple[SmeClass | None, bool], str] = {}

    def text(row: RegisterRow) -> str:
        key = (row.sme_class, row.org_type.is_enterprise)
        found = texts.get(key)
        if found is None:
            found = texts[key] = _sme_label(*key, lang)
        return found

    return text


def register_table(register: list[RegisterRow], year: int, lang: str) -> Table:
    sme_text = _sme_texts(lang)
    type_label = {kind: enum_label("org_type", kind, lang) for kind in OrgType}
    status = {True: t("member", lang), False: t("left", lang)}
    rows = [
        [
            number,
            r.name,
            r.vat,
            type_label[r.org_type],
            sme_text(r),
            r.join_date,
            r.leave_date,
            status[r.member_at_end],
        ]
        for number, r in enumerate(register, 1)
    ]
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
            row += [counts[y][group], pct(counts[y][group], len(population[y]))]
        rows.append(row)
    return rows


def _count_totals(population: Population, years: list[int], label_cells: list[Any]) -> list[Any]:
    """The totals row of :func:`_count_rows`: the whole population (100 %) of each year."""
    row = list(label_cells)
    for y in years:
        row += [len(population[y]), pct(len(population[y]), len(population[y]))]
    return row


def composition_tables(
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

    sme_text = _sme_texts(lang)
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

    in_region = t("in_region", lang, region=cluster_nuts2 or "")
    other_regions = t("other_regions", lang)
    unknown_region = t("unknown_region", lang)
    cluster_prefix = (cluster_nuts2 or "").upper()

    def region_of(r: RegisterRow) -> str:
        return r.region or r.nuts2 or unknown_region

    def region_group(r: RegisterRow) -> str:
        if cluster_nuts2 and r.nuts2:
            return in_region if r.nuts2.upper().startswith(cluster_prefix) else other_regions
        return region_of(r)

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
            lambda r: (r.org_type, sme_text(r), region_of(r)),
            lambda k: (type_order[k[0]], k[1], k[2]),
            lambda k: [enum_label("org_type", k[0], lang), k[1], k[2]],
        ),
        totals=_count_totals(at_end, years, [total_label, None, None]),
        key="composition",
    )
    return {"by_type": by_type, "by_sme": by_sme, "by_region": by_region, "composition": combo}


def movements_table(db: Database, years: list[int], lang: str) -> Table:
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
