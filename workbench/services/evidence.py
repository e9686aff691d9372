"""Evidence files of the label indicators: which files are attached, and opening a copy of one.

An evidence entry (:class:`~workbench.models.IndicatorEvidence`) refers to a file in the
database's own store (:mod:`workbench.services.files`). Entries carried over from before the
store existed whose file could not be read when the database was upgraded have no stored
file, only the path where it was looked for: they are *missing* and say so
(:func:`missing_message`) until the file is attached again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.db import Database
from workbench.errors import ValidationError
from workbench.models import IndicatorEvidence
from workbench.services import base as records
from workbench.services import cluster as _cluster  # noqa: F401 - home of the entry validator
from workbench.services import files
from workbench.translatable import Message, msg


@dataclass(frozen=True)
class EvidenceEntry:
    """One evidence entry with what is known about its stored file (None: missing)."""

    record: IndicatorEvidence
    file: files.FileInfo | None

    @property
    def missing(self) -> bool:
        """True when the entry's file is not in the store (attach it again)."""
        return self.file is None


def missing_message(record: IndicatorEvidence) -> Message:
    """The one line shown for an entry whose file is not in the store."""
    if record.file_path:
        return msg("File not found at {path} — attach it again.", path=record.file_path)
    return msg("{name} is not in the database — attach it again.", name=record.file_name)


def list_evidence(db: Database, indicator_id: str, years: list[int]) -> list[EvidenceEntry]:
    """Evidence entries of *indicator_id* for *years*, by year then name, with their files."""
    rows = records.list_records(
        db,
        IndicatorEvidence,
        where=[IndicatorEvidence.indicator_id == indicator_id, IndicatorEvidence.year.in_(years)],
        order_by=[IndicatorEvidence.year, IndicatorEvidence.file_name, IndicatorEvidence.id],
    )
    infos = files.file_infos(db, (r.stored_file_id for r in rows if r.stored_file_id is not None))
    return [
        EvidenceEntry(r, infos.get(r.stored_file_id) if r.stored_file_id is not None else None)
        for r in rows
    ]


def attach(
    db: Database,
    indicator_id: str,
    year: int,
    file_name: str,
    content: bytes,
    description: str | None = None,
) -> IndicatorEvidence:
    """Store *content* and attach it to *indicator_id* for *year*, in one unit of work.

    Raises:
        ValidationError: the content is over the size limit, or the entry is invalid (nothing
            is written then, not even the file).
    """
    with records.unit_of_work(db) as session:
        stored = files.add_file(session, file_name, content, db.user)
        entry = IndicatorEvidence(
            indicator_id=indicator_id,
            year=year,
            file_name=file_name,
            stored_file_id=stored.id,
            file_path=None,
            description=(description or "").strip() or None,
        )
        records.validate(session, entry)
        session.add(entry)
        session.flush()
        return entry


def reattach(
    db: Database,
    entry_id: int,
    file_name: str,
    content: bytes,
    *,
    expected_version: int | None = None,
) -> IndicatorEvidence:
    """Fill entry *entry_id* (a missing one) with *content*, in one unit of work.

    Raises:
        ConflictError: the entry changed since *expected_version*.
        ValidationError: the content is over the size limit.
    """
    with records.unit_of_work(db) as session:
        entry = records.require(session, IndicatorEvidence, entry_id)
        records.check_version(session, entry, expected_version)
        entry.stored_file_id = files.add_file(session, file_name, content, db.user).id
        entry.file_path = None
        records.validate(session, entry)
        session.flush()
        return entry


def open_copy(db: Database, record: IndicatorEvidence, folder: Path | None = None) -> Path:
    """Write a copy of *record*'s stored file to this user's copies folder; returns its path.

    Raises:
        ValidationError: the entry's file is not in the store (the message says to attach it
            again), or the copy cannot be written.
    """
    if record.stored_file_id is None:
        raise ValidationError(missing_message(record), "file")
    return files.write_copy(db, record.stored_file_id, folder)
