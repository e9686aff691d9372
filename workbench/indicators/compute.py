"""Computations of the automatic indicators (the manual ones' hints: :mod:`.hints`).

Every function takes a :class:`Context` (the loaded :class:`~.data.Snapshot` with per-period
caches) and a :class:`Period`, and returns an :class:`Outcome`: the value, what was counted
(``inputs``, ``input_ids``) and what is missing. Pass/fail is decided by the engine from the
value and the effective threshold, unless the outcome carries its own ``rule`` (composition
has two conditions). ``advice`` says, for a failing value, what would make it pass.

Periods: a calendar year is evaluated on 31 December with the year as its window; the
"current" period is evaluated on the current day with the 12 months up to it as its window.

Decisions where the domain notes leave a choice:

* 1.1.0: members at any time in the window whose overlapping membership period has
  ``agreement_signed``, or with a fee paid for a year the window touches. A fee counts as paid
  when ``amount_paid >= amount_due`` and something was paid (an amount or a paid date): a 0/0
  row without a date is a placeholder, not commitment.
* 1.1.1: value = share of members of type *company* (banks are financial institutions, as in
  ECCP profiles); passes with >= 2 organisation types and the share >= the threshold. SME
  classes (two-year rule, manual override wins) are evaluated as of the period's year for
  every enterprise (companies and financial institutions).
* 1.1.2: committed members plus every other distinct participant of the window's activities
  (members without commitment evidence included); participants without a record are told
  apart by organisation name, else e-mail, else person name; unnamed attendees are not counted.
* 1.2: members whose NUTS code starts with the cluster's NUTS-2 code (NUTS-3 codes count);
  members without a code are left out of the share and reported.
* 2.2.1 / 2.2.4: a staff member's end date is the last working day (inclusive). 2.2.4's value
  is the average tenure (higher is better); turnover = leavers / mean of the headcounts on the
  first and last day of the window.
* 2.3: retention needs continuous membership: a member that left and re-joined between the two
  days is not retained (it is reported); touching periods (re-joining the day it left) are one.
* 2.6: projects with status special, submitted, funded or closed running in the window (start
  date on or before its end, no end date or ending on or after its start) with >= 2 partners
  that were members in the window; undated projects are left out and reported.
* 4.3: newsletter activities are communication (4.6.1), not activities.
* 4.5: an area is active with >= 1 participant in the window and meetings: an activity linked
  to the area in the window, or a declared ``meetings_per_year``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal

from workbench.indicators.data import ActivityRow, OrgInfo, Snapshot
from workbench.indicators.formatting import (
    more_needed_for_share,
    pct,
    round_fte,
    years_before,
)
from workbench.indicators.wording import Eur as _Eur
from workbench.indicators.wording import counts as _counts
from workbench.indicators.wording import kind_word as _kind
from workbench.indicators.wording import listing as _listing
from workbench.indicators.wording import number as _num
from workbench.indicators.wording import type_count
from workbench.models import ActivityType, OrgType, SmeClass
from workbench.rules import projects as project_rules
from workbench.rules.dates import completed_years
from workbench.rules.eccp import EccpCategory, counts_as_company, eccp_category
from workbench.translatable import Message, join, msg, nmsg

__all__ = [
    "AUTO",
    "TYPE_LABELS",
    "Commitment",
    "Context",
    "Outcome",
    "Period",
]

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
_NO_MEMBERSHIPS = "no memberships recorded: add members with their join dates"


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


def _no_members(ctx: Context, period: Period) -> Outcome | None:
    """An outcome saying why there are no members to count, or None when there are."""
    if ctx.snap.membership.empty:
        return Outcome(missing=[msg("no memberships recorded: add members with their join dates")])
    if not ctx.members_on(period.end):
        return Outcome(missing=[msg("no members on {end}", end=period.end)])
    return None


def _ceil(value: Decimal | int) -> int:
    """Smallest whole number >= *value*, and never below 0."""
    return max(0, int(Decimal(value).to_integral_value(rounding=ROUND_CEILING)))


def _ids(items: Iterable[int]) -> list[int]:
    return sorted(items)


# --------------------------------------------------------------------------- 1.1.0


def commitment(ctx: Context, p: Period) -> Outcome:
    """1.1.0 Members during the period with a signed agreement or a paid fee."""
    if ctx.snap.membership.empty:
        return Outcome(missing=[msg("no memberships recorded: add members with their join dates")])
    c = ctx.commitment(p)
    value = len(c.committed)
    years = "/".join(str(y) for y in p.fee_years)
    lacking = sorted(set(c.during) - c.committed)
    out = Outcome(
        value=value,
        inputs=[
            nmsg("{n} member {span}", "{n} members {span}", len(c.during), span=p.span),
            msg("{n} with a signed membership agreement", n=len(c.by_agreement)),
            msg("{n} more with the {years} fee paid", n=len(c.by_fee_only), years=years),
        ],
        input_ids={"organisation": _ids(c.committed)},
    )
    if lacking:
        out.missing.append(
            nmsg(
                "{n} member {span} has neither a signed agreement nor a paid {years} fee",
                "{n} members {span} have neither a signed agreement nor a paid {years} fee",
                len(lacking),
                span=p.span,
                years=years,
            )
        )
        out.missing_ids["organisation"] = lacking

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return msg("no committed members: record signed agreements or paid fees")
        need = _ceil(threshold - value)
        return nmsg(
            "{n} more committed member ({value} of {threshold})",
            "{n} more committed members ({value} of {threshold})",
            need,
            value=value,
            threshold=_num(threshold),
        )

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 1.1.1


def _composition_inputs(
    p: Period,
    ordered: list[tuple[OrgType, int]],
    total: int,
    companies: int,
    share: Decimal,
    classes: Counter[SmeClass | None],
    eccp: Counter[EccpCategory],
) -> list[str]:
    """What 1.1.1 counted: members by type, the share of companies, SME classes, ECCP lines."""
    inputs: list[str] = [
        nmsg(
            "{n} member on {end}: {types}",
            "{n} members on {end}: {types}",
            total,
            end=p.end,
            types=join(", ", (type_count(t, n) for t, n in ordered)),
        ),
        msg(
            "{share} % companies ({companies} of {total})",
            share=_num(share),
            companies=companies,
            total=total,
        ),
    ]
    enterprises = sum(classes.values())
    if enterprises:
        parts: list[str] = [
            msg("{n} {kind}", n=classes[c], kind=_kind(c.value)) for c in SmeClass if classes[c]
        ]
        if classes[None]:
            parts.append(msg("{n} without size data", n=classes[None]))
        inputs.append(
            nmsg(
                "SME classes (two-year rule) of {n} enterprise: {classes}",
                "SME classes (two-year rule) of {n} enterprises: {classes}",
                enterprises,
                classes=join(", ", parts),
            )
        )
    inputs.append(
        msg(
            "ECCP: {sme} SME members, {large} larger companies, {research} research "
            "organisations/universities/technology centres, {other} other ecosystem actors, "
            "{unclassed} not classed (no size data)",
            sme=eccp[EccpCategory.SME],
            large=eccp[EccpCategory.LARGER_COMPANY],
            research=eccp[EccpCategory.RESEARCH],
            other=eccp[EccpCategory.OTHER_ACTOR],
            unclassed=eccp[EccpCategory.NOT_CLASSED],
        )
    )
    return inputs


def composition(ctx: Context, p: Period) -> Outcome:
    """1.1.1 Member types, share of companies and SME classes at the end of the period."""
    empty = _no_members(ctx, p)
    if empty is not None:
        return empty
    members = sorted(ctx.members_on(p.end))
    orgs = [o for o in (ctx.org(i) for i in members) if o is not None]
    types = Counter(o.org_type for o in orgs)
    total = len(orgs)
    companies = types[OrgType.COMPANY]
    share = pct(companies, total)
    assert share is not None
    classes: Counter[SmeClass | None] = Counter()
    no_data: list[int] = []
    stale: list[int] = []
    eccp = Counter[EccpCategory]()
    for org in orgs:
        if not counts_as_company(org.org_type):  # banks are other ecosystem actors (ECCP rule)
            eccp[eccp_category(org.org_type, None)] += 1
            continue
        result = ctx.snap.sme_class(org, p.end.year)
        classes[result.sme_class] += 1
        eccp[eccp_category(org.org_type, result.sme_class)] += 1
        if org.sme_override is not None:
            continue
        if result.sme_class is None:
            no_data.append(org.id)
        elif not ctx.snap.has_size_row(org.id, p.size_year):
            stale.append(org.id)
    ordered = sorted(types.items(), key=lambda kv: list(OrgType).index(kv[0]))
    inputs = _composition_inputs(p, ordered, total, companies, share, classes, eccp)
    out = Outcome(
        value=share,
        display=nmsg(
            "{n} type, {share} % companies",
            "{n} types, {share} % companies",
            len(types),
            share=_num(share),
        ),
        inputs=inputs,
        input_ids={"organisation": members},
    )
    if no_data:
        out.missing.append(
            nmsg(
                "{n} enterprise has no size data up to {year} (no SME class)",
                "{n} enterprises have no size data up to {year} (no SME class)",
                len(no_data),
                year=p.end.year,
            )
        )
    if stale:
        out.missing.append(
            nmsg(
                "{n} enterprise has no size data for {year} (SME class taken from an earlier year)",
                "{n} enterprises have no size data for {year} (SME class taken from an earlier "
                "year)",
                len(stale),
                year=p.size_year,
            )
        )
    if no_data or stale:
        out.missing_ids["organisation"] = sorted(no_data + stale)
    type_count_now = len(types)

    def rule(threshold: Decimal | None) -> bool:
        return type_count_now >= 2 and (threshold is None or share >= threshold)

    def advice(threshold: Decimal | None) -> str | None:
        parts: list[str] = []
        if type_count_now < 2:
            only = ordered[0][0]
            other = (
                msg("a university or research organisation")
                if only is OrgType.COMPANY
                else msg("a company")
            )
            parts.append(
                msg(
                    "members of at least one more type (e.g. {other}); ECCP needs 2 types",
                    other=other,
                )
            )
        if threshold is not None and share < threshold:
            need = more_needed_for_share(companies, total, threshold)
            if need is not None:
                parts.append(
                    nmsg(
                        "{n} more company ({share} % of {threshold} % companies)",
                        "{n} more companies ({share} % of {threshold} % companies)",
                        need,
                        share=_num(share),
                        threshold=_num(threshold),
                    )
                )
        return join("; ", parts) if parts else None

    out.rule, out.advice = rule, advice
    return out


# --------------------------------------------------------------------------- 1.1.2


def participants(ctx: Context, p: Period) -> Outcome:
    """1.1.2 Committed members plus every other distinct participant of the period's activities."""
    acts = ctx.activities(p)
    if ctx.snap.membership.empty and not ctx.snap.activities_recorded:
        return Outcome(
            missing=[msg("no memberships and no activities recorded: add members and activities")]
        )
    c = ctx.commitment(p)
    act_ids = {a.id for a in acts}
    org_parts: set[int] = set()
    keys: set[str] = set()
    for row in ctx.snap.participants:
        if row.activity_id not in act_ids:
            continue
        if row.organisation_id is not None:
            org_parts.add(row.organisation_id)
        elif row.key:
            keys.add(row.key)
    committed = c.committed
    other_members = {o for o in org_parts if o in c.during and o not in committed}
    outsiders = {o for o in org_parts if o not in c.during}
    value = len(committed) + len(other_members) + len(outsiders) + len(keys)
    inputs: list[str] = [
        nmsg(
            "{n} committed member {span}",
            "{n} committed members {span}",
            len(committed),
            span=p.span,
        ),
        nmsg(
            "{members} other members and {others} non-members took part in {n} activity",
            "{members} other members and {others} non-members took part in {n} activities",
            len(acts),
            members=len(other_members),
            others=len(outsiders) + len(keys),
        ),
    ]
    unnamed = sum(a.anonymous for a in acts)
    if unnamed:
        inputs.append(
            msg("{n} unnamed attendees not counted (they cannot be told apart)", n=unnamed)
        )
    out = Outcome(
        value=value,
        inputs=inputs,
        input_ids={
            "organisation": _ids(committed | other_members | outsiders),
            "activity": _ids(act_ids),
        },
    )
    if not ctx.snap.activities_recorded:
        out.missing.append(msg("no activities recorded: participants of events are not counted"))

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return msg("no participants: record members and activity participants")
        need = _ceil(threshold - value)
        return nmsg(
            "{n} more participant ({value} of {threshold})",
            "{n} more participants ({value} of {threshold})",
            need,
            value=value,
            threshold=_num(threshold),
        )

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 1.2


def geography(ctx: Context, p: Period) -> Outcome:
    """1.2 Share of members in the cluster's NUTS-2 region (NUTS-3 codes inside it count)."""
    region = (ctx.snap.profile.nuts2 or "").strip().upper()
    if not region:
        return Outcome(
            missing=[msg("the cluster profile has no NUTS-2 region: set it in the cluster profile")]
        )
    empty = _no_members(ctx, p)
    if empty is not None:
        return empty
    members = sorted(ctx.members_on(p.end))
    unknown: list[int] = []
    inside: list[int] = []
    outside = 0
    for org_id in members:
        org = ctx.org(org_id)
        code = (org.nuts2 if org else None) or ""
        code = code.strip().upper()
        if not code:
            unknown.append(org_id)
        elif code.startswith(region):
            inside.append(org_id)
        else:
            outside += 1
    known = len(inside) + outside
    share = pct(len(inside), known)
    out = Outcome(
        value=share,
        inputs=[
            nmsg(
                "{inside} of {n} member with a known region on {end} are in {region}",
                "{inside} of {n} members with a known region on {end} are in {region}",
                known,
                inside=len(inside),
                end=p.end,
                region=region,
            ),
        ],
        input_ids={"organisation": inside},
    )
    if unknown:
        out.missing.append(
            nmsg(
                "{n} member on {end} has no NUTS-2 region (left out of the share)",
                "{n} members on {end} have no NUTS-2 region (left out of the share)",
                len(unknown),
                end=p.end,
            )
        )
        out.missing_ids["organisation"] = unknown

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return msg("no members in {region}", region=region)
        need = more_needed_for_share(len(inside), known, threshold)
        if need is None:
            return None
        return nmsg(
            "{n} more member in {region} ({share} % of {threshold} %)",
            "{n} more members in {region} ({share} % of {threshold} %)",
            need,
            region=region,
            share=_num(share or 0),
            threshold=_num(threshold),
        )

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 2.1


def maturity(ctx: Context, p: Period) -> Outcome:
    """2.1 Completed years since the founding date."""
    founded = ctx.snap.profile.founding_date
    if founded is None:
        return Outcome(missing=[msg("the cluster profile has no founding date")])
    if founded > p.end:
        return Outcome(
            missing=[
                msg("the cluster was founded on {founded}, after {end}", founded=founded, end=p.end)
            ]
        )
    years = completed_years(founded, p.end)
    founded_text = nmsg(
        "founded on {founded}; {n} year on {end}",
        "founded on {founded}; {n} years on {end}",
        years,
        founded=founded,
        end=p.end,
    )
    out = Outcome(value=years, inputs=[founded_text])

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return msg("the cluster organisation is less than one year old")
        target = int(threshold.to_integral_value(rounding=ROUND_CEILING))
        return nmsg(
            "{n} year is reached on {day}",
            "{n} years are reached on {day}",
            target,
            day=founded.replace(year=founded.year + target),
        )

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 2.2.1 / 2.2.4


def _no_staff(ctx: Context) -> Outcome | None:
    if not ctx.snap.staff:
        return Outcome(missing=[msg("no management staff recorded: add the staff with their FTE")])
    return None


def human_resources(ctx: Context, p: Period) -> Outcome:
    """2.2.1 Management staff FTE on the reference day, and FTE per 100 members."""
    empty = _no_staff(ctx)
    if empty is not None:
        return empty
    active = [s for s in ctx.snap.staff if s.active_on(p.end)]
    fte = round_fte(sum((s.fte for s in active), Decimal(0)))
    members = len(ctx.members_on(p.end))
    inputs: list[str] = [
        nmsg(
            "{n} staff member on {end}: {fte} FTE",
            "{n} staff members on {end}: {fte} FTE",
            len(active),
            end=p.end,
            fte=_num(fte, 2),
        )
    ]
    if members:
        per_100 = round_fte(fte * 100 / members)
        inputs.append(
            msg(
                "{fte} FTE per 100 members ({members} members)",
                fte=_num(per_100, 2),
                members=members,
            )
        )
    out = Outcome(value=fte, inputs=inputs, input_ids={"staff_member": [s.id for s in active]})

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return msg("no management staff employed")
        return msg(
            "{more} more FTE of management staff ({fte} of {threshold} FTE)",
            more=_num(threshold - fte, 2),
            fte=_num(fte, 2),
            threshold=_num(threshold, 2),
        )

    out.advice = advice
    return out


def staff_stability(ctx: Context, p: Period) -> Outcome:
    """2.2.4 Average tenure of the staff on the reference day; turnover of the period."""
    empty = _no_staff(ctx)
    if empty is not None:
        return empty
    staff = ctx.snap.staff
    active = [s for s in staff if s.active_on(p.end)]
    leavers = [s for s in staff if s.end is not None and p.start <= s.end <= p.end]
    at_start = sum(1 for s in staff if s.active_on(p.start))
    average = Decimal(at_start + len(active)) / 2
    turnover = pct(len(leavers), average) if average else None
    inputs: list[str] = [
        nmsg(
            "{n} staff member left {span}; average staff {average}",
            "{n} staff members left {span}; average staff {average}",
            len(leavers),
            span=p.span,
            average=_num(average),
        ),
    ]
    if turnover is not None:
        inputs.append(msg("staff turnover {turnover} %", turnover=_num(turnover)))
    if not active:
        return Outcome(
            inputs=inputs,
            missing=[msg("no management staff employed on {end} (no tenure)", end=p.end)],
        )
    days = sum((p.end - s.start).days for s in active)
    tenure = (Decimal(days) / Decimal("365.25") / len(active)).quantize(Decimal("0.1"))
    inputs.insert(
        0,
        nmsg(
            "average tenure of {n} staff member on {end}",
            "average tenure of {n} staff members on {end}",
            len(active),
            end=p.end,
        ),
    )
    tenure_text = (
        msg("{years} year", years=_num(tenure))
        if tenure == 1
        else msg("{years} years", years=_num(tenure))
    )
    display: str = msg("{tenure} average tenure", tenure=tenure_text)
    if turnover is not None:
        display = msg(
            "{tenure} average tenure, turnover {turnover} %",
            tenure=tenure_text,
            turnover=_num(turnover),
        )
    out = Outcome(
        value=tenure,
        display=display,
        inputs=inputs,
        input_ids={"staff_member": [s.id for s in active]},
    )

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return None
        return msg(
            "average tenure {tenure} of {threshold} years",
            tenure=_num(tenure),
            threshold=_num(threshold),
        )

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 2.3


def retention(ctx: Context, p: Period) -> Outcome:
    """2.3 Members two years before the reference day still members, without interruption."""
    if ctx.snap.membership.empty:
        return Outcome(missing=[msg("no memberships recorded: add members with their join dates")])
    base_day = years_before(p.end, 2)
    base = sorted(ctx.members_on(base_day))
    at_end = ctx.members_on(p.end)
    joined = ctx.snap.membership.joined_between(p.start, p.end)
    left = ctx.snap.membership.left_between(p.start, p.end)
    movement = msg(
        "{span}: {joined} joined, {left} left; {members} members on {end}",
        span=p.span,
        joined=len(joined),
        left=len(left),
        members=len(at_end),
        end=p.end,
    )
    if not base:
        return Outcome(
            inputs=[movement],
            missing=[
                msg("no members on {day} to follow (retention looks back two years)", day=base_day)
            ],
        )
    membership = ctx.snap.membership
    retained = [o for o in base if membership.continuous(o, base_day, p.end)]
    kept = set(retained)
    rejoined = [o for o in base if o in at_end and o not in kept]
    lost = [o for o in base if o not in at_end]
    share = pct(len(retained), len(base))
    inputs: list[str] = [
        nmsg(
            "{retained} of the {n} member of {day} were still members on {end} without "
            "interruption",
            "{retained} of the {n} members of {day} were still members on {end} without "
            "interruption",
            len(base),
            retained=len(retained),
            day=base_day,
            end=p.end,
        ),
        movement,
    ]
    if rejoined:
        inputs.insert(
            1,
            nmsg(
                "{n} member left and re-joined in between (not counted as retained)",
                "{n} members left and re-joined in between (not counted as retained)",
                len(rejoined),
            ),
        )
    out = Outcome(
        value=share,
        inputs=inputs,
        input_ids={
            "organisation": retained,
            "organisation_left": sorted(lost + rejoined),
            "organisation_joined": sorted(joined),
        },
    )
    count = len(retained)

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return msg("none of the members of {day} stayed", day=base_day)
        stay = int((threshold * len(base) / 100).to_integral_value(rounding=ROUND_CEILING))
        need = max(0, stay - count)
        return msg(
            "retention {share} % of {threshold} %: {need} more of the members of {day} would "
            "have had to stay",
            share=_num(share or 0),
            threshold=_num(threshold),
            need=need,
            day=base_day,
        )

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 2.5


def contacts(ctx: Context, p: Period) -> Outcome:
    """2.5 Share of members with a logged contact in the 12 months up to the reference day."""
    if not ctx.snap.contacts_recorded:
        return Outcome(
            missing=[
                msg("no contacts logged: record visits, calls and meetings in the contact log")
            ]
        )
    empty = _no_members(ctx, p)
    if empty is not None:
        return empty
    members = ctx.members_on(p.end)
    channels: Counter[str] = Counter()
    contacted: set[int] = set()
    for org_id, day, channel in ctx.snap.contacts:
        # A fee reminder is a mailing, not a direct contact (ContactChannel.is_direct).
        if p.start <= day <= p.end and org_id in members and channel.is_direct:
            contacted.add(org_id)
            channels[channel.value] += 1
    share = pct(len(contacted), len(members))
    inputs: list[str] = [
        nmsg(
            "{contacted} of {n} member on {end} contacted {span}",
            "{contacted} of {n} members on {end} contacted {span}",
            len(members),
            contacted=len(contacted),
            end=p.end,
            span=p.span,
        )
    ]
    if channels:
        inputs.append(msg("contacts by channel: {counts}", counts=_counts(channels)))
    out = Outcome(
        value=share,
        inputs=inputs,
        input_ids={
            "organisation": sorted(contacted),
            "organisation_not_contacted": sorted(members - contacted),
        },
    )

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return msg("no member contacted {span}", span=p.span)
        stay = int((threshold * len(members) / 100).to_integral_value(rounding=ROUND_CEILING))
        return nmsg(
            "contact {n} more member ({share} % of {threshold} %)",
            "contact {n} more members ({share} % of {threshold} %)",
            max(0, stay - len(contacted)),
            share=_num(share or 0),
            threshold=_num(threshold),
        )

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 2.6


def cooperation(ctx: Context, p: Period) -> Outcome:
    """2.6 Projects with at least two member partners; members in a project or area."""
    snap = ctx.snap
    if not snap.projects and not snap.area_parts:
        return Outcome(missing=[msg("no projects and no competence-area participants recorded")])
    during = ctx.members_during(p)
    # Which projects count is one rule (workbench.rules.projects): funded or closed, dated.
    funded = [pr for pr in snap.projects if project_rules.is_funded(pr.status)]
    undated = [pr for pr in funded if pr.start is None]
    running = [pr for pr in funded if project_rules.overlaps(pr.start, pr.end, p.start, p.end)]
    pipeline = [
        pr
        for pr in snap.projects
        if project_rules.in_pipeline(pr.status, pr.start, pr.end, p.start, p.end)
    ]
    joint = [pr for pr in running if len(snap.partners.get(pr.id, set()) & during.keys()) >= 2]
    members = ctx.members_on(p.end)
    in_project = {o for pr in running for o in snap.partners.get(pr.id, set())} & members
    in_area = {
        a.organisation_id
        for a in snap.area_parts
        if a.start <= p.end and (a.end is None or a.end > p.start)
    } & members
    involved = in_project | in_area
    share = pct(len(involved), len(members))
    value = len(joint)
    joint_text = nmsg(
        "{joint} of {n} project running {span} have at least two member partners",
        "{joint} of {n} projects running {span} have at least two member partners",
        len(running),
        joint=len(joint),
        span=p.span,
    )
    if joint:
        names = _listing(sorted(pr.acronym for pr in joint))
        joint_text = msg("{counted}: {names}", counted=joint_text, names=names)
    inputs: list[str] = [joint_text]
    if pipeline:
        inputs.append(
            nmsg(
                "{n} pipeline project (ideas, special projects, submitted or rejected proposals) "
                "not counted",
                "{n} pipeline projects (ideas, special projects, submitted or rejected "
                "proposals) not counted",
                len(pipeline),
            )
        )
    display: str = nmsg("{n} project", "{n} projects", value)
    if share is not None:
        inputs.append(
            msg(
                "{in_project} members in a project, {in_area} in a competence area: "
                "{involved} of {members} ({share} %) in either",
                in_project=len(in_project),
                in_area=len(in_area),
                involved=len(involved),
                members=len(members),
                share=_num(share),
            )
        )
        display = nmsg(
            "{n} project; {share} % of members in a project or area",
            "{n} projects; {share} % of members in a project or area",
            value,
            share=_num(share),
        )
    out = Outcome(
        value=value,
        display=display,
        inputs=inputs,
        input_ids={"project": sorted(pr.id for pr in joint), "organisation": sorted(involved)},
    )
    if undated:
        out.missing.append(
            nmsg(
                "{n} project ({statuses}) has no start date and was left out",
                "{n} projects ({statuses}) have no start date and were left out",
                len(undated),
                statuses=", ".join(s.value for s in sorted({pr.status for pr in undated})),
            )
        )
        out.missing_ids["project"] = sorted(pr.id for pr in undated)

    def advice(threshold: Decimal | None) -> str | None:
        target = threshold if threshold is not None else Decimal(1)
        need = _ceil(target - value)
        return nmsg(
            "{n} more project with at least two member partners {span}",
            "{n} more projects with at least two member partners {span}",
            need,
            span=p.span,
        )

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 3.2


def private_share(ctx: Context, p: Period) -> Outcome:
    """3.2 Private income divided by total income of the year."""
    year = p.money_year
    rows = [r for r in ctx.snap.income if r.year == year]
    if not rows:
        return Outcome(missing=[msg("no income recorded for {year}", year=year)])
    total = sum((r.amount for r in rows), Decimal(0))
    private = sum((r.amount for r in rows if r.is_private), Decimal(0))
    share = pct(private, total)
    if share is None:
        return Outcome(missing=[msg("the income recorded for {year} totals 0", year=year)])
    by_category: Counter[tuple[str, bool]] = Counter()
    for r in rows:
        by_category[(r.category.value.replace("_", " "), r.is_private)] += r.amount  # type: ignore[assignment]
    inputs: list[str] = [
        msg(
            "private income {private} of {total} total in {year}",
            private=_Eur(private),
            total=_Eur(total),
            year=year,
        ),
        join(
            "; ",
            (
                msg("{name} {amount} (private)", name=_kind(name), amount=_Eur(amount))
                if is_private
                else msg("{name} {amount} (public)", name=_kind(name), amount=_Eur(amount))
                for (name, is_private), amount in sorted(by_category.items())
            ),
        ),
    ]
    out = Outcome(value=share, inputs=inputs, input_ids={"income": sorted(r.id for r in rows)})

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return msg("no private income recorded")
        text = msg(
            "private share {share} % of {threshold} %",
            share=_num(share),
            threshold=_num(threshold),
        )
        target = threshold / 100
        if target < 1:
            extra = (target * total - private) / (1 - target)
            text = msg(
                "{share_text}: about {amount} more private income",
                share_text=text,
                amount=_Eur(extra.quantize(Decimal(1))),
            )
        return text

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 4.3


def activities(ctx: Context, p: Period) -> Outcome:
    """4.3 Activities held in the period and the share of members taking part."""
    if not ctx.snap.activities_recorded:
        return Outcome(
            missing=[msg("no activities recorded: add events and services with participants")]
        )
    acts = ctx.activities(p)
    ids = {a.id for a in acts}
    members = ctx.members_on(p.end)
    taking_part = {
        r.organisation_id
        for r in ctx.snap.participants
        if r.activity_id in ids and r.organisation_id in members
    }
    kinds = Counter(a.activity_type.value.replace("_", " ") for a in acts)
    share = pct(len(taking_part), len(members))
    held = nmsg("{n} activity {span}", "{n} activities {span}", len(acts), span=p.span)
    inputs: list[str] = [
        msg("{held}: {kinds}", held=held, kinds=_counts(kinds)) if acts else held,
    ]
    display: str = nmsg("{n} activity", "{n} activities", len(acts))
    if share is not None:
        inputs.append(
            nmsg(
                "{taking_part} of {n} member on {end} took part in at least one ({share} %)",
                "{taking_part} of {n} members on {end} took part in at least one ({share} %)",
                len(members),
                taking_part=len(taking_part),
                end=p.end,
                share=_num(share),
            )
        )
        display = nmsg(
            "{n} activity; {share} % of members took part",
            "{n} activities; {share} % of members took part",
            len(acts),
            share=_num(share),
        )
    out = Outcome(
        value=len(acts),
        display=display,
        inputs=inputs,
        input_ids={
            "activity": sorted(ids),
            "organisation": sorted(o for o in taking_part if o is not None),
        },
    )
    count = len(acts)

    def advice(threshold: Decimal | None) -> str | None:
        target = threshold if threshold is not None else Decimal(1)
        need = _ceil(target - count)
        return nmsg("{n} more activity {span}", "{n} more activities {span}", need, span=p.span)

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 4.5


def working_groups(ctx: Context, p: Period) -> Outcome:
    """4.5 Competence areas with participants and meetings in the period."""
    snap = ctx.snap
    if not snap.areas:
        return Outcome(missing=[msg("no competence areas recorded")])
    people: dict[int, set[int]] = {a.id: set() for a in snap.areas}
    for part in snap.area_parts:
        if part.start <= p.end and (part.end is None or part.end > p.start):
            people.setdefault(part.area_id, set()).add(part.organisation_id)
    meetings = Counter(a.area_id for a in ctx.activities(p) if a.area_id is not None)
    active: list[int] = []
    lines: list[str] = []
    inactive: list[str] = []
    for area in snap.areas:
        held = meetings[area.id]
        has_meetings = held > 0 or bool(area.meetings_per_year)
        count = len(people[area.id])
        meet_text = (
            nmsg("{n} meeting", "{n} meetings", held)
            if held or not area.meetings_per_year
            else msg("{n} meetings a year (declared)", n=area.meetings_per_year)
        )
        if count and has_meetings:
            active.append(area.id)
        else:
            inactive.append(area.name)
        lines.append(
            nmsg(
                "{area}: {n} participant, {meetings}",
                "{area}: {n} participants, {meetings}",
                count,
                area=area.name,
                meetings=meet_text,
            )
        )
    out = Outcome(
        value=len(active),
        display=nmsg(
            "{active} of {n} area active",
            "{active} of {n} areas active",
            len(snap.areas),
            active=len(active),
        ),
        inputs=[
            msg("active competence areas {span} (participants and meetings)", span=p.span),
            *lines,
        ],
        input_ids={"competence_area": active},
    )

    def advice(threshold: Decimal | None) -> str | None:
        target = threshold if threshold is not None else Decimal(1)
        need = _ceil(target - len(active))
        text = nmsg("{n} more active competence area", "{n} more active competence areas", need)
        if inactive:
            text = msg(
                "{more} (participants and meetings in e.g. {areas})",
                more=text,
                areas=_listing(inactive[:3]),
            )
        return text

    out.advice = advice
    return out


AUTO: dict[str, Callable[[Context, Period], Outcome]] = {
    "1.1.0": commitment,
    "1.1.1": composition,
    "1.1.2": participants,
    "1.2": geography,
    "2.1": maturity,
    "2.2.1": human_resources,
    "2.2.4": staff_stability,
    "2.3": retention,
    "2.5": contacts,
    "2.6": cooperation,
    "3.2": private_share,
    "4.3": activities,
    "4.5": working_groups,
}
