"""Numbers typed in the window: the locale's notation and the plain one, never 100x off."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QLocale

from workbench.ui.formatting import parse_decimal

ITALIAN = QLocale(QLocale.Language.Italian, QLocale.Country.Italy)
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1.234", "1234"),
        ("€ 1.000", "1000"),
        ("-3,5", "-3.5"),
        ("1,234.56", "1234.56"),
        ("", None),
    ],
)
def test_italian_window(text, expected):
    result = parse_decimal(text, ITALIAN)
    assert result == (Decimal(expected) if expected else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1.5", "1.5"),
        ("12", "12"),
    ],
)
def test_english_window(text, expected):
    assert parse_decimal(text, ENGLISH) == Decimal(expected)


@pytest.mark.parametrize("text", ["12,34,5", "abc", "1..2", "1.23.4,5,6"])
def test_not_numbers(text):
    with pytest.raises(ValueError, match="is not a number"):
        parse_decimal(text, ITALIAN)
