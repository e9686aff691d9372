"""Competence areas (working groups) and strategic pillars with objectives and KPIs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workbench.models.base import Base, ScaledDecimal, Versioned

if TYPE_CHECKING:
    from workbench.models.organisations import Organisation

area_pillar = Table(
    "area_pillar",
    Base.metadata,
    Column("area_id", ForeignKey("competence_area.id", ondelete="CASCADE"), primary_key=True),
    Column("pillar_id", ForeignKey("strategic_pillar.id", ondelete="CASCADE"), primary_key=True),
)


class CompetenceArea(Versioned, Base):
    """A competence area / working group where members incubate ideas."""

    __tablename__ = "competence_area"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    code: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)
    coordinator: Mapped[str | None] = mapped_column(String(200))
    meetings_per_year: Mapped[int | None]

    participations: Mapped[list[AreaParticipation]] = relationship(
        back_populates="area", cascade="all, delete-orphan"
    )
    pillars: Mapped[list[StrategicPillar]] = relationship(
        secondary=area_pillar, back_populates="areas"
    )


class AreaParticipation(Versioned, Base):
    """An organisation taking part in a competence area from ``from_date`` to ``to_date``."""

    __tablename__ = "area_participation"
    __table_args__ = (Index("ix_area_participation_org", "organisation_id"),)

    area_id: Mapped[int] = mapped_column(ForeignKey("competence_area.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    from_date: Mapped[date] = mapped_column(Date)
    to_date: Mapped[date | None] = mapped_column(Date)
    role: Mapped[str | None] = mapped_column(String(120))

    area: Mapped[CompetenceArea] = relationship(back_populates="participations")
    organisation: Mapped[Organisation] = relationship(back_populates="area_participations")


class StrategicPillar(Versioned, Base):
    """A strategic pillar of the cluster strategy for a period (e.g. 2021-2027)."""

    __tablename__ = "strategic_pillar"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    code: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)
    period_start: Mapped[int | None]
    period_end: Mapped[int | None]

    objectives: Mapped[list[PillarObjective]] = relationship(
        back_populates="pillar", cascade="all, delete-orphan"
    )
    areas: Mapped[list[CompetenceArea]] = relationship(
        secondary=area_pillar, back_populates="pillars"
    )


class PillarObjective(Versioned, Base):
    """A quantified objective of a pillar, measured by one KPI."""

    __tablename__ = "pillar_objective"

    pillar_id: Mapped[int] = mapped_column(ForeignKey("strategic_pillar.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    kpi_name: Mapped[str | None] = mapped_column(String(200))
    kpi_unit: Mapped[str | None] = mapped_column(String(40))

    pillar: Mapped[StrategicPillar] = relationship(back_populates="objectives")
    kpi_values: Mapped[list[KpiValue]] = relationship(
        back_populates="objective", cascade="all, delete-orphan", order_by="KpiValue.year"
    )


class KpiValue(Versioned, Base):
    """Target and actual value of an objective's KPI in one year."""

    __tablename__ = "kpi_value"
    __table_args__ = (UniqueConstraint("objective_id", "year", name="uq_kpi_objective_year"),)

    objective_id: Mapped[int] = mapped_column(ForeignKey("pillar_objective.id", ondelete="CASCADE"))
    year: Mapped[int]
    target: Mapped[Decimal | None] = mapped_column(ScaledDecimal(4))
    actual: Mapped[Decimal | None] = mapped_column(ScaledDecimal(4))

    objective: Mapped[PillarObjective] = relationship(back_populates="kpi_values")
