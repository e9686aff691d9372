"""3.2 private share, 4.3 activities and 4.5 working groups on hand-built databases."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.indicators.indicator_fixtures import TODAY, YEAR, Build, new_db
from workbench.indicators import Status, assess
from workbench.models import ActivityType, IncomeCategory, OrgType

SINCE = ("2020-01-01", None)


def test_private_share_per_year(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    b.income(2024, IncomeCategory.MEMBERSHIP_FEES, 200_000)
    b.income(2024, IncomeCategory.SPONSORSHIP, 5_000)
    b.income(2024, IncomeCategory.REGIONAL_GRANT, 300_000)
    b.income(2025, IncomeCategory.MEMBERSHIP_FEES, 100_000)
    b.income(2025, IncomeCategory.EU_GRANT, 50_000)
    result = assess(db, YEAR, today=TODAY).result("3.2")
    y2023, y2024, current = result.periods
    # 2024: 205,000 private of 505,000 = 40.59 % -> 40.6 %, below the default 50 %
    assert y2024.value == Decimal("40.6") and y2024.status is Status.FAIL
    assert y2024.inputs[0] == "private income 205 k EUR of 505 k EUR total in 2024"
    # 2023 has no income; the current period reads 2025: 100,000 of 150,000 = 66.7 %
    assert y2023.value is None and y2023.missing == ["no income recorded for 2023"]
    assert current.value == Decimal("66.7") and current.status is Status.PASS
    assert result.status is Status.PASS and result.status_period == "current"
    assert result.threshold == Decimal(50) and result.threshold_is_default


def test_private_share_falls_back_to_last_year_with_advice(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    b.income(2024, IncomeCategory.MEMBERSHIP_FEES, 200_000)
    b.income(2024, IncomeCategory.SPONSORSHIP, 5_000)
    b.income(2024, IncomeCategory.REGIONAL_GRANT, 300_000)
    result = assess(db, YEAR, today=TODAY).result("3.2")
    # No 2025 income yet: the status comes from 2024.
    assert result.period("current").status is Status.UNKNOWN
    assert result.status is Status.FAIL and result.status_period == "2024"
    # (205,000 + x) / (505,000 + x) >= 50 %  ->  x = 95,000
    assert result.advice == "private share 40.6 % of 50 %: about 95 k EUR more private income"
    assert result.missing == ["no income recorded for 2023", "no income recorded for 2025"]


def test_stored_private_flag_wins_over_the_category(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    b.income(2024, IncomeCategory.OTHER_PUBLIC, 100, is_private=True)
    b.income(2024, IncomeCategory.REGIONAL_GRANT, 300)
    assert assess(db, YEAR, today=TODAY).result("3.2").period("2024").value == Decimal("25.0")


def test_activities_per_year_and_member_participation(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    k1, k2, k3, k4 = (b.org(f"K{i}", OrgType.COMPANY, SINCE) for i in range(1, 5))
    a1 = b.activity("Networking", "2024-03-01", members=(k1,), external=("Acme",))
    a2 = b.activity("Course", "2024-09-01", ActivityType.TRAINING, members=(k1, k2))
    b.activity("Newsletter", "2024-06-01", ActivityType.NEWSLETTER)  # communication: 4.6.1
    b.activity("Conference", "2023-11-01", ActivityType.CONFERENCE, members=(k3,))
    result = assess(db, YEAR, today=TODAY).result("4.3")
    y2023, y2024, current = result.periods
    # 2024: 2 activities (the newsletter is not one); K1 and K2 of 4 members took part: 50 %
    assert y2024.value == 2
    assert y2024.display == "2 activities; 50 % of members took part"
    assert y2024.input_ids == {"activity": [a1, a2], "organisation": [k1, k2]}
    assert y2024.inputs[0] == "2 activities in 2024: 1 networking, 1 training"
    assert y2023.value == 1
    assert current.value == 1  # only the course is inside 2024-07-01 .. 2025-06-30
    assert result.status is Status.FAIL  # default threshold 3 activities
    assert result.advice == "2 more activities in the 12 months to 2025-06-30"
    # the newsletter prefills 4.6.1 (communication)
    newsletter = assess(db, YEAR, today=TODAY).result("4.6.1").period("2024")
    assert newsletter.value == 1 and newsletter.prefilled
    assert k4  # K4 never took part


def test_working_groups_need_participants_and_meetings(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    k1 = b.org("K1", OrgType.COMPANY, SINCE)
    k2 = b.org("K2", OrgType.COMPANY, SINCE)
    w1 = b.area("Clean Air")  # participant + a meeting in 2024 -> active
    w2 = b.area("Green Building")  # participant, no meetings -> inactive
    b.area("Hydrogen", meetings_per_year=4)  # meetings but nobody in it -> inactive
    w4 = b.area("Water-Energy", meetings_per_year=6)  # participant + declared meetings
    b.area_member(w1, k1, "2023-01-01")
    b.area_member(w2, k2, "2023-01-01")
    b.area_member(w4, k2, "2024-02-01", "2024-10-01")  # ended during 2024: counts for 2024
    b.activity("WG meeting", "2024-04-01", ActivityType.WORKSHOP, members=(k1,), area=w1)
    result = assess(db, YEAR, today=TODAY).result("4.5")
    y2023, y2024, current = result.periods
    assert y2024.value == 2
    assert y2024.display == "2 of 4 areas active"
    assert y2024.input_ids == {"competence_area": [w1, w4]}
    assert "Clean Air: 1 participant, 1 meeting" in y2024.inputs
    assert "Water-Energy: 1 participant, 6 meetings a year (declared)" in y2024.inputs
    # 2023: nobody in Water-Energy yet, no Clean Air meeting -> 0 active areas: fails
    assert y2023.value == 0 and y2023.status is Status.FAIL
    # current window 2024-07-01 .. 2025-06-30: Water-Energy (until 2024-10-01) only
    assert current.value == 1
