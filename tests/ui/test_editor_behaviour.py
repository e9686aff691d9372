"""Record editors driven like a user: reopening, Ctrl+S, closing with changes, Tab, focus.

Everything goes through real widgets: mouse clicks and double-clicks on the members table,
Enter, Ctrl+N, the Edit… button, "open this record" from elsewhere (History, search results),
and the real Save / Discard / Cancel message box when an editor with changes is closed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPlainTextEdit, QWidget

from workbench.models import Organisation, Project
from workbench.services.base import get_record, list_records
from workbench.ui.editor import OrganisationEditor
from workbench.ui.widgets import messages


@pytest.fixture
def page(main_window: Any, qtbot: Any) -> Any:
    page = main_window.show_page("members")
    qtbot.waitUntil(page.has_loaded, timeout=15_000)
    main_window.wait_for_tasks()
    return page


@pytest.fixture(autouse=True)
def close_dialogs_left_open() -> Any:
    """A modal editor left open would take the keyboard from the next test."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.done(QDialog.DialogCode.Rejected)


def activate(qtbot: Any, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def ctrl_s(qtbot: Any, widget: QWidget, survivor: QWidget) -> None:
    """Press Ctrl+S on *widget*, then release Ctrl on *survivor*, which outlives a closed dialog.

    Qt takes the keyboard modifiers from the last key event: without the final Ctrl release,
    Ctrl would count as held afterwards and later clicks would act as Ctrl+clicks.
    """
    qtbot.keyPress(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyRelease(survivor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyRelease(survivor, Qt.Key.Key_Control)


def closed(dialog: QDialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def open_editors(main_window: Any) -> list[OrganisationEditor]:
    return [
        e
        for e in main_window.findChildren(OrganisationEditor)
        if shiboken6.isValid(e) and e.isVisible()
    ]


def the_editor(qtbot: Any, main_window: Any) -> OrganisationEditor:
    qtbot.waitUntil(lambda: len(open_editors(main_window)) == 1)
    editor = open_editors(main_window)[0]
    qtbot.waitExposed(editor)
    return editor


def select_first_row(qtbot: Any, page: Any) -> Any:
    index = page.model.index(0, 0)
    page.table.setCurrentIndex(index)
    page.table.selectRow(0)
    return index


def _double_click(qtbot: Any, main_window: Any, page: Any) -> None:
    index = select_first_row(qtbot, page)
    rect = page.table.visualRect(index)
    # A double-click is a click and a second press: the view opens only a row it saw pressed.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _enter(qtbot: Any, main_window: Any, page: Any) -> None:
    select_first_row(qtbot, page)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)


def _ctrl_n(qtbot: Any, main_window: Any, page: Any) -> None:
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)


def _edit_button(qtbot: Any, main_window: Any, page: Any) -> None:
    select_first_row(qtbot, page)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)


def _from_elsewhere(qtbot: Any, main_window: Any, page: Any) -> None:
    # What History, indicator drill-downs, search and import results send.
    main_window.ctx.bus.sig_open_record.emit("organisation", page.model.row_at(0).id)


ROUTES: dict[str, Callable[[Any, Any, Any], None]] = {
    "double-click": _double_click,
    "enter": _enter,
    "ctrl-n": _ctrl_n,
    "edit-button": _edit_button,
    "history-or-search": _from_elsewhere,
}


@pytest.mark.parametrize("route", list(ROUTES))
def test_editor_reopens_ten_times(
    qtbot: Any, main_window: Any, page: Any, dialogs: Any, route: str
) -> None:
    for attempt in range(10):
        activate(qtbot, main_window)
        ROUTES[route](qtbot, main_window, page)
        editor = the_editor(qtbot, main_window)
        assert "error" not in dialogs.kinds(), (attempt, dialogs.shown)
        # Close it like a user: Esc, or the Cancel button every other time.
        if attempt % 2:
            qtbot.keyClick(editor, Qt.Key.Key_Escape)
        else:
            qtbot.mouseClick(
                editor.buttons.button(editor.buttons.StandardButton.Cancel),
                Qt.MouseButton.LeftButton,
            )
        qtbot.waitUntil(lambda e=editor: closed(e))
    assert not dialogs.shown
    assert page.open_editors() == []


def test_editor_opens_with_the_cursor_in_the_name(qtbot: Any, main_window: Any, page: Any) -> None:
    page.new_record()
    editor = the_editor(qtbot, main_window)
    activate(qtbot, editor)
    assert editor.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.fields["name"])
    qtbot.keyClicks(QApplication.focusWidget(), "Typed first")
    assert editor.fields["name"].text() == "Typed first"


def test_tab_leaves_the_notes(qtbot: Any, main_window: Any, page: Any) -> None:
    page.new_record()
    editor = the_editor(qtbot, main_window)
    activate(qtbot, editor)
    notes = editor.notes_edit
    notes.setFocus()
    qtbot.keyClicks(notes, "first line")
    qtbot.keyClick(notes, Qt.Key.Key_Tab)
    assert notes.toPlainText() == "first line"
    assert not notes.hasFocus()


def test_row_dialog_notes_tab_and_first_field_focus(
    qtbot: Any, main_window: Any, page: Any
) -> None:
    page.new_record()
    editor = the_editor(qtbot, main_window)
    dialog = editor.sections["contacts"].edit_row(None)
    activate(qtbot, dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.widgets["first_name"])
    notes = dialog.widgets["notes"]
    assert isinstance(notes, QPlainTextEdit)
    notes.setFocus()
    qtbot.keyClick(notes, Qt.Key.Key_Tab)
    assert notes.toPlainText() == "" and not notes.hasFocus()


def test_ctrl_s_saves_the_organisation(qtbot: Any, main_window: Any, page: Any, ctx: Any) -> None:
    select_first_row(qtbot, page)
    org_id = page.model.row_at(0).id
    page.open_selected()
    editor = the_editor(qtbot, main_window)
    activate(qtbot, editor)
    name = editor.fields["name"]
    name.selectAll()
    qtbot.keyClicks(name, "Saved With Ctrl S")
    ctrl_s(qtbot, name, main_window)
    qtbot.waitUntil(lambda: closed(editor))
    assert get_record(ctx.db, Organisation, org_id).name == "Saved With Ctrl S"


def test_ctrl_s_with_a_problem_keeps_the_editor_open(
    qtbot: Any, main_window: Any, page: Any, ctx: Any
) -> None:
    page.new_record()
    editor = the_editor(qtbot, main_window)
    activate(qtbot, editor)
    before = len(list_records(ctx.db, Organisation))
    ctrl_s(qtbot, editor.fields["name"], editor)
    assert editor.isVisible() and editor.error_text("name")
    assert len(list_records(ctx.db, Organisation)) == before


def test_ctrl_s_in_record_dialogs(qtbot: Any, main_window: Any, ctx: Any) -> None:
    """Ctrl+S is OK in the other record editors too (project here, a fee row below)."""
    projects = main_window.show_page("projects")
    dialog = projects.open_new()
    activate(qtbot, dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.form.editor("acronym"))
    qtbot.keyClicks(dialog.form.editor("acronym"), "CTRLS")
    qtbot.keyClicks(dialog.form.editor("title"), "Saved from the keyboard")
    ctrl_s(qtbot, dialog.form.editor("title"), main_window)
    qtbot.waitUntil(lambda: closed(dialog))
    assert "CTRLS" in [p.acronym for p in list_records(ctx.db, Project)]

    members = main_window.show_page("members")
    qtbot.waitUntil(members.has_loaded, timeout=15_000)
    members.new_record()
    editor = the_editor(qtbot, main_window)
    row = editor.sections["fees"].edit_row(None)
    activate(qtbot, row)
    qtbot.keyClicks(row.widgets["amount_due"], "120")
    ctrl_s(qtbot, row.widgets["amount_due"], editor)
    qtbot.waitUntil(lambda: closed(row))
    assert len(editor.sections["fees"].rows()) == 1
    assert editor.isVisible()  # the row's Ctrl+S accepts the row, not the whole editor


# --------------------------------------------------------------------------- closing with changes


def answer_box(qtbot: Any, button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Click *button* in the unsaved-changes box as soon as it is shown (it is modal)."""

    def click() -> None:
        boxes = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "unsavedChangesBox"
        ]
        box = next((b for b in boxes if b.isVisible()), None)
        if box is None:
            QTimer.singleShot(10, click)
            return
        seen.append(box.text())
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)


@pytest.fixture
def real_boxes() -> Any:
    """Show the real message boxes (the autouse ``dialogs`` fixture answers them otherwise)."""
    messages.set_responder(None)
    yield
    messages.set_responder(None)


def modified_editor(qtbot: Any, main_window: Any, page: Any, text: str) -> OrganisationEditor:
    select_first_row(qtbot, page)
    page.open_selected()
    editor = the_editor(qtbot, main_window)
    activate(qtbot, editor)
    name = editor.fields["name"]
    name.selectAll()
    qtbot.keyClicks(name, text)
    assert editor.is_modified()
    return editor


def test_esc_with_changes_save_saves_and_closes(
    qtbot: Any, main_window: Any, page: Any, ctx: Any, real_boxes: Any
) -> None:
    org_id = page.model.row_at(0).id
    editor = modified_editor(qtbot, main_window, page, "Saved on Esc")
    seen: list[str] = []
    answer_box(qtbot, QMessageBox.StandardButton.Save, seen)
    qtbot.keyClick(editor.fields["name"], Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(editor))
    assert seen == ["Save your changes to Saved on Esc before closing?"]
    assert get_record(ctx.db, Organisation, org_id).name == "Saved on Esc"


def test_esc_with_changes_save_with_a_problem_stays_open(
    qtbot: Any, main_window: Any, page: Any, ctx: Any, real_boxes: Any
) -> None:
    org = get_record(ctx.db, Organisation, page.model.row_at(0).id)
    editor = modified_editor(qtbot, main_window, page, "x")
    editor.fields["name"].clear()  # an empty name does not pass the checks
    seen: list[str] = []
    answer_box(qtbot, QMessageBox.StandardButton.Save, seen)
    qtbot.keyClick(editor.fields["name"], Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(seen))
    assert editor.isVisible() and editor.error_text("name")
    assert get_record(ctx.db, Organisation, org.id).name == org.name


def test_esc_with_changes_discard_closes_without_saving(
    qtbot: Any, main_window: Any, page: Any, ctx: Any, real_boxes: Any
) -> None:
    org = get_record(ctx.db, Organisation, page.model.row_at(0).id)
    editor = modified_editor(qtbot, main_window, page, "Thrown away")
    seen: list[str] = []
    answer_box(qtbot, QMessageBox.StandardButton.Discard, seen)
    qtbot.keyClick(editor.fields["name"], Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(editor))
    assert seen and get_record(ctx.db, Organisation, org.id).name == org.name


def test_esc_with_changes_cancel_keeps_editing(
    qtbot: Any, main_window: Any, page: Any, ctx: Any, real_boxes: Any
) -> None:
    org = get_record(ctx.db, Organisation, page.model.row_at(0).id)
    editor = modified_editor(qtbot, main_window, page, "Still editing")
    seen: list[str] = []
    answer_box(qtbot, QMessageBox.StandardButton.Cancel, seen)
    qtbot.keyClick(editor.fields["name"], Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(seen))
    assert editor.isVisible() and editor.fields["name"].text() == "Still editing"
    assert get_record(ctx.db, Organisation, org.id).name == org.name
    editor.fields["name"].setText(org.name)  # unchanged again: Esc closes without asking
    qtbot.keyClick(editor.fields["name"], Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(editor))


def test_esc_without_changes_closes_at_once(qtbot: Any, main_window: Any, page: Any) -> None:
    select_first_row(qtbot, page)
    page.open_selected()
    editor = the_editor(qtbot, main_window)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(editor))


@pytest.mark.parametrize("answer", ["save", "discard", "cancel"])
def test_record_dialog_esc_asks_about_unsaved_changes(
    qtbot: Any, main_window: Any, ctx: Any, dialogs: Any, answer: str
) -> None:
    projects = main_window.show_page("projects")
    dialog = projects.open_new()
    activate(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed yet: closes without a question
    qtbot.waitUntil(lambda: closed(dialog))
    assert "unsaved" not in dialogs.kinds()

    dialog = projects.open_new()
    activate(qtbot, dialog)
    qtbot.keyClicks(dialog.form.editor("acronym"), "ESC" + answer.upper())
    qtbot.keyClicks(dialog.form.editor("title"), "Closed with Esc")
    start = dialog.form.editor("start_date")
    qtbot.keyClicks(start.line_edit, "31/02/2027")  # not a date
    dialogs.unsaved = answer
    qtbot.keyClick(start.line_edit, Qt.Key.Key_Escape)
    assert dialogs.kinds().count("unsaved") == 1
    acronyms = [p.acronym for p in list_records(ctx.db, Project)]
    if answer == "save":  # Save is OK: the unreadable date keeps the dialog open, shown
        assert dialog.isVisible() and "ESCSAVE" not in acronyms
        assert start.error_label.isVisible() and start.line_edit.hasFocus()
        start.line_edit.selectAll()
        qtbot.keyClicks(start.line_edit, "28/02/2027")
        qtbot.keyClick(start.line_edit, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: closed(dialog))
        saved = next(p for p in list_records(ctx.db, Project) if p.acronym == "ESCSAVE")
        assert saved.start_date == date(2027, 2, 28)
    elif answer == "discard":
        qtbot.waitUntil(lambda: closed(dialog))
        assert "ESCDISCARD" not in acronyms
    else:
        assert dialog.isVisible() and dialog.form.editor("acronym").text() == "ESCCANCEL"
        dialogs.unsaved = "discard"
        dialog.reject()


@pytest.mark.parametrize("answer", ["save", "discard", "cancel"])
def test_row_dialog_esc_asks_about_unsaved_changes(
    qtbot: Any, main_window: Any, page: Any, dialogs: Any, answer: str
) -> None:
    page.new_record()
    editor = the_editor(qtbot, main_window)
    fees = editor.sections["fees"]
    row = fees.edit_row(None)
    activate(qtbot, row)
    qtbot.keyClick(row, Qt.Key.Key_Escape)  # unchanged: closes without a question
    qtbot.waitUntil(lambda: closed(row))
    assert "unsaved" not in dialogs.kinds()

    row = fees.edit_row(None)
    activate(qtbot, row)
    qtbot.keyClicks(row.widgets["amount_due"], "80")
    dialogs.unsaved = answer
    qtbot.keyClick(row.widgets["amount_due"], Qt.Key.Key_Escape)
    assert dialogs.kinds().count("unsaved") == 1
    if answer == "save":
        qtbot.waitUntil(lambda: closed(row))
        assert [r["amount_due"] for r in fees.rows()] == [Decimal("80")]
    elif answer == "discard":
        qtbot.waitUntil(lambda: closed(row))
        assert fees.rows() == []
    else:
        assert row.isVisible() and fees.rows() == []
    assert editor.isVisible()
