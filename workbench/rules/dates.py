"""Reading dates that people type or that files hold as text: the one parser for both.

The organisation editor's date fields, every other date field of the interface and the
spreadsheet importer all read date *text* through :func:`parse_date_text`. They differ only in
what they know about the order of day and month, which is the named parameter ``order``:

* the interface passes the order of its locale (Italian and English (UK) are both day first,
  :attr:`DateOrder.DMY`), so ``04/03/2021`` is 4 March 2021 and bare digits are read day first;
* the importer passes the order detected for the whole column, or None when it is not known:
  then a date that fits both orders with different results (``04/03/2021``) is refused rather
  than guessed, and bare digits are read only as ``yyyymmdd``.

Accepted forms (surrounding and repeated spaces are ignored):

* ISO ``2027-01-15`` (also with ``/`` or ``.``, and with a time that is dropped);
* day/month/year with the same separator ``/``, ``.`` or ``-`` twice: ``15/01/2027``,
  ``15.1.2027``, ``15-01-27`` (a time after the date is dropped);
* bare digits: ``20270115`` always; with a known order also ``15012027`` and ``150127``
  (day first for DMY, month first for MDY). An eight-digit string is never both a valid
  ``yyyymmdd`` in 1900-2099 and a valid ``ddmmyyyy`` in 1900-2099, so reading it is never a guess;
* month names in Italian, English, German, French and Spanish: ``3 marzo 2021``,
  ``March 3rd, 2021``.

Two-digit years pivot at 70: ``00``-``69`` are 2000-2069 and ``70``-``99`` are 1970-1999 (the
POSIX ``strptime %y`` convention, which spreadsheets and most users also assume). Cluster
records are recent (memberships, fees, projects) while founding years and old join dates
reach back to the 1970s at most, so the window fits both.

Failures raise :class:`DateTextError` with a translatable message that quotes the text and
says what is expected. Nothing here imports Qt.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from workbench.rules.errors import RuleError
from workbench.text import fold_for_search
from workbench.translatable import Message, compose, msg

__all__ = [
    "DATE_EXPECTED",
    "TWO_DIGIT_YEAR_PIVOT",
    "DateOrder",
    "DateTextError",
    "completed_years",
    "full_year",
    "numeric_day_month",
    "parse_date_text",
]

#: Two-digit years below this are 20xx, the others 19xx.
TWO_DIGIT_YEAR_PIVOT = 70


class DateOrder(StrEnum):
    """Order of day and month in text dates such as 04/03/2021."""

    DMY = "dmy"
    MDY = "mdy"


class DateTextError(RuleError):
    """A text is not a date; ``message`` is user-readable and translatable."""


DATE_EXPECTED = msg("expected a date like 31/12/2024, 31.12.2024 or 2024-12-31")

_ISO_RE = re.compile(
    r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_NUMERIC_DATE_RE = re.compile(
    r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})(?:,?\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?$"
)
_DIGITS_RE = re.compile(r"^\d{6}$|^\d{8}$")
# Bare eight digits are read as years only in this window: it is what makes yyyymmdd and
# ddmmyyyy (or mmddyyyy) exclusive, so a string of digits is never read two ways.
_DIGIT_YEARS = range(1900, 2100)

_MONTH_NAMES = (
    "gennaio gen january jan januar janvier enero ene",
    "febbraio feb february februar fevrier febrero",
    "marzo mar march marz mars",
    "aprile apr april avril abril abr",
    "maggio mag may mai mayo",
    "giugno giu june jun juni juin junio",
    "luglio lug july jul juli juillet julio",
    "agosto ago august aug aout",
    "settembre set september sep sept septembre septiembre setiembre",
    "ottobre ott october oct oktober okt octobre octubre",
    "novembre nov november noviembre",
    "dicembre dic december dec dezember dez decembre diciembre",
)
_MONTHS = {name: n for n, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()}
_DATE_FILLER = frozenset(
    "di de del of the lunedi martedi mercoledi giovedi venerdi sabato domenica monday tuesday "
    "wednesday thursday friday saturday sunday mon tue wed thu fri sat sun".split()
)
_ORDINAL_SUFFIXES = frozenset(("st", "nd", "rd", "th", "o", "er"))

_MONTH_LABELS = (
    msg("January"),
    msg("February"),
    msg("March"),
    msg("April"),
    msg("May"),
    msg("June"),
    msg("July"),
    msg("August"),
    msg("September"),
    msg("October"),
    msg("November"),
    msg("December"),
)


def parse_date_text(text: str, *, order: DateOrder | None) -> date | None:
    """Read *text* as a date.

    Args:
        text: What was typed or found in a cell. Blank text gives None (an empty field or
            cell is not an error).
        order: Day/month order for numeric dates and bare digits. The interface passes its
            locale's order; the importer the column's order, or None when unknown, in which
            case ambiguous day/month text is refused and bare digits are only ``yyyymmdd``.

    Returns:
        The date, or None for blank text.

    Raises:
        DateTextError: *text* is not a date, not a real calendar date, or (with ``order``
            None) ambiguous.
    """
    text = " ".join(text.split())
    if not text:
        return None
    match = _ISO_RE.match(text)
    if match:
        return _make_date(text, int(match[1]), int(match[3]), int(match[4]))
    if _DIGITS_RE.match(text):
        return _date_from_digits(text, order)
    match = _NUMERIC_DATE_RE.match(text)
    if match:
        first, second, year = int(match[1]), int(match[3]), full_year(match[4])
        day, month = _day_month(text, first, second, order)
        return _make_date(text, year, month, day)
    found = _date_from_words(text)
    if found is not None:
        return found
    raise DateTextError(
        msg('"{value}" is not a date: {expected}', value=text, expected=DATE_EXPECTED)
    )


def completed_years(since: date, day: date) -> int:
    """Whole years from *since* to *day*: the one rule for ages (years of activity, tenure).

    A year is complete on its anniversary: 15/03/2009 -> 15/03/2025 is 16 years, the day
    before is 15. A 29 February start completes its years on 1 March in common years. Every
    report counts its ages to its one reference day, so the cluster profile and indicator 2.1
    always agree.

    Raises:
        ValueError: *day* is before *since* (no age yet; callers say so in their own words).
    """
    if day < since:
        raise ValueError(f"{day} is before {since}")
    return day.year - since.year - ((day.month, day.day) < (since.month, since.day))


def numeric_day_month(text: str) -> tuple[int, int] | None:
    """The two leading numbers of a day/month text date (``04/03/2021`` -> (4, 3)), else None.

    Used to decide a column's order from all its values (the importer's
    ``detect_date_order``); ISO text, bare digits and month names need no order and give None.
    """
    match = _NUMERIC_DATE_RE.match(text.strip())
    return (int(match[1]), int(match[3])) if match else None


def full_year(digits: str) -> int:
    """A year from two or four digits, two-digit years pivoting at :data:`TWO_DIGIT_YEAR_PIVOT`."""
    year = int(digits)
    if len(digits) == 2:
        return 2000 + year if year < TWO_DIGIT_YEAR_PIVOT else 1900 + year
    return year


def _date_from_digits(text: str, order: DateOrder | None) -> date:
    """``yyyymmdd``; with a known order also ``ddmmyyyy``/``ddmmyy`` (or month first)."""
    readings: list[tuple[int, int, int]] = []  # (year, month, day)
    if len(text) == 8:
        readings.append((int(text[:4]), int(text[4:6]), int(text[6:])))
    if order is not None:
        year = int(text[4:]) if len(text) == 8 else full_year(text[4:])
        first, second = int(text[:2]), int(text[2:4])
        day, month = (first, second) if order is DateOrder.DMY else (second, first)
        readings.append((year, month, day))
    for year, month, day in readings:
        if len(text) == 8 and year not in _DIGIT_YEARS:
            continue
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise DateTextError(
        msg('"{value}" is not a date: {expected}', value=text, expected=DATE_EXPECTED)
    )


def _day_month(text: str, first: int, second: int, order: DateOrder | None) -> tuple[int, int]:
    """Return (day, month) following ``order``, or the only reading when order is None."""
    if order is DateOrder.DMY:
        return first, second
    if order is DateOrder.MDY:
        return second, first
    if first > 12 or first == second:
        return first, second
    if second > 12:
        return second, first
    raise DateTextError(
        msg(
            '"{value}" could be {first} or {second}: '
            "choose the date order (day/month or month/day) for this column",
            value=text,
            first=_long_date(first, second),
            second=_long_date(second, first),
        )
    )


def _long_date(day: int, month: int) -> Message:
    """Return "3 April" with the month name translatable."""
    return compose("{day} {month}", day=day, month=_MONTH_LABELS[month - 1])


def _make_date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateTextError(
            msg('"{value}" is not a real calendar date: check the day and month', value=text)
        ) from None


def _date_from_words(text: str) -> date | None:
    """Dates with a month name: "3 marzo 2021", "March 3rd, 2021", "lunedì 1° marzo 21"."""
    words = re.findall(r"\d+|[^\W\d_]+", fold_for_search(text))
    months: list[int] = []
    numbers: list[str] = []
    for word in words:
        if word.isdigit():
            numbers.append(word)
        elif word in _MONTHS:
            months.append(_MONTHS[word])
        elif word not in _DATE_FILLER and word not in _ORDINAL_SUFFIXES:
            return None
    if len(months) != 1 or len(numbers) != 2:
        return None
    long_years = [n for n in numbers if len(n) == 4]
    if len(long_years) == 1:
        year_text = long_years[0]
        day_text = numbers[1] if numbers[0] == year_text else numbers[0]
    elif not long_years and len(numbers[1]) == 2:
        day_text, year_text = numbers
    else:
        return None
    if len(day_text) > 2:
        return None
    return _make_date(text, full_year(year_text), months[0], int(day_text))
