"""Indicator definitions and the period rules of the engine."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from workbench.indicators import (
    BRONZE_AREAS,
    DEFINITIONS,
    Kind,
    definition,
    definitions_for,
)
from workbench.indicators.engine import build_periods, current_day
from workbench.indicators.formatting import fmt_value, more_needed_for_share, pct

DOMAIN_ORDER = (
    "1.1.0 1.1.1 1.1.2 1.2 2.1 2.2.1 2.2.2 2.2.3 2.2.4 2.3 2.4 2.5 2.6 2.7 3.1 3.2 "
    "4.1.1 4.1.2 4.1.3 4.1.4 4.1.5 4.1.6 4.2 4.3 4.4 4.5 4.6.1 4.6.2 5.1 5.2 5.3"
).split()
SILVER = (
    "1.1.0 1.1.1 1.1.2 2.1 2.2.2 2.4 2.5 2.6 2.7 4.1.1 4.1.2 4.1.3 4.1.4 4.1.5 4.1.6 4.3 4.4 "
    "4.6.1 4.6.2"
)
AUTO = "1.1.0 1.1.1 1.1.2 1.2 2.1 2.2.1 2.2.4 2.3 2.5 2.6 3.2 4.3 4.5"


def test_the_31_indicators_in_domain_order() -> None:
    assert [x.id for x in DEFINITIONS] == DOMAIN_ORDER
    assert len({x.name_it for x in DEFINITIONS}) == 31


def test_levels_kinds_and_areas() -> None:
    assert [x.id for x in definitions_for("silver")] == SILVER.split()
    assert len(definitions_for("gold")) == 31
    assert len(definitions_for("bronze")) == 31
    assert [x.id for x in DEFINITIONS if x.kind is Kind.AUTO] == AUTO.split()
    assert {x.area for x in DEFINITIONS} == {
        "structure",
        "governance",
        "financing",
        "strategy",
        "recognition",
    }
    assert {x.bronze_area for x in DEFINITIONS} == set(BRONZE_AREAS)
    contacts = [x.id for x in DEFINITIONS if x.bronze_area == "contacts_interaction"]
    assert contacts == ["2.5", "2.6", "4.5"]
    with pytest.raises(ValueError):
        definitions_for("platinum")


def test_default_thresholds_from_domain() -> None:
    assert definition("1.1.0").default_threshold == Decimal(15)
    assert definition("1.1.0").threshold_text == ">= 15"
    assert definition("1.1.1").default_threshold == Decimal(50)
    assert definition("2.2.1").default_threshold == Decimal("0.5")
    assert definition("3.2").default_threshold == Decimal(50)
    assert definition("4.3").default_threshold == Decimal(3)
    # No verdict without a criterion: every auto indicator ships a default (issue 14.2),
    # and the ones that are ours (not a public floor) say why.
    expected = {
        "1.1.2": 15,
        "1.2": 50,
        "2.1": 3,
        "2.2.4": 2,
        "2.3": 80,
        "2.5": 50,
        "2.6": 2,
        "4.5": 3,
    }
    for indicator_id, threshold in expected.items():
        assert definition(indicator_id).default_threshold == Decimal(threshold)
        assert len(definition(indicator_id).threshold_reason) > 40
    autos = [d for d in DEFINITIONS if d.kind is Kind.AUTO]
    assert all(d.default_threshold is not None for d in autos)
    assert definition("2.4").threshold_text == "manual"
    assert definition("2.4").comparison == "none"
    assert definition("5.1").comparison == ">="
    with pytest.raises(KeyError, match="9.9"):
        definition("9.9")


def test_periods_of_an_assessment_year() -> None:
    y2, y1, cur = build_periods(2025, date(2025, 3, 10))
    assert (y2.label, y2.start, y2.end) == ("2023", date(2023, 1, 1), date(2023, 12, 31))
    assert (y1.label, y1.year) == ("2024", 2024)
    # current: the 12 months up to today; manual values of Y; size data of the last closed year
    assert (cur.label, cur.year) == ("current", None)
    assert (cur.start, cur.end) == (date(2024, 3, 11), date(2025, 3, 10))
    assert (cur.manual_year, cur.money_year, cur.size_year) == (2025, 2025, 2024)


def test_current_day_is_capped_at_the_end_of_the_assessment_year() -> None:
    assert current_day(2025, date(2026, 2, 1)) == date(2025, 12, 31)
    assert current_day(2025, date(2025, 7, 1)) == date(2025, 7, 1)
    cur = build_periods(2025, date(2026, 2, 1))[-1]
    assert (cur.start, cur.end, cur.size_year) == (date(2025, 1, 1), date(2025, 12, 31), 2025)
    # 29 February: the window starts on 1 March of the year before
    assert build_periods(2024, date(2024, 2, 29))[-1].start == date(2023, 3, 1)


def test_formatting_and_share_arithmetic() -> None:
    assert pct(2, 3) == Decimal("66.7")
    assert pct(1, 0) is None
    assert fmt_value(Decimal("46.50"), "%") == "46.5 %"
    assert fmt_value(Decimal("77.0"), "%") == "77 %"
    assert fmt_value(Decimal("2.80"), "FTE") == "2.8 FTE"
    assert fmt_value(1, "years") == "1 year"
    assert fmt_value(None, "count") == "—"
    # (5 + k) / (7 + k) >= 80 %  ->  k >= 3
    assert more_needed_for_share(5, 7, Decimal(80)) == 3
    assert more_needed_for_share(5, 7, Decimal(50)) == 0
    assert more_needed_for_share(1, 2, Decimal(100)) is None
