"""The WAL of an open SQLite database survives other programs, or writes are refused.

Real processes: the CLI runs in a subprocess next to an engine of this process, as it runs next
to the window; the main file is read by another process without its WAL to show where the
data really is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from workbench.db import Database, open_database
from workbench.errors import DatabaseError
from workbench.services import members
from workbench.wal_guard import wal_path_of


def cli(db_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(db_path), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def member_names_seen_by_the_cli(db_path: Path) -> set[str]:
    done = cli(db_path, "--json", "members", "list")
    assert done.returncode == 0, done.stderr
    return {row["name"] for row in json.loads(done.stdout)}


def names_in_main_file_alone(db_path: Path, tmp_path: Path) -> set[str]:
    """Organisation names in the main database file without its WAL (read by another process:
    opening the file here would drop this process's locks)."""
    script = (
        "import shutil, sqlite3, sys\n"
        "shutil.copyfile(sys.argv[1], sys.argv[2])\n"
        "con = sqlite3.connect(sys.argv[2])\n"
        "if con.execute(\"SELECT 1 FROM sqlite_master WHERE name = 'organisation'\").fetchone():\n"
        "    print('\\n'.join(r[0] for r in con.execute('SELECT name FROM organisation')))\n"
    )
    copy = tmp_path / "main-file-only.db"
    done = subprocess.run(
        [sys.executable, "-c", script, str(db_path), str(copy)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(done.stdout.split())


def add_member(db: Database, name: str) -> None:
    members.create_organisation(db, {"name": name, "city": "Monza"}, join_date=date(2020, 1, 1))


def test_a_cli_command_next_to_an_open_engine_keeps_its_wal(tmp_path: Path) -> None:
    db = open_database(tmp_path / "cluster.db")
    try:
        assert db.path is not None
        add_member(db, "Alfa")
        wal = wal_path_of(db.path)
        inode = wal.stat().st_ino
        # The committed change is still only in the WAL, not yet in the main file.
        assert "Alfa" not in names_in_main_file_alone(db.path, tmp_path)

        assert "Alfa" in member_names_seen_by_the_cli(db.path)

        assert wal.exists() and wal.stat().st_ino == inode  # the CLI did not delete it
        add_member(db, "Beta")  # still writing into the WAL everyone sees
        assert {"Alfa", "Beta"} <= member_names_seen_by_the_cli(db.path)
    finally:
        db.dispose()


def test_writes_are_refused_once_the_wal_was_deleted(tmp_path: Path) -> None:
    db = open_database(tmp_path / "cluster.db")
    try:
        assert db.path is not None
        add_member(db, "Alfa")
        wal = wal_path_of(db.path)
        os.unlink(wal)  # a cleaning tool, or a user, removes the "temporary" file
        with pytest.raises(DatabaseError, match="journal file .* was deleted or replaced"):
            add_member(db, "Beta")
        # Reading still works, so the user can look at (and copy out) what is on screen.
        assert [o.name for o in members.list_organisations(db)] == ["Alfa"]
    finally:
        db.dispose()
    assert "Beta" not in member_names_seen_by_the_cli(db.path)


def test_a_fresh_database_writes_normally_with_the_guard(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db")
    try:
        add_member(db, "Alfa")
        add_member(db, "Beta")
        assert {"Alfa", "Beta"} <= member_names_seen_by_the_cli(tmp_path / "new.db")
    finally:
        db.dispose()
