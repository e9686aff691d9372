"""Random values for the demo: VAT numbers, fiscal codes, days, addresses, phones, size figures.

Each takes the caller's :class:`random.Random` (the builders never use the global one).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from stdnum import luhn

from workbench.demo.names import LOMBARDY, OTHER_REGIONS, Place
from workbench.models import (
    SmeClass,
)
from workbench.text import fold_for_search


def italian_vat(rng: random.Random, office: str, used: set[str]) -> str:
    """A new valid-checksum Italian VAT number ``IT`` + 11 digits, not in *used* (added to it).

    Digits 1-7 are the company number, 8-10 the provincial office (e.g. 015 Milano, 017
    Brescia, 016 Bergamo) and the last one the Luhn check digit, as ``stdnum.it.iva`` checks.
    """
    while True:
        base = f"{rng.randint(1_000_000, 9_999_999)}{office}"
        vat = "IT" + base + luhn.calc_check_digit(base)
        if vat not in used:
            used.add(vat)
            return vat


def nonprofit_fiscal_code(rng: random.Random, office: str, used: set[str]) -> str:
    """An 11-digit codice fiscale of a non-commercial entity (starts with 97 or 80)."""
    while True:
        base = f"{rng.choice(('97', '80'))}{rng.randint(10_000, 99_999)}{office}"
        code = base + luhn.calc_check_digit(base)
        if code not in used:
            used.add(code)
            return code


def day_between(rng: random.Random, start: date, end: date) -> date:
    """A random day from *start* to *end* inclusive (*start* when the range is empty)."""
    span = (end - start).days
    return start if span <= 0 else start + timedelta(days=rng.randint(0, span))


def round_to(value: float, step: int) -> Decimal:
    return Decimal(int(round(value / step)) * step)


def awu(value: float) -> Decimal:
    return Decimal(str(round(value, 1)))


def slug(text: str, limit: int = 24) -> str:
    folded = fold_for_search(text)
    for form in (" s.p.a.", " s.r.l.s.", " s.r.l.", " soc. coop.", " s.n.c.", " s.c.a r.l."):
        folded = folded.replace(form, "")
    return re.sub(r"[^a-z0-9]+", "", folded)[:limit] or "info"


def _email_name(first: str, last: str) -> str:
    return f"{slug(first, 30)}.{slug(last, 30)}"


def personal_email(first: str, last: str, domain: str) -> str:
    """An invented person's address that can never reach a real mailbox.

    Demo organisations keep their real public web domains, but the people are invented: their
    addresses use the reserved ``.example`` top-level domain (RFC 2606), so a demo database
    used to try a mailing cannot write to a real person who shares the invented name.
    """
    return f"{_email_name(first, last)}@{domain.rsplit('.', 1)[0]}.example"


def log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def weighted_sample(
    rng: random.Random, items: Sequence[Any], weights: Sequence[float], k: int
) -> list[Any]:
    """*k* distinct items drawn with probability proportional to weight (Efraimidis-Spirakis)."""
    if k >= len(items):
        return list(items)
    keyed = [(rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)]
    keyed.sort(reverse=True)
    return [items[i] for _key, i in keyed[:k]]


def phone_number(rng: random.Random, prefix: str) -> str:
    digits = 10 - len(prefix)
    return f"+39 {prefix} {rng.randint(10 ** (digits - 1), 10**digits - 1)}"


def mobile_number(rng: random.Random) -> str:
    return f"+39 3{rng.randint(20, 49)} {rng.randint(1_000_000, 9_999_999)}"


def lombard_place(rng: random.Random, city: str | None = None) -> Place:
    if city is None:
        row = rng.choices(LOMBARDY, weights=[r[6] for r in LOMBARDY])[0]
    else:
        row = next(r for r in LOMBARDY if r[0] == city)
    name, province, first, last, office, phone, _weight = row
    return Place(name, province, str(rng.randint(first, last)), office, phone)


def other_place(rng: random.Random, city: str | None = None) -> Place:
    row = (
        rng.choice(OTHER_REGIONS)
        if city is None
        else next(r for r in OTHER_REGIONS if r[0] == city)
    )
    name, province, first, last, office, phone, region, nuts2 = row
    return Place(name, province, str(rng.randint(first, last)), office, phone, region, nuts2)


def place_for(city: str, postcode: str) -> Place:
    for row in LOMBARDY:
        if row[0] == city:
            return Place(city, row[1], postcode, row[4], row[5])
    for other in OTHER_REGIONS:
        if other[0] == city:
            return Place(city, other[1], postcode, other[4], other[5], other[6], other[7])
    if city == "Ispra":
        return Place("Ispra", "VA", postcode, "012", "0332")
    raise ValueError(f"unknown demo city {city}")


# =========================================================================== size figures

# staff, turnover and balance-sheet ranges that keep each class when drawn independently
_CLASS_RANGES: dict[
    SmeClass, tuple[tuple[float, float], tuple[float, float], tuple[float, float]]
] = {
    SmeClass.MICRO: ((1.0, 9.5), (80_000, 1_900_000), (50_000, 1_800_000)),
    SmeClass.SMALL: ((10.5, 48.0), (2_200_000, 9_500_000), (1_000_000, 9_000_000)),
    SmeClass.MEDIUM: ((52.0, 240.0), (11_000_000, 48_000_000), (8_000_000, 40_000_000)),
    SmeClass.LARGE: ((260.0, 2_500.0), (55_000_000, 900_000_000), (45_000_000, 1_100_000_000)),
}

# Explicit five-year series (staff, turnover M EUR, balance sheet M EUR), oldest year first.
SIZE_SERIES: dict[str, tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]] = {
    # small in the last two years: becomes small under the two-consecutive-years rule
    "grow_micro_small": (
        (6.5, 7.5, 9.0, 12.0, 14.5),
        (0.9, 1.2, 1.6, 2.4, 3.1),
        (0.6, 0.8, 1.1, 1.5, 1.9),
    ),
    # crosses the micro ceiling in the last year only: stays micro
    "grow_micro_once": (
        (5.0, 6.0, 7.5, 8.5, 11.0),
        (0.5, 0.6, 0.8, 0.95, 1.3),
        (0.3, 0.35, 0.45, 0.5, 0.7),
    ),
    "grow_small_medium": (
        (38.0, 42.0, 46.0, 55.0, 63.0),
        (7.0, 8.5, 9.6, 12.5, 14.0),
        (5.0, 6.0, 7.0, 9.5, 11.0),
    ),
    "shrink_medium_small": (
        (64.0, 60.0, 55.0, 46.0, 41.0),
        (14.0, 13.0, 12.0, 9.2, 8.4),
        (11.0, 10.8, 10.6, 8.0, 7.5),
    ),
    "partner": ((6.0, 6.5, 7.0, 7.0, 7.5), (1.1, 1.2, 1.3, 1.3, 1.4), (0.8, 0.85, 0.9, 0.9, 1.0)),
    "linked": (
        (28.0, 30.0, 31.0, 33.0, 34.0),
        (6.0, 6.5, 7.0, 7.4, 7.9),
        (4.0, 4.2, 4.5, 4.8, 5.0),
    ),
    "public": (
        (120.0, 124.0, 126.0, 130.0, 133.0),
        (30.0, 31.0, 33.0, 35.0, 36.0),
        (25.0, 26.0, 27.0, 28.0, 29.0),
    ),
    "override": (
        (22.0, 24.0, 25.0, 27.0, 28.0),
        (4.5, 4.8, 5.2, 5.6, 6.0),
        (3.0, 3.2, 3.4, 3.6, 3.8),
    ),
    "large_bank": (
        (900.0, 910.0, 930.0, 950.0, 960.0),
        (180.0, 185.0, 190.0, 205.0, 215.0),
        (6_500.0, 6_700.0, 6_900.0, 7_200.0, 7_400.0),
    ),
    "medium_bank": (
        (178.0, 181.0, 185.0, 186.0, 190.0),
        (38.0, 39.0, 41.0, 44.0, 46.0),
        (1_450.0, 1_500.0, 1_560.0, 1_610.0, 1_680.0),
    ),
    "small_bank": (
        (34.0, 35.0, 36.0, 36.0, 37.0),
        (7.6, 7.9, 8.1, 8.6, 8.9),
        (520.0, 540.0, 560.0, 590.0, 610.0),
    ),
}

PATTERN_CLASS = {
    "grow_micro_small": SmeClass.SMALL,
    "grow_micro_once": SmeClass.MICRO,
    "grow_small_medium": SmeClass.MEDIUM,
    "shrink_medium_small": SmeClass.SMALL,
    "partner": SmeClass.SMALL,
    "linked": SmeClass.LARGE,
    "public": SmeClass.LARGE,
    "override": SmeClass.SMALL,
}


def random_series(
    rng: random.Random, cls: SmeClass, count: int
) -> list[tuple[Decimal, Decimal, Decimal]]:
    """*count* years of figures that stay within *cls*, with plausible year-to-year drift."""
    (s_lo, s_hi), (t_lo, t_hi), (b_lo, b_hi) = _CLASS_RANGES[cls]
    staff = log_uniform(rng, s_lo, s_hi)
    turnover = log_uniform(rng, t_lo, t_hi)
    balance = min(log_uniform(rng, b_lo, b_hi), turnover * rng.uniform(0.5, 1.6))
    balance = max(balance, b_lo)
    out: list[tuple[Decimal, Decimal, Decimal]] = []
    for _ in range(count):
        out.append((awu(staff), round_to(turnover, 1_000), round_to(balance, 1_000)))
        staff = min(max(staff * rng.uniform(0.94, 1.08), s_lo), s_hi)
        turnover = min(max(turnover * rng.uniform(0.92, 1.11), t_lo), t_hi)
        balance = min(max(balance * rng.uniform(0.96, 1.07), b_lo), b_hi)
    return out


def pattern_series(
    rng: random.Random, pattern: str, count: int
) -> list[tuple[Decimal, Decimal, Decimal]]:
    staff, turnover, balance = SIZE_SERIES[pattern]
    offset = len(staff) - count
    out = []
    for i in range(offset, len(staff)):
        jitter = rng.uniform(0.985, 1.015)
        out.append(
            (
                awu(staff[i]),
                round_to(turnover[i] * 1e6 * jitter, 1_000),
                round_to(balance[i] * 1e6 * jitter, 1_000),
            )
        )
    return out
