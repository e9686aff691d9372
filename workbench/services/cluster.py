"""The cluster organisation: profile, labels, governance, staff, income, media, recognition.

plus the manual inputs of the label indicators (values, evidence files, thresholds).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workbench.db import Database
from workbench.errors import ValidationError
from workbench.models import (
    ClusterProfile,
    GovernanceBody,
    Income,
    IncomeCategory,
    IndicatorEvidence,
    IndicatorThreshold,
    IndicatorValue,
    Label,
    MediaItem,
    Recognition,
    StaffMember,
    SuccessStory,
)
from workbench.rules.addresses import normalise_url
from workbench.services.base import (
    apply_rule,
    apply_values,
    refers_to,
    require_non_negative,
    require_order,
    require_range,
    require_text,
    require_year,
    unit_of_work,
    validate,
    validator,
)
from workbench.translatable import msg

PROFILE_ID = 1


@validator(ClusterProfile)
def _validate_profile(session: Session, profile: ClusterProfile) -> None:
    profile.name = require_text(profile.name, "name", msg("The cluster name"))
    for attribute in ("website", "website_en", "eccp_url"):
        apply_rule(profile, attribute, normalise_url)
    require_non_negative(
        profile.planned_yearly_budget, "planned_yearly_budget", msg("The planned yearly budget")
    )


@validator(Label)
def _validate_label(session: Session, label: Label) -> None:
    if label.level is None:
        raise ValidationError(msg("Choose the label level (bronze, silver or gold)."), "level")
    label.body = require_text(label.body, "body", msg("The labelling body"))
    require_order(
        label.assessment_date,
        label.valid_until,
        "valid_until",
        msg("The label expires before it was assessed."),
    )
    require_range(label.score, 0, 100, "score", msg("The score (%)"))


_GOVERNANCE_FIELDS = {
    "seats_companies": msg("seats companies"),
    "seats_research": msg("seats research"),
    "seats_public": msg("seats public"),
    "seats_other": msg("seats other"),
    "meetings_per_year": msg("meetings per year"),
}


@validator(GovernanceBody)
def _validate_governance(session: Session, body: GovernanceBody) -> None:
    body.name = require_text(body.name, "name", msg("The body's name"))
    for attribute in (
        "seats_companies",
        "seats_research",
        "seats_public",
        "seats_other",
        "meetings_per_year",
    ):
        require_non_negative(getattr(body, attribute), attribute, _GOVERNANCE_FIELDS[attribute])


@validator(StaffMember)
def _validate_staff(session: Session, staff: StaffMember) -> None:
    staff.name = require_text(staff.name, "name", msg("The staff member's name"))
    if staff.start_date is None:
        raise ValidationError(msg("The start date is required."), "start_date")
    require_order(
        staff.start_date,
        staff.end_date,
        "end_date",
        msg("The end date is before the start date."),
    )
    if staff.fte is None or not 0 < staff.fte <= 1:
        raise ValidationError(
            msg("FTE must be more than 0 and at most 1 (got {fte}).", fte=staff.fte), "fte"
        )
    require_non_negative(staff.experience_years, "experience_years", msg("Years of experience"))
    require_non_negative(staff.training_days, "training_days", msg("Training days"))


@validator(Income)
def _validate_income(session: Session, income: Income) -> None:
    require_year(income.year)
    if income.category is None:
        raise ValidationError(msg("Choose the income category."), "category")
    if income.amount is None:
        raise ValidationError(msg("The amount is required."), "amount")
    require_non_negative(income.amount, "amount", msg("The income amount"))
    if income.is_private is None:
        income.is_private = IncomeCategory(income.category).is_private


def _dated_title(date_field: str) -> Any:
    def check(session: Session, obj: Any) -> None:
        obj.title = require_text(obj.title, "title", msg("The title"))
        if getattr(obj, date_field) is None:
            raise ValidationError(msg("The date is required."), date_field)

    return check


validator(MediaItem)(_dated_title("item_date"))
validator(SuccessStory)(_dated_title("story_date"))
validator(Recognition)(_dated_title("recognition_date"))


@validator(IndicatorValue)
def _validate_indicator_value(session: Session, value: IndicatorValue) -> None:
    require_year(value.year)
    value.indicator_id = require_text(value.indicator_id, "indicator_id", msg("The indicator id"))


@validator(IndicatorEvidence)
def _validate_evidence(session: Session, evidence: IndicatorEvidence) -> None:
    require_year(evidence.year)
    evidence.file_name = require_text(evidence.file_name, "file_name", msg("The file name"))
    # An entry is its stored file; only entries carried over by the upgrade to the file store
    # may lack one, and those keep the path where their file was looked for.
    if not refers_to(evidence, "stored_file") and not (evidence.file_path or "").strip():
        raise ValidationError(msg("Choose the evidence file to attach."), "stored_file_id")


# --------------------------------------------------------------------------- profile


def get_profile(db: Database) -> ClusterProfile | None:
    """The cluster profile, or None before it has been filled in."""
    with unit_of_work(db, write=False) as session:
        return session.get(ClusterProfile, PROFILE_ID)


def save_profile(
    db: Database, values: dict[str, Any], *, expected_version: int | None = None
) -> ClusterProfile:
    """Create or update the one profile row."""
    from workbench.services.base import check_version

    with unit_of_work(db) as session:
        profile = session.get(ClusterProfile, PROFILE_ID)
        if profile is None:
            profile = ClusterProfile(id=PROFILE_ID)
            session.add(profile)
        else:
            check_version(session, profile, expected_version)
        apply_values(profile, values)
        validate(session, profile)
        session.flush()
        return profile


def active_labels(db: Database, day: date | None = None) -> list[Label]:
    """Labels valid on *day* (default today), best level first.

    A label is valid from its assessment date (a planned assessment is not a label yet) to its
    ``valid_until`` date inclusive; a missing date leaves that side open.
    """
    day = day or date.today()
    order = {"gold": 0, "silver": 1, "bronze": 2}
    with unit_of_work(db, write=False) as session:
        labels = session.scalars(select(Label)).all()
    valid = [
        lab
        for lab in labels
        if (lab.assessment_date is None or lab.assessment_date <= day)
        and (lab.valid_until is None or lab.valid_until >= day)
    ]
    return sorted(valid, key=lambda lab: order.get(str(lab.level), 9))


def list_labels(db: Database) -> list[Label]:
    """Every label recorded (planned, valid and expired), in no particular order.

    :func:`active_labels` keeps the ones valid on a day; the assessment lists them all.
    """
    with unit_of_work(db, write=False) as session:
        return list(session.scalars(select(Label)))


def staff_during(db: Database, first: date, last: date) -> list[StaffMember]:
    """The staff employed on at least one day from *first* to *last*, by start date and name.

    Someone starts on ``start_date``; an empty ``end_date`` means still employed.
    """
    with unit_of_work(db, write=False) as session:
        return list(
            session.scalars(
                select(StaffMember)
                .where(
                    StaffMember.start_date <= last,
                    or_(StaffMember.end_date.is_(None), StaffMember.end_date >= first),
                )
                .order_by(StaffMember.start_date, StaffMember.name)
            )
        )


def incomes_of_years(
    db: Database, years: Iterable[int]
) -> list[tuple[int, IncomeCategory, Decimal, bool]]:
    """Every income record of *years* as plain ``(year, category, amount, is_private)`` rows.

    Unordered and unsummed: one row per record, as many per year and category as recorded.
    """
    with unit_of_work(db, write=False) as session:
        rows = session.execute(
            select(Income.year, Income.category, Income.amount, Income.is_private).where(
                Income.year.in_(list(years))
            )
        ).all()
    return [(year, category, amount, is_private) for year, category, amount, is_private in rows]


# --------------------------------------------------------------------------- indicator inputs


def set_indicator_value(
    db: Database, indicator_id: str, year: int, **values: Any
) -> IndicatorValue:
    """Create or update the manual value of an indicator for a year."""
    with unit_of_work(db) as session:
        row = session.scalars(
            select(IndicatorValue).where(
                IndicatorValue.indicator_id == indicator_id, IndicatorValue.year == year
            )
        ).first()
        if row is None:
            row = IndicatorValue(indicator_id=indicator_id, year=year)
            session.add(row)
        apply_values(row, values)
        validate(session, row)
        session.flush()
        return row


def clear_threshold(db: Database, indicator_id: str, note: str | None = None) -> None:
    """Remove the threshold of *indicator_id*: the indicator is then "not scored".

    Stored as a row without a value, which replaces the default (see the indicator engine).
    """
    with unit_of_work(db) as session:
        row = session.scalars(
            select(IndicatorThreshold).where(IndicatorThreshold.indicator_id == indicator_id)
        ).first()
        if row is None:
            row = IndicatorThreshold(indicator_id=indicator_id)
            session.add(row)
        row.value, row.note = None, note


def set_threshold(
    db: Database, indicator_id: str, value: Any, note: str | None = None
) -> IndicatorThreshold | None:
    """Set a cluster-specific threshold; *value* None goes back to the default.

    To remove the threshold altogether ("not scored") use :func:`clear_threshold`.
    """
    with unit_of_work(db) as session:
        row = session.scalars(
            select(IndicatorThreshold).where(IndicatorThreshold.indicator_id == indicator_id)
        ).first()
        if value is None:
            if row is not None:
                session.delete(row)
            return None
        if row is None:
            row = IndicatorThreshold(indicator_id=indicator_id)
            session.add(row)
        row.value, row.note = value, note
        session.flush()
        return row
