"""The cluster organisation itself: profile, labels, governance, staff, income, recognition.

and the manual inputs of the label indicators.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.base import Base, Money, ScaledDecimal, Versioned, enum_type
from workbench.models.enums import IncomeCategory, LabelLevel, MediaScope


class ClusterProfile(Versioned, Base):
    """The one row describing the cluster organisation (id is always 1)."""

    __tablename__ = "cluster_profile"

    name: Mapped[str] = mapped_column(String(300))
    legal_name: Mapped[str | None] = mapped_column(String(300))
    vat: Mapped[str | None] = mapped_column(String(32))
    founding_date: Mapped[date | None] = mapped_column(Date)
    sector: Mapped[str | None] = mapped_column(String(200))
    nuts2: Mapped[str | None] = mapped_column(String(8))
    region_name: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str] = mapped_column(String(2), default="IT")
    address: Mapped[str | None] = mapped_column(String(300))
    website: Mapped[str | None] = mapped_column(String(300))
    website_en: Mapped[str | None] = mapped_column(String(300))
    eccp_url: Mapped[str | None] = mapped_column(String(300))
    logo_path: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    # ECCP profile: "areas of specialisation not covered above" (the lists are in models.eccp)
    specialisation_not_covered: Mapped[str | None] = mapped_column(Text)
    planned_yearly_budget: Mapped[Decimal | None] = mapped_column(Money())


class Label(Versioned, Base):
    """A cluster management excellence label obtained (or planned)."""

    __tablename__ = "label"

    level: Mapped[LabelLevel] = mapped_column(enum_type(LabelLevel))
    body: Mapped[str] = mapped_column(String(200), default="ESCA")
    assessment_date: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    score: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))
    notes: Mapped[str | None] = mapped_column(Text)


class GovernanceBody(Versioned, Base):
    """A decision body (board, assembly, steering committee) with its seats by member type."""

    __tablename__ = "governance_body"

    name: Mapped[str] = mapped_column(String(200))
    seats_companies: Mapped[int] = mapped_column(default=0)
    seats_research: Mapped[int] = mapped_column(default=0)
    seats_public: Mapped[int] = mapped_column(default=0)
    seats_other: Mapped[int] = mapped_column(default=0)
    meetings_per_year: Mapped[int | None]
    notes: Mapped[str | None] = mapped_column(Text)


class StaffMember(Versioned, Base):
    """A person of the cluster management team."""

    __tablename__ = "staff_member"

    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(120))
    fte: Mapped[Decimal] = mapped_column(ScaledDecimal(2), default=Decimal("1"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    degree: Mapped[str | None] = mapped_column(String(120))
    experience_years: Mapped[int | None]
    languages: Mapped[str | None] = mapped_column(String(200))
    training_days: Mapped[Decimal | None] = mapped_column(ScaledDecimal(1))


class Income(Versioned, Base):
    """Income of the cluster organisation in one year from one category."""

    __tablename__ = "income"

    year: Mapped[int] = mapped_column(index=True)
    category: Mapped[IncomeCategory] = mapped_column(enum_type(IncomeCategory))
    amount: Mapped[Decimal] = mapped_column(Money())
    is_private: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str | None] = mapped_column(String(300))


class MediaItem(Versioned, Base):
    """An article, broadcast or post about the cluster (indicator 5.1)."""

    __tablename__ = "media_item"

    item_date: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(300))
    outlet: Mapped[str | None] = mapped_column(String(200))
    scope: Mapped[MediaScope] = mapped_column(enum_type(MediaScope), default=MediaScope.REGIONAL)
    url: Mapped[str | None] = mapped_column(String(500))


class SuccessStory(Versioned, Base):
    """A documented success story (indicator 5.2)."""

    __tablename__ = "success_story"

    story_date: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str | None] = mapped_column(Text)
    organisations: Mapped[str | None] = mapped_column(String(500))


class Recognition(Versioned, Base):
    """An award, network membership, MoU or other recognition (indicators 2.7, 5.3)."""

    __tablename__ = "recognition"

    recognition_date: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(60), default="award")
    issuer: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))


class IndicatorValue(Versioned, Base):
    """A manually entered indicator value for one year, with the assessor-facing note."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("indicator_id", "year", name="uq_indicator_value_year"),)

    indicator_id: Mapped[str] = mapped_column(String(16))
    year: Mapped[int]
    value_number: Mapped[Decimal | None] = mapped_column(ScaledDecimal(4))
    value_text: Mapped[str | None] = mapped_column(Text)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)


class IndicatorEvidence(Versioned, Base):
    """An evidence file attached to an indicator for one year.

    The file itself is a :class:`~workbench.models.files.StoredFile` in the database
    (``stored_file_id``). ``file_path`` is only set on entries whose file could not be moved
    into the store when the database was upgraded (migration 0002): it says where the file was
    looked for, and such an entry has no ``stored_file_id`` until the file is attached again.
    """

    __tablename__ = "indicator_evidence"

    indicator_id: Mapped[str] = mapped_column(String(16), index=True)
    year: Mapped[int]
    file_name: Mapped[str] = mapped_column(String(300))
    stored_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_file.id", ondelete="RESTRICT"), index=True
    )
    file_path: Mapped[str | None] = mapped_column(String(1000))
    description: Mapped[str | None] = mapped_column(Text)


class IndicatorThreshold(Versioned, Base):
    """A cluster-specific threshold that replaces an indicator's default."""

    __tablename__ = "indicator_threshold"

    indicator_id: Mapped[str] = mapped_column(String(16), unique=True)
    value: Mapped[Decimal | None] = mapped_column(ScaledDecimal(4))
    note: Mapped[str | None] = mapped_column(Text)
