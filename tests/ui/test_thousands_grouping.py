"""Counts are grouped by thousands in both languages: "2.959" in Italian, "2,959" in English.

Qt's locale (CLDR) leaves four-digit Italian numbers ungrouped ("2959"); the interface groups
every count through ``ui.formatting.format_int``: status lines, dashboard values and bar
labels (the charts get ``grouping_locale()``), ``%Ln`` plurals, count columns.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from workbench import demo
from workbench.db import Database, open_database
from workbench.ui import i18n
from workbench.ui.formatting import format_int, grouping_locale

MEMBERS = 1300  # about 90 % members today: still more than a thousand


@pytest.fixture(scope="module")
def big_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic cluster with more than a thousand organisations (built once)."""
    path = tmp_path_factory.mktemp("big") / "big.db"
    db = open_database(path)
    try:
        demo.build_synthetic(db, members=MEMBERS, projects=20, today=date.today())
    finally:
        db.dispose()
    return path


@pytest.fixture
def big_db(tmp_path: Path, big_template: Path) -> Any:
    from workbench.db import backup_sqlite

    backup_sqlite(big_template, tmp_path / "big.db")
    db = open_database(tmp_path / "big.db")
    yield db
    db.dispose()


@pytest.fixture(params=["it", "en"])
def lang(request: pytest.FixtureRequest, qapp: Any) -> Any:
    i18n.apply_language(request.param, qapp)
    yield request.param
    i18n.apply_language("en", qapp)


GROUPED = {"it": "2.959", "en": "2,959"}


def test_the_one_formatting_home_groups_four_digits(lang: str) -> None:
    assert format_int(2959) == GROUPED[lang]
    assert format_int(959) == "959" and format_int(-2959) == "-" + GROUPED[lang]
    # Widgets that format numbers themselves (Qt Charts) get a locale that agrees.
    assert grouping_locale().toString(2959) == GROUPED[lang]
    assert grouping_locale().toString(1234567) == format_int(1234567)
    assert (grouping_locale().decimalPoint(), grouping_locale().groupSeparator()) == (
        QLocale().decimalPoint(),
        QLocale().groupSeparator(),
    )


def test_plural_counts_are_grouped(lang: str) -> None:
    text = QCoreApplication.translate("BulkActionDialog", "%Ln organisations selected.", "", 2959)
    expected = {"it": "2.959 organizzazioni selezionate.", "en": "2,959 organisations selected."}
    assert text == expected[lang]
    one = QCoreApplication.translate("BulkActionDialog", "%Ln organisations selected.", "", 1)
    assert one.startswith("1 ") and ("organisation selected" in one or "selezionata" in one)


def _show(main_window: Any, qtbot: Any, page_id: str) -> Any:
    page = main_window.show_page(page_id)
    qtbot.waitUntil(lambda: not getattr(page, "is_loading", lambda: False)(), timeout=15_000)
    return page


def test_members_status_line_and_dashboard_group_counts(
    qtbot: Any, app_ctx: Any, big_db: Database, lang: str
) -> None:
    from workbench.ui.main_window import MainWindow

    window = MainWindow(app_ctx(big_db))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    sep = "." if lang == "it" else ","

    dashboard = _show(window, qtbot, "dashboard")
    qtbot.waitUntil(lambda: dashboard.data is not None, timeout=15_000)
    members_now = dashboard.data.members_now
    assert members_now >= 1000
    shown = dashboard.members_card.value_label.text()
    assert shown == f"{members_now // 1000}{sep}{members_now % 1000:03d}"
    # Bar values, axis ticks and tooltips are written with format_int.
    chart = dashboard.type_card.chart
    assert chart.format_value(float(members_now)) == shown
    largest = max(c for _t, c in dashboard.data.by_type)
    assert format_int(largest) in chart.data.series[0].value_texts
    assert any(f": {format_int(largest)}" in tip for tip in chart.data.tooltips)

    members = _show(window, qtbot, "members")
    qtbot.waitUntil(lambda: members.model.rowCount() > 0, timeout=15_000)
    total = members.model.rowCount()
    assert total >= 1000
    count_text = members.count_label.text()
    assert f"{total // 1000}{sep}{total % 1000:03d}" in count_text, count_text
    window.close()
