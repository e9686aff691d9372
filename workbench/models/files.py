"""The file store: documents kept inside the database itself (evidence, later attachments).

Files users attach live in the database as a blob, on SQLite and on PostgreSQL alike: one
code path, every backup and export carries them, and a file is written in the same database
as the record that refers to it. No path from one user's machine is ever stored for another
user to open.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.base import Base, Versioned


class StoredFile(Versioned, Base):
    """One stored file: its bytes plus what is needed to show, check and open a copy of it.

    A row is written once and never changed (the content is immutable; a new version of a
    document is a new row). Several records may refer to one row: attaching the same content
    twice stores it once. ``content`` is deferred so that listing files never loads their bytes,
    and the change history records name, size and SHA-256, never the bytes (see
    :func:`workbench.services.audit.history_fields`).
    """

    __tablename__ = "stored_file"

    sha256: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(BigInteger)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_by: Mapped[str | None] = mapped_column(String(120))
