"""Lists you can act on (issue 17.1): export and print what the list shows.

Real pages on the demo cluster: the user filters, sorts, hides and moves columns with the
mouse and the column chooser, then exports; the files are read back (openpyxl, csv, pypdf)
and must hold the same rows and columns as shown, in the order shown.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from workbench.models import OrgType
from workbench.ui.lists import list_tools as list_tools_module
from workbench.ui.lists.printing import pdf_printer
from workbench.ui.lists.shown import visible_columns


@pytest.fixture
def members(main_window: Any, qtbot: Any) -> Any:
    page = main_window.show_page("members")
    qtbot.waitUntil(page.has_loaded, timeout=15_000)
    main_window.wait_for_tasks()
    return page


def on_screen(view: Any) -> tuple[list[str], list[list[str]]]:
    """What the view draws: visible header titles left to right, cell texts top to bottom."""
    model = view.model()
    columns = visible_columns(view)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in columns]
    rows = [[model.index(r, c).data() or "" for c in columns] for r in range(model.rowCount())]
    return headers, rows


def export(tools: Any, path: Path) -> Path | None:
    """Export through the page like the menu does and wait for the background write."""
    tools.last_export = None
    tools.export_to(path)
    tasks = tools.page.ctx.tasks
    assert tasks is None or tasks.wait_all(60_000)
    QApplication.processEvents()
    return tools.last_export


def click_header(qtbot: Any, view: Any, logical: int) -> None:
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(logical) + header.sectionSize(logical) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def hide_with_chooser(tools: Any, title: str) -> None:
    menu = tools.columns.menu()
    action = next(a for a in menu.actions() if a.text() == title)
    action.trigger()


def filtered_sorted_hidden_moved(members: Any, qtbot: Any) -> Any:
    """Companies only, sorted by city descending, SME class hidden, City moved first."""
    members.set_filters(org_type=OrgType.COMPANY)
    view = members.table
    click_header(qtbot, view, 3)  # City: ascending
    click_header(qtbot, view, 3)  # ... then descending
    assert view.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    hide_with_chooser(members.list_tools, "SME class")
    header = view.horizontalHeader()
    header.moveSection(header.visualIndex(3), 0)
    return view


def test_xlsx_and_csv_hold_the_rows_and_columns_shown(
    members: Any, main_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    view = filtered_sorted_hidden_moved(members, qtbot)
    headers, rows = on_screen(view)
    assert headers[0] == "City" and "SME class" not in headers
    assert 0 < len(rows) < len(members.model.all_rows)
    cities = [r[0] for r in rows if r[0]]
    assert cities == sorted(cities, key=str.casefold, reverse=True)

    chosen = iter([str(tmp_path / "members.xlsx"), str(tmp_path / "members")])
    monkeypatch.setattr(list_tools_module, "save_file_name", lambda *_a: next(chosen))
    members.list_tools.action_export_xlsx.trigger()
    members.list_tools.action_export_csv.trigger()  # no suffix typed: .csv is added
    main_window.wait_for_tasks()

    sheet = openpyxl.load_workbook(tmp_path / "members.xlsx").worksheets[0]
    values = [
        [c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert values[0] == headers
    assert values[1:] == rows
    with open(tmp_path / "members.csv", encoding="utf-8-sig", newline="") as f:
        read = list(csv.reader(f))
    assert read[0] == headers and read[1:] == rows


def test_pdf_export_and_print_show_the_list(members: Any, qtbot: Any, tmp_path: Path) -> None:
    view = filtered_sorted_hidden_moved(members, qtbot)
    headers, rows = on_screen(view)
    tools = members.list_tools
    assert export(tools, tmp_path / "members.pdf") is not None
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "members.pdf").pages)
    assert "Members" in text and "type: Company" in text
    first_name = rows[0][headers.index("Name")]
    assert first_name.split()[0] in text
    assert "SME class" not in text
    assert f"Rows: {len(rows)}" in text

    tools.print_to(pdf_printer(str(tmp_path / "printed.pdf")))
    printed = " ".join(p.extract_text() for p in PdfReader(tmp_path / "printed.pdf").pages)
    assert "Members" in printed and first_name.split()[0] in printed
    assert "SME class" not in printed


def test_markup_and_formulas_in_names_stay_text(
    members: Any, main_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    from workbench.services import members as members_service

    members_service.create_organisation(
        main_window.ctx.db, {"name": '=HYPERLINK("http://x") <b>Bold</b> & Co'}
    )
    main_window.ctx.bus.sig_changed.emit("organisation")
    QApplication.processEvents()
    main_window.wait_for_tasks()
    qtbot.waitUntil(lambda: not members.is_loading(), timeout=15_000)
    members.set_filters(status="all")
    members.set_search_text("bold")
    assert len(members.model.rows) == 1
    tools = members.list_tools
    for suffix in ("xlsx", "csv", "pdf"):
        assert export(tools, tmp_path / f"hostile.{suffix}") is not None
    cell = openpyxl.load_workbook(tmp_path / "hostile.xlsx").worksheets[0]["A2"]
    assert cell.data_type == "s" and cell.quotePrefix
    assert cell.value.startswith("=HYPERLINK")
    with open(tmp_path / "hostile.csv", encoding="utf-8-sig") as f:
        assert list(csv.reader(f))[1][0].startswith("'=HYPERLINK")
    text = PdfReader(tmp_path / "hostile.pdf").pages[0].extract_text()
    assert "<b>Bold</b> & Co" in text
    tools.print_to(pdf_printer(str(tmp_path / "hostile-print.pdf")))
    printed = PdfReader(tmp_path / "hostile-print.pdf").pages[0].extract_text()
    assert "<b>Bold</b> & Co" in " ".join(printed.split())  # Qt's PDF spaces words by tabs


def test_every_list_page_exports(main_window: Any, qtbot: Any, tmp_path: Path) -> None:
    for page_id in ("projects", "activities", "areas", "pillars"):
        page = main_window.show_page(page_id)
        main_window.wait_for_tasks()  # rows are read in the background
        tools = page.list_tools
        headers, rows = on_screen(tools.view)
        assert rows, page_id
        written = export(tools, tmp_path / f"{page_id}.xlsx")
        sheet = openpyxl.load_workbook(written).worksheets[0]
        values = [
            [c if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)
        ]
        assert values == [headers, *rows], page_id


def test_an_unwritable_target_says_so(members: Any, tmp_path: Path, dialogs: Any) -> None:
    assert export(members.list_tools, tmp_path) is None  # a folder, not a file
    kind, _title, text = dialogs.shown[-1]
    assert kind == "warning" and str(tmp_path) in text and "Traceback" not in text
