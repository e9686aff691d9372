"""Shared pieces of the report data builders: the cluster's profile, a new report, percentages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from workbench.db import Database
from workbench.reports.i18n import (
    format_number,
    t,
)
from workbench.reports.model import (
    ColumnSpec,
    Paragraph,
    ReportData,
    Table,
)
from workbench.services.cluster import get_profile

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def format_eur_short(amount: Decimal, lang: str) -> str:
    """An amount for a cover tile: "21.3 M €", "850 k €"."""
    for size, suffix in ((Decimal(10) ** 6, " M €"), (Decimal(10) ** 3, " k €")):
        if abs(amount) >= size:
            return format_number(amount / size, lang, 1) + suffix
    return format_number(amount, lang, 0) + " €"


def pct(part: Any, whole: Any) -> Decimal | None:
    """Part / whole as a percentage 0-100 (None when whole is zero)."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.01"))


def money(value: Decimal | None) -> Decimal:
    return value if value is not None else ZERO


# --------------------------------------------------------------------------- cluster profile


@dataclass(frozen=True)
class ReportProfile:
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


def read_profile(db: Database) -> ReportProfile:
    profile = get_profile(db)
    if profile is None:
        return ReportProfile("Cluster", *([None] * 13))  # type: ignore[arg-type]
    return ReportProfile(
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


def new_report(
    kind: str,
    lang: str,
    profile: ReportProfile,
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


def say_no_data(report: ReportData, sentence: str) -> None:
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


def facts_table(key: str, title: str, items: Sequence[tuple[str, Any]], lang: str) -> Table:
    return Table(
        title=title,
        columns=[
            ColumnSpec("field", t("col.field", lang), "text", 34),
            ColumnSpec("value", t("col.value", lang), "auto", 48),
        ],
        rows=[[label, value] for label, value in items if value not in (None, "")],
        key=key,
    )
