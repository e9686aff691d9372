"""Commands ``workbench indicators`` (label readiness) and ``workbench eccp`` (ECCP figures)."""

from __future__ import annotations

import argparse
from typing import Any

from workbench.indicators.eccp import EccpFigures, eccp_figures
from workbench.indicators.engine import Assessment, IndicatorResult, PeriodValue, assess


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``indicators`` and ``eccp`` commands."""
    from workbench.cli import parse_date_arg

    ind = subparsers.add_parser(
        "indicators",
        parents=[common],
        help="compute the label-assessment indicators and the readiness score",
        description="Every indicator of the chosen label level for the two calendar years "
        "before the assessment year and the current state: value, threshold, pass/fail and "
        "missing inputs.",
    )
    ind.add_argument(
        "--year", type=int, required=True, help="assessment year Y (evidence years Y-2, Y-1)"
    )
    ind.add_argument("--level", choices=["gold", "silver", "bronze"], default="gold")
    ind.add_argument(
        "--today",
        type=parse_date_arg,
        metavar="DATE",
        help="evaluate the current period on this day (default: today, at most 31 Dec Y)",
    )
    ind.add_argument("--inputs", action="store_true", help="also print what was counted")
    ind.set_defaults(func=cmd_indicators)

    eccp = subparsers.add_parser(
        "eccp", parents=[common], help="ECCP profile figures (members by group, FTE, labels)"
    )
    eccp.add_argument(
        "--date", type=parse_date_arg, metavar="DATE", help="count on this day (default today)"
    )
    eccp.set_defaults(func=cmd_eccp)


# --------------------------------------------------------------------------- indicators


def cmd_indicators(args: argparse.Namespace) -> int:
    """Print the assessment as text or JSON."""
    from workbench.cli import open_db, print_json

    db = open_db(args)
    try:
        assessment = assess(db, args.year, level=args.level, today=args.today)
    finally:
        db.dispose()
    if args.json:
        print_json(assessment_json(assessment))
    else:
        print(assessment_text(assessment, with_inputs=args.inputs))
    return 0


def _period_json(value: PeriodValue) -> dict[str, Any]:
    return {
        "value": value.value,
        "display": value.display,
        "status": value.status.value,
        "as_of": value.as_of,
        "inputs": value.inputs,
        "missing": value.missing,
        "evidence_files": value.evidence_files,
    }


def result_json(result: IndicatorResult) -> dict[str, Any]:
    """One indicator as a JSON-ready dict."""
    d = result.definition
    return {
        "id": d.id,
        "name": d.name_en,
        "name_it": d.name_it,
        "area": d.area,
        "bronze_area": d.bronze_area,
        "kind": d.kind.value,
        "unit": d.unit,
        "levels": sorted(d.levels),
        "threshold": result.threshold,
        "threshold_text": result.threshold_text,
        "threshold_is_default": result.threshold_is_default,
        "status": result.status.value,
        "status_period": result.status_period,
        "values": {v.label: _period_json(v) for v in result.periods},
        "missing": result.missing,
        "advice": result.advice,
        "note": result.note,
        "evidence_count": result.evidence_count,
    }


def assessment_json(assessment: Assessment) -> dict[str, Any]:
    """The assessment as a JSON-ready dict."""
    return {
        "year": assessment.year,
        "level": assessment.level,
        "periods": assessment.periods,
        "current_day": assessment.current_day,
        "passing": assessment.passing,
        "assessed": assessment.assessed,
        "not_scored": assessment.not_scored,
        "total": assessment.total,
        "readiness_pct": assessment.readiness_pct,
        "gold_bar_pct": assessment.gold_bar_pct,
        "ready_for_gold": assessment.ready_for_gold,
        "indicators": [result_json(r) for r in assessment.results],
    }


_MARK = {"pass": "PASS", "fail": "FAIL", "unknown": "  ? ", "not_scored": " -- "}


def assessment_text(assessment: Assessment, *, with_inputs: bool = False) -> str:
    """The assessment as plain text, one block per indicator."""
    lines = [
        f"{assessment.level.capitalize()} label indicators, assessment year {assessment.year} "
        f"(periods {', '.join(assessment.periods)}; current = {assessment.current_day})",
        "",
    ]
    for r in assessment.results:
        d = r.definition
        values = "  |  ".join(
            f"{v.label}: {v.display} [{_MARK[v.status.value].strip()}]" for v in r.periods
        )
        lines.append(f"[{_MARK[r.status.value]}] {d.id:6} {d.name_en} ({d.kind.value})")
        lines.append(f"         {values}")
        decided = f"; verdict of {r.status_period}" if r.status_period else ""
        lines.append(f"         threshold: {r.threshold_text}{decided}")
        if r.advice:
            lines.append(f"         to pass: {r.advice}")
        if with_inputs:
            for v in r.periods:
                for text in v.inputs:
                    lines.append(f"         {v.label}: {text}")
        for text in r.missing:
            lines.append(f"         missing: {text}")
        if r.evidence_count:
            lines.append(f"         evidence: {r.evidence_count} file(s)")
    gold = assessment.level == "gold"  # the only level judged against a score bar
    bar = f" (Gold needs {assessment.gold_bar_pct} %)" if gold else ""
    lines += [
        "",
        f"Readiness: {assessment.passing} of {assessment.total} indicators pass = "
        f"{assessment.readiness_pct} %{bar}; "
        f"{assessment.not_scored} not scored (no threshold), {assessment.unknown} without data "
        "(both count as not passing).",
    ]
    if gold:
        lines.append("Ready for Gold." if assessment.ready_for_gold else "Not yet ready for Gold.")
    else:
        lines.append(f"The {assessment.level.capitalize()} label has no score bar.")
    return "\n".join(lines)


# --------------------------------------------------------------------------- eccp


def cmd_eccp(args: argparse.Namespace) -> int:
    """Print the ECCP figures as text or JSON."""
    from datetime import date

    from workbench.cli import open_db, print_json

    db = open_db(args)
    try:
        figures = eccp_figures(db, args.date or date.today())
    finally:
        db.dispose()
    if args.json:
        print_json(eccp_json(figures))
    else:
        print(eccp_text(figures))
    return 0


def eccp_json(figures: EccpFigures) -> dict[str, Any]:
    """The ECCP figures as a JSON-ready dict."""
    return {
        "date": figures.day,
        "total_members": figures.total_members,
        "sme_members": figures.sme_members,
        "larger_companies": figures.larger_companies,
        "research_orgs": figures.research_orgs,
        "other_actors": figures.other_actors,
        "unclassified_companies": figures.unclassified_companies,
        "not_classed_members": figures.not_classed_names,
        "management_fte": figures.management_fte,
        "management_staff": figures.management_staff,
        "labels": figures.labels,
        "members_by_type": figures.members_by_type,
        "meets_eccp_floors": figures.meets_eccp_floors,
        "missing": figures.missing,
    }


def eccp_text(figures: EccpFigures) -> str:
    """The ECCP figures as plain text."""
    lines = [
        f"ECCP profile figures on {figures.day}",
        f"  total members                                  {figures.total_members}",
        f"  SME members                                    {figures.sme_members}",
        f"  larger companies                               {figures.larger_companies}",
        f"  research orgs / universities / tech. centres   {figures.research_orgs}",
        f"  other ecosystem actors                         {figures.other_actors}",
    ]
    if figures.unclassified_companies:
        lines.append(
            f"  companies without SME class                    {figures.unclassified_companies}"
        )
    lines.append(
        f"  management staff                               {figures.management_fte} FTE "
        f"({figures.management_staff} people)"
    )
    lines.append(
        f"  labels                                         {', '.join(figures.labels) or '—'}"
    )
    lines.append(
        "  by type: "
        + ", ".join(f"{t.replace('_', ' ')} {n}" for t, n in figures.members_by_type.items() if n)
    )
    for text in figures.missing:
        lines.append(f"  missing: {text}")
    return "\n".join(lines)
