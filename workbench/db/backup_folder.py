"""The backups folder of a database file and what is in it (read only).

The copies, oldest first; each file's schema revision and whether it holds records; which copy
is the newest good one. Nothing here writes: copies are written by :mod:`workbench.db.backups`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def backup_dir_for(db_path: Path) -> Path:
    """Folder where automatic and manual backups of *db_path* are kept."""
    return db_path.parent / "backups"


def damaged_dir_for(db_path: Path) -> Path:
    """Where damaged or empty database files are moved on restore (never listed as backups)."""
    return backup_dir_for(db_path) / "damaged"


def list_backups(db_path: Path) -> list[Path]:
    """Backups of *db_path*, oldest first.

    Only complete, verified copies carry a backup name: a copy being written is called
    ``*.db.part`` until it has been verified, and damaged files set aside live in
    :func:`damaged_dir_for`.
    """
    folder = backup_dir_for(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-*.db"), key=lambda p: p.stat().st_mtime_ns)


def sqlite_revision(path: Path) -> str | None:
    """The schema revision stored in the SQLite file *path* (None when it has none)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    finally:
        conn.close()


def holds_records(path: Path) -> bool:
    """True when any table of the SQLite file *path* (besides the schema version) has a row."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
            if r[0] != "alembic_version"
        ]
        quoted = ['"' + t.replace('"', '""') + '"' for t in tables]
        return any(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in quoted)
    finally:
        conn.close()


def is_good_backup(path: Path) -> bool:
    """True when *path* is a non-empty, healthy Cluster Workbench file this program can open."""
    try:
        if path.stat().st_size == 0:
            return False
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
                return False
        finally:
            conn.close()
        from workbench import migrate

        revision = sqlite_revision(path)
        return revision is not None and migrate.is_known(revision)
    except (OSError, sqlite3.Error):
        return False


def latest_good_backup(db_path: Path, backups: list[Path] | None = None) -> Path | None:
    """The newest backup of *db_path* that :func:`is_good_backup` accepts, or None."""
    for candidate in reversed(list_backups(db_path) if backups is None else backups):
        if is_good_backup(candidate):
            return candidate
    return None
