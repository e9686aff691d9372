"""Small hand-built databases for the indicator tests.

``new_db(tmp_path)`` copies a migrated template database (migrations run once per session),
and :class:`Build` inserts records directly with the ORM so each test reads like the data it
describes.
"""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from workbench.db import Database, open_database
from workbench.models import (
    Activity,
    ActivityParticipant,
    ActivityType,
    AreaParticipation,
    ClusterProfile,
    CompetenceArea,
    ContactLogEntry,
    Fee,
    Income,
    IncomeCategory,
    IndicatorEvidence,
    Label,
    LabelLevel,
    MediaItem,
    MediaScope,
    MembershipPeriod,
    Organisation,
    OrgType,
    Project,
    ProjectPartner,
    ProjectStatus,
    Recognition,
    SizeData,
    SmeClass,
    StaffMember,
    SuccessStory,
)
from workbench.services.base import unit_of_work

_TEMPLATE: Path | None = None

YEAR = 2025
TODAY = date(2025, 6, 30)  # current period: 2024-07-01 .. 2025-06-30


def d(text: str) -> date:
    return date.fromisoformat(text)


def new_db(tmp_path: Path) -> Database:
    """A fresh, migrated SQLite database in *tmp_path*."""
    global _TEMPLATE
    if _TEMPLATE is None:
        folder = Path(tempfile.mkdtemp(prefix="wb-indicators-"))
        template = open_database(folder / "template.db")
        _TEMPLATE = folder / "copy.db"
        template.backup(destination=_TEMPLATE)
        template.dispose()
    target = tmp_path / "cluster.db"
    target.write_bytes(_TEMPLATE.read_bytes())
    return open_database(target)


Membership = tuple[str, str | None] | tuple[str, str | None, bool]


class Build:
    """Inserts records for a test, one short call per fact."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _add(self, obj: Any) -> int:
        with unit_of_work(self.db) as session:
            session.add(obj)
            session.flush()
            return int(obj.id)

    def profile(self, **values: Any) -> None:
        values.setdefault("name", "Test Cluster")
        self._add(ClusterProfile(id=1, **values))

    def org(
        self,
        name: str,
        org_type: OrgType = OrgType.COMPANY,
        *periods: Membership,
        nuts2: str | None = None,
        override: SmeClass | None = None,
        reason: str | None = None,
    ) -> int:
        """An organisation with membership periods given as (join, leave[, agreement])."""
        org_id = self._add(
            Organisation(
                name=name,
                org_type=org_type,
                nuts2=nuts2,
                sme_override=override,
                sme_override_reason=reason,
                search_key=name.lower(),
            )
        )
        for period in periods:
            joined, left = period[0], period[1]
            signed = bool(period[2]) if len(period) > 2 else False  # type: ignore[misc]
            self._add(
                MembershipPeriod(
                    organisation_id=org_id,
                    join_date=d(joined),
                    leave_date=d(left) if left else None,
                    agreement_signed=signed,
                )
            )
        return org_id

    def fee(self, org: int, year: int, due: int, paid: int, paid_date: str | None = None) -> None:
        self._add(
            Fee(
                organisation_id=org,
                year=year,
                amount_due=Decimal(due),
                amount_paid=Decimal(paid),
                paid_date=d(paid_date) if paid_date else None,
            )
        )

    def size(self, org: int, year: int, staff: int | None, turnover: int | None = None) -> None:
        self._add(
            SizeData(
                organisation_id=org,
                year=year,
                staff_awu=Decimal(staff) if staff is not None else None,
                turnover=Decimal(turnover) if turnover is not None else None,
            )
        )

    def staff(self, name: str, fte: str, start: str, end: str | None = None) -> int:
        return self._add(
            StaffMember(
                name=name, fte=Decimal(fte), start_date=d(start), end_date=d(end) if end else None
            )
        )

    def income(
        self, year: int, category: IncomeCategory, amount: int, is_private: bool | None = None
    ) -> int:
        private = category.is_private if is_private is None else is_private
        return self._add(
            Income(year=year, category=category, amount=Decimal(amount), is_private=private)
        )

    def activity(
        self,
        title: str,
        day: str,
        kind: ActivityType = ActivityType.NETWORKING,
        *,
        members: tuple[int, ...] = (),
        external: tuple[str, ...] = (),
        persons: tuple[str, ...] = (),
        area: int | None = None,
        anonymous: int = 0,
    ) -> int:
        activity_id = self._add(
            Activity(
                title=title,
                activity_type=kind,
                start_date=d(day),
                area_id=area,
                anonymous_participants=anonymous,
            )
        )
        for org in members:
            self._add(ActivityParticipant(activity_id=activity_id, organisation_id=org))
        for name in external:
            self._add(ActivityParticipant(activity_id=activity_id, external_organisation=name))
        for person in persons:
            self._add(ActivityParticipant(activity_id=activity_id, person_name=person))
        return activity_id

    def contact(self, org: int, day: str) -> None:
        self._add(ContactLogEntry(organisation_id=org, contact_date=d(day), subject="visit"))

    def project(
        self,
        acronym: str,
        status: ProjectStatus,
        start: str | None,
        end: str | None,
        *partners: int,
        external: tuple[str, ...] = (),
    ) -> int:
        project_id = self._add(
            Project(
                acronym=acronym,
                status=status,
                start_date=d(start) if start else None,
                end_date=d(end) if end else None,
            )
        )
        for org in partners:
            self._add(ProjectPartner(project_id=project_id, organisation_id=org))
        for name in external:
            self._add(ProjectPartner(project_id=project_id, external_name=name))
        return project_id

    def area(self, name: str, meetings_per_year: int | None = None) -> int:
        return self._add(CompetenceArea(name=name, meetings_per_year=meetings_per_year))

    def area_member(self, area: int, org: int, start: str, end: str | None = None) -> None:
        self._add(
            AreaParticipation(
                area_id=area,
                organisation_id=org,
                from_date=d(start),
                to_date=d(end) if end else None,
            )
        )

    def media(self, day: str, scope: MediaScope = MediaScope.REGIONAL) -> None:
        self._add(MediaItem(item_date=d(day), title="Article", scope=scope))

    def story(self, day: str) -> None:
        self._add(SuccessStory(story_date=d(day), title="Story"))

    def recognition(self, day: str, kind: str = "award") -> None:
        self._add(Recognition(recognition_date=d(day), title="Prize", kind=kind))

    def evidence(self, indicator_id: str, year: int, file_name: str) -> None:
        self._add(
            IndicatorEvidence(
                indicator_id=indicator_id,
                year=year,
                file_name=file_name,
                file_path="/evidence/" + file_name,
            )
        )

    def label(self, level: LabelLevel, assessed: str, until: str) -> None:
        self._add(
            Label(level=level, body="ESCA", assessment_date=d(assessed), valid_until=d(until))
        )
