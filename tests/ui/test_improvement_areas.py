"""Indicators page: the readiness gauge per level and the Silver improvement-areas editor."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import DEMO_TODAY
from tests.ui.test_date_fields import type_date
from workbench.indicators import GOLD_BAR_PCT
from workbench.reports.data import assessment_data
from workbench.services import files as file_store
from workbench.services import improvements
from workbench.ui.indicators.improvement_areas import ImprovementAreasDialog, SlotEditor
from workbench.ui.indicators.view import IndicatorsView

YEAR = DEMO_TODAY.year


def wait_computed(qtbot: Any, view: IndicatorsView) -> None:
    qtbot.waitUntil(lambda: view.assessment is not None and not view.is_loading(), timeout=30_000)


@pytest.fixture
def view(qtbot: Any, ctx: Any) -> IndicatorsView:
    widget = IndicatorsView(ctx, open_file=lambda path: True)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    wait_computed(qtbot, widget)
    return widget


def switch_level(qtbot: Any, view: IndicatorsView, level: str) -> None:
    with qtbot.waitSignal(view.sig_computed, timeout=30_000):
        view.set_level(level)
    wait_computed(qtbot, view)
    assert view.assessment is not None and view.assessment.level == level


def test_only_gold_has_the_80_percent_mark(qtbot: Any, view: IndicatorsView) -> None:
    assert view.readiness_bar.bar == GOLD_BAR_PCT
    assert "Gold" in view.readiness_label.text()  # "ready for Gold" / "not yet ready ..."
    for level in ("silver", "bronze"):
        switch_level(qtbot, view, level)
        assert view.readiness_bar.bar is None, level
        assert "ready" not in view.readiness_label.text()
        assert "bar is" not in view.readiness_bar.toolTip()
        assert "no score bar" in view.readiness_label.toolTip()
        view.readiness_bar.grab()  # paints without a bar mark
    switch_level(qtbot, view, "gold")
    assert view.readiness_bar.bar == GOLD_BAR_PCT
    assert "the bar is 80" in view.readiness_bar.toolTip()


def fill_slot(qtbot: Any, slot: SlotEditor, indicator: str, baseline: str, day: str) -> None:
    slot.indicator_combo.setFocus()
    qtbot.keyClicks(slot.indicator_combo, indicator)  # the combo's type-ahead search
    assert slot.indicator_combo.currentData() == indicator
    qtbot.keyClicks(slot.baseline_value_edit, baseline)
    type_date(qtbot, slot.baseline_date_edit, day)


def test_improvement_areas_are_recorded_undone_and_reported(
    qtbot: Any, view: IndicatorsView, ctx: Any, tmp_path: Path
) -> None:
    qtbot.mouseClick(view.improvements_button, Qt.MouseButton.LeftButton)
    dialog = view.improvements_dialog
    assert isinstance(dialog, ImprovementAreasDialog) and dialog.isVisible()
    slot = dialog.slot(1)
    assert not slot.attach_button.isEnabled()  # evidence needs a saved area

    fill_slot(qtbot, slot, "2.5", "31 %", "01/03/2023")
    qtbot.keyClicks(slot.action_edit, "Quarterly member visits")
    qtbot.keyClicks(slot.result_value_edit, "64 %")
    type_date(qtbot, slot.result_date_edit, "01/01/2023")  # before the baseline
    qtbot.mouseClick(slot.save_button, Qt.MouseButton.LeftButton)
    assert "before the baseline date" in slot.form.error_text("result_date")
    assert improvements.list_areas(ctx.db) == []

    type_date(qtbot, slot.result_date_edit, "31/12/2024")
    qtbot.mouseClick(slot.save_button, Qt.MouseButton.LeftButton)
    [saved] = improvements.list_areas(ctx.db)
    assert (saved.indicator_id, saved.baseline_value, saved.baseline_date) == (
        "2.5",
        "31 %",
        date(2023, 3, 1),
    )
    assert (saved.action, saved.result_value, saved.result_date) == (
        "Quarterly member visits",
        "64 %",
        date(2024, 12, 31),
    )
    assert dialog.tabs.tabText(0) == "Area 1: 2.5"

    # The same indicator twice is refused under the indicator field.
    second = dialog.slot(2)
    dialog.tabs.setCurrentIndex(1)
    fill_slot(qtbot, second, "2.5", "x", "01/03/2023")
    qtbot.mouseClick(second.save_button, Qt.MouseButton.LeftButton)
    assert "already improvement area 1" in second.form.error_text("indicator_id")

    source = tmp_path / "visits.pdf"
    source.write_bytes(b"%PDF member visits")
    assert slot.attach_evidence(source)
    assert [slot.evidence_list.item(i).text() for i in range(slot.evidence_list.count())] == [
        "visits.pdf"
    ]
    [row] = improvements.list_areas(ctx.db)
    assert file_store.read_content(ctx.db, row.evidence[0].stored_file_id) == b"%PDF member visits"

    # Undo takes the evidence back, then the area; redo brings both back.
    ctx.undo_stack.undo()
    assert improvements.list_areas(ctx.db)[0].evidence == ()
    assert slot.evidence_list.count() == 0
    ctx.undo_stack.undo()
    assert improvements.list_areas(ctx.db) == []
    assert dialog.tabs.tabText(0) == "Area 1" and slot.baseline_value_edit.text() == ""
    ctx.undo_stack.redo()
    ctx.undo_stack.redo()
    [row] = improvements.list_areas(ctx.db)
    assert row.evidence_names == ["visits.pdf"] and slot.evidence_list.count() == 1

    # Clearing takes the evidence links too; undo brings the area back whole.
    qtbot.mouseClick(slot.clear_button, Qt.MouseButton.LeftButton)
    assert improvements.list_areas(ctx.db) == []
    ctx.undo_stack.undo()
    [row] = improvements.list_areas(ctx.db)
    assert row.evidence_names == ["visits.pdf"] and row.result_value == "64 %"

    # What the page recorded is what the Silver report lists.
    report = assessment_data(ctx.db, YEAR, "en", DEMO_TODAY, level="silver")
    table = report.table("improvements")
    assert table.rows[0][1] == "2.5 Direct contacts with participants"
    assert table.rows[0][3:5] == ["31 %", date(2023, 3, 1)]
    assert table.rows[0][8] == "visits.pdf"
    assert [r[1] for r in table.rows[1:]] == ["No improvement area recorded yet"] * 2
