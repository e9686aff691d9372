from __future__ import annotations

import ast
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from workbench import sme
from workbench.sme import (
    EnterpriseRelation,
    LinkedEnterprise,
    SmeClass,
    SmeResult,
    YearFigures,
    aggregate,
    class_for_year,
    classify,
    format_eur,
)

MICRO, SMALL, MEDIUM, LARGE = SmeClass.MICRO, SmeClass.SMALL, SmeClass.MEDIUM, SmeClass.LARGE
M = Decimal(1_000_000)
CENT = Decimal("0.01")


def d(value: str | int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def fig(
    staff: str | int | None,
    turnover: Decimal | str | int | None = None,
    balance: Decimal | str | int | None = None,
    *,
    year: int = 2024,
    public: str | None = None,
    links: tuple[LinkedEnterprise, ...] = (),
) -> YearFigures:
    return YearFigures(
        year=year,
        staff_awu=d(staff),
        turnover=turnover
        if isinstance(turnover, Decimal) or turnover is None
        else Decimal(turnover),
        balance_sheet=balance
        if isinstance(balance, Decimal) or balance is None
        else Decimal(balance),
        public_control_pct=d(public),
        links=links,
    )


def partner(pct: str, staff: str | None, turnover: str | None = "0", balance: str | None = "0"):
    return LinkedEnterprise(
        EnterpriseRelation.PARTNER, Decimal(pct), d(staff), d(turnover), d(balance)
    )


def linked(pct: str, staff: str | None, turnover: str | None = "0", balance: str | None = "0"):
    return LinkedEnterprise(
        EnterpriseRelation.LINKED, Decimal(pct), d(staff), d(turnover), d(balance)
    )


# --- single year: boundaries -----------------------------------------------------------------

LOW = M  # comfortably inside every financial ceiling


@pytest.mark.parametrize(
    ("staff", "turnover", "balance", "expected"),
    [
        # headcount boundaries
        pytest.param("9", LOW, LOW, MICRO, id="staff-9-micro"),
        pytest.param("10", LOW, LOW, SMALL, id="staff-10-small"),
        pytest.param("9.99", LOW, LOW, MICRO, id="staff-9.99-micro"),
        pytest.param("49", LOW, LOW, SMALL, id="staff-49-small"),
        pytest.param("50", LOW, LOW, MEDIUM, id="staff-50-medium"),
        pytest.param("249", LOW, LOW, MEDIUM, id="staff-249-medium"),
        pytest.param("250", LOW, LOW, LARGE, id="staff-250-large"),
        pytest.param("0", LOW, LOW, MICRO, id="staff-0-micro"),
        # turnover boundaries (balance above the ceiling so turnover decides)
        pytest.param("5", 2 * M, 3 * M, MICRO, id="turnover-2M-micro"),
        pytest.param("5", 2 * M + CENT, 3 * M, SMALL, id="turnover-2M+1ct-small"),
        pytest.param("20", 10 * M, 11 * M, SMALL, id="turnover-10M-small"),
        pytest.param("20", 10 * M + CENT, 11 * M, MEDIUM, id="turnover-10M+1ct-medium"),
        pytest.param("100", 50 * M, 44 * M, MEDIUM, id="turnover-50M-medium"),
        pytest.param("100", 50 * M + CENT, 44 * M, LARGE, id="turnover-50M+1ct-large"),
        # balance-sheet boundaries (turnover above the ceiling so balance decides)
        pytest.param("5", 3 * M, 2 * M, MICRO, id="balance-2M-micro"),
        pytest.param("5", 3 * M, 2 * M + CENT, SMALL, id="balance-2M+1ct-small"),
        pytest.param("20", 11 * M, 10 * M, SMALL, id="balance-10M-small"),
        pytest.param("20", 11 * M, 10 * M + CENT, MEDIUM, id="balance-10M+1ct-medium"),
        pytest.param("100", 51 * M, 43 * M, MEDIUM, id="balance-43M-medium"),
        pytest.param("100", 51 * M, 43 * M + CENT, LARGE, id="balance-43M+1ct-large"),
        # one of the two financial ceilings suffices
        pytest.param("5", 100 * M, LOW, MICRO, id="one-suffices-balance-micro"),
        pytest.param("5", LOW, 100 * M, MICRO, id="one-suffices-turnover-micro"),
        pytest.param("40", 40 * M, 9 * M, SMALL, id="one-suffices-balance-small"),
        pytest.param("200", 45 * M, 100 * M, MEDIUM, id="one-suffices-turnover-medium"),
        # medium balance ceiling (43 M) is lower than medium turnover ceiling (50 M)
        pytest.param("100", 60 * M, 45 * M, LARGE, id="both-above-medium-large"),
        # headcount alone can make a firm large, and small staff does not save high finances
        pytest.param("300", LOW, LOW, LARGE, id="staff-large-despite-finances"),
        pytest.param("5", 11 * M, 11 * M, MEDIUM, id="few-staff-medium-finances"),
    ],
)
def test_class_for_year_boundaries(
    staff: str, turnover: Decimal, balance: Decimal, expected: SmeClass
) -> None:
    cls, reason = class_for_year(fig(staff, turnover, balance))
    assert cls is expected
    assert reason.startswith(expected.capitalize() + ":")
    assert "2024" in reason


@pytest.mark.parametrize(
    ("staff", "turnover", "balance", "expected", "needle"),
    [
        pytest.param("5", None, LOW, MICRO, "no turnover figure", id="no-turnover-balance-ok"),
        pytest.param("5", None, 3 * M, SMALL, "no turnover figure", id="no-turnover-balance-high"),
        pytest.param("5", 3 * M, None, SMALL, "turnover 3 M EUR", id="no-balance-turnover-high"),
        pytest.param("5", None, None, MICRO, "headcount alone", id="no-finances-micro"),
        pytest.param("60", None, None, MEDIUM, "headcount alone", id="no-finances-medium"),
        pytest.param("250", None, None, LARGE, "250 staff (>= 250)", id="no-finances-large"),
        pytest.param(
            "100", 60 * M, None, LARGE, "no balance-sheet figure", id="no-balance-turnover-large"
        ),
    ],
)
def test_missing_financial_figures(
    staff: str, turnover: Decimal | None, balance: Decimal | None, expected: SmeClass, needle: str
) -> None:
    cls, reason = class_for_year(fig(staff, turnover, balance))
    assert cls is expected
    assert needle in reason


def test_missing_staff_gives_no_class() -> None:
    cls, reason = class_for_year(fig(None, LOW, LOW))
    assert cls is None
    assert reason.startswith("no staff figure")


def test_reason_example_wording() -> None:
    _, reason = class_for_year(fig("35", Decimal("8200000"), None))
    assert reason == "Small: 35 staff (< 50) and turnover 8.2 M EUR (<= 10 M) in 2024."


def test_reason_never_shows_amount_just_above_ceiling_as_the_ceiling() -> None:
    _, reason = class_for_year(fig("5", 2 * M + CENT, 3 * M))
    assert "2,000,000.01 EUR" in reason
    assert "above the micro financial ceilings" in reason


# --- public control -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("public", "expected"),
    [
        pytest.param("25", LARGE, id="25-excluded"),
        pytest.param("100", LARGE, id="100-excluded"),
        pytest.param("24.99", SMALL, id="24.99-not-excluded"),
        pytest.param(None, SMALL, id="none-not-excluded"),
    ],
)
def test_public_control(public: str | None, expected: SmeClass) -> None:
    cls, reason = class_for_year(fig("20", LOW, LOW, public=public))
    assert cls is expected
    if expected is LARGE:
        assert reason.startswith("not an SME: 25 % or more controlled by public bodies")


def test_public_control_needs_no_staff_figure() -> None:
    assert class_for_year(fig(None, None, None, public="30"))[0] is LARGE


# --- aggregation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("own_staff", "links", "expected_staff", "expected_class"),
    [
        pytest.param("30", (partner("40", "50"),), "50", MEDIUM, id="partner-40pct-of-50"),
        pytest.param("30", (partner("25", "50"),), "42.5", SMALL, id="partner-25pct-of-50"),
        pytest.param("30", (linked("60", "20"),), "50", MEDIUM, id="linked-full"),
        pytest.param("30", (linked("100", "19"),), "49", SMALL, id="linked-full-below"),
        pytest.param(
            "5", (partner("50", "4"), linked("51", "3")), "10", SMALL, id="partner-and-linked"
        ),
        pytest.param("30", (partner("40", None),), None, None, id="link-staff-unknown"),
    ],
)
def test_aggregation_of_staff(
    own_staff: str,
    links: tuple[LinkedEnterprise, ...],
    expected_staff: str | None,
    expected_class: SmeClass | None,
) -> None:
    figures = fig(own_staff, LOW, LOW, links=links)
    combined = aggregate(figures)
    assert combined.staff_awu == d(expected_staff)
    assert combined.links == ()
    cls, reason = class_for_year(figures)
    assert cls is expected_class
    if cls is not None:
        assert "partner and linked enterprises" in reason


def test_aggregation_of_financial_figures_is_exact_and_keeps_other_fields() -> None:
    figures = fig(
        "5",
        Decimal("1500000"),
        Decimal("1000000"),
        public="10",
        links=(partner("50", "1", "1200000", "800000"), linked("75", "1", "100000", None)),
    )
    combined = aggregate(figures)
    assert combined == YearFigures(2024, Decimal("6.5"), Decimal("2200000"), None, Decimal("10"))
    # turnover 2.2 M above micro, balance unknown -> small
    assert class_for_year(figures)[0] is SMALL


def test_aggregate_without_links_is_identity() -> None:
    figures = fig("5", LOW, None)
    assert aggregate(figures) is figures


@pytest.mark.parametrize("pct", ["-1", "100.01"])
def test_link_share_must_be_a_percentage(pct: str) -> None:
    with pytest.raises(ValueError, match="share_pct"):
        partner(pct, "1")


# --- classify: enterprise / override ---------------------------------------------------------


def test_non_enterprise_has_no_class() -> None:
    result = classify([fig("5", LOW, LOW)], org_is_enterprise=False)
    assert result == SmeResult(None, "no SME class: not an enterprise", None)
    assert not result.is_sme


def test_non_enterprise_wins_over_override() -> None:
    result = classify([], org_is_enterprise=False, override=SMALL, override_reason="x")
    assert result.sme_class is None


def test_override_with_reason() -> None:
    result = classify(
        [fig("60", LOW, LOW)], override=SMALL, override_reason="Group structure checked by auditor"
    )
    assert result.sme_class is SMALL
    assert result.overridden
    assert result.is_sme
    assert "Group structure checked by auditor" in result.reason
    assert "manual override" in result.reason
    assert "figures alone give medium" in result.reason
    assert result.year == 2024
    assert result.aggregated is not None and result.aggregated.staff_awu == Decimal(60)


def test_override_without_figures() -> None:
    result = classify([], override=LARGE, override_reason="Subsidiary of a listed group.")
    assert (result.sme_class, result.overridden, result.year) == (LARGE, True, None)
    assert not result.is_sme


@pytest.mark.parametrize("reason", ["", "   "])
def test_override_requires_reason(reason: str) -> None:
    with pytest.raises(ValueError, match="reason"):
        classify([fig("5", LOW, LOW)], override=MICRO, override_reason=reason)


# --- classify: multi-year --------------------------------------------------------------------


def history(*rows: tuple[int, str | None]) -> list[YearFigures]:
    """Years with the given staff and low finances, so headcount decides."""
    return [fig(staff, LOW, LOW, year=year) for year, staff in rows]


@pytest.mark.parametrize(
    ("rows", "as_of", "expected", "expected_year"),
    [
        pytest.param([(2024, "30")], None, SMALL, 2024, id="single-year"),
        pytest.param([(2023, "30"), (2024, "60")], None, SMALL, 2024, id="one-year-above-stays"),
        pytest.param(
            [(2022, "30"), (2023, "60"), (2024, "60")], None, MEDIUM, 2024, id="two-years-above"
        ),
        pytest.param(
            [(2022, "30"), (2023, "60"), (2024, "60")], 2023, SMALL, 2023, id="as-of-year"
        ),
        pytest.param(
            [(2021, "30"), (2022, "60"), (2024, "60")], None, SMALL, 2024, id="gap-resets"
        ),
        pytest.param(
            [(2021, "30"), (2022, "60"), (2023, None), (2024, "60")],
            None,
            SMALL,
            2024,
            id="year-without-staff-resets",
        ),
        pytest.param(
            [(2021, "30"), (2022, "60"), (2023, "30"), (2024, "60")],
            None,
            SMALL,
            2024,
            id="alternating-stays",
        ),
        pytest.param([(2023, "60"), (2024, "30")], None, MEDIUM, 2024, id="one-year-below-stays"),
        pytest.param(
            [(2022, "60"), (2023, "30"), (2024, "30")], None, SMALL, 2024, id="two-years-below"
        ),
        pytest.param(
            [(2021, "5"), (2022, "20"), (2023, "60")], None, SMALL, 2023, id="micro-small-medium"
        ),
        pytest.param(
            [(2021, "5"), (2022, "20"), (2023, "60"), (2024, "60")],
            None,
            MEDIUM,
            2024,
            id="micro-small-medium-medium",
        ),
        pytest.param(
            [(2021, "5"), (2022, "60"), (2023, "60")], None, MEDIUM, 2023, id="micro-jumps-medium"
        ),
        pytest.param(
            [(2021, "300"), (2022, "20"), (2023, "60")], None, MEDIUM, 2023, id="large-down-nearer"
        ),
        pytest.param(
            [(2021, "20"), (2022, "5"), (2023, "60")], None, SMALL, 2023, id="opposite-sides-stay"
        ),
        pytest.param(
            [(2021, "20"), (2022, "5"), (2023, "60"), (2024, "60")],
            None,
            MEDIUM,
            2024,
            id="opposite-then-two-above",
        ),
        pytest.param(
            [(2024, "60"), (2022, "30"), (2023, "60")], None, MEDIUM, 2024, id="unsorted-input"
        ),
        pytest.param(
            [(2022, "30"), (2023, "60"), (2024, None)], None, SMALL, 2023, id="latest-without-staff"
        ),
    ],
)
def test_two_consecutive_years_rule(
    rows: list[tuple[int, str | None]],
    as_of: int | None,
    expected: SmeClass,
    expected_year: int,
) -> None:
    result = classify(history(*rows), as_of_year=as_of)
    assert result.sme_class is expected
    assert result.year == expected_year
    assert not result.overridden
    assert result.aggregated is not None and result.aggregated.year == expected_year


def test_reason_when_kept_by_two_year_rule() -> None:
    result = classify(history((2023, "30"), (2024, "60")))
    assert result.reason.startswith("Small: kept under the two-consecutive-years rule")
    assert "2024 figures alone give medium" in result.reason
    assert "60 staff" in result.reason


def test_reason_when_class_changed() -> None:
    result = classify(history((2022, "30"), (2023, "60"), (2024, "60")))
    assert result.reason.startswith("Medium: 60 staff (< 250)")
    assert "Changed from small" in result.reason
    assert "(2023 and 2024)" in result.reason


@pytest.mark.parametrize(
    ("rows", "as_of"),
    [
        pytest.param([], None, id="empty"),
        pytest.param([(2023, None), (2024, None)], None, id="no-staff-anywhere"),
        pytest.param([(2024, "30")], 2023, id="as-of-before-data"),
    ],
)
def test_no_size_data(rows: list[tuple[int, str | None]], as_of: int | None) -> None:
    result = classify(history(*rows), as_of_year=as_of)
    assert result == SmeResult(None, "no size data", None)


def test_public_control_applies_immediately_and_ends_immediately() -> None:
    rows = [fig("30", LOW, LOW, year=2022), fig("30", LOW, LOW, year=2023, public="30")]
    result = classify(rows)
    assert result.sme_class is LARGE
    assert "public bodies" in result.reason
    rows.append(fig("30", LOW, LOW, year=2024, public="10"))
    assert classify(rows).sme_class is SMALL


def test_duplicate_years_are_rejected() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        classify(history((2024, "5"), (2024, "6")))


# --- formatting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("8200000", "8.2 M EUR"),
        ("850000", "850 k EUR"),
        ("1500000000", "1.5 bn EUR"),
        ("8234567", "8.23 M EUR"),
        ("43000000", "43 M EUR"),
        ("999400", "999 k EUR"),
        ("999999", "1 M EUR"),
        ("999", "999 EUR"),
        ("0", "0 EUR"),
        ("-2500000", "-2.5 M EUR"),
    ],
)
def test_format_eur(amount: str, expected: str) -> None:
    assert format_eur(Decimal(amount)) == expected


# --- module hygiene --------------------------------------------------------------------------


def test_module_is_pure_python() -> None:
    tree = ast.parse(Path(sme.__file__).read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".")[0])
    assert roots <= set(sys.stdlib_module_names) | {"__future__"}
