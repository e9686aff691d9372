"""The cluster organisation's indicators: 2.1 maturity, 2.2.1 staff FTE, 2.2.4 staff stability.

Decisions where the domain notes leave a choice:

* 2.2.1 / 2.2.4: a staff member's end date is the last working day (inclusive). 2.2.4's value
  is the average tenure (higher is better); turnover = leavers / mean of the headcounts on the
  first and last day of the window.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from workbench.indicators.context import (
    Context,
    Outcome,
    Period,
)
from workbench.indicators.formatting import (
    pct,
    round_fte,
)
from workbench.indicators.wording import number as _num
from workbench.rules.dates import completed_years
from workbench.translatable import msg, nmsg

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
