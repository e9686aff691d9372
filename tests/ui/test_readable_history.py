"""History names what a change belongs to, with field labels and formatted values (issue 12).

The same texts (``services.history_text``) in the History dialog, the organisation editor's
History tab and ``workbench history``, in English and Italian: "Fee 2025 of Alfa S.r.l." and
not "Fee 651", "Staff (annual work units)" and not ``staff_awu``, "Green Building" and not
``area_id: 1``, "€600.00" / "600,00 €", dates dd/mm/yyyy, enums by their label.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt

from workbench.cli import run
from workbench.db import Database
from workbench.models import (
    AreaParticipation,
    CompetenceArea,
    Fee,
    Organisation,
    OrgType,
    SizeData,
)
from workbench.services import members
from workbench.services.base import create_record, delete_record, update_record
from workbench.ui import i18n
from workbench.ui.dialogs.history_dialog import HistoryDialog
from workbench.ui.editor import OrganisationEditor
from workbench.ui.editor.identity import identity_labels


@pytest.fixture
def changed(ui_db: Database) -> dict[str, int]:
    """An organisation whose fee, size data, area participation and identity were edited."""
    area = create_record(ui_db, CompetenceArea, {"name": "Green Building"})
    org = members.create_organisation(
        ui_db, {"name": "Alfa S.r.l.", "city": "Milano"}, join_date=date(2020, 1, 1)
    )
    fee = create_record(
        ui_db, Fee, {"organisation_id": org.id, "year": 2025, "amount_due": Decimal("1234.5")}
    )
    update_record(
        ui_db, Fee, fee.id, {"amount_paid": Decimal("600"), "paid_date": date(2025, 3, 1)}
    )
    size = create_record(
        ui_db, SizeData, {"organisation_id": org.id, "year": 2024, "staff_awu": Decimal("12.5")}
    )
    update_record(ui_db, SizeData, size.id, {"staff_awu": Decimal("14")})
    create_record(
        ui_db,
        AreaParticipation,
        {"organisation_id": org.id, "area_id": area.id, "from_date": date(2021, 1, 1)},
    )
    update_record(ui_db, Organisation, org.id, {"org_type": OrgType.UNIVERSITY, "city": "Pavia"})
    old_fee = create_record(
        ui_db, Fee, {"organisation_id": org.id, "year": 2019, "amount_due": Decimal("300")}
    )
    delete_record(ui_db, Fee, old_fee.id)
    return {"org": org.id, "fee": fee.id, "size": size.id, "old_fee": old_fee.id}


@pytest.fixture
def italian(qapp: Any) -> Any:
    i18n.apply_language("it", qapp)
    try:
        yield
    finally:
        i18n.apply_language("en", qapp)


def _cells(model: Any) -> list[dict[str, str]]:
    keys = [c.key for c in model.columns]
    return [
        {
            key: model.data(model.index(row, col), Qt.ItemDataRole.DisplayRole) or ""
            for col, key in enumerate(keys)
        }
        for row in range(model.rowCount())
    ]


def _dialog_rows(qtbot: Any, app_ctx: Any, db: Database) -> list[dict[str, str]]:
    dialog = HistoryDialog(app_ctx(db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return _cells(dialog.model)


def _row(rows: list[dict[str, str]], **wanted: str) -> dict[str, str]:
    found = [r for r in rows if all(r.get(k) == v for k, v in wanted.items())]
    assert len(found) == 1, (wanted, rows)
    return found[0]


EXPECTED = {
    "en": {
        "fee": "Fee 2025 of Alfa S.r.l.",
        "paid": ("Amount paid", "€0.00", "€600.00"),
        "paid_on": ("Paid on", "", "01/03/2025"),
        "size": "Size data 2024 of Alfa S.r.l.",
        "staff": ("Staff (annual work units)", "12.5", "14"),
        "type": ("Type", "Company", "University"),
        "area": "Participation of Alfa S.r.l. in Green Building",
        "area_after": "Competence area: Green Building, From: 01/01/2021",
        "membership": "Membership period of Alfa S.r.l.",
        "old_fee": "Fee 2019 of Alfa S.r.l.",
    },
    "it": {
        "fee": "Quota 2025 di Alfa S.r.l.",
        "paid": ("Importo pagato", "0,00 €", "600,00 €"),
        "paid_on": ("Pagata il", "", "01/03/2025"),
        "size": "Dati dimensionali 2024 di Alfa S.r.l.",
        "staff": ("Personale (unità lavorative annue)", "12,5", "14"),
        "type": ("Tipo", "Impresa", "Università"),
        "area": "Partecipazione di Alfa S.r.l. a Green Building",
        "area_after": "Area di competenza: Green Building, Dal: 01/01/2021",
        "membership": "Periodo di adesione di Alfa S.r.l.",
        "old_fee": "Quota 2019 di Alfa S.r.l.",
    },
}


def _check_dialog(rows: list[dict[str, str]], lang: str) -> None:
    e = EXPECTED[lang]
    for key, record in (("paid", e["fee"]), ("paid_on", e["fee"]), ("staff", e["size"])):
        field, before, after = e[key]
        _row(rows, record=record, field=field, old=before, new=after)
    field, before, after = e["type"]
    _row(rows, record="Alfa S.r.l.", field=field, old=before, new=after)
    assert _row(rows, record=e["area"])["new"] == e["area_after"]
    assert _row(rows, record=e["membership"])["new"].endswith("01/01/2020")
    # A deleted record is still named from its own history.
    assert "300" in _row(rows, record=e["old_fee"], new="")["old"]
    assert not any("area_id" in r["new"] or "staff_awu" in r["field"] for r in rows)


def test_history_dialog_in_english(qtbot: Any, app_ctx: Any, ui_db: Database, changed: Any) -> None:
    _check_dialog(_dialog_rows(qtbot, app_ctx, ui_db), "en")


def test_history_dialog_in_italian(
    qtbot: Any, app_ctx: Any, ui_db: Database, changed: Any, italian: Any
) -> None:
    _check_dialog(_dialog_rows(qtbot, app_ctx, ui_db), "it")


def test_italian_record_names_are_not_cut_to_an_english_width(
    qtbot: Any, app_ctx: Any, ui_db: Database, changed: Any, italian: Any
) -> None:
    dialog = HistoryDialog(app_ctx(ui_db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    column = next(i for i, c in enumerate(dialog.model.columns) if c.key == "record")
    metrics = dialog.view.fontMetrics()
    longest = EXPECTED["it"]["area"]  # "Partecipazione di Alfa S.r.l. a Green Building"
    assert dialog.view.columnWidth(column) >= metrics.horizontalAdvance(longest)


@pytest.mark.parametrize("lang", ["en", "it"])
def test_typing_an_organisations_name_finds_its_records_changes(
    qtbot: Any, app_ctx: Any, ui_db: Database, changed: Any, qapp: Any, lang: str
) -> None:
    beta = members.create_organisation(ui_db, {"name": "Beta SpA"}, join_date=date(2022, 1, 1))
    # (Not a fee: SQLite would give it the id of Alfa's deleted fee.)
    create_record(ui_db, SizeData, {"organisation_id": beta.id, "year": 2025})
    i18n.apply_language(lang, qapp)
    try:
        dialog = HistoryDialog(app_ctx(ui_db))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        everything = dialog.page.total
        dialog.search_edit.setFocus()
        qtbot.keyClicks(dialog.search_edit, "alfa")
        # The search runs when typing pauses.
        qtbot.waitUntil(lambda: dialog.page.total < everything, timeout=5000)
        rows = _cells(dialog.model)
        e = EXPECTED[lang]
        shown = {r["record"] for r in rows}
        assert {e["fee"], e["size"], e["area"], e["membership"], e["old_fee"]} <= shown
        assert "Alfa S.r.l." in shown
        assert not any("Beta" in r["record"] for r in rows)
        assert dialog.page.total == len(rows)
        assert str(len(rows)) in dialog.note_label.text()
    finally:
        i18n.apply_language("en", qapp)


def _editor(qtbot: Any, app_ctx: Any, db: Database, org_id: int) -> OrganisationEditor:
    editor = OrganisationEditor(app_ctx(db), org_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.tabs.setCurrentIndex(editor.tabs.count() - 1)  # the History tab, as a click does
    return editor


@pytest.mark.parametrize("lang", ["en", "it"])
def test_editor_history_tab_uses_labels_and_formatted_values(
    qtbot: Any, app_ctx: Any, ui_db: Database, changed: Any, qapp: Any, lang: str
) -> None:
    i18n.apply_language(lang, qapp)
    try:
        editor = _editor(qtbot, app_ctx, ui_db, changed["org"])
        rows = _cells(editor.history_tab.model)
        e = EXPECTED[lang]
        field, before, after = e["paid"]
        paid = _row(rows, field=field, old=before, new=after)
        assert paid["what"].endswith(e["fee"])
        field, before, after = e["staff"]
        assert _row(rows, field=field, old=before, new=after)["what"].endswith(e["size"])
        # The field labels are those of the editor's own form.
        form_label = identity_labels()["city"]
        assert _row(rows, field=form_label, old="Milano", new="Pavia")
        assert not any("staff_awu" in r["field"] or "area_id" in r["new"] for r in rows)
    finally:
        i18n.apply_language("en", qapp)


@pytest.mark.parametrize("lang", ["en", "it"])
def test_cli_history_names_records_and_formats_values(
    ui_db: Database, changed: Any, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    path = str(ui_db.path)
    assert run(["--db", path, "history", "--lang", lang, "--limit", "0"]) == 0
    out = capsys.readouterr().out
    e = EXPECTED[lang]
    field, before, after = e["paid"]
    assert f"{e['fee']} (#{changed['fee']}) {field}: {before} -> {after}" in out
    field, before, after = e["staff"]
    assert f"{e['size']} (#{changed['size']}) {field}: {before} -> {after}" in out
    assert e["area_after"] in out
    assert "staff_awu" not in out and "area_id" not in out


@pytest.mark.parametrize("lang", ["en", "it"])
def test_history_field_labels_are_the_editors(
    qtbot: Any, app_ctx: Any, ui_db: Database, qapp: Any, lang: str
) -> None:
    from workbench.services.history_text import field_label

    i18n.apply_language(lang, qapp)
    try:
        editor = OrganisationEditor(app_ctx(ui_db), None)
        qtbot.addWidget(editor)
        for key, label in identity_labels().items():
            assert field_label("organisation", key, lang) == label.rstrip(" *"), key
    finally:
        i18n.apply_language("en", qapp)
