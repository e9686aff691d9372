"""VersionWatch: the later steps of an undoable edit never write over another user's save.

Qt-free: the same service calls the window's undo stack makes, on SQLite and PostgreSQL. The
other user is a second Database (own engine and session factory) on the same database.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from workbench.db import Database, open_database
from workbench.errors import ConflictError
from workbench.models import Organisation
from workbench.services import base as records
from workbench.services import members, org_records


@pytest.fixture
def anna(any_db: Database) -> Iterator[Database]:
    other = open_database(any_db.url)
    other.user = "anna"
    yield other
    other.dispose()


def new_org(db: Database) -> int:
    return members.create_organisation(
        db, {"name": "Beta S.p.A.", "city": "Milano"}, join_date=date(2021, 1, 1)
    ).id


def edit(db: Database, watch: records.VersionWatch, org_id: int, **values: Any) -> Any:
    """An organisation editor save as the first step of an edit: (seen, before, after)."""
    seen: dict[Any, int] = {}
    before = org_records.load_snapshot(db, org_id)
    new = {**before, "organisation": {**before["organisation"], **values}}
    with watch.step(seen, first=True):
        after = org_records.save_organisation(
            db, new, expected_version=before["organisation"]["version"]
        )
    return seen, before, after


def test_undo_over_another_users_save_conflicts_and_writes_nothing(
    any_db: Database, anna: Database
) -> None:
    watch = records.VersionWatch()
    org_id = new_org(any_db)
    seen, before, _after = edit(any_db, watch, org_id, city="Cremona")
    records.update_record(anna, Organisation, org_id, {"phone": "+39 02 999"})

    with pytest.raises(ConflictError) as caught, watch.step(seen):
        org_records.restore_snapshot(any_db, before)
    exc = caught.value
    now = records.get_record(any_db, Organisation, org_id)
    assert (now.city, now.phone) == ("Cremona", "+39 02 999")
    assert exc.record == ("organisation", org_id) and exc.current_version == now.version
    assert exc.mine is not None and exc.mine["city"] == "Milano"
    assert watch.values[("organisation", org_id)]["city"] == "Cremona"

    # "Apply mine" over exactly that version writes; a newer save would conflict again.
    assert watch.expect(exc, seen)
    records.update_record(anna, Organisation, org_id, {"notes": "again"})
    with pytest.raises(ConflictError), watch.step(seen):
        org_records.restore_snapshot(any_db, before)
    assert records.get_record(any_db, Organisation, org_id).notes == "again"


def test_own_later_edits_do_not_conflict(any_db: Database) -> None:
    watch = records.VersionWatch()
    org_id = new_org(any_db)
    first = edit(any_db, watch, org_id, city="Cremona")
    second = edit(any_db, watch, org_id, city="Lodi")
    for seen, before, _after in (second, first):  # undo both, newest first
        with watch.step(seen):
            org_records.restore_snapshot(any_db, before)
    assert records.get_record(any_db, Organisation, org_id).city == "Milano"
    for seen, _before, after in (first, second):  # redo both
        with watch.step(seen):
            org_records.restore_snapshot(any_db, after)
    assert records.get_record(any_db, Organisation, org_id).city == "Lodi"


def test_undo_of_an_older_edit_conflicts_after_another_users_save_seen_by_a_newer_one(
    any_db: Database, anna: Database
) -> None:
    """Edit A; Anna saves; the user reopens and saves edit B over her version; undo B, undo A.

    Undoing B is fine (B was made over Anna's version); undoing A would put back the values
    from before Anna's save, which A never saw: it conflicts.
    """
    watch = records.VersionWatch()
    org_id = new_org(any_db)
    seen_a, before_a, _ = edit(any_db, watch, org_id, city="Cremona")
    records.update_record(anna, Organisation, org_id, {"phone": "+39 02 999"})
    seen_b, before_b, _ = edit(any_db, watch, org_id, city="Lodi")
    with watch.step(seen_b):
        org_records.restore_snapshot(any_db, before_b)
    with pytest.raises(ConflictError), watch.step(seen_a):
        org_records.restore_snapshot(any_db, before_a)
    assert records.get_record(any_db, Organisation, org_id).phone == "+39 02 999"


def test_a_failed_step_leaves_the_watch_as_it_was(any_db: Database, anna: Database) -> None:
    watch = records.VersionWatch()
    org_id = new_org(any_db)
    seen, before, after = edit(any_db, watch, org_id, city="Cremona")
    left = dict(watch.versions)
    records.update_record(anna, Organisation, org_id, {"phone": "+39 02 999"})
    with pytest.raises(ConflictError), watch.step(seen):
        org_records.restore_snapshot(any_db, before)
    assert watch.versions == left
