"""The one date-text rule: what the interface's date fields and the importer read."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.importing.errors import ValueParseError
from workbench.importing.parsing import parse_date
from workbench.rules.dates import (
    TWO_DIGIT_YEAR_PIVOT,
    DateOrder,
    DateTextError,
    full_year,
    parse_date_text,
)

DMY = DateOrder.DMY


@pytest.mark.parametrize(
    "text, expected",
    [
        ("15/01/2027", date(2027, 1, 15)),
        ("15.1.2027", date(2027, 1, 15)),
        ("15-01-27", date(2027, 1, 15)),
        ("2027-01-15", date(2027, 1, 15)),
        ("15012027", date(2027, 1, 15)),  # bare digits, day first
        ("150127", date(2027, 1, 15)),
        ("20270115", date(2027, 1, 15)),  # yyyymmdd needs no order
        ("  15/01/2027 ", date(2027, 1, 15)),
        ("01/03/2025", date(2025, 3, 1)),
        ("1.3.2025", date(2025, 3, 1)),
        ("15 gen 2027", date(2027, 1, 15)),
        ("15 January 2027", date(2027, 1, 15)),
    ],
)
def test_typed_forms_day_first(text: str, expected: date) -> None:
    assert parse_date_text(text, order=DMY) == expected


def test_blank_is_none_not_an_error() -> None:
    assert parse_date_text("", order=DMY) is None
    assert parse_date_text("   ", order=None) is None


@pytest.mark.parametrize(
    "text, reason",
    [
        ("31/02/2027", "not a real calendar date"),
        ("15/13/2027", "not a real calendar date"),
        ("soon", "is not a date"),
        ("15/01", "is not a date"),  # no year: not guessed
        ("15/01.2027", "is not a date"),  # two different separators
        ("1501202", "is not a date"),
        ("32012027", "is not a date"),
    ],
)
def test_unreadable_text_is_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(DateTextError, match=reason) as info:
        parse_date_text(text, order=DMY)
    assert f'"{text}"' in info.value.message


def test_two_digit_years_pivot_at_70() -> None:
    assert TWO_DIGIT_YEAR_PIVOT == 70
    assert full_year("69") == 2069 and full_year("70") == 1970 and full_year("00") == 2000
    assert parse_date_text("01/01/69", order=DMY) == date(2069, 1, 1)
    assert parse_date_text("01/01/70", order=DMY) == date(1970, 1, 1)
    assert parse_date_text("010199", order=DMY) == date(1999, 1, 1)


def test_the_order_is_the_one_difference_between_callers() -> None:
    # The interface knows its locale's order; the importer may not know the column's.
    assert parse_date_text("04/03/2021", order=DMY) == date(2021, 3, 4)
    assert parse_date_text("04/03/2021", order=DateOrder.MDY) == date(2021, 4, 3)
    with pytest.raises(DateTextError, match="could be"):
        parse_date_text("04/03/2021", order=None)
    assert parse_date_text("03152027", order=DateOrder.MDY) == date(2027, 3, 15)
    with pytest.raises(DateTextError):  # bare day-first digits need a known order
        parse_date_text("15012027", order=None)


@pytest.mark.parametrize("text", ["15/01/2027", "2027-01-15", "04/03/2021", "soon", "15012027"])
@pytest.mark.parametrize("order", [DMY, DateOrder.MDY, None])
def test_importer_reads_text_through_the_same_rule(text: str, order: DateOrder | None) -> None:
    try:
        expected: date | None | str = parse_date_text(text, order=order)
    except DateTextError as exc:
        expected = str(exc)
    try:
        got: date | None | str = parse_date(text, order=order)
    except ValueParseError as exc:
        got = str(exc)
    assert got == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_every_date_reads_back_in_every_typed_form(day: date) -> None:
    for text in (
        day.strftime("%d/%m/%Y"),
        f"{day.day}.{day.month}.{day.year}",
        day.isoformat(),
        day.strftime("%d%m%Y"),  # never also a valid yyyymmdd: the reading is not a guess
        day.strftime("%Y%m%d"),
    ):
        assert parse_date_text(text, order=DMY) == day, text
    if 1900 + TWO_DIGIT_YEAR_PIVOT <= day.year < 2000 + TWO_DIGIT_YEAR_PIVOT:
        assert parse_date_text(day.strftime("%d-%m-%y"), order=DMY) == day
