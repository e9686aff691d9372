"""The import wizard's preview shows a known VAT number with another name for review."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.ui.importing.test_import_page import make_page, make_vat, to_preview, write_xlsx
from workbench.db import Database
from workbench.importing import ReviewDecision, RowStatus
from workbench.services import members

VAT = make_vat(2718281)


def test_preview_shows_both_names_of_a_vat_match_under_review(
    qtbot: Any, app_ctx: Any, ui_db: Database, tmp_path: Path
) -> None:
    alfa = members.create_organisation(
        ui_db,
        {"name": "Alfa Energia S.r.l.", "vat": VAT, "city": "Milano"},
        join_date=date(2020, 1, 1),
    )
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [
            ["Ragione sociale", "P.IVA", "Data adesione", "Città"],
            ["Beta Costruzioni S.p.A.", VAT, date(2020, 1, 1), "Pavia"],
            ["ALFA ENERGIA SRL", None, None, "Milano"],
        ],
    )
    page = make_page(qtbot, app_ctx(ui_db))
    to_preview(qtbot, page, path)
    assert page.plan is not None
    assert [r.status for r in page.plan.rows] == [RowStatus.REVIEW, RowStatus.UNCHANGED]
    page.preview_step.select_row_number(4)
    details = page.preview_step.details
    assert details.review_box.isVisible()
    reason = details.review_reason.text()
    assert "Alfa Energia S.r.l." in reason and "Beta Costruzioni S.p.A." in reason
    assert details.candidates.count() == 1
    assert details.candidates.item(0).text().startswith("Alfa Energia S.r.l.")
    assert page.preview_step.filter.buttons[RowStatus.REVIEW].text().endswith("(1)")
    # The row's line says why (a VAT match), not "similar to … (34 %)".
    model = page.preview_step.model
    summaries = [str(model.data(model.index(0, c))) for c in range(model.columnCount())]
    assert "VAT number of Alfa Energia S.r.l., another name: decide" in summaries, summaries
    details.choose_candidate(alfa.id)
    details.merge_button.click()
    assert page.plan.rows[0].status is RowStatus.UPDATE


def test_create_new_is_not_offered_for_a_known_vat_and_refused_in_one_line(
    qtbot: Any, app_ctx: Any, ui_db: Database, tmp_path: Path, dialogs: Any
) -> None:
    members.create_organisation(
        ui_db, {"name": "Alfa Energia S.r.l.", "vat": VAT}, join_date=date(2020, 1, 1)
    )
    members.create_organisation(ui_db, {"name": "Gamma Servizi Ambientali"}, join_date=None)
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [
            ["Ragione sociale", "P.IVA", "Data adesione", "Città"],
            ["Beta Costruzioni S.p.A.", VAT, date(2020, 1, 1), "Pavia"],
            ["Gamma Servizi Ambiental", None, date(2021, 1, 1), "Lodi"],
        ],
    )
    page = make_page(qtbot, app_ctx(ui_db))
    to_preview(qtbot, page, path)
    assert page.plan is not None
    step = page.preview_step
    details = step.details

    step.select_row_number(4)
    assert details.review_box.isVisible()
    assert not details.create_button.isEnabled()
    tooltip = details.create_button.toolTip()
    assert VAT in tooltip and "Alfa Energia S.r.l." in tooltip
    step.select_row_number(5)  # a near miss without a VAT number can be created
    assert details.create_button.isEnabled() and details.create_button.toolTip() == ""

    # Asked anyway (as the signal would), the page says why in one line and decides nothing.
    page.decide(page.plan.rows[0].index, ReviewDecision.create())
    kind, _title, text = dialogs.shown[-1]
    assert kind == "warning" or "warn" in kind
    assert "\n" not in text and VAT in text and "Alfa Energia S.r.l." in text
    assert page.plan.rows[0].status is RowStatus.REVIEW

    # "Create them all as new" creates the near miss only, and says what is left.
    qtbot.mouseClick(step.create_all_button, Qt.MouseButton.LeftButton)
    assert [r.status for r in page.plan.rows] == [RowStatus.REVIEW, RowStatus.CREATE]
    kind, _title, text = dialogs.shown[-1]
    assert text.startswith("1 row stays to be decided"), text
    step.select_row_number(4)
    assert details.decision_text(page.plan.rows[0]) == "Not decided yet."


def test_the_result_counts_use_the_plural_form_of_their_caption(
    qtbot: Any, app_ctx: Any, ui_db: Database, tmp_path: Path, qapp: Any
) -> None:
    from workbench.ui import i18n

    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [
            ["Ragione sociale", "P.IVA", "Data adesione", "Città"],
            ["Alfa Energia S.r.l.", VAT, date(2020, 1, 1), "Pavia"],
        ],
    )
    i18n.apply_language("it", qapp)
    try:
        page = make_page(qtbot, app_ctx(ui_db))
        to_preview(qtbot, page, path)
        page.next_button.click()
        qtbot.waitUntil(lambda: not page.is_busy(), timeout=60_000)
        text = page.summary_step.counts_label.text()
        assert "</span>&nbsp;creato" in text and "</span>&nbsp;creati" not in text, text
        assert "</span>&nbsp;aggiornati" in text  # 0 aggiornati
    finally:
        i18n.apply_language("en", qapp)
