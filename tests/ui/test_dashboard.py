"""Dashboard: charts render on the demo, the data-quality list opens records, empty state."""

from __future__ import annotations

from PySide6.QtCore import Qt

from workbench.services.dashboard import load_dashboard
from workbench.ui.dialogs.organisation_editor import OrganisationEditor
from workbench.ui.pages.dashboard import DashboardPage, nice_range


def show_dashboard(main_window, qtbot):
    page = main_window.show_page("dashboard")
    qtbot.waitUntil(lambda: page.data is not None and not page.is_loading(), timeout=15_000)
    return page


def test_dashboard_renders_with_data_quality_items(main_window, qtbot):
    page = show_dashboard(main_window, qtbot)
    data = page.data
    assert data.members_now > 100
    assert sum(count for _t, count in data.by_type) == data.members_now
    assert len(data.movements) == 5
    assert data.by_programme
    for card in (
        page.type_card,
        page.sme_card,
        page.movement_card,
        page.programme_card,
        page.pillar_card,
    ):
        assert card.stack.currentWidget() is card.view, card.title_label.text()
        assert card.chart.series()
    assert page.members_card.value_label.text() == str(data.members_now)
    assert page.quality_items()
    groups = [
        page.quality_tree.topLevelItem(i).text(0)
        for i in range(page.quality_tree.topLevelItemCount())
    ]
    assert any(g.startswith("Enterprises without size data") for g in groups)
    assert any(g.startswith("Members in no competence area") for g in groups)
    assert any(g.startswith("Enterprises without VAT number") for g in groups)
    assert any(g.startswith("Suspected duplicates") for g in groups)
    image = page.grab()
    assert image.width() > 600 and image.height() > 400


def test_clicking_a_quality_item_opens_the_record(main_window, qtbot):
    page = show_dashboard(main_window, qtbot)
    item = page.quality_items()[0]
    org_id = item.data(0, Qt.ItemDataRole.UserRole)
    page.quality_tree.scrollToItem(item)
    rect = page.quality_tree.visualItemRect(item)
    qtbot.mouseClick(page.quality_tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editors = [e for e in main_window.findChildren(OrganisationEditor) if e.isVisible()]
    assert [e.org_id for e in editors] == [org_id]
    editors[0].done(0)


def test_dashboard_follows_changes(main_window, qtbot, ctx):
    page = show_dashboard(main_window, qtbot)
    before = page.data.members_now
    from datetime import date

    from workbench.services import members

    row = next(r for r in members.member_rows(ctx.db) if r.status == "active")
    members.end_membership(ctx.db, [row.id], date.today())
    ctx.bus.sig_changed.emit("organisation")
    qtbot.waitUntil(lambda: page.data.members_now == before - 1, timeout=15_000)


def test_empty_database_shows_sensible_empty_states(qtbot, app_ctx, ui_db):
    ctx = app_ctx(ui_db)
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    assert page.type_card.stack.currentWidget() is page.type_card.empty
    assert "No members yet" in page.type_card.empty.text()
    assert "No funded projects" in page.programme_card.empty.text()
    assert "No valid label" in page.label_card.detail_label.text()
    assert page.quality_items() == []
    assert "Nothing to complete" in page.quality_tree.topLevelItem(4).text(0)


def test_load_dashboard_is_qt_free_data(demo_db):
    from datetime import date

    data = load_dashboard(demo_db, date.today())
    assert data.members_now == sum(c for _t, c in data.by_type)


def test_nice_range():
    assert nice_range(45) == 60
    assert nice_range(117) == 120
    assert nice_range(9300) == 10_000
    assert nice_range(3) == 4
    assert nice_range(0) == 4


def test_suspected_duplicates_find_what_the_importer_matches(qtbot, app_ctx, ui_db):
    from workbench.importing.matching import MatchHow, OrgIndex, OrgRef
    from workbench.models import Organisation
    from workbench.services.base import create_record

    coop = create_record(ui_db, Organisation, {"name": "Alfa Società Cooperativa"})
    alfa = create_record(ui_db, Organisation, {"name": "Alfa"})
    create_record(ui_db, Organisation, {"name": "Consorzio Alfa"})  # another entity
    match = OrgIndex.build([OrgRef(coop.id, coop.name)]).match(None, "Alfa", fuzzy=False)
    assert (match.how, match.org_id) == (MatchHow.NAME, coop.id)
    page = DashboardPage(app_ctx(ui_db))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    assert [[i.org_id for i in g] for g in page.data.duplicates] == [sorted([coop.id, alfa.id])]
    shown = [item.text(0) for item in page.quality_items()]
    assert "Alfa Società Cooperativa (like Alfa)" in shown
