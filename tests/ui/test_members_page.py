"""Members page and organisation editor: search, filters, sort, model, CRUD, undo, bulk actions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from stdnum import luhn

from workbench.models import AreaParticipation, Fee, MembershipPeriod, Organisation, OrgType
from workbench.services import members as members_service
from workbench.services.base import get_record, list_records
from workbench.ui.editor import OrganisationEditor
from workbench.ui.formatting import format_date


def valid_vat(base: str = "0765432100") -> str:
    return "IT" + base + luhn.calc_check_digit(base)


@pytest.fixture
def page(main_window, qtbot):
    page = main_window.show_page("members")
    qtbot.waitUntil(page.has_loaded, timeout=15_000)
    main_window.wait_for_tasks()
    return page


def wait_reloaded(page, main_window, qtbot):
    QApplication.processEvents()  # delivers the queued change notice that starts the reload
    main_window.wait_for_tasks()
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=15_000)


def names(page):
    return [row.name for row in page.model.rows]


def test_search_ignores_case_and_accents(page):
    page.set_search_text("citta")
    assert names(page) == ["Città Verde S.r.l."]
    page.set_search_text("CITTÀ verde")
    assert names(page) == ["Città Verde S.r.l."]
    page.set_search_text("")
    assert len(page.model.rows) == sum(1 for r in page.model.all_rows if r.status == "active")
    assert "search: “CITTÀ verde”" not in page.filter_description()


def test_search_matches_city_and_vat(page):
    row = next(r for r in page.model.all_rows if r.vat and r.status == "active")
    page.set_search_text(row.vat[2:])
    assert row.id in page.current_member_ids()


def test_filters_type_sme_area_status_and_description(page):
    page.set_filters(org_type=OrgType.UNIVERSITY)
    assert page.model.rows and all(r.org_type == OrgType.UNIVERSITY for r in page.model.rows)
    assert "type: University" in page.filter_description()
    page.set_filters(org_type=None)
    page.set_filters(sme_class="micro")
    assert page.model.rows and all(r.sme_class == "micro" for r in page.model.rows)
    page.set_filters(sme_class=None)
    area = page.areas()[0]
    page.set_filters(area_id=area.id)
    assert page.model.rows and all(area.id in r.area_ids for r in page.model.rows)
    assert area.name in page.filter_description()
    page.set_filters(area_id=None, status="former")
    assert page.model.rows and all(r.status == "former" for r in page.model.rows)
    assert page.filter_description().startswith("Former members on")
    page.set_filters(status="all")
    assert len(page.model.rows) == len(page.model.all_rows)
    assert page.current_member_ids() == [r.id for r in page.model.rows]


def test_as_of_date_reloads_rows(page, main_window, qtbot):
    today_active = len(page.model.rows)
    first_join = min(r.member_since for r in page.model.all_rows if r.member_since)
    page.set_as_of(first_join.replace(day=1) if first_join.day > 1 else first_join)
    wait_reloaded(page, main_window, qtbot)
    assert len(page.model.rows) < today_active
    assert format_date(page._as_of()) in page.filter_description()


def test_sort_on_every_column(page):
    """Ascending and descending sorts on the demo keep the column's own order, per column."""
    page.set_filters(status="all")
    for column in range(page.model.columnCount()):
        page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        ascending = [page.model.columns[column].value(r) for r in page.model.rows]
        page.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
        descending = [page.model.columns[column].value(r) for r in page.model.rows]
        # Both directions show every row (the exact orders: test_sort_orders_written_out).
        assert sorted(map(str, ascending)) == sorted(map(str, descending))
        assert len(ascending) == len(page.model.all_rows)


def test_sort_orders_written_out(qtbot, app_ctx, ui_db):
    """Names sort by letters (case and accents ignored), dates by date, not by their text."""
    from workbench.ui.main_window import MainWindow

    for name, city, since in [
        ("beta Srl", "Torino", date(2024, 1, 15)),
        ("Álfa Spa", "Milano", date(2023, 2, 1)),
        ("Zeta Coop", "bergamo", date(2025, 1, 1)),
        ("Gamma Srl", "Ancona", date(2022, 12, 31)),
    ]:
        members_service.create_organisation(
            ui_db, {"name": name, "city": city, "country": "IT"}, join_date=since
        )
    window = MainWindow(app_ctx(ui_db))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("members")
    qtbot.waitUntil(page.has_loaded, timeout=15_000)
    window.wait_for_tasks()
    page.set_filters(status="all")

    def order(key: str, descending: bool = False) -> list[str]:
        column = next(i for i, c in enumerate(page.model.columns) if c.key == key)
        direction = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        page.table.sortByColumn(column, direction)
        return names(page)

    assert order("name") == ["Álfa Spa", "beta Srl", "Gamma Srl", "Zeta Coop"]
    assert order("name", descending=True) == ["Zeta Coop", "Gamma Srl", "beta Srl", "Álfa Spa"]
    assert order("city") == ["Gamma Srl", "Zeta Coop", "Álfa Spa", "beta Srl"]
    # 31/12/2022 < 01/02/2023 < 15/01/2024 < 01/01/2025 (as text "01/01/2025" would come first)
    assert order("since") == ["Gamma Srl", "Álfa Spa", "beta Srl", "Zeta Coop"]
    assert order("since", descending=True) == ["Zeta Coop", "beta Srl", "Álfa Spa", "Gamma Srl"]
    window.close()
    window.wait_for_tasks()


def test_sort_and_column_widths_are_remembered(page, ctx, qtbot):
    page.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    page.table.setColumnWidth(0, 333)
    page.save_view_state()
    from workbench.ui.pages.members import MembersPage

    again = MembersPage(ctx)
    qtbot.addWidget(again)
    header = again.table.horizontalHeader()
    assert header.sortIndicatorSection() == 3
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert again.table.columnWidth(0) == 333


def test_model_passes_qtmodeltester(page, qtmodeltester):
    page.set_filters(status="all")
    qtmodeltester.check(page.model)


def test_search_narrows_and_clearing_it_shows_every_row_again(page):
    # Search speed is measured by benchmarks/bench_ui.py (keystroke to filtered table).
    everything = names(page)
    word = everything[0].split()[0]
    page.set_search_text(word)
    narrowed = names(page)
    assert everything[0] in narrowed and len(narrowed) < len(everything)
    assert set(narrowed) <= set(everything)
    page.set_search_text("")
    assert names(page) == everything


def open_editor(page, org_id):
    editor = page.open_editor(org_id)
    assert isinstance(editor, OrganisationEditor)
    return editor


def test_create_organisation_then_undo_and_redo(page, main_window, ctx, qtbot):
    editor = open_editor(page, None)
    editor.set_field("name", "Nuova Energia Città S.r.l.")
    editor.set_field("vat", valid_vat())
    editor.set_field("city", "Pavia")
    editor.sections["fees"].add_values(
        {"year": 2025, "amount_due": Decimal("800"), "amount_paid": Decimal("0"), "paid_date": None}
    )
    assert editor.save()
    org_id = editor.org_id
    org = get_record(ctx.db, Organisation, org_id)
    assert org.name == "Nuova Energia Città S.r.l." and org.city == "Pavia"
    assert org.vat == valid_vat()
    assert [f.year for f in list_records(ctx.db, Fee, where=[Fee.organisation_id == org_id])] == [
        2025
    ]
    assert list_records(
        ctx.db, MembershipPeriod, where=[MembershipPeriod.organisation_id == org_id]
    )
    wait_reloaded(page, main_window, qtbot)
    page.set_search_text("nuova energia citta")
    assert page.current_member_ids() == [org_id]
    ctx.undo_stack.undo()
    assert not list_records(ctx.db, Organisation, where=[Organisation.id == org_id])
    ctx.undo_stack.redo()
    assert get_record(ctx.db, Organisation, org_id).name == "Nuova Energia Città S.r.l."


def test_edit_organisation_then_undo_restores_previous_values(page, ctx):
    row = next(r for r in page.model.all_rows if r.status == "active")
    before = get_record(ctx.db, Organisation, row.id)
    editor = open_editor(page, row.id)
    editor.set_field("city", "Lodi")
    editor.set_field("phone", "+39 0371 000000")
    fees = editor.sections["fees"]
    fees_before = len(fees.rows())
    if fees.rows():
        fees.select_position(0)
        fees.delete_current()
    assert editor.save()
    after = get_record(ctx.db, Organisation, row.id)
    assert after.city == "Lodi" and after.phone == "+39 0371 000000"
    assert len(list_records(ctx.db, Fee, where=[Fee.organisation_id == row.id])) == max(
        fees_before - 1, 0
    )
    ctx.undo_stack.undo()
    restored = get_record(ctx.db, Organisation, row.id)
    assert restored.city == before.city and restored.phone == before.phone
    assert len(list_records(ctx.db, Fee, where=[Fee.organisation_id == row.id])) == fees_before


def test_bad_vat_shows_message_next_to_field_and_writes_nothing(page, ctx, qtbot):
    row = next(r for r in page.model.all_rows if r.status == "active")
    before = get_record(ctx.db, Organisation, row.id)
    editor = open_editor(page, row.id)
    editor.set_field("vat", "IT01234567890")  # wrong check digit
    assert "check digit" in editor.error_text("vat") or "not a valid" in editor.error_text("vat")
    editor.set_field("city", "Somewhere Else")
    assert not editor.save()
    assert editor.isVisible()
    assert editor.error_text("vat")
    after = get_record(ctx.db, Organisation, row.id)
    assert after.version == before.version and after.city == before.city
    assert ctx.undo_stack.count() == 0
    editor.set_field("vat", "")
    assert editor.error_text("vat") == ""
    editor.done(0)


def test_empty_name_and_duplicate_vat_show_inline(page, ctx, dialogs):
    rows = [r for r in page.model.all_rows if r.vat][:2]
    editor = open_editor(page, None)
    assert not editor.save()
    assert "cannot be empty" in editor.error_text("name")
    editor.set_field("name", "Copia S.r.l.")
    editor.set_field("vat", rows[0].vat)
    assert not editor.save()
    assert "already belongs" in editor.error_text("vat")
    assert not list_records(ctx.db, Organisation, where=[Organisation.name == "Copia S.r.l."])
    assert not [k for k in dialogs.kinds() if k in ("error", "warning")]
    editor.done(0)


def test_membership_row_dialog_checks_dates(page):
    row = next(r for r in page.model.all_rows if r.status == "active")
    editor = open_editor(page, row.id)
    section = editor.sections["memberships"]
    dialog = section.edit_row(None)
    dialog.set_value("join_date", date(2024, 5, 1))
    dialog.set_value("leave_date", date(2024, 1, 1))
    assert dialog.check() is None
    assert "before the join date" in dialog.error_text("leave_date")
    dialog.done(0)
    editor.done(0)


def test_sme_class_and_reason_follow_size_data(page):
    editor = open_editor(page, None)
    editor.set_field("name", "Piccola Prova S.r.l.")
    editor.sections["size_data"].add_values(
        {
            "year": 2024,
            "staff_awu": Decimal("12"),
            "turnover": Decimal("1500000"),
            "balance_sheet": Decimal("900000"),
            "public_control_pct": None,
            "source": None,
        }
    )
    assert "Small" in editor.sme_tab.sme_class_label.text()
    assert editor.sme_tab.sme_reason_label.text()
    editor.sme_tab.override_combo.setCurrentIndex(editor.sme_tab.override_combo.findData("medium"))
    assert not editor.save()
    assert editor.error_text("sme_override_reason")
    editor.done(0)


def test_delete_organisation_and_undo_brings_children_back(page, ctx, main_window, qtbot):
    row = next(r for r in page.model.all_rows if r.status == "active" and r.areas)
    periods = len(
        list_records(ctx.db, MembershipPeriod, where=[MembershipPeriod.organisation_id == row.id])
    )
    parts = len(
        list_records(ctx.db, AreaParticipation, where=[AreaParticipation.organisation_id == row.id])
    )
    page.select_ids([row.id])
    main_window.action_delete.trigger()  # Del: confirmation answered yes by the fixture
    assert not list_records(ctx.db, Organisation, where=[Organisation.id == row.id])
    ctx.undo_stack.undo()
    assert get_record(ctx.db, Organisation, row.id).name == row.name
    assert (
        len(
            list_records(
                ctx.db, MembershipPeriod, where=[MembershipPeriod.organisation_id == row.id]
            )
        )
        == periods
    )
    assert (
        len(
            list_records(
                ctx.db, AreaParticipation, where=[AreaParticipation.organisation_id == row.id]
            )
        )
        == parts
    )


def test_delete_is_not_done_when_confirmation_is_refused(page, ctx, dialogs):
    row = page.model.rows[0]
    page.select_ids([row.id])
    dialogs.answer = False
    page.delete_selected()
    assert get_record(ctx.db, Organisation, row.id)
    assert dialogs.kinds() == ["confirm"]


def test_bulk_assign_to_area_and_undo(page, ctx, main_window, qtbot):
    area = page.areas()[0]
    outside = [r for r in page.model.rows if area.id not in r.area_ids][:3]
    page.select_ids([r.id for r in outside])
    assert len(page.selected_ids()) == 3
    assert page.assign_selected_to_area(area.id, date.today()) == 3
    rows = {r.id: r for r in members_service.member_rows(ctx.db)}
    assert all(area.id in rows[r.id].area_ids for r in outside)
    wait_reloaded(page, main_window, qtbot)
    assert set(page.selected_ids()) == {r.id for r in outside}
    ctx.undo_stack.undo()
    rows = {r.id: r for r in members_service.member_rows(ctx.db)}
    assert not any(area.id in rows[r.id].area_ids for r in outside)


def test_bulk_fee_paid_end_membership_and_remove_from_area(page, ctx, dialogs):
    active = [r for r in page.model.rows if r.status == "active"][:2]
    ids = [r.id for r in active]
    page.select_ids(ids)
    year = date.today().year
    assert page.mark_selected_fee_paid(year, date.today()) is not None
    fees = list_records(ctx.db, Fee, where=[Fee.organisation_id.in_(ids), Fee.year == year])
    assert len(fees) == 2 and all(f.amount_paid == f.amount_due for f in fees)
    assert page.end_selected_membership(date.today(), "test") == 2
    assert all(r.status == "former" for r in members_service.member_rows(ctx.db) if r.id in ids)
    ctx.undo_stack.undo()
    assert all(r.status == "active" for r in members_service.member_rows(ctx.db) if r.id in ids)
    with_area = next(r for r in page.model.all_rows if r.area_ids and r.status == "active")
    page.select_ids([with_area.id])
    area_id = next(iter(with_area.area_ids))
    assert page.remove_selected_from_area(area_id, date.today()) == 1
    assert "confirm" in dialogs.kinds()


def test_bulk_dialog_collects_values(page, qtbot):
    page.select_ids([page.model.rows[0].id])
    page._on_bulk("assign")
    dialog = page._bulk_dialog
    accepted = []
    dialog.sig_accepted.disconnect()
    dialog.sig_accepted.connect(accepted.append)
    dialog.buttons.accepted.emit()
    assert accepted and accepted[0]["area_id"] == page.areas()[0].id


def test_double_click_opens_editor(page, main_window, qtbot):
    index = page.model.index(0, 0)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editors = [e for e in main_window.findChildren(OrganisationEditor) if e.isVisible()]
    assert editors and editors[0].org_id == page.model.rows[0].id
    editors[0].done(0)


def test_conflict_offers_reload_or_overwrite(page, ctx, dialogs):
    from workbench.services.base import update_record

    row = next(r for r in page.model.all_rows if r.status == "active")
    editor = open_editor(page, row.id)
    update_record(ctx.db, Organisation, row.id, {"phone": "+39 02 1111111"})  # someone else
    editor.set_field("city", "Cremona")
    dialogs.choice = 1  # overwrite
    assert editor.save()
    assert "choice" in dialogs.kinds()
    assert get_record(ctx.db, Organisation, row.id).city == "Cremona"


def test_empty_database_shows_empty_state(qtbot, app_ctx, ui_db):
    from workbench.ui.pages.members import MembersPage

    ctx = app_ctx(ui_db)
    page = MembersPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(page.has_loaded, timeout=10_000)
    assert page.stack.currentWidget() is page.empty_label
    assert page.current_member_ids() == []
