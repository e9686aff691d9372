"""Translatable core messages: Message/msg/translate (completeness: test_catalogue.py)."""

from __future__ import annotations

import pickle
from datetime import datetime

import pytest

from workbench.errors import ValidationError
from workbench.rules.vat import normalise_vat
from workbench.translatable import Message, compose, join, msg, translate


def test_msg_is_the_english_text_with_template_and_params():
    text = msg("VAT number {vat} already belongs to {name}.", vat="IT1", name="ACME")
    assert isinstance(text, str) and isinstance(text, Message)
    assert text == "VAT number IT1 already belongs to ACME."
    assert text.template == "VAT number {vat} already belongs to {name}."
    assert text.params == {"vat": "IT1", "name": "ACME"}
    assert msg("{amount:,.2f} EUR", amount=1234.5) == "1,234.50 EUR"
    plain = Message("Just text")
    assert plain.template == "Just text" and plain.params == {}
    copy = pickle.loads(pickle.dumps(text))
    assert copy == text and copy.template == text.template and copy.params == text.params


def test_translate_uses_the_lookup_and_falls_back_to_english():
    catalogue = {
        "{what} cannot be empty.": "{what}: il campo non può essere vuoto.",
        "The title": "Il titolo",
        "Total {amount:,.2f}": "Totale {amount:.1f}",
        "Broken {name}": "Rotto {other}",
    }
    lookup = catalogue.get
    assert translate(msg("The title"), lookup) == "Il titolo"
    # Message params are translated too.
    nested = msg("{what} cannot be empty.", what=msg("The title"))
    assert translate(nested, lookup) == "Il titolo: il campo non può essere vuoto."
    assert translate(msg("{what} cannot be empty.", what="Name"), lookup) == (
        "Name: il campo non può essere vuoto."
    )
    assert translate(msg("Total {amount:,.2f}", amount=1234.5), lookup) == "Totale 1234.5"
    # A translation that cannot be formatted, an unknown template, plain text: English.
    assert translate(msg("Broken {name}", name="x"), lookup) == "Broken x"
    assert translate(msg("Unknown {n}", n=1), lookup) == "Unknown 1"
    assert translate("plain text", lookup) == "plain text"
    assert translate(ValueError("boom"), lookup) == "boom"
    # Structural messages need no entry: their parts are translated.
    joined = join(", ", ["file.xlsx", msg("The title")])
    assert joined == "file.xlsx, The title"
    assert translate(joined, lookup) == "file.xlsx, Il titolo"
    assert translate(compose("{a}.", a=msg("The title")), lookup) == "Il titolo."
    assert str(join("{x}", ["a", "b"])) == "a{x}b"


def test_core_exceptions_keep_the_message():
    with pytest.raises(ValueError) as info:
        normalise_vat("IT01234567890")
    assert isinstance(info.value.args[0], Message)
    error = ValidationError(msg("The date is required."), "date")
    assert isinstance(error.message, Message) and isinstance(error.args[0], Message)
    assert str(error) == "The date is required."


def test_date_format_specs_work_in_translations():
    when = datetime(2025, 3, 4, 10, 42)
    text = msg("at {at:%Y-%m-%d %H:%M}", at=when)
    assert text == "at 2025-03-04 10:42"
    assert translate(text, {"at {at:%Y-%m-%d %H:%M}": "il {at:%d/%m/%Y}"}.get) == "il 04/03/2025"


def test_translate_reads_the_gettext_catalogue_of_a_language():
    nested = msg("{what} cannot be empty.", what=msg("The organisation name"))
    assert translate(nested, "it") == "Il nome dell'organizzazione: il campo non può essere vuoto."
    assert translate(nested, "en") == str(nested)
