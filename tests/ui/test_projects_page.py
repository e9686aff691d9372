"""Projects page: demo portfolio, filters and totals, the editor with partners, undo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt

from workbench.models import Project, ProjectStatus
from workbench.services import base as records
from workbench.services import projects as projects_service
from workbench.ui.formatting import format_money
from workbench.ui.pages.projects import ProjectsPage


@pytest.fixture
def page(qtbot: Any, ctx: Any) -> ProjectsPage:
    widget = ProjectsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    loaded(qtbot, widget)
    return widget


def loaded(qtbot: Any, page: ProjectsPage) -> None:
    """Wait until the rows read in the background are shown (filters re-read them)."""
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=15_000)


def click_ok(qtbot: Any, dialog: Any) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def project_count(ctx: Any) -> int:
    return len(projects_service.list_projects(ctx.db))


def test_shows_demo_portfolio_with_totals(page: ProjectsPage, ctx: Any) -> None:
    projects = projects_service.list_projects(ctx.db)
    assert page.model.rowCount() == len(projects) > 0
    totals = projects_service.totals(projects)
    assert format_money(totals.total_budget) in page.total_label.text()
    assert format_money(totals.eu_contribution) in page.eu_label.text()


def test_models_pass_modeltester(qtmodeltester: Any, page: ProjectsPage) -> None:
    qtmodeltester.check(page.model)
    page.view.selectRow(0)
    dialog = page.edit_selected()
    assert dialog is not None
    qtmodeltester.check(dialog.partner_model)
    dialog.reject()


def test_status_filter_changes_rows_and_totals(qtbot: Any, page: ProjectsPage, ctx: Any) -> None:
    page.status_combo.setCurrentIndex(page.status_combo.findData(ProjectStatus.FUNDED))
    loaded(qtbot, page)
    funded = projects_service.list_projects(ctx.db, status=ProjectStatus.FUNDED)
    assert page.model.rowCount() == len(funded)
    assert all(p.status == ProjectStatus.FUNDED for p in page.model.rows)
    total = projects_service.totals(funded).total_budget
    assert format_money(total) in page.total_label.text()
    page.clear_filters_button.click()
    loaded(qtbot, page)
    assert page.model.rowCount() == project_count(ctx)


def test_search_ignores_accents(page: ProjectsPage) -> None:
    acronym = page.model.rows[0].acronym
    page.search.setText(acronym.lower())
    assert acronym in [p.acronym for p in page.model.rows]
    page.search.setText("zzzz-nothing")
    assert page.model.rowCount() == 0
    assert "No project matches" in page.empty_label.text()


def test_create_project_with_member_and_external_partner_then_undo(
    qtbot: Any, page: ProjectsPage, ctx: Any
) -> None:
    before = project_count(ctx)
    dialog = page.open_new()
    form = dialog.form
    qtbot.keyClicks(form.editor("acronym"), "NEWPROJ")
    qtbot.keyClicks(form.editor("title"), "A new project")
    form.editor("programme").setCurrentText("Horizon Europe")
    form.editor("status").setCurrentIndex(form.editor("status").findData(ProjectStatus.SUBMITTED))
    form.editor("start_date").set_date_value(date(2025, 1, 1))
    form.editor("end_date").set_date_value(date(2027, 12, 31))
    qtbot.keyClicks(form.editor("total_budget"), "1000000")
    qtbot.keyClicks(form.editor("cluster_budget"), "80000")

    picker = dialog.add_members()
    member = picker.picker.model.rows[0]
    picker.picker.set_selected_ids([member.id])
    click_ok(qtbot, picker)

    external = dialog.add_external()
    qtbot.keyClicks(external.form.editor("external_name"), "TU Delft")
    qtbot.keyClicks(external.form.editor("external_country"), "nl")
    qtbot.keyClicks(external.form.editor("budget"), "250000")
    click_ok(qtbot, external)
    assert dialog.partner_model.rowCount() == 2

    dialog.tabs.setCurrentIndex(2)
    dialog.area_list.item(0).setCheckState(Qt.CheckState.Checked)
    area_id = dialog.area_list.item(0).data(Qt.ItemDataRole.UserRole)
    click_ok(qtbot, dialog)

    assert project_count(ctx) == before + 1
    saved = next(p for p in projects_service.list_projects(ctx.db) if p.acronym == "NEWPROJ")
    full = projects_service.load_project(ctx.db, saved.id)
    assert full.total_budget == Decimal("1000000.00")
    assert full.status == ProjectStatus.SUBMITTED
    assert sorted(p.display_name for p in full.partners) == sorted([member.name, "TU Delft"])
    ext = next(p for p in full.partners if p.external_name)
    assert ext.external_country == "NL" and ext.budget == Decimal("250000.00")
    assert [a.id for a in full.areas] == [area_id]
    loaded(qtbot, page)
    assert "NEWPROJ" in [p.acronym for p in page.model.rows]
    assert page.selected_project().acronym == "NEWPROJ"

    ctx.undo_stack.undo()
    assert project_count(ctx) == before
    loaded(qtbot, page)
    assert "NEWPROJ" not in [p.acronym for p in page.model.rows]
    ctx.undo_stack.redo()
    again = next(p for p in projects_service.list_projects(ctx.db) if p.acronym == "NEWPROJ")
    assert len(again.partners) == 2


@pytest.mark.parametrize(
    ("fill", "field"),
    [
        ({"title": "No acronym"}, "acronym"),
        ({"acronym": "BADDATES", "dates": (date(2026, 1, 1), date(2025, 1, 1))}, "end_date"),
        ({"acronym": "NEGATIVE", "total_budget": "-5"}, "total_budget"),
        ({"acronym": "TOOBIG", "total_budget": "100", "cluster_budget": "200"}, "cluster_budget"),
    ],
)
def test_bad_input_shows_message_and_writes_nothing(
    qtbot: Any, page: ProjectsPage, ctx: Any, fill: dict[str, Any], field: str
) -> None:
    before = project_count(ctx)
    depth = ctx.undo_stack.count()
    dialog = page.open_new()
    for name, value in fill.items():
        if name == "dates":
            dialog.form.editor("start_date").set_date_value(value[0])
            dialog.form.editor("end_date").set_date_value(value[1])
        else:
            qtbot.keyClicks(dialog.form.editor(name), value)
    click_ok(qtbot, dialog)
    assert dialog.isVisible()
    error = dialog.form.error_labels[field]
    assert error.isVisible() and error.text()
    assert project_count(ctx) == before
    assert ctx.undo_stack.count() == depth
    dialog.reject()


def test_edit_project_and_undo_restores_partners(qtbot: Any, page: ProjectsPage, ctx: Any) -> None:
    row = next(i for i, p in enumerate(page.model.rows) if len(p.partners) >= 2)
    project = page.model.rows[row]
    original = projects_service.load_project(ctx.db, project.id)
    names = sorted(p.display_name for p in original.partners)
    page.view.selectRow(row)
    dialog = page.edit_selected()
    assert dialog is not None
    title = dialog.form.editor("title")
    title.clear()
    qtbot.keyClicks(title, "Changed title")
    dialog.partner_view.selectRow(0)
    dialog.remove_partner()
    click_ok(qtbot, dialog)

    changed = projects_service.load_project(ctx.db, project.id)
    assert changed.title == "Changed title"
    assert len(changed.partners) == len(names) - 1

    ctx.undo_stack.undo()
    restored = projects_service.load_project(ctx.db, project.id)
    assert restored.title == original.title
    assert sorted(p.display_name for p in restored.partners) == names


def test_delete_project_asks_and_undo_recreates_everything(
    page: ProjectsPage, ctx: Any, dialogs: Any
) -> None:
    project = next(p for p in page.model.rows if p.partners and p.pillars and p.areas)
    full = projects_service.load_project(ctx.db, project.id)
    select = [p.acronym for p in page.model.rows].index(project.acronym)
    page.view.selectRow(select)

    dialogs.answer = False
    assert not page.delete_current()
    assert records.get_record(ctx.db, Project, project.id)

    dialogs.answer = True
    assert page.delete_current()
    assert "partners" in dialogs.texts("confirm")[-1]
    assert project.acronym not in [p.acronym for p in projects_service.list_projects(ctx.db)]

    ctx.undo_stack.undo()
    back = next(p for p in projects_service.list_projects(ctx.db) if p.acronym == project.acronym)
    assert sorted(p.display_name for p in back.partners) == sorted(
        p.display_name for p in full.partners
    )
    assert {a.id for a in back.areas} == {a.id for a in full.areas}
    assert {p.id for p in back.pillars} == {p.id for p in full.pillars}
    assert back.total_budget == full.total_budget
    ctx.undo_stack.redo()
    assert project.acronym not in [p.acronym for p in projects_service.list_projects(ctx.db)]


def test_conflict_offers_reload_or_overwrite(
    qtbot: Any, page: ProjectsPage, ctx: Any, dialogs: Any
) -> None:
    page.view.selectRow(0)
    project = page.model.rows[0]
    dialog = page.edit_selected()
    assert dialog is not None
    # Someone else saves the project meanwhile.
    projects_service.save_project(ctx.db, {"title": "Theirs"}, project_id=project.id)
    title = dialog.form.editor("title")
    title.clear()
    qtbot.keyClicks(title, "Mine")

    dialogs.choice = 0  # Reload
    click_ok(qtbot, dialog)
    assert dialogs.kinds()[-1] == "choice"
    assert title.text() == "Theirs"
    title.clear()
    qtbot.keyClicks(title, "Mine")
    click_ok(qtbot, dialog)
    assert projects_service.load_project(ctx.db, project.id).title == "Mine"
