"""The change description of a write (services.changes): what a committed step touched."""

from __future__ import annotations

import pytest

from workbench.db import Database
from workbench.errors import WorkbenchError
from workbench.models import Organisation
from workbench.services import base as records
from workbench.services.changes import Changes, track_changes


def _organisation(db: Database, name: str) -> Organisation:
    return records.create_record(db, Organisation, {"name": name, "country": "IT"})


def test_created_updated_deleted_records_are_named(any_db: Database) -> None:
    kept = _organisation(any_db, "Kept S.r.l.")
    gone = _organisation(any_db, "Gone S.r.l.")
    with track_changes() as recorder:
        new = _organisation(any_db, "New S.r.l.")
        records.update_record(any_db, Organisation, kept.id, {"city": "Trento"})
        records.delete_record(any_db, Organisation, gone.id)
    changes = recorder.changes()
    assert ("organisation", new.id) in changes.created
    assert ("organisation", kept.id) in changes.updated
    assert ("organisation", gone.id) in changes.deleted
    assert changes.touches("organisation")
    assert not changes.touches("project")
    assert changes.records("organisation") == {new.id, kept.id, gone.id}


def test_a_refused_write_records_nothing(any_db: Database) -> None:
    with track_changes() as recorder, pytest.raises(WorkbenchError):
        records.create_record(any_db, Organisation, {"name": "Too Long", "country": "Italy"})
    assert recorder.changes().is_empty()


def test_writes_outside_the_block_are_not_recorded(sqlite_db: Database) -> None:
    with track_changes() as recorder:
        pass
    _organisation(sqlite_db, "Later S.r.l.")
    assert recorder.changes(also=("project",)) == Changes.of_tables("project")


def test_old_table_name_announcements_still_read() -> None:
    assert Changes.coerce("").everything
    assert Changes.coerce("organisation").touches("organisation")
    assert not Changes.coerce("organisation").touches("project")
    assert Changes.coerce(None).touches("anything")
