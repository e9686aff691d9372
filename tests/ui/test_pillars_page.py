"""Strategic pillars page: pillars, objectives and KPI targets/actuals, with undo."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt

from workbench.services import taxonomy
from workbench.ui.pages.pillars import PillarsPage


@pytest.fixture
def page(qtbot: Any, ctx: Any) -> PillarsPage:
    widget = PillarsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def click_ok(qtbot: Any, dialog: Any) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def pillar_named(ctx: Any, name: str) -> Any:
    return next((p for p in taxonomy.list_pillars(ctx.db) if p.name == name), None)


def select(view: Any, model: Any, pred: Any) -> Any:
    row = next(i for i, r in enumerate(model.rows) if pred(r))
    view.selectRow(row)
    return model.rows[row]


def test_shows_demo_pillars_objectives_and_kpis(page: PillarsPage, ctx: Any) -> None:
    pillars = taxonomy.list_pillars(ctx.db)
    assert page.pillar_model.rowCount() == len(pillars) > 0
    pillar = select(page.pillar_view, page.pillar_model, lambda p: p.objectives)
    assert page.objective_model.rowCount() == len(pillar.objectives)
    objective = page.selected_objective()
    assert objective is not None
    assert page.kpi_model.rowCount() == len(objective.kpi_values)


def test_models_pass_modeltester(qtmodeltester: Any, page: PillarsPage) -> None:
    qtmodeltester.check(page.pillar_model)
    qtmodeltester.check(page.objective_model)
    qtmodeltester.check(page.kpi_model)


def test_create_pillar_rejects_period_end_before_start(
    qtbot: Any, page: PillarsPage, ctx: Any
) -> None:
    dialog = page.open_new()
    qtbot.keyClicks(dialog.form.editor("name"), "Batteries")
    dialog.form.editor("period_start").setValue(2027)
    dialog.form.editor("period_end").setValue(2021)
    click_ok(qtbot, dialog)
    assert dialog.form.error_labels["period_end"].isVisible()
    assert pillar_named(ctx, "Batteries") is None

    dialog.form.editor("period_end").setValue(2030)
    click_ok(qtbot, dialog)
    created = pillar_named(ctx, "Batteries")
    assert (created.period_start, created.period_end) == (2027, 2030)
    ctx.undo_stack.undo()
    assert pillar_named(ctx, "Batteries") is None


def test_objective_and_kpi_values_edit_and_undo(qtbot: Any, page: PillarsPage, ctx: Any) -> None:
    pillar = select(page.pillar_view, page.pillar_model, lambda p: True)
    dialog = page._on_add_objective()
    assert dialog is not None
    qtbot.keyClicks(dialog.form.editor("title"), "Train 50 SMEs")
    qtbot.keyClicks(dialog.form.editor("kpi_name"), "SMEs trained")
    qtbot.keyClicks(dialog.form.editor("kpi_unit"), "companies")
    click_ok(qtbot, dialog)
    objective = next(
        o for o in pillar_named(ctx, pillar.name).objectives if o.title == "Train 50 SMEs"
    )

    select(page.objective_view, page.objective_model, lambda o: o.id == objective.id)
    page.year_spin.setValue(2025)
    assert page._on_add_year()
    assert page.kpi_model.rowCount() == 1
    model = page.kpi_model
    assert model.setData(model.index(0, 1), "50")
    assert model.setData(model.index(0, 2), "12.5")
    values = next(o for o in pillar_named(ctx, pillar.name).objectives if o.id == objective.id)
    assert [(k.year, k.target, k.actual) for k in values.kpi_values] == [
        (2025, Decimal("50"), Decimal("12.5"))
    ]
    assert "25" in page.kpi_model.data(page.kpi_model.index(0, 3))

    assert not model.setData(model.index(0, 1), "fifty")
    assert page.kpi_error.isVisible()

    ctx.undo_stack.undo()  # actual
    ctx.undo_stack.undo()  # target
    values = next(o for o in pillar_named(ctx, pillar.name).objectives if o.id == objective.id)
    assert [(k.target, k.actual) for k in values.kpi_values] == [(None, None)]
    ctx.undo_stack.undo()  # the year
    values = next(o for o in pillar_named(ctx, pillar.name).objectives if o.id == objective.id)
    assert values.kpi_values == []


def test_delete_pillar_and_undo_restores_objectives_kpis_and_links(
    page: PillarsPage, ctx: Any, dialogs: Any
) -> None:
    pillar = select(page.pillar_view, page.pillar_model, lambda p: p.objectives and p.areas)
    kpis = sorted(
        (o.title, k.year, k.target, k.actual) for o in pillar.objectives for k in o.kpi_values
    )
    areas = sorted(a.name for a in pillar.areas)
    assert page.delete_current()
    assert str(len(pillar.objectives)) in dialogs.texts("confirm")[-1]
    assert pillar_named(ctx, pillar.name) is None

    ctx.undo_stack.undo()
    back = pillar_named(ctx, pillar.name)
    assert back is not None
    assert sorted(a.name for a in back.areas) == areas
    assert (
        sorted((o.title, k.year, k.target, k.actual) for o in back.objectives for k in o.kpi_values)
        == kpis
    )


def test_delete_objective_and_undo(page: PillarsPage, ctx: Any) -> None:
    pillar = select(page.pillar_view, page.pillar_model, lambda p: p.objectives)
    objective = page.selected_objective()
    assert objective is not None
    years = [k.year for k in objective.kpi_values]
    assert page._on_delete_objective()
    assert objective.title not in [o.title for o in pillar_named(ctx, pillar.name).objectives]
    ctx.undo_stack.undo()
    back = next(o for o in pillar_named(ctx, pillar.name).objectives if o.title == objective.title)
    assert [k.year for k in back.kpi_values] == years
