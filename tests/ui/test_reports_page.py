"""Reports page: every report written through the page, Members filters, Cancel, recent list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import DEMO_TODAY
from workbench.reports.generate import REPORT_FORMATS, ReportError
from workbench.ui.pages import reports as reports_module
from workbench.ui.pages.reports import ReportsPage, recent_reports

YEAR = DEMO_TODAY.year


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def opened() -> list[Path]:
    return []


@pytest.fixture
def page(qtbot: Any, ctx: Any, out_dir: Path, opened: list[Path]) -> ReportsPage:
    ctx.settings.setValue("pages/reports/folder", str(out_dir))
    widget = ReportsPage(ctx, open_file=lambda path: opened.append(path) or True)
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def generate_and_wait(qtbot: Any, page: ReportsPage) -> None:
    page.generate_button.click()
    qtbot.waitUntil(lambda: not page.is_generating(), timeout=120_000)


def sheet_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in workbook[sheet].iter_rows(values_only=True)]
    finally:
        workbook.close()


def directory_names(path: Path) -> list[str]:
    """Names listed in the member directory workbook (rows under the "Name" header)."""
    rows = sheet_rows(path, "Members")
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Name") + 1
    names = []
    for row in rows[start:]:
        if len(row) < 2 or row[0] is None or row[1] is None:  # "N organisations." ends it
            break
        names.append(str(row[0]))
    return names


CASES = [(kind, fmt) for kind, formats in REPORT_FORMATS.items() for fmt in formats]


@pytest.mark.parametrize(("kind", "fmt"), CASES, ids=[f"{k}-{f}" for k, f in CASES])
def test_generates_each_report(
    qtbot: Any,
    page: ReportsPage,
    out_dir: Path,
    opened: list[Path],
    dialogs: Any,
    kind: str,
    fmt: str,
) -> None:
    page.set_kind(kind)
    page.set_format(fmt)
    expected = out_dir / page.path_edit.text().rsplit("/", 1)[-1]
    assert Path(page.path_edit.text()).parent == out_dir
    assert expected.suffix == "." + fmt
    generate_and_wait(qtbot, page)

    assert dialogs.shown == []
    assert expected.exists() and expected.stat().st_size > 0
    assert opened == [expected]
    assert page.recent_paths()[0] == expected
    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(expected, read_only=True)
        assert workbook.sheetnames
        workbook.close()
    elif fmt == "pdf":
        assert expected.read_bytes()[:5] == b"%PDF-"
    else:
        assert isinstance(json.loads(expected.read_text(encoding="utf-8")), dict)


def test_form_follows_the_chosen_report(page: ReportsPage) -> None:
    assert page.year_spin.value() == YEAR
    assert page.lang() == "en"
    page.set_kind("eccp")
    assert [page.format_combo.itemData(i) for i in range(page.format_combo.count())] == [
        "xlsx",
        "json",
    ]
    assert not page.level_combo.isVisible()
    page.set_kind("assessment")
    assert page.level_combo.isVisible()
    page.set_format("pdf")
    assert page.path_edit.text().endswith(f"assessment-{YEAR}-en.pdf")
    page.lang_combo.setCurrentIndex(page.lang_combo.findData("it"))
    assert page.path_edit.text().endswith(f"assessment-{YEAR}-it.pdf")
    page.set_kind("members")
    assert not page.year_spin.isVisible()
    assert page.members_filter_label.isVisible()
    # The format chosen per report is remembered.
    page.set_kind("assessment")
    assert page.fmt() == "pdf"
    # A name typed by the user keeps its name when the format changes.
    page.set_output_path("/tmp/somewhere/dossier.pdf")
    page.set_format("xlsx")
    assert page.path_edit.text() == "/tmp/somewhere/dossier.xlsx"


def test_member_directory_uses_the_members_page_filters(
    qtbot: Any, main_window: Any, out_dir: Path
) -> None:
    members = main_window.show_page("members")
    qtbot.waitUntil(members.has_loaded, timeout=20_000)
    everyone = len(members.current_member_ids())
    members.set_search_text("S.r.l.")
    shown = members.current_member_ids()
    assert 0 < len(shown) < everyone

    main_window.ctx.settings.setValue("pages/reports/folder", str(out_dir))
    page = main_window.show_page("reports")
    assert isinstance(page, ReportsPage)
    opened: list[Path] = []
    page.open_file = lambda path: opened.append(path) or True
    page.tabs.setCurrentIndex(0)
    page.set_kind("members")
    page.set_format("xlsx")
    assert "Members page" in page.members_filter_label.text()
    assert "S.r.l." in page.members_filter_label.text()
    generate_and_wait(qtbot, page)

    written = Path(page.path_edit.text())
    assert opened == [written]
    names = directory_names(written)
    assert len(names) == len(shown)
    assert all("s.r.l." in name.lower() for name in names)


def test_member_directory_without_the_members_page_lists_current_members(
    qtbot: Any, page: ReportsPage, ctx: Any
) -> None:
    from workbench.services import members as members_service

    page.set_kind("members")
    page.set_format("xlsx")
    assert "every member" in page.members_filter_label.text()
    generate_and_wait(qtbot, page)
    active = [r for r in members_service.member_rows(ctx.db) if r.status == "active"]
    assert len(directory_names(Path(page.path_edit.text()))) == len(active)


def test_cancel_stops_without_a_file(
    qtbot: Any, page: ReportsPage, out_dir: Path, opened: list[Path]
) -> None:
    page.set_kind("assessment")
    page.set_format("pdf")
    target = Path(page.path_edit.text())
    handle = page.generate()
    assert handle is not None and page.cancel_button.isVisible()
    assert page.progress_bar.isVisible() and not page.generate_button.isEnabled()
    page.cancel_button.click()
    qtbot.waitUntil(lambda: not page.is_generating(), timeout=60_000)
    assert handle.cancelled
    assert not target.exists()
    assert list(out_dir.iterdir()) == []  # no temporary file left behind
    assert opened == []
    assert page.recent_paths() == []
    assert "Cancelled" in page.status_label.text()
    assert page.generate_button.isEnabled() and not page.cancel_button.isVisible()


def test_recent_reports_are_remembered_and_missing_files_shown(
    qtbot: Any, page: ReportsPage, ctx: Any, opened: list[Path], dialogs: Any, out_dir: Path
) -> None:
    page.set_kind("eccp")
    page.set_format("json")
    generate_and_wait(qtbot, page)
    first = Path(page.path_edit.text())
    page.set_kind("projects")
    page.set_format("xlsx")
    generate_and_wait(qtbot, page)
    second = Path(page.path_edit.text())
    assert page.recent_paths() == [second, first]
    assert recent_reports(ctx.settings) == [second, first]

    # Double-click opens.
    opened.clear()
    item = page.recent_list.item(1)
    rect = page.recent_list.visualItemRect(item)
    qtbot.mouseClick(page.recent_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.recent_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [first]

    # Another page (e.g. after a restart) sees the same list; a deleted file shows as missing.
    first.unlink()
    again = ReportsPage(ctx, open_file=lambda path: opened.append(path) or True)
    qtbot.addWidget(again)
    assert again.recent_paths() == [second, first]
    assert "missing" in again.recent_list.item(1).text()
    assert "missing" not in again.recent_list.item(0).text()
    opened.clear()
    assert not again.open_recent(first)
    assert opened == []
    assert dialogs.kinds() == ["warning"]

    again.recent_list.setCurrentRow(1)
    again.recent_box.remove_button.click()
    assert again.recent_paths() == [second]


def test_existing_file_asks_before_replacing(
    qtbot: Any, page: ReportsPage, dialogs: Any, out_dir: Path
) -> None:
    page.set_kind("eccp")
    page.set_format("json")
    target = Path(page.path_edit.text())
    target.write_text("old")
    dialogs.answer = False
    assert page.generate() is None
    assert target.read_text() == "old"
    assert dialogs.kinds() == ["confirm"]
    dialogs.answer = True
    generate_and_wait(qtbot, page)
    assert target.read_text() != "old"


def test_errors_are_messages_not_tracebacks(
    qtbot: Any, page: ReportsPage, dialogs: Any, out_dir: Path, monkeypatch: Any
) -> None:
    page.set_kind("eccp")
    page.set_output_path(out_dir / "no-such-folder" / "figures.xlsx")
    assert page.generate() is None
    assert "does not exist" in page.path_error.text()
    page.set_output_path("")
    assert page.generate() is None
    assert page.path_error.text()

    def fail(*args: Any, **kwargs: Any) -> Path:
        raise ReportError("The ECCP figures need a cluster profile: fill it in first.")

    monkeypatch.setattr(reports_module, "generate_report", fail)
    page.set_output_path(out_dir / "figures.xlsx")
    generate_and_wait(qtbot, page)
    assert dialogs.kinds() == ["warning"]
    assert "cluster profile" in dialogs.texts()[0]
    assert page.recent_paths() == []
    assert page.generate_button.isEnabled()

    def disk_full(*args: Any, **kwargs: Any) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(reports_module, "generate_report", disk_full)
    generate_and_wait(qtbot, page)
    assert dialogs.kinds()[-1] == "warning"
    assert "No space left on device" in dialogs.texts()[-1]
    assert "Traceback" not in " ".join(dialogs.texts())


def test_reports_sidebar_entry_reaches_the_indicators(qtbot: Any, main_window: Any) -> None:
    from workbench.ui.editor import OrganisationEditor

    main_window.sidebar.setCurrentRow(main_window.page_ids().index("reports"))
    page = main_window.current_page()
    assert isinstance(page, ReportsPage)
    view = page.show_indicators()
    qtbot.waitUntil(lambda: view.assessment is not None and not view.is_loading(), timeout=30_000)
    assert view.model.rowCount() == 31
    # A missing-input line about one organisation opens its editor in the main window.
    view.select_indicator("1.1.0")
    item = next(
        i
        for i in view.details.missing_items()
        if (i.data(Qt.ItemDataRole.UserRole) or {}).get("ids")
    )
    qtbot.mouseClick(
        view.details.missing_list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.details.missing_list.visualItemRect(item).center(),
    )
    editors = main_window.findChildren(OrganisationEditor)
    assert editors and editors[-1].org_id == item.data(Qt.ItemDataRole.UserRole)["ids"][0]
    editors[-1].done(0)


def test_language_switch_while_computing_and_writing(
    qtbot: Any, main_window: Any, qapp: Any, out_dir: Path, dialogs: Any
) -> None:
    from workbench.ui import i18n

    main_window.ctx.settings.setValue("pages/reports/folder", str(out_dir))
    page = main_window.show_page("reports")
    page.open_file = lambda path: True
    page.indicators.compute()
    page.tabs.setCurrentIndex(0)
    page.set_kind("projects")
    assert page.generate() is not None
    try:
        i18n.apply_language("it", qapp)
        main_window.retranslate()  # the page is rebuilt while both tasks still run
        assert main_window.wait_for_tasks()
        fresh = main_window.page("reports")
        assert fresh is not page and fresh.title() == "Report"
        assert fresh.tabs.tabText(1) == "Indicatori"
    finally:
        i18n.apply_language("en", qapp)
        main_window.retranslate()
    assert [k for k in dialogs.kinds() if k == "error"] == []


def test_indicators_view_is_built_when_its_tab_is_first_shown(
    qtbot: Any, page: ReportsPage
) -> None:
    from workbench.ui.indicators.view import IndicatorsView

    assert page.tabs.currentIndex() == 0
    assert not page.findChildren(IndicatorsView)  # the page's first visit does not build it
    page.refresh()  # a change elsewhere: nothing to recompute yet
    assert not page.findChildren(IndicatorsView) and not page.is_loading()
    page.tabs.setCurrentIndex(1)  # what a click on the tab does
    (view,) = page.findChildren(IndicatorsView)
    assert page.indicators is view and view.isVisible()
    qtbot.waitUntil(lambda: view.assessment is not None and not page.is_loading(), timeout=30_000)
    assert view.model.rowCount() == 31
    page.tabs.setCurrentIndex(0)
    page.tabs.setCurrentIndex(1)
    assert page.findChildren(IndicatorsView) == [view]  # built once


def test_the_indicators_tab_remembered_is_built_with_the_page(
    qtbot: Any, ctx: Any, out_dir: Path
) -> None:
    from workbench.ui.indicators.view import IndicatorsView

    ctx.settings.setValue("pages/reports/folder", str(out_dir))
    first = ReportsPage(ctx)
    qtbot.addWidget(first)
    first.tabs.setCurrentIndex(1)
    first.save_view_state()
    again = ReportsPage(ctx)
    qtbot.addWidget(again)
    assert again.tabs.currentIndex() == 1
    assert len(again.findChildren(IndicatorsView)) == 1
    again.show()
    qtbot.waitUntil(lambda: not again.is_loading(), timeout=30_000)
