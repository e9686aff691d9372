"""Save conflicts in the editors: Reload / Overwrite / Compare, with two sessions (two users).

The "other user" is a second Database handle opened on the same database with another
``user``; the editor works on the test's handle. The organisation editor runs on SQLite and on
PostgreSQL (``any_db``); the project and simple record dialogs on the SQLite demo.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from workbench.db import Database, open_database
from workbench.models import AuditEntry, CompetenceArea, Organisation
from workbench.services import base as records
from workbench.services import members
from workbench.services import projects as projects_service
from workbench.services.base import unit_of_work
from workbench.ui.dialogs.conflict_compare import (
    CompareRow,
    ConflictCompareDialog,
    compare_values,
)
from workbench.ui.editor import OrganisationEditor

COMPARE = 2  # index of "Compare…" in the question (after Reload and Overwrite)


@pytest.fixture
def other_user(any_db: Database) -> Iterator[Database]:
    """A second session on the same database, saving as "anna"."""
    other = open_database(any_db.url)
    other.user = "anna"
    yield other
    other.dispose()


@pytest.fixture
def editor_ctx(app_ctx: Any, any_db: Database) -> Any:
    any_db.user = "tester"
    return app_ctx(any_db)


def new_organisation(db: Database) -> int:
    org = members.create_organisation(
        db,
        {"name": "Alfa Energia S.r.l.", "city": "Milano", "phone": "+39 02 1234567"},
        join_date=date(2020, 1, 1),
    )
    return org.id


def open_editor(qtbot: Any, ctx: Any, org_id: int) -> OrganisationEditor:
    editor = OrganisationEditor(ctx, org_id)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def city_of(db: Database, org_id: int) -> str | None:
    return records.get_record(db, Organisation, org_id).city


def test_compare_shows_opened_theirs_and_mine_then_overwrite_writes(
    qtbot: Any, editor_ctx: Any, other_user: Database, dialogs: Any, qtmodeltester: Any
) -> None:
    org_id = new_organisation(editor_ctx.db)
    editor = open_editor(qtbot, editor_ctx, org_id)
    # Anna saves the organisation in her session while it is open here.
    records.update_record(other_user, Organisation, org_id, {"city": "Lodi"})
    editor.set_field("city", "Cremona")
    editor.set_field("phone", "+39 02 7654321")

    dialogs.choice = COMPARE
    assert editor.save() is False
    kind, _title, text = dialogs.shown[-1]
    assert kind == "choice" and "anna" in text
    compare = editor.compare_dialog
    assert isinstance(compare, ConflictCompareDialog) and compare.isVisible()

    city = compare.row("city")
    assert (city.opened, city.theirs, city.mine) == ("Milano", "Lodi", "Cremona")
    assert city.clash and "anna" in city.changed_by
    phone = compare.row("phone")
    assert phone.theirs == phone.opened == "+39 02 1234567"
    assert phone.mine == "+39 02 7654321" and phone.mine_changed and not phone.theirs_changed
    assert phone.changed_by == ""
    # Only the fields that differ are listed until the box is unticked.
    assert {r.key for r in compare.rows()} == {"city", "phone"}
    compare.only_changes.setChecked(False)
    assert len(compare.rows()) > 10
    qtmodeltester.check(compare.model)

    qtbot.mouseClick(compare.overwrite_button, Qt.MouseButton.LeftButton)
    assert city_of(editor_ctx.db, org_id) == "Cremona"
    assert editor.result() == OrganisationEditor.DialogCode.Accepted
    with unit_of_work(editor_ctx.db, write=False) as session:
        newest = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.table_name == "organisation", AuditEntry.field == "city")
            .order_by(AuditEntry.id.desc())
        ).first()
    assert newest is not None
    assert (newest.user, newest.old_value, newest.new_value) == ("tester", '"Lodi"', '"Cremona"')


def test_compare_then_reload_shows_theirs(
    qtbot: Any, editor_ctx: Any, other_user: Database, dialogs: Any
) -> None:
    org_id = new_organisation(editor_ctx.db)
    editor = open_editor(qtbot, editor_ctx, org_id)
    records.update_record(other_user, Organisation, org_id, {"city": "Lodi"})
    editor.set_field("city", "Cremona")
    dialogs.choice = COMPARE
    assert editor.save() is False
    compare = editor.compare_dialog
    assert compare.row("city").theirs == "Lodi"

    qtbot.mouseClick(compare.reload_button, Qt.MouseButton.LeftButton)
    assert editor.fields["city"].text() == "Lodi"
    assert city_of(editor_ctx.db, org_id) == "Lodi"
    # Saving now is no conflict: the editor holds the current version.
    editor.set_field("phone", "+39 0371 111111")
    assert editor.save()
    saved = records.get_record(editor_ctx.db, Organisation, org_id)
    assert (saved.city, saved.phone) == ("Lodi", "+39 0371 111111")


def test_back_returns_to_the_question(
    qtbot: Any, editor_ctx: Any, other_user: Database, dialogs: Any
) -> None:
    org_id = new_organisation(editor_ctx.db)
    editor = open_editor(qtbot, editor_ctx, org_id)
    records.update_record(other_user, Organisation, org_id, {"city": "Lodi"})
    editor.set_field("city", "Cremona")
    dialogs.choice = COMPARE
    editor.save()
    asked = dialogs.kinds().count("choice")
    dialogs.choice = 1  # then Overwrite from the question
    qtbot.mouseClick(editor.compare_dialog.back_button, Qt.MouseButton.LeftButton)
    assert dialogs.kinds().count("choice") == asked + 1
    assert city_of(editor_ctx.db, org_id) == "Cremona"


def test_overwrite_and_reload_without_compare_still_work(
    qtbot: Any, editor_ctx: Any, other_user: Database, dialogs: Any
) -> None:
    org_id = new_organisation(editor_ctx.db)
    editor = open_editor(qtbot, editor_ctx, org_id)
    records.update_record(other_user, Organisation, org_id, {"city": "Lodi"})
    editor.set_field("city", "Cremona")
    dialogs.choice = 0  # Reload
    assert editor.save() is False
    assert editor.fields["city"].text() == "Lodi"
    records.update_record(other_user, Organisation, org_id, {"city": "Como"})
    editor.set_field("city", "Pavia")
    dialogs.choice = 1  # Overwrite
    assert editor.save()
    assert city_of(editor_ctx.db, org_id) == "Pavia"


def test_child_sections_are_compared(
    qtbot: Any, editor_ctx: Any, other_user: Database, dialogs: Any
) -> None:
    from workbench.models import Contact

    org_id = new_organisation(editor_ctx.db)
    editor = open_editor(qtbot, editor_ctx, org_id)
    records.create_record(
        other_user,
        Contact,
        {"organisation_id": org_id, "first_name": "Mario", "last_name": "Rossi"},
    )
    # A child added elsewhere moves the organisation's version too (see org_records._apply).
    records.update_record(other_user, Organisation, org_id, {"website": "www.alfa.it"})
    editor.set_field("city", "Cremona")
    dialogs.choice = COMPARE
    editor.save()
    compare = editor.compare_dialog
    contacts = compare.row("contacts")
    assert contacts.opened == "" and "Mario Rossi" in contacts.theirs and contacts.mine == ""
    assert "anna" in contacts.changed_by
    assert compare.row("website").theirs == "https://www.alfa.it"


def test_project_dialog_compares_fields_and_partners(qtbot: Any, ctx: Any, dialogs: Any) -> None:
    from workbench.ui.pages.projects import ProjectsPage

    page = ProjectsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=15_000)  # rows: background
    page.view.selectRow(0)
    project = page.model.rows[0]
    dialog = page.edit_selected()
    assert dialog is not None
    other = open_database(ctx.db.url)
    other.user = "anna"
    try:
        projects_service.save_project(other, {"title": "Theirs"}, project_id=project.id)
    finally:
        other.dispose()
    title = dialog.form.editor("title")
    title.clear()
    qtbot.keyClicks(title, "Mine")
    dialogs.choice = COMPARE
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    compare = dialog.compare_dialog
    row = compare.row("title")
    assert (row.opened, row.theirs, row.mine) == (project.title, "Theirs", "Mine")
    assert "anna" in row.changed_by
    assert compare.row("partners").differs is False
    qtbot.mouseClick(compare.overwrite_button, Qt.MouseButton.LeftButton)
    assert projects_service.load_project(ctx.db, project.id).title == "Mine"


def test_simple_record_dialog_offers_compare(qtbot: Any, ctx: Any, dialogs: Any) -> None:
    from PySide6.QtWidgets import QWidget

    from workbench.ui.widgets.record_table import FieldSpec, edit_record_dialog

    area = records.list_records(ctx.db, CompetenceArea, limit=1)[0]
    parent = QWidget()
    qtbot.addWidget(parent)
    fields = [FieldSpec("name", "Name"), FieldSpec("coordinator", "Coordinator")]
    dialog = edit_record_dialog(ctx, parent, CompetenceArea, area, fields, "Edit", "Edit area")
    dialog.show()
    other = open_database(ctx.db.url)
    other.user = "anna"
    try:
        records.update_record(other, CompetenceArea, area.id, {"coordinator": "Anna Verdi"})
    finally:
        other.dispose()
    dialog.form.editor("name").setText("Renamed area")
    dialogs.choice = COMPARE
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    compare = dialog.compare_dialog
    assert compare.row("coordinator").theirs == "Anna Verdi"
    assert compare.row("name").mine == "Renamed area"
    qtbot.mouseClick(compare.reload_button, Qt.MouseButton.LeftButton)
    assert dialog.form.values()["coordinator"] == "Anna Verdi"
    dialog.reject()  # a modal dialog left open would keep the focus from later tests


def test_compare_values_marks_changes() -> None:
    rows = compare_values(
        {"a": "A", "b": "B", "c": "C"},
        {"a": 1, "b": 1, "c": None},
        {"a": 2, "b": 1, "c": None},
        {"a": 3, "b": 1, "c": True},
        who={"a": "anna, today"},
    )
    a, b, c = rows
    assert a == CompareRow("a", "A", "1", "2", "3", "anna, today") and a.clash
    assert not b.differs and b.changed_by == ""
    assert c.mine_changed and not c.theirs_changed and c.mine == "Yes"


def test_cluster_profile_conflict_offers_compare(qtbot: Any, ctx: Any, dialogs: Any) -> None:
    from workbench.services import cluster as cluster_service
    from workbench.ui.pages.cluster_profile import ClusterProfilePage

    page = ClusterProfilePage(ctx)
    qtbot.addWidget(page)
    page.show()
    opened_name = page.profile.name
    other = open_database(ctx.db.url)
    other.user = "anna"
    try:
        cluster_service.save_profile(other, {"website": "https://theirs.example.eu"})
    finally:
        other.dispose()
    name = page.form.editor("name")
    name.clear()
    qtbot.keyClicks(name, "Cluster Mine")
    dialogs.choice = COMPARE
    assert not page.save_profile()
    compare = page.compare_dialog
    assert (compare.row("name").opened, compare.row("name").mine) == (opened_name, "Cluster Mine")
    website = compare.row("website")
    assert website.theirs == "https://theirs.example.eu" and "anna" in website.changed_by
    qtbot.mouseClick(compare.overwrite_button, Qt.MouseButton.LeftButton)
    saved = cluster_service.get_profile(ctx.db)
    assert saved.name == "Cluster Mine"


def test_activity_dialog_compares_fields_and_participants(
    qtbot: Any, ctx: Any, dialogs: Any
) -> None:
    from workbench.services import activities as activities_service
    from workbench.ui.pages.activities import ActivitiesPage

    page = ActivitiesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=15_000)  # rows: background
    row = next(i for i, a in enumerate(page.model.rows) if a.participants)
    page.view.selectRow(row)
    activity = page.model.rows[row]
    dialog = page.edit_selected()
    assert dialog is not None
    opened_participants = dialog._opened_participants
    other = open_database(ctx.db.url)
    other.user = "anna"
    try:
        activities_service.save_activity(
            other, {"location": "Their venue"}, activity_id=activity.id, participants=[]
        )
    finally:
        other.dispose()
    title = dialog.form.editor("title")
    title.clear()
    qtbot.keyClicks(title, "Mine")
    dialogs.choice = COMPARE
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    compare = dialog.compare_dialog
    assert (compare.row("title").opened, compare.row("title").mine) == (activity.title, "Mine")
    location = compare.row("location")
    assert location.theirs == "Their venue" and "anna" in location.changed_by
    participants = compare.row("participants")
    assert participants.opened == participants.mine == opened_participants != ""
    assert participants.theirs == ""
    qtbot.mouseClick(compare.overwrite_button, Qt.MouseButton.LeftButton)
    saved = next(a for a in activities_service.list_activities(ctx.db) if a.id == activity.id)
    assert saved.title == "Mine" and len(saved.participants) > 0
