"""Projects (from idea to funded and closed) and their partners."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workbench.models.base import Base, Money, Versioned, enum_type
from workbench.models.enums import ProjectRole, ProjectStatus

if TYPE_CHECKING:
    from workbench.models.organisations import Organisation
    from workbench.models.taxonomy import CompetenceArea, StrategicPillar

project_area = Table(
    "project_area",
    Base.metadata,
    Column("project_id", ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("competence_area.id", ondelete="CASCADE"), primary_key=True),
)

project_pillar = Table(
    "project_pillar",
    Base.metadata,
    Column("project_id", ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    Column("pillar_id", ForeignKey("strategic_pillar.id", ondelete="CASCADE"), primary_key=True),
)


class Project(Versioned, Base):
    """A project of the cluster: idea, special project or funded project."""

    __tablename__ = "project"

    acronym: Mapped[str] = mapped_column(String(60))
    title: Mapped[str | None] = mapped_column(String(500))
    programme: Mapped[str | None] = mapped_column(String(120))
    call_id: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[ProjectStatus] = mapped_column(
        enum_type(ProjectStatus), default=ProjectStatus.IDEA
    )
    cluster_role: Mapped[ProjectRole | None] = mapped_column(enum_type(ProjectRole))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    total_budget: Mapped[Decimal | None] = mapped_column(Money())
    cluster_budget: Mapped[Decimal | None] = mapped_column(Money())
    eu_contribution: Mapped[Decimal | None] = mapped_column(Money())
    cordis_id: Mapped[str | None] = mapped_column(String(20), index=True)
    website: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)

    partners: Mapped[list[ProjectPartner]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    areas: Mapped[list[CompetenceArea]] = relationship(secondary=project_area)
    pillars: Mapped[list[StrategicPillar]] = relationship(secondary=project_pillar)


class ProjectPartner(Versioned, Base):
    """A partner of a project: a cluster member (``organisation_id``) or an external name."""

    __tablename__ = "project_partner"

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    external_name: Mapped[str | None] = mapped_column(String(300))
    external_country: Mapped[str | None] = mapped_column(String(2))
    role: Mapped[ProjectRole] = mapped_column(enum_type(ProjectRole), default=ProjectRole.PARTNER)
    budget: Mapped[Decimal | None] = mapped_column(Money())
    contribution: Mapped[Decimal | None] = mapped_column(Money())

    project: Mapped[Project] = relationship(back_populates="partners")
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def display_name(self) -> str:
        """Name of the member organisation, or the external partner's name."""
        if self.organisation is not None:
            return self.organisation.name
        return self.external_name or ""
