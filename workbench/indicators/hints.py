"""Input hints for the manual indicators: what the records already say about them.

Each hint takes the engine's :class:`~.compute.Context` and :class:`~.compute.Period` and
returns an :class:`~.compute.Outcome` whose inputs the indicators page and the report show
beside the manual value (a proposal the user confirms).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal

from workbench.indicators.context import Context, Outcome, Period
from workbench.indicators.data import Snapshot
from workbench.indicators.formatting import pct
from workbench.indicators.wording import Eur as _Eur
from workbench.indicators.wording import counts as _counts
from workbench.indicators.wording import listing as _listing
from workbench.indicators.wording import number as _num
from workbench.models import ActivityType
from workbench.translatable import Message, msg, nmsg

__all__ = ["HINTS"]


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
    inputs: list[str] = [
        nmsg("{n} staff member on {end}", "{n} staff members on {end}", len(active), end=p.end)
    ]
    if degrees:
        inputs.append(msg("degrees: {names}", names=_listing(degrees)))
    if experience:
        avg = Decimal(sum(experience)) / len(experience)
        inputs.append(msg("average experience {years} years", years=_num(avg)))
    if languages:
        inputs.append(msg("languages: {names}", names=_listing(languages)))
    return Outcome(inputs=inputs, input_ids={"staff_member": [s.id for s in active]})


def _hint_upskilling(ctx: Context, p: Period) -> Outcome:
    active = [s for s in ctx.snap.staff if s.active_on(p.end)]
    days = sum((s.training_days or Decimal(0) for s in active), Decimal(0))
    fte = sum((s.fte for s in active), Decimal(0))
    if not active or not days:
        return Outcome()
    return Outcome(
        inputs=[
            msg(
                "{days} training days recorded for {fte} FTE ({per_fte} per FTE)",
                days=_num(days),
                fte=_num(fte, 2),
                per_fte=_num(days / fte),
            )
        ]
    )


def _hint_governance(ctx: Context, p: Period) -> Outcome:
    lines: list[str] = []
    for g in ctx.snap.governance:
        seats = msg(
            "{body}: seats {companies} companies, {research} research, {public} public, "
            "{other} other",
            body=g.name,
            companies=g.seats_companies,
            research=g.seats_research,
            public=g.seats_public,
            other=g.seats_other,
        )
        if g.meetings_per_year:
            seats = msg("{seats}; {n} meetings a year", seats=seats, n=g.meetings_per_year)
        lines.append(seats)
    return Outcome(inputs=lines)


def _hint_integration(ctx: Context, p: Period) -> Outcome:
    inputs: list[str] = []
    networks = [r for r in ctx.snap.recognitions if r.kind != "award" and r.day <= p.end]
    if networks:
        inputs.append(
            msg(
                "{n} networks, MoUs or other recognitions recorded up to {end}",
                n=len(networks),
                end=p.end,
            )
        )
    if ctx.snap.profile.eccp_url:
        inputs.append(msg("ECCP profile: {url}", url=ctx.snap.profile.eccp_url))
    return Outcome(inputs=inputs, input_ids={"recognition": [r.id for r in networks]})


def _hint_financing(ctx: Context, p: Period) -> Outcome:
    budget = ctx.snap.profile.planned_yearly_budget
    if not budget:
        return Outcome()
    inputs: list[str] = [msg("planned yearly budget {amount}", amount=_Eur(budget))]
    income = sum((r.amount for r in ctx.snap.income if r.year == p.money_year), Decimal(0))
    if income:
        inputs.append(
            msg(
                "income recorded for {year}: {amount} ({share} % of the planned budget)",
                year=p.money_year,
                amount=_Eur(income),
                share=_num(pct(income, budget) or Decimal(0)),
            )
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
            nmsg(
                "{n} KPI value for {year}: {both} with target and actual, {reached} reached",
                "{n} KPI values for {year}: {both} with target and actual, {reached} reached",
                len(rows),
                year=p.manual_year,
                both=len(both),
                reached=reached,
            )
        ]
    )


def _hint_goals(ctx: Context, p: Period) -> Outcome:
    if not ctx.snap.objectives:
        return Outcome()
    return Outcome(
        inputs=[
            nmsg(
                "{n} objective of the strategic pillars, {with_kpi} with a KPI",
                "{n} objectives of the strategic pillars, {with_kpi} with a KPI",
                ctx.snap.objectives,
                with_kpi=ctx.snap.quantified_objectives,
            )
        ]
    )


def _hint_internet(ctx: Context, p: Period) -> Outcome:
    profile = ctx.snap.profile
    inputs: list[str] = []
    if profile.website:
        inputs.append(msg("website: {url}", url=profile.website))
    if profile.website_en:
        inputs.append(msg("English website: {url}", url=profile.website_en))
    return Outcome(inputs=inputs)


def _hint_newsletters(ctx: Context, p: Period) -> Outcome:
    newsletter = ActivityType.NEWSLETTER
    if not any(a.activity_type == newsletter for a in ctx.snap.activities):
        return Outcome()  # newsletters are not recorded as activities: nothing to prefill
    items = ctx.activities(p, newsletters=True)
    return Outcome(
        value=len(items),
        inputs=[
            nmsg(
                "{n} newsletter activity recorded {span}",
                "{n} newsletter activities recorded {span}",
                len(items),
                span=p.span,
            )
        ],
        input_ids={"activity": sorted(a.id for a in items)},
    )


def _count_hint(
    items_of: Callable[[Snapshot], list], counted: Callable[[int, Message], Message], table: str
) -> Callable[[Context, Period], Outcome]:
    def hint(ctx: Context, p: Period) -> Outcome:
        recorded = items_of(ctx.snap)
        if not recorded:
            return Outcome()  # none of these recorded in the assessment years: nothing to prefill
        items = [i for i in recorded if p.start <= i.day <= p.end]
        kinds = Counter(i.kind for i in items if i.kind)
        text = counted(len(items), p.span)
        if kinds:
            text = msg("{held}: {kinds}", held=text, kinds=_counts(kinds))
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
    "5.1": _count_hint(
        lambda s: s.media,
        lambda n, span: nmsg(
            "{n} media item recorded {span}", "{n} media items recorded {span}", n, span=span
        ),
        "media_item",
    ),
    "5.2": _count_hint(
        lambda s: s.stories,
        lambda n, span: nmsg(
            "{n} success story recorded {span}", "{n} success stories recorded {span}", n, span=span
        ),
        "success_story",
    ),
    "5.3": _count_hint(
        lambda s: s.recognitions,
        lambda n, span: nmsg(
            "{n} recognition recorded {span}", "{n} recognitions recorded {span}", n, span=span
        ),
        "recognition",
    ),
}
