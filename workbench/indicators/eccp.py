"""The composition figures of the ECCP cluster-organisation profile, for any day.

ECCP counts members in four groups: SME members, larger companies, research organisations /
universities / technology centres, other ecosystem actors. Every member is put into exactly
one of them, or into the explicit "not classed" line (companies without size data), by the one
rule :func:`workbench.rules.eccp.eccp_category` - so the five lines always add up to the total.
SME classes follow the EU rule (two consecutive years) on the figures up to the day's year; a
manual override wins. Banks and other financial institutions are other ecosystem actors (the
rule's module says why).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from workbench.db import Database
from workbench.indicators.formatting import plural, round_fte
from workbench.models import (
    Label,
    MembershipPeriod,
    Organisation,
    OrgType,
    StaffMember,
)
from workbench.rules import size
from workbench.rules.eccp import EccpCategory, counts_as_company, eccp_category
from workbench.services import members
from workbench.services.base import unit_of_work

__all__ = ["EccpFigures", "eccp_figures"]


@dataclass
class EccpFigures:
    """ECCP profile composition on a day.

    Attributes:
        day: The day the members are counted on.
        total_members: Members on the day.
        sme_members: Companies that are micro, small or medium enterprises.
        larger_companies: Companies of the large class.
        research_orgs: Universities, research organisations and technology centres.
        other_actors: Public bodies, associations, financial institutions, others.
        management_fte: Sum of the FTE of management staff employed on the day.
        labels: Labels valid on the day ("Gold label (ESCA), valid until 2026-05-31").
        members_by_type: Members per organisation type (every type, zeros included).
        unclassified_companies: Companies without size data (no SME class): ECCP's
            "members not classed" line.
        management_staff: Number of management staff employed on the day.
        missing: What is missing ("4 companies have no size data: no SME class").
        member_ids: Ids of the members counted.
        not_classed_names: Names of the members not classed, by name.
        valid_labels: The labels of ``labels`` as (level, body, valid until), for reports
            that word them in their own language.
    """

    day: date
    total_members: int
    sme_members: int
    larger_companies: int
    research_orgs: int
    other_actors: int
    management_fte: Decimal
    labels: list[str]
    members_by_type: dict[str, int]
    unclassified_companies: int = 0
    management_staff: int = 0
    missing: list[str] = field(default_factory=list)
    member_ids: list[int] = field(default_factory=list, repr=False)
    not_classed_names: list[str] = field(default_factory=list)
    valid_labels: list[tuple[str, str, date | None]] = field(default_factory=list)

    @property
    def classified_total(self) -> int:
        """The sum of the five lines; equals ``total_members`` by construction."""
        return (
            self.sme_members
            + self.larger_companies
            + self.research_orgs
            + self.other_actors
            + self.unclassified_companies
        )

    @property
    def meets_eccp_floors(self) -> bool:
        """ECCP validation floors: >= 0.5 FTE, >= 15 members and >= 2 member types."""
        types = sum(1 for n in self.members_by_type.values() if n)
        return self.management_fte >= Decimal("0.5") and self.total_members >= 15 and types >= 2


def eccp_figures(db: Database, day: date) -> EccpFigures:
    """Count the ECCP profile figures on *day* with a few bulk queries."""
    with unit_of_work(db, write=False) as session:
        member_rows = session.execute(
            select(
                Organisation.id,
                Organisation.name,
                Organisation.org_type,
                Organisation.sme_override,
                Organisation.sme_override_reason,
            ).where(
                Organisation.id.in_(
                    select(MembershipPeriod.organisation_id).where(
                        MembershipPeriod.join_date <= day,
                        (MembershipPeriod.leave_date.is_(None))
                        | (MembershipPeriod.leave_date > day),
                    )
                )
            )
        ).all()
        companies = [row[0] for row in member_rows if counts_as_company(row[2])]
        history = members.size_history(session, companies) if companies else {}
        staff = session.execute(
            select(StaffMember.fte).where(
                StaffMember.start_date <= day,
                (StaffMember.end_date.is_(None)) | (StaffMember.end_date >= day),
            )
        ).all()
        labels = session.execute(
            select(Label.level, Label.body, Label.assessment_date, Label.valid_until)
        ).all()
    by_type = {t.value: 0 for t in OrgType}
    groups = dict.fromkeys(EccpCategory, 0)
    not_classed: list[str] = []
    for org_id, name, org_type, override, reason in member_rows:
        kind = OrgType(org_type)
        by_type[kind.value] += 1
        sme_class = None
        if counts_as_company(kind):  # only companies need a class (banks do not)
            sme_class = size.classify_sme(
                history.get(org_id, []),
                org_is_enterprise=True,
                override=override,
                override_reason=reason,
                as_of_year=day.year,
            ).sme_class
        group = eccp_category(kind, sme_class)
        groups[group] += 1
        if group is EccpCategory.NOT_CLASSED:
            not_classed.append(name)
    unclassified = groups[EccpCategory.NOT_CLASSED]
    missing = []
    if unclassified:
        missing.append(
            f"{plural(unclassified, 'company', 'companies')} "
            f"{'has' if unclassified == 1 else 'have'} no size data up to {day.year}: no SME "
            "class"
        )
    if not staff:
        missing.append(f"no management staff employed on {day}")
    order = {"gold": 0, "silver": 1, "bronze": 2}
    valid = sorted(
        (
            lab
            for lab in labels
            if (lab[2] is None or lab[2] <= day) and (lab[3] is None or lab[3] >= day)
        ),
        key=lambda lab: order.get(str(lab[0]), 9),
    )
    label_texts = [
        f"{str(level).capitalize()} label ({body})" + (f", valid until {until}" if until else "")
        for level, body, _, until in valid
    ]
    return EccpFigures(
        day=day,
        total_members=len(member_rows),
        sme_members=groups[EccpCategory.SME],
        larger_companies=groups[EccpCategory.LARGER_COMPANY],
        research_orgs=groups[EccpCategory.RESEARCH],
        other_actors=groups[EccpCategory.OTHER_ACTOR],
        management_fte=round_fte(sum((row[0] for row in staff), Decimal(0))),
        labels=label_texts,
        members_by_type=by_type,
        unclassified_companies=unclassified,
        management_staff=len(staff),
        missing=missing,
        member_ids=sorted(row[0] for row in member_rows),
        not_classed_names=sorted(not_classed, key=str.casefold),
        valid_labels=[(str(level), body, until) for level, body, _, until in valid],
    )
