"""Activities and services with member and non-member participants."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
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
