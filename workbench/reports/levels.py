"""What differs between the label levels in the assessment report (Gold, Silver, Bronze).

* **Gold** is judged against the 80 % bar: the readiness facts, the gauge and the summary say
  whether the recorded data reaches it.
* **Silver and Bronze** have no score bar (DOMAIN.md "Labels"): their readiness is shown as a
  plain share of passing indicators, and no line claims a bar or being "ready".
* **Bronze** groups the indicators in its six benchmarking areas (``bronze_area`` of each
  definition) instead of the five Gold areas.
* **Silver** adds the three documented improvement areas (:func:`improvement_table`).

Everything here works on plain values (the indicator rows built by ``reports.data``) and
returns plain report blocks; nothing reads the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Protocol

from workbench.indicators.definitions import BRONZE_AREAS, DEFINITIONS
from workbench.reports.i18n import format_pct, t
from workbench.reports.model import ColumnSpec, Paragraph, Quantity, Score, Table

__all__ = [
    "BAR_LEVEL",
    "GOLD_AREA_OF",
    "bar_facts",
    "bronze_rows",
    "has_bar",
    "improvement_table",
    "readiness_paragraph",
    "score_block",
]

BAR_LEVEL = "gold"
"""The only level judged against a score bar (80 % of the total score)."""

GOLD_AREA_OF: dict[str, str] = {
    "management_governance": "governance",
    "services": "strategy",
    "achievements_recognition": "recognition",
}
"""Bronze area -> the Gold area whose supporting tables and charts its chapter shows."""

_BRONZE_OF = {d.id: d.bronze_area for d in DEFINITIONS}


class Readiness(Protocol):
    """The readiness figures of an assessment (``reports.data.indicators.Indicators``)."""

    @property
    def level(self) -> str: ...
    @property
    def passing(self) -> int: ...
    @property
    def total(self) -> int: ...
    @property
    def readiness_pct(self) -> Decimal: ...
    @property
    def bar_pct(self) -> Decimal: ...
    @property
    def ready(self) -> bool: ...


def has_bar(level: str) -> bool:
    """True for the one level judged against a score bar (Gold)."""
    return level == BAR_LEVEL


def bronze_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Indicator rows regrouped in the six Bronze areas, in Bronze area order.

    Each row's ``area`` becomes its Bronze area key (so tables, the results-by-area table and
    the area chapters follow Bronze); within an area the rows keep their order.
    """
    order = {key: n for n, key in enumerate(BRONZE_AREAS)}
    regrouped = [{**r, "area": _BRONZE_OF.get(r["id"], r["area"])} for r in rows]
    return sorted(regrouped, key=lambda r: order.get(r["area"], len(order)))


def bar_facts(ind: Readiness, lang: str, level_name: str) -> list[tuple[str, Any]]:
    """The bar lines of the readiness table: Gold's bar and verdict, else "no score bar"."""
    if not has_bar(ind.level):
        return [(t("f.bar", lang), t("f.no_bar", lang, level=level_name))]
    return [
        (t("f.gold_bar", lang, level=level_name), Quantity(ind.bar_pct, "%")),
        (t("f.ready", lang, level=level_name), t("yes", lang) if ind.ready else t("no", lang)),
    ]


def score_block(ind: Readiness, lang: str, level_name: str) -> Score:
    """The readiness gauge; only Gold's carries the bar mark and a ready/not-ready colour."""
    bar = has_bar(ind.level)
    return Score(
        score_pct=float(ind.readiness_pct),
        bar_pct=float(ind.bar_pct) if bar else None,
        passing=ind.passing,
        total=ind.total,
        level=level_name,
        ready=ind.ready if bar else False,
        caption=t("chart.readiness", lang),
    )


def readiness_paragraph(ind: Readiness, lang: str, level_name: str) -> Paragraph:
    """The summary sentence on the score: against the bar for Gold, without one otherwise."""
    score = format_pct(ind.readiness_pct, lang)
    if not has_bar(ind.level):
        return Paragraph(
            t(
                "summary.readiness_no_bar",
                lang,
                passing=ind.passing,
                total=ind.total,
                score=score,
                level=level_name,
            )
        )
    text = t(
        "summary.readiness_text",
        lang,
        passing=ind.passing,
        total=ind.total,
        score=score,
        bar=format_pct(ind.bar_pct, lang, 0),
        level=level_name,
    )
    verdict = t("summary.ready" if ind.ready else "summary.not_ready", lang, level=level_name)
    return Paragraph(f"{text} {verdict}")


# --------------------------------------------------------------------------- Silver


def improvement_table(
    areas: Sequence[Any], lang: str, criteria: dict[str, tuple[str, str]], slots: int
) -> Table:
    """The Silver improvement areas as the Silver form lists them, one row per slot.

    Args:
        areas: improvement-area rows (``services.improvements.ImprovementRow``) by position.
        lang: en or it.
        criteria: indicator id -> (indicator name, Gold criterion text) in *lang*.
        slots: how many areas Silver asks for (3); an empty slot gets a "not recorded" row.
    """
    by_position = {a.position: a for a in areas}
    body: list[list[Any]] = []
    for position in range(1, slots + 1):
        area = by_position.get(position)
        if area is None:
            body.append([position, t("silver.not_recorded", lang), *([None] * 8)])
            continue
        name, criterion = criteria.get(area.indicator_id, ("", ""))
        body.append(
            [
                position,
                f"{area.indicator_id} {name}".strip(),
                criterion or None,
                area.baseline_value,
                area.baseline_date,
                area.action or t("silver.no_action", lang),
                area.result_value or t("silver.no_result", lang),
                area.result_date,
                "; ".join(area.evidence_names) or t("silver.no_evidence", lang),
                area.note or None,
            ]
        )
    recorded = len([a for a in areas if 1 <= a.position <= slots])
    return Table(
        title=t("tbl.improvements", lang),
        columns=[
            ColumnSpec("position", t("col.number", lang), "int", 5),
            ColumnSpec("indicator", t("col.indicator", lang), "text", 30),
            ColumnSpec("criterion", t("col.gold_criterion", lang), "text", 18),
            ColumnSpec("baseline", t("col.baseline", lang), "text", 14),
            ColumnSpec("baseline_date", t("col.baseline_date", lang), "date", 11),
            ColumnSpec("action", t("col.action", lang), "text", 34),
            ColumnSpec("result", t("col.result", lang), "text", 14),
            ColumnSpec("result_date", t("col.result_date", lang), "date", 11),
            ColumnSpec("evidence", t("col.evidence_files", lang), "text", 24),
            ColumnSpec("note", t("col.note", lang), "text", 30, pdf=False),
        ],
        rows=body,
        note=t("silver.note", lang, recorded=recorded, slots=slots),
        key="improvements",
    )


def improvement_lead(lang: str) -> Paragraph:
    """What the Silver improvement-area chapter shows, and that no bar applies to Silver."""
    return Paragraph(t("silver.lead", lang), "lead")
