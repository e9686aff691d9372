"""File store: evidence files inside the database.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 18:30:00

Adds ``stored_file`` (a file's bytes as a blob, with its name, media type, size and SHA-256)
and points ``indicator_evidence`` at it. Until now an evidence entry stored a path: a copy
beside a SQLite file, or on PostgreSQL the path on the machine of whoever attached it. Every
entry whose file can be read now is moved into the store (its path is cleared). An entry whose
file cannot be read keeps its path and gets no stored file: the program shows it as "file not
found at <path> — attach it again". No entry is dropped.

Where a file is looked for, in order: the stored path (a relative one taken from the SQLite
file's folder), then the ``evidence`` folder beside the SQLite file under the layout the
program used (``evidence/<indicator>/<year>/<file>``), so a database moved together with its
evidence folder keeps its files. Files larger than the program's attachment limit are moved
too: the limit guards new attachments, the upgrade loses nothing.

The migration is self-contained (no imports from the program) because it must keep working
while the models move on.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_evidence = sa.table(
    "indicator_evidence",
    sa.column("id", sa.Integer()),
    sa.column("indicator_id", sa.String()),
    sa.column("year", sa.Integer()),
    sa.column("file_name", sa.String()),
    sa.column("file_path", sa.String()),
    sa.column("stored_file_id", sa.Integer()),
    sa.column("updated_by", sa.String()),
)
# A full Table (not sa.table) so that an insert reports the new row's primary key.
_stored = sa.Table(
    "stored_file",
    sa.MetaData(),
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("sha256", sa.String()),
    sa.Column("name", sa.String()),
    sa.Column("media_type", sa.String()),
    sa.Column("size", sa.BigInteger()),
    sa.Column("content", sa.LargeBinary()),
    sa.Column("created_by", sa.String()),
    sa.Column("version", sa.Integer()),
    sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("updated_at", sa.DateTime(timezone=True)),
    sa.Column("updated_by", sa.String()),
)


def upgrade() -> None:
    op.create_table(
        "stored_file",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_file")),
    )
    with op.batch_alter_table("stored_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stored_file_sha256"), ["sha256"], unique=False)

    with op.batch_alter_table("indicator_evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stored_file_id", sa.Integer(), nullable=True))
        batch_op.alter_column(
            "file_path", existing_type=sa.String(length=1000), nullable=True
        )
        batch_op.create_index(
            batch_op.f("ix_indicator_evidence_stored_file_id"), ["stored_file_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_indicator_evidence_stored_file_id_stored_file"),
            "stored_file",
            ["stored_file_id"],
            ["id"],
            ondelete="RESTRICT",
        )

    _move_evidence_into_store()


def _sqlite_folder(bind: sa.engine.Connection) -> Path | None:
    """Folder of the SQLite file being upgraded (None on PostgreSQL and in memory)."""
    database = bind.engine.url.database
    if bind.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database).resolve().parent


def _safe_part(text: str) -> str:
    # The folder-name rule the program used for evidence copies before the store existed.
    return re.sub(r"[^0-9A-Za-z._-]+", "_", text).strip("._") or "x"


def _candidates(row: sa.Row, folder: Path | None) -> list[Path]:
    raw = (row.file_path or "").strip()
    found: list[Path] = []
    if raw:
        path = Path(raw).expanduser()
        if not path.is_absolute() and folder is not None:
            path = folder / path
        found.append(path)
    if folder is not None:
        # Windows and POSIX separators alike: the path may come from another machine.
        base = re.split(r"[\\/]", raw)[-1] if raw else row.file_name
        found.append(folder / "evidence" / _safe_part(row.indicator_id) / str(row.year) / base)
    return found


def _read(paths: list[Path]) -> bytes | None:
    for path in paths:
        try:
            if path.is_file():
                return path.read_bytes()
        except OSError:
            continue  # unreadable here: try the next place, else the entry stays "missing"
    return None


def _move_evidence_into_store() -> None:
    bind = op.get_bind()
    folder = _sqlite_folder(bind)
    rows = bind.execute(
        sa.select(
            _evidence.c.id,
            _evidence.c.indicator_id,
            _evidence.c.year,
            _evidence.c.file_name,
            _evidence.c.file_path,
            _evidence.c.updated_by,
        ).order_by(_evidence.c.id)
    ).all()
    stored: dict[tuple[str, int], int] = {}
    for row in rows:
        content = _read(_candidates(row, folder))
        if content is None:
            continue  # keeps its path: shown as "file not found at <path> — attach it again"
        key = (hashlib.sha256(content).hexdigest(), len(content))
        file_id = stored.get(key)
        if file_id is None:
            now = datetime.now(UTC)
            result = bind.execute(
                sa.insert(_stored).values(
                    sha256=key[0],
                    name=row.file_name,
                    media_type=mimetypes.guess_type(row.file_name, strict=False)[0]
                    or "application/octet-stream",
                    size=key[1],
                    content=content,
                    created_by=row.updated_by,
                    version=1,
                    created_at=now,
                    updated_at=now,
                    updated_by=row.updated_by,
                )
            )
            file_id = int(result.inserted_primary_key[0])
            stored[key] = file_id
        bind.execute(
            sa.update(_evidence)
            .where(_evidence.c.id == row.id)
            .values(stored_file_id=file_id, file_path=None)
        )


def downgrade() -> None:
    bind = op.get_bind()
    count = bind.execute(sa.select(sa.func.count()).select_from(_stored)).scalar_one()
    if count:
        # Going back would throw the stored files away: refuse rather than lose them. (Without
        # stored files every entry still has its path, so file_path can be NOT NULL again.)
        raise RuntimeError(
            f"The database holds {count} stored file(s) that version 0001 cannot keep; "
            "restore the backup made before the upgrade instead of downgrading."
        )
    with op.batch_alter_table("indicator_evidence", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_indicator_evidence_stored_file_id_stored_file"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_indicator_evidence_stored_file_id"))
        batch_op.alter_column(
            "file_path", existing_type=sa.String(length=1000), nullable=False
        )
        batch_op.drop_column("stored_file_id")
    with op.batch_alter_table("stored_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stored_file_sha256"))
    op.drop_table("stored_file")
