"""Organisations and their time-aware facts: membership, fees, size data, contacts, contact log."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workbench.models.base import Base, Money, ScaledDecimal, Versioned, enum_type
from workbench.models.enums import (
    ContactChannel,
    EnterpriseRelation,
    OrgType,
    SmeClass,
)
from workbench.rules.fees import FEE_PAID, fee_status

if TYPE_CHECKING:
    from workbench.models.taxonomy import AreaParticipation


class Organisation(Versioned, Base):
    """A member (current or former) or an external organisation met in projects and activities.

    ``search_key`` holds the accent- and case-folded name, legal name, city and VAT so that
    search works the same on SQLite and PostgreSQL; services keep it in step.
    """

    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(String(300))
    legal_name: Mapped[str | None] = mapped_column(String(300))
    vat: Mapped[str | None] = mapped_column(String(32), unique=True)
    fiscal_code: Mapped[str | None] = mapped_column(String(32))
    org_type: Mapped[OrgType] = mapped_column(enum_type(OrgType), default=OrgType.COMPANY)
    nace: Mapped[str | None] = mapped_column(String(16))
    address: Mapped[str | None] = mapped_column(String(300))
    postcode: Mapped[str | None] = mapped_column(String(16))
    city: Mapped[str | None] = mapped_column(String(120))
    province: Mapped[str | None] = mapped_column(String(60))
    region: Mapped[str | None] = mapped_column(String(120))
    nuts2: Mapped[str | None] = mapped_column(String(8))
    country: Mapped[str] = mapped_column(String(2), default="IT")
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(60))
    notes: Mapped[str | None] = mapped_column(Text)
    is_external: Mapped[bool] = mapped_column(Boolean, default=False)
    sme_override: Mapped[SmeClass | None] = mapped_column(enum_type(SmeClass))
    sme_override_reason: Mapped[str | None] = mapped_column(Text)
    search_key: Mapped[str] = mapped_column(String(800), default="", index=True)

    memberships: Mapped[list[MembershipPeriod]] = relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="MembershipPeriod.join_date",
    )
    fees: Mapped[list[Fee]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="Fee.year"
    )
    size_data: Mapped[list[SizeData]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="SizeData.year"
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )
    contact_log: Mapped[list[ContactLogEntry]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )
    area_participations: Mapped[list[AreaParticipation]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )


class MembershipPeriod(Versioned, Base):
    """One uninterrupted membership from ``join_date`` to ``leave_date`` (None: still a member)."""

    __tablename__ = "membership_period"
    __table_args__ = (Index("ix_membership_org_dates", "organisation_id", "join_date"),)

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    join_date: Mapped[date] = mapped_column(Date)
    leave_date: Mapped[date | None] = mapped_column(Date)
    leave_reason: Mapped[str | None] = mapped_column(String(300))
    category: Mapped[str | None] = mapped_column(String(80))
    agreement_signed: Mapped[bool] = mapped_column(Boolean, default=False)
    commitment_evidence: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation] = relationship(back_populates="memberships")


class Fee(Versioned, Base):
    """Membership fee of one organisation for one year."""

    __tablename__ = "fee"
    __table_args__ = (UniqueConstraint("organisation_id", "year", name="uq_fee_org_year"),)

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    year: Mapped[int]
    amount_due: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0"))
    amount_paid: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0"))
    paid_date: Mapped[date | None] = mapped_column(Date)

    organisation: Mapped[Organisation] = relationship(back_populates="fees")

    @property
    def is_paid(self) -> bool:
        """True when the paid amount covers the amount due (a zero fee counts as paid)."""
        return fee_status(self.amount_due, self.amount_paid) == FEE_PAID


class SizeData(Versioned, Base):
    """Yearly size figures of an enterprise, the evidence behind its SME class."""

    __tablename__ = "size_data"
    __table_args__ = (UniqueConstraint("organisation_id", "year", name="uq_size_org_year"),)

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    year: Mapped[int]
    staff_awu: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))
    turnover: Mapped[Decimal | None] = mapped_column(Money())
    balance_sheet: Mapped[Decimal | None] = mapped_column(Money())
    public_control_pct: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))
    source: Mapped[str | None] = mapped_column(String(200))

    organisation: Mapped[Organisation] = relationship(back_populates="size_data")
    links: Mapped[list[SizeLink]] = relationship(
        back_populates="size_data", cascade="all, delete-orphan"
    )


class SizeLink(Versioned, Base):
    """A partner (25-50 %) or linked (> 50 %) enterprise whose figures add to a SizeData year."""

    __tablename__ = "size_link"

    size_data_id: Mapped[int] = mapped_column(ForeignKey("size_data.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    relation: Mapped[EnterpriseRelation] = mapped_column(enum_type(EnterpriseRelation))
    share_pct: Mapped[Decimal] = mapped_column(ScaledDecimal(2))
    staff_awu: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))
    turnover: Mapped[Decimal | None] = mapped_column(Money())
    balance_sheet: Mapped[Decimal | None] = mapped_column(Money())

    size_data: Mapped[SizeData] = relationship(back_populates="links")


class Contact(Versioned, Base):
    """A person at an organisation (personal data: consent is recorded)."""

    __tablename__ = "contact"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    first_name: Mapped[str | None] = mapped_column(String(120))
    last_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(60))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation] = relationship(back_populates="contacts")

    @property
    def full_name(self) -> str:
        """First and last name joined."""
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class ContactLogEntry(Versioned, Base):
    """A direct contact between cluster staff and a member (indicator 2.5)."""

    __tablename__ = "contact_log"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    contact_date: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[ContactChannel] = mapped_column(
        enum_type(ContactChannel), default=ContactChannel.MEETING
    )
    subject: Mapped[str] = mapped_column(String(300))
    staff_name: Mapped[str | None] = mapped_column(String(120))
    notes: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation] = relationship(back_populates="contact_log")
