"""Errors raised by the Qt-free core are shown in Italian when the Italian UI is installed."""

from __future__ import annotations

import pytest

from workbench.errors import ValidationError
from workbench.translatable import msg
from workbench.ui import i18n
from workbench.ui.editor import OrganisationEditor


@pytest.fixture
def page(main_window, qtbot):
    page = main_window.show_page("members")
    qtbot.waitUntil(page.has_loaded, timeout=15_000)
    main_window.wait_for_tasks()
    return page


@pytest.fixture
def italian(qapp):
    i18n.apply_language("it", qapp)
    try:
        yield
    finally:
        i18n.apply_language("en", qapp)


def open_editor(page):
    editor = page.open_editor(None)
    assert isinstance(editor, OrganisationEditor)
    return editor


def test_error_text_is_english_without_italian():
    i18n.apply_language("en")
    error = ValidationError(msg("The join date is required."), "join_date")
    assert i18n.error_text(error) == "The join date is required."
    assert i18n.error_text("plain") == "plain"


def test_error_text_translates_nested_messages(italian):
    error = ValidationError(msg("{what} cannot be empty.", what=msg("The organisation name")))
    assert i18n.error_text(error) == "Il nome dell'organizzazione: il campo non può essere vuoto."
    assert i18n.error_text(error.message) == i18n.error_text(error)
    # A plain exception whose text is not a Message stays as it is.
    assert i18n.error_text(RuntimeError("boom")) == "boom"


def test_duplicate_and_wrong_vat_are_shown_in_italian_then_english(page, ctx, qapp, dialogs):
    rows = [r for r in page.model.all_rows if r.vat][:1]
    editor = open_editor(page)
    try:
        i18n.apply_language("it", qapp)
        editor.set_field("name", "Copia Italiana S.r.l.")
        editor.set_field("vat", rows[0].vat)
        assert not editor.save()
        text = editor.error_text("vat")
        assert f"La partita IVA {rows[0].vat} appartiene già a" in text
        assert "already belongs" not in text

        vat = rows[0].vat
        wrong = vat[:-1] + str((int(vat[-1]) + 1) % 10)  # wrong check digit
        editor.set_field("vat", wrong)
        assert not editor.save()
        text = editor.error_text("vat")
        assert text.startswith(f"la partita IVA {wrong} ha la cifra di controllo errata")
        assert "VAT number" not in text

        i18n.apply_language("en", qapp)
        editor.set_field("vat", rows[0].vat)
        assert not editor.save()
        assert f"VAT number {rows[0].vat} already belongs to" in editor.error_text("vat")
        assert not [k for k in dialogs.kinds() if k in ("error", "warning")]
    finally:
        i18n.apply_language("en", qapp)
        editor.done(0)


def test_mapping_errors_show_the_field_labels_of_the_wizard(italian):
    from workbench.importing import ImportKind, Mapping, MappingError

    with pytest.raises(MappingError) as info:
        Mapping(ImportKind.MEMBERS, {"Città": "city"}).check()
    assert i18n.error_text(info.value) == (
        'Abbina una colonna a "Nome" o "Partita IVA": senza, le righe non possono essere '
        "riconosciute."
    )
    i18n.apply_language("en")
    assert i18n.error_text(info.value) == str(info.value)


def test_qt_asks_the_gettext_catalogue_and_its_disambiguation_is_the_context(italian):
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("MembersPage", "Members") == "Soci"
    assert QCoreApplication.translate("DashboardPage", "Left", "DashboardPage") == "Usciti"
    assert QCoreApplication.translate("OrganisationEditor", "Left", "OrganisationEditor") == (
        "Uscita"
    )
    # Not in the catalogue: Qt shows the source (the translator answers "no translation").
    assert QCoreApplication.translate("MembersPage", "No such text 42") == "No such text 42"
