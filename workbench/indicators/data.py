"""Everything the indicator computations read, loaded once with one bulk query per table.

:func:`load_snapshot` runs in one read-only unit of work and returns plain Python objects
(tuples and small dataclasses, no ORM instances), so the computations are pure functions of a
:class:`Snapshot` and 10,000 members cost a handful of queries, never one query per member.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench import sme
from workbench.db import Database
from workbench.models import (
    Activity,
    ActivityParticipant,
    ActivityType,
    AreaParticipation,
    ClusterProfile,
    CompetenceArea,
    ContactChannel,
    ContactLogEntry,
    Fee,
    GovernanceBody,
    Income,
    IncomeCategory,
    IndicatorEvidence,
    IndicatorThreshold,
    IndicatorValue,
    KpiValue,
    Label,
    LabelLevel,
    MediaItem,
    MembershipPeriod,
    Organisation,
    OrgType,
    PillarObjective,
    Project,
    ProjectPartner,
    ProjectStatus,
    Recognition,
    SmeClass,
    StaffMember,
    SuccessStory,
)
from workbench.rules.size import SmeClassifier
from workbench.services import members
from workbench.services.base import unit_of_work
from workbench.text import fold_for_search

__all__ = ["Membership", "OrgInfo", "Snapshot", "load_snapshot"]


@dataclass(frozen=True)
class OrgInfo:
    """The organisation fields the indicators use."""

    id: int
    name: str
    org_type: OrgType
    nuts2: str | None
    sme_override: SmeClass | None
    sme_override_reason: str | None


@dataclass(frozen=True)
class Profile:
    """The cluster profile fields the indicators use (all None without a profile)."""

    exists: bool = False
    name: str | None = None
    founding_date: date | None = None
    nuts2: str | None = None
    website: str | None = None
    website_en: str | None = None
    eccp_url: str | None = None
    planned_yearly_budget: Decimal | None = None


@dataclass(frozen=True)
class Staff:
    id: int
    name: str
    fte: Decimal
    start: date
    end: date | None  # last working day (inclusive)
    degree: str | None
    experience_years: int | None
    languages: str | None
    training_days: Decimal | None

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass(frozen=True)
class IncomeRow:
    id: int
    year: int
    category: IncomeCategory
    amount: Decimal
    is_private: bool


@dataclass(frozen=True)
class ActivityRow:
    id: int
    title: str
    activity_type: ActivityType
    start: date
    area_id: int | None
    anonymous: int


@dataclass(frozen=True)
class ParticipantRow:
    activity_id: int
    organisation_id: int | None
    key: str  # identity of a participant without an organisation record ("" when it has one)


@dataclass(frozen=True)
class ProjectRow:
    id: int
    acronym: str
    status: ProjectStatus
    start: date | None
    end: date | None


@dataclass(frozen=True)
class AreaRow:
    id: int
    name: str
    meetings_per_year: int | None


@dataclass(frozen=True)
class AreaPart:
    area_id: int
    organisation_id: int
    start: date
    end: date | None  # first day no longer in the area, like a membership leave date


@dataclass(frozen=True)
class DatedItem:
    """A media item, success story or recognition: id, date and its scope or kind."""

    id: int
    day: date
    kind: str


@dataclass(frozen=True)
class EvidenceItem:
    """An evidence file attached to an indicator for a year (what an assessor reads)."""

    name: str
    year: int
    description: str | None = None


@dataclass(frozen=True)
class ManualValue:
    value_number: Decimal | None
    value_text: str | None
    passed: bool | None
    note: str | None

    @property
    def entered(self) -> bool:
        """True when something that can be shown as a value was entered."""
        return (
            self.value_number is not None
            or bool(self.value_text and self.value_text.strip())
            or self.passed is not None
        )


@dataclass(frozen=True)
class GovernanceRow:
    name: str
    seats_companies: int
    seats_research: int
    seats_public: int
    seats_other: int
    meetings_per_year: int | None


@dataclass(frozen=True)
class LabelRow:
    level: LabelLevel
    body: str
    assessment_date: date | None
    valid_until: date | None


# Membership periods: (join date, leave date or None, agreement signed).
PeriodTuple = tuple[date, date | None, bool]


class Membership:
    """Membership periods of every organisation with "as of" and "during" questions.

    An organisation is a member on day D when a period has ``join <= D`` and no leave date or
    ``leave > D`` (the leave date is the first day it is no longer a member).
    """

    def __init__(self, periods: dict[int, list[PeriodTuple]]) -> None:
        self.periods = {org: sorted(rows, key=lambda p: p[0]) for org, rows in periods.items()}
        self._on: dict[date, frozenset[int]] = {}
        self._merged: dict[int, list[tuple[date, date | None]]] = {}

    @property
    def empty(self) -> bool:
        """True when no membership has been recorded at all."""
        return not self.periods

    def members_on(self, day: date) -> frozenset[int]:
        """Ids of the members on *day*."""
        cached = self._on.get(day)
        if cached is None:
            cached = frozenset(
                org
                for org, rows in self.periods.items()
                if any(j <= day and (left is None or left > day) for j, left, _ in rows)
            )
            self._on[day] = cached
        return cached

    def members_during(self, start: date, end: date) -> dict[int, bool]:
        """Members at some time from *start* to *end* (inclusive) -> agreement signed then."""
        result: dict[int, bool] = {}
        for org, rows in self.periods.items():
            overlapping = [a for j, left, a in rows if j <= end and (left is None or left > start)]
            if overlapping:
                result[org] = any(overlapping)
        return result

    def continuous(self, org: int, first: date, last: date) -> bool:
        """True when *org* was a member every day from *first* to *last*.

        Periods that touch or overlap count as one: leaving and re-joining on the same day is
        no interruption.
        """
        merged = self._merged.get(org)
        if merged is None:
            merged = self._merged[org] = self._merge(self.periods.get(org, []))
        return any(j <= first and (left is None or left > last) for j, left in merged)

    @staticmethod
    def _merge(rows: list[PeriodTuple]) -> list[tuple[date, date | None]]:
        merged: list[tuple[date, date | None]] = []
        for joined, left, _ in rows:
            if merged:
                prev_join, prev_left = merged[-1]
                if prev_left is None:
                    break  # an open period covers everything after it
                if joined <= prev_left:
                    merged[-1] = (prev_join, None if left is None else max(prev_left, left))
                    continue
            merged.append((joined, left))
        return merged

    def joined_between(self, start: date, end: date) -> set[int]:
        """Organisations with a membership period starting from *start* to *end*."""
        return {
            org for org, rows in self.periods.items() if any(start <= j <= end for j, _, _ in rows)
        }

    def left_between(self, start: date, end: date) -> set[int]:
        """Organisations with a leave date from *start* to *end*."""
        return {
            org
            for org, rows in self.periods.items()
            if any(left is not None and start <= left <= end for _, left, _ in rows)
        }


@dataclass
class Snapshot:
    """All inputs of an assessment, read in one unit of work."""

    profile: Profile
    orgs: dict[int, OrgInfo]
    membership: Membership
    paid_fees: set[tuple[int, int]]  # (organisation id, year) with the fee paid
    size: dict[int, list[sme.YearFigures]]
    staff: list[Staff]
    income: list[IncomeRow]
    activities: list[ActivityRow]
    participants: list[ParticipantRow]
    contacts: list[tuple[int, date, ContactChannel]]
    contacts_recorded: bool
    activities_recorded: bool
    projects: list[ProjectRow]
    partners: dict[int, set[int]]  # project id -> member-record organisation ids
    areas: list[AreaRow]
    area_parts: list[AreaPart]
    media: list[DatedItem]
    stories: list[DatedItem]
    recognitions: list[DatedItem]
    values: dict[tuple[str, int], ManualValue]
    evidence: dict[tuple[str, int], list[EvidenceItem]]
    thresholds: dict[str, Decimal | None]
    governance: list[GovernanceRow] = field(default_factory=list)
    kpis: dict[int, list[tuple[str, Decimal | None, Decimal | None]]] = field(
        default_factory=dict
    )  # year -> (objective title, target, actual)
    objectives: int = 0
    quantified_objectives: int = 0
    labels: list[LabelRow] = field(default_factory=list)
    #: The SME classes of this snapshot's organisations, each classified once; the report
    #: built from the snapshot classifies its registers through it too.
    sme_classes: SmeClassifier = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.sme_classes = SmeClassifier(self.size)

    def sme_class(self, org: OrgInfo, as_of_year: int) -> sme.SmeResult:
        """SME class of *org* with the two-year rule on its figures up to *as_of_year*."""
        return self.sme_classes.classify(
            org.id,
            org_is_enterprise=org.org_type.is_enterprise,
            override=org.sme_override,
            override_reason=org.sme_override_reason,
            as_of_year=as_of_year,
        )

    def has_size_row(self, org_id: int, year: int) -> bool:
        """True when *org_id* has usable size data (a staff figure) for *year*."""
        return any(f.year == year and f.staff_awu is not None for f in self.size.get(org_id, []))


def load_snapshot(
    db: Database, first_day: date, last_day: date, manual_years: Iterable[int]
) -> Snapshot:
    """Read every input of an assessment covering *first_day* .. *last_day*.

    Membership periods, organisations, size data, projects, areas and staff are read whole
    (history matters); dated facts (activities, contacts, media ...) from *first_day* to
    *last_day*; manual values and evidence for *manual_years*.
    """
    years = sorted(set(manual_years))
    with unit_of_work(db, write=False) as session:
        activities, participants = _activities(session, first_day, last_day)
        projects, partners = _projects(session)
        kpis, objectives, quantified = _strategy(session, years)
        return Snapshot(
            profile=_profile(session),
            orgs=_orgs(session),
            membership=_membership(session),
            paid_fees=_paid_fees(session, first_day.year, last_day.year),
            size=members.size_history(session),
            staff=_staff(session),
            income=_income(session, first_day.year, last_day.year),
            activities=activities,
            participants=participants,
            contacts=_contacts(session, first_day, last_day),
            contacts_recorded=session.scalar(select(ContactLogEntry.id).limit(1)) is not None,
            activities_recorded=session.scalar(select(Activity.id).limit(1)) is not None,
            projects=projects,
            partners=partners,
            areas=[
                AreaRow(i, n, m)
                for i, n, m in session.execute(
                    select(
                        CompetenceArea.id, CompetenceArea.name, CompetenceArea.meetings_per_year
                    ).order_by(CompetenceArea.name)
                )
            ],
            area_parts=[
                AreaPart(a, o, f, t)
                for a, o, f, t in session.execute(
                    select(
                        AreaParticipation.area_id,
                        AreaParticipation.organisation_id,
                        AreaParticipation.from_date,
                        AreaParticipation.to_date,
                    )
                )
            ],
            media=[
                DatedItem(i, d, str(k))
                for i, d, k in session.execute(
                    select(MediaItem.id, MediaItem.item_date, MediaItem.scope).where(
                        MediaItem.item_date.between(first_day, last_day)
                    )
                )
            ],
            stories=[
                DatedItem(i, d, "")
                for i, d in session.execute(
                    select(SuccessStory.id, SuccessStory.story_date).where(
                        SuccessStory.story_date.between(first_day, last_day)
                    )
                )
            ],
            recognitions=[
                DatedItem(i, d, k or "")
                for i, d, k in session.execute(
                    select(Recognition.id, Recognition.recognition_date, Recognition.kind).where(
                        Recognition.recognition_date <= last_day
                    )
                )
            ],
            values=_manual_values(session, years),
            evidence=_evidence(session, years),
            thresholds={
                i: v
                for i, v in session.execute(
                    select(IndicatorThreshold.indicator_id, IndicatorThreshold.value)
                )
            },
            governance=[
                GovernanceRow(*row)
                for row in session.execute(
                    select(
                        GovernanceBody.name,
                        GovernanceBody.seats_companies,
                        GovernanceBody.seats_research,
                        GovernanceBody.seats_public,
                        GovernanceBody.seats_other,
                        GovernanceBody.meetings_per_year,
                    ).order_by(GovernanceBody.name)
                )
            ],
            kpis=kpis,
            objectives=objectives,
            quantified_objectives=quantified,
            labels=[
                LabelRow(LabelLevel(lv), b, a, v)
                for lv, b, a, v in session.execute(
                    select(Label.level, Label.body, Label.assessment_date, Label.valid_until)
                )
            ],
        )


def _profile(session: Session) -> Profile:
    row = session.execute(
        select(
            ClusterProfile.name,
            ClusterProfile.founding_date,
            ClusterProfile.nuts2,
            ClusterProfile.website,
            ClusterProfile.website_en,
            ClusterProfile.eccp_url,
            ClusterProfile.planned_yearly_budget,
        ).order_by(ClusterProfile.id)
    ).first()
    if row is None:
        return Profile()
    return Profile(True, *row)


def _orgs(session: Session) -> dict[int, OrgInfo]:
    return {
        i: OrgInfo(i, n, OrgType(t), nuts, SmeClass(ov) if ov else None, reason)
        for i, n, t, nuts, ov, reason in session.execute(
            select(
                Organisation.id,
                Organisation.name,
                Organisation.org_type,
                Organisation.nuts2,
                Organisation.sme_override,
                Organisation.sme_override_reason,
            )
        )
    }


def _membership(session: Session) -> Membership:
    periods: dict[int, list[PeriodTuple]] = defaultdict(list)
    for org, joined, left, signed in session.execute(
        select(
            MembershipPeriod.organisation_id,
            MembershipPeriod.join_date,
            MembershipPeriod.leave_date,
            MembershipPeriod.agreement_signed,
        )
    ):
        periods[org].append((joined, left, bool(signed)))
    return Membership(dict(periods))


def _paid_fees(session: Session, first_year: int, last_year: int) -> set[tuple[int, int]]:
    # A fee row counts as commitment when the amount due is covered and something shows a
    # payment happened (an amount or a date): a 0/0 row with no date is just a placeholder.
    paid: set[tuple[int, int]] = set()
    for org, year, due, amount, paid_date in session.execute(
        select(Fee.organisation_id, Fee.year, Fee.amount_due, Fee.amount_paid, Fee.paid_date).where(
            Fee.year.between(first_year, last_year)
        )
    ):
        if amount >= due and (amount > 0 or paid_date is not None):
            paid.add((org, year))
    return paid


def _staff(session: Session) -> list[Staff]:
    return [
        Staff(*row)
        for row in session.execute(
            select(
                StaffMember.id,
                StaffMember.name,
                StaffMember.fte,
                StaffMember.start_date,
                StaffMember.end_date,
                StaffMember.degree,
                StaffMember.experience_years,
                StaffMember.languages,
                StaffMember.training_days,
            ).order_by(StaffMember.start_date)
        )
    ]


def _income(session: Session, first_year: int, last_year: int) -> list[IncomeRow]:
    return [
        IncomeRow(i, y, IncomeCategory(c), a, bool(p))
        for i, y, c, a, p in session.execute(
            select(Income.id, Income.year, Income.category, Income.amount, Income.is_private).where(
                Income.year.between(first_year, last_year)
            )
        )
    ]


def _contacts(
    session: Session, first_day: date, last_day: date
) -> list[tuple[int, date, ContactChannel]]:
    return [
        (o, d, ContactChannel(c))
        for o, d, c in session.execute(
            select(
                ContactLogEntry.organisation_id,
                ContactLogEntry.contact_date,
                ContactLogEntry.channel,
            ).where(ContactLogEntry.contact_date.between(first_day, last_day))
        )
    ]


def _activities(
    session: Session, first_day: date, last_day: date
) -> tuple[list[ActivityRow], list[ParticipantRow]]:
    activities = [
        ActivityRow(i, t, ActivityType(k), d, a, n or 0)
        for i, t, k, d, a, n in session.execute(
            select(
                Activity.id,
                Activity.title,
                Activity.activity_type,
                Activity.start_date,
                Activity.area_id,
                Activity.anonymous_participants,
            ).where(Activity.start_date.between(first_day, last_day))
        )
    ]
    participants = []
    for activity_id, org, external, person, email in session.execute(
        select(
            ActivityParticipant.activity_id,
            ActivityParticipant.organisation_id,
            ActivityParticipant.external_organisation,
            ActivityParticipant.person_name,
            ActivityParticipant.email,
        )
        .join(Activity)
        .where(Activity.start_date.between(first_day, last_day))
    ):
        # A non-member without a record is identified by organisation, else e-mail, else name.
        if org is not None:
            key = ""
        elif external:
            key = "org:" + fold_for_search(external)
        elif email:
            key = "email:" + email.strip().lower()
        else:
            key = "person:" + fold_for_search(person)
        participants.append(ParticipantRow(activity_id, org, key))
    return activities, participants


def _projects(session: Session) -> tuple[list[ProjectRow], dict[int, set[int]]]:
    projects = [
        ProjectRow(i, a, ProjectStatus(s), st, en)
        for i, a, s, st, en in session.execute(
            select(
                Project.id, Project.acronym, Project.status, Project.start_date, Project.end_date
            )
        )
    ]
    partners: dict[int, set[int]] = defaultdict(set)
    for project_id, org in session.execute(
        select(ProjectPartner.project_id, ProjectPartner.organisation_id).where(
            ProjectPartner.organisation_id.is_not(None)
        )
    ):
        if org is not None:
            partners[project_id].add(org)
    return projects, dict(partners)


def _manual_values(session: Session, years: list[int]) -> dict[tuple[str, int], ManualValue]:
    return {
        (i, y): ManualValue(n, t, p, note)
        for i, y, n, t, p, note in session.execute(
            select(
                IndicatorValue.indicator_id,
                IndicatorValue.year,
                IndicatorValue.value_number,
                IndicatorValue.value_text,
                IndicatorValue.passed,
                IndicatorValue.note,
            ).where(IndicatorValue.year.in_(years))
        )
    }


def _evidence(session: Session, years: list[int]) -> dict[tuple[str, int], list[EvidenceItem]]:
    evidence: dict[tuple[str, int], list[EvidenceItem]] = defaultdict(list)
    for i, y, name, description in session.execute(
        select(
            IndicatorEvidence.indicator_id,
            IndicatorEvidence.year,
            IndicatorEvidence.file_name,
            IndicatorEvidence.description,
        )
        .where(IndicatorEvidence.year.in_(years))
        .order_by(IndicatorEvidence.year, IndicatorEvidence.file_name)
    ):
        evidence[(i, y)].append(EvidenceItem(name, y, (description or "").strip() or None))
    return dict(evidence)


def _strategy(
    session: Session, years: list[int]
) -> tuple[dict[int, list[tuple[str, Decimal | None, Decimal | None]]], int, int]:
    kpis: dict[int, list[tuple[str, Decimal | None, Decimal | None]]] = defaultdict(list)
    for title, year, target, actual in session.execute(
        select(PillarObjective.title, KpiValue.year, KpiValue.target, KpiValue.actual)
        .join(PillarObjective)
        .where(KpiValue.year.in_(years))
    ):
        kpis[year].append((title, target, actual))
    objectives = session.execute(select(PillarObjective.id, PillarObjective.kpi_name)).all()
    return dict(kpis), len(objectives), sum(1 for _, kpi in objectives if kpi)
