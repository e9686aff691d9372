"""Declarative base, column types and mixins shared by every model."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Enum, Integer, MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Stable constraint names so Alembic batch migrations on SQLite can find them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class ScaledDecimal(TypeDecorator[Decimal]):
    """A Decimal stored exactly as a scaled integer (money as cents, FTE as hundredths).

    SQLite has no exact decimal type; storing ``value * 10**scale`` as an integer keeps sums
    and comparisons exact on both SQLite and PostgreSQL. Values are rounded half-up to *scale*
    decimal places on the way in.
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, scale: int = 2) -> None:
        super().__init__()
        self.scale = scale
        self._factor = Decimal(10) ** scale
        self._quantum = Decimal(1).scaleb(-scale)

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if isinstance(value, float):
            # Floats are refused upstream; converting via str avoids binary noise if one slips in.
            value = Decimal(str(value))
        decimal_value = Decimal(value).quantize(self._quantum, rounding=ROUND_HALF_UP)
        return int(decimal_value * self._factor)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / self._factor).quantize(self._quantum)

    @property
    def python_type(self) -> type:
        return Decimal


def Money() -> ScaledDecimal:  # noqa: N802 - reads like a column type
    """Column type for euro amounts, stored as integer cents."""
    return ScaledDecimal(2)


def enum_type(enum_cls: type[enum.StrEnum]) -> Enum:
    """Column type storing a StrEnum as its value in a VARCHAR (portable, no native enum)."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    """Declarative base of all Cluster Workbench tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    def __repr__(self) -> str:
        ident = getattr(self, "id", None)
        return f"<{type(self).__name__} id={ident}>"


class Versioned:
    """Mixin for records users edit: optimistic locking plus who changed it last and when.

    ``version`` is SQLAlchemy's ``version_id_col``: an UPDATE whose row was changed by someone
    else since it was loaded matches no row and raises ``StaleDataError`` (no lost updates).
    """

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    updated_by: Mapped[str | None] = mapped_column(String(120))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy declared_attr
        return {"version_id_col": cls.version}  # type: ignore[attr-defined]
