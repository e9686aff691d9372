"""Undo, Redo and "overwrite after a conflict" never write over another user's later save.

The "other user" is a second Database handle (its own engine and session factory) on the same
database, saving as "anna"; the window and its editors work on the test's handle. The
organisation editor and the window's undo stack run on SQLite and on PostgreSQL
(``any_db``; ``WORKBENCH_REQUIRE_PG=1`` makes the PostgreSQL variants fail instead of skip).
Undo and Redo are the window's own actions (what Ctrl+Z / Ctrl+Y and the Edit menu trigger).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from workbench.db import Database, open_database
from workbench.models import Organisation
from workbench.services import base as records
from workbench.services import members
from workbench.ui.dialogs.conflict_compare import ConflictCompareDialog
from workbench.ui.editor import OrganisationEditor

KEEP_THEIRS = 0  # "Reload their version" in the conflict question
APPLY_MINE = 1  # "Overwrite with mine"
COMPARE = 2  # "Compare…"


@pytest.fixture
def other_user(any_db: Database) -> Iterator[Database]:
    """A second engine and session factory on the same database, saving as "anna"."""
    other = open_database(any_db.url)
    other.user = "anna"
    yield other
    other.dispose()


@pytest.fixture
def window(qtbot: Any, app_ctx: Any, any_db: Database) -> Iterator[Any]:
    from workbench.ui.main_window import MainWindow

    any_db.user = "tester"
    win = MainWindow(app_ctx(any_db))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.wait_for_tasks()


def new_organisation(db: Database) -> int:
    org = members.create_organisation(
        db,
        {
            "name": "Alfa Energia S.r.l.",
            "city": "Milano",
            "phone": "+39 02 1234567",
            "notes": "first contact at the fair",
        },
        join_date=date(2020, 1, 1),
    )
    return org.id


def org(db: Database, org_id: int) -> Organisation:
    return records.get_record(db, Organisation, org_id)


def edit_city_in_editor(qtbot: Any, window: Any, org_id: int, city: str) -> None:
    """Open the organisation editor, type a new city and click Save, as a user does."""
    editor = OrganisationEditor(window.ctx, org_id, window)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    field = editor.fields["city"]
    field.selectAll()
    qtbot.keyClicks(field, city)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.result() == OrganisationEditor.DialogCode.Accepted


def anna_edits_phone_and_notes(other: Database, org_id: int, suffix: str = "") -> None:
    records.update_record(
        other,
        Organisation,
        org_id,
        {"phone": "+39 0371 999999", "notes": "Anna called them back" + suffix},
    )


def test_undo_after_another_users_edit_asks_and_keep_theirs_loses_nothing(
    qtbot: Any, window: Any, other_user: Database, dialogs: Any
) -> None:
    db = window.ctx.db
    org_id = new_organisation(db)
    edit_city_in_editor(qtbot, window, org_id, "Cremona")
    anna_edits_phone_and_notes(other_user, org_id)

    dialogs.choice = KEEP_THEIRS
    window.action_undo.trigger()

    kind, _title, text = dialogs.shown[-1]
    assert kind == "choice" and "anna" in text
    saved = org(db, org_id)
    # Before: the undo wrote the whole snapshot back and wiped Anna's phone and notes.
    assert (saved.phone, saved.notes) == ("+39 0371 999999", "Anna called them back")
    assert saved.city == "Cremona"  # their version kept: the undo was not applied
    assert not window.ctx.undo_stack.canUndo()  # and it is off the stack, not retried


def test_undo_conflict_compare_then_apply_mine_over_exactly_the_version_seen(
    qtbot: Any, window: Any, other_user: Database, dialogs: Any
) -> None:
    db = window.ctx.db
    org_id = new_organisation(db)
    edit_city_in_editor(qtbot, window, org_id, "Cremona")
    anna_edits_phone_and_notes(other_user, org_id)

    dialogs.choice = COMPARE
    window.action_undo.trigger()
    compare = window.compare_dialog
    assert isinstance(compare, ConflictCompareDialog) and compare.isVisible()
    city = compare.row("city")
    assert (city.opened, city.theirs, city.mine) == ("Cremona", "Cremona", "Milano")
    phone = compare.row("phone")
    assert (phone.opened, phone.theirs, phone.mine) == (
        "+39 02 1234567",
        "+39 0371 999999",
        "+39 02 1234567",
    )
    assert "anna" in phone.changed_by

    # While the comparison is open, Anna saves again: "apply mine" must not go over that.
    anna_edits_phone_and_notes(other_user, org_id, suffix=" twice")
    asked = dialogs.kinds().count("choice")
    dialogs.choice = KEEP_THEIRS
    qtbot.mouseClick(compare.overwrite_button, Qt.MouseButton.LeftButton)
    assert dialogs.kinds().count("choice") == asked + 1  # conflict again, asked again
    assert org(db, org_id).notes == "Anna called them back twice"
    assert org(db, org_id).city == "Cremona"


def test_undo_conflict_apply_mine_undoes_and_redo_is_versioned_too(
    qtbot: Any, window: Any, other_user: Database, dialogs: Any
) -> None:
    db = window.ctx.db
    org_id = new_organisation(db)
    edit_city_in_editor(qtbot, window, org_id, "Cremona")
    anna_edits_phone_and_notes(other_user, org_id)

    dialogs.choice = APPLY_MINE
    window.action_undo.trigger()
    saved = org(db, org_id)
    assert (saved.city, saved.phone) == ("Milano", "+39 02 1234567")  # the user chose so
    assert window.ctx.undo_stack.canRedo()

    # Anna edits again; the Redo meets her change and asks instead of overwriting it.
    records.update_record(other_user, Organisation, org_id, {"notes": "Anna, after the undo"})
    dialogs.choice = KEEP_THEIRS
    window.action_redo.trigger()
    assert "anna" in dialogs.shown[-1][2]
    saved = org(db, org_id)
    assert (saved.city, saved.notes) == ("Milano", "Anna, after the undo")
    assert not window.ctx.undo_stack.canRedo()


def test_redo_after_another_users_edit_apply_mine_redoes(
    qtbot: Any, window: Any, other_user: Database, dialogs: Any
) -> None:
    db = window.ctx.db
    org_id = new_organisation(db)
    edit_city_in_editor(qtbot, window, org_id, "Cremona")
    window.action_undo.trigger()  # nobody else wrote: no question
    assert not dialogs.kinds()
    assert org(db, org_id).city == "Milano"
    anna_edits_phone_and_notes(other_user, org_id)

    dialogs.choice = APPLY_MINE
    window.action_redo.trigger()
    assert dialogs.kinds() == ["choice"]
    assert org(db, org_id).city == "Cremona"
    assert window.ctx.undo_stack.canUndo() and not window.ctx.undo_stack.canRedo()


def test_undo_and_redo_without_other_writers_ask_nothing(
    qtbot: Any, window: Any, dialogs: Any
) -> None:
    db = window.ctx.db
    org_id = new_organisation(db)
    edit_city_in_editor(qtbot, window, org_id, "Cremona")
    edit_city_in_editor(qtbot, window, org_id, "Lodi")
    for _ in range(2):
        window.action_undo.trigger()
        window.action_undo.trigger()
        assert org(db, org_id).city == "Milano"
        window.action_redo.trigger()
        window.action_redo.trigger()
        assert org(db, org_id).city == "Lodi"
    assert not dialogs.kinds()


def test_overwrite_after_save_conflict_goes_over_the_version_seen_only(
    qtbot: Any, window: Any, other_user: Database, dialogs: Any
) -> None:
    db = window.ctx.db
    org_id = new_organisation(db)
    editor = OrganisationEditor(window.ctx, org_id, window)
    qtbot.addWidget(editor)
    editor.show()
    records.update_record(other_user, Organisation, org_id, {"city": "Lodi"})
    field = editor.fields["city"]
    field.selectAll()
    qtbot.keyClicks(field, "Cremona")
    dialogs.choice = COMPARE
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    compare = editor.compare_dialog
    assert compare.row("city").theirs == "Lodi"

    # Anna saves again while the comparison is open: Overwrite must conflict again.
    anna_edits_phone_and_notes(other_user, org_id)
    dialogs.choice = KEEP_THEIRS
    qtbot.mouseClick(compare.overwrite_button, Qt.MouseButton.LeftButton)
    saved = org(db, org_id)
    assert (saved.city, saved.notes) == ("Lodi", "Anna called them back")
    assert "anna" in dialogs.shown[-1][2]


def test_undo_of_an_overwrite_brings_back_what_it_overwrote(
    qtbot: Any, window: Any, other_user: Database, dialogs: Any
) -> None:
    db = window.ctx.db
    org_id = new_organisation(db)
    editor = OrganisationEditor(window.ctx, org_id, window)
    qtbot.addWidget(editor)
    editor.show()
    anna_edits_phone_and_notes(other_user, org_id)
    field = editor.fields["city"]
    field.selectAll()
    qtbot.keyClicks(field, "Cremona")
    dialogs.choice = APPLY_MINE
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = org(db, org_id)
    assert (saved.city, saved.phone) == ("Cremona", "+39 02 1234567")  # all of mine

    window.action_undo.trigger()
    assert dialogs.kinds() == ["choice"]  # only the save's question: nobody wrote since
    saved = org(db, org_id)
    assert (saved.city, saved.phone, saved.notes) == (
        "Milano",
        "+39 0371 999999",
        "Anna called them back",
    )
