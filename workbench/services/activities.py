"""Activities and services with member and non-member participants."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import Session, selectinload

from workbench.db import Database
from workbench.errors import ValidationError
from workbench.models import Activity, ActivityParticipant, ActivityType
from workbench.services.base import (
    apply_values,
    check_version,
    refers_to,
    require,
    require_non_negative,
    require_order,
    require_text,
    unit_of_work,
    validate,
    validator,
)
from workbench.text import clean_text
from workbench.translatable import msg


@validator(Activity)
def _validate_activity(session: Session, activity: Activity) -> None:
    activity.title = require_text(activity.title, "title", msg("The activity title"))
    if activity.start_date is None:
        raise ValidationError(msg("The activity date is required."), "start_date")
    require_order(
        activity.start_date,
        activity.end_date,
        "end_date",
        msg(
            "The end date {end} is before the start {start}.",
            end=activity.end_date,
            start=activity.start_date,
        ),
    )
    activity.anonymous_participants = activity.anonymous_participants or 0
    require_non_negative(
        activity.anonymous_participants,
        "anonymous_participants",
        msg("The number of unnamed participants"),
    )


@validator(ActivityParticipant)
def _validate_participant(session: Session, part: ActivityParticipant) -> None:
    part.external_organisation = clean_text(part.external_organisation)
    part.person_name = clean_text(part.person_name)
    if not refers_to(part, "organisation") and not (part.external_organisation or part.person_name):
        raise ValidationError(
            msg("A participant needs a member, an organisation name or a person."),
            "external_organisation",
        )


@dataclass(frozen=True)
class ParticipantInput:
    """A participant as entered: a member id, or a non-member organisation and/or person."""

    organisation_id: int | None = None
    external_organisation: str | None = None
    person_name: str | None = None
    email: str | None = None


def save_activity(
    db: Database,
    values: dict[str, Any],
    *,
    activity_id: int | None = None,
    participants: Sequence[ParticipantInput] | None = None,
    expected_version: int | None = None,
    **uow: Any,
) -> Activity:
    """Create or update an activity; *participants* (when given) replace the current list."""
    with unit_of_work(db, **uow) as session:
        if activity_id is None:
            activity = Activity()
            session.add(activity)
        else:
            activity = require(session, Activity, activity_id)
            check_version(session, activity, expected_version)
        apply_values(activity, values)
        validate(session, activity)
        if participants is not None:
            activity.participants.clear()
            session.flush()
            for p in participants:
                row = ActivityParticipant(**p.__dict__)
                validate(session, row)
                activity.participants.append(row)
        session.flush()
        return activity


@dataclass(frozen=True)
class ActivityRow:
    """One line of the activities list: the activity's fields and its participant counts.

    Counted in SQL, so listing 2,000 activities does not load their 90,000 participants.
    """

    id: int
    version: int
    title: str
    start_date: date
    activity_type: ActivityType
    location: str | None
    member_participants: int
    named_non_members: int
    anonymous_participants: int

    @property
    def non_member_participants(self) -> int:
        """Named non-member participants plus the unnamed attendees."""
        return self.named_non_members + self.anonymous_participants

    @property
    def participants(self) -> int:
        """Everyone on the participant list (members and named non-members)."""
        return self.member_participants + self.named_non_members


def activity_rows(
    db: Database, *, year: int | None = None, activity_type: ActivityType | None = None
) -> list[ActivityRow]:
    """The activities list, newest first, optionally for one year and type (one query)."""
    member = ActivityParticipant.organisation_id.is_not(None)
    stmt = (
        select(
            Activity.id,
            Activity.version,
            Activity.title,
            Activity.start_date,
            Activity.activity_type,
            Activity.location,
            func.count(case((member, 1))),
            func.count(case((ActivityParticipant.id.is_not(None) & ~member, 1))),
            func.coalesce(Activity.anonymous_participants, 0),
        )
        .outerjoin(ActivityParticipant, ActivityParticipant.activity_id == Activity.id)
        .group_by(Activity.id)
        .order_by(Activity.start_date.desc(), Activity.id.desc())
    )
    if year is not None:
        stmt = stmt.where(Activity.start_date.between(date(year, 1, 1), date(year, 12, 31)))
    if activity_type is not None:
        stmt = stmt.where(Activity.activity_type == activity_type)
    with unit_of_work(db, write=False) as session:
        return [ActivityRow(*row) for row in session.execute(stmt)]


def activity_years(db: Database) -> list[int]:
    """The years that have activities, newest first (without loading them)."""
    year = extract("year", Activity.start_date)
    with unit_of_work(db, write=False) as session:
        found = session.scalars(select(year).distinct().order_by(year.desc()))
        return [int(y) for y in found if y is not None]


def get_activity(db: Database, activity_id: int) -> Activity | None:
    """Activity *activity_id* with its participants (and their organisations), or None."""
    stmt = (
        select(Activity)
        .where(Activity.id == activity_id)
        .options(selectinload(Activity.participants).selectinload(ActivityParticipant.organisation))
    )
    with unit_of_work(db, write=False) as session:
        return session.scalars(stmt).first()


def list_activities(
    db: Database, *, year: int | None = None, activity_type: ActivityType | None = None
) -> list[Activity]:
    """Activities (participants loaded), newest first, optionally for one year and type."""
    stmt = select(Activity).options(selectinload(Activity.participants))
    if year is not None:
        stmt = stmt.where(Activity.start_date.between(date(year, 1, 1), date(year, 12, 31)))
    if activity_type is not None:
        stmt = stmt.where(Activity.activity_type == activity_type)
    with unit_of_work(db, write=False) as session:
        return list(session.scalars(stmt.order_by(Activity.start_date.desc())).unique())


@dataclass(frozen=True)
class ActivityTally:
    """An activity with its participants counted, as a report lists it."""

    start_date: date
    title: str
    activity_type: ActivityType
    #: Participants that are organisation records (members).
    members: int
    #: Named participants without an organisation record, and anonymous ones.
    others: int


def activity_tallies(db: Database, first: date, last: date) -> list[ActivityTally]:
    """Activities starting from *first* to *last* (inclusive), participants counted.

    Oldest first, then by title: the order of a report's list of the period. Plain column
    rows (no ORM objects): a report of 10,000 members has thousands of participants.
    """
    during = Activity.start_date.between(first, last)
    stmt = (
        select(
            Activity.id,
            Activity.start_date,
            Activity.title,
            Activity.activity_type,
            Activity.anonymous_participants,
        )
        .where(during)
        .order_by(Activity.start_date, Activity.title)
    )
    counted = (
        select(
            ActivityParticipant.activity_id,
            func.count(),
            func.count(ActivityParticipant.organisation_id),
        )
        .join(Activity)
        .where(during)
        .group_by(ActivityParticipant.activity_id)
    )
    with unit_of_work(db, write=False) as session:
        counts = {i: (n, m) for i, n, m in session.execute(counted)}
        rows = session.execute(stmt).all()
    tallies = []
    for activity_id, start_date, title, kind, anonymous in rows:
        everyone, members = counts.get(activity_id, (0, 0))
        tallies.append(
            ActivityTally(start_date, title, kind, members, everyone - members + (anonymous or 0))
        )
    return tallies
