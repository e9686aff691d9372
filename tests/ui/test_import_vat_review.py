"""The import wizard's preview shows a known VAT number with another name for review."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from tests.ui.test_import_page import make_page, make_vat, to_preview, write_xlsx
from workbench.db import Database
from workbench.importing import RowStatus
from workbench.services import members

VAT = make_vat(2718281)


def test_preview_shows_both_names_of_a_vat_match_under_review(
    qtbot: Any, app_ctx: Any, ui_db: Database, tmp_path: Path
) -> None:
    alfa = members.create_organisation(
        ui_db, {"name": "Alfa Energia S.r.l.", "vat": VAT, "city": "Milano"},
        join_date=date(2020, 1, 1),
    )
    path = write_xlsx(tmp_path / "soci.xlsx", [
        ["Ragione sociale", "P.IVA", "Data adesione", "Città"],
        ["Beta Costruzioni S.p.A.", VAT, date(2020, 1, 1), "Pavia"],
        ["ALFA ENERGIA SRL", None, None, "Milano"],
    ])
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
    details.choose_candidate(alfa.id)
    details.merge_button.click()
    assert page.plan.rows[0].status is RowStatus.UPDATE
