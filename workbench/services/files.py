"""The file store: put a file into the database, read it back, open a private copy of it.

Contracts:

* :func:`store_file` reads a file from this machine and stores its bytes in the
  ``stored_file`` table (one unit of work). Files larger than :data:`MAX_FILE_BYTES` are refused
  with a one-line message naming the file and the limit. The same content stored twice is kept
  once (matched by SHA-256 and size), so attaching a file again costs nothing.
* Stored files are never deleted by the program: records that stop referring to one (an evidence
  entry removed, an attachment undone) leave it in place, which is what lets Undo and Redo link
  it again and what keeps every backup complete.
* :func:`write_copy` writes a stored file into the local copies folder (a cache folder of this
  user, :func:`copies_folder`) and returns the copy's path: that copy is what the program opens.
  A path from another user's machine is never opened.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import platformdirs
from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.db import APP_NAME, Database
from workbench.errors import NotFoundError, ValidationError
from workbench.models import StoredFile
from workbench.services.base import unit_of_work
from workbench.translatable import msg

#: Largest file the store accepts (50 MB): big enough for scanned agreements and slide decks,
#: small enough that a PostgreSQL export (base64 inside JSON) stays workable.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Overrides the folder where copies of stored files are written to be opened (tests use it).
CACHE_ENV_VAR = "WORKBENCH_CACHE_DIR"
_DEFAULT_MEDIA_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class FileInfo:
    """What is known about a stored file without its bytes."""

    id: int
    name: str
    media_type: str
    size: int
    sha256: str
    created_at: datetime | None
    created_by: str | None


def _info(row: StoredFile) -> FileInfo:
    return FileInfo(
        row.id, row.name, row.media_type, row.size, row.sha256, row.created_at, row.created_by
    )


def size_text(size: int) -> str:
    """A byte count for people: ``"812 bytes"``, ``"48.2 KB"``, ``"50 MB"`` (1 MB = 1024 KB)."""
    if size < 1024:
        return f"{size} bytes"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            return f"{value:.1f} {unit}".replace(".0 ", " ")
    raise AssertionError("unreachable")  # pragma: no cover


def media_type_of(name: str) -> str:
    """The media type guessed from a file name (``application/octet-stream`` if unknown)."""
    return mimetypes.guess_type(name, strict=False)[0] or _DEFAULT_MEDIA_TYPE


def read_for_store(source: Path, *, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of *source*, checked against the store's size limit.

    Raises:
        ValidationError: *source* is not a readable file, or is larger than *max_bytes*.
    """
    try:
        size = source.stat().st_size if source.is_file() else None
    except OSError:
        size = None
    if size is None:
        raise ValidationError(
            msg("{path} does not exist or is not a file. Choose the file again.", path=source),
            "file",
        )
    check_size(source.name, size, max_bytes=max_bytes)
    try:
        content = source.read_bytes()
    except OSError as exc:
        raise ValidationError(
            msg(
                "{path} cannot be read ({reason}). Check that you may open it and choose it again.",
                path=source,
                reason=exc.strerror or str(exc),
            ),
            "file",
        ) from exc
    check_size(source.name, len(content), max_bytes=max_bytes)  # it may have grown meanwhile
    return content


def check_size(name: str, size: int, *, max_bytes: int = MAX_FILE_BYTES) -> None:
    """Refuse a file of *size* bytes above *max_bytes*, naming the file and the limit.

    Raises:
        ValidationError: one line, e.g. "scan.pdf is 80 MB; files up to 50 MB can be stored ...".
    """
    if size <= max_bytes:
        return
    size_said, limit_said = size_text(size), size_text(max_bytes)
    if size_said == limit_said:  # just over the limit: rounded sizes would read as equal
        size_said, limit_said = f"{size:,} bytes", f"{max_bytes:,} bytes"
    raise ValidationError(
        msg(
            "{name} is {size}; files up to {limit} can be stored. Attach a smaller or compressed "
            "copy.",
            name=name,
            size=size_said,
            limit=limit_said,
        ),
        "file",
    )


def add_file(
    session: Session,
    name: str,
    content: bytes,
    user: str | None,
    *,
    max_bytes: int = MAX_FILE_BYTES,
) -> StoredFile:
    """Store *content* under *name* inside *session*'s unit of work; returns the row.

    Callers add the record that refers to the file in the same unit of work, so the file and
    its record are written together or not at all. Content already in the store (same SHA-256
    and size) is not stored again: the existing row is returned, under the name it was first
    stored with.

    Raises:
        ValidationError: *content* is larger than *max_bytes*.
    """
    check_size(name, len(content), max_bytes=max_bytes)
    digest = hashlib.sha256(content).hexdigest()
    existing = session.scalars(
        select(StoredFile)
        .where(StoredFile.sha256 == digest, StoredFile.size == len(content))
        .order_by(StoredFile.id)
        .limit(1)
    ).first()
    if existing is not None:
        return existing
    row = StoredFile(
        sha256=digest,
        name=name,
        media_type=media_type_of(name),
        size=len(content),
        content=content,
        created_by=user,
    )
    session.add(row)
    session.flush()
    return row


def store_file(db: Database, source: Path, *, max_bytes: int = MAX_FILE_BYTES) -> FileInfo:
    """Read *source* from this machine and store it in the database (see :func:`add_file`).

    Raises:
        ValidationError: the file is missing, unreadable or larger than *max_bytes*.
    """
    content = read_for_store(source, max_bytes=max_bytes)
    with unit_of_work(db) as session:
        return _info(add_file(session, source.name, content, db.user))


def file_infos(db: Database, file_ids: Iterable[int]) -> dict[int, FileInfo]:
    """Name, size and checksum of the stored files *file_ids* (missing ids are left out)."""
    wanted = sorted(set(file_ids))
    if not wanted:
        return {}
    with unit_of_work(db, write=False) as session:
        rows = session.scalars(select(StoredFile).where(StoredFile.id.in_(wanted)))
        return {row.id: _info(row) for row in rows}


def read_content(db: Database, file_id: int) -> bytes:
    """The bytes of stored file *file_id*; NotFoundError if there is no such file."""
    with unit_of_work(db, write=False) as session:
        content = session.scalar(select(StoredFile.content).where(StoredFile.id == file_id))
    if content is None:
        raise NotFoundError(msg("The stored file {id} no longer exists.", id=file_id))
    return bytes(content)


def copies_folder() -> Path:
    """Folder of this user where copies of stored files are written to be opened.

    ``WORKBENCH_CACHE_DIR`` overrides the platform's cache folder (tests point it at a
    temporary folder).
    """
    override = os.environ.get(CACHE_ENV_VAR)
    base = Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME, False))
    return base / "opened-files"


def _safe_name(name: str) -> str:
    # Keep the name recognisable (the opened window shows it) but never a path or a device name.
    cleaned = re.sub(r'[\x00-\x1f<>:"/\\|?*]+', "_", Path(name).name).strip(" .")
    return cleaned[:200] or "file"


def write_copy(db: Database, file_id: int, folder: Path | None = None) -> Path:
    """Write stored file *file_id* into *folder* (default :func:`copies_folder`); returns the copy.

    The copy lives in a subfolder named after its content's SHA-256, under the stored name, so
    two files with the same name never overwrite each other and opening one twice reuses the
    copy. The copy is written under a temporary name and renamed, so a half-written copy is
    never opened.

    Raises:
        NotFoundError: there is no such stored file.
        ValidationError: the copy cannot be written (disk full, folder not writable).
    """
    with unit_of_work(db, write=False) as session:
        row = session.get(StoredFile, file_id)
        if row is None:
            raise NotFoundError(msg("The stored file {id} no longer exists.", id=file_id))
        name, digest, content = row.name, row.sha256, bytes(row.content)
    target_dir = (folder or copies_folder()) / digest[:16]
    target = target_dir / _safe_name(name)
    try:
        if target.is_file() and target.read_bytes() == content:
            return target
        target_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(content)
        partial.replace(target)
    except OSError as exc:
        raise ValidationError(
            msg(
                "A copy of {name} could not be written to {folder} ({reason}). Check that the "
                "folder is writable and that the disk is not full.",
                name=name,
                folder=target_dir,
                reason=exc.strerror or str(exc),
            ),
            "file",
        ) from exc
    return target
