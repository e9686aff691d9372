"""Competence areas page: demo areas, create/edit/delete, assignments with dates, pillar links."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.models import CompetenceArea
from workbench.services import base as records
from workbench.services import members as members_service
from workbench.services import taxonomy
from workbench.ui.pages.areas import AreasPage
from workbench.ui.widgets.member_picker import MemberPicker


@pytest.fixture
def page(qtbot: Any, ctx: Any) -> AreasPage:
    widget = AreasPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    wait_loaded(widget)
    return widget


def wait_loaded(page: AreasPage) -> None:
    """Wait until the participants read in the background are shown."""
    deadline = time.monotonic() + 15
    while page.is_loading() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    assert not page.is_loading()


def click_ok(qtbot: Any, dialog: Any) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def area_named(ctx: Any, name: str) -> Any:
    return next((a for a in taxonomy.list_areas(ctx.db) if a.name == name), None)


def select_area(page: AreasPage, name: str) -> None:
    row = [a.name for a in page.area_model.rows].index(name)
    page.area_view.selectRow(row)
    wait_loaded(page)


def test_shows_demo_areas_and_participants(page: AreasPage, ctx: Any) -> None:
    areas = taxonomy.list_areas(ctx.db)
    assert page.area_model.rowCount() == len(areas) > 0
    select_area(page, areas[0].name)
    assert page.part_model.rowCount() == areas[0].members_now
    assert areas[0].name in page.members_box.title()
    checked = [
        page.pillar_list.item(i).text().split(" (")[0]
        for i in range(page.pillar_list.count())
        if page.pillar_list.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert checked == areas[0].pillar_names


def test_models_pass_modeltester(qtmodeltester: Any, page: AreasPage) -> None:
    qtmodeltester.check(page.area_model)
    qtmodeltester.check(page.part_model)


def test_member_picker_model_and_accent_insensitive_search(
    qtbot: Any, qtmodeltester: Any, ctx: Any
) -> None:
    rows = members_service.member_rows(ctx.db)
    picker = MemberPicker(rows)
    qtbot.addWidget(picker)
    qtmodeltester.check(picker.model)
    target = next(r for r in rows if r.status == "active")
    word = target.name.split()[0]
    picker.search.setText(word.upper())
    assert target.id in [r.id for r in picker.model.rows]
    picker.model.setData(
        picker.model.index([r.id for r in picker.model.rows].index(target.id)),
        Qt.CheckState.Checked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    assert picker.selected_ids() == [target.id]
    assert "1" in picker.count_label.text()


def test_member_picker_folds_accents() -> None:
    from workbench.services.member_validation import search_key_for
    from workbench.services.members import MemberRow
    from workbench.ui.widgets.member_picker import member_matches

    row = MemberRow(
        1,
        "Müller Città S.r.l.",
        None,
        None,
        "Bergamo",
        None,
        None,  # type: ignore[arg-type]
        None,
        None,
        "active",
        search_key=search_key_for("Müller Città S.r.l.", city="Bergamo"),
    )
    assert member_matches(row, ["muller"])
    assert member_matches(row, ["citta", "bergamo"])
    assert not member_matches(row, ["rossi"])


def test_create_edit_area_then_undo(qtbot: Any, page: AreasPage, ctx: Any) -> None:
    count = len(taxonomy.list_areas(ctx.db))
    dialog = page.open_new()
    qtbot.keyClicks(dialog.form.editor("name"), "Batteries")
    qtbot.keyClicks(dialog.form.editor("code"), "BAT")
    click_ok(qtbot, dialog)
    created = area_named(ctx, "Batteries")
    assert created is not None and created.code == "BAT"
    wait_loaded(page)
    assert "Batteries" in [a.name for a in page.area_model.rows]
    assert page.selected_area().name == "Batteries"

    select_area(page, "Batteries")
    edit = page.edit_selected()
    assert edit is not None
    qtbot.keyClicks(edit.form.editor("coordinator"), "Ing. Neri")
    click_ok(qtbot, edit)
    assert area_named(ctx, "Batteries").coordinator == "Ing. Neri"

    ctx.undo_stack.undo()
    assert area_named(ctx, "Batteries").coordinator is None
    ctx.undo_stack.undo()
    assert area_named(ctx, "Batteries") is None
    assert len(taxonomy.list_areas(ctx.db)) == count
    ctx.undo_stack.redo()
    ctx.undo_stack.redo()  # the edit finds the recreated area under its new id
    assert area_named(ctx, "Batteries").coordinator == "Ing. Neri"


def test_bad_area_input_shows_message_and_writes_nothing(
    qtbot: Any, page: AreasPage, ctx: Any
) -> None:
    count = len(taxonomy.list_areas(ctx.db))
    dialog = page.open_new()
    click_ok(qtbot, dialog)  # empty name
    assert dialog.form.error_labels["name"].isVisible()
    existing = taxonomy.list_areas(ctx.db)[0].name
    qtbot.keyClicks(dialog.form.editor("name"), existing.upper())
    click_ok(qtbot, dialog)  # duplicate name
    assert "already" in dialog.form.error_labels["name"].text()
    assert len(taxonomy.list_areas(ctx.db)) == count
    assert ctx.undo_stack.count() == 0
    dialog.reject()


def test_delete_area_confirms_with_count_and_undo_restores(
    page: AreasPage, ctx: Any, dialogs: Any
) -> None:
    area = max(taxonomy.list_areas(ctx.db), key=lambda a: a.members_now)
    parts = taxonomy.area_participants(ctx.db, area.id)
    select_area(page, area.name)
    assert page.delete_current()
    question = dialogs.texts("confirm")[-1]
    assert str(len(parts)) in question
    assert area_named(ctx, area.name) is None

    ctx.undo_stack.undo()
    back = area_named(ctx, area.name)
    assert back is not None
    assert back.members_now == area.members_now
    assert back.pillar_names == area.pillar_names
    restored = taxonomy.area_participants(ctx.db, back.id)
    assert sorted((p.organisation_id, p.from_date, p.to_date) for p in restored) == sorted(
        (p.organisation_id, p.from_date, p.to_date) for p in parts
    )


def test_assign_members_with_from_date_then_undo(qtbot: Any, page: AreasPage, ctx: Any) -> None:
    area = taxonomy.list_areas(ctx.db)[0]
    select_area(page, area.name)
    dialog = page._on_assign()
    assert dialog is not None
    assert not dialog.ok_button.isEnabled()  # nothing ticked yet
    candidates = dialog.picker.model.rows[:2]
    dialog.picker.set_selected_ids([r.id for r in candidates])
    dialog.from_date.set_date_value(date(2024, 9, 1))
    qtbot.keyClicks(dialog.role, "contributor")
    click_ok(qtbot, dialog)

    parts = taxonomy.area_participants(ctx.db, area.id)
    new = [p for p in parts if p.organisation_id in {r.id for r in candidates}]
    assert len(new) == 2
    assert all(p.from_date == date(2024, 9, 1) and p.role == "contributor" for p in new)
    ctx.undo_stack.undo()
    parts = taxonomy.area_participants(ctx.db, area.id)
    assert not [p for p in parts if p.organisation_id in {r.id for r in candidates}]


def test_end_participation_rejects_end_before_start(qtbot: Any, page: AreasPage, ctx: Any) -> None:
    area = taxonomy.list_areas(ctx.db)[0]
    select_area(page, area.name)
    page.part_view.selectRow(0)
    part = page.selected_participation()
    assert part is not None
    dialog = page._on_end_participation()
    assert dialog is not None
    dialog.form.editor("to_date").set_date_value(part.from_date - timedelta(days=1))
    click_ok(qtbot, dialog)
    assert dialog.form.error_labels["to_date"].isVisible()
    assert records.get_record(ctx.db, type(part), part.id).to_date is None

    end = date.today()
    dialog.form.editor("to_date").set_date_value(end)
    click_ok(qtbot, dialog)
    assert records.get_record(ctx.db, type(part), part.id).to_date == end
    ctx.undo_stack.undo()
    assert records.get_record(ctx.db, type(part), part.id).to_date is None


def test_link_area_to_pillar_and_undo(page: AreasPage, ctx: Any) -> None:
    area = taxonomy.list_areas(ctx.db)[0]
    select_area(page, area.name)
    item = next(
        page.pillar_list.item(i)
        for i in range(page.pillar_list.count())
        if page.pillar_list.item(i).checkState() == Qt.CheckState.Unchecked
    )
    name = item.text().split(" (")[0]
    item.setCheckState(Qt.CheckState.Checked)
    assert name in area_named(ctx, area.name).pillar_names
    ctx.undo_stack.undo()
    assert area_named(ctx, area.name).pillar_names == area.pillar_names


def test_empty_database_shows_empty_state(qtbot: Any, app_ctx: Any, ui_db: Any) -> None:
    widget = AreasPage(app_ctx(ui_db))
    qtbot.addWidget(widget)
    widget.show()
    wait_loaded(widget)
    assert widget.area_model.rowCount() == 0
    assert not widget.delete_button.isEnabled()
    records.create_record(ui_db, CompetenceArea, {"name": "Only area"})
    widget.refresh()
    wait_loaded(widget)
    assert widget.area_model.rowCount() == 1
