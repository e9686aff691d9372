"""The activity indicators: 4.3 activities and 4.5 working groups (competence areas).

Decisions where the domain notes leave a choice:

* 4.3: newsletter activities are communication (4.6.1), not activities.
* 4.5: an area is active with >= 1 participant in the window and meetings: an activity linked
  to the area in the window, or a declared ``meetings_per_year``.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from workbench.indicators.context import (
    Context,
    Outcome,
    Period,
    ceil_needed,
)
from workbench.indicators.formatting import (
    pct,
)
from workbench.indicators.wording import counts as _counts
from workbench.indicators.wording import listing as _listing
from workbench.indicators.wording import number as _num
from workbench.translatable import msg, nmsg

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
        need = ceil_needed(target - count)
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
        need = ceil_needed(target - len(active))
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
