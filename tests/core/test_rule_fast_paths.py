"""The rules' fast paths agree with their general paths: the same value or the same refusal.

The text clean, the Italian VAT check, e-mail and web addresses and the amount reader each
read the shape nearly every value has without their general steps (stdnum, urlsplit, the
separator analysis); everything else goes the general way. These differential tests hold the
shortcut to the general path on generated values, well-formed and malformed, so a user can
never see a value read differently because of the shape it came in.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.it import iva

from tests.support.value_strategies import email_values, url_values, vat_values
from workbench.importing.errors import ValueParseError
from workbench.importing.parsing import _decimal_from_any_text, _plain_amount, parse_decimal
from workbench.rules.addresses import (
    _email_from_any_text,
    _url_from_any_text,
    normalise_email,
    normalise_url,
)
from workbench.rules.errors import RuleError
from workbench.rules.vat import _valid_italian_number, normalise_vat
from workbench.text import _clean_any_text, clean_text

SETTINGS = settings(max_examples=600, deadline=None)


def outcome(function, *args, **kwargs) -> object:
    """The value *function* returns, or the type and message of the refusal it raises."""
    try:
        return function(*args, **kwargs)
    except (RuleError, ValueParseError) as exc:
        return (type(exc).__name__, str(exc))


# ----------------------------------------------------------------------------------- text
_TEXT_ALPHABET = "aZ09 .,-'àéÀ\u00a0\u00ad\u200b\t\n\r\x00\x85\u2028\u3000e\u0301ﬁ"


@SETTINGS
@given(st.one_of(st.text(max_size=40), st.text(alphabet=_TEXT_ALPHABET, max_size=20)))
def test_clean_text_fast_path_agrees(text: str) -> None:
    assert clean_text(text) == _clean_any_text(text)


def test_clean_text_examples_take_the_fast_path_and_the_general_one() -> None:
    assert clean_text("  Alfa   Energia  S.r.l. ") == "Alfa Energia S.r.l."
    assert clean_text("Città") == "Città"
    assert clean_text("Citte\u0301") == "Citt\u00e9"  # a decomposed accent is composed (NFC)
    assert clean_text("Ener\u00adgia\u00a0Srl") == "Energia Srl"
    assert clean_text(" \t ") is None


# ------------------------------------------------------------------------------------ VAT
def _stdnum_verdict(digits: str) -> bool:
    try:
        iva.validate(digits)
    except ValidationError:
        return False
    return True


@SETTINGS
@given(st.text(alphabet="0123456789", min_size=9, max_size=12))
def test_italian_number_check_agrees_with_stdnum_on_digits(digits: str) -> None:
    assert _valid_italian_number(digits) == _stdnum_verdict(digits)


@SETTINGS
@given(st.integers(0, 9_999_999), st.sampled_from([0, 1, 55, 100, 101, 120, 121, 500, 888, 999]))
def test_italian_number_check_agrees_on_valid_and_wrong_check_digits(company, office) -> None:
    body = f"{company:07d}{office:03d}"
    good = body + luhn.calc_check_digit(body)
    for digits in (good, body + str((int(good[-1]) + 3) % 10)):
        assert _valid_italian_number(digits) == _stdnum_verdict(digits)


def test_italian_number_check_refuses_non_ascii_digits() -> None:
    arabic_indic = "٠١٢٣٤٥٦٠٠١٧"  # 01234560017 in another script: str.isdigit() says yes
    assert not _valid_italian_number(arabic_indic)
    assert not _stdnum_verdict(arabic_indic)


@SETTINGS
@given(vat_values)
def test_normalise_vat_same_result_as_stdnum_alone(value) -> None:
    """With the fast check switched off, every value gives the same number or message."""
    import workbench.rules.vat as vat_rule

    fast = outcome(normalise_vat, value)
    original = vat_rule._valid_italian_number
    vat_rule._valid_italian_number = lambda digits: False  # type: ignore[assignment]
    try:
        general = outcome(normalise_vat, value)
    finally:
        vat_rule._valid_italian_number = original
    assert fast == general


# ------------------------------------------------------------------------------ addresses
@SETTINGS
@given(
    st.one_of(
        email_values,
        st.from_regex(r"[a-z0-9.'_+-]{1,8}@([a-z0-9-]{1,8}\.){1,2}[a-zA-Z]{2,4}", fullmatch=True),
    )
)
def test_email_fast_path_agrees(value: str) -> None:
    text = clean_text(value)
    if text is None:
        assert normalise_email(value) is None
        return
    assert outcome(normalise_email, value) == outcome(_email_from_any_text, text)


@SETTINGS
@given(
    st.one_of(
        url_values,
        st.from_regex(
            r"(https?://|HTTP://)?(www\.)?([a-z0-9-]{1,8}\.){1,2}[a-zA-Z]{2,4}(/[a-z0-9._~/?#-]{0,8})?",
            fullmatch=True,
        ),
    )
)
def test_url_fast_path_agrees(value: str) -> None:
    text = clean_text(value)
    if text is None:
        assert normalise_url(value) is None
        return
    assert outcome(normalise_url, value) == outcome(_url_from_any_text, text)


# -------------------------------------------------------------------------------- amounts
_AMOUNT_TEXT = st.one_of(
    st.text(alphabet="0123456789.,€ ", min_size=1, max_size=14),
    st.builds(
        lambda n, style: style.format(
            f"{n:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        ),
        st.floats(0, 1e9, allow_nan=False),
        st.sampled_from(["{}", "€ {}", "{} €", "€{}", "{}€"]),
    ),
)


@SETTINGS
@given(_AMOUNT_TEXT, st.sampled_from([True, False, None]))
def test_plain_amount_agrees_with_the_general_reader(text: str, decimal_comma) -> None:
    text = clean_text(text) or ""
    if not text:
        return
    plain = _plain_amount(text)
    if plain is not None:
        assert plain == outcome(_decimal_from_any_text, text, decimal_comma)
        assert str(plain) == str(outcome(_decimal_from_any_text, text, decimal_comma))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", Decimal("1234.56")),
        ("€ 1.234,56", Decimal("1234.56")),
        ("12.345.678,9 €", Decimal("12345678.9")),
        ("1234,5", Decimal("1234.5")),
        ("0,123", Decimal("0.123")),
        ("987", Decimal("987")),
    ],
)
def test_plain_amounts_read_without_a_hint(text: str, expected: Decimal) -> None:
    for decimal_comma in (True, False, None):
        assert parse_decimal(text, decimal_comma=decimal_comma) == expected


def test_amounts_the_hint_decides_leave_the_fast_path() -> None:
    for text in ("1.234", "1,234", "12,345"):
        assert _plain_amount(text) is None
    assert parse_decimal("1,234") == Decimal("1.234")
    assert parse_decimal("1,234", decimal_comma=False) == Decimal("1234")


def test_many_random_italian_amounts_agree() -> None:
    rng = random.Random(7)
    for _ in range(5_000):
        amount = round(rng.uniform(0, 50_000_000), rng.choice([0, 1, 2]))
        text = f"{amount:,.{rng.choice([0, 1, 2, 3])}f}"
        text = text.replace(",", "X").replace(".", ",").replace("X", ".")
        for decimal_comma in (True, False, None):
            plain = _plain_amount(text)
            if plain is not None:
                assert plain == outcome(_decimal_from_any_text, text, decimal_comma), text
