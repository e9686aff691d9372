"""The file store: evidence files live in the database, travel with every backup, open as copies."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from workbench.db import Database, open_database
from workbench.errors import ValidationError
from workbench.models import AuditEntry, ChangeAction, IndicatorEvidence, StoredFile
from workbench.services import backup as backup_service
from workbench.services import evidence as evidence_service
from workbench.services import files
from workbench.services.base import create_record, delete_record, list_records, unit_of_work

# Every byte value, a NUL in the middle and a non-UTF-8 tail: any text handling would show.
CONTENT = bytes(range(256)) * 40 + b"\x00%PDF-1.7\xff\xfe" + os.urandom(4096)


def write(path: Path, content: bytes = CONTENT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def attach(db: Database, source: Path, indicator_id: str = "4.1.2", year: int = 2024) -> int:
    """Attach *source* as the Indicators view does (read here, stored with its entry)."""
    content = files.read_for_store(source)
    return evidence_service.attach(db, indicator_id, year, source.name, content).id


def stored_content(db: Database) -> list[tuple[str, str, bytes]]:
    """(evidence file name, stored name, bytes) of every evidence entry, read from the database."""
    with unit_of_work(db, write=False) as session:
        rows = session.execute(
            select(IndicatorEvidence.file_name, StoredFile.name, StoredFile.content)
            .join(StoredFile, StoredFile.id == IndicatorEvidence.stored_file_id)
            .order_by(IndicatorEvidence.id)
        ).all()
    return [(a, b, bytes(c)) for a, b, c in rows]


def test_attached_file_is_stored_in_the_database_not_as_a_path(any_db, tmp_path: Path) -> None:
    source = write(tmp_path / "outside" / "Statuto firmato.pdf")
    entry_id = attach(any_db, source)
    source.unlink()  # the database alone must hold the file from now on
    [entry] = list_records(any_db, IndicatorEvidence)
    assert entry.id == entry_id and entry.file_path is None
    assert stored_content(any_db) == [("Statuto firmato.pdf", "Statuto firmato.pdf", CONTENT)]
    [info] = files.file_infos(any_db, [entry.stored_file_id]).values()
    assert (info.size, info.sha256, info.media_type, info.created_by) == (
        len(CONTENT),
        hashlib.sha256(CONTENT).hexdigest(),
        "application/pdf",
        "tester",
    )


@pytest.mark.parametrize(
    ("backend", "kind"),
    [("sqlite_db", "file copy"), ("sqlite_db", "export"), ("pg_db", "export")],
)
def test_backup_and_restore_give_back_identical_file_content(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str, kind: str
) -> None:
    # A SQLite database is backed up as a file copy (or an export if asked); PostgreSQL's
    # backup is the JSON export. Either must carry the stored bytes exactly.
    any_db: Database = request.getfixturevalue(backend)
    attach(any_db, write(tmp_path / "in" / "minutes.pdf"))
    destination = tmp_path / "backups" / ("b.json.gz" if kind == "export" else "b.db")
    made = backup_service.backup(any_db, destination)
    # After the backup: the entry is removed and another file attached.
    [entry] = list_records(any_db, IndicatorEvidence)
    delete_record(any_db, IndicatorEvidence, entry.id)
    attach(any_db, write(tmp_path / "in" / "later.txt", b"later"))
    url = any_db.url
    any_db.dispose()
    backup_service.restore(url, made)
    restored = open_database(url)
    try:
        assert stored_content(restored) == [("minutes.pdf", "minutes.pdf", CONTENT)]
        # The restored store keeps working: new files get fresh ids (PostgreSQL sequences).
        attach(restored, write(tmp_path / "in" / "after.txt", b"after"))
        assert [c for _, _, c in stored_content(restored)] == [CONTENT, b"after"]
    finally:
        restored.dispose()


def test_file_and_entry_are_written_together_or_not_at_all(any_db) -> None:
    with pytest.raises(ValidationError):
        evidence_service.attach(any_db, "4.1.2", 1850, "minutes.pdf", CONTENT)  # bad year
    assert list_records(any_db, StoredFile) == []
    assert list_records(any_db, IndicatorEvidence) == []
    with pytest.raises(ValidationError, match=r"big\.pdf is 2 KB; files up to 1 KB"):
        with unit_of_work(any_db) as session:
            files.add_file(session, "big.pdf", b"x" * 2048, "tester", max_bytes=1024)
    assert list_records(any_db, StoredFile) == []


def test_same_content_is_stored_once(sqlite_db, tmp_path: Path) -> None:
    first = attach(sqlite_db, write(tmp_path / "a" / "plan.pdf"), year=2023)
    second = attach(sqlite_db, write(tmp_path / "b" / "plan-copy.pdf"), year=2024)
    entries = {e.id: e for e in list_records(sqlite_db, IndicatorEvidence)}
    assert entries[first].stored_file_id == entries[second].stored_file_id
    assert len(list_records(sqlite_db, StoredFile)) == 1
    # Each entry keeps the name it was attached under.
    assert [name for name, _, _ in stored_content(sqlite_db)] == ["plan.pdf", "plan-copy.pdf"]


def test_history_records_name_size_and_checksum_never_the_bytes(any_db, tmp_path: Path) -> None:
    attach(any_db, write(tmp_path / "agreement.pdf"))
    with unit_of_work(any_db, write=False) as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == ChangeAction.CREATE)
        ).all()
        by_table = {e.table_name: e for e in entries}
    stored = json.loads(by_table["stored_file"].new_value)
    assert stored["name"] == "agreement.pdf"
    assert stored["size"] == len(CONTENT)
    assert stored["sha256"] == hashlib.sha256(CONTENT).hexdigest()
    assert "content" not in stored
    assert by_table["stored_file"].record_label == "agreement.pdf"
    evidence = json.loads(by_table["indicator_evidence"].new_value)
    assert evidence["stored_file_id"] == stored["id"] == by_table["stored_file"].record_id


def test_file_over_the_limit_is_refused_naming_file_and_limit(sqlite_db, tmp_path: Path) -> None:
    big = tmp_path / "scansione completa.pdf"
    with big.open("wb") as handle:  # sparse: 63.5 MB without writing them
        handle.truncate(63 * 1024 * 1024 + 512 * 1024)
    with pytest.raises(ValidationError) as caught:
        files.store_file(sqlite_db, big)
    assert str(caught.value) == (
        "scansione completa.pdf is 63.5 MB; files up to 50 MB can be stored. Attach a smaller "
        "or compressed copy."
    )
    # Just over the limit: the sizes are told in bytes, so they do not read as equal.
    with big.open("wb") as handle:
        handle.truncate(files.MAX_FILE_BYTES + 1)
    with pytest.raises(ValidationError, match=r"is 52,428,801 bytes; files up to 52,428,800 "):
        files.store_file(sqlite_db, big)
    assert list_records(sqlite_db, StoredFile) == []
    small = write(tmp_path / "small.pdf", b"x" * 2048)
    with pytest.raises(ValidationError, match=r"small\.pdf is 2 KB; files up to 1 KB"):
        files.store_file(sqlite_db, small, max_bytes=1024)
    assert files.store_file(sqlite_db, small, max_bytes=2048).size == 2048


def test_missing_source_is_a_message(sqlite_db, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"nowhere\.pdf does not exist"):
        files.store_file(sqlite_db, tmp_path / "nowhere.pdf")


def test_opening_writes_a_copy_into_the_cache_folder(any_db, tmp_path: Path) -> None:
    source = write(tmp_path / "elsewhere" / "Delibera: CdA 12/2024.pdf".replace("/", "-"))
    attach(any_db, source)
    source.unlink()
    [entry] = list_records(any_db, IndicatorEvidence)
    copy = evidence_service.open_copy(any_db, entry)
    assert copy.is_relative_to(files.copies_folder())
    assert copy.is_relative_to(Path(os.environ[files.CACHE_ENV_VAR]))
    assert copy.name == "Delibera_ CdA 12-2024.pdf"
    assert copy.read_bytes() == CONTENT
    # Opening again reuses the copy; a copy changed by a viewer is replaced by the stored bytes.
    assert evidence_service.open_copy(any_db, entry) == copy
    copy.write_bytes(b"edited in a viewer")
    assert evidence_service.open_copy(any_db, entry).read_bytes() == CONTENT
    assert not list(copy.parent.glob("*.part"))


def test_two_files_with_one_name_get_separate_copies(sqlite_db, tmp_path: Path) -> None:
    attach(sqlite_db, write(tmp_path / "a" / "report.pdf", b"first"), year=2023)
    attach(sqlite_db, write(tmp_path / "b" / "report.pdf", b"second"), year=2024)
    copies = [
        evidence_service.open_copy(sqlite_db, e)
        for e in list_records(sqlite_db, IndicatorEvidence, order_by=[IndicatorEvidence.id])
    ]
    assert copies[0] != copies[1]
    assert [c.read_bytes() for c in copies] == [b"first", b"second"]


def test_an_entry_without_a_stored_file_says_attach_it_again(sqlite_db) -> None:
    entry = create_record(
        sqlite_db,
        IndicatorEvidence,
        {
            "indicator_id": "4.1.2",
            "year": 2024,
            "file_name": "old.pdf",
            "file_path": "C:\\Users\\anna\\Documents\\old.pdf",
        },
    )
    [listed] = evidence_service.list_evidence(sqlite_db, "4.1.2", [2024])
    assert listed.missing and listed.file is None
    with pytest.raises(ValidationError) as caught:
        evidence_service.open_copy(sqlite_db, entry)
    assert str(caught.value) == (
        "File not found at C:\\Users\\anna\\Documents\\old.pdf — attach it again."
    )
    # A new entry needs its file: neither a stored file nor a path is refused.
    with pytest.raises(ValidationError, match="Choose the evidence file"):
        create_record(
            sqlite_db,
            IndicatorEvidence,
            {"indicator_id": "4.1.2", "year": 2024, "file_name": "x.pdf"},
        )
