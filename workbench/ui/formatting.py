"""Dates, numbers and money shown the way the user's locale writes them (QLocale).

Every page formats through these helpers so that an Italian user reads ``31/12/2024`` and
``1.234,50 €`` and an English one ``31/12/2024`` and ``€1,234.50``. Amounts stay Decimal all
the way (never float). ``locale`` defaults to ``QLocale()`` (the application default, set by
``workbench.ui.i18n.apply_language``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

EURO = "€"


def date_pattern(locale: QLocale | None = None) -> str:
    """The locale's short date pattern with a four-digit year (``dd/MM/yyyy``)."""
    loc = locale or QLocale()
    pattern = loc.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in pattern:
        pattern = pattern.replace("yy", "yyyy")
    if loc.language() == QLocale.Language.C:
        pattern = "yyyy-MM-dd"
    return pattern


def format_date(value: date | datetime | None, locale: QLocale | None = None) -> str:
    """*value* as a short date with a four-digit year; "" for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    loc = locale or QLocale()
    return loc.toString(QDate(value.year, value.month, value.day), date_pattern(loc))


def format_datetime(value: datetime | None, locale: QLocale | None = None) -> str:
    """*value* (converted to local time when it carries a zone) as date and hours:minutes."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone()
    loc = locale or QLocale()
    qdt = QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))
    return loc.toString(qdt, date_pattern(loc) + " HH:mm")


def _to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


def format_decimal(
    value: Decimal | int | float | None,
    places: int = 2,
    locale: QLocale | None = None,
    *,
    trim: bool = False,
) -> str:
    """*value* rounded half-up to *places* decimals, with the locale's separators.

    With *trim*, trailing zero decimals are dropped (``12,5`` rather than ``12,50``).
    """
    number = _to_decimal(value)
    if number is None:
        return ""
    loc = locale or QLocale()
    quantum = Decimal(1).scaleb(-places) if places > 0 else Decimal(1)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):f}"
    whole, _, fraction = text.partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    group = loc.groupSeparator() if loc.language() != QLocale.Language.C else ","
    point = loc.decimalPoint() if loc.language() != QLocale.Language.C else "."
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = sign + group.join(groups)
    if fraction:
        result += point + fraction
    return result


def format_int(value: int | None, locale: QLocale | None = None) -> str:
    """A count with the locale's thousands separator, from four digits on in every language.

    CLDR leaves four-digit Italian numbers ungrouped ("2959"); cluster managers read and
    write "2.959", so the interface groups every count ("2.959", "2,959"), as the reports do.
    Years and ids are not counts: they are shown without separators (``str``).
    """
    return "" if value is None else format_decimal(value, 0, locale)


#: Locales tried for Qt widgets that format numbers themselves (charts): the first with the
#: interface locale's separators that groups four-digit numbers.
_GROUPING_LOCALES = ("de_DE", "en_GB", "de_CH", "fr_FR", "sv_SE")


def grouping_locale(locale: QLocale | None = None) -> QLocale:
    """A locale writing numbers as :func:`format_int` does, for widgets that format their own.

    Qt Charts formats axis and bar values with its locale's CLDR rules, which leave "2959"
    ungrouped in Italian: it gets a locale with the same separators that groups it ("2.959").
    """
    loc = locale or QLocale()
    if loc.language() == QLocale.Language.C or len(loc.toString(1000)) > 4:
        return loc  # "1,000": it groups four digits already
    for name in _GROUPING_LOCALES:
        candidate = QLocale(name)
        if (candidate.groupSeparator(), candidate.decimalPoint()) == (
            loc.groupSeparator(),
            loc.decimalPoint(),
        ):
            return candidate
    return loc


def format_money(
    value: Decimal | int | None,
    locale: QLocale | None = None,
    *,
    currency: str = EURO,
    places: int = 2,
) -> str:
    """An amount in euro, the symbol placed as the locale places it (``1.234,50 €``)."""
    number = format_decimal(value, places, locale)
    if not number:
        return ""
    loc = locale or QLocale()
    symbol_first = loc.toCurrencyString(1, currency).startswith(currency)
    if symbol_first:
        if number.startswith("-"):
            return "-" + currency + number[1:]
        return currency + number
    return f"{number} {currency}"


def format_percent(
    value: Decimal | float | None, places: int = 1, locale: QLocale | None = None
) -> str:
    """A percentage already expressed in percent (``12.5`` -> ``12,5 %``/``12.5%``)."""
    number = format_decimal(value, places, locale, trim=True)
    if not number:
        return ""
    loc = locale or QLocale()
    return (
        f"{number} %"
        if loc.language()
        in (QLocale.Language.Italian, QLocale.Language.French, QLocale.Language.German)
        else f"{number}%"
    )


def _NUMBER_SHAPE(group: str, point: str) -> re.Pattern[str]:  # noqa: N802 - reads as a constant
    """Digits, optionally grouped by thousands with *group*, optionally decimals after *point*."""
    g, p = re.escape(group), re.escape(point)
    return re.compile(rf"^[+-]?(\d+|\d{{1,3}}({g}\d{{3}})+)({p}\d+)?$")


def parse_decimal(text: str, locale: QLocale | None = None) -> Decimal | None:
    """Read a number typed by the user, in the locale's or the plain ``1234.5`` notation.

    Returns None for blank text; raises ValueError with a readable message otherwise.
    """
    raw = (text or "").strip().replace(EURO, "").replace("\u00a0", "").replace(" ", "")
    if not raw:
        return None
    loc = locale or QLocale()
    group = loc.groupSeparator() or ","
    point = loc.decimalPoint() or "."
    # A group separator only counts where it separates thousands ("1.234,5" in Italian);
    # "1234.56" typed in an Italian window is the plain notation, not 123456.
    for grp, pnt in ((group, point), (",", ".")):
        if _NUMBER_SHAPE(grp, pnt).match(raw):
            number = Decimal(raw.replace(grp, "").replace(pnt, "."))
            if number.is_finite():
                return number
    raise ValueError(f"'{text}' is not a number.")


def escape_mnemonic(text: str) -> str:
    """*text* for a label Qt reads mnemonics in (actions, menus, buttons, group box titles).

    A literal ``&`` ("R&D", "Alfa & Beta") instead of a shortcut mark that Qt would swallow.
    Every record name, file path or other user text put into such a label goes through it.
    """
    return text.replace("&", "&&")
