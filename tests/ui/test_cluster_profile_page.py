"""Cluster profile page: the profile form and the simple record tables, with validation/undo."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt

from workbench.models import Income, IncomeCategory, Label, LabelLevel, StaffMember
from workbench.services import base as records
from workbench.services import cluster as cluster_service
from workbench.ui.dialogs.profile_tables import expiry_text
from workbench.ui.pages.cluster_profile import ClusterProfilePage


@pytest.fixture
def page(qtbot: Any, ctx: Any) -> ClusterProfilePage:
    widget = ClusterProfilePage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def click_ok(qtbot: Any, dialog: Any) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_shows_demo_profile_and_tables(page: ClusterProfilePage, ctx: Any) -> None:
    profile = cluster_service.get_profile(ctx.db)
    assert profile is not None
    assert page.form.editor("name").text() == profile.name
    for key, model in (("staff", StaffMember), ("income", Income), ("labels", Label)):
        assert page.tables[key].model.rowCount() == len(records.list_records(ctx.db, model))
    assert page.tables["staff"].model.rowCount() > 0


def test_models_pass_modeltester(qtmodeltester: Any, page: ClusterProfilePage) -> None:
    for table in page.tables.values():
        qtmodeltester.check(table.model)


def test_edit_profile_validation_and_undo(qtbot: Any, page: ClusterProfilePage, ctx: Any) -> None:
    original = cluster_service.get_profile(ctx.db)
    website = page.form.editor("website")
    website.clear()
    qtbot.keyClicks(website, "not a web address")
    assert not page.save_profile()
    assert page.form.error_labels["website"].isVisible()
    assert cluster_service.get_profile(ctx.db).website == original.website

    website.clear()
    qtbot.keyClicks(website, "www.example-cluster.eu")
    page.form.editor("logo_path").line_edit.setText("/tmp/logo.png")
    assert page.save_profile()
    saved = cluster_service.get_profile(ctx.db)
    assert saved.website == "https://www.example-cluster.eu"
    assert saved.logo_path == "/tmp/logo.png"
    ctx.undo_stack.undo()
    assert cluster_service.get_profile(ctx.db).website == original.website
    assert page.form.editor("website").text() == (original.website or "")


def test_first_profile_on_empty_database(qtbot: Any, app_ctx: Any, ui_db: Any) -> None:
    context = app_ctx(ui_db)
    widget = ClusterProfilePage(context)
    qtbot.addWidget(widget)
    widget.show()
    assert "empty" in widget.status_label.text()
    assert not widget.save_profile()  # the name is required
    assert widget.form.error_labels["name"].isVisible()
    qtbot.keyClicks(widget.form.editor("name"), "Test Cluster")
    assert widget.save_profile()
    assert cluster_service.get_profile(ui_db).name == "Test Cluster"
    context.undo_stack.undo()
    assert cluster_service.get_profile(ui_db) is None


def test_add_staff_member_rejects_bad_fte_then_saves_and_undoes(
    qtbot: Any, page: ClusterProfilePage, ctx: Any
) -> None:
    table = page.tables["staff"]
    count = table.model.rowCount()
    dialog = table.add_record()
    qtbot.keyClicks(dialog.form.editor("name"), "Giulia Verdi")
    fte = dialog.form.editor("fte")
    fte.clear()
    qtbot.keyClicks(fte, "1,5")
    click_ok(qtbot, dialog)
    assert dialog.form.error_labels["fte"].isVisible()
    assert table.model.rowCount() == count

    fte.clear()
    qtbot.keyClicks(fte, "0.5")
    dialog.form.editor("start_date").set_date_value(date(2024, 2, 1))
    click_ok(qtbot, dialog)
    staff = next(s for s in records.list_records(ctx.db, StaffMember) if s.name == "Giulia Verdi")
    assert staff.fte == Decimal("0.50") and staff.start_date == date(2024, 2, 1)
    assert table.model.rowCount() == count + 1
    ctx.undo_stack.undo()
    assert table.model.rowCount() == count


def test_income_private_flag_follows_category(
    qtbot: Any, page: ClusterProfilePage, ctx: Any
) -> None:
    table = page.tables["income"]
    dialog = table.add_record()
    category = dialog.form.editor("category")
    private = dialog.form.editor("is_private")
    category.setCurrentIndex(category.findData(IncomeCategory.SPONSORSHIP))
    assert private.isChecked()
    category.setCurrentIndex(category.findData(IncomeCategory.EU_GRANT))
    assert not private.isChecked()
    dialog.form.editor("year").setValue(2023)
    qtbot.keyClicks(dialog.form.editor("amount"), "-10")
    click_ok(qtbot, dialog)
    assert dialog.form.error_labels["amount"].isVisible()
    amount = dialog.form.editor("amount")
    amount.clear()
    qtbot.keyClicks(amount, "12500")
    click_ok(qtbot, dialog)
    row = next(
        i
        for i in records.list_records(ctx.db, Income)
        if i.year == 2023 and i.category == IncomeCategory.EU_GRANT and i.amount == Decimal(12500)
    )
    assert row.is_private is False


def test_label_days_to_expiry_and_delete_undo(
    page: ClusterProfilePage, ctx: Any, dialogs: Any
) -> None:
    label = records.create_record(
        ctx.db,
        Label,
        {
            "level": LabelLevel.SILVER,
            "body": "ESCA",
            "valid_until": date.today() + timedelta(days=30),
        },
    )
    table = page.tables["labels"]
    table.refresh()
    assert expiry_text(label) in [
        table.model.data(table.model.index(r, 4)) for r in range(table.model.rowCount())
    ]
    assert "30" in expiry_text(label)
    row = [r.id for r in table.model.rows].index(label.id)
    table.view.selectRow(row)
    assert table.delete_selected()
    assert dialogs.kinds()[-1] == "confirm"
    assert label.id not in [r.id for r in records.list_records(ctx.db, Label)]
    ctx.undo_stack.undo()
    assert any(
        r.level == LabelLevel.SILVER and r.valid_until == label.valid_until
        for r in records.list_records(ctx.db, Label)
    )


def test_edit_record_conflict_overwrite(
    qtbot: Any, page: ClusterProfilePage, ctx: Any, dialogs: Any
) -> None:
    table = page.tables["staff"]
    table.view.selectRow(0)
    staff = table.model.rows[0]
    dialog = table.edit_selected()
    assert dialog is not None
    records.update_record(ctx.db, StaffMember, staff.id, {"role": "Changed elsewhere"})
    role = dialog.form.editor("role")
    role.clear()
    qtbot.keyClicks(role, "Mine")
    dialogs.choice = 1  # Overwrite
    click_ok(qtbot, dialog)
    assert records.get_record(ctx.db, StaffMember, staff.id).role == "Mine"


# --------------------------------------------------------------------------- ECCP profile


def test_eccp_tab_shows_the_demo_lists(page: ClusterProfilePage, ctx: Any) -> None:
    from workbench.services import eccp_profile

    page.tabs.setCurrentWidget(page.eccp_tabs)
    lists = page.tables["eccp_lists"]
    page.eccp_tabs.setCurrentWidget(lists)
    assert page.current_table() is lists
    assert lists.model.rowCount() == len(eccp_profile.list_entries(ctx.db)) > 10
    for key in ("eccp_players", "eccp_countries", "eccp_clusters", "eccp_team"):
        assert page.tables[key].model.rowCount() > 0, key


def test_add_list_value_refuses_a_duplicate_then_saves_and_undoes(
    qtbot: Any, page: ClusterProfilePage, ctx: Any
) -> None:
    from workbench.models import EccpListKind
    from workbench.services import eccp_profile

    page.tabs.setCurrentWidget(page.eccp_tabs)
    table = page.tables["eccp_lists"]
    page.eccp_tabs.setCurrentWidget(table)
    count = table.model.rowCount()
    page.new_record()  # the page's "New" goes to the ECCP table shown
    dialog = table.dialog
    assert dialog is not None
    kind = dialog.form.editor("kind")
    kind.setCurrentIndex(kind.findData(EccpListKind.LANGUAGE))
    qtbot.keyClicks(dialog.form.editor("value"), "english")  # the demo has "English"
    click_ok(qtbot, dialog)
    assert dialog.form.error_labels["value"].isVisible()
    assert "already in this list" in dialog.form.error_labels["value"].text()
    assert table.model.rowCount() == count

    dialog.form.editor("value").clear()
    qtbot.keyClicks(dialog.form.editor("value"), "Portuguese")
    click_ok(qtbot, dialog)
    languages = [e.value for e in eccp_profile.list_entries(ctx.db, EccpListKind.LANGUAGE)]
    assert "Portuguese" in languages
    assert table.model.rowCount() == count + 1
    ctx.undo_stack.undo()
    assert table.model.rowCount() == count
    assert "Portuguese" not in [
        e.value for e in eccp_profile.list_entries(ctx.db, EccpListKind.LANGUAGE)
    ]


def test_target_country_code_is_checked_and_scope_follows_the_country(
    qtbot: Any, page: ClusterProfilePage, ctx: Any
) -> None:
    from workbench.models import CooperationScope, EccpTargetCountry

    table = page.tables["eccp_countries"]
    dialog = table.add_record()
    qtbot.keyClicks(dialog.form.editor("country"), "Brazil")
    qtbot.keyClick(dialog.form.editor("fairs"), Qt.Key.Key_Space)  # tick "Fairs"
    click_ok(qtbot, dialog)
    assert "not a country code" in dialog.form.error_labels["country"].text()
    dialog.form.editor("country").clear()
    qtbot.keyClicks(dialog.form.editor("country"), "br")
    click_ok(qtbot, dialog)
    saved = next(c for c in records.list_records(ctx.db, EccpTargetCountry) if c.country == "BR")
    assert saved.scope == CooperationScope.INTERNATIONAL and saved.fairs and not saved.missions
    ctx.undo_stack.undo()
    assert "BR" not in [c.country for c in records.list_records(ctx.db, EccpTargetCountry)]


def test_specialisation_not_covered_is_saved_with_the_profile(
    qtbot: Any, page: ClusterProfilePage, ctx: Any
) -> None:
    editor = page.form.editor("specialisation_not_covered")
    editor.clear()
    qtbot.keyClicks(editor, "Hydrogen valleys")
    assert page.save_profile()
    assert cluster_service.get_profile(ctx.db).specialisation_not_covered == "Hydrogen valleys"
    ctx.undo_stack.undo()
    assert cluster_service.get_profile(ctx.db).specialisation_not_covered != "Hydrogen valleys"
