"""What every automatic indicator takes and returns: a Period, the Context and an Outcome.

Every computation takes a :class:`Context` (the loaded :class:`~.data.Snapshot` with
per-period caches) and a :class:`Period`, and returns an :class:`Outcome`. The helpers here
(:func:`no_members`, :func:`ceil_needed`, :func:`sorted_ids`) are shared by the families in
:mod:`workbench.indicators.automatic`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal

from workbench.indicators.data import ActivityRow, OrgInfo, Snapshot
from workbench.models import ActivityType, OrgType
from workbench.translatable import Message, msg

#: Organisation types for people: (singular, plural).
TYPE_LABELS: dict[OrgType, tuple[str, str]] = {
    OrgType.COMPANY: ("company", "companies"),
    OrgType.UNIVERSITY: ("university", "universities"),
    OrgType.RESEARCH_ORG: ("research organisation", "research organisations"),
    OrgType.TECHNOLOGY_CENTRE: ("technology centre", "technology centres"),
    OrgType.PUBLIC_BODY: ("public body", "public bodies"),
    OrgType.ASSOCIATION: ("association", "associations"),
    OrgType.FINANCIAL_INSTITUTION: ("financial institution", "financial institutions"),
    OrgType.OTHER: ("other organisation", "other organisations"),
}


@dataclass(frozen=True)
class Period:
    """One column of the assessment.

    Attributes:
        label: "2023", "2024" or "current".
        year: The calendar year, None for the current period.
        start: First day of the window (1 January, or 12 months before the current day).
        end: Reference day: 31 December, or the current day.
        manual_year: Year of manual values, notes and evidence (the assessment year for the
            current period).
        money_year: Year of income figures (the current day's year for the current period).
        size_year: Year whose size data should exist: the year itself, or for the current
            period the last year already closed.
    """

    label: str
    year: int | None
    start: date
    end: date
    manual_year: int
    money_year: int
    size_year: int

    @property
    def span(self) -> Message:
        """Return "in 2024" or "in the 12 months to 2025-03-10"."""
        if self.year is not None:
            return msg("in {year}", year=self.year)
        return msg("in the 12 months to {end}", end=self.end)

    @property
    def fee_years(self) -> range:
        """Calendar years the window touches (fees paid for any of them count)."""
        return range(self.start.year, self.end.year + 1)


Rule = Callable[[Decimal | None], bool]
Advice = Callable[[Decimal | None], str | None]


@dataclass
class Outcome:
    """A computed value for one period with what was counted and what is missing."""

    value: Decimal | int | str | None = None
    display: str | None = None
    inputs: list[str] = field(default_factory=list)
    input_ids: dict[str, list[int]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    missing_ids: dict[str, list[int]] = field(default_factory=dict)
    rule: Rule | None = None
    advice: Advice | None = None


@dataclass(frozen=True)
class Commitment:
    """Members of a period and which of them showed commitment."""

    during: dict[int, bool]  # members during the window -> agreement signed on a period then
    by_agreement: frozenset[int]
    by_fee_only: frozenset[int]

    @property
    def committed(self) -> frozenset[int]:
        return self.by_agreement | self.by_fee_only


class Context:
    """A snapshot plus caches of what several indicators ask for the same period."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snap = snapshot
        self._during: dict[tuple[date, date], dict[int, bool]] = {}
        self._commitment: dict[Period, Commitment] = {}
        self._activities: dict[Period, list[ActivityRow]] = {}

    def members_on(self, day: date) -> frozenset[int]:
        return self.snap.membership.members_on(day)

    def members_during(self, period: Period) -> dict[int, bool]:
        key = (period.start, period.end)
        if key not in self._during:
            self._during[key] = self.snap.membership.members_during(period.start, period.end)
        return self._during[key]

    def commitment(self, period: Period) -> Commitment:
        if period not in self._commitment:
            during = self.members_during(period)
            years = list(period.fee_years)
            paid = self.snap.paid_fees
            agreement = frozenset(o for o, signed in during.items() if signed)
            fee_only = frozenset(
                o for o in during if o not in agreement and any((o, year) in paid for year in years)
            )
            self._commitment[period] = Commitment(during, agreement, fee_only)
        return self._commitment[period]

    def activities(self, period: Period, *, newsletters: bool = False) -> list[ActivityRow]:
        """Activities starting in the window (newsletters apart: they are communication)."""
        if period not in self._activities:
            self._activities[period] = [
                a for a in self.snap.activities if period.start <= a.start <= period.end
            ]
        rows = self._activities[period]
        is_newsletter = ActivityType.NEWSLETTER
        return [a for a in rows if (a.activity_type == is_newsletter) == newsletters]

    def org(self, org_id: int) -> OrgInfo | None:
        return self.snap.orgs.get(org_id)


def no_members(ctx: Context, period: Period) -> Outcome | None:
    """An outcome saying why there are no members to count, or None when there are."""
    if ctx.snap.membership.empty:
        return Outcome(missing=[msg("no memberships recorded: add members with their join dates")])
    if not ctx.members_on(period.end):
        return Outcome(missing=[msg("no members on {end}", end=period.end)])
    return None


def ceil_needed(value: Decimal | int) -> int:
    """Smallest whole number >= *value*, and never below 0."""
    return max(0, int(Decimal(value).to_integral_value(rounding=ROUND_CEILING)))


def sorted_ids(items: Iterable[int]) -> list[int]:
    """The ids of *items* in ascending order (an outcome's ``input_ids``)."""
    return sorted(items)
