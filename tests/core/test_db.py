"""Opening databases: URL resolution, pragmas, integrity check, migrations, backup/restore."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

from workbench import migrate
from workbench.db import (
    Database,
    backup_sqlite,
    default_db_path,
    list_backups,
    open_database,
    resolve_db_url,
)
from workbench.errors import DatabaseError
from workbench.models import Base, Organisation
from workbench.services import backup as backup_service
from workbench.services import members
from workbench.services.base import list_records


def test_default_database_lives_in_the_data_dir(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path))
    assert default_db_path() == tmp_path / "workbench.db"
    assert resolve_db_url(None) == "sqlite:///" + str(tmp_path / "workbench.db")


def test_db_argument_and_environment_override(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("WORKBENCH_DB", str(tmp_path / "env.db"))
    assert resolve_db_url(None).endswith("env.db")
    assert resolve_db_url(tmp_path / "arg.db").endswith("arg.db")
    assert resolve_db_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_new_sqlite_database_is_created_migrated_and_configured(tmp_path: Path) -> None:
    db = open_database(tmp_path / "sub" / "new.db")
    assert (tmp_path / "sub" / "new.db").exists()
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
    assert "organisation" in inspect(db.engine).get_table_names()


def test_migrations_match_the_models(any_db) -> None:
    with any_db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_upgrade_of_an_existing_database_backs_it_up_first(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = open_database(path)
    members.create_organisation(db, {"name": "Keep Me S.r.l."}, join_date=date(2020, 1, 1))
    migrate.downgrade(db.engine, "base")
    assert migrate.current_revision(db.engine) is None
    # Pretend an older program left data behind: the downgrade dropped our tables, so put a
    # marker table in to prove the file is backed up before being upgraded.
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE legacy_marker (x INTEGER)"))
    db.dispose()
    reopened = open_database(path)
    assert migrate.current_revision(reopened.engine) == migrate.head_revision()
    backups = list_backups(path)
    assert len(backups) == 1 and "pre-upgrade" in backups[0].name
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT count(*) FROM legacy_marker").fetchone() == (0,)


def test_downgrade_and_upgrade_round_trip_on_both_backends(any_db) -> None:
    migrate.downgrade(any_db.engine, "base")
    assert "organisation" not in inspect(any_db.engine).get_table_names()
    migrate.upgrade(any_db.engine)
    assert "organisation" in inspect(any_db.engine).get_table_names()


def test_damaged_file_is_refused_with_a_message_offering_the_backup(tmp_path: Path) -> None:
    path = tmp_path / "cluster.db"
    db = open_database(path)
    members.create_organisation(db, {"name": "Alpha"})
    backup = backup_sqlite(path, reason="daily")
    db.dispose()
    raw = bytearray(path.read_bytes())
    raw[100 : 4096 * 2] = b"\x00garbage" * ((4096 * 2 - 100) // 8) + b"\x00" * (
        (4096 * 2 - 100) % 8
    )
    path.write_bytes(bytes(raw))
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    message = str(info.value)
    assert str(path) in message and "damaged" in message and str(backup) in message


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is a text file, not a database" * 200)
    with pytest.raises(DatabaseError, match="damaged"):
        open_database(path)


def test_backup_change_restore_gives_back_the_exact_state(tmp_path: Path) -> None:
    path = tmp_path / "cluster.db"
    db = open_database(path)
    members.create_organisation(db, {"name": "Alpha", "city": "Milano"}, join_date=date(2021, 3, 1))
    before = [(o.id, o.name, o.city, o.version) for o in list_records(db, Organisation)]
    copy = backup_service.backup(db)
    members.create_organisation(db, {"name": "Beta"})
    db.dispose()
    safety = backup_service.restore(db.url, copy)
    assert safety is not None and safety.exists()
    db = open_database(path)
    assert [(o.id, o.name, o.city, o.version) for o in list_records(db, Organisation)] == before


def test_portable_export_round_trip(any_db, tmp_path: Path) -> None:
    members.create_organisation(
        any_db, {"name": "Città Verde S.r.l.", "vat": "IT01234560157"}, join_date=date(2022, 5, 2)
    )
    export = tmp_path / "export.json.gz"
    backup_service.backup(any_db, export)
    members.create_organisation(any_db, {"name": "Later"})
    backup_service.restore(any_db.url, export)
    names = [o.name for o in list_records(any_db, Organisation)]
    assert names == ["Città Verde S.r.l."]
    # Sequences continue after the restored ids (PostgreSQL).
    created = members.create_organisation(any_db, {"name": "After restore"})
    assert created.id == 2


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    fake = tmp_path / "fake.db"
    with sqlite3.connect(fake) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(DatabaseError, match="not a Cluster Workbench"):
        backup_service.restore("sqlite:///" + str(tmp_path / "target.db"), fake)


def test_backups_are_rotated(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    open_database(path).dispose()
    for _ in range(5):
        backup_sqlite(path, reason="auto", keep=3)
    assert len(list_backups(path)) == 3


def _every_row(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows read through the models' column types, in primary-key order.

    Timestamps are compared in UTC without their zone: PostgreSQL gives them back aware,
    SQLite naive (the program stores UTC in both).
    """

    def same_clock(value: object) -> object:
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(UTC).replace(tzinfo=None)
        return value

    with db.engine.connect() as conn:
        return {
            table.name: [
                tuple(map(same_clock, row))
                for row in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


@pytest.mark.parametrize("direction", ["sqlite to postgresql", "postgresql to sqlite"])
def test_an_export_moves_a_whole_cluster_between_backends(
    direction: str, sqlite_db: Database, pg_db: Database, tmp_path: Path
) -> None:
    """The documented way into (and out of) team mode: ``backup -o X.json.gz``, ``restore X``.

    The demo cluster has every kind of column (booleans, dates, money, history, settings);
    SQLite's export holds booleans as 0 and 1, which PostgreSQL's boolean columns refuse.
    """
    from workbench.demo.cluster import build_demo

    source, target = (sqlite_db, pg_db) if direction.startswith("sqlite") else (pg_db, sqlite_db)
    # A server away from UTC: timestamps must keep their instant, not take the server's zone.
    with pg_db.engine.begin() as conn:
        conn.exec_driver_sql(
            f"ALTER DATABASE \"{pg_db.engine.url.database}\" SET timezone TO 'Europe/Rome'"
        )
    pg_db.engine.dispose()
    build_demo(source, today=date(2026, 6, 30))
    export = tmp_path / "cluster.json.gz"
    backup_service.backup(source, export)

    backup_service.restore(target.url, export)

    before, after = _every_row(source), _every_row(target)
    assert sum(map(len, before.values())) > 1000
    assert {name: len(rows) for name, rows in after.items()} == {
        name: len(rows) for name, rows in before.items()
    }
    assert after == before
