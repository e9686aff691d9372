"""Indicators view: the engine's table on the demo cluster, manual values, evidence, thresholds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.ui.conftest import DEMO_TODAY
from workbench.indicators import Status, assess
from workbench.models import IndicatorEvidence, IndicatorThreshold, IndicatorValue, StoredFile
from workbench.services import base as records
from workbench.services import files as file_store
from workbench.services.base import unit_of_work
from workbench.ui.indicators import evidence as evidence_tab
from workbench.ui.indicators.look import id_sort_key
from workbench.ui.indicators.view import IndicatorsView

YEAR = DEMO_TODAY.year


def wait_computed(qtbot: Any, view: IndicatorsView) -> None:
    qtbot.waitUntil(lambda: view.assessment is not None and not view.is_loading(), timeout=30_000)


@pytest.fixture
def opened() -> list[Path]:
    return []


@pytest.fixture
def view(qtbot: Any, ctx: Any, opened: list[Path]) -> IndicatorsView:
    widget = IndicatorsView(ctx, open_file=lambda path: opened.append(path) or True)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    wait_computed(qtbot, widget)
    return widget


def row_of(view: IndicatorsView, indicator_id: str) -> Any:
    return view.model.row_at(view.model.row_of(indicator_id))


def cell(view: IndicatorsView, indicator_id: str, key: str) -> str:
    index = view.model.index(view.model.row_of(indicator_id), view.model.column_of(key))
    return str(view.model.data(index))


def recompute_after(qtbot: Any, view: IndicatorsView, action: Any) -> Any:
    """Run *action* and wait for the recomputation it triggers."""
    with qtbot.waitSignal(view.sig_computed, timeout=30_000):
        result = action()
    wait_computed(qtbot, view)
    return result


def stored_values(ctx: Any, indicator_id: str) -> list[tuple[int, Any, Any, Any, Any]]:
    with unit_of_work(ctx.db, write=False) as session:
        rows = session.scalars(
            select(IndicatorValue).where(IndicatorValue.indicator_id == indicator_id)
        ).all()
        return sorted((r.year, r.value_number, r.value_text, r.passed, r.note) for r in rows)


def test_shows_the_31_gold_indicators_of_the_demo_year(view: IndicatorsView, ctx: Any) -> None:
    assert view.year() == YEAR
    assert view.level() == "gold"
    assert view.model.rowCount() == 31
    expected = assess(ctx.db, YEAR, level="gold")
    assert [r.id for r in view.model.rows] == [r.id for r in expected.results]
    assert view.model.headerData(2, Qt.Orientation.Horizontal) == str(YEAR - 2)
    assert view.model.headerData(3, Qt.Orientation.Horizontal) == str(YEAR - 1)
    text = view.readiness_label.text()
    assert f"{expected.passing} of 31" in text
    assert view.readiness_bar.value == expected.readiness_pct
    # Names, values per period, the default marker and coloured statuses.
    first = expected.results[0]
    assert cell(view, first.id, "name") == first.definition.name_en
    assert cell(view, first.id, "period0") == first.periods[0].display
    assert "(default)" in cell(view, "1.1.0", "threshold")
    status_index = view.model.index(view.model.row_of("1.1.0"), view.model.column_of("status"))
    assert view.model.data(status_index, Qt.ItemDataRole.DecorationRole) is not None
    assert view.model.data(status_index, Qt.ItemDataRole.ForegroundRole) is not None


def test_silver_level_and_natural_id_sort(qtbot: Any, view: IndicatorsView) -> None:
    recompute_after(qtbot, view, lambda: view.set_level("silver"))
    assert view.model.rowCount() == 19
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    ids = [r.id for r in view.model.rows]
    assert ids == sorted(ids, key=id_sort_key, reverse=True)


def test_model_passes_modeltester(qtmodeltester: Any, view: IndicatorsView) -> None:
    qtmodeltester.check(view.model)


def test_details_show_inputs_missing_lines_and_advice(
    qtbot: Any, view: IndicatorsView, ctx: Any
) -> None:
    view.select_indicator("1.1.1")
    result = row_of(view, "1.1.1")
    html = view.details.details_browser.toPlainText()
    assert result.periods[0].inputs[0] in html
    assert len(view.details.missing_items()) == sum(len(p.missing) for p in result.periods)
    # A failing auto indicator says what would make it pass.
    recompute_after(qtbot, view, lambda: _set_threshold(view, "1.1.0", "500"))
    view.select_indicator("1.1.0")
    assert row_of(view, "1.1.0").advice
    assert row_of(view, "1.1.0").advice in view.details.details_browser.toPlainText()


def _set_threshold(view: IndicatorsView, indicator_id: str, text: str) -> bool:
    view.select_indicator(indicator_id)
    view.edit_tabs.setCurrentIndex(2)
    view.thresholds.threshold_edit.setText(text)
    view.thresholds.save_threshold_button.click()
    return True


def test_manual_value_is_saved_undoably(qtbot: Any, view: IndicatorsView, ctx: Any) -> None:
    view.select_indicator("2.2.3")
    assert row_of(view, "2.2.3").status is Status.UNKNOWN
    assert view.value_editor.currentIndex() == 0  # manual: the form
    view.set_edit_year(YEAR - 1)
    view.value_editor.value_text_edit.setPlainText(
        "Training plan for the team adopted by the board"
    )
    view.value_editor.decision_combo.setCurrentIndex(
        view.value_editor.decision_combo.findData(True)
    )
    view.value_editor.note_edit.setPlainText("Minutes of 12 March")
    recompute_after(qtbot, view, view.value_editor.save_value_button.click)

    assert stored_values(ctx, "2.2.3") == [
        (
            YEAR - 1,
            None,
            "Training plan for the team adopted by the board",
            True,
            "Minutes of 12 March",
        )
    ]
    assert row_of(view, "2.2.3").status is Status.PASS
    assert cell(view, "2.2.3", "period1") == "Training plan for the team adopted by the board"

    recompute_after(qtbot, view, ctx.undo_stack.undo)
    assert stored_values(ctx, "2.2.3") == []
    assert row_of(view, "2.2.3").status is Status.UNKNOWN
    assert view.value_editor.value_text_edit.toPlainText() == ""

    recompute_after(qtbot, view, ctx.undo_stack.redo)
    assert len(stored_values(ctx, "2.2.3")) == 1


def test_manual_number_is_validated_and_clear_year_is_undoable(
    qtbot: Any, view: IndicatorsView, ctx: Any
) -> None:
    view.select_indicator("4.4")
    view.set_edit_year(YEAR - 1)
    before = stored_values(ctx, "4.4")
    assert any(year == YEAR - 1 for year, *_ in before)
    view.value_editor.value_number_edit.setText("four")
    assert not view.value_editor.save_value()
    assert view.value_editor.value_form.error_text("value_number")
    assert stored_values(ctx, "4.4") == before

    recompute_after(qtbot, view, view.value_editor.clear_value)
    assert not any(year == YEAR - 1 for year, *_ in stored_values(ctx, "4.4"))
    recompute_after(qtbot, view, ctx.undo_stack.undo)
    assert stored_values(ctx, "4.4") == before


def test_missing_value_line_selects_its_year(view: IndicatorsView) -> None:
    view.select_indicator("2.2.3")
    item = next(i for i in view.details.missing_items() if str(YEAR - 2) in i.text())
    view.details.missing_list.itemClicked.emit(item)
    assert view.edit_year() == YEAR - 2
    assert view.edit_tabs.currentIndex() == 0


def test_attach_evidence_stores_the_file_in_the_database(
    qtbot: Any, view: IndicatorsView, ctx: Any, tmp_path: Path, monkeypatch: Any, opened: list[Path]
) -> None:
    source = tmp_path / "incoming" / "Strategia 2025–2027.pdf"
    source.parent.mkdir()
    content = b"%PDF-1.4 strategy document\x00\xff" * 50
    source.write_bytes(content)
    monkeypatch.setattr(evidence_tab, "open_file_name", lambda *args: str(source))
    view.select_indicator("4.1.2")
    view.set_edit_year(YEAR - 1)
    qtbot.keyClicks(view.evidence.evidence_description, "Approved strategy")
    recompute_after(
        qtbot,
        view,
        lambda: qtbot.mouseClick(view.evidence.attach_button, Qt.MouseButton.LeftButton),
    )

    with unit_of_work(ctx.db, write=False) as session:
        rows = session.scalars(select(IndicatorEvidence)).all()
        saved = [
            (r.indicator_id, r.year, r.file_name, r.file_path, r.description, r.stored_file_id)
            for r in rows
        ]
        stored = {f.id: bytes(f.content) for f in session.scalars(select(StoredFile))}
    assert len(saved) == 1
    indicator_id, year, name, path, description, file_id = saved[0]
    assert (indicator_id, year, name, path, description) == (
        "4.1.2",
        YEAR - 1,
        source.name,
        None,
        "Approved strategy",
    )
    assert stored == {file_id: content}
    assert not (ctx.db.path.parent / "evidence").exists()  # nothing beside the database
    assert row_of(view, "4.1.2").evidence_count == 1
    assert cell(view, "4.1.2", "evidence") == "1"
    assert view.evidence.evidence_list.count() == 1
    assert source.name in view.evidence.evidence_list.item(0).text()
    assert "stored in the database" in view.evidence.evidence_list.item(0).toolTip()

    # Open shows a copy written to the cache folder, even once the original is gone.
    source.unlink()
    view.evidence.evidence_list.setCurrentRow(0)
    qtbot.mouseClick(view.evidence.open_evidence_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    assert opened[0].is_relative_to(file_store.copies_folder())
    assert opened[0].name == source.name
    assert opened[0].read_bytes() == content

    # Removing forgets the link (the stored file stays); undo links it again.
    recompute_after(qtbot, view, view.evidence.remove_evidence_button.click)
    assert row_of(view, "4.1.2").evidence_count == 0
    recompute_after(qtbot, view, ctx.undo_stack.undo)
    assert row_of(view, "4.1.2").evidence_count == 1
    view.evidence.evidence_list.setCurrentRow(0)
    assert view.evidence.open_selected_evidence()
    assert opened[-1].read_bytes() == content
    # Undoing the attachment drops the entry but keeps the stored file; redo links it again.
    recompute_after(qtbot, view, ctx.undo_stack.undo)
    assert records.list_records(ctx.db, IndicatorEvidence) == []
    assert [f.id for f in records.list_records(ctx.db, StoredFile)] == [file_id]
    recompute_after(qtbot, view, ctx.undo_stack.redo)
    [entry] = records.list_records(ctx.db, IndicatorEvidence)
    assert (entry.stored_file_id, entry.description) == (file_id, "Approved strategy")


def test_missing_entry_says_so_and_attaching_it_again_fills_it(
    qtbot: Any,
    view: IndicatorsView,
    ctx: Any,
    tmp_path: Path,
    monkeypatch: Any,
    dialogs: Any,
    opened: list[Path],
) -> None:
    # An entry the upgrade to the file store could not fill: only the old path is known.
    old_path = "/home/marco/Documenti/verbale.pdf"
    records.create_record(
        ctx.db,
        IndicatorEvidence,
        {"indicator_id": "4.1.2", "year": YEAR, "file_name": "verbale.pdf", "file_path": old_path},
    )
    view.select_indicator("1.1.0")
    view.select_indicator("4.1.2")
    view.set_edit_year(YEAR)
    item = view.evidence.evidence_list.item(0)
    assert "missing" in item.text()
    assert item.toolTip() == f"File not found at {old_path} — attach it again."
    view.evidence.evidence_list.setCurrentRow(0)
    qtbot.mouseClick(view.evidence.open_evidence_button, Qt.MouseButton.LeftButton)
    assert opened == []
    assert dialogs.kinds() == ["warning"]
    assert old_path in dialogs.texts()[0]

    found = tmp_path / "found again" / "verbale.pdf"
    found.parent.mkdir()
    found.write_bytes(b"the minutes")
    monkeypatch.setattr(evidence_tab, "open_file_name", lambda *args: str(found))
    recompute_after(qtbot, view, view.evidence.attach_button.click)
    [entry] = records.list_records(ctx.db, IndicatorEvidence)
    assert entry.file_path is None and entry.stored_file_id is not None
    assert view.evidence.evidence_list.count() == 1
    assert "missing" not in view.evidence.evidence_list.item(0).text()
    # Undo makes it missing again, with its path.
    recompute_after(qtbot, view, ctx.undo_stack.undo)
    [entry] = records.list_records(ctx.db, IndicatorEvidence)
    assert (entry.file_path, entry.stored_file_id) == (old_path, None)


def test_file_over_the_limit_is_refused_with_one_line(
    view: IndicatorsView, ctx: Any, dialogs: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    big = tmp_path / "scan.pdf"
    with big.open("wb") as handle:  # sparse: 80 MB without writing them
        handle.truncate(80 * 1024 * 1024)
    monkeypatch.setattr(evidence_tab, "open_file_name", lambda *args: str(big))
    view.select_indicator("4.1.2")
    view.evidence.attach_button.click()
    assert dialogs.kinds() == ["warning"]
    [shown] = dialogs.texts()
    assert shown == (
        "scan.pdf is 80 MB; files up to 50 MB can be stored. Attach a smaller or compressed copy."
    )
    assert records.list_records(ctx.db, IndicatorEvidence) == []
    assert records.list_records(ctx.db, StoredFile) == []


def test_attach_missing_file_is_a_message(
    view: IndicatorsView, dialogs: Any, tmp_path: Path
) -> None:
    view.select_indicator("4.1.2")
    assert not view.evidence.attach_evidence(tmp_path / "nowhere.pdf")
    assert dialogs.kinds() == ["warning"]
    assert "nowhere.pdf" in dialogs.texts()[0]


def test_threshold_change_reevaluates_and_resets(
    qtbot: Any, view: IndicatorsView, ctx: Any
) -> None:
    assert row_of(view, "1.1.0").status is Status.PASS
    recompute_after(qtbot, view, lambda: _set_threshold(view, "1.1.0", "500"))
    assert row_of(view, "1.1.0").status is Status.FAIL
    assert not row_of(view, "1.1.0").threshold_is_default
    assert "(default)" not in cell(view, "1.1.0", "threshold")
    with unit_of_work(ctx.db, write=False) as session:
        stored = session.scalars(select(IndicatorThreshold.value)).all()
    assert [int(v) for v in stored] == [500]

    recompute_after(qtbot, view, view.thresholds.reset_threshold_button.click)
    assert row_of(view, "1.1.0").status is Status.PASS
    assert "(default)" in cell(view, "1.1.0", "threshold")

    recompute_after(qtbot, view, ctx.undo_stack.undo)
    assert row_of(view, "1.1.0").status is Status.FAIL
    recompute_after(qtbot, view, ctx.undo_stack.undo)
    assert row_of(view, "1.1.0").status is Status.PASS
    with unit_of_work(ctx.db, write=False) as session:
        assert session.scalars(select(IndicatorThreshold)).all() == []


def test_threshold_editor_is_off_for_indicators_judged_by_hand(view: IndicatorsView) -> None:
    view.select_indicator("2.2.2")
    assert not view.thresholds.threshold_edit.isEnabled()
    assert not view.thresholds.save_threshold_button.isEnabled()
    assert "judged by hand" in view.thresholds.threshold_info.text()
    view.select_indicator("1.1.0")
    assert view.thresholds.threshold_edit.isEnabled()
    assert view.thresholds.threshold_edit.text() == "15"


def test_clicking_a_missing_line_opens_the_records(
    qtbot: Any, view: IndicatorsView, ctx: Any
) -> None:
    view.select_indicator("1.1.0")
    result = row_of(view, "1.1.0")
    period = next(p for p in result.periods if p.missing_ids.get("organisation"))
    wanted = period.missing_ids["organisation"]
    item = next(
        i
        for i in view.details.missing_items()
        if i.data(Qt.ItemDataRole.UserRole) and i.data(Qt.ItemDataRole.UserRole).get("ids")
    )
    assert len(wanted) == 1  # the demo has one member without agreement nor fee
    rect = view.details.missing_list.visualItemRect(item)
    with qtbot.waitSignal(ctx.bus.sig_open_record) as blocker:
        qtbot.mouseClick(
            view.details.missing_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
        )
    assert blocker.args == ["organisation", wanted[0]]

    # A line about several records lists them to pick from.
    view.select_indicator("1.1.1")
    result = row_of(view, "1.1.1")
    ids = next(
        p.missing_ids["organisation"]
        for p in result.periods
        if len(p.missing_ids.get("organisation", [])) > 1
    )
    item = next(
        i
        for i in view.details.missing_items()
        if (i.data(Qt.ItemDataRole.UserRole) or {}).get("ids") == ids
    )
    qtbot.mouseClick(
        view.details.missing_list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.details.missing_list.visualItemRect(item).center(),
    )
    dialog = view.details.records_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.record_ids() == ids
    dialog.list.setCurrentRow(1)
    with qtbot.waitSignal(ctx.bus.sig_open_record) as blocker:
        dialog.open_button.click()
    assert blocker.args == ["organisation", ids[1]]
    dialog.close()


def test_refreshes_on_changes_made_elsewhere(qtbot: Any, view: IndicatorsView, ctx: Any) -> None:
    from workbench.services import cluster

    cluster.set_threshold(ctx.db, "4.3", 1000, "stricter")
    recompute_after(qtbot, view, lambda: ctx.bus.sig_changed.emit("indicator_threshold"))
    assert row_of(view, "4.3").status is Status.FAIL


def test_year_change_recomputes(qtbot: Any, view: IndicatorsView) -> None:
    recompute_after(qtbot, view, lambda: view.set_year(YEAR - 1))
    assert view.assessment is not None and view.assessment.year == YEAR - 1
    assert view.model.headerData(2, Qt.Orientation.Horizontal) == str(YEAR - 3)
    assert [view.edit_year_combo.itemData(i) for i in range(3)] == [YEAR - 3, YEAR - 2, YEAR - 1]


def test_clearing_a_threshold_makes_the_indicator_not_scored(
    qtbot: Any, view: IndicatorsView, ctx: Any
) -> None:
    view.select_indicator("2.3")
    assert row_of(view, "2.3").status in (Status.PASS, Status.FAIL)
    assert "Why the default:" in view.thresholds.threshold_info.text()
    assert "not scored" in view.thresholds.threshold_info.text()
    passing = view.assessment.passing if view.assessment else None
    button = view.thresholds.clear_threshold_button
    recompute_after(qtbot, view, lambda: qtbot.mouseClick(button, Qt.MouseButton.LeftButton))
    result = row_of(view, "2.3")
    assert result.status is Status.NOT_SCORED
    assert all(p.status is Status.NOT_SCORED for p in result.periods if p.value is not None)
    assert cell(view, "2.3", "status") == "Not scored"
    assert cell(view, "2.3", "threshold") == "none: not scored"
    assert "not scored" in view.readiness_label.text()
    if passing is not None and view.assessment is not None:
        assert view.assessment.passing <= passing  # clearing a threshold never raises the score
    with unit_of_work(ctx.db, write=False) as session:
        rows = session.scalars(select(IndicatorThreshold)).all()
    assert [(r.indicator_id, r.value) for r in rows] == [("2.3", None)]

    recompute_after(qtbot, view, ctx.undo_stack.undo)
    assert row_of(view, "2.3").status in (Status.PASS, Status.FAIL)
    assert "(default)" in cell(view, "2.3", "threshold")


def test_a_proposal_from_the_records_is_confirmed_and_then_counts(
    qtbot: Any, view: IndicatorsView, ctx: Any
) -> None:
    # 2.2.3 (upskilling): the demo records training days but nobody entered a value.
    view.select_indicator("2.2.3")
    view.set_edit_year(YEAR - 1)
    period = next(p for p in row_of(view, "2.2.3").periods if p.year == YEAR - 1)
    assert period.proposal and "training days" in period.proposal
    assert not any("no value entered" in m for m in period.missing)
    assert view.value_editor.proposal_box.isVisibleTo(view)
    assert period.proposal in view.value_editor.proposal_label.text()
    qtbot.mouseClick(view.value_editor.use_proposal_button, Qt.MouseButton.LeftButton)
    assert view.value_editor.value_text_edit.toPlainText() == period.proposal
    view.value_editor.decision_combo.setCurrentIndex(
        view.value_editor.decision_combo.findData(True)
    )
    recompute_after(qtbot, view, view.value_editor.save_value_button.click)
    confirmed = next(p for p in row_of(view, "2.2.3").periods if p.year == YEAR - 1)
    assert confirmed.status is Status.PASS and confirmed.proposal is None
    assert not view.value_editor.proposal_box.isVisibleTo(
        view
    )  # entered now: nothing left to propose
