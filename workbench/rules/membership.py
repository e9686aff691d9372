"""Membership periods: when two periods of one organisation overlap.

An organisation is a member on day D when one of its periods has ``join_date <= D`` and no
``leave_date`` or ``leave_date > D`` (the leave date is the first day it is no longer a
member), so two periods overlap when each starts before the other ends; an open period (no
leave date) runs for ever. A period ending on the day another starts does not overlap it.

The organisation editor checks the whole set it is about to save with :func:`check_periods`,
the service validator checks each period written (by the editor, the importer or anything
else) against the organisation's other periods with :func:`overlap_problem`: the same set is
refused by both, with the same message naming the two periods.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from workbench.translatable import Message, msg

__all__ = ["check_periods", "describe_period", "overlap_problem", "periods_overlap"]


def periods_overlap(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    """True when ``[a_start, a_end)`` and ``[b_start, b_end)`` share a day (None: open)."""
    far = date.max
    return a_start < (b_end or far) and b_start < (a_end or far)


def _get(period: Any, key: str) -> Any:
    return period.get(key) if isinstance(period, dict) else getattr(period, key, None)


def _day(value: date) -> str:
    # dd/mm/yyyy reads the same in every language the program speaks.
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def describe_period(period: Any) -> Message:
    """A period in words: "from 01/01/2024 to 31/12/2024" or "from 02/12/2026 (still open)".

    *period* is a mapping or an object with ``join_date`` and ``leave_date``.
    """
    join, leave = _get(period, "join_date"), _get(period, "leave_date")
    if leave is None:
        return msg("from {join_date} (still open)", join_date=_day(join))
    return msg("from {join_date} to {leave_date}", join_date=_day(join), leave_date=_day(leave))


def _overlap_message(period: Any, other: Any) -> Message:
    return msg(
        "The membership {period} overlaps the membership {other}: end one before the other "
        "starts, or change the dates.",
        period=describe_period(period),
        other=describe_period(other),
    )


def overlap_problem(period: Any, others: Iterable[Any]) -> Message | None:
    """The message when *period* overlaps one of *others* (periods of the same organisation).

    Periods without a join date are left to the required-field check. None when it fits.
    """
    join = _get(period, "join_date")
    if join is None:
        return None
    for other in others:
        other_join = _get(other, "join_date")
        if other is period or other_join is None:
            continue
        if periods_overlap(join, _get(period, "leave_date"), other_join, _get(other, "leave_date")):
            return _overlap_message(period, other)
    return None


def check_periods(periods: Iterable[Any]) -> Message | None:
    """The message for the first two overlapping periods of one organisation's whole set.

    *periods* are mappings or objects with ``join_date`` and ``leave_date``; the earlier
    period is named first. None when no two overlap.
    """
    dated = sorted(
        (p for p in periods if _get(p, "join_date") is not None),
        key=lambda p: _get(p, "join_date"),
    )
    for position, period in enumerate(dated):
        problem = overlap_problem(period, dated[position + 1 :])
        if problem is not None:
            return problem
    return None
