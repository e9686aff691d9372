"""Number formatting and small arithmetic shared by the indicator computations."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from workbench.sme import format_eur
from workbench.translatable import Message, compose, msg

__all__ = [
    "fmt_date",
    "fmt_eur",
    "fmt_number",
    "fmt_value",
    "more_needed_for_share",
    "pct",
    "plural",
    "round_fte",
    "twelve_months_to",
    "value_message",
    "years_before",
]

_TENTH = Decimal("0.1")
_HUNDREDTH = Decimal("0.01")


def pct(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """*part* as a percentage of *whole*, rounded half-up to 0.1; None when *whole* is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_TENTH, rounding=ROUND_HALF_UP)


def fmt_number(value: int | Decimal, decimals: int = 1) -> str:
    """A number with at most *decimals* decimals and no trailing zeros ("46.5", "77", "0.5")."""
    if isinstance(value, int):
        return str(value)
    quantum = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    text = format(rounded, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_value(value: int | Decimal | str | None, unit: str) -> str:
    """A value with its unit for tables: "142", "46.5 %", "2.8 FTE", "14 years", "—"."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if unit == "%":
        return f"{fmt_number(value)} %"
    if unit == "FTE":
        return f"{fmt_number(value, 2)} FTE"
    if unit == "years":
        return f"{fmt_number(value)} {'year' if value == 1 else 'years'}"
    return fmt_number(value, 2)


def value_message(value: int | Decimal | str | None, unit: str) -> Message:
    """:func:`fmt_value` as a translatable message: its number and unit in the reader's language."""
    if value is None:
        return Message("—")
    if isinstance(value, str):
        return Message(value)
    if unit == "%":
        return msg("{value} %", value=Decimal(fmt_number(value)))
    if unit == "FTE":
        return msg("{value} FTE", value=Decimal(fmt_number(value, 2)))
    if unit == "years":
        shown = Decimal(fmt_number(value))
        return msg("{value} year", value=shown) if value == 1 else msg("{value} years", value=shown)
    return compose("{value}", value=Decimal(fmt_number(value, 2)))


def fmt_eur(amount: Decimal) -> str:
    """A euro amount in compact form ("410 k EUR")."""
    return format_eur(amount)


def fmt_date(day: date) -> str:
    """ISO date, as used in messages (2024-12-31)."""
    return day.isoformat()


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """Return a count with its noun: "1 member", "3 members"."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


def years_before(day: date, years: int) -> date:
    """The same calendar day *years* earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def twelve_months_to(day: date) -> date:
    """First day of the 12 months ending on *day* (inclusive): 2025-03-10 -> 2024-03-11."""
    return years_before(day, 1) + timedelta(days=1)


def more_needed_for_share(part: int, whole: int, target_pct: Decimal) -> int | None:
    """How many items to add to both *part* and *whole* to reach *target_pct* percent.

    Solves ``(part + k) / (whole + k) >= target`` for the smallest whole ``k >= 0``; None when
    no number of additions can reach the target (a target of 100 % with outsiders present).
    """
    target = target_pct / 100
    if whole and Decimal(part) / Decimal(whole) >= target:
        return 0
    if target >= 1:
        return None if whole > part else max(0, 1 - whole)
    needed = (target * whole - part) / (1 - target)
    k = max(0, math.ceil(needed))
    # Guard against rounding at the boundary.
    while whole + k and Decimal(part + k) / Decimal(whole + k) < target:
        k += 1
    return k


def round_fte(value: Decimal) -> Decimal:
    """FTE to hundredths."""
    return value.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
