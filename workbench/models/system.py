"""Bookkeeping tables: import batches, saved column mappings and the change history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.base import Base, enum_type, utcnow
from workbench.models.enums import BatchStatus, ChangeAction


class ImportBatch(Base):
    """One applied import: what file, when, by whom, with what result; undoable."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(500))
    file_hash: Mapped[str] = mapped_column(String(64))
    sheet_name: Mapped[str | None] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user: Mapped[str] = mapped_column(String(120))
    status: Mapped[BatchStatus] = mapped_column(enum_type(BatchStatus), default=BatchStatus.APPLIED)
    created_count: Mapped[int] = mapped_column(default=0)
    updated_count: Mapped[int] = mapped_column(default=0)
    unchanged_count: Mapped[int] = mapped_column(default=0)
    review_count: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)
    mapping_json: Mapped[str | None] = mapped_column(Text)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SavedMapping(Base):
    """A column mapping the user confirmed, re-applied to files with the same header signature."""

    __tablename__ = "saved_mapping"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    signature: Mapped[str] = mapped_column(String(64), index=True)
    headers_json: Mapped[str] = mapped_column(Text)
    mapping_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class AuditEntry(Base):
    """One changed field (or a whole created/deleted record) in the history.

    Values are stored as JSON text so that history is readable and exportable without the
    model that produced it.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_record", "table_name", "record_id"),
        Index("ix_audit_batch", "batch_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(20), default="app")
    action: Mapped[ChangeAction] = mapped_column(enum_type(ChangeAction))
    table_name: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[int] = mapped_column(Integer)
    record_label: Mapped[str | None] = mapped_column(String(300))
    field: Mapped[str | None] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id", ondelete="SET NULL"))
