"""Files attached to an organisation: add, list, rename, remove, put back, open a copy.

Contracts:

* An attachment's bytes live in the database's own file store
  (:mod:`workbench.services.files`), so every backup and export carries them; a file is
  stored and attached in one unit of work, or not at all.
* Files come from anywhere (e-mail, a member's USB stick): they are never opened or parsed,
  only copied, and a file over :data:`MAX_ATTACHMENT_BYTES` is refused with one line naming
  the file, its size and the limit.
* Removing an attachment leaves its stored file in the store, so :func:`restore` (the undo of a
  removal) attaches the same content again under the same id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from workbench.db import Database
from workbench.errors import ValidationError
from workbench.models import Organisation, OrganisationAttachment
from workbench.services import files
from workbench.services.base import (
    check_version,
    content_values,
    require,
    unit_of_work,
    validate,
    validator,
)
from workbench.text import clean_text
from workbench.translatable import msg

#: Largest file that can be attached to an organisation: the store's own limit.
MAX_ATTACHMENT_BYTES = files.MAX_FILE_BYTES


@dataclass(frozen=True)
class AttachmentRow:
    """One attachment as listed in the organisation editor (no bytes)."""

    id: int
    version: int
    organisation_id: int
    stored_file_id: int
    file_name: str
    description: str | None
    size: int
    media_type: str
    created_at: datetime | None
    created_by: str | None


@validator(OrganisationAttachment)
def _validate_attachment(_session: Any, row: OrganisationAttachment) -> None:
    name = clean_text(row.file_name)
    if not name:
        raise ValidationError(msg("The file name cannot be empty."), "file_name")
    row.file_name = name
    row.description = clean_text(row.description) or None


def list_attachments(db: Database, org_id: int) -> list[AttachmentRow]:
    """Attachments of organisation *org_id*, by name, with their files' size and type."""
    with unit_of_work(db, write=False) as session:
        rows = list(
            session.scalars(
                select(OrganisationAttachment)
                .where(OrganisationAttachment.organisation_id == org_id)
                .order_by(OrganisationAttachment.file_name, OrganisationAttachment.id)
            )
        )
    infos = files.file_infos(db, (r.stored_file_id for r in rows))
    result = []
    for row in rows:
        info = infos.get(row.stored_file_id)
        result.append(
            AttachmentRow(
                row.id,
                row.version,
                row.organisation_id,
                row.stored_file_id,
                row.file_name,
                row.description,
                info.size if info else 0,
                info.media_type if info else files.media_type_of(row.file_name),
                row.created_at,
                info.created_by if info else None,
            )
        )
    return result


def attach_file(
    db: Database,
    org_id: int,
    source: Path,
    description: str | None = None,
    *,
    max_bytes: int = MAX_ATTACHMENT_BYTES,
) -> OrganisationAttachment:
    """Copy the file *source* into the database and attach it to *org_id* (one unit of work).

    Raises:
        ValidationError: the file is missing, unreadable or over *max_bytes* (one line naming
            it and the limit); nothing is written then.
        NotFoundError: the organisation no longer exists.
    """
    content = files.read_for_store(source, max_bytes=max_bytes)
    return attach_content(db, org_id, source.name, content, description, max_bytes=max_bytes)


def attach_content(
    db: Database,
    org_id: int,
    file_name: str,
    content: bytes,
    description: str | None = None,
    *,
    max_bytes: int = MAX_ATTACHMENT_BYTES,
) -> OrganisationAttachment:
    """Store *content* as *file_name* and attach it to *org_id*, in one unit of work."""
    with unit_of_work(db) as session:
        require(session, Organisation, org_id)
        stored = files.add_file(session, file_name, content, db.user, max_bytes=max_bytes)
        row = OrganisationAttachment(
            organisation_id=org_id,
            stored_file_id=stored.id,
            file_name=file_name,
            description=description,
        )
        validate(session, row)
        session.add(row)
        session.flush()
        return row


def set_description(
    db: Database, attachment_id: int, description: str | None, *, expected_version: int | None
) -> OrganisationAttachment:
    """Change what attachment *attachment_id* is said to be; ConflictError if it changed."""
    with unit_of_work(db) as session:
        row = require(session, OrganisationAttachment, attachment_id)
        check_version(session, row, expected_version, mine={"description": description})
        row.description = description
        validate(session, row)
        session.flush()
        return row


def remove(
    db: Database, attachment_id: int, *, expected_version: int | None = None
) -> dict[str, Any]:
    """Remove attachment *attachment_id* (its stored file stays).

    Returns what :func:`restore` needs to put it back.
    """
    with unit_of_work(db) as session:
        row = require(session, OrganisationAttachment, attachment_id)
        check_version(session, row, expected_version)
        values = {"id": row.id, **content_values(row)}
        session.delete(row)
        return values


def restore(db: Database, values: Mapping[str, Any]) -> OrganisationAttachment:
    """Put back an attachment removed by :func:`remove`, under its old id when it is free."""
    with unit_of_work(db, source="undo") as session:
        require(session, Organisation, values["organisation_id"])
        row = OrganisationAttachment(**{k: v for k, v in values.items() if k != "id"})
        if session.get(OrganisationAttachment, values["id"]) is None:
            row.id = values["id"]
        validate(session, row)
        session.add(row)
        session.flush()
        return row


def open_copy(db: Database, attachment: AttachmentRow, folder: Path | None = None) -> Path:
    """Write a copy of *attachment*'s file to this user's copies folder; returns its path."""
    return files.write_copy(db, attachment.stored_file_id, folder)
