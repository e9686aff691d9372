"""The global History window: entries of window edits, imports and undo; filters; CSV export."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from workbench.db import Database
from workbench.models import Contact, Organisation
from workbench.services import base as records
from workbench.ui.dialogs.history_dialog import (
    HistoryDialog,
    HistoryFilters,
    HistoryRow,
    load_history,
    readable_value,
)
from workbench.ui.editor import OrganisationEditor
from workbench.ui.formatting import format_date


def open_history(main_window: Any, qtbot: Any) -> HistoryDialog:
    """View > History… as the user does it (Ctrl+H)."""
    action = main_window.action_history
    assert action.shortcut() == QKeySequence("Ctrl+H")
    view_menu = main_window.menu("View")
    assert view_menu is not None and action in view_menu.actions()
    action.trigger()
    dialog = main_window.history_dialog
    assert isinstance(dialog, HistoryDialog)
    qtbot.waitExposed(dialog)
    return dialog


def first_member(ctx: Any) -> Organisation:
    orgs = records.list_records(ctx.db, Organisation, order_by=[Organisation.id], limit=1)
    return orgs[0]


def edit_city(main_window: Any, org_id: int, city: str) -> None:
    editor = main_window.open_organisation(org_id)
    assert isinstance(editor, OrganisationEditor)
    editor.set_field("city", city)
    assert editor.save()


def column(dialog: HistoryDialog, key: str) -> int:
    return next(i for i, c in enumerate(dialog.model.columns) if c.key == key)


def shown(dialog: HistoryDialog, row: int, key: str) -> str:
    return str(dialog.model.data(dialog.model.index(row, column(dialog, key))))


def position_of(dialog: HistoryDialog, predicate: Any) -> int:
    return next(i for i, r in enumerate(dialog.model.rows) if predicate(r))


def test_window_edit_appears_with_field_old_and_new(
    main_window: Any, ctx: Any, qtbot: Any, qtmodeltester: Any
) -> None:
    org = first_member(ctx)
    edit_city(main_window, org.id, "Cremona")
    dialog = open_history(main_window, qtbot)
    qtmodeltester.check(dialog.model)

    newest = dialog.model.rows[0]
    assert (newest.table_name, newest.record_id, newest.field) == ("organisation", org.id, "city")
    assert shown(dialog, 0, "user") == ctx.db.user
    assert shown(dialog, 0, "source") == "Window"
    assert shown(dialog, 0, "action") == "Changed"
    assert shown(dialog, 0, "kind") == "Organisation"
    assert shown(dialog, 0, "record") == org.name
    assert shown(dialog, 0, "field") == "City"
    assert shown(dialog, 0, "old") == (org.city or "")  # no JSON quotes
    assert shown(dialog, 0, "new") == "Cremona"
    assert shown(dialog, 0, "at").startswith(format_date(date.today()))


def test_undo_in_the_window_records_the_old_values_back(
    main_window: Any, ctx: Any, qtbot: Any
) -> None:
    org = first_member(ctx)
    edit_city(main_window, org.id, "Cremona")
    dialog = open_history(main_window, qtbot)
    main_window.activateWindow()
    # Activation is asynchronous (the editor's save let the event loop run while it wrote).
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window, timeout=5000)
    qtbot.keyClick(main_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert records.get_record(ctx.db, Organisation, org.id).city == org.city
    # The open window follows the change by itself (debounced).
    qtbot.waitUntil(lambda: dialog.model.rows[0].source == "undo", timeout=5000)
    undo = dialog.model.rows[position_of(dialog, lambda r: r.field == "city")]
    assert undo.source == "undo" and undo.record_id == org.id
    assert (readable_value(undo.old_value), readable_value(undo.new_value)) == (
        "Cremona",
        org.city or "",
    )
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData("undo"))
    assert dialog.model.rows and {r.source for r in dialog.model.rows} == {"undo"}
    assert shown(dialog, 0, "source") == "Undo"


def test_filters_work_in_sql(main_window: Any, ctx: Any, qtbot: Any) -> None:
    org = first_member(ctx)
    edit_city(main_window, org.id, "Cremona")
    records.update_record(ctx.db, Contact, _any_contact(ctx).id, {"role": "Direttore"})
    dialog = open_history(main_window, qtbot)
    everything = dialog.page.total
    assert everything > 100  # the demo's creations plus the edits

    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("contact"))
    assert dialog.model.rows and {r.table_name for r in dialog.model.rows} == {"contact"}
    assert dialog.kind_combo.currentText() == "Contact"
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData("app"))
    assert [r.field for r in dialog.model.rows] == ["role"]

    dialog.clear_filters()
    assert dialog.page.total == everything
    dialog.search_edit.setText(org.name[:6].lower())
    dialog.reload()  # the search waits for typing to pause; do not wait in the test
    assert dialog.model.rows
    # The organisation's own entries and those of its records ("Fee 2025 of …").
    missing = [r for r in dialog.model.rows if org.name[:6].lower() not in r.record_text.lower()]
    assert not missing, [(r.table_name, r.record_id, r.record_text) for r in missing[:5]]

    dialog.set_filters(HistoryFilters(user=ctx.db.user))
    assert {r.user for r in dialog.model.rows} == {ctx.db.user}
    assert dialog.user_combo.currentData() == ctx.db.user

    today = date.today()
    dialog.set_filters(HistoryFilters(since=today, until=today))
    assert dialog.page.total == everything
    dialog.set_filters(HistoryFilters(until=today - timedelta(days=1)))
    assert dialog.page.total == 0 and dialog.empty_label.isVisible()
    dialog.set_filters(HistoryFilters(since=today + timedelta(days=1)))
    assert dialog.page.total == 0
    assert "0" in dialog.note_label.text()


def test_import_batch_filter(qtbot: Any, app_ctx: Any, ui_db: Database, tmp_path: Path) -> None:
    import openpyxl

    from workbench import importing

    path = tmp_path / "soci.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ragione sociale", "Comune"])
    sheet.append(["Zeta Impianti S.r.l.", "Lecco"])
    sheet.append(["Omega Lab S.r.l.", "Como"])
    book.save(path)
    ctx = app_ctx(ui_db)
    from workbench.services import members

    members.create_organisation(ui_db, {"name": "Edited by hand S.p.A."})
    table = importing.read_table(path)
    mapping = importing.suggest_mapping(table, "members", db=ui_db).mapping
    plan = importing.build_plan(ui_db, table, mapping, importing.PlanOptions())
    result = importing.apply_plan(ui_db, plan, file_path=path)

    dialog = HistoryDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    index = dialog.batch_combo.findData(result.batch_id)
    assert index > 0 and "soci.xlsx" in dialog.batch_combo.itemText(index)
    dialog.batch_combo.setCurrentIndex(index)
    rows = dialog.model.rows
    assert {r.record_label for r in rows if r.table_name == "organisation"} == {
        "Zeta Impianti S.r.l.",
        "Omega Lab S.r.l.",
    }
    assert {r.batch_id for r in rows} == {result.batch_id}
    assert {r.source for r in rows} == {"import"}
    assert shown(dialog, 0, "source") == f"Import #{result.batch_id}"


def test_limit_note_and_csv_export_of_all_matching(
    main_window: Any, ctx: Any, qtbot: Any, tmp_path: Path, dialogs: Any
) -> None:
    org = first_member(ctx)
    edit_city(main_window, org.id, "Cremona")
    dialog = open_history(main_window, qtbot)
    total = dialog.page.total
    dialog.row_limit = 25
    dialog.reload()
    assert len(dialog.model.rows) == 25 and dialog.page.truncated
    assert "newest 25 of" in dialog.note_label.text()

    path = tmp_path / "history.csv"
    dialog.export_csv(path)
    assert ctx.tasks.wait_all(20_000)
    assert dialog.last_export == path
    with open(path, encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    header, body = lines[0], lines[1:]
    assert header == [c.title for c in dialog.model.columns]
    assert len(body) == total  # all of them, not only the 25 shown
    city = body[0]
    assert city[header.index("Field")] == "City"
    assert city[header.index("After")] == "Cremona"
    assert city[header.index("Record")] == org.name
    assert city[header.index("Time")][:10] == date.today().isoformat()
    assert "written to" in dialogs.texts("info")[-1]


def test_double_click_opens_the_record_or_its_organisation(
    main_window: Any, ctx: Any, qtbot: Any, dialogs: Any
) -> None:
    contact = _any_contact(ctx)
    records.update_record(ctx.db, Contact, contact.id, {"role": "Direttore"})
    org = first_member(ctx)
    edit_city(main_window, org.id, "Cremona")
    for editor in main_window.findChildren(OrganisationEditor):
        editor.close()
    dialog = open_history(main_window, qtbot)

    contact_row = position_of(dialog, lambda r: r.table_name == "contact")
    with qtbot.waitSignal(ctx.bus.sig_open_record) as opened:
        _double_click(qtbot, dialog, contact_row)
    assert opened.args == ["organisation", contact.organisation_id]

    org_row = position_of(dialog, lambda r: r.table_name == "organisation")
    with qtbot.waitSignal(ctx.bus.sig_open_record) as opened:
        _double_click(qtbot, dialog, org_row)
    assert opened.args == ["organisation", org.id]
    editors = [e for e in main_window.findChildren(OrganisationEditor) if e.isVisible()]
    assert any(e.org_id == org.id for e in editors)

    gone = HistoryRow(
        0,
        dialog.model.rows[0].at,
        "x",
        "app",
        "delete",
        "project",
        999_999,
        "Old project",
        None,
        None,
        None,
        None,
    )
    assert dialog.open_row(gone) is False
    assert "no longer exists" in dialogs.texts("info")[-1]


def test_readable_values() -> None:
    assert readable_value(None) == ""
    assert readable_value("null") == ""
    assert readable_value(json.dumps("Milano")) == "Milano"
    assert readable_value("true") == "Yes" and readable_value("false") == "No"
    assert readable_value("12") == "12"
    assert readable_value(json.dumps("2024-03-15")) == "15/03/2024"
    record = readable_value(
        json.dumps({"id": 4, "organisation_id": 2, "last_name": "Rossi", "email": None})
    )
    assert record == "Last name: Rossi"
    assert readable_value("not json") == "not json"


def test_history_pages_many_entries(ui_db: Database) -> None:
    """100,000 entries: a filter gives the newest 5,000 of its 50,000, newest first.

    How long it takes is measured by benchmarks/bench_ui.py (history row), not asserted here.
    """
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from workbench.models import AuditEntry
    from workbench.services.base import unit_of_work

    start = datetime(2024, 1, 1, tzinfo=UTC)
    rows = [
        {
            "at": start + timedelta(minutes=i),
            "user": ("anna", "marco")[i % 2],
            "source": "app",
            "action": "update",
            "table_name": "organisation",
            "record_id": i % 5000,
            "record_label": f"Org {i % 5000}",
            "field": "city",
            "old_value": '"Milano"',
            "new_value": '"Cremona"',
        }
        for i in range(100_000)
    ]
    with unit_of_work(ui_db) as session:
        session.execute(insert(AuditEntry), rows)
    page = load_history(ui_db, HistoryFilters(user="anna"))
    assert len(page.rows) == 5000 and page.total == 50_000
    assert page.rows[0].at > page.rows[-1].at
    assert {row.user for row in page.rows} == {"anna"}


def _any_contact(ctx: Any) -> Contact:
    return records.list_records(ctx.db, Contact, order_by=[Contact.id], limit=1)[0]


def _double_click(qtbot: Any, dialog: HistoryDialog, row: int) -> None:
    dialog.view.scrollTo(dialog.model.index(row, 0))
    rect = dialog.view.visualRect(dialog.model.index(row, column(dialog, "record")))
    qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
