"""Typed dates in every kind of dialog that has one, driven through real widgets.

Each case opens a real dialog the way the interface does, clicks into its date field and
types like a user: into an empty field, over an existing date, in every accepted form, and
text that is not a date (which must show a message under the field and keep OK from
accepting until it is corrected or cleared). A few cases then save and read the stored date
back from the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QWidget

from workbench.models import Activity, Organisation, Project, StaffMember
from workbench.services import base as records
from workbench.services import taxonomy
from workbench.ui.dialogs.org_bulk import BulkActionDialog
from workbench.ui.editor import OrganisationEditor
from workbench.ui.widgets.inputs import OptionalDateEdit


@pytest.fixture(autouse=True)
def day_first_locale(qapp: Any) -> Any:
    """The interface's English locale (en_GB: day/month/year, like Italian)."""
    saved = QLocale()
    QLocale.setDefault(QLocale("en_GB"))
    yield
    QLocale.setDefault(saved)


# --------------------------------------------------------------------------- driving helpers


def activate(qtbot: Any, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def select_field(qtbot: Any, edit: OptionalDateEdit) -> None:
    """Click into the field, which selects its whole date (Ctrl+A when it has the focus)."""
    activate(qtbot, edit.window())
    if edit.line_edit.hasFocus():
        qtbot.keyClick(edit.line_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    else:
        qtbot.mouseClick(edit.line_edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: edit.line_edit.selectedText() == edit.line_edit.text())


def type_date(qtbot: Any, edit: OptionalDateEdit, text: str) -> None:
    """Click into the field, type *text* over its date and leave it with Tab."""
    select_field(qtbot, edit)
    qtbot.keyClicks(edit.line_edit, text)
    qtbot.keyClick(edit.line_edit, Qt.Key.Key_Tab)
    assert not edit.line_edit.hasFocus()


def clear_date(qtbot: Any, edit: OptionalDateEdit) -> None:
    """Select the text, delete it and leave the field."""
    select_field(qtbot, edit)
    qtbot.keyClick(edit.line_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit.line_edit, Qt.Key.Key_Tab)


def closed(dialog: QDialog) -> bool:
    """True once *dialog* is hidden or deleted (record dialogs delete themselves)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def accept_button(dialog: QDialog) -> Any:
    box = next(b for b in dialog.findChildren(QDialogButtonBox) if b.window() is dialog)
    return next(
        b for b in box.buttons() if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole
    )


# --------------------------------------------------------------------------- the dialogs


@dataclass
class Opened:
    dialog: QDialog
    edit: OptionalDateEdit
    fill: Callable[[Any], None] = lambda qtbot: None  # the dialog's other required fields
    saved: Callable[[], date | None] | None = None  # the stored date after OK (and Save)
    owner: Any = None  # the page or editor it was opened from (kept alive for the test)


def _editor(ctx: Any, qtbot: Any) -> OrganisationEditor:
    org = records.list_records(ctx.db, Organisation)[0]
    editor = OrganisationEditor(ctx, org.id)
    qtbot.addWidget(editor)
    editor.open()
    qtbot.waitExposed(editor)
    return editor


def _row_dialog(section: str, key: str) -> Callable[[Any, Any], Opened]:
    def open_(ctx: Any, qtbot: Any) -> Opened:
        editor = _editor(ctx, qtbot)
        if section == "memberships":
            # The typed dates would overlap the member's own periods, which the membership
            # rule refuses (tested in test_editor_rules); this test is about typing dates.
            editor.sections["memberships"].set_rows([])
        dialog = editor.sections[section].edit_row(None)
        qtbot.waitExposed(dialog)

        def fill(qtbot: Any) -> None:
            if section == "fees":
                year = max((r["year"] for r in editor.sections["fees"].rows()), default=2020)
                dialog.set_value("year", year + 1)
                qtbot.keyClicks(dialog.widgets["amount_due"], "100")
            if section == "contacts":
                qtbot.keyClicks(dialog.widgets["last_name"], "Rossi")
                dialog.widgets["consent"].setChecked(True)
            if section == "area_participations":
                dialog.widgets["area_id"].setCurrentIndex(0)
            if key in ("leave_date", "to_date"):  # an end needs an earlier start
                start = "join_date" if key == "leave_date" else "from_date"
                dialog.set_value(start, date(2000, 1, 1))

        def saved() -> date | None:
            rows = editor.sections[section].rows()
            return rows[-1][key]

        return Opened(dialog, dialog.widgets[key], fill, saved, editor)

    return open_


def _end_membership(ctx: Any, qtbot: Any) -> Opened:
    editor = _editor(ctx, qtbot)
    section = editor.sections["memberships"]
    if not [r for r in section.rows() if r.get("leave_date") is None]:
        section.add_values({"join_date": date(2000, 1, 1), "leave_date": None})
    editor._on_end_membership()
    dialog = section.dialog
    assert dialog is not None
    return Opened(
        dialog,
        dialog.widgets["leave_date"],
        saved=lambda: section.rows()[-1]["leave_date"],
        owner=editor,
    )


def _record_page(page_class: str, ctx: Any, qtbot: Any) -> Any:
    import importlib

    module, name = page_class.rsplit(".", 1)
    page = getattr(importlib.import_module(module), name)(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    _wait_loaded(page, qtbot)
    return page


def _wait_loaded(page: Any, qtbot: Any) -> None:
    """Wait until the rows the page reads in the background are shown."""
    qtbot.waitUntil(lambda: not getattr(page, "is_loading", lambda: False)(), timeout=15_000)


def _project(field: str) -> Callable[[Any, Any], Opened]:
    def open_(ctx: Any, qtbot: Any) -> Opened:
        page = _record_page("workbench.ui.pages.projects.ProjectsPage", ctx, qtbot)
        dialog = page.open_new()
        qtbot.waitExposed(dialog)

        def fill(qtbot: Any) -> None:
            qtbot.keyClicks(dialog.form.editor("acronym"), "TYPED")
            qtbot.keyClicks(dialog.form.editor("title"), "Typed dates")

        def saved() -> date | None:
            project = next(p for p in records.list_records(ctx.db, Project) if p.acronym == "TYPED")
            return getattr(project, field)

        return Opened(dialog, dialog.form.editor(field), fill, saved, page)

    return open_


def _activity(field: str) -> Callable[[Any, Any], Opened]:
    def open_(ctx: Any, qtbot: Any) -> Opened:
        page = _record_page("workbench.ui.pages.activities.ActivitiesPage", ctx, qtbot)
        dialog = page.open_new()
        qtbot.waitExposed(dialog)

        def fill(qtbot: Any) -> None:
            qtbot.keyClicks(dialog.form.editor("title"), "Typed dates day")
            if field == "end_date":  # "until" needs an earlier start
                dialog.form.editor("start_date").set_date_value(date(2000, 1, 1))

        def saved() -> date | None:
            activity = next(
                a for a in records.list_records(ctx.db, Activity) if a.title == "Typed dates day"
            )
            return getattr(activity, field)

        return Opened(dialog, dialog.form.editor(field), fill, saved, page)

    return open_


def _areas_page(ctx: Any, qtbot: Any) -> Any:
    page = _record_page("workbench.ui.pages.areas.AreasPage", ctx, qtbot)
    area = taxonomy.list_areas(ctx.db)[0]
    page.area_view.selectRow([a.name for a in page.area_model.rows].index(area.name))
    _wait_loaded(page, qtbot)  # its participants
    return page


def _end_participation(ctx: Any, qtbot: Any) -> Opened:
    page = _areas_page(ctx, qtbot)
    page.part_view.selectRow(0)
    part = page.selected_participation()
    dialog = page._on_end_participation()
    qtbot.waitExposed(dialog)

    def saved() -> date | None:
        return records.get_record(ctx.db, type(part), part.id).to_date

    return Opened(dialog, dialog.form.editor("to_date"), saved=saved, owner=page)


def _assign_members(ctx: Any, qtbot: Any) -> Opened:
    page = _areas_page(ctx, qtbot)
    dialog = page._on_assign()
    qtbot.waitExposed(dialog)
    member = dialog.picker.model.rows[0]

    def fill(qtbot: Any) -> None:
        dialog.picker.set_selected_ids([member.id])

    def saved() -> date | None:
        area = taxonomy.list_areas(ctx.db)[0]
        parts = taxonomy.area_participants(ctx.db, area.id)
        return next(p.from_date for p in parts if p.organisation_id == member.id)

    return Opened(dialog, dialog.from_date, fill, saved, page)


def _bulk_fee(ctx: Any, qtbot: Any) -> Opened:
    dialog = BulkActionDialog("fee", [], 2)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    got: list[date] = []
    dialog.sig_accepted.connect(lambda values: got.append(values["day"]))
    return Opened(dialog, dialog.day_edit, saved=lambda: got[-1])


def _staff(ctx: Any, qtbot: Any) -> Opened:
    page = _record_page("workbench.ui.pages.cluster_profile.ClusterProfilePage", ctx, qtbot)
    dialog = page.tables["staff"].add_record()
    qtbot.waitExposed(dialog)

    def fill(qtbot: Any) -> None:
        qtbot.keyClicks(dialog.form.editor("name"), "Dora Datata")

    def saved() -> date | None:
        staff = records.list_records(ctx.db, StaffMember)
        return next(s.start_date for s in staff if s.name == "Dora Datata")

    return Opened(dialog, dialog.form.editor("start_date"), fill, saved, page)


DIALOGS: dict[str, Callable[[Any, Any], Opened]] = {
    "membership-join": _row_dialog("memberships", "join_date"),
    "membership-leave": _row_dialog("memberships", "leave_date"),
    "end-membership": _end_membership,
    "fee-paid": _row_dialog("fees", "paid_date"),
    "contact-consent": _row_dialog("contacts", "consent_date"),
    "org-area-from": _row_dialog("area_participations", "from_date"),
    "org-area-to": _row_dialog("area_participations", "to_date"),
    "project-start": _project("start_date"),
    "project-end": _project("end_date"),
    "activity-date": _activity("start_date"),
    "activity-until": _activity("end_date"),
    "area-end-participation": _end_participation,
    "area-assign-from": _assign_members,
    "bulk-fee-paid-on": _bulk_fee,
    "staff-started-on": _staff,
}


@pytest.mark.parametrize("kind", list(DIALOGS))
def test_typed_dates_in_every_date_dialog(qtbot: Any, ctx: Any, kind: str) -> None:
    opened = DIALOGS[kind](ctx, qtbot)
    dialog, edit = opened.dialog, opened.edit
    ok = accept_button(dialog)
    opened.fill(qtbot)

    if edit.allow_empty:  # an empty field is filled by what is typed
        assert edit.text() == "" or kind == "membership-leave"
        clear_date(qtbot, edit)
        assert edit.date_value() is None and ok.isEnabled()
    type_date(qtbot, edit, "15/01/2027")
    assert edit.text() == "15/01/2027" and edit.date_value() == date(2027, 1, 15)
    # Typing over a date replaces it whole (it used to keep parts of the old one).
    for typed, expected in [
        ("01/03/2025", date(2025, 3, 1)),
        ("15/11/2026", date(2026, 11, 15)),
        ("1.3.2025", date(2025, 3, 1)),
        ("15-01-27", date(2027, 1, 15)),
        ("2027-01-16", date(2027, 1, 16)),
        ("17012027", date(2027, 1, 17)),
    ]:
        type_date(qtbot, edit, typed)
        assert edit.date_value() == expected, typed
        assert edit.text() == expected.strftime("%d/%m/%Y")
        assert not edit.error_label.isVisible() and ok.isEnabled()

    # Text that is not a date stays, says why under the field and keeps OK from accepting.
    type_date(qtbot, edit, "31/02/2027")
    assert edit.text() == "31/02/2027"
    assert edit.error_label.isVisible()
    assert "not a real calendar date" in edit.error_label.text()
    assert not ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    edit.setFocus()
    qtbot.keyClick(edit.line_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    with pytest.raises(ValueError):
        edit.date_value()

    # Corrected (or cleared, where the date is optional), OK works again.
    if edit.allow_empty:
        clear_date(qtbot, edit)
        assert edit.date_value() is None and ok.isEnabled()
        assert not edit.error_label.isVisible()
        type_date(qtbot, edit, "not a date")
        assert not ok.isEnabled()
    type_date(qtbot, edit, "15/11/2026")
    assert ok.isEnabled() and not edit.error_label.isVisible()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog))
    if isinstance(dialog.parent(), OrganisationEditor):
        editor = dialog.parent()
        assert opened.saved is not None and opened.saved() == date(2026, 11, 15)
        if kind == "fee-paid":  # the row goes to the database with its typed date
            assert editor.save()
            stored = editor.snapshot["fees"]
            assert date(2026, 11, 15) in [f["paid_date"] for f in stored]
        return
    assert opened.saved is not None and opened.saved() == date(2026, 11, 15)


def test_required_date_cleared_is_an_error_not_today(qtbot: Any, ctx: Any) -> None:
    opened = _row_dialog("memberships", "join_date")(ctx, qtbot)
    edit, ok = opened.edit, accept_button(opened.dialog)
    clear_date(qtbot, edit)
    assert edit.text() == ""
    assert edit.error_label.isVisible() and "Type a date" in edit.error_label.text()
    assert not ok.isEnabled()
    qtbot.keyClick(opened.dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert opened.dialog.isVisible()  # Ctrl+S is refused like OK
    type_date(qtbot, edit, "150127")
    assert edit.date_value() == date(2027, 1, 15) and ok.isEnabled()


def test_fee_typed_into_empty_paid_date_is_saved(qtbot: Any, ctx: Any) -> None:
    """The measured defect: "15/01/2027" typed into the empty Paid on field was lost."""
    editor = _editor(ctx, qtbot)
    fees = editor.sections["fees"]
    dialog = fees.edit_row(None)
    qtbot.waitExposed(dialog)
    year = max((r["year"] for r in fees.rows()), default=2020) + 1
    dialog.set_value("year", year)
    qtbot.keyClicks(dialog.widgets["amount_due"], "250")
    qtbot.keyClicks(dialog.widgets["amount_paid"], "250")
    type_date(qtbot, dialog.widgets["paid_date"], "15012027")
    qtbot.mouseClick(accept_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible())
    from workbench.models import Fee

    fee = next(
        f
        for f in records.list_records(ctx.db, Fee, where=[Fee.organisation_id == editor.org_id])
        if f.year == year
    )
    assert fee.paid_date == date(2027, 1, 15) and fee.amount_paid == Decimal("250.00")


def test_unreadable_text_shows_its_error_after_a_pause_while_typing(qtbot: Any) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    edit = OptionalDateEdit(dialog)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, dialog)
    from PySide6.QtWidgets import QVBoxLayout

    layout = QVBoxLayout(dialog)
    layout.addWidget(edit)
    layout.addWidget(box)
    dialog.show()
    qtbot.keyClicks(edit.line_edit, "15/13")
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # at once
    qtbot.waitUntil(edit.error_label.isVisible)  # the message follows once typing pauses
    assert "15/13" in edit.error_label.text()
    qtbot.keyClicks(edit.line_edit, "/2027")  # month 13: still not a date
    assert "15/13/2027" in edit.error_label.text()
    edit.line_edit.selectAll()
    qtbot.keyClicks(edit.line_edit, "15/12/2027")
    assert ok.isEnabled() and not edit.error_label.isVisible()


@pytest.mark.parametrize(
    "key, modifier",
    [
        (Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier),
    ],
)
def test_calendar_opens_from_the_keyboard_and_picks_a_day(
    qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier
) -> None:
    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.set_date_value(date(2026, 12, 2))
    qtbot.keyClick(edit.line_edit, key, modifier)
    popup = edit.calendar_popup()
    assert popup is not None and popup.isVisible()
    calendar = popup.calendar
    assert calendar.selectedDate().toPython() == date(2026, 12, 2)
    # Right arrow moves to the next day, Enter chooses it (calendar's own keyboard).
    view = calendar.findChild(QWidget, "qt_calendar_calendarview")
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert edit.date_value() == date(2026, 12, 3) and edit.text() == "03/12/2026"


def test_calendar_on_an_empty_field_opens_on_today_and_esc_keeps_it_empty(qtbot: Any) -> None:
    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.mouseClick(edit.calendar_button, Qt.MouseButton.LeftButton)
    popup = edit.calendar_popup()
    assert popup is not None and popup.isVisible()
    assert popup.calendar.selectedDate().toPython() == date.today()
    qtbot.keyClick(popup.calendar.findChild(QWidget, "qt_calendar_calendarview"), Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert edit.date_value() is None and edit.text() == ""


def test_as_of_field_takes_typed_dates_and_ignores_unreadable_text(
    qtbot: Any, main_window: Any
) -> None:
    page = main_window.show_page("members")
    qtbot.waitUntil(page.has_loaded, timeout=15_000)
    main_window.wait_for_tasks()
    edit = page.as_of_edit
    activate(qtbot, main_window)
    type_date(qtbot, edit, "01.01.2010")
    assert edit.date_value() == date(2010, 1, 1)
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=15_000)
    assert "01/01/2010" in page.filter_description()
    type_date(qtbot, edit, "1/1/20100")
    assert edit.error_label.isVisible()
    assert page._as_of() == date.today()  # an unreadable day is not used as a filter
    assert QApplication.activeModalWidget() is None  # no error dialog either
    type_date(qtbot, edit, "2011-02-03")
    assert not edit.error_label.isVisible() and edit.date_value() == date(2011, 2, 3)


def test_italian_locale_reads_day_first_and_labels_in_italian(qtbot: Any, qapp: Any) -> None:
    from workbench.ui import i18n

    i18n.apply_language("it", qapp)
    try:
        edit = OptionalDateEdit()
        qtbot.addWidget(edit)
        edit.show()
        assert edit.line_edit.placeholderText() == "gg/mm/aaaa"
        qtbot.keyClicks(edit.line_edit, "4/3/2025")
        edit.commit()
        assert edit.date_value() == date(2025, 3, 4) and edit.text() == "04/03/2025"
        edit.line_edit.selectAll()
        qtbot.keyClicks(edit.line_edit, "3 marzo")
        edit.commit()
        assert edit.error_label.text().startswith('"3 marzo" non è una data')
    finally:
        i18n.apply_language("en", qapp)
        QLocale.setDefault(QLocale("en_GB"))


def test_line_edit_is_the_focus_of_the_field(qtbot: Any) -> None:
    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    assert edit.focusProxy() is edit.line_edit
    assert isinstance(edit.line_edit, QLineEdit)


def test_profile_founding_date_is_typed_and_an_unreadable_one_is_not_saved(
    qtbot: Any, ctx: Any
) -> None:
    """The one date on a page rather than a dialog: Save refuses it with the field's message."""
    from workbench.services import cluster as cluster_service

    page = _record_page("workbench.ui.pages.cluster_profile.ClusterProfilePage", ctx, qtbot)
    edit = page.form.editor("founding_date")
    assert isinstance(edit, OptionalDateEdit)
    type_date(qtbot, edit, "1.3.2005")
    assert page.save_profile()
    assert cluster_service.get_profile(ctx.db).founding_date == date(2005, 3, 1)

    type_date(qtbot, edit, "3/2005")
    assert not page.save_profile()
    assert edit.error_label.isVisible() and edit.line_edit.hasFocus()
    assert not page.form.error_labels["founding_date"].isVisible()  # said once, by the field
    assert cluster_service.get_profile(ctx.db).founding_date == date(2005, 3, 1)


def test_history_period_filter_takes_typed_dates(qtbot: Any, main_window: Any) -> None:
    main_window.action_history.trigger()
    dialog = main_window.history_dialog
    qtbot.waitExposed(dialog)
    type_date(qtbot, dialog.since_edit, "1.1.2020")
    type_date(qtbot, dialog.until_edit, "31122020")
    filters = dialog.filters()
    assert (filters.since, filters.until) == (date(2020, 1, 1), date(2020, 12, 31))
    type_date(qtbot, dialog.until_edit, "31/12")  # no year: shown as an error, not used
    assert dialog.until_edit.error_label.isVisible()
    assert dialog.filters().until is None
    assert QApplication.activeModalWidget() in (None, dialog)  # no error box
