"""Day-one defects: a 1280x720 window, keyboard paths, first run, icons, Italian plurals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from workbench.ui.main_window import MainWindow


@pytest.fixture
def italian(qapp: Any) -> Any:
    """The interface in Italian for one test (English again afterwards)."""
    from workbench.ui import i18n

    i18n.apply_language("it", qapp)
    yield
    i18n.apply_language("en", qapp)


def _fits_1280x720(qtbot: Any, window: MainWindow) -> None:
    window.resize(1280, 720)
    for page_id in window.page_ids():
        page = window.show_page(page_id)
        qtbot.waitUntil(
            lambda p=page: not getattr(p, "is_loading", lambda: False)(), timeout=20_000
        )
        window.wait_for_tasks()
        hint = window.minimumSizeHint()
        assert hint.width() <= 1280 and hint.height() <= 720, (page_id, hint)
        window.resize(1280, 720)
        qtbot.waitUntil(lambda: window.width() == 1280 and window.height() == 720, timeout=2000)


@pytest.mark.parametrize("language", ["en", "it"])
def test_window_fits_1280x720_on_every_page(qtbot, ctx, qapp, language):
    from workbench.ui import i18n

    i18n.apply_language(language, qapp)
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        _fits_1280x720(qtbot, window)
        members = window.page("members")
        window.show_page("members")
        # At 1280 px the members filters wrap instead of widening the window.
        assert members.filter_bar.row_count() >= 1
        window.wait_for_tasks()
    finally:
        i18n.apply_language("en", qapp)


def _members_page(qtbot: Any, window: MainWindow) -> Any:
    page = window.show_page("members")
    qtbot.waitUntil(page.has_loaded, timeout=20_000)
    return page


def test_down_and_enter_go_from_the_search_box_to_the_table(qtbot, main_window):
    page = _members_page(qtbot, main_window)
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_edit.hasFocus()
    qtbot.keyClicks(page.search_edit, "a")
    assert page.model.rowCount() > 1
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    assert [r.row() for r in page.table.selectionModel().selectedRows()] == [0]
    # Enter with several rows left: to the table too, no editor.
    page.search_edit.setFocus()
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert page.table.hasFocus()
    assert not page._editors
    # Enter with exactly one row left opens it.
    name = page.model.row_at(0).name
    page.search_edit.setFocus()
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, name)
    assert page.model.rowCount() == 1
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: bool(page._editors), timeout=5000)
    editor = page._editors[-1]
    assert name in editor.windowTitle()
    editor.close()


def test_enter_opens_the_single_project_found(qtbot, main_window):
    page = main_window.show_page("projects")
    main_window.wait_for_tasks()  # rows are read in the background
    acronym = page.model.row_at(0).acronym
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, acronym)
    if page.model.rowCount() != 1:  # an acronym inside another project's title
        pytest.skip("acronym not unique in the demo")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.dialog is not None and page.dialog.isVisible()
    page.dialog.reject()


def test_ctrl_f_without_a_search_box_goes_to_the_members_search(qtbot, main_window):
    main_window.show_page("dashboard")
    main_window.wait_for_tasks()
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_id() == "members"
    assert main_window.page("members").search_edit.hasFocus()
    assert "no search" in main_window.statusBar().currentMessage()
    main_window.wait_for_tasks()


def test_ctrl_z_after_an_import_offers_to_undo_the_import(qtbot, app_ctx, ui_db, tmp_path, dialogs):
    import openpyxl
    from stdnum import luhn

    from workbench.services import members, org_records
    from workbench.ui.importing.page import STEP_MAPPING, STEP_PREVIEW, STEP_TABLE
    from workbench.ui.undo import ImportCommand, ServiceCommand, push_edit

    ctx = app_ctx(ui_db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # An edit first, with "&" in its label: the menu must show it literally.
    push_edit(
        ctx.undo_stack,
        ServiceCommand(
            "Create R&D Lab",
            lambda _c: members.create_organisation(ui_db, {"name": "R&D Lab"}),
            lambda c: org_records.delete_organisation(ui_db, c.result.id),
            bus=ctx.bus,
            table="organisation",
        ),
    )
    assert window.action_undo.text() == "Undo Create R&&D Lab"

    def vat(n: int) -> str:
        base = f"{n:07d}001"
        return "IT" + base + luhn.calc_check_digit(base)

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ragione sociale", "P.IVA", "Data adesione", "Città"])
    sheet.append(["Nuova Impresa Srl", vat(1234567), "2021-04-03", "Monza"])
    sheet.append(["Seconda Energia Srl", vat(7654321), "2022-06-05", "Lodi"])
    path = tmp_path / "members.xlsx"
    book.save(path)

    page = window.show_page("import")

    def step() -> None:
        page.next_button.click()
        qtbot.waitUntil(lambda: not page.is_busy(), timeout=60_000)

    page.start_import(path)
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=60_000)
    assert page.current_step() == STEP_TABLE
    step()
    if page.current_step() == STEP_MAPPING:
        step()
    assert page.current_step() == STEP_PREVIEW
    step()  # apply
    assert isinstance(ctx.undo_stack.command(ctx.undo_stack.index() - 1), ImportCommand)
    assert window.action_undo.text() == "Undo Import of members.xlsx (2 rows)"
    names = lambda: {r.name for r in members.member_rows(ui_db)}  # noqa: E731
    assert {"Nuova Impresa Srl", "Seconda Energia Srl", "R&D Lab"} <= names()

    dialogs.answer = False  # Cancel in the batch undo's confirmation: nothing changes
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Undo import no." in dialogs.texts("confirm")[-1]
    assert "R&D Lab" in names() and "Nuova Impresa Srl" in names()
    assert window.action_undo.text().startswith("Undo Import of members.xlsx")

    dialogs.answer = True
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=60_000)
    assert names() == {"R&D Lab"}  # the import is undone, the edit before it is not
    assert window.action_undo.text() == "Undo Create R&&D Lab"
    assert not window.action_redo.isEnabled()  # an undone import is not replayed
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names() == set()
    window.wait_for_tasks()


def test_first_report_on_a_fresh_home_creates_its_folder(qtbot, ctx, tmp_path, monkeypatch):
    from workbench.ui.pages.reports import ReportsPage

    home = tmp_path / "home"
    home.mkdir()  # a fresh account: no Documents folder
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    page = ReportsPage(ctx, open_file=lambda _path: True)
    qtbot.addWidget(page)
    page.show()
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("members"))
    suggested = page.suggested_path()
    assert suggested.parent.name == "Cluster Workbench"
    assert str(suggested).startswith(str(home))
    assert not suggested.parent.exists()
    page.generate_button.click()
    qtbot.waitUntil(lambda: not page.is_generating(), timeout=120_000)
    written = Path(page.path_edit.text())
    assert written.parent == suggested.parent and written.is_file()
    assert written.stat().st_size > 0


def test_every_sidebar_entry_has_its_own_icon(main_window):
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QStyle

    from workbench.ui.icons import icon_path

    def image(icon: Any) -> QImage:
        return icon.pixmap(20, 20).toImage().convertToFormat(QImage.Format.Format_ARGB32)

    standard = [
        image(main_window.style().standardIcon(pixmap))
        for pixmap in QStyle.StandardPixmap
        if pixmap.value < QStyle.StandardPixmap.SP_CustomBase.value
    ]
    seen = []
    for index, page_id in enumerate(main_window.page_ids()):
        item = main_window.sidebar.item(index)
        assert not item.icon().isNull(), page_id
        assert icon_path(page_id).read_text().startswith("<svg"), page_id
        drawn = image(item.icon())
        opaque = sum(1 for x in range(20) for y in range(20) if drawn.pixelColor(x, y).alpha() > 0)
        assert opaque > 20, page_id  # the SVG engine really drew something
        assert all(drawn != other for other in standard), page_id
        assert all(drawn != other for other in seen), page_id
        seen.append(drawn)
    assert not main_window.windowIcon().isNull()


def test_welcome_loads_the_demo_into_demo_db_and_switches_back(qtbot, app_ctx, tmp_path):
    from workbench.db import open_database
    from workbench.ui.app import is_empty, offer_demo
    from workbench.ui.settings import recent_databases

    own_path = tmp_path / "data" / "workbench.db"
    own_path.parent.mkdir()
    own = open_database(own_path)
    ctx = app_ctx(own)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    dialog = offer_demo(window)
    assert dialog is not None and dialog.isVisible()
    assert dialog.demo_button.isDefault() and not dialog.empty_button.isDefault()
    assert dialog.demo_button.text() == "Load demo"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter = the default button
    qtbot.waitUntil(lambda: window.ctx.db.path == own_path.parent / "demo.db", timeout=10_000)
    window.wait_for_tasks(120_000)
    qtbot.waitUntil(lambda: not is_empty(window.ctx.db), timeout=10_000)
    assert window.is_demo()
    assert "Demo database" in window.windowTitle()
    assert window.demo_banner.isVisible()
    back = [
        a for a in window.menu("File").actions() if a.text().replace("&", "") == "Open my database"
    ]
    assert back and back[0].isVisible()
    # The user's own database got nothing.
    check = open_database(own_path)
    assert is_empty(check)
    check.dispose()
    assert str(own_path) in recent_databases(ctx.settings)
    assert str(own_path.parent / "demo.db") in recent_databases(ctx.settings)

    back[0].trigger()
    assert window.ctx.db.path == own_path
    assert not window.is_demo()
    assert "Demo database" not in window.windowTitle()
    assert not window.demo_banner.isVisible()
    assert not window.action_own_db.isVisible()
    window.wait_for_tasks()


def test_left_this_year_counts_only_memberships_ended_by_today(qtbot, app_ctx, ui_db):
    from datetime import date, timedelta

    from workbench.services import members
    from workbench.ui.pages.dashboard import DashboardPage

    today = date.today()
    year_end = date(today.year, 12, 31)
    ending = members.create_organisation(
        ui_db, {"name": "Ends At Year End Srl"}, join_date=date(today.year - 3, 2, 1)
    )
    members.end_membership(ui_db, [ending.id], year_end)  # still a member today
    gone = members.create_organisation(
        ui_db, {"name": "Already Gone Srl"}, join_date=date(today.year - 3, 2, 1)
    )
    left_on = max(date(today.year, 1, 1), today - timedelta(days=1))
    members.end_membership(ui_db, [gone.id], left_on)  # no longer a member today
    members.create_organisation(ui_db, {"name": "Stays Srl"}, join_date=date(today.year - 3, 2, 1))

    page = DashboardPage(app_ctx(ui_db))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.sig_loaded, timeout=20_000):
        page.show()
    expected = 2 if today == year_end else 1  # on 31/12 the year-end leaver has left too
    assert page.left_card.value_label.text() == str(expected)
    assert page.left_card.caption_label.text() == f"left in {today.year}"
    # The members today and the year's total agree with the same rule.
    members_today = 1 if today == year_end else 2
    assert page.members_card.value_label.text() == str(members_today)
    assert page.data.movements[-1].total_at_end == members_today
    # Past years are unchanged: a complete year counts every leave dated in it.
    last_year = members.movements(ui_db, [today.year - 1], as_of=today)[0]
    assert last_year == members.movements(ui_db, [today.year - 1])[0]


def _intro(dialog: Any) -> str:
    from PySide6.QtWidgets import QLabel

    return dialog.findChildren(QLabel)[0].text()


def test_italian_plural_forms_for_one_and_two(qtbot, italian):
    from workbench.ui.dialogs.org_bulk import BulkActionDialog
    from workbench.ui.i18n import ntr

    one = BulkActionDialog("end", [], 1)
    two = BulkActionDialog("end", [], 2)
    many = BulkActionDialog("end", [], 12_500)
    for dialog in (one, two, many):
        qtbot.addWidget(dialog)
    assert _intro(one) == "1 organizzazione selezionata."
    assert _intro(two) == "2 organizzazioni selezionate."
    assert _intro(many) == "12.500 organizzazioni selezionate."  # %Ln: the locale's grouping

    def rows(n: int) -> str:
        return ntr("%Ln row has errors", "%Ln rows have errors", n)

    assert rows(1) == "1 riga ha errori"
    assert rows(2) == "2 righe hanno errori"
    assert rows(2959) == "2.959 righe hanno errori"  # every count grouped
    assert ntr("Import of {file} (%Ln row)", "Import of {file} (%Ln rows)", 1).format(
        file="soci.xlsx"
    ) == ("Importazione di soci.xlsx (1 riga)")


def test_english_plural_forms_for_one_and_two(qtbot):
    from workbench.ui.dialogs.org_bulk import BulkActionDialog

    one = BulkActionDialog("end", [], 1)
    two = BulkActionDialog("end", [], 2)
    for dialog in (one, two):
        qtbot.addWidget(dialog)
    assert _intro(one) == "1 organisation selected."
    assert _intro(two) == "2 organisations selected."
