"""Activities page: demo list with filters, editor with member and non-member participants."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from workbench.models import ActivityType
from workbench.services import activities as activities_service
from workbench.ui.pages.activities import ActivitiesPage


@pytest.fixture
def page(qtbot: Any, ctx: Any) -> ActivitiesPage:
    widget = ActivitiesPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    loaded(qtbot, widget)
    return widget


def loaded(qtbot: Any, page: ActivitiesPage) -> None:
    """Wait until the rows read in the background are shown (filters re-read them)."""
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=15_000)


def click_ok(qtbot: Any, dialog: Any) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def titled(ctx: Any, title: str) -> Any:
    return next((a for a in activities_service.list_activities(ctx.db) if a.title == title), None)


def test_shows_demo_activities_and_filters(qtbot: Any, page: ActivitiesPage, ctx: Any) -> None:
    everything = activities_service.list_activities(ctx.db)
    assert page.model.rowCount() == len(everything) > 0
    year = everything[0].start_date.year
    page.year_combo.setCurrentIndex(page.year_combo.findData(year))
    loaded(qtbot, page)
    assert page.model.rowCount() == len(activities_service.list_activities(ctx.db, year=year))
    kind = everything[0].activity_type
    page.type_combo.setCurrentIndex(page.type_combo.findData(ActivityType(kind)))
    loaded(qtbot, page)
    assert all(a.activity_type == kind and a.start_date.year == year for a in page.model.rows)
    shown = page.model.rows[0]
    # The counts made in SQL agree with the participant list of the full record.
    first = activities_service.get_activity(ctx.db, shown.id)
    assert first is not None
    members = sum(1 for p in first.participants if p.organisation_id)
    others = len(first.participants) - members + first.anonymous_participants
    assert page.model.data(page.model.index(0, 4)) == str(members)
    assert page.model.data(page.model.index(0, 5)) == str(others)


def test_listing_counts_participants_without_loading_them(ctx: Any) -> None:
    full = {a.id: a for a in activities_service.list_activities(ctx.db)}
    rows = activities_service.activity_rows(ctx.db)
    assert [r.id for r in rows] == [a.id for a in full.values()]
    for row in rows:
        activity = full[row.id]
        members = sum(1 for p in activity.participants if p.organisation_id)
        assert (row.member_participants, row.named_non_members) == (
            members,
            len(activity.participants) - members,
        )
        assert row.anonymous_participants == activity.anonymous_participants
    years = sorted({a.start_date.year for a in full.values()}, reverse=True)
    assert activities_service.activity_years(ctx.db) == years


def test_models_pass_modeltester(qtmodeltester: Any, page: ActivitiesPage) -> None:
    qtmodeltester.check(page.model)
    page.view.selectRow(0)
    dialog = page.edit_selected()
    assert dialog is not None
    qtmodeltester.check(dialog.model)
    dialog.reject()


def test_create_activity_with_participants_then_undo(
    qtbot: Any, page: ActivitiesPage, ctx: Any
) -> None:
    dialog = page.open_new()
    form = dialog.form
    qtbot.keyClicks(form.editor("title"), "Battery B2B day")
    form.editor("activity_type").setCurrentIndex(
        form.editor("activity_type").findData(ActivityType.B2B)
    )
    form.editor("start_date").set_date_value(date(2025, 3, 12))
    qtbot.keyClicks(form.editor("location"), "Brescia")
    form.editor("anonymous_participants").setValue(25)

    picker = dialog.add_members()
    ids = [r.id for r in picker.picker.model.rows[:3]]
    picker.picker.set_selected_ids(ids)
    click_ok(qtbot, picker)
    external = dialog.add_external()
    click_ok(qtbot, external)  # neither organisation nor person: refused
    assert external.form.error_labels["external_organisation"].isVisible()
    qtbot.keyClicks(external.form.editor("person_name"), "Mario Bianchi")
    click_ok(qtbot, external)
    assert "4" in dialog.tabs.tabText(1)
    click_ok(qtbot, dialog)

    saved = titled(ctx, "Battery B2B day")
    assert saved is not None
    assert saved.activity_type == ActivityType.B2B and saved.location == "Brescia"
    assert sorted(p.organisation_id for p in saved.participants if p.organisation_id) == sorted(ids)
    assert [p.person_name for p in saved.participants if not p.organisation_id] == ["Mario Bianchi"]
    assert saved.anonymous_participants == 25
    ctx.undo_stack.undo()
    assert titled(ctx, "Battery B2B day") is None
    ctx.undo_stack.redo()
    assert len(titled(ctx, "Battery B2B day").participants) == 4


@pytest.mark.parametrize(
    ("title", "dates", "field"),
    [
        ("", (date(2025, 1, 1), None), "title"),
        ("Two days", (date(2025, 5, 2), date(2025, 5, 1)), "end_date"),
    ],
)
def test_bad_input_shows_message_and_writes_nothing(
    qtbot: Any, page: ActivitiesPage, ctx: Any, title: str, dates: Any, field: str
) -> None:
    count = len(activities_service.list_activities(ctx.db))
    dialog = page.open_new()
    qtbot.keyClicks(dialog.form.editor("title"), title)
    dialog.form.editor("start_date").set_date_value(dates[0])
    dialog.form.editor("end_date").set_date_value(dates[1])
    click_ok(qtbot, dialog)
    assert dialog.form.error_labels[field].isVisible()
    assert len(activities_service.list_activities(ctx.db)) == count
    dialog.reject()


def test_edit_and_delete_with_undo(qtbot: Any, page: ActivitiesPage, ctx: Any) -> None:
    row = next(i for i, a in enumerate(page.model.rows) if a.participants)
    activity = page.model.rows[row]
    people = activity.participants
    page.view.selectRow(row)
    dialog = page.edit_selected()
    assert dialog is not None
    dialog.view.selectRow(0)
    dialog.remove_participant()
    location = dialog.form.editor("location")
    location.clear()
    qtbot.keyClicks(location, "Online")
    click_ok(qtbot, dialog)
    changed = titled(ctx, activity.title)
    assert changed.location == "Online" and len(changed.participants) == people - 1
    ctx.undo_stack.undo()
    assert len(titled(ctx, activity.title).participants) == people

    page.view.selectRow([a.id for a in page.model.rows].index(activity.id))
    assert page.delete_current()
    ids = [a.id for a in activities_service.list_activities(ctx.db)]
    assert activity.id not in ids
    ctx.undo_stack.undo()
    back = [
        a
        for a in activities_service.list_activities(ctx.db)
        if a.id not in ids and a.title == activity.title
    ]
    assert len(back) == 1
    assert back[0].start_date == activity.start_date and len(back[0].participants) == people
