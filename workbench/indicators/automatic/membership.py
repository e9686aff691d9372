"""The membership indicators: commitment, composition, participants, geography, retention.

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
* 2.3: retention needs continuous membership: a member that left and re-joined between the two
  days is not retained (it is reported); touching periods (re-joining the day it left) are one.
"""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_CEILING, Decimal

from workbench.indicators.context import (
    Context,
    Outcome,
    Period,
    ceil_needed,
    no_members,
    sorted_ids,
)
from workbench.indicators.formatting import (
    more_needed_for_share,
    pct,
    years_before,
)
from workbench.indicators.wording import kind_word as _kind
from workbench.indicators.wording import number as _num
from workbench.indicators.wording import type_count
from workbench.models import OrgType, SmeClass
from workbench.rules.eccp import EccpCategory, counts_as_company, eccp_category
from workbench.translatable import join, msg, nmsg

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
        input_ids={"organisation": sorted_ids(c.committed)},
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
        need = ceil_needed(threshold - value)
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
    empty = no_members(ctx, p)
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
            "organisation": sorted_ids(committed | other_members | outsiders),
            "activity": sorted_ids(act_ids),
        },
    )
    if not ctx.snap.activities_recorded:
        out.missing.append(msg("no activities recorded: participants of events are not counted"))

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return msg("no participants: record members and activity participants")
        need = ceil_needed(threshold - value)
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
    empty = no_members(ctx, p)
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
