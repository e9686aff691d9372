"""Nothing lost: restores with a way back, atomic backups, truthful storage errors (issue 11).

Every case writes real files and reads them back; failures are real where the machine allows
(a 1 MB tmpfs for a full disk, a read-only remount, a second connection holding the lock, a
killed process) and injected at the one place that writes otherwise.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from support.filesystems import remount_read_only, tiny_tmpfs

from workbench import db as db_module
from workbench import migrate
from workbench.cli import run as cli_run
from workbench.db import (
    backup_sqlite,
    damaged_dir_for,
    list_backups,
    open_database,
    rotate_backups,
)
from workbench.db import backups as backup_writer
from workbench.db import connect as engine_setup
from workbench.errors import DatabaseError
from workbench.models import Organisation
from workbench.services import backup as backup_service
from workbench.services import members
from workbench.services.base import list_records
from workbench.storage import (
    BackupsAvailableError,
    DamagedDatabaseError,
    EmptyBackupError,
    NewerSchemaError,
    Problem,
    StorageError,
    classify,
)

FUTURE = "9999_from_the_future"


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Run the CLI; returns the exit code and what it wrote on stderr."""
    capsys.readouterr()
    code = cli_run(list(argv))
    return code, capsys.readouterr().err


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("workbench: ")
    return lines[0]


def populated(path: Path, count: int = 3) -> None:
    db = open_database(path)
    for i in range(count):
        members.create_organisation(db, {"name": f"Member {i}"}, join_date=date(2020, 1, 1))
    db.dispose()


def names(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM organisation ORDER BY id")]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stamp_revision(path: Path, revision: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))


def truncate(path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


# --------------------------------------------------------------------------- newer schema


def test_backup_from_a_newer_version_is_refused_with_everything_intact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cluster.db"
    populated(path)
    newer = tmp_path / "from-newer.db"
    backup_sqlite(path, newer)
    stamp_revision(newer, FUTURE)
    before, backups = digest(path), list_backups(path)

    code, err = cli(capsys, "restore", str(newer), "--db", str(path), "--yes")

    line = one_line(err)
    assert code == 1 and FUTURE in line and "Update Cluster Workbench" in line
    assert digest(path) == before and list_backups(path) == backups
    assert names(path) == ["Member 0", "Member 1", "Member 2"]


def test_twenty_opens_of_a_newer_database_add_no_backups(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cluster.db"
    populated(path)
    good = backup_sqlite(path, reason="daily")
    stamp_revision(path, FUTURE)
    for _ in range(20):
        with pytest.raises(NewerSchemaError, match=FUTURE):
            open_database(path, daily_backup=True)
    code, err = cli(capsys, "members", "list", "--db", str(path))
    assert code == 1 and "newer version" in one_line(err)
    assert list_backups(path) == [good]
    assert db_module.is_good_backup(good)


def test_newer_export_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cluster.db"
    populated(path)
    export = tmp_path / "team.json"
    db = open_database(path)
    backup_service.backup(db, export)
    db.dispose()
    payload = json.loads(export.read_text())
    payload["revision"] = FUTURE
    export.write_text(json.dumps(payload))
    code, err = cli(capsys, "restore", str(export), "--db", str(path), "--yes")
    assert code == 1 and FUTURE in one_line(err) and len(names(path)) == 3


# --------------------------------------------------------------------------- damaged, empty


def test_truncated_database_is_restored_from_the_newest_backup_on_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cluster.db"
    populated(path, count=40)
    good = backup_sqlite(path, reason="daily")
    truncate(path)

    code, err = cli(capsys, "members", "list", "--db", str(path))
    line = one_line(err)
    assert code == 1 and "damaged" in line and str(good) in line

    code, err = cli(capsys, "restore", str(good), "--db", str(path), "--yes")
    assert code == 0, err
    assert len(names(path)) == 40
    # The damaged file is kept, but never offered as a backup; no empty file took a backup name.
    kept = list(damaged_dir_for(path).glob("cluster-*.db"))
    assert len(kept) == 1 and kept[0].stat().st_size > 0
    assert list_backups(path) == [good]
    assert all(p.stat().st_size > 0 for p in list_backups(path))


@pytest.mark.parametrize("state", ["empty", "missing"])
def test_empty_or_missing_database_with_backups_offers_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], state: str
) -> None:
    path = tmp_path / "cluster.db"
    populated(path)
    good = backup_sqlite(path, reason="daily")
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    if state == "empty":
        path.write_bytes(b"")

    with pytest.raises(BackupsAvailableError) as info:
        open_database(path, daily_backup=True)
    assert info.value.backup == good
    code, err = cli(capsys, "members", "list", "--db", str(path))
    line = one_line(err)
    assert code == 1 and str(good) in line and "workbench restore" in line
    assert list_backups(path) == [good]  # no daily backup of nothing pushed it out

    code, err = cli(capsys, "restore", str(good), "--db", str(path), "--yes")
    assert code == 0, err
    assert names(path) == ["Member 0", "Member 1", "Member 2"]


def test_messages_and_rotation_never_count_an_unusable_copy_as_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "cluster.db"
    populated(path)
    good = backup_sqlite(path, reason="daily")
    folder = good.parent
    # Copies an older version could leave: empty, half-written, of a newer schema.
    (folder / "cluster-29990101-000000-000000-empty.db").write_bytes(b"")
    half = folder / "cluster-29990101-000001-000000-half.db"
    half.write_bytes(good.read_bytes()[:5000])
    newer = backup_sqlite(path, folder / "cluster-29990101-000002-000000-newer.db")
    stamp_revision(newer, FUTURE)
    for i, copy in enumerate(sorted(folder.glob("cluster-2999*.db"))):
        os.utime(copy, ns=(good.stat().st_mtime_ns + i + 1,) * 2)

    assert db_module.latest_good_backup(path) == good
    rotate_backups(path, keep=1)
    assert good in list_backups(path)
    truncate(path)
    with pytest.raises(DamagedDatabaseError) as info:
        open_database(path)
    assert info.value.backup == good and str(good) in str(info.value)


# --------------------------------------------------------------------------- atomic backups


def test_a_backup_that_fails_half_way_leaves_no_file_under_a_backup_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cluster.db"
    populated(path)
    real_write = backup_writer._write_copy

    def half_then_full(source: sqlite3.Connection, part: Path) -> None:
        real_write(source, part)
        part.write_bytes(part.read_bytes()[:3000])  # what a full disk leaves behind
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_writer, "_write_copy", half_then_full)
    with pytest.raises(StorageError) as info:
        backup_sqlite(path, reason="manual")
    assert info.value.problem is Problem.DISK_FULL and "full" in str(info.value)
    code, err = cli(capsys, "backup", "--db", str(path))
    assert code == 1 and "is full" in one_line(err) and "damaged" not in err
    folder = db_module.backup_dir_for(path)
    assert list_backups(path) == [] and list(folder.iterdir()) == []


CHILD = r"""
import sqlite3, sys
from pathlib import Path
from workbench import db
from workbench.db import backups

def slow_copy(source, part):
    target = sqlite3.connect(str(part))
    def step(status, remaining, total):
        print("copying", flush=True)
        sys.stdin.readline()  # wait here until the parent kills us
    source.backup(target, pages=1, progress=step)

backups._write_copy = slow_copy
db.backup_sqlite(Path(sys.argv[1]), reason="manual")
"""


def test_a_backup_killed_half_way_leaves_no_file_under_a_backup_name(tmp_path: Path) -> None:
    path = tmp_path / "cluster.db"
    populated(path, count=30)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "copying"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    folder = db_module.backup_dir_for(path)
    assert [p for p in folder.iterdir() if ".db.part" not in p.name] == []
    assert list_backups(path) == []
    # The next backup works and is complete; the leftover never becomes a backup.
    copy = backup_sqlite(path, reason="manual")
    assert list_backups(path) == [copy] and len(names(copy)) == 30


# --------------------------------------------------------------------------- real full disk


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs (needs root and mount rights; skipped where the machine cannot)."""
    with tiny_tmpfs(tmp_path / "tiny") as mount:
        yield mount


def big_database(path: Path) -> None:
    db = open_database(path)
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE ballast (x BLOB)"))
        conn.execute(text("INSERT INTO ballast VALUES (randomblob(1500000))"))
    members.create_organisation(db, {"name": "Heavy S.r.l."})
    db.dispose()


def test_full_disk_backup_and_export_say_so_and_leave_nothing(
    tmp_path: Path, tiny_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cluster.db"
    big_database(path)
    code, err = cli(capsys, "backup", "--db", str(path), "-o", str(tiny_disk / "copy.db"))
    line = one_line(err)
    assert code == 1 and "is full" in line and "damaged" not in line
    db = open_database(path)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE ballast SET x = randomblob(3000000)"))  # beats gzip too
    db.dispose()
    code, err = cli(capsys, "backup", "--db", str(path), "-o", str(tiny_disk / "team.json"))
    assert code == 1 and "is full" in one_line(err)
    assert list(tiny_disk.iterdir()) == []


def populated_beside(path: Path) -> None:
    """An empty migrated database at *path* on a small disk, built beside it and copied."""
    built = path.parent.parent / f"built-{path.name}"
    populated(built, count=0)
    shutil.copyfile(built, path)


def test_full_disk_on_the_database_itself_is_not_called_damaged(
    tiny_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tiny_disk / "cluster.db"
    # Built beside the small disk and copied onto it: the migrations' write-ahead log no longer
    # fits into 1 MB since the schema grew (0004, 0006); the database file itself does.
    populated_beside(path)
    code, err = cli(capsys, "demo", "--db", str(path))
    line = one_line(err)
    assert code == 1 and "is full" in line and "damaged" not in line
    code, err = cli(capsys, "members", "list", "--db", str(path))
    assert code == 0, err  # the database itself is healthy and opens


# --------------------------------------------------------------------------- read-only


def test_read_only_disk_is_reported_as_read_only_not_damaged(
    tiny_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tiny_disk / "cluster.db"
    populated_beside(path)
    remount_read_only(tiny_disk)
    # Reading may work there (the lock-safe open reads what it can) or be refused; either way
    # it is never called damaged. Anything that must write says "read-only", truthfully.
    code, err = cli(capsys, "members", "list", "--db", str(path))
    assert "damaged" not in err and "Traceback" not in err
    if code != 0:
        assert "read-only" in one_line(err)
    for command in (["backup"], ["demo"]):
        code, err = cli(capsys, *command, "--db", str(path))
        line = one_line(err)
        assert code == 1 and "read-only" in line and "damaged" not in line


def test_read_only_file_at_the_one_write_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cluster.db"
    populated(path)

    def refused(source: sqlite3.Connection, part: Path) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(backup_writer, "_write_copy", refused)
    code, err = cli(capsys, "backup", "--db", str(path))
    assert code == 1 and "read-only" in one_line(err) and "damaged" not in err
    assert list(db_module.backup_dir_for(path).iterdir()) == []


# --------------------------------------------------------------------------- locks


def test_lock_held_longer_than_the_timeout_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cluster.db"
    populated(path, count=0)  # the demo writes only into an empty database
    monkeypatch.setattr(engine_setup, "SQLITE_BUSY_TIMEOUT_MS", 200)  # the test need not wait 10 s
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, err = cli(capsys, "demo", "--db", str(path))
    finally:
        holder.rollback()
        holder.close()
    line = one_line(err)
    assert code == 1 and "stayed locked" in line and "seconds" in line
    assert "damaged" not in line
    assert names(path) == []


def test_sqlite_and_os_failures_are_classified() -> None:
    assert classify(OSError(errno.ENOSPC, "No space left")) is Problem.DISK_FULL
    assert classify(OSError(errno.EROFS, "Read-only file system")) is Problem.READ_ONLY
    assert classify(sqlite3.OperationalError("database table is locked")) is Problem.LOCKED
    assert classify(sqlite3.OperationalError("database is locked")) is Problem.LOCK_TIMEOUT
    assert classify(sqlite3.DatabaseError("file is not a database")) is Problem.DAMAGED
    assert classify(ValueError("something else")) is None


def test_postgresql_lock_timeout_and_locked_row_are_told_apart(pg_db) -> None:
    import psycopg

    members.create_organisation(pg_db, {"name": "Busy S.p.A."})
    url = pg_db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url) as holder, psycopg.connect(url) as other:
        holder.execute("LOCK TABLE organisation IN ACCESS EXCLUSIVE MODE")
        other.execute("SET lock_timeout = '100ms'")
        with pytest.raises(psycopg.Error) as timed_out:
            other.execute("SELECT count(*) FROM organisation")
        other.rollback()
        assert classify(timed_out.value) is Problem.LOCK_TIMEOUT
        holder.rollback()
        holder.execute("SELECT id FROM organisation FOR UPDATE")
        with pytest.raises(psycopg.Error) as refused:
            other.execute("SELECT id FROM organisation FOR UPDATE NOWAIT")
        assert classify(refused.value) is Problem.LOCKED
        holder.rollback()


# --------------------------------------------------------------------------- exports


def test_invalid_exports_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cluster.db"
    populated(path)
    db = open_database(path)
    good = tmp_path / "good.json.gz"
    backup_service.backup(db, good)
    db.dispose()
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(good.read_bytes()[:200])
    scrambled = tmp_path / "scrambled.json.gz"
    scrambled.write_bytes(good.read_bytes()[:10] + b"\x00garbage" * 50)
    no_tables = tmp_path / "no-tables.json"
    payload = json.loads(gzip.decompress(good.read_bytes()))
    payload["tables"] = "lost"
    no_tables.write_text(json.dumps(payload))
    for bad in (cut, scrambled, no_tables):
        code, err = cli(capsys, "restore", str(bad), "--db", str(path), "--yes")
        assert code == 1 and bad.name in one_line(err)
    assert len(names(path)) == 3


def test_export_carries_every_table_and_binary_columns(sqlite_db, tmp_path: Path) -> None:
    with sqlite_db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE later_blobs (id INTEGER PRIMARY KEY, data BLOB)"))
        conn.execute(text("INSERT INTO later_blobs VALUES (1, x'00ff10')"))
    export = tmp_path / "all.json.gz"
    backup_service.export_records(sqlite_db, export)
    payload = json.loads(gzip.decompress(export.read_bytes()))
    assert payload["tables"]["later_blobs"]["rows"] == [[1, {"$b": "AP8Q"}]]
    assert "organisation" in payload["tables"]


@pytest.mark.parametrize("suffix", [".json.gz", ".json"])
def test_an_export_streamed_in_small_chunks_holds_every_row(
    any_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    """Rows are written a chunk at a time; the pieces must still make one exact JSON export."""
    monkeypatch.setattr(backup_service, "EXPORT_CHUNK_ROWS", 2)
    for i in range(7):
        members.create_organisation(any_db, {"name": f"Member {i}"})
    export = tmp_path / f"chunked{suffix}"
    backup_service.export_records(any_db, export)
    raw = export.read_bytes()
    payload = json.loads(gzip.decompress(raw) if suffix.endswith(".gz") else raw)
    dumped = payload["tables"]["organisation"]
    assert payload["format"] == "cluster-workbench-export" and payload["revision"]
    rows = [dict(zip(dumped["columns"], row, strict=True)) for row in dumped["rows"]]
    assert sorted(r["name"] for r in rows) == [f"Member {i}" for i in range(7)]
    assert all(r["created_at"] for r in rows)  # text on SQLite, {"$dt": …} on PostgreSQL
    assert not list(tmp_path.glob("*.part"))
    for i in range(3):
        members.create_organisation(any_db, {"name": f"Later {i}"})
    backup_service.restore(any_db.url, export)
    assert len(list_records(any_db, Organisation)) == 7


# --------------------------------------------------------------------------- empty restores


def test_restoring_a_backup_with_no_records_needs_a_confirmation(any_db, tmp_path: Path) -> None:
    empty_export = tmp_path / "empty.json.gz"
    backup_service.backup(any_db, empty_export)
    for i in range(3):
        members.create_organisation(any_db, {"name": f"Kept {i}"})
    with pytest.raises(EmptyBackupError, match="--allow-empty"):
        backup_service.restore(any_db.url, empty_export)
    assert len(list_records(any_db, Organisation)) == 3
    safety = backup_service.restore(any_db.url, empty_export, allow_empty=True)
    assert list_records(any_db, Organisation) == []
    assert safety is not None and safety.exists()


def test_postgresql_restore_keeps_a_safety_export(pg_db, tmp_path: Path) -> None:
    members.create_organisation(pg_db, {"name": "Before"})
    export = tmp_path / "team.json.gz"
    backup_service.backup(pg_db, export)
    members.create_organisation(pg_db, {"name": "Entered later"})

    safety = backup_service.restore(pg_db.url, export)

    assert [o.name for o in list_records(pg_db, Organisation)] == ["Before"]
    assert safety is not None and safety.parent == backup_service.safety_dir()
    dumped = backup_service.read_export(safety)["tables"]["organisation"]
    at = dumped["columns"].index("name")
    assert sorted(row[at] for row in dumped["rows"]) == ["Before", "Entered later"]
    # ... and that safety export brings the later state back.
    backup_service.restore(pg_db.url, safety)
    assert sorted(o.name for o in list_records(pg_db, Organisation)) == ["Before", "Entered later"]


def test_postgresql_upgrade_takes_a_safety_export_first(pg_db) -> None:
    migrate.downgrade(pg_db.engine, "base")
    with pg_db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE legacy_marker (x INTEGER)"))
        conn.execute(text("INSERT INTO legacy_marker VALUES (42)"))
    url = pg_db.url
    pg_db.dispose()
    reopened = open_database(url)
    try:
        assert migrate.current_revision(reopened.engine) == migrate.head_revision()
        exports = backup_service.list_safety_exports(reopened)
        assert len(exports) == 1 and exports[0].name.endswith("-pre-upgrade.json.gz")
        payload = json.loads(gzip.decompress(exports[0].read_bytes()))
        assert payload["revision"] is None
        assert payload["tables"]["legacy_marker"]["rows"] == [[42]]
    finally:
        reopened.dispose()


def test_sqlite_restore_refuses_a_non_workbench_file_and_keeps_the_database(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cluster.db"
    populated(path)
    before = digest(path)
    with pytest.raises(DatabaseError):
        backup_service.restore("sqlite:///" + str(path), tmp_path / "nothing.db")
    assert digest(path) == before


def test_a_failing_upgrade_never_rotates_good_backups_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cluster.db"
    populated(path)
    kept = [backup_sqlite(path, reason="daily") for _ in range(db_module.DEFAULT_BACKUPS_KEPT)]
    db = open_database(path)
    migrate.downgrade(db.engine, "base")
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE legacy_marker (x INTEGER)"))
    db.dispose()

    def disk_full(engine: object, revision: str = "head") -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(migrate, "upgrade", disk_full)
    for _ in range(3):
        code, err = cli(capsys, "members", "list", "--db", str(path))
        progress, failure = err.strip().splitlines()  # the progress note, then the error
        assert progress == "Backing up before the database upgrade"
        assert code == 1 and "is full" in one_line(failure)
    backups = list_backups(path)
    assert backups[: len(kept)] == kept  # every earlier copy is still there
    assert [p.name.endswith("-pre-upgrade.db") for p in backups[len(kept) :]] == [True] * 3
