"""The assessment: every indicator for Y-2, Y-1 and the current state, with a readiness score.

Rules (the issue left these open; they are the engine's contract):

* **Periods.** For assessment year Y the periods are the calendar years Y-2 and Y-1, each
  evaluated on 31 December with the whole year as its window, and "current", evaluated on the
  *current day* = ``min(today, 31 Dec Y)`` with the 12 months up to that day as its window
  (so "activities per year" never reads a half-empty year-to-date). Manual values, notes and
  evidence of the current period are those of year Y; its income is that of the current day's
  year.
* **Status of a period.** Auto: no value -> unknown. With a threshold the value is compared
  (">=" or "<="; the rounded value shown is the one compared). No verdict without a
  criterion: every auto indicator ships a default threshold (ours, marked as a default:
  ESCA publishes none), and one whose threshold the cluster cleared is "not scored" — its
  value is shown, it never passes. Manual: the
  passed/failed flag if entered, else the number against a threshold if both exist, else
  unknown. Manual 4.6.1 and 5.x are prefilled with the count of newsletters / media items /
  success stories / recognitions in the period: that count is judged only against a threshold
  the user set, never passes on its own.
* **Status of an indicator** = the status of the latest period that has a pass or fail
  (current, then Y-1, then Y-2); "not scored" when periods have values but no criterion;
  unknown otherwise. ``status_period`` says which period decided.
* **Readiness** = indicators passing / all indicators of the level; unknown and not scored
  count as not passing (so clearing a threshold can never raise the score) and are counted
  apart (``not_scored``, ``unknown``). ``ready_for_gold`` = readiness >= 80 % (Gold only).
* **Thresholds.** An ``IndicatorThreshold`` row replaces the default (even with an empty
  value, which means "no threshold"); ``threshold_is_default`` says which applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from workbench.db import Database
from workbench.errors import ValidationError
from workbench.indicators.compute import AUTO
from workbench.indicators.context import Context, Outcome, Period
from workbench.indicators.data import EvidenceItem, Snapshot, load_snapshot
from workbench.indicators.definitions import (
    GOLD_BAR_PCT,
    IndicatorDefinition,
    Kind,
    Status,
    definitions_for,
)
from workbench.indicators.formatting import fmt_number, fmt_value, twelve_months_to, value_message
from workbench.indicators.hints import HINTS
from workbench.translatable import Message, join, msg

__all__ = [
    "Assessment",
    "IndicatorResult",
    "PeriodValue",
    "assess",
    "assess_snapshot",
    "assess_with_snapshot",
    "build_periods",
    "current_day",
]

CURRENT = "current"


@dataclass
class PeriodValue:
    """An indicator's value in one period.

    Attributes:
        label: "2023", "2024" or "current".
        year: Calendar year, or None for the current period.
        value: The number (Decimal or int), a manual text, or None when it cannot be computed.
        display: The value formatted with its unit ("142", "46.5 %", "2.8 FTE", "—").
        status: Pass, fail, not scored (no threshold) or unknown (no value) for this period.
        inputs: What was counted, one short line each.
        input_ids: Records counted, by table ("organisation", "activity", "project",
            "income", "staff_member", "competence_area", "media_item", ...). Keys ending in
            ``_left``, ``_joined`` or ``_not_contacted`` list related records not counted.
        missing: What is missing or was left out ("3 enterprises have no size data for 2024").
        as_of: Reference day (31 December, or the current day).
        start: First day of the window.
        missing_ids: Records concerned by ``missing``, by table (to jump to them).
        evidence_files: Evidence file names attached for this period's year.
        evidence: The same files with their year and description.
        proposal: For a manual indicator with nothing entered: what the records show, one
            line (the user confirms it on the Indicators page, and then it counts).
        manual: True when the value was entered by hand.
        prefilled: True when a manual indicator shows a count from the records instead.
    """

    label: str
    year: int | None
    value: Decimal | int | str | None
    display: str
    status: Status
    inputs: list[str] = field(default_factory=list)
    input_ids: dict[str, list[int]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    as_of: date | None = None
    start: date | None = None
    missing_ids: dict[str, list[int]] = field(default_factory=dict)
    evidence_files: list[str] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)
    proposal: str | None = None
    manual: bool = False
    prefilled: bool = False


@dataclass
class IndicatorResult:
    """One indicator over the three periods.

    Attributes:
        definition: The indicator.
        periods: Y-2, Y-1 and current, in that order.
        threshold: The effective threshold, or None.
        threshold_is_default: True when no cluster-specific threshold replaced the default.
        status: Status of the latest decided period (see the module rules).
        advice: For a failing auto indicator, what would make it pass.
        missing: Union of the periods' missing inputs, in order.
        note: Manual note of the latest year that has one.
        evidence_count: Evidence files over the three years.
        evidence_files: Their names, by year.
        threshold_text: The effective threshold for people (">= 15", ">= 60 % (set by the
            cluster)", "— (no default threshold)", "manual").
        status_period: Label of the period the status comes from, or None.
    """

    definition: IndicatorDefinition
    periods: list[PeriodValue]
    threshold: Decimal | None
    threshold_is_default: bool
    status: Status
    advice: str | None = None
    missing: list[str] = field(default_factory=list)
    note: str | None = None
    evidence_count: int = 0
    evidence_files: list[str] = field(default_factory=list)
    threshold_text: str = ""
    status_period: str | None = None

    @property
    def id(self) -> str:
        return self.definition.id

    def period(self, label: str) -> PeriodValue:
        """The period called *label* ("2024", "current"); KeyError when absent."""
        for value in self.periods:
            if value.label == label:
                return value
        raise KeyError(label)


@dataclass
class Assessment:
    """All indicators of a label level for an assessment year, with the readiness score.

    Attributes:
        year: Assessment year Y.
        periods: Period labels: ["Y-2", "Y-1", "current"] as strings ("2023", "2024",
            "current").
        results: One result per indicator of the level, in DOMAIN.md order.
        passing: Indicators whose status is pass.
        assessed: Indicators with a verdict (pass or fail).
        readiness_pct: passing / len(results) * 100, rounded to 0.1.
        not_scored: Indicators with values but no threshold (never passing).
        ready_for_gold: readiness_pct >= gold_bar_pct.
        level: gold, silver or bronze.
        gold_bar_pct: 80.
        current_day: Reference day of the current period.
    """

    year: int
    periods: list[str]
    results: list[IndicatorResult]
    passing: int
    assessed: int
    readiness_pct: Decimal
    ready_for_gold: bool
    level: str = "gold"
    gold_bar_pct: Decimal = GOLD_BAR_PCT
    current_day: date | None = None
    not_scored: int = 0

    @property
    def unknown(self) -> int:
        """Indicators without a value in any period (no data)."""
        return self.total - self.assessed - self.not_scored

    @property
    def total(self) -> int:
        """Number of indicators of the level."""
        return len(self.results)

    def result(self, indicator_id: str) -> IndicatorResult:
        """The result of *indicator_id*; KeyError when it is not part of the level."""
        for result in self.results:
            if result.definition.id == indicator_id:
                return result
        raise KeyError(indicator_id)


def current_day(year: int, today: date | None = None) -> date:
    """Reference day of the current period: *today* (default the real today), at most 31 Dec Y."""
    return min(today or date.today(), date(year, 12, 31))


def build_periods(year: int, today: date | None = None) -> list[Period]:
    """The three periods of assessment year *year*: Y-2, Y-1 (calendar years) and current."""
    periods = [
        Period(str(y), y, date(y, 1, 1), date(y, 12, 31), y, y, y) for y in (year - 2, year - 1)
    ]
    day = current_day(year, today)
    closed = day.year if (day.month, day.day) == (12, 31) else day.year - 1
    periods.append(Period(CURRENT, None, twelve_months_to(day), day, year, day.year, closed))
    return periods


def assess(
    db: Database, year: int, *, level: str = "gold", today: date | None = None
) -> Assessment:
    """Compute every indicator of *level* for assessment year *year*.

    Args:
        db: The open database.
        year: Assessment year Y (evidence years Y-2 and Y-1).
        level: "gold" (31 indicators), "silver" (19) or "bronze" (all 31, grouped by
            ``bronze_area`` in reports).
        today: Day the current period is evaluated on (default: today; capped at 31 Dec Y).

    Raises:
        ValidationError: For an implausible year or an unknown level.
    """
    return assess_with_snapshot(db, year, level=level, today=today)[0]


def assess_with_snapshot(
    db: Database, year: int, *, level: str = "gold", today: date | None = None
) -> tuple[Assessment, Snapshot]:
    """:func:`assess`, and the snapshot it computed from (a report reuses its SME classes)."""
    _check(year, level)
    periods = build_periods(year, today)
    first = min(p.start for p in periods)
    last = max(p.end for p in periods)
    snapshot = load_snapshot(db, first, last, [year - 2, year - 1, year])
    return assess_snapshot(snapshot, year, periods, level=level), snapshot


def _check(year: int, level: str) -> None:
    if not isinstance(year, int) or not 1900 <= year <= 2100:
        raise ValidationError(f"The assessment year must be between 1900 and 2100 (got {year}).")
    if level not in ("gold", "silver", "bronze"):
        raise ValidationError(f"Unknown label level '{level}': choose gold, silver or bronze.")


def assess_snapshot(
    snapshot: Snapshot, year: int, periods: list[Period], *, level: str = "gold"
) -> Assessment:
    """The assessment computed from an already loaded snapshot (no database access)."""
    _check(year, level)
    ctx = Context(snapshot)
    results = [_result(ctx, d, periods) for d in definitions_for(level)]
    passing = sum(1 for r in results if r.status is Status.PASS)
    assessed = sum(1 for r in results if r.status in (Status.PASS, Status.FAIL))
    not_scored = sum(1 for r in results if r.status is Status.NOT_SCORED)
    readiness = (Decimal(passing) * 100 / len(results)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return Assessment(
        year=year,
        periods=[p.label for p in periods],
        results=results,
        passing=passing,
        assessed=assessed,
        readiness_pct=readiness,
        ready_for_gold=readiness >= GOLD_BAR_PCT,
        level=level,
        not_scored=not_scored,
        current_day=periods[-1].end,
    )


# --------------------------------------------------------------------------- one indicator


def _threshold(snapshot: Snapshot, d: IndicatorDefinition) -> tuple[Decimal | None, bool]:
    if d.id in snapshot.thresholds:
        return snapshot.thresholds[d.id], False
    return d.default_threshold, True


def threshold_text(d: IndicatorDefinition, threshold: Decimal | None, is_default: bool) -> Message:
    """The effective threshold for people; a shipped default says so ("(default)")."""
    if is_default:
        if d.default_threshold is not None:
            return msg("{threshold} (default)", threshold=Message(d.threshold_text))
        return Message(d.threshold_text)
    if d.comparison == "none":
        return msg("manual (judged by hand)")
    if threshold is None:
        return msg("none (removed by the cluster): not scored")
    if d.id == "1.1.1":
        return msg(
            ">= 2 types, >= {share} % companies (set by the cluster)",
            share=Decimal(fmt_number(threshold)),
        )
    return msg(
        "{comparison} {threshold} (set by the cluster)",
        comparison=d.comparison,
        threshold=value_message(threshold, d.unit),
    )


def _result(ctx: Context, d: IndicatorDefinition, periods: list[Period]) -> IndicatorResult:
    threshold, is_default = _threshold(ctx.snap, d)
    evaluated: list[tuple[PeriodValue, Outcome | None]] = []
    for p in periods:
        if d.kind is Kind.AUTO:
            computed = AUTO[d.id](ctx, p)
            value = _auto_value(d, p, computed, threshold)
            evaluated.append((value, computed))
        else:
            hint = HINTS[d.id](ctx, p) if d.id in HINTS else None
            value = _manual_value(ctx.snap, d, p, threshold, hint)
            evaluated.append((value, None))
        value.evidence = list(ctx.snap.evidence.get((d.id, p.manual_year), []))
        value.evidence_files = [item.name for item in value.evidence]
    values = [v for v, _ in evaluated]
    decided = [(v, o) for v, o in evaluated if v.status in (Status.PASS, Status.FAIL)]
    unscored = [v for v, _ in evaluated if v.status is Status.NOT_SCORED]
    status, status_period, advice = Status.UNKNOWN, None, None
    if decided:
        latest, outcome = decided[-1]
        status, status_period = latest.status, latest.label
        if status is Status.FAIL and outcome is not None and outcome.advice is not None:
            advice = outcome.advice(threshold)
    elif unscored:
        status, status_period = Status.NOT_SCORED, unscored[-1].label
    missing: list[str] = []
    for v in values:
        missing.extend(m for m in v.missing if m not in missing)
    note = None
    for p in reversed(periods):
        manual = ctx.snap.values.get((d.id, p.manual_year))
        if manual is not None and manual.note and manual.note.strip():
            note = manual.note.strip()
            break
    files = [f for v in values for f in v.evidence_files]
    return IndicatorResult(
        definition=d,
        periods=values,
        threshold=threshold,
        threshold_is_default=is_default,
        status=status,
        advice=advice,
        missing=missing,
        note=note,
        evidence_count=len(files),
        evidence_files=files,
        threshold_text=threshold_text(d, threshold, is_default),
        status_period=status_period,
    )


def _compare(value: Decimal, threshold: Decimal, comparison: str) -> bool:
    if comparison == "<=":
        return value <= threshold
    return value >= threshold


def _auto_value(
    d: IndicatorDefinition, p: Period, outcome: Outcome, threshold: Decimal | None
) -> PeriodValue:
    value = outcome.value
    if value is None or isinstance(value, str):
        status = Status.UNKNOWN
    elif threshold is None or d.comparison == "none":
        status = Status.NOT_SCORED  # no criterion, no verdict (the value is still shown)
    elif outcome.rule is not None:
        status = Status.PASS if outcome.rule(threshold) else Status.FAIL
    else:
        status = Status.PASS if _compare(Decimal(value), threshold, d.comparison) else Status.FAIL
    return PeriodValue(
        label=p.label,
        year=p.year,
        value=value,
        display=outcome.display if outcome.display is not None else fmt_value(value, d.unit),
        status=status,
        inputs=list(outcome.inputs),
        input_ids=dict(outcome.input_ids),
        missing=list(outcome.missing),
        as_of=p.end,
        start=p.start,
        missing_ids=dict(outcome.missing_ids),
    )


def _manual_value(
    snapshot: Snapshot,
    d: IndicatorDefinition,
    p: Period,
    threshold: Decimal | None,
    hint: Outcome | None,
) -> PeriodValue:
    entered = snapshot.values.get((d.id, p.manual_year))
    inputs = list(hint.inputs) if hint else []
    input_ids = dict(hint.input_ids) if hint else {}
    comparable = threshold is not None and d.comparison != "none"
    result = PeriodValue(
        label=p.label,
        year=p.year,
        value=None,
        display="—",
        status=Status.UNKNOWN,
        inputs=inputs,
        input_ids=input_ids,
        as_of=p.end,
        start=p.start,
        manual=True,
    )
    if entered is not None and entered.entered:
        text = (entered.value_text or "").strip() or None
        if entered.value_number is not None:
            result.value = entered.value_number
            result.display = fmt_value(entered.value_number, d.unit)
            if text:
                inputs.insert(0, msg("entered: {text}", text=text))
        elif text is not None:
            result.value, result.display = text, text
        else:
            result.display = msg("passed") if entered.passed else msg("failed")
        if entered.passed is not None:
            result.status = Status.PASS if entered.passed else Status.FAIL
        elif entered.value_number is not None and comparable:
            assert threshold is not None
            ok = _compare(entered.value_number, threshold, d.comparison)
            result.status = Status.PASS if ok else Status.FAIL
        else:
            how = (
                msg("mark it passed or failed or set a threshold")
                if d.comparison != "none"
                else msg("mark it passed or failed")
            )
            result.missing.append(
                msg("no pass/fail decision for {year}: {how}", year=p.manual_year, how=how)
            )
        return result
    if hint is not None and isinstance(hint.value, int):
        result.value = hint.value
        result.display = fmt_value(hint.value, d.unit)
        result.prefilled = True
        if comparable:
            assert threshold is not None
            ok = _compare(Decimal(hint.value), threshold, d.comparison)
            result.status = Status.PASS if ok else Status.FAIL
            return result
    if inputs:
        # Facts derived from the records: a proposal to confirm, never "no value entered".
        result.proposal = join("; ", inputs)
        result.missing.append(
            msg(
                # Short: it is printed beside each period's proposal on the Basis sheet.
                "{year}: proposed from the records, to confirm on the Indicators page",
                year=p.manual_year,
            )
        )
        return result
    result.missing.append(msg("no value entered for {year}", year=p.manual_year))
    return result
