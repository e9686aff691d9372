"""Activities and services the cluster runs, with member and non-member participants."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workbench.models.base import Base, Versioned, enum_type
from workbench.models.enums import ActivityType

if TYPE_CHECKING:
    from workbench.models.organisations import Organisation


class Activity(Versioned, Base):
    """An event or service (networking, training, B2B, conference ...) on a date."""

    __tablename__ = "activity"

    title: Mapped[str] = mapped_column(String(300))
    activity_type: Mapped[ActivityType] = mapped_column(
        enum_type(ActivityType), default=ActivityType.NETWORKING
    )
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    location: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    # Attendees counted but not named (e.g. a public conference's audience).
    anonymous_participants: Mapped[int] = mapped_column(default=0)
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("competence_area.id", ondelete="SET NULL")
    )

    participants: Mapped[list[ActivityParticipant]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )


class ActivityParticipant(Versioned, Base):
    """A participant: a member organisation, or a non-member named by organisation/person."""

    __tablename__ = "activity_participant"

    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    external_organisation: Mapped[str | None] = mapped_column(String(300))
    person_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))

    activity: Mapped[Activity] = relationship(back_populates="participants")
    organisation: Mapped[Organisation | None] = relationship()
