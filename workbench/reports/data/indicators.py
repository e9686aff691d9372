"""The assessment's indicator tables: results, what is missing, advice, basis, level views."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from workbench.db import Database
from workbench.i18n import gettext, pgettext
from workbench.reports import levels
from workbench.reports.i18n import (
    enum_label,
    format_number,
    t,
)
from workbench.reports.model import (
    Block,
    ColumnSpec,
    Paragraph,
    Quantity,
    Section,
    Sheet,
    Table,
)
from workbench.rules.size import SmeClassifier
from workbench.translatable import translate


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
class Indicators:
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
    #: The SME classes the indicators were computed with: the registers classify through
    #: them, so that a report classifies each member once (and the same way in both).
    sme: SmeClassifier | None = field(default=None, repr=False, compare=False)


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


def read_indicators(
    db: Database, year: int, lang: str, level: str, today: date | None
) -> Indicators:
    from workbench.indicators.engine import assess_with_snapshot, build_periods

    assessment, snapshot = assess_with_snapshot(db, year, level=level, today=today)
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
    return Indicators(
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
        sme=snapshot.sme_classes,
    )


def _indicator_columns(ind: Indicators, lang: str, *, full: bool) -> list[ColumnSpec]:
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


def indicator_table(
    ind: Indicators, lang: str, rows: list[dict[str, Any]], key: str, title: str, *, full: bool
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


def missing_table(ind: Indicators, lang: str) -> Table:
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


def advice_table(ind: Indicators, lang: str) -> Table:
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


def area_results_table(ind: Indicators, lang: str) -> Table:
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


def basis_table(ind: Indicators, lang: str) -> Table:
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


def indicator_notes(rows: list[dict[str, Any]], lang: str) -> list[Block]:
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


def for_level(ind: Indicators) -> Indicators:
    """*ind* as its level reports it: Bronze rows regrouped in the six Bronze areas."""
    if ind.level != "bronze":
        return ind
    return replace(ind, rows=levels.bronze_rows(ind.rows))


def silver_improvements(
    db: Database, ind: Indicators, lang: str
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
