"""An "&" in a name shows literally wherever Qt reads "&" as a shortcut mark (issue 12).

Undo/Redo labels (menu and toolbar), group box titles that name an area, a pillar or a KPI,
and recent database paths: Qt would swallow the "&" of "Alfa & Beta" or "R&D" and underline
the next letter. Also: the dashboard's count axes keep their tick labels with localised
numbers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QToolButton

from workbench.models import AreaParticipation, CompetenceArea, PillarObjective, StrategicPillar
from workbench.services import members
from workbench.services.base import create_record, list_records
from workbench.ui import settings as prefs
from workbench.ui.editor import OrganisationEditor
from workbench.ui.pages.areas import AreasPage


def test_undo_and_redo_labels_show_an_ampersand_of_a_name(main_window: Any, qtbot: Any) -> None:
    org = members.member_rows(main_window.ctx.db)[0]
    editor = main_window.open_organisation(org.id)
    assert isinstance(editor, OrganisationEditor)
    editor.set_field("name", "Alfa & Beta S.r.l.")
    assert editor.save()
    undo = main_window.action_undo
    # "&&" in an action's text is one literal "&": its icon text and tooltip (what the
    # toolbar shows) read "Alfa & Beta"; unescaped they would read "Alfa  Beta".
    assert "Alfa && Beta S.r.l." in undo.text()
    assert "Alfa & Beta S.r.l." in undo.iconText()
    button = main_window.toolbar.widgetForAction(undo)
    assert isinstance(button, QToolButton)
    assert "Alfa & Beta S.r.l." in button.toolTip()
    undo.trigger()
    assert "Alfa && Beta S.r.l." in main_window.action_redo.text()


def test_group_box_titles_keep_the_ampersand_of_an_area_name(qtbot: Any, ctx: Any) -> None:
    area = create_record(ctx.db, CompetenceArea, {"name": "R&D Labs"})
    org = members.member_rows(ctx.db)[0]
    create_record(
        ctx.db,
        AreaParticipation,
        {"organisation_id": org.id, "area_id": area.id, "from_date": date(2024, 1, 1)},
    )
    page = AreasPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=15_000)  # areas: background
    row = [a.name for a in page.area_model.rows].index("R&D Labs")
    page.area_view.selectRow(row)
    qtbot.waitUntil(lambda: "R&&D Labs" in page.members_box.title(), timeout=5000)


def test_pillar_and_kpi_titles_keep_their_ampersand(main_window: Any, qtbot: Any) -> None:
    db = main_window.ctx.db
    pillar = create_record(db, StrategicPillar, {"name": "Research & Innovation"})
    create_record(
        db,
        PillarObjective,
        {"pillar_id": pillar.id, "title": "More R&D", "kpi_name": "R&D spend", "kpi_unit": "k€"},
    )
    page = main_window.show_page("pillars")
    page.refresh()
    qtbot.waitUntil(
        lambda: any(p.name == pillar.name for p in page.pillar_model.rows), timeout=5000
    )
    page.pillar_view.selectRow([p.name for p in page.pillar_model.rows].index(pillar.name))
    qtbot.waitUntil(lambda: "Research && Innovation" in page.objectives_box.title(), timeout=5000)
    assert page.kpi_box.title().startswith("R&&D spend")


def test_recent_database_paths_keep_their_ampersand(main_window: Any, tmp_path: Any) -> None:
    location = str(tmp_path / "R&D" / "cluster.db")
    prefs.add_recent_database(main_window.ctx.settings, location)
    main_window.recent_menu.aboutToShow.emit()  # opening the menu
    texts = [a.text() for a in main_window.recent_menu.actions()]
    assert location.replace("&", "&&") in texts


def test_dashboard_count_axes_have_labels(main_window: Any, qtbot: Any) -> None:
    page = main_window.show_page("dashboard")
    qtbot.waitUntil(lambda: page.data is not None and not page.is_loading(), timeout=15_000)
    for card in (page.type_card, page.sme_card, page.movement_card, page.programme_card):
        assert not card.chart.is_empty(), card.title_label.text()
        assert card.chart.format_value(1234.0) == "1,234"
    assert list_records(main_window.ctx.db, StrategicPillar)
