"""The editor's SME class is the one the services, the indicators and the reports compute.

One construction of the SME input (workbench.rules.size): the editor builds it from the rows it
edits, the services from the stored rows; the same figures, links and override give the same
result, before and after saving.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt

from workbench.db import Database
from workbench.models import Organisation
from workbench.services import members
from workbench.services.base import list_records, unit_of_work
from workbench.ui.editor import OrganisationEditor

YEAR = date.today().year - 1


def test_editor_and_services_classify_the_same_input(
    qtbot: Any, app_ctx: Any, ui_db: Database
) -> None:
    editor = OrganisationEditor(app_ctx(ui_db), None)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.set_field("name", "Gruppo Prova S.r.l.")
    for year, staff in ((YEAR - 1, "30"), (YEAR, "45")):
        editor.sections["size_data"].add_values(
            {
                "year": year,
                "staff_awu": Decimal(staff),
                "turnover": Decimal("4000000"),
                "balance_sheet": Decimal("3000000"),
                "public_control_pct": None,
                "source": None,
                "links": [
                    {
                        "relation": "linked",
                        "share_pct": Decimal("60"),
                        "staff_awu": Decimal("20"),
                        "turnover": Decimal("2000000"),
                        "balance_sheet": Decimal("1000000"),
                        "name": "Controllata S.p.A.",
                    }
                ],
            }
        )
    in_editor = editor.sme_result()
    assert in_editor.sme_class == "medium"  # 45 + 20 staff: the linked enterprise counts
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    [org] = list_records(ui_db, Organisation)
    stored = members.sme_results(ui_db, as_of_year=date.today().year)[org.id]
    assert stored == in_editor
    with unit_of_work(ui_db, write=False) as session:
        history = members.size_history(session, [org.id])[org.id]
    assert [f.year for f in history] == [YEAR - 1, YEAR]
    assert history[-1].links[0].name == "Controllata S.p.A."
