"""The cluster's own tables: profile, labels, staff and income."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from workbench.db import Database
from workbench.i18n import gettext
from workbench.models import (
    IncomeCategory,
)
from workbench.reports.data.common import (
    ZERO,
    ReportProfile,
    facts_table,
    pct,
)
from workbench.reports.i18n import (
    enum_label,
    t,
)
from workbench.reports.model import (
    Amount,
    ColumnSpec,
    Table,
)
from workbench.rules.dates import completed_years
from workbench.services import cluster as cluster_service


def profile_table(p: ReportProfile, lang: str, day: date) -> Table:
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
    return facts_table("profile", t("tbl.profile", lang), items, lang)


def labels_table(db: Database, lang: str, today: date) -> Table:
    labels = cluster_service.list_labels(db)
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


def staff_table(db: Database, lang: str, first: date, last: date) -> Table:
    staff = cluster_service.staff_during(db, first, last)
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


def finance_tables(db: Database, years: list[int], lang: str) -> dict[str, Table]:
    incomes = cluster_service.incomes_of_years(db, years)
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
                pct(private[y], private[y] + public[y]),
            ]
            for y in years
        ],
        key="private_share",
    )
    return {"income": income, "private_share": share}
