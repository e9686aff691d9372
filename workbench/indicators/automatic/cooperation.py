"""The cooperation indicators: 2.5 contacts and 2.6 cooperation (projects, competence areas).

Decisions where the domain notes leave a choice:

* 2.5: a fee reminder is a mailing, not a direct contact: only direct channels count.
* 2.6: projects with status special, submitted, funded or closed running in the window (start
  date on or before its end, no end date or ending on or after its start) with >= 2 partners
  that were members in the window; undated projects are left out and reported.
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
)
from workbench.indicators.formatting import (
    pct,
)
from workbench.indicators.wording import counts as _counts
from workbench.indicators.wording import listing as _listing
from workbench.indicators.wording import number as _num
from workbench.rules import projects as project_rules
from workbench.translatable import msg, nmsg

# --------------------------------------------------------------------------- 2.5


def contacts(ctx: Context, p: Period) -> Outcome:
    """2.5 Share of members with a logged contact in the 12 months up to the reference day."""
    if not ctx.snap.contacts_recorded:
        return Outcome(
            missing=[
                msg("no contacts logged: record visits, calls and meetings in the contact log")
            ]
        )
    empty = no_members(ctx, p)
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
        need = ceil_needed(target - value)
        return nmsg(
            "{n} more project with at least two member partners {span}",
            "{n} more projects with at least two member partners {span}",
            need,
            span=p.span,
        )

    out.advice = advice
    return out
