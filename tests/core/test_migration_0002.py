"""Migration 0002: path-based evidence of a 0001 database moves into the file store."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from workbench import migrate
from workbench.db import Database, list_backups, open_database
from workbench.models import IndicatorEvidence, StoredFile
from workbench.services import evidence as evidence_service
from workbench.services import files
from workbench.services.base import list_records

PRESENT = b"%PDF-1.4 board minutes\x00\xff" * 100


def add_old_entry(
    db: Database, entry_id: int, file_name: str, file_path: str, year: int = 2024
) -> None:
    """An evidence row as version 0001 of the program wrote it (a path, no stored file)."""
    now = datetime(2025, 3, 1, tzinfo=UTC)
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO indicator_evidence (id, indicator_id, year, file_name, file_path, "
                "description, version, created_at, updated_at, updated_by) VALUES "
                "(:id, '4.1.2', :year, :name, :path, NULL, 1, :now, :now, 'anna')"
            ),
            {"id": entry_id, "year": year, "name": file_name, "path": file_path, "now": now},
        )


def entries(db: Database) -> dict[int, IndicatorEvidence]:
    return {e.id: e for e in list_records(db, IndicatorEvidence)}


def test_upgrade_moves_readable_files_and_keeps_missing_ones(any_db, tmp_path: Path) -> None:
    present = tmp_path / "anna" / "Verbale CdA.pdf"
    present.parent.mkdir()
    present.write_bytes(PRESENT)
    missing = "/home/marco/Documenti/statuto.pdf"  # a path on another user's machine
    migrate.downgrade(any_db.engine, "0001")
    add_old_entry(any_db, 1, "Verbale CdA.pdf", str(present))
    add_old_entry(any_db, 2, "statuto.pdf", missing)
    add_old_entry(any_db, 3, "Verbale CdA.pdf", str(present), year=2023)  # same file twice

    migrate.upgrade(any_db.engine, "0002")
    assert migrate.current_revision(any_db.engine) == "0002"

    found = entries(any_db)
    assert sorted(found) == [1, 2, 3]  # no entry dropped
    assert found[1].file_path is None and found[1].stored_file_id is not None
    assert found[3].stored_file_id == found[1].stored_file_id  # stored once
    [stored] = list_records(any_db, StoredFile)
    assert (stored.name, stored.size, stored.media_type, stored.created_by) == (
        "Verbale CdA.pdf",
        len(PRESENT),
        "application/pdf",
        "anna",
    )
    assert files.read_content(any_db, stored.id) == PRESENT
    # The missing one keeps its path and says what to do.
    assert found[2].stored_file_id is None and found[2].file_path == missing
    [listed] = [
        e for e in evidence_service.list_evidence(any_db, "4.1.2", [2024]) if e.record.id == 2
    ]
    assert listed.missing
    assert str(evidence_service.missing_message(listed.record)) == (
        "File not found at /home/marco/Documenti/statuto.pdf — attach it again."
    )
    # The moved file opens from a copy, even after the original is gone.
    present.unlink()
    assert evidence_service.open_copy(any_db, found[1]).read_bytes() == PRESENT


def test_upgrade_finds_copies_in_the_evidence_folder_beside_a_moved_database(
    tmp_path: Path,
) -> None:
    # Version 0001 copied evidence beside the SQLite file; the database and its evidence folder
    # were then moved to another machine, so the stored absolute path no longer exists.
    path = tmp_path / "moved" / "cluster.db"
    db = open_database(path)
    migrate.downgrade(db.engine, "0001")
    copy = tmp_path / "moved" / "evidence" / "4.1.2" / "2024" / "Strategia 2025 (2).pdf"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(PRESENT)
    add_old_entry(
        db,
        1,
        "Strategia 2025.pdf",
        "C:\\Users\\anna\\Cluster\\evidence\\4.1.2\\2024\\Strategia 2025 (2).pdf",
    )
    add_old_entry(db, 2, "gone.pdf", str(tmp_path / "old-place" / "gone.pdf"))
    db.dispose()

    upgraded = open_database(path)  # what the program does on start: back up, then upgrade
    try:
        assert [b for b in list_backups(path) if "pre-upgrade" in b.name]
        found = entries(upgraded)
        assert found[1].stored_file_id is not None and found[1].file_path is None
        assert files.read_content(upgraded, found[1].stored_file_id) == PRESENT
        # The entry keeps the name the user attached, not the numbered copy's name.
        assert (
            files.file_infos(upgraded, [found[1].stored_file_id])[found[1].stored_file_id].name
            == "Strategia 2025.pdf"
        )
        assert found[2].stored_file_id is None
        assert found[2].file_path == str(tmp_path / "old-place" / "gone.pdf")
    finally:
        upgraded.dispose()


def test_downgrade_refuses_to_throw_stored_files_away(sqlite_db, tmp_path: Path) -> None:
    source = tmp_path / "kept.pdf"
    source.write_bytes(b"kept")
    files.store_file(sqlite_db, source)
    with pytest.raises(RuntimeError, match="1 stored file"):
        migrate.downgrade(sqlite_db.engine, "0001")
    # Later steps (0003: no improvement areas to keep) went; the 0002 step was refused.
    assert migrate.current_revision(sqlite_db.engine) == "0002"
    assert [f.name for f in list_records(sqlite_db, StoredFile)] == ["kept.pdf"]
