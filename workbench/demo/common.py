"""What both builders share: the progress callback, the refusal of a used database, the summary."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.errors import WorkbenchError
from workbench.models import (
    Activity,
    ActivityParticipant,
    AreaParticipation,
    ClusterProfile,
    Contact,
    Fee,
    MembershipPeriod,
    Organisation,
    OrgType,
    Project,
    SizeData,
    StaffMember,
)

Progress = Callable[[int, int], None]
"""Progress callback: ``progress(steps_done, steps_total)``."""

NOT_EMPTY_MESSAGE = (
    "The database already holds data: demo data goes into a new, empty database. "
    "Use --db with a new file name."
)

FOUNDING_DATE = date(2009, 3, 23)
EARLIEST_TODAY = date(2022, 1, 1)
YEARS_OF_HISTORY = 5


@dataclass(frozen=True)
class DemoSummary:
    """What a demo or synthetic build wrote (counts of records)."""

    organisations: int
    members_now: int
    former_members: int
    companies_now: int
    projects: int
    activities: int
    activity_participants: int
    contacts: int
    fees: int
    size_data: int
    area_participations: int
    staff: int
    years: tuple[int, ...]

    def __str__(self) -> str:
        return (
            f"{self.organisations} organisations ({self.members_now} members today, "
            f"{self.former_members} former), {self.projects} projects, "
            f"{self.activities} activities, {self.contacts} contacts, "
            f"years {self.years[0]}-{self.years[-1]}"
        )


def check_today(today: date | None) -> date:
    day = today or date.today()
    if day < EARLIEST_TODAY:
        raise WorkbenchError(f"Demo data needs a date from {EARLIEST_TODAY} on (got {day}).")
    return day


def refuse_non_empty(session: Session) -> None:
    orgs = session.scalar(select(func.count(Organisation.id))) or 0
    profiles = session.scalar(select(func.count(ClusterProfile.id))) or 0
    if orgs or profiles:
        raise WorkbenchError(NOT_EMPTY_MESSAGE)


def summarise(session: Session, today: date, years: Sequence[int]) -> DemoSummary:
    def count(column: Any) -> int:
        return int(session.scalar(select(func.count(column))) or 0)

    on_day = (MembershipPeriod.join_date <= today) & (
        (MembershipPeriod.leave_date.is_(None)) | (MembershipPeriod.leave_date > today)
    )
    current = set(session.scalars(select(MembershipPeriod.organisation_id).where(on_day)))
    ever = set(session.scalars(select(MembershipPeriod.organisation_id).distinct()))
    companies = set(
        session.scalars(select(Organisation.id).where(Organisation.org_type == OrgType.COMPANY))
    )
    return DemoSummary(
        organisations=count(Organisation.id),
        members_now=len(current),
        former_members=len(ever - current),
        companies_now=len(current & companies),
        projects=count(Project.id),
        activities=count(Activity.id),
        activity_participants=count(ActivityParticipant.id),
        contacts=count(Contact.id),
        fees=count(Fee.id),
        size_data=count(SizeData.id),
        area_participations=count(AreaParticipation.id),
        staff=count(StaffMember.id),
        years=tuple(years),
    )
