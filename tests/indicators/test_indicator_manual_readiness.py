"""Manual indicators (value, pass flag, note, evidence), prefilled counts, readiness score,
empty and partial databases."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.indicators.indicator_fixtures import TODAY, YEAR, Build, d, new_db
from workbench.indicators import Kind, Status, assess
from workbench.models import IncomeCategory, OrgType
from workbench.services.cluster import set_indicator_value, set_threshold


def test_manual_values_with_and_without_pass_flag(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    set_indicator_value(db, "2.4", 2023, value_text="Board of 9", passed=True, note="2023 ok")
    set_indicator_value(db, "2.4", 2024, value_text="Board of 9 seats, 4 meetings")
    result = assess(db, YEAR, today=TODAY).result("2.4")
    y2023, y2024, current = result.periods
    assert (y2023.value, y2023.status, y2023.manual) == ("Board of 9", Status.PASS, True)
    # text without a decision: unknown, and the missing line says what to do
    assert y2024.display == "Board of 9 seats, 4 meetings"
    assert y2024.status is Status.UNKNOWN
    assert y2024.missing == ["no pass/fail decision for 2024: mark it passed or failed"]
    assert current.missing == ["no value entered for 2025"]
    # the status comes from the latest decided period
    assert result.status is Status.PASS and result.status_period == "2023"
    assert result.note == "2023 ok"


def test_manual_number_against_a_threshold(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    set_indicator_value(db, "3.1", 2024, value_number=Decimal(80), note="funding secured")
    first = assess(db, YEAR, today=TODAY).result("3.1")
    assert first.period("2024").display == "80 %"
    assert first.status is Status.UNKNOWN  # no threshold, no flag
    assert "no pass/fail decision for 2024: mark it passed or failed or set a threshold" in (
        first.missing
    )
    set_threshold(db, "3.1", Decimal(75))
    assert assess(db, YEAR, today=TODAY).result("3.1").status is Status.PASS
    set_indicator_value(db, "3.1", 2024, value_number=Decimal(70))
    assert assess(db, YEAR, today=TODAY).result("3.1").status is Status.FAIL
    # the explicit flag wins over the threshold
    set_indicator_value(db, "3.1", 2024, passed=True)
    assert assess(db, YEAR, today=TODAY).result("3.1").status is Status.PASS


def test_prefilled_counts_need_a_threshold_and_entered_values_win(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    for day in ("2024-02-01", "2024-05-01", "2024-11-30"):
        b.media(day)
    b.media("2023-05-01")
    result = assess(db, YEAR, today=TODAY).result("5.1")
    y2024 = result.period("2024")
    assert (y2024.value, y2024.prefilled, y2024.status) == (3, True, Status.UNKNOWN)
    assert y2024.inputs == ["3 media items recorded in 2024: 3 regional"]
    # Facts from the records are a proposal to confirm, never "no value entered".
    assert y2024.proposal == "3 media items recorded in 2024: 3 regional"
    assert y2024.missing == ["2024: proposed from the records, to confirm on the Indicators page"]
    assert result.period("2023").proposal == "1 media item recorded in 2023: 1 regional"
    set_threshold(db, "5.1", Decimal(2))
    judged = assess(db, YEAR, today=TODAY).result("5.1")
    # 2023: 1 < 2 fails, 2024: 3 >= 2 passes; current (2024-07 .. 2025-06): 1 fails
    assert [p.status for p in judged.periods] == [Status.FAIL, Status.PASS, Status.FAIL]
    assert judged.advice is None  # advice is for auto indicators only
    set_indicator_value(db, "5.1", 2025, value_number=Decimal(5))
    entered = assess(db, YEAR, today=TODAY).result("5.1")
    current = entered.period("current")
    assert (current.value, current.prefilled, current.status) == (5, False, Status.PASS)


def test_evidence_and_notes_by_year(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    b.evidence("4.1.2", 2023, "strategy-2021-2027.pdf")
    b.evidence("4.1.2", 2024, "board-minutes.pdf")
    b.evidence("4.1.2", 2024, "approval.pdf")
    b.evidence("4.1.2", 2020, "too-old.pdf")
    set_indicator_value(db, "4.1.2", 2024, passed=True, note="approved 12 March 2024")
    result = assess(db, YEAR, today=TODAY).result("4.1.2")
    assert result.evidence_count == 3
    assert result.evidence_files == ["strategy-2021-2027.pdf", "approval.pdf", "board-minutes.pdf"]
    assert result.period("2024").evidence_files == ["approval.pdf", "board-minutes.pdf"]
    assert result.note == "approved 12 March 2024"
    assert result.period("2024").display == "passed"


def test_empty_database_is_all_unknown_with_clear_messages(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    for level, total in (("gold", 31), ("silver", 19), ("bronze", 31)):
        assessment = assess(db, YEAR, level=level, today=TODAY)
        assert assessment.total == total
        assert assessment.periods == ["2023", "2024", "current"]
        assert assessment.passing == 0 and assessment.assessed == 0
        assert assessment.readiness_pct == Decimal("0.0") and not assessment.ready_for_gold
        for r in assessment.results:
            assert r.status is Status.UNKNOWN, r.definition.id
            assert r.missing, r.definition.id
            assert [p.label for p in r.periods] == ["2023", "2024", "current"]
            assert all(p.display == "—" for p in r.periods)
    gold = assess(db, YEAR, today=TODAY)
    assert gold.result("1.1.0").missing == [
        "no memberships recorded: add members with their join dates"
    ]
    assert gold.result("4.3").missing == [
        "no activities recorded: add events and services with participants"
    ]
    assert gold.result("2.5").missing[0].startswith("no contacts logged")
    assert gold.result("2.4").missing == [
        "no value entered for 2023",
        "no value entered for 2024",
        "no value entered for 2025",
    ]


def test_partial_data_computes_what_it_can(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    b.profile(founding_date=d("2015-06-01"))  # no NUTS-2 region
    for i in range(3):
        b.org(f"Firm {i}", OrgType.COMPANY, ("2019-01-01", None, True))
    b.org("Ateneo", OrgType.UNIVERSITY, ("2019-01-01", None, True))
    b.income(2024, IncomeCategory.MEMBERSHIP_FEES, 1000)
    assessment = assess(db, YEAR, today=TODAY)
    assert assessment.result("1.1.0").period("2024").value == 4
    assert assessment.result("2.1").period("2024").value == 9
    assert assessment.result("1.2").status is Status.UNKNOWN
    assert assessment.result("2.2.1").status is Status.UNKNOWN
    comp = assessment.result("1.1.1").period("2024")
    assert comp.display == "2 types, 75 % companies"
    assert comp.missing == ["3 enterprises have no size data up to 2024 (no SME class)"]
    assert assessment.result("3.2").period("2024").value == Decimal("100.0")


def test_readiness_score_counts_unknown_as_not_passing(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    b.profile(founding_date=d("2009-03-23"))  # 2.1 passes (value > 0)
    b.staff("Anna", "1", "2019-01-01")  # 2.2.1 and 2.2.4 pass
    set_indicator_value(db, "4.4", 2024, passed=True)  # manual pass
    set_indicator_value(db, "4.2", 2025, passed=False)  # manual fail
    assessment = assess(db, YEAR, today=TODAY)
    passing = sorted(r.definition.id for r in assessment.results if r.status is Status.PASS)
    assert passing == ["2.1", "2.2.1", "2.2.4", "4.4"]
    assert assessment.passing == 4 and assessment.assessed == 5
    # 4 of 31 = 12.9 %
    assert assessment.readiness_pct == Decimal("12.9")
    assert assessment.gold_bar_pct == Decimal(80) and not assessment.ready_for_gold
    silver = assess(db, YEAR, level="silver", today=TODAY)
    # silver has 2.1 and 4.4 of these (2.2.1, 2.2.4 are gold only): 2 of 19 = 10.5 %
    assert (silver.passing, silver.total, silver.readiness_pct) == (2, 19, Decimal("10.5"))
    assert all(r.definition.is_silver for r in silver.results)
    manual = [r for r in assessment.results if r.definition.kind is Kind.MANUAL]
    assert len(manual) == 18
