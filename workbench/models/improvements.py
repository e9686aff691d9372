"""Silver improvement areas: three documented improvements checked against the Gold criteria.

The Silver label asks for three improvement areas chosen against the Gold indicators, each with
the indicator, its baseline value and date (from the first Bronze benchmarking), the action
taken, the result value and date, and evidence (DOMAIN.md "Silver: improvement areas"). An area
is kept in its slot (``position`` 1-3); its evidence files are stored files of the database.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.base import Base, Versioned


class ImprovementArea(Versioned, Base):
    """One Silver improvement area in slot ``position`` (1-3).

    Values are kept as the user writes them ("46 %", "no strategy document"): an indicator's
    value may be a number with its unit or a text, and the baseline predates the records.
    """

    __tablename__ = "improvement_area"
    __table_args__ = (UniqueConstraint("position", name="uq_improvement_area_position"),)

    position: Mapped[int]
    indicator_id: Mapped[str] = mapped_column(String(16))
    baseline_value: Mapped[str] = mapped_column(String(300))
    baseline_date: Mapped[date] = mapped_column(Date)
    action: Mapped[str | None] = mapped_column(Text)
    result_value: Mapped[str | None] = mapped_column(String(300))
    result_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class ImprovementEvidence(Versioned, Base):
    """An evidence file of an improvement area (a stored file of the database)."""

    __tablename__ = "improvement_evidence"

    improvement_area_id: Mapped[int] = mapped_column(
        ForeignKey("improvement_area.id", ondelete="CASCADE"), index=True
    )
    stored_file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_file.id", ondelete="RESTRICT"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
