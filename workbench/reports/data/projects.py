"""Project tables shared by the assessment and the portfolio: lists, groups, partners."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from workbench.i18n import gettext
from workbench.models import (
    Project,
    ProjectStatus,
)
from workbench.reports.data.common import (
    ZERO,
    money,
)
from workbench.reports.i18n import (
    enum_label,
    short_date,
    t,
)
from workbench.reports.model import (
    Chart,
    ColumnSpec,
    Table,
)
from workbench.rules import projects as project_rules


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
class ProjectRow:
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


def project_rows(projects: Iterable[Project]) -> list[ProjectRow]:
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
            ProjectRow(
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


def money_totals(rows: Sequence[ProjectRow]) -> list[Decimal]:
    """Total budget, cluster budget and EU contribution summed over *rows* (None counts as 0)."""
    return [
        sum((money(p.total_budget) for p in rows), ZERO),
        sum((money(p.cluster_budget) for p in rows), ZERO),
        sum((money(p.eu_contribution) for p in rows), ZERO),
    ]


def classify_projects(
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
    rows: list[ProjectRow],
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
            *money_totals(rows),
            sum(len(p.partners) for p in rows),
            sum(sum(1 for x in p.partners if x[1]) for p in rows),
            None,
            None,
        ]
        if with_totals
        else None,
        key=key,
    )


def project_list_tables(
    funded: list[ProjectRow],
    pipeline: list[ProjectRow],
    undated: list[ProjectRow],
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
    rows: list[ProjectRow],
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
    groups: dict[Any, list[ProjectRow]] = defaultdict(list)
    for p in rows:
        for k in keys_of(p):
            groups[k].append(p)
    keys = sorted(groups, key=order or (lambda k: (k is None, str(k))))
    return Table(
        title=title,
        columns=[first, *_money_columns(lang)],
        rows=[[k, len(groups[k]), *money_totals(groups[k])] for k in keys],
        totals=[t("col.total_row", lang), len(rows), *money_totals(rows)] if with_totals else None,
        note=note,
        key=key,
    )


def project_group_tables(
    rows: list[ProjectRow], lang: str, others: Sequence[ProjectRow] = ()
) -> dict[str, Table]:
    """Funding by programme, start year and pillar of the funded *rows*; projects by status.

    The status table also holds *others* (the pipeline), each status on its own row and
    without a totals row: those budgets are never added to funding. Undated projects have a
    list of their own (:func:`project_list_tables`).
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


def project_charts(groups: dict[str, Table], lang: str) -> tuple[Chart, Chart]:
    """EU contribution by programme and by pillar, drawn from :func:`project_group_tables`."""
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


def partners_table(rows: list[ProjectRow], lang: str) -> Table:
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
            sum((money(r[5]) for r in body), ZERO),
            sum((money(r[6]) for r in body), ZERO),
        ]
        if body
        else None,
        key="partners",
    )
