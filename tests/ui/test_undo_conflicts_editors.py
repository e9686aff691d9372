"""Every editor's undoable commands share the one version check of Undo and Redo.

Each test builds the command the way its editor does (the editors' own command factories),
pushes it on the window's stack, lets the "other user" (a second engine and session factory
on the same database, saving as "anna") change the record, then runs the window's Undo or
Redo action. The answer is always the conflict question, and "keep theirs" keeps Anna's
change. See ``test_undo_conflicts.py`` for the organisation editor on both backends.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from workbench.db import Database, open_database
from workbench.models import Activity, CompetenceArea, Fee, Organisation, Project
from workbench.services import base as records
from workbench.services import projects as projects_service
from workbench.ui.undo import push_edit
from workbench.ui.widgets.record_table import create_command, resolve_id, update_command

KEEP_THEIRS = 0


@pytest.fixture
def anna(demo_db: Database) -> Iterator[Database]:
    other = open_database(demo_db.url)
    other.user = "anna"
    yield other
    other.dispose()


def asked_with_anna(dialogs: Any) -> bool:
    kind, _title, text = dialogs.shown[-1]
    return kind == "choice" and "anna" in text


def undo_keeping_theirs(window: Any, dialogs: Any) -> None:
    dialogs.choice = KEEP_THEIRS
    window.action_undo.trigger()
    assert asked_with_anna(dialogs)
    assert not window.ctx.undo_stack.canUndo()


def first(db: Database, model: Any) -> Any:
    return records.list_records(db, model, order_by=[model.id], limit=1)[0]


def test_record_field_edit_undo_asks(main_window: Any, anna: Database, dialogs: Any) -> None:
    """update_command: the simple profile tables, areas and pillars (edit_record_dialog)."""
    ctx = main_window.ctx
    area = first(ctx.db, CompetenceArea)
    push_edit(
        ctx.undo_stack,
        update_command(ctx, CompetenceArea, area, {"coordinator": "Ing. Neri"}, area.version, "e"),
    )
    records.update_record(anna, CompetenceArea, area.id, {"name": "Renamed by Anna"})
    undo_keeping_theirs(main_window, dialogs)
    saved = records.get_record(ctx.db, CompetenceArea, area.id)
    assert (saved.name, saved.coordinator) == ("Renamed by Anna", "Ing. Neri")


def test_undo_of_a_create_does_not_delete_what_another_user_changed(
    main_window: Any, anna: Database, dialogs: Any
) -> None:
    ctx = main_window.ctx
    created = push_edit(
        ctx.undo_stack,
        create_command(ctx, CompetenceArea, {"name": "Idrogeno", "code": "H2X"}, "create"),
    )
    records.update_record(anna, CompetenceArea, created.id, {"coordinator": "Anna"})
    undo_keeping_theirs(main_window, dialogs)
    assert records.get_record(ctx.db, CompetenceArea, created.id).coordinator == "Anna"


def test_project_edit_undo_asks(main_window: Any, anna: Database, dialogs: Any) -> None:
    """StateCommands (projects; activities use the same class)."""
    from workbench.ui.dialogs.project_dialog import PROJECT_COMMANDS, project_state

    ctx = main_window.ctx
    project = projects_service.load_project(ctx.db, first(ctx.db, Project).id)
    old = project_state(project)
    new = type(old)({**old.values, "title": "Edited here"}, old.partners, [], old.pillar_ids)
    push_edit(
        ctx.undo_stack,
        PROJECT_COMMANDS.update(ctx, project.id, old, new, project.version, "edit project"),
    )
    records.update_record(anna, Project, project.id, {"call_id": "HORIZON-ANNA-01"})
    undo_keeping_theirs(main_window, dialogs)
    saved = projects_service.load_project(ctx.db, project.id)
    assert (saved.title, saved.call_id, saved.areas) == ("Edited here", "HORIZON-ANNA-01", [])


def test_redo_of_a_deleted_activity_does_not_delete_another_users_edit(
    main_window: Any, anna: Database, dialogs: Any
) -> None:
    """Delete, undo (restored under a new id), Anna edits it, redo (delete again) asks."""
    from workbench.services.activities import list_activities
    from workbench.ui.dialogs.activity_dialog import delete_activity_command

    ctx = main_window.ctx
    activity = list_activities(ctx.db)[0]
    push_edit(ctx.undo_stack, delete_activity_command(ctx, activity, "delete activity"))
    main_window.action_undo.trigger()
    restored_id = resolve_id(ctx, "activity", activity.id)
    assert records.get_record(ctx.db, Activity, restored_id).title == activity.title
    records.update_record(anna, Activity, restored_id, {"location": "Anna's venue"})

    dialogs.choice = KEEP_THEIRS
    main_window.action_redo.trigger()
    assert asked_with_anna(dialogs)
    assert records.get_record(ctx.db, Activity, restored_id).location == "Anna's venue"


def test_redo_of_an_organisation_delete_asks(
    main_window: Any, qtbot: Any, anna: Database, dialogs: Any
) -> None:
    ctx = main_window.ctx
    page = main_window.show_page("members")
    qtbot.waitUntil(page.has_loaded, timeout=15_000)
    row = page.model.all_rows[0]
    page.delete_rows([row])
    main_window.action_undo.trigger()
    records.update_record(anna, Organisation, row.id, {"phone": "+39 0371 999999"})
    dialogs.choice = KEEP_THEIRS
    main_window.action_redo.trigger()
    assert asked_with_anna(dialogs)
    assert records.get_record(ctx.db, Organisation, row.id).phone == "+39 0371 999999"


def test_bulk_fee_paid_undo_keeps_another_users_fee_change(
    main_window: Any, qtbot: Any, anna: Database, dialogs: Any
) -> None:
    ctx = main_window.ctx
    page = main_window.show_page("members")
    qtbot.waitUntil(page.has_loaded, timeout=15_000)
    unpaid = [
        f
        for f in records.list_records(ctx.db, Fee, order_by=[Fee.id])
        if f.amount_paid < f.amount_due
    ]
    fee = unpaid[0]
    page.select_ids([fee.organisation_id])
    assert page.mark_selected_fee_paid(fee.year, date.today(), confirm=False)
    assert records.get_record(ctx.db, Fee, fee.id).amount_paid == fee.amount_due
    records.update_record(anna, Fee, fee.id, {"amount_due": Decimal("999.00")})
    undo_keeping_theirs(main_window, dialogs)
    saved = records.get_record(ctx.db, Fee, fee.id)
    assert saved.amount_due == Decimal("999.00")


def test_cluster_profile_undo_asks(main_window: Any, anna: Database, dialogs: Any) -> None:
    """The profile page's own command (custom do/undo closures) gets the same check."""
    from workbench.services import cluster as cluster_service
    from workbench.ui.pages.cluster_profile import profile_command
    from workbench.ui.widgets.record_table import snapshot

    ctx = main_window.ctx
    profile = cluster_service.get_profile(ctx.db)
    assert profile is not None
    old = snapshot(profile)
    push_edit(
        ctx.undo_stack,
        profile_command(
            ctx, old, {**old, "website": "https://edited.example"}, profile.version, "e"
        ),
    )
    cluster_service.save_profile(anna, {"name": "Renamed by Anna"})
    undo_keeping_theirs(main_window, dialogs)
    saved = cluster_service.get_profile(ctx.db)
    assert saved is not None and saved.name == "Renamed by Anna"
