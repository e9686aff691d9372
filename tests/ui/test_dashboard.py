"""Dashboard: charts render on the demo (QPainter, no QtCharts), their bars open the filtered
members, the data-quality list opens records, empty state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.services.dashboard import load_dashboard
from workbench.ui.editor import OrganisationEditor
from workbench.ui.pages.dashboard import DashboardPage


@pytest.fixture(autouse=True)
def no_tooltip_left(qtbot):
    """Chart tooltips (hover, arrow keys) are gone before the next test: a tooltip window left
    over offscreen can leave the next test's main window inactive."""
    yield
    from PySide6.QtWidgets import QToolTip

    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=5_000)


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
        assert not card.chart.is_empty(), card.title_label.text()
        assert card.chart.data.categories and card.chart.data.series
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
    assert page.type_card.chart.is_empty()
    assert "No members yet" in page.type_card.chart.empty_text
    assert "No funded projects" in page.programme_card.chart.empty_text
    for card in (page.sme_card, page.movement_card, page.pillar_card):
        assert card.chart.is_empty() and card.chart.empty_text, card.title_label.text()
    assert "No valid label" in page.label_card.detail_label.text()
    assert page.quality_items() == []
    assert "Nothing to complete" in page.quality_tree.topLevelItem(4).text(0)


def test_load_dashboard_is_qt_free_data(demo_db):
    from datetime import date

    data = load_dashboard(demo_db, date.today())
    assert data.members_now == sum(c for _t, c in data.by_type)


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


def _click_row(qtbot, chart, index):
    qtbot.mouseClick(
        chart, Qt.MouseButton.LeftButton, pos=chart.category_rect(index).center().toPoint()
    )


def test_clicking_a_type_bar_lists_those_members(main_window, qtbot):
    from workbench.models import OrgType

    page = show_dashboard(main_window, qtbot)
    counts = dict(page.data.by_type)
    index = [t for t, _c in page.data.by_type].index(OrgType.UNIVERSITY)
    assert "Click to show them" in page.type_card.chart.tooltip_for(index)
    _click_row(qtbot, page.type_card.chart, index)
    members = main_window.current_page()
    assert main_window.current_page_id() == "members"
    qtbot.waitUntil(lambda: members.has_loaded() and not members.is_loading(), timeout=15_000)
    assert members.type_combo.currentData() == OrgType.UNIVERSITY
    assert members.model.rowCount() == counts[OrgType.UNIVERSITY]
    assert {row.org_type for row in members.model.rows} == {OrgType.UNIVERSITY}


def test_enter_on_an_sme_bar_lists_those_enterprises(main_window, qtbot):
    from workbench.models import SmeClass

    page = show_dashboard(main_window, qtbot)
    counts = dict(page.data.by_sme)
    chart = page.sme_card.chart
    chart.setFocus()
    index = [c for c, _n in page.data.by_sme].index(SmeClass.SMALL)
    for _step in range(index + 1):
        qtbot.keyClick(chart, Qt.Key.Key_Down)
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    members = main_window.current_page()
    assert main_window.current_page_id() == "members"
    qtbot.waitUntil(lambda: members.has_loaded() and not members.is_loading(), timeout=15_000)
    assert members.sme_combo.currentData() == SmeClass.SMALL
    assert members.model.rowCount() == counts[SmeClass.SMALL]


def test_the_no_size_data_bar_opens_nothing(main_window, qtbot):
    page = show_dashboard(main_window, qtbot)
    index = [c for c, _n in page.data.by_sme].index(None)
    assert "Click" not in page.sme_card.chart.tooltip_for(index)
    _click_row(qtbot, page.sme_card.chart, index)
    assert main_window.current_page_id() == "dashboard"


def test_chart_tooltips_give_exact_figures(main_window, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from workbench.ui.formatting import format_money

    page = show_dashboard(main_window, qtbot)
    chart = page.programme_card.chart
    name, total, cluster = page.data.by_programme[0]
    where = chart.category_rect(0).center().toPoint()
    QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, where, chart.mapToGlobal(where)))
    assert QToolTip.text().splitlines() == [
        name,
        f"Total budget: {format_money(total)}",
        f"Cluster budget: {format_money(cluster)}",
    ]
    QToolTip.hideText()
    movement = page.data.movements[-1]
    tip = page.movement_card.chart.tooltip_for(len(page.data.movements) - 1)
    assert tip.splitlines()[0] == str(movement.year)
    assert f"Members at year end: {movement.total_at_end}" in tip
    # The bar values are written on the chart too (what QtCharts' bar labels showed).
    assert page.type_card.chart.data.series[0].value_texts == [
        str(c) for _t, c in page.data.by_type
    ]


def test_the_window_never_loads_qtcharts():
    import subprocess
    import sys

    # Every module of the interface (pages load lazily): none pulls in PySide6-Addons.
    code = (
        "import importlib, pkgutil, sys, workbench.ui as ui\n"
        "for m in pkgutil.walk_packages(ui.__path__, 'workbench.ui.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.startswith('PySide6.Qt')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = out.strip()
    assert "QtWidgets" in loaded and "QtCharts" not in loaded, loaded


def test_clicking_a_year_lists_the_members_at_its_end(main_window, qtbot):
    from datetime import date

    page = show_dashboard(main_window, qtbot)
    movement = page.data.movements[-2]  # last year: as of 31 December
    _click_row(qtbot, page.movement_card.chart, len(page.data.movements) - 2)
    members = main_window.current_page()
    assert main_window.current_page_id() == "members"
    qtbot.waitUntil(lambda: members.has_loaded() and not members.is_loading(), timeout=15_000)
    assert members.as_of_edit.date_value() == date(movement.year, 12, 31)
    assert members.type_combo.currentData() is None
    assert members.model.rowCount() == movement.total_at_end
