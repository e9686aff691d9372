"""Who is a member, as SQL conditions, and the yearly figures built on them.

Membership is time-aware: an organisation is a member on day D when one of its membership
periods has ``join_date <= D`` and no ``leave_date`` or ``leave_date > D`` (the leave date is
the first day it is no longer a member). :func:`period_during` is the one home of that rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, exists, func, or_, select

from workbench.db import Database
from workbench.models import MembershipPeriod, Organisation
from workbench.services.base import unit_of_work


def period_during(first: date, last: date) -> ColumnElement[bool]:
    """SQL condition: the MembershipPeriod row covers a day from *first* to *last* (inclusive).

    The one "member on a day" rule (joined by then, not yet left; the leave date is the first
    day as a former member), stretched over days: :func:`period_on` is one day of it and a
    member *in a year* (:func:`member_in_year`, the fee run's members) is one on any day of it.
    """
    return and_(
        MembershipPeriod.join_date <= last,
        or_(MembershipPeriod.leave_date.is_(None), MembershipPeriod.leave_date > first),
    )


def period_on(day: date) -> ColumnElement[bool]:
    """SQL condition: the MembershipPeriod row covers *day*; :func:`member_on` and movements."""
    return period_during(day, day)


def member_in_year(year: int) -> ColumnElement[bool]:
    """SQL condition: the Organisation row is a member on at least one day of *year*."""
    return exists().where(
        MembershipPeriod.organisation_id == Organisation.id,
        period_during(date(year, 1, 1), year_end(year)),
    )


def member_on(day: date) -> ColumnElement[bool]:
    """SQL condition: the Organisation row is a member on *day*."""
    return exists().where(MembershipPeriod.organisation_id == Organisation.id, period_on(day))


def ever_member() -> ColumnElement[bool]:
    """SQL condition: the Organisation row has at least one membership period."""
    return exists().where(MembershipPeriod.organisation_id == Organisation.id)


def year_end(year: int) -> date:
    """31 December of *year*: the reference day of yearly counts."""
    return date(year, 12, 31)


@dataclass(frozen=True)
class YearMovement:
    """Members joining and leaving in a year, and the total on 31 December."""

    year: int
    joined: int
    left: int
    total_at_end: int


def movements(
    db: Database, years: Iterable[int], *, as_of: date | None = None
) -> list[YearMovement]:
    """Joiners, leavers and year-end totals for each of *years*.

    A re-joining organisation counts as a joiner in the year of each new period; a leaver is
    counted in the year of its leave date.

    With *as_of* (the dashboard passes today) a year still running is counted up to that day:
    a membership ending on 31 December of this year, still active today, is not a leaver yet
    (its period still covers *as_of*, :func:`period_on`), a join dated later is not a joiner
    yet, and the "year-end" total is the members on *as_of*.
    """
    result: list[YearMovement] = []
    with unit_of_work(db, write=False) as session:
        for year in years:
            first, last = date(year, 1, 1), date(year, 12, 31)
            if as_of is not None and as_of < last:
                last = max(as_of, first - timedelta(days=1))
            joined = session.scalar(
                select(func.count(func.distinct(MembershipPeriod.organisation_id))).where(
                    MembershipPeriod.join_date.between(first, last)
                )
            )
            # Left by *last*: the period's leave date falls in the year and the period no
            # longer covers *last* (the member-on-a-day rule decides what "left" means).
            left = session.scalar(
                select(func.count(func.distinct(MembershipPeriod.organisation_id))).where(
                    MembershipPeriod.leave_date.between(first, date(year, 12, 31)),
                    MembershipPeriod.join_date <= last,
                    ~period_on(last),
                )
            )
            total = session.scalar(select(func.count(Organisation.id)).where(member_on(last)))
            result.append(YearMovement(year, joined or 0, left or 0, total or 0))
    return result
