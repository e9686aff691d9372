"""Computations of the automatic indicators, and input hints for the manual ones.

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
    fmt_eur,
    fmt_number,
    fmt_value,
    more_needed_for_share,
    pct,
    plural,
    round_fte,
    years_before,
)
from workbench.models import ActivityType, OrgType, SmeClass
from workbench.rules import projects as project_rules
from workbench.rules.dates import completed_years
from workbench.rules.eccp import EccpCategory, counts_as_company, eccp_category

__all__ = [
    "AUTO",
    "HINTS",
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

_LISTED = 8  # names listed in an input line before "..."


def type_count(org_type: OrgType, count: int) -> str:
    """Return a count of organisations of a type: "3 universities", "1 company"."""
    singular, plural_form = TYPE_LABELS[org_type]
    return f"{count} {singular if count == 1 else plural_form}"


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:_LISTED])
    return shown + (f" and {len(names) - _LISTED} more" if len(names) > _LISTED else "")


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
    def span(self) -> str:
        """Return "in 2024" or "in the 12 months to 2025-03-10"."""
        return f"in {self.year}" if self.year is not None else f"in the 12 months to {self.end}"

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


def _no_members(ctx: Context, period: Period) -> Outcome | None:
    """An outcome saying why there are no members to count, or None when there are."""
    if ctx.snap.membership.empty:
        return Outcome(missing=["no memberships recorded: add members with their join dates"])
    if not ctx.members_on(period.end):
        return Outcome(missing=[f"no members on {period.end}"])
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
        return Outcome(missing=["no memberships recorded: add members with their join dates"])
    c = ctx.commitment(p)
    value = len(c.committed)
    years = "/".join(str(y) for y in p.fee_years)
    lacking = sorted(set(c.during) - c.committed)
    out = Outcome(
        value=value,
        inputs=[
            f"{plural(len(c.during), 'member')} {p.span}",
            f"{len(c.by_agreement)} with a signed membership agreement",
            f"{len(c.by_fee_only)} more with the {years} fee paid",
        ],
        input_ids={"organisation": _ids(c.committed)},
    )
    if lacking:
        out.missing.append(
            f"{plural(len(lacking), 'member')} {p.span} "
            f"{'has' if len(lacking) == 1 else 'have'} neither a signed agreement nor a paid "
            f"{years} fee"
        )
        out.missing_ids["organisation"] = lacking

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return "no committed members: record signed agreements or paid fees"
        need = _ceil(threshold - value)
        return f"{plural(need, 'more committed member')} ({value} of {fmt_number(threshold)})"

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 1.1.1


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
    inputs = [
        f"{plural(total, 'member')} on {p.end}: " + ", ".join(type_count(t, n) for t, n in ordered),
        f"{fmt_number(share)} % companies ({companies} of {total})",
    ]
    enterprises = sum(classes.values())
    if enterprises:
        parts = [f"{classes[c]} {c.value}" for c in SmeClass if classes[c]]
        if classes[None]:
            parts.append(f"{classes[None]} without size data")
        inputs.append(
            f"SME classes (two-year rule) of {plural(enterprises, 'enterprise')}: "
            + ", ".join(parts)
        )
    inputs.append(
        f"ECCP: {eccp[EccpCategory.SME]} SME members, "
        f"{eccp[EccpCategory.LARGER_COMPANY]} larger companies, "
        f"{eccp[EccpCategory.RESEARCH]} research organisations/universities/technology centres, "
        f"{eccp[EccpCategory.OTHER_ACTOR]} other ecosystem actors, "
        f"{eccp[EccpCategory.NOT_CLASSED]} not classed (no size data)"
    )
    out = Outcome(
        value=share,
        display=f"{plural(len(types), 'type')}, {fmt_number(share)} % companies",
        inputs=inputs,
        input_ids={"organisation": members},
    )
    if no_data:
        out.missing.append(
            f"{plural(len(no_data), 'enterprise')} {'has' if len(no_data) == 1 else 'have'} "
            f"no size data up to {p.end.year} (no SME class)"
        )
    if stale:
        out.missing.append(
            f"{plural(len(stale), 'enterprise')} {'has' if len(stale) == 1 else 'have'} no size "
            f"data for {p.size_year} (SME class taken from an earlier year)"
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
                "a university or research organisation"
                if only is OrgType.COMPANY
                else ("a company")
            )
            parts.append(f"members of at least one more type (e.g. {other}); ECCP needs 2 types")
        if threshold is not None and share < threshold:
            need = more_needed_for_share(companies, total, threshold)
            if need is not None:
                parts.append(
                    f"{type_count(OrgType.COMPANY, need).replace(' ', ' more ', 1)} "
                    f"({fmt_number(share)} % of {fmt_number(threshold)} % companies)"
                )
        return "; ".join(parts) or None

    out.rule, out.advice = rule, advice
    return out


# --------------------------------------------------------------------------- 1.1.2


def participants(ctx: Context, p: Period) -> Outcome:
    """1.1.2 Committed members plus every other distinct participant of the period's activities."""
    acts = ctx.activities(p)
    if ctx.snap.membership.empty and not ctx.snap.activities_recorded:
        return Outcome(
            missing=["no memberships and no activities recorded: add members and activities"]
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
    inputs = [
        f"{plural(len(committed), 'committed member')} {p.span}",
        f"{len(other_members)} other members and {len(outsiders) + len(keys)} non-members took "
        f"part in {plural(len(acts), 'activity', 'activities')}",
    ]
    unnamed = sum(a.anonymous for a in acts)
    if unnamed:
        inputs.append(f"{unnamed} unnamed attendees not counted (they cannot be told apart)")
    out = Outcome(
        value=value,
        inputs=inputs,
        input_ids={
            "organisation": _ids(committed | other_members | outsiders),
            "activity": _ids(act_ids),
        },
    )
    if not ctx.snap.activities_recorded:
        out.missing.append("no activities recorded: participants of events are not counted")

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return "no participants: record members and activity participants"
        need = _ceil(threshold - value)
        return f"{plural(need, 'more participant')} ({value} of {fmt_number(threshold)})"

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 1.2


def geography(ctx: Context, p: Period) -> Outcome:
    """1.2 Share of members in the cluster's NUTS-2 region (NUTS-3 codes inside it count)."""
    region = (ctx.snap.profile.nuts2 or "").strip().upper()
    if not region:
        return Outcome(
            missing=["the cluster profile has no NUTS-2 region: set it in the cluster profile"]
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
            f"{len(inside)} of {plural(known, 'member')} with a known region on {p.end} are in "
            f"{region}",
        ],
        input_ids={"organisation": inside},
    )
    if unknown:
        out.missing.append(
            f"{plural(len(unknown), 'member')} on {p.end} "
            f"{'has' if len(unknown) == 1 else 'have'} no NUTS-2 region (left out of the share)"
        )
        out.missing_ids["organisation"] = unknown

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return f"no members in {region}"
        need = more_needed_for_share(len(inside), known, threshold)
        if need is None:
            return None
        return (
            f"{plural(need, 'more member')} in {region} "
            f"({fmt_number(share or 0)} % of {fmt_number(threshold)} %)"
        )

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 2.1


def maturity(ctx: Context, p: Period) -> Outcome:
    """2.1 Completed years since the founding date."""
    founded = ctx.snap.profile.founding_date
    if founded is None:
        return Outcome(missing=["the cluster profile has no founding date"])
    if founded > p.end:
        return Outcome(missing=[f"the cluster was founded on {founded}, after {p.end}"])
    years = completed_years(founded, p.end)
    out = Outcome(value=years, inputs=[f"founded on {founded}; {plural(years, 'year')} on {p.end}"])

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return "the cluster organisation is less than one year old"
        target = int(threshold.to_integral_value(rounding=ROUND_CEILING))
        return f"{target} years are reached on {founded.replace(year=founded.year + target)}"

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 2.2.1 / 2.2.4


def _no_staff(ctx: Context) -> Outcome | None:
    if not ctx.snap.staff:
        return Outcome(missing=["no management staff recorded: add the staff with their FTE"])
    return None


def human_resources(ctx: Context, p: Period) -> Outcome:
    """2.2.1 Management staff FTE on the reference day, and FTE per 100 members."""
    empty = _no_staff(ctx)
    if empty is not None:
        return empty
    active = [s for s in ctx.snap.staff if s.active_on(p.end)]
    fte = round_fte(sum((s.fte for s in active), Decimal(0)))
    members = len(ctx.members_on(p.end))
    inputs = [f"{plural(len(active), 'staff member')} on {p.end}: {fmt_value(fte, 'FTE')}"]
    if members:
        per_100 = round_fte(fte * 100 / members)
        inputs.append(f"{fmt_number(per_100, 2)} FTE per 100 members ({members} members)")
    out = Outcome(value=fte, inputs=inputs, input_ids={"staff_member": [s.id for s in active]})

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return "no management staff employed"
        return (
            f"{fmt_number(threshold - fte, 2)} more FTE of management staff "
            f"({fmt_number(fte, 2)} of {fmt_number(threshold, 2)} FTE)"
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
    inputs = [
        f"{plural(len(leavers), 'staff member')} left {p.span}; "
        f"average staff {fmt_number(average)}",
    ]
    if turnover is not None:
        inputs.append(f"staff turnover {fmt_number(turnover)} %")
    if not active:
        return Outcome(
            inputs=inputs, missing=[f"no management staff employed on {p.end} (no tenure)"]
        )
    days = sum((p.end - s.start).days for s in active)
    tenure = (Decimal(days) / Decimal("365.25") / len(active)).quantize(Decimal("0.1"))
    inputs.insert(0, f"average tenure of {plural(len(active), 'staff member')} on {p.end}")
    display = f"{fmt_value(tenure, 'years')} average tenure"
    if turnover is not None:
        display += f", turnover {fmt_number(turnover)} %"
    out = Outcome(
        value=tenure,
        display=display,
        inputs=inputs,
        input_ids={"staff_member": [s.id for s in active]},
    )

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return None
        return f"average tenure {fmt_number(tenure)} of {fmt_number(threshold)} years"

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 2.3


def retention(ctx: Context, p: Period) -> Outcome:
    """2.3 Members two years before the reference day still members, without interruption."""
    if ctx.snap.membership.empty:
        return Outcome(missing=["no memberships recorded: add members with their join dates"])
    base_day = years_before(p.end, 2)
    base = sorted(ctx.members_on(base_day))
    at_end = ctx.members_on(p.end)
    joined = ctx.snap.membership.joined_between(p.start, p.end)
    left = ctx.snap.membership.left_between(p.start, p.end)
    movement = f"{p.span}: {len(joined)} joined, {len(left)} left; {len(at_end)} members on {p.end}"
    if not base:
        return Outcome(
            inputs=[movement],
            missing=[f"no members on {base_day} to follow (retention looks back two years)"],
        )
    membership = ctx.snap.membership
    retained = [o for o in base if membership.continuous(o, base_day, p.end)]
    kept = set(retained)
    rejoined = [o for o in base if o in at_end and o not in kept]
    lost = [o for o in base if o not in at_end]
    share = pct(len(retained), len(base))
    inputs = [
        f"{len(retained)} of the {plural(len(base), 'member')} of {base_day} were still members "
        f"on {p.end} without interruption",
        movement,
    ]
    if rejoined:
        inputs.insert(
            1,
            f"{plural(len(rejoined), 'member')} left and re-joined in between (not counted as "
            "retained)",
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
            return f"none of the members of {base_day} stayed"
        stay = int((threshold * len(base) / 100).to_integral_value(rounding=ROUND_CEILING))
        need = max(0, stay - count)
        return (
            f"retention {fmt_number(share or 0)} % of {fmt_number(threshold)} %: "
            f"{need} more of the members of {base_day} would have had to stay"
        )

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 2.5


def contacts(ctx: Context, p: Period) -> Outcome:
    """2.5 Share of members with a logged contact in the 12 months up to the reference day."""
    if not ctx.snap.contacts_recorded:
        return Outcome(
            missing=["no contacts logged: record visits, calls and meetings in the contact log"]
        )
    empty = _no_members(ctx, p)
    if empty is not None:
        return empty
    members = ctx.members_on(p.end)
    channels: Counter[str] = Counter()
    contacted: set[int] = set()
    for org_id, day, channel in ctx.snap.contacts:
        if p.start <= day <= p.end and org_id in members:
            contacted.add(org_id)
            channels[channel.value] += 1
    share = pct(len(contacted), len(members))
    inputs = [f"{len(contacted)} of {plural(len(members), 'member')} on {p.end} contacted {p.span}"]
    if channels:
        inputs.append(
            "contacts by channel: " + ", ".join(f"{n} {c}" for c, n in channels.most_common())
        )
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
            return f"no member contacted {p.span}"
        stay = int((threshold * len(members) / 100).to_integral_value(rounding=ROUND_CEILING))
        return (
            f"contact {plural(max(0, stay - len(contacted)), 'more member')} "
            f"({fmt_number(share or 0)} % of {fmt_number(threshold)} %)"
        )

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 2.6


def cooperation(ctx: Context, p: Period) -> Outcome:
    """2.6 Projects with at least two member partners; members in a project or area."""
    snap = ctx.snap
    if not snap.projects and not snap.area_parts:
        return Outcome(missing=["no projects and no competence-area participants recorded"])
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
    inputs = [
        f"{len(joint)} of {plural(len(running), 'project')} running {p.span} have at least two "
        "member partners" + (": " + _listing(sorted(pr.acronym for pr in joint)) if joint else ""),
    ]
    if pipeline:
        inputs.append(
            f"{plural(len(pipeline), 'pipeline project')} (ideas, special projects, submitted "
            "or rejected proposals) not counted"
        )
    display = plural(value, "project")
    if share is not None:
        inputs.append(
            f"{len(in_project)} members in a project, {len(in_area)} in a competence area: "
            f"{len(involved)} of {len(members)} ({fmt_number(share)} %) in either"
        )
        display += f"; {fmt_number(share)} % of members in a project or area"
    out = Outcome(
        value=value,
        display=display,
        inputs=inputs,
        input_ids={"project": sorted(pr.id for pr in joint), "organisation": sorted(involved)},
    )
    if undated:
        out.missing.append(
            f"{plural(len(undated), 'project')} "
            f"({', '.join(s.value for s in sorted({pr.status for pr in undated}))}) "
            f"{'has' if len(undated) == 1 else 'have'} no start date and "
            f"{'was' if len(undated) == 1 else 'were'} left out"
        )
        out.missing_ids["project"] = sorted(pr.id for pr in undated)

    def advice(threshold: Decimal | None) -> str | None:
        target = threshold if threshold is not None else Decimal(1)
        need = _ceil(target - value)
        return f"{plural(need, 'more project')} with at least two member partners {p.span}"

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 3.2


def private_share(ctx: Context, p: Period) -> Outcome:
    """3.2 Private income divided by total income of the year."""
    year = p.money_year
    rows = [r for r in ctx.snap.income if r.year == year]
    if not rows:
        return Outcome(missing=[f"no income recorded for {year}"])
    total = sum((r.amount for r in rows), Decimal(0))
    private = sum((r.amount for r in rows if r.is_private), Decimal(0))
    share = pct(private, total)
    if share is None:
        return Outcome(missing=[f"the income recorded for {year} totals 0"])
    by_category: Counter[tuple[str, bool]] = Counter()
    for r in rows:
        by_category[(r.category.value.replace("_", " "), r.is_private)] += r.amount  # type: ignore[assignment]
    inputs = [
        f"private income {fmt_eur(private)} of {fmt_eur(total)} total in {year}",
        "; ".join(
            f"{name} {fmt_eur(Decimal(amount))} ({'private' if is_private else 'public'})"
            for (name, is_private), amount in sorted(by_category.items())
        ),
    ]
    out = Outcome(value=share, inputs=inputs, input_ids={"income": sorted(r.id for r in rows)})

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return "no private income recorded"
        text = f"private share {fmt_number(share)} % of {fmt_number(threshold)} %"
        target = threshold / 100
        if target < 1:
            extra = (target * total - private) / (1 - target)
            text += f": about {fmt_eur(extra.quantize(Decimal(1)))} more private income"
        return text

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 4.3


def activities(ctx: Context, p: Period) -> Outcome:
    """4.3 Activities held in the period and the share of members taking part."""
    if not ctx.snap.activities_recorded:
        return Outcome(
            missing=["no activities recorded: add events and services with participants"]
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
    inputs = [
        f"{plural(len(acts), 'activity', 'activities')} {p.span}"
        + (": " + ", ".join(f"{n} {k}" for k, n in kinds.most_common()) if acts else ""),
    ]
    display = plural(len(acts), "activity", "activities")
    if share is not None:
        inputs.append(
            f"{len(taking_part)} of {plural(len(members), 'member')} on {p.end} took part in at "
            f"least one ({fmt_number(share)} %)"
        )
        display += f"; {fmt_number(share)} % of members took part"
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
        return f"{plural(need, 'more activity', 'more activities')} {p.span}"

    out.advice = advice
    return out


# --------------------------------------------------------------------------- 4.5


def working_groups(ctx: Context, p: Period) -> Outcome:
    """4.5 Competence areas with participants and meetings in the period."""
    snap = ctx.snap
    if not snap.areas:
        return Outcome(missing=["no competence areas recorded"])
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
            plural(held, "meeting")
            if held or not area.meetings_per_year
            else f"{area.meetings_per_year} meetings a year (declared)"
        )
        if count and has_meetings:
            active.append(area.id)
        else:
            inactive.append(area.name)
        lines.append(f"{area.name}: {plural(count, 'participant')}, {meet_text}")
    out = Outcome(
        value=len(active),
        display=f"{len(active)} of {plural(len(snap.areas), 'area')} active",
        inputs=[f"active competence areas {p.span} (participants and meetings)", *lines],
        input_ids={"competence_area": active},
    )

    def advice(threshold: Decimal | None) -> str | None:
        target = threshold if threshold is not None else Decimal(1)
        need = _ceil(target - len(active))
        text = f"{plural(need, 'more active competence area')}"
        if inactive:
            text += f" (participants and meetings in e.g. {_listing(inactive[:3])})"
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


# --------------------------------------------------------------------------- manual hints
# Inputs shown beside manual indicators so the user sees what the records already say. Only
# ``value`` of 4.6.1 and 5.x is a prefill (a count); the others carry inputs only.


def _hint_qualification(ctx: Context, p: Period) -> Outcome:
    active = [s for s in ctx.snap.staff if s.active_on(p.end)]
    if not active:
        return Outcome()
    degrees = sorted({s.degree for s in active if s.degree})
    experience = [s.experience_years for s in active if s.experience_years is not None]
    languages = sorted(
        {lang.strip() for s in active for lang in (s.languages or "").split(",") if lang.strip()}
    )
    inputs = [f"{plural(len(active), 'staff member')} on {p.end}"]
    if degrees:
        inputs.append("degrees: " + _listing(degrees))
    if experience:
        avg = Decimal(sum(experience)) / len(experience)
        inputs.append(f"average experience {fmt_number(avg)} years")
    if languages:
        inputs.append("languages: " + _listing(languages))
    return Outcome(inputs=inputs, input_ids={"staff_member": [s.id for s in active]})


def _hint_upskilling(ctx: Context, p: Period) -> Outcome:
    active = [s for s in ctx.snap.staff if s.active_on(p.end)]
    days = sum((s.training_days or Decimal(0) for s in active), Decimal(0))
    fte = sum((s.fte for s in active), Decimal(0))
    if not active or not days:
        return Outcome()
    return Outcome(
        inputs=[
            f"{fmt_number(days)} training days recorded for {fmt_number(fte, 2)} FTE "
            f"({fmt_number(days / fte)} per FTE)"
        ]
    )


def _hint_governance(ctx: Context, p: Period) -> Outcome:
    lines = [
        f"{g.name}: seats {g.seats_companies} companies, {g.seats_research} research, "
        f"{g.seats_public} public, {g.seats_other} other"
        + (f"; {g.meetings_per_year} meetings a year" if g.meetings_per_year else "")
        for g in ctx.snap.governance
    ]
    return Outcome(inputs=lines)


def _hint_integration(ctx: Context, p: Period) -> Outcome:
    inputs = []
    networks = [r for r in ctx.snap.recognitions if r.kind != "award" and r.day <= p.end]
    if networks:
        inputs.append(
            f"{len(networks)} networks, MoUs or other recognitions recorded up to {p.end}"
        )
    if ctx.snap.profile.eccp_url:
        inputs.append(f"ECCP profile: {ctx.snap.profile.eccp_url}")
    return Outcome(inputs=inputs, input_ids={"recognition": [r.id for r in networks]})


def _hint_financing(ctx: Context, p: Period) -> Outcome:
    budget = ctx.snap.profile.planned_yearly_budget
    if not budget:
        return Outcome()
    inputs = [f"planned yearly budget {fmt_eur(budget)}"]
    income = sum((r.amount for r in ctx.snap.income if r.year == p.money_year), Decimal(0))
    if income:
        inputs.append(
            f"income recorded for {p.money_year}: {fmt_eur(income)} "
            f"({fmt_number(pct(income, budget) or Decimal(0))} % of the planned budget)"
        )
    return Outcome(inputs=inputs)


def _hint_monitoring(ctx: Context, p: Period) -> Outcome:
    rows = ctx.snap.kpis.get(p.manual_year, [])
    if not rows:
        return Outcome()
    both = [(t, a) for _, t, a in rows if t is not None and a is not None]
    reached = sum(1 for t, a in both if a >= t)
    return Outcome(
        inputs=[
            f"{plural(len(rows), 'KPI value')} for {p.manual_year}: {len(both)} with target and "
            f"actual, {reached} reached"
        ]
    )


def _hint_goals(ctx: Context, p: Period) -> Outcome:
    if not ctx.snap.objectives:
        return Outcome()
    return Outcome(
        inputs=[
            f"{plural(ctx.snap.objectives, 'objective')} of the strategic pillars, "
            f"{ctx.snap.quantified_objectives} with a KPI"
        ]
    )


def _hint_internet(ctx: Context, p: Period) -> Outcome:
    profile = ctx.snap.profile
    inputs = []
    if profile.website:
        inputs.append(f"website: {profile.website}")
    if profile.website_en:
        inputs.append(f"English website: {profile.website_en}")
    return Outcome(inputs=inputs)


def _hint_newsletters(ctx: Context, p: Period) -> Outcome:
    newsletter = ActivityType.NEWSLETTER
    if not any(a.activity_type == newsletter for a in ctx.snap.activities):
        return Outcome()  # newsletters are not recorded as activities: nothing to prefill
    items = ctx.activities(p, newsletters=True)
    return Outcome(
        value=len(items),
        inputs=[
            plural(len(items), "newsletter activity", "newsletter activities")
            + f" recorded {p.span}"
        ],
        input_ids={"activity": sorted(a.id for a in items)},
    )


def _count_hint(
    items_of: Callable[[Snapshot], list], singular: str, plural_form: str, table: str
) -> Callable[[Context, Period], Outcome]:
    def hint(ctx: Context, p: Period) -> Outcome:
        recorded = items_of(ctx.snap)
        if not recorded:
            return Outcome()  # none of these recorded in the assessment years: nothing to prefill
        items = [i for i in recorded if p.start <= i.day <= p.end]
        kinds = Counter(i.kind for i in items if i.kind)
        text = f"{plural(len(items), singular, plural_form)} recorded {p.span}"
        if kinds:
            text += ": " + ", ".join(f"{n} {k}" for k, n in kinds.most_common())
        return Outcome(
            value=len(items), inputs=[text], input_ids={table: sorted(i.id for i in items)}
        )

    return hint


HINTS: dict[str, Callable[[Context, Period], Outcome]] = {
    "2.2.2": _hint_qualification,
    "2.2.3": _hint_upskilling,
    "2.4": _hint_governance,
    "2.7": _hint_integration,
    "3.1": _hint_financing,
    "4.1.6": _hint_monitoring,
    "4.2": _hint_goals,
    "4.6.1": _hint_newsletters,
    "4.6.2": _hint_internet,
    "5.1": _count_hint(lambda s: s.media, "media item", "media items", "media_item"),
    "5.2": _count_hint(lambda s: s.stories, "success story", "success stories", "success_story"),
    "5.3": _count_hint(lambda s: s.recognitions, "recognition", "recognitions", "recognition"),
}
