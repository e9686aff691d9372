"""Lists you can act on (issue 17.1): row menu, columns, saved filters, fee filter, bulk edit.

Real widgets on the demo cluster. "Restart" means a new main window on the same settings
file and database, as the program would open them next time.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QLayout, QPushButton

from workbench.models import Organisation, OrgType, Project, ProjectStatus
from workbench.rules.fees import FeeStatus, fee_status
from workbench.services import members as members_service
from workbench.services.base import get_record
from workbench.ui.settings import open_settings


@pytest.fixture
def members(main_window: Any, qtbot: Any) -> Any:
    page = main_window.show_page("members")
    qtbot.waitUntil(page.has_loaded, timeout=15_000)
    main_window.wait_for_tasks()
    return page


def reloaded(page: Any, window: Any, qtbot: Any) -> None:
    QApplication.processEvents()
    window.wait_for_tasks()
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=15_000)


def row_position(view: Any, row: int) -> QPoint:
    return view.visualRect(view.model().index(row, 0)).center()


def right_click(view: Any, pos: QPoint) -> None:
    """What a right-click delivers (the offscreen platform makes no context-menu event)."""
    viewport = view.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)


def texts(menu: Any) -> list[str]:
    return [a.text().replace("&&", "&") for a in menu.actions() if a.text()]


# --------------------------------------------------------------------------- row menu


def test_right_click_selects_the_row_and_offers_the_page_actions(
    members: Any, qtbot: Any, main_window: Any
) -> None:
    view = members.table
    right_click(view, row_position(view, 2))
    menu = members.list_tools.row_menu
    assert menu is not None and menu.isVisible()
    assert members.selected_rows() == [members.model.rows[2]]
    shown = texts(menu)
    for expected in ("Open", "Delete", "Assign to competence area…", "Mark fee paid…"):
        assert expected in shown
    for own in ("Export to Excel…", "Print…", "Edit a field of the selected rows…"):
        assert own in shown
    assert "List" not in shown  # the List button itself is not mirrored
    open_item = next(a for a in menu.actions() if a.text() == "Open")
    menu.hide()
    open_item.trigger()
    assert [e.org_id for e in members.open_editors()] == [members.model.rows[2].id]


def test_an_action_added_later_appears_in_the_row_menu(members: Any) -> None:
    # Another feature (say "Merge…") adds a button to the toolbar: the menu picks it up.
    merge = QPushButton("Merge…", members)
    clicked: list[bool] = []
    merge.clicked.connect(lambda: clicked.append(True))
    layout = next(
        lay for lay in members.findChildren(QLayout) if lay.indexOf(members.edit_button) >= 0
    )
    layout.insertWidget(layout.indexOf(members.delete_button) + 1, merge)
    menu = members.list_tools.open_row_menu(row_position(members.table, 0))
    item = next(a for a in menu.actions() if a.text() == "Merge…")
    item.trigger()
    assert clicked == [True]


def test_row_menu_on_the_other_list_pages(main_window: Any) -> None:
    for page_id, new_text in (
        ("projects", "New project…"),
        ("activities", "New activity…"),
        ("areas", "New area…"),
        ("pillars", "New pillar…"),
    ):
        page = main_window.show_page(page_id)
        main_window.wait_for_tasks()  # rows are read in the background
        view = page.list_tools.view
        menu = page.list_tools.open_row_menu(row_position(view, 0))
        shown = texts(menu)
        assert new_text in shown and "Edit…" in shown and "Delete" in shown, page_id
        assert "Export to CSV…" in shown, page_id


# --------------------------------------------------------------------------- columns


def test_column_chooser_hides_columns_and_the_header_is_remembered(
    main_window: Any, ctx: Any, qtbot: Any, app_ctx: Any
) -> None:
    from workbench.ui.pages.projects import ProjectsPage

    page = main_window.show_page("projects")

    main_window.wait_for_tasks()  # rows are read in the background
    header = page.view.horizontalHeader()
    chooser = page.list_tools.columns
    right_click(header, QPoint(header.sectionViewportPosition(1) + 5, 5))
    menu = chooser.last_menu
    assert menu is not None and menu.isVisible()
    next(a for a in menu.actions() if a.text() == "Programme").trigger()
    menu.hide()
    assert header.isSectionHidden(2)
    header.moveSection(header.visualIndex(8), 0)  # Partners first
    header.resizeSection(0, 177)
    ctx.settings.sync()

    again = ProjectsPage(app_ctx(ctx.db))
    qtbot.addWidget(again)
    other = again.view.horizontalHeader()
    assert other.isSectionHidden(2)
    assert other.logicalIndex(0) == 8
    assert other.sectionSize(0) == 177

    # The last visible column cannot be hidden; Reset brings every column back in order.
    for logical in range(other.count()):
        again.list_tools.columns.set_column_shown(logical, False)
    assert [i for i in range(other.count()) if not other.isSectionHidden(i)] == [8]
    again.list_tools.columns.reset()
    assert not any(other.isSectionHidden(i) for i in range(other.count()))
    assert [other.logicalIndex(v) for v in range(other.count())] == list(range(other.count()))


# --------------------------------------------------------------------------- saved filters


def test_saved_filters_survive_a_restart(
    members: Any, main_window: Any, qtbot: Any, app_ctx: Any, settings_file: Any
) -> None:
    from workbench.ui.main_window import MainWindow

    area = members.areas()[0]
    year = members._as_of().year
    members.set_filters(org_type=OrgType.COMPANY, area_id=area.id)
    members.fee_filter.set_filter(FeeStatus.UNPAID, year)
    expected = [r.id for r in members.model.rows]
    dialog = members.list_tools.open_save_filters()
    qtbot.keyClicks(dialog.name_edit, "Companies in the area, fee unpaid")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert members.list_tools.store.names() == ["Companies in the area, fee unpaid"]
    main_window.close()

    # A new window on the same settings file and database.
    ctx = app_ctx(main_window.ctx.db)
    ctx.settings = open_settings(settings_file)
    window = MainWindow(ctx)
    ctx.settings.setParent(window)  # lives as long as the window that reads it
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("members")
    qtbot.waitUntil(page.has_loaded, timeout=15_000)
    window.wait_for_tasks()
    assert page.type_combo.currentData() is None  # filters start cleared
    tools = page.list_tools
    tools.menu.aboutToShow.emit()
    saved = next(a for a in tools.menu.actions() if a.text() == "Saved filters").menu()
    item = next(a for a in saved.actions() if a.text() == "Companies in the area, fee unpaid")
    item.trigger()
    assert page.type_combo.currentData() == OrgType.COMPANY
    assert page.area_combo.currentData() == area.id
    assert page.fee_filter.status_combo.currentData() == FeeStatus.UNPAID
    assert [r.id for r in page.model.rows] == expected
    assert "fee " + str(year) in page.filter_description()
    tools.delete_filters("Companies in the area, fee unpaid")
    assert tools.store.names() == []


def test_saving_filters_without_a_name_asks_for_one(members: Any) -> None:
    dialog = members.list_tools.open_save_filters()
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible() and "name" in dialog.message.text()
    assert members.list_tools.store.names() == []


# --------------------------------------------------------------------------- fee filter


def test_fee_filter_by_status_and_year_follows_the_fee_rule(members: Any, ctx: Any) -> None:
    from workbench.models import Fee
    from workbench.services.base import list_records

    fees = list_records(ctx.db, Fee)
    year = max(f.year for f in fees)
    by_org = {
        f.organisation_id: fee_status(f.amount_due, f.amount_paid) for f in fees if f.year == year
    }
    members.set_filters(status="all")
    for status in FeeStatus:
        members.fee_filter.set_filter(status, year)
        shown = {r.id for r in members.model.rows}
        wanted = {
            r.id for r in members.model.all_rows if by_org.get(r.id, FeeStatus.NONE) == status
        }
        assert shown == wanted, status
    assert members.fee_filter.year_spin.isEnabled()
    members.fee_filter.set_filter(None)
    assert len(members.model.rows) == len(members.model.all_rows)
    assert not members.fee_filter.year_spin.isEnabled()


# --------------------------------------------------------------------------- bulk edit


def test_bulk_edit_of_projects_is_one_undo_step(main_window: Any, ctx: Any, qtbot: Any) -> None:
    page = main_window.show_page("projects")
    main_window.wait_for_tasks()  # rows are read in the background
    view = page.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=row_position(view, 0))
    for row in (1, 2):
        qtbot.mouseClick(
            view.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ControlModifier,
            row_position(view, row),
        )
    chosen = page.list_tools.selected_rows()
    assert len(chosen) == 3
    before = {p.id: p.status for p in chosen}
    steps = ctx.undo_stack.count()
    dialog = page.list_tools.open_bulk_edit()
    form = dialog.choose_field("status")
    combo = form.editor("status")
    combo.setCurrentIndex(combo.findData(ProjectStatus.CLOSED))
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert {get_record(ctx.db, Project, i).status for i in before} == {ProjectStatus.CLOSED}
    assert ctx.undo_stack.count() == steps + 1
    assert "3 rows" in ctx.undo_stack.undoText()
    main_window.action_undo.trigger()
    assert {i: get_record(ctx.db, Project, i).status for i in before} == before
    ctx.undo_stack.redo()
    assert {get_record(ctx.db, Project, i).status for i in before} == {ProjectStatus.CLOSED}


def test_bulk_edit_of_members_and_a_refused_value(
    members: Any, ctx: Any, main_window: Any, qtbot: Any
) -> None:
    ids = [r.id for r in members.model.rows[:4]]
    members.select_ids(ids)
    dialog = members.list_tools.open_bulk_edit()
    form = dialog.choose_field("country")
    form.editor("country").setText("Italy")  # not a two-letter code: refused, nothing written
    dialog.ok_button.click()
    assert dialog.isVisible()
    shown = [label.text() for label in form.error_labels.values() if label.isVisible()]
    assert len(shown) == 1 and "two-letter" in shown[0]
    assert {get_record(ctx.db, Organisation, i).country for i in ids} == {"IT"}
    form = dialog.choose_field("city")
    qtbot.keyClicks(form.editor("city"), "Trento")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert {get_record(ctx.db, Organisation, i).city for i in ids} == {"Trento"}
    reloaded(members, main_window, qtbot)
    assert {r.city for r in members.model.all_rows if r.id in ids} == {"Trento"}
    main_window.action_undo.trigger()
    assert "Trento" not in {get_record(ctx.db, Organisation, i).city for i in ids}
    assert members_service  # the page reloads from the service after undo


# --------------------------------------------------------------------------- Italian


def test_every_list_string_has_an_italian_translation(qapp: Any) -> None:
    import ast
    from pathlib import Path

    from babel.messages.pofile import read_po

    import workbench.ui.lists as lists_package
    from workbench.resources import resource_path

    with resource_path("locale", "it", "LC_MESSAGES", "workbench.po").open("rb") as po:
        catalogue = read_po(po, locale="it")
    known = {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalogue
        if message.id and message.string
    }
    missing = []
    for path in Path(lists_package.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", None)) == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                if node.args[0].value not in known:
                    missing.append(f"{path.name}: {node.args[0].value}")
    assert missing == []


def test_list_menu_in_italian(members: Any, qapp: Any, main_window: Any) -> None:
    from workbench.ui import i18n

    try:
        i18n.apply_language("it", qapp)
        from workbench.ui.lists.list_tools import ListSpec, ListTools

        tools = ListTools(members, ListSpec(key="x", view=members.table, title=lambda: "Soci"))
        assert "Esporta in Excel…" in texts(tools.menu)
        assert tools.shown().label("rows", "") == "Righe"
    finally:
        i18n.apply_language("en", qapp)
