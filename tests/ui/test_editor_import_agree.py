"""The organisation editor accepts what the import accepts, says the same and stores the same.

Driven through the real editor: text typed into its fields, Tab to leave them, the Save button;
what the editor shows and what the database then holds is compared with the importer's parsers
on the same text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from support.value_strategies import email_values, fiscal_code_values, url_values, vat_values

from workbench.db import Database, open_database
from workbench.importing import apply_plan, build_plan, read_table, suggest_mapping
from workbench.importing.errors import ValueParseError
from workbench.importing.parsing import parse_email, parse_fiscal_code, parse_url, parse_vat
from workbench.models import Organisation
from workbench.services.base import list_records
from workbench.ui.editor import OrganisationEditor

PARSERS = {"vat": parse_vat, "fiscal_code": parse_fiscal_code, "email": parse_email,
           "website": parse_url}  # fmt: skip


@pytest.fixture
def editor(qtbot: Any, app_ctx: Any, ui_db: Database) -> OrganisationEditor:
    editor = OrganisationEditor(app_ctx(ui_db), None)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    type_into(qtbot, editor, "name", "Alfa S.r.l.")
    return editor


def type_into(qtbot: Any, editor: OrganisationEditor, key: str, text: str) -> None:
    """Clear field *key*, type *text* and leave the field with Tab."""
    edit = editor.fields[key]
    assert isinstance(edit, QLineEdit)
    editor.tabs.setCurrentIndex(0)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def import_message(key: str, text: str) -> str | None:
    """The importer's message for *text* in column *key* (None when it accepts it)."""
    try:
        PARSERS[key](text)
    except ValueParseError as exc:
        return str(exc.message)
    return None


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("vat", "IT123450124"),  # Excel dropped the leading zeros: both restore them
        ("vat", "IT00123450125"),  # wrong check digit
        ("vat", "IT12AB"),
        ("fiscal_code", "rssmra85t10a562s"),
        ("fiscal_code", "RSSMRA85T10A562X"),
        ("website", "ftp://acme.it"),  # stored as https://ftp://acme.it before
        ("website", "info@acme.it"),
        ("email", "mailto:info@acme..it"),  # stored as typed before
        ("email", "a@acme.it, b@acme.it"),
        ("email", "Mario Rossi <mario@acme.it>"),
    ],
)
def test_the_editor_shows_the_import_verdict(
    qtbot: Any, editor: OrganisationEditor, key: str, text: str
) -> None:
    type_into(qtbot, editor, key, text)
    assert editor.error_text(key) == (import_message(key, text) or "")


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("vat", "IT123450124"),
        ("fiscal_code", "123450124"),
        ("vat", "it 001 234 501 24"),
        ("email", "mailto:Info@ACME.it"),
        ("website", "WWW.Acme.it/Chi"),
    ],
)
def test_the_editor_stores_what_the_import_stores(
    qtbot: Any, editor: OrganisationEditor, ui_db: Database, key: str, text: str
) -> None:
    type_into(qtbot, editor, key, text)
    assert editor.error_text(key) == ""
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    [stored] = list_records(ui_db, Organisation)
    assert getattr(stored, key) == PARSERS[key](text)


#: Values as the editor gets them: typed text (a spreadsheet's numbers are the import's alone).
TYPED = {
    "vat": vat_values.map(str),
    "fiscal_code": fiscal_code_values.map(str),
    "email": email_values,
    "website": url_values,
}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_typed_value_gets_the_import_verdict(editor: OrganisationEditor, data: Any) -> None:
    """Property: what the editor shows under a field is what the import says of the cell."""
    key = data.draw(st.sampled_from(sorted(TYPED)))
    text = data.draw(TYPED[key])
    editor.set_field(key, text)  # as typed, then the field is left
    assert editor.error_text(key) == (import_message(key, text) or "")


ROW = {
    "name": "Al\u00adfa Ener\u200bgia Soc. Coop.",  # pasted with a soft hyphen and a ZWSP
    "vat": "IT123450124",
    "email": "mailto:Info@ACME.it",
    "website": "WWW.Acme.it/Chi",
}
HEADERS = {"name": "Ragione sociale", "vat": "Partita IVA", "email": "Email", "website": "Sito web"}


def test_a_real_import_stores_what_the_editor_saves(
    qtbot: Any, app_ctx: Any, ui_db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "soci.xlsx"
    book = openpyxl.Workbook()
    book.active.append([HEADERS[k] for k in ROW])
    book.active.append(list(ROW.values()))
    book.save(path)
    imported_db = open_database(tmp_path / "imported.db")
    try:
        table = read_table(path)
        plan = build_plan(
            imported_db, table, suggest_mapping(table, "members", db=imported_db).mapping
        )
        for question in plan.questions:
            plan = build_plan(
                imported_db, table, plan.mapping,
                plan.options.with_answer(question.key, question.choices[0]),
            )  # fmt: skip
        apply_plan(imported_db, plan, file_path=path)
        [by_import] = list_records(imported_db, Organisation)
    finally:
        imported_db.dispose()
    editor = OrganisationEditor(app_ctx(ui_db), None)
    qtbot.addWidget(editor)
    editor.show()
    editor.set_field("name", ROW["name"])  # pasted (QTest cannot type invisible characters)
    for key in ("vat", "email", "website"):
        type_into(qtbot, editor, key, ROW[key])
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    [by_editor] = list_records(ui_db, Organisation)
    fields = [*ROW, "search_key"]
    assert {k: getattr(by_editor, k) for k in fields} == {k: getattr(by_import, k) for k in fields}
    assert by_editor.name == "Alfa Energia Soc. Coop." and by_editor.vat == "IT00123450124"
