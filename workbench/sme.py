"""EU SME classification (Commission Recommendation 2003/361/EC).

Pure domain logic: no Qt, no database. All money amounts are in EUR and all figures are
:class:`~decimal.Decimal`; floats are never used.

Ceilings (staff in annual work units, financial figures in EUR):

========  ========  ==============  ====================
class     staff     turnover        balance-sheet total
========  ========  ==============  ====================
micro     < 10      <= 2 M          <= 2 M
small     < 50      <= 10 M         <= 10 M
medium    < 250     <= 50 M         <= 43 M
large     otherwise
========  ========  ==============  ====================

Headcount is mandatory; only one of the two financial ceilings must be met. Partner enterprises
add their figures pro rata, linked enterprises in full. A firm changes class only after its
figures put it in another class in two consecutive years. A firm 25 % or more controlled by
public bodies is not an SME. Organisations that are not enterprises have no SME class.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, partial
from typing import Any

__all__ = [
    "PUBLIC_CONTROL_LIMIT_PCT",
    "EnterpriseRelation",
    "LinkedEnterprise",
    "SmeClass",
    "SmeResult",
    "YearFigures",
    "aggregate",
    "class_for_year",
    "classify",
    "format_eur",
]


class SmeClass(enum.StrEnum):
    """Size class of an enterprise, ordered from smallest to largest."""

    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class EnterpriseRelation(enum.StrEnum):
    """Relation of another enterprise to the enterprise being classified."""

    PARTNER = "partner"
    """25-50 % holding: figures are added pro rata (``share_pct`` %)."""
    LINKED = "linked"
    """More than 50 % or control: figures are added in full (``share_pct`` is informative)."""


PUBLIC_CONTROL_LIMIT_PCT = Decimal(25)
"""Share of capital or voting rights held by public bodies from which a firm is not an SME."""

_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class _Ceilings:
    staff: Decimal  # strict: staff must be below this
    turnover: Decimal  # inclusive
    balance_sheet: Decimal  # inclusive


_CEILINGS: dict[SmeClass, _Ceilings] = {
    SmeClass.MICRO: _Ceilings(Decimal(10), Decimal(2_000_000), Decimal(2_000_000)),
    SmeClass.SMALL: _Ceilings(Decimal(50), Decimal(10_000_000), Decimal(10_000_000)),
    SmeClass.MEDIUM: _Ceilings(Decimal(250), Decimal(50_000_000), Decimal(43_000_000)),
}
_ORDER: tuple[SmeClass, ...] = (SmeClass.MICRO, SmeClass.SMALL, SmeClass.MEDIUM, SmeClass.LARGE)
_RANK: dict[SmeClass, int] = {cls: rank for rank, cls in enumerate(_ORDER)}
_ALL_FINANCIAL_CEILINGS: frozenset[Decimal] = frozenset(
    amount for c in _CEILINGS.values() for amount in (c.turnover, c.balance_sheet)
)


@dataclass(frozen=True)
class LinkedEnterprise:
    """A partner or linked enterprise whose figures count towards the enterprise's size.

    Attributes:
        relation: Partner (added pro rata) or linked (added in full).
        share_pct: Holding in percent, 0-100. Used as the pro-rata factor for partners.
        staff_awu: Staff in annual work units, or None if unknown.
        turnover: Annual turnover in EUR, or None if unknown.
        balance_sheet: Balance-sheet total in EUR, or None if unknown.
        name: Optional display name.

    Raises:
        ValueError: If ``share_pct`` is outside 0-100.
    """

    relation: EnterpriseRelation
    share_pct: Decimal
    staff_awu: Decimal | None
    turnover: Decimal | None
    balance_sheet: Decimal | None
    name: str = ""

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.share_pct <= _HUNDRED:
            raise ValueError(f"share_pct must be between 0 and 100, got {self.share_pct}")


@dataclass(frozen=True)
class YearFigures:
    """Size figures of one enterprise for one accounting year (kept as evidence).

    Attributes:
        year: Accounting year.
        staff_awu: Staff in annual work units, or None if unknown.
        turnover: Annual turnover in EUR, or None if unknown.
        balance_sheet: Balance-sheet total in EUR, or None if unknown.
        public_control_pct: Share (percent) of capital or voting rights held by public bodies,
            or None if not known / not applicable.
        links: Partner and linked enterprises whose figures are added.
    """

    year: int
    staff_awu: Decimal | None
    turnover: Decimal | None
    balance_sheet: Decimal | None
    public_control_pct: Decimal | None = None
    links: tuple[LinkedEnterprise, ...] = ()


@dataclass(frozen=True)
class SmeResult:
    """Outcome of :func:`classify`.

    Attributes:
        sme_class: The class, or None when there is none (not an enterprise, no size data).
        reason: One or two English sentences explaining the result to a user.
        year: The latest year whose figures were used, or None.
        overridden: True if ``sme_class`` comes from a manual override.
        aggregated: Aggregated figures of ``year`` (evidence), or None.

    :func:`classify` writes ``reason`` only when it is first read (:meth:`_lazy`): formatting
    the sentences was more than half the cost of classifying 10,000 members for a report,
    which shows the class alone. Equality, hash, repr, :func:`dataclasses.replace` and pickling
    read it like any field, so a lazy result and one built with its text are the same value.
    """

    sme_class: SmeClass | None
    reason: str
    year: int | None
    overridden: bool = False
    aggregated: YearFigures | None = None

    @classmethod
    def _lazy(
        cls,
        sme_class: SmeClass | None,
        reason: Callable[[], str],
        year: int | None,
        overridden: bool = False,
        aggregated: YearFigures | None = None,
    ) -> SmeResult:
        """A result whose ``reason`` is ``reason()``, called once on first access."""
        result = cls.__new__(cls)
        set_field = object.__setattr__  # frozen: the dataclass's own way round it
        set_field(result, "sme_class", sme_class)
        set_field(result, "year", year)
        set_field(result, "overridden", overridden)
        set_field(result, "aggregated", aggregated)
        set_field(result, "_make_reason", reason)
        return result

    def __getattr__(self, name: str) -> str:
        # Only called for attributes not set: the reason of a lazy result, on first access.
        make = self.__dict__.get("_make_reason") if name == "reason" else None
        if make is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        text: str = make()
        object.__setattr__(self, "reason", text)
        del self.__dict__["_make_reason"]
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle and copy the value (reason in text), never the pending closure.
        return (
            type(self),
            (self.sme_class, self.reason, self.year, self.overridden, self.aggregated),
        )

    @property
    def is_sme(self) -> bool:
        """True for micro, small and medium enterprises."""
        return self.sme_class is not None and self.sme_class is not SmeClass.LARGE


# --------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------

_EUR_UNITS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(10) ** 9, " bn"),
    (Decimal(10) ** 6, " M"),
    (Decimal(10) ** 3, " k"),
    (Decimal(1), ""),
)


def _plain(value: Decimal) -> str:
    """Format a Decimal without exponent and without trailing zeros ("42.5", "120")."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _three_significant(value: Decimal) -> Decimal:
    """Round a positive value to three significant digits (never to fewer than 0 decimals)."""
    decimals = max(0, 2 - value.adjusted())
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_eur(amount: Decimal) -> str:
    """Format a EUR amount compactly for reasons and reports.

    Uses the largest unit (bn, M, k) in which the amount, rounded to three significant digits,
    is at least 1; trailing zeros are dropped.

    Args:
        amount: Amount in EUR.

    Returns:
        For example ``"8.2 M EUR"``, ``"850 k EUR"``, ``"1.5 bn EUR"``, ``"999 EUR"``.
    """
    if amount == 0:
        return "0 EUR"
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    for size, suffix in _EUR_UNITS:
        rounded = _three_significant(value / size)
        if rounded >= 1 or not suffix:
            return f"{sign}{_plain(rounded)}{suffix} EUR"
    raise AssertionError("unreachable")  # pragma: no cover


def _amount(amount: Decimal) -> str:
    """Format ``amount``; in full if it would otherwise look equal to a ceiling it differs from."""
    text = format_eur(amount)
    if any(amount != c and text == format_eur(c) for c in _ALL_FINANCIAL_CEILINGS):
        return f"{amount:,f} EUR"
    return text


def _ceiling(ceiling: Decimal) -> str:
    return format_eur(ceiling).removesuffix(" EUR")


def _label(cls: SmeClass) -> str:
    return str(cls).capitalize()


# --------------------------------------------------------------------------------------------
# Aggregation and single-year class
# --------------------------------------------------------------------------------------------


def _add(own: Decimal | None, other: Decimal | None, factor: Decimal) -> Decimal | None:
    if own is None or other is None:
        return None
    return own + other * factor


def aggregate(figures: YearFigures) -> YearFigures:
    """Combine an enterprise's own figures with those of its partner and linked enterprises.

    Partner enterprises add ``share_pct`` % of each of their figures; linked enterprises add
    100 % regardless of ``share_pct``. A figure that is unknown (None) for the enterprise itself
    or for any of its links is unknown in the result: an incomplete sum would understate the
    size. ``year`` and ``public_control_pct`` are kept.

    Args:
        figures: Own figures with ``links``.

    Returns:
        The combined figures with ``links=()``. Figures without links are returned unchanged.
    """
    if not figures.links:
        return figures
    staff, turnover, balance = figures.staff_awu, figures.turnover, figures.balance_sheet
    for link in figures.links:
        factor = (
            Decimal(1)
            if link.relation is EnterpriseRelation.LINKED
            else (link.share_pct / _HUNDRED)
        )
        staff = _add(staff, link.staff_awu, factor)
        turnover = _add(turnover, link.turnover, factor)
        balance = _add(balance, link.balance_sheet, factor)
    return replace(figures, staff_awu=staff, turnover=turnover, balance_sheet=balance, links=())


def _financial_ok(figures: YearFigures, ceilings: _Ceilings) -> tuple[bool, bool]:
    turnover_ok = figures.turnover is not None and figures.turnover <= ceilings.turnover
    balance_ok = (
        figures.balance_sheet is not None and figures.balance_sheet <= ceilings.balance_sheet
    )
    return turnover_ok, balance_ok


def _size_class(figures: YearFigures) -> tuple[SmeClass, str, str]:
    """Single-year size class of aggregated figures with a staff figure.

    Returns:
        ``(class, main, extra)``: ``main`` describes the decisive figures (placed before
        "in <year>"), ``extra`` is an optional remark starting with "; " (placed after it).
    """
    staff = figures.staff_awu
    assert staff is not None
    turnover, balance = figures.turnover, figures.balance_sheet
    no_financials = turnover is None and balance is None
    missed = ""  # set once a class was missed on the financial ceilings only
    for cls in _ORDER[:-1]:
        ceil = _CEILINGS[cls]
        if staff >= ceil.staff:
            continue
        turnover_ok, balance_ok = _financial_ok(figures, ceil)
        staff_text = f"{_plain(staff)} staff (< {_plain(ceil.staff)})"
        if no_financials:
            extra = "; no turnover or balance-sheet figure, so decided on headcount alone"
            return cls, staff_text, extra
        if turnover_ok:
            assert turnover is not None
            text = f"turnover {_amount(turnover)} (<= {_ceiling(ceil.turnover)})"
            return cls, f"{staff_text} and {text}", missed
        if balance_ok:
            assert balance is not None
            text = f"balance sheet {_amount(balance)} (<= {_ceiling(ceil.balance_sheet)})"
            if turnover is None:
                extra = "; no turnover figure"
            else:
                extra = (
                    f"; turnover {_amount(turnover)} is above"
                    f" {_ceiling(ceil.turnover)} but one financial ceiling suffices"
                )
            return cls, f"{staff_text} and {text}", extra + missed
        missed = f"; above the {cls} financial ceilings"
    medium = _CEILINGS[SmeClass.MEDIUM]
    if staff >= medium.staff:
        return SmeClass.LARGE, f"{_plain(staff)} staff (>= {_plain(medium.staff)})", ""
    parts = [
        "no turnover figure"
        if turnover is None
        else f"turnover {_amount(turnover)} (> {_ceiling(medium.turnover)})",
        "no balance-sheet figure"
        if balance is None
        else f"balance sheet {_amount(balance)} (> {_ceiling(medium.balance_sheet)})",
    ]
    main = f"{_plain(staff)} staff (< {_plain(medium.staff)}) but {parts[0]} and {parts[1]}"
    return SmeClass.LARGE, main, ""


def _size_class_only(figures: YearFigures) -> SmeClass:
    """The class :func:`_size_class` returns, without building its explanation (fast path)."""
    staff = figures.staff_awu
    assert staff is not None
    for cls in _ORDER[:-1]:
        ceil = _CEILINGS[cls]
        if staff >= ceil.staff:
            continue
        if figures.turnover is None and figures.balance_sheet is None:
            return cls
        turnover_ok, balance_ok = _financial_ok(figures, ceil)
        if turnover_ok or balance_ok:
            return cls
    return SmeClass.LARGE


class _Assessment:
    """Everything :func:`classify` needs to know about one year.

    The class is computed eagerly; the explanatory texts only when asked for, because
    classifying thousands of organisations needs the reason of one year each at most.
    """

    def __init__(self, figures: YearFigures) -> None:
        self.original = figures
        self.figures = aggregate(figures)  # aggregated
        pct = self.figures.public_control_pct
        self.public = pct is not None and pct >= PUBLIC_CONTROL_LIMIT_PCT
        # On size figures alone; None without a staff figure.
        self.size_class: SmeClass | None = (
            _size_class_only(self.figures) if self.figures.staff_awu is not None else None
        )
        # Including the public-control exclusion.
        self.sme_class: SmeClass | None = SmeClass.LARGE if self.public else self.size_class

    @property
    def year(self) -> int:
        return self.figures.year

    @cached_property
    def note(self) -> str:
        return " (figures include partner and linked enterprises)" if self.original.links else ""

    @cached_property
    def _texts(self) -> tuple[str, str]:
        if self.figures.staff_awu is None:
            return "", ""
        _cls, main, extra = _size_class(self.figures)
        return main, extra

    @property
    def size_main(self) -> str:
        return self._texts[0]

    @property
    def size_extra(self) -> str:
        return self._texts[1]

    @cached_property
    def reason(self) -> str:
        agg = self.figures
        if self.public:
            return (
                "not an SME: 25 % or more controlled by public bodies"
                f" ({_plain(agg.public_control_pct or Decimal(0))} % in {agg.year})."
            )
        if self.size_class is None:
            return f"no staff figure in {agg.year}."
        return (
            f"{_label(self.size_class)}: {self.size_main} in {agg.year}{self.size_extra}"
            f"{self.note}."
        )


def _assess(figures: YearFigures) -> _Assessment:
    return _Assessment(figures)


def class_for_year(figures: YearFigures) -> tuple[SmeClass | None, str]:
    """Single-year class, ignoring the two-consecutive-years rule.

    The figures are aggregated first (see :func:`aggregate`). Rules, in order:

    * ``public_control_pct >= 25`` -> LARGE ("not an SME: 25 % or more controlled by public
      bodies"), whatever the size figures.
    * No staff figure -> None ("no staff figure"): headcount is mandatory.
    * Otherwise the smallest class whose staff ceiling is not reached (staff < ceiling) and
      where turnover <= its ceiling OR balance sheet <= its ceiling. A missing financial figure
      does not meet its ceiling; if both are missing the class follows from headcount alone
      and the reason says so. If no SME class fits -> LARGE.

    Args:
        figures: Figures of one year, possibly with links.

    Returns:
        ``(class or None, reason)``; the reason is a user-readable English sentence.
    """
    assessment = _assess(figures)
    return assessment.sme_class, assessment.reason


# --------------------------------------------------------------------------------------------
# Multi-year classification
# --------------------------------------------------------------------------------------------


def _nearer_same_side(current: SmeClass, first: SmeClass, second: SmeClass) -> SmeClass | None:
    """Class to move to after two deviating years, or None if they deviate in opposite ways."""
    d1, d2 = _RANK[first] - _RANK[current], _RANK[second] - _RANK[current]
    if d1 * d2 <= 0:
        return None
    return first if abs(d1) <= abs(d2) else second


def _classify_figures(history: Sequence[YearFigures], as_of_year: int | None) -> SmeResult:
    seen: set[int] = set()
    for figures in history:
        if figures.year in seen:
            raise ValueError(f"duplicate year in SME history: {figures.year}")
        seen.add(figures.year)
    selected = sorted(
        (f for f in history if as_of_year is None or f.year <= as_of_year),
        key=lambda f: f.year,
    )
    assessments = [_assess(f) for f in selected]
    usable = [a for a in assessments if a.sme_class is not None]
    if not usable:
        return SmeResult(None, "no size data", None)
    latest = usable[-1]
    if latest.public:
        return SmeResult._lazy(
            SmeClass.LARGE,
            partial(_public_reason, latest.original),
            latest.year,
            aggregated=latest.figures,
        )

    track = [a for a in assessments if a.size_class is not None]  # track[-1] is latest
    first = track[0]
    assert first.size_class is not None
    current, since = first.size_class, first.year
    pending: _Assessment | None = None  # previous year, if it deviated from ``current``
    change: tuple[SmeClass, int, int] | None = None  # (old class, first year, second year)
    previous_year = first.year
    for item in track[1:]:
        assert item.size_class is not None
        if item.year != previous_year + 1:
            pending = None  # a gap (or a year without staff figure) breaks consecutiveness
        previous_year = item.year
        if item.size_class == current:
            pending = None
            continue
        if pending is not None:
            assert pending.size_class is not None
            new = _nearer_same_side(current, pending.size_class, item.size_class)
            if new is not None:
                change = (current, pending.year, item.year)
                current, since = new, item.year
        pending = item if item.size_class != current else None

    assert latest.size_class is not None
    return SmeResult._lazy(
        current,
        partial(_track_reason, current, since, latest.original, change),
        latest.year,
        aggregated=latest.figures,
    )


def _public_reason(figures: YearFigures) -> str:
    """The reason of a firm controlled by public bodies in its latest year, *figures*."""
    return _Assessment(figures).reason


def _track_reason(
    current: SmeClass,
    since: int,
    figures: YearFigures,
    change: tuple[SmeClass, int, int] | None,
) -> str:
    """The reason of a classification under the two-consecutive-years rule.

    *figures* is the latest year's (as given, links included): a pending reason keeps the
    history's own figures, not the year's assessment (memory of 100,000 results).
    """
    latest = _Assessment(figures)
    assert latest.size_class is not None
    if latest.size_class == current:
        reason = f"{_label(current)}: {latest.size_main} in {latest.year}{latest.size_extra}"
        reason += f"{latest.note}."
        if change is not None and change[2] == latest.year:
            old, year1, year2 = change
            where = (
                f"above the {old} ceilings"
                if _RANK[current] > _RANK[old]
                else f"within the {current} ceilings"
            )
            reason += (
                f" Changed from {old} after two consecutive years {where} ({year1} and {year2})."
            )
        return reason
    return (
        f"{_label(current)}: kept under the two-consecutive-years rule ({current} since"
        f" {since}); {latest.year} figures alone give {latest.size_class}:"
        f" {latest.size_main}{latest.size_extra}{latest.note}."
    )


def classify(
    history: Sequence[YearFigures],
    *,
    org_is_enterprise: bool = True,
    override: SmeClass | None = None,
    override_reason: str = "",
    as_of_year: int | None = None,
) -> SmeResult:
    """Classify an organisation from its yearly figures.

    Rules, in order of precedence:

    1. ``override`` without a non-blank ``override_reason`` raises ValueError (always checked).
    2. Not an enterprise (university, research organisation, public body, association):
       ``sme_class`` None, reason "no SME class: not an enterprise". This wins even over an
       override, because such organisations have no SME class at all.
    3. ``override`` given: that class, ``overridden=True``; the reason contains
       ``override_reason``. ``year`` and ``aggregated`` still carry the computed evidence.
    4. Otherwise the years up to ``as_of_year`` (default: all) are sorted. Years without a
       staff figure are unusable; none usable -> None, "no size data". ``year`` in the result
       is the latest usable year and ``aggregated`` its aggregated figures.
    5. Public control (>= 25 %) in the latest usable year -> LARGE immediately, and when it
       ends the size-based class applies immediately again: it is not subject to the two-year
       rule.
    6. Two-consecutive-years rule on the size class of each usable year (computed on size
       figures only): the class starts as the class of the first year. It changes only when
       two consecutive years (no missing or unusable year in between) both give a class on the
       same side of the current class (both larger or both smaller). The new class is the one
       of those two years that is nearer to the current class, i.e. the ceiling that was
       crossed in both years: micro with years small then medium becomes small (the small
       ceiling was exceeded only once); it may move on to medium if the next year is medium
       again. Years deviating in opposite directions do not change the class.

    Args:
        history: Yearly figures, in any order; each year at most once.
        org_is_enterprise: False for organisations that are not enterprises.
        override: Manually set class, or None.
        override_reason: Why the class was set manually; required with ``override``.
        as_of_year: Ignore years after this one.

    Returns:
        The classification with a user-readable reason.

    Raises:
        ValueError: If ``override`` is given with a blank reason, or a year occurs twice.
    """
    if override is not None and not override_reason.strip():
        raise ValueError("a manual SME class override needs a reason")
    if not org_is_enterprise:
        return SmeResult(None, "no SME class: not an enterprise", None)
    computed = _classify_figures(history, as_of_year)
    if override is None:
        return computed
    text = override_reason.strip()
    if not text.endswith((".", "!", "?")):
        text += "."
    reason = f"{_label(override)} (manual override): {text}"
    if computed.sme_class is not None and computed.sme_class != override:
        reason += f" The figures alone give {computed.sme_class}."
    return SmeResult(
        override, reason, computed.year, overridden=True, aggregated=computed.aggregated
    )
