"""The one VAT / codice fiscale rule (workbench.rules.vat): services and importer agree."""

from __future__ import annotations

import pytest
from stdnum.it import codicefiscale

from workbench.errors import ValidationError
from workbench.importing.errors import ValueParseError
from workbench.importing.parsing import parse_fiscal_code, parse_vat
from workbench.models import Organisation
from workbench.rules.errors import RuleError
from workbench.rules.vat import normalise_fiscal_code, normalise_vat
from workbench.services.base import create_record

SHORTENED = "IT123450124"  # IT00123450124 after a spreadsheet dropped its leading zeros
PADDED = "IT00123450124"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (SHORTENED, PADDED),
        ("123450124", PADDED),
        (123450124, PADDED),
        (123450124.0, PADDED),
        ("IT 001 234 501 24", PADDED),
        ("001.234.501.24", PADDED),
        ("de136695976", "DE136695976"),
        ("  ", None),
        (None, None),
    ],
)
def test_normalise_vat(value: object, expected: str | None) -> None:
    assert normalise_vat(value) == expected
    assert parse_vat(value) == expected


def test_lost_zeros_are_a_named_parameter() -> None:
    with pytest.raises(RuleError, match="not a valid VAT number"):
        normalise_vat(SHORTENED, restore_lost_zeros=False)
    assert normalise_vat(PADDED, restore_lost_zeros=False) == PADDED
    # A short text is a typo, not a number that lost its zeros: refused, never padded.
    with pytest.raises(RuleError, match="not a valid VAT number"):
        normalise_vat("1234567")


def test_one_message_per_problem_wherever_the_value_comes_from() -> None:
    wrong = PADDED[:-1] + "5"
    for bad, words in ((wrong, "wrong check digit"), ("IT12AB", "not a valid VAT number"),
                       ("DE1", "two-letter country code")):  # fmt: skip
        with pytest.raises(RuleError) as rule:
            normalise_vat(bad)
        with pytest.raises(ValueParseError) as parsed:
            parse_vat(bad)
        assert words in rule.value.message
        assert parsed.value.message == rule.value.message
        assert parsed.value.message.template == rule.value.message.template  # type: ignore[attr-defined]


def test_fiscal_code() -> None:
    assert normalise_fiscal_code(" rssmra85t10a562s ") == "RSSMRA85T10A562S"
    assert normalise_fiscal_code(SHORTENED) == PADDED[2:]
    assert normalise_fiscal_code(123450124) == PADDED[2:]
    # A person's code may start with "IT": the prefix is a company's VAT prefix only.
    person = "ITLMRA85T10A562"
    person += codicefiscale.calc_check_digit(person)
    assert person.startswith("IT") and normalise_fiscal_code(person) == person
    for bad, words in (("RSSMRA85T10A562X", "wrong check character"),
                       ("RSSMRA85", "not a valid codice fiscale")):  # fmt: skip
        with pytest.raises(RuleError, match=words) as rule:
            normalise_fiscal_code(bad)
        with pytest.raises(ValueParseError) as parsed:
            parse_fiscal_code(bad)
        assert parsed.value.message == rule.value.message


def test_the_services_store_what_the_import_stores(sqlite_db) -> None:
    org = create_record(
        sqlite_db, Organisation, {"name": "Alfa", "vat": SHORTENED, "fiscal_code": "123450124"}
    )
    assert org.vat == parse_vat(SHORTENED) == PADDED
    assert org.fiscal_code == parse_fiscal_code("123450124") == PADDED[2:]
    blank = create_record(sqlite_db, Organisation, {"name": "Beta", "vat": "  "})
    assert blank.vat is None
    with pytest.raises(ValidationError) as info:
        create_record(sqlite_db, Organisation, {"name": "Gamma", "vat": "IT12AB"})
    assert info.value.field == "vat"
    with pytest.raises(ValueParseError) as parsed:
        parse_vat("IT12AB")
    assert info.value.message == parsed.value.message
