"""Files attached to organisations: stored in the database, carried by backups, undoable."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.db import Database, open_database
from workbench.errors import ValidationError
from workbench.models import Organisation, OrganisationAttachment, StoredFile
from workbench.services import attachments, files, org_records
from workbench.services import backup as backup_service
from workbench.services.base import create_record, list_records

AGREEMENT = b"%PDF-1.4 signed membership agreement \x00\xff" * 100


def org(db: Database, name: str = "Acme S.p.A.") -> int:
    return create_record(db, Organisation, {"name": name}).id


def write(path: Path, content: bytes = AGREEMENT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("backend", "kind"),
    [("sqlite_db", "file copy"), ("sqlite_db", "export"), ("pg_db", "export")],
)
def test_attachment_survives_backup_and_restore_byte_for_byte(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str, kind: str
) -> None:
    db: Database = request.getfixturevalue(backend)
    org_id = org(db)
    attachments.attach_file(db, org_id, write(tmp_path / "in" / "agreement.pdf"), "Signed 2024")
    made = backup_service.backup(
        db, tmp_path / "backups" / ("b.json.gz" if kind == "export" else "b.db")
    )
    [row] = attachments.list_attachments(db, org_id)
    attachments.remove(db, row.id)  # after the backup the attachment is removed
    url = db.url
    db.dispose()
    backup_service.restore(url, made)
    restored = open_database(url)
    try:
        [back] = attachments.list_attachments(restored, org_id)
        assert (back.file_name, back.description, back.size) == (
            "agreement.pdf",
            "Signed 2024",
            len(AGREEMENT),
        )
        copy = attachments.open_copy(restored, back, tmp_path / "opened")
        assert copy.read_bytes() == AGREEMENT
    finally:
        restored.dispose()


def test_untrusted_file_over_the_limit_is_refused_in_one_line(sqlite_db, tmp_path) -> None:
    org_id = org(sqlite_db)
    big = write(tmp_path / "scan.pdf", b"x" * 3000)
    with pytest.raises(ValidationError) as caught:
        attachments.attach_file(sqlite_db, org_id, big, max_bytes=2048)
    text = str(caught.value.message)
    assert "scan.pdf is 2.9 KB; files up to 2 KB can be stored" in text and "\n" not in text
    assert list_records(sqlite_db, StoredFile) == []
    assert list_records(sqlite_db, OrganisationAttachment) == []


def test_remove_and_restore_give_back_the_same_attachment(sqlite_db, tmp_path) -> None:
    org_id = org(sqlite_db)
    made = attachments.attach_content(sqlite_db, org_id, "statute.pdf", b"statute", "Statute")
    removed = attachments.remove(sqlite_db, made.id)
    assert attachments.list_attachments(sqlite_db, org_id) == []
    assert len(list_records(sqlite_db, StoredFile)) == 1  # the bytes stay for the undo
    again = attachments.restore(sqlite_db, removed)
    assert again.id == made.id and again.description == "Statute"
    assert files.read_content(sqlite_db, again.stored_file_id) == b"statute"


def test_undoing_an_organisation_delete_brings_its_attachments_back(sqlite_db) -> None:
    org_id = org(sqlite_db)
    made = attachments.attach_content(sqlite_db, org_id, "statute.pdf", b"statute")
    snap = org_records.delete_organisation(sqlite_db, org_id)
    assert list_records(sqlite_db, OrganisationAttachment) == []
    org_records.restore_snapshot(sqlite_db, snap)
    [back] = attachments.list_attachments(sqlite_db, org_id)
    assert back.id == made.id and back.file_name == "statute.pdf"


def test_description_change_checks_the_version(sqlite_db) -> None:
    from workbench.errors import ConflictError

    org_id = org(sqlite_db)
    made = attachments.attach_content(sqlite_db, org_id, "statute.pdf", b"statute")
    attachments.set_description(sqlite_db, made.id, "Statute 2019", expected_version=made.version)
    with pytest.raises(ConflictError):
        attachments.set_description(sqlite_db, made.id, "Other", expected_version=made.version)


def test_migration_0006_adds_the_table_and_refuses_to_drop_attachments(any_db: Database) -> None:
    from sqlalchemy import inspect

    from workbench import migrate

    migrate.downgrade(any_db.engine, "0004")
    assert "organisation_attachment" not in inspect(any_db.engine).get_table_names()
    migrate.upgrade(any_db.engine)
    assert "organisation_attachment" in inspect(any_db.engine).get_table_names()
    attachments.attach_content(any_db, org(any_db), "statute.pdf", b"statute")
    with pytest.raises(RuntimeError, match="1 organisation attachment"):
        migrate.downgrade(any_db.engine, "0004")
    assert len(list_records(any_db, OrganisationAttachment)) == 1
