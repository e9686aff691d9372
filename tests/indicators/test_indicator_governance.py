"""Governance indicators on hand-built databases: 2.1 maturity, 2.2.1 FTE, 2.2.4 staff
stability, 2.3 retention across membership periods, 2.5 contacts, 2.6 cooperation."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.indicators.indicator_fixtures import TODAY, YEAR, Build, d, new_db
from workbench.indicators import Status, assess
from workbench.models import OrgType, ProjectStatus
from workbench.services import members as member_service
from workbench.services.cluster import clear_threshold, set_threshold

SINCE = ("2020-01-01", None)


def test_retention_across_membership_periods_with_a_rejoiner(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    r1 = b.org("R1", OrgType.COMPANY, SINCE)  # stays throughout
    r2 = b.org("R2", OrgType.COMPANY, ("2020-01-01", "2023-06-01"))  # leaves in 2023
    # R3 leaves in March 2023 and re-joins in September: a gap, so not retained.
    r3 = b.org("R3", OrgType.COMPANY, ("2020-01-01", "2023-03-01"), ("2023-09-01", None))
    # R4's leave date 2024-12-31 is the first day it is no longer a member.
    r4 = b.org("R4", OrgType.COMPANY, ("2021-06-01", "2024-12-31"))
    # R5 renews with a new period starting the day the old one ends: no interruption.
    r5 = b.org("R5", OrgType.COMPANY, ("2020-01-01", "2023-01-01"), ("2023-01-01", None))
    r6 = b.org("R6", OrgType.COMPANY, ("2024-05-01", None))  # joiner of 2024
    result = assess(db, YEAR, today=TODAY).result("2.3")
    y2023, y2024, current = result.periods

    # 2024: members of 2022-12-31 = R1..R5; continuously members to 2024-12-31: R1, R5.
    # R3 is a member again at the end but left in between; R2 and R4 are gone. 2/5 = 40 %.
    assert y2024.value == Decimal("40.0")
    assert y2024.input_ids["organisation"] == [r1, r5]
    assert y2024.input_ids["organisation_left"] == sorted([r2, r3, r4])
    assert y2024.input_ids["organisation_joined"] == [r6]
    assert y2024.inputs == [
        "2 of the 5 members of 2022-12-31 were still members on 2024-12-31 without interruption",
        "1 member left and re-joined in between (not counted as retained)",
        "in 2024: 1 joined, 1 left; 4 members on 2024-12-31",
    ]
    # 2023: members of 2021-12-31 = R1..R5; continuous to 2023-12-31: R1, R4, R5 -> 60 %.
    assert y2023.value == Decimal("60.0")
    # 2023 movements: R3 and R5 joined (new periods); R2, R3 and R5 left (old periods)
    assert y2023.inputs[-1] == "in 2023: 2 joined, 3 left; 4 members on 2023-12-31"
    # current: members on 2023-06-30 = R1, R4, R5 (R2 left on 06-01, R3 in its gap);
    # R1 and R5 stay to 2025-06-30, R4 left on 2024-12-31 -> 2/3 = 66.7 %
    assert current.value == Decimal("66.7")
    # Measured against the default threshold (>= 80 %), decided by the latest period.
    assert result.threshold_text == ">= 80 % (default)"
    assert result.status is Status.FAIL and result.status_period == "current"
    # A cleared threshold leaves the values but no verdict: "not scored", never a pass.
    clear_threshold(db, "2.3")
    cleared = assess(db, YEAR, today=TODAY).result("2.3")
    assert cleared.status is Status.NOT_SCORED
    assert [p.status for p in cleared.periods] == [Status.NOT_SCORED] * 3
    assert cleared.periods[2].value == Decimal("66.7")

    # Joiners and leavers per calendar year agree with the members service.
    moves = {m.year: m for m in member_service.movements(db, [2023, 2024])}
    assert (moves[2024].joined, moves[2024].left, moves[2024].total_at_end) == (1, 1, 4)
    assert (moves[2023].joined, moves[2023].left, moves[2023].total_at_end) == (2, 3, 4)

    set_threshold(db, "2.3", Decimal(80))
    failing = assess(db, YEAR, today=TODAY).result("2.3")
    # current 66.7 % of 80 %: 80 % of 3 = 2.4 -> 3 must stay, 2 did -> 1 more
    assert failing.status is Status.FAIL
    assert failing.advice == (
        "retention 66.7 % of 80 %: 1 more of the members of 2023-06-30 would have had to stay"
    )


def test_retention_needs_members_two_years_before(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    Build(db).org("New", OrgType.COMPANY, ("2024-02-01", None))
    result = assess(db, YEAR, today=TODAY).result("2.3")
    assert result.period("2024").missing == [
        "no members on 2022-12-31 to follow (retention looks back two years)"
    ]
    assert result.status is Status.UNKNOWN


def test_contacts_in_the_12_months(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    k1, k2, k3, k4 = (b.org(f"K{i}", OrgType.COMPANY, SINCE) for i in range(1, 5))
    outsider = b.org("Not a member", OrgType.COMPANY)
    b.contact(k1, "2024-05-01")
    b.contact(k1, "2024-06-01")  # same member twice: counted once
    b.contact(k2, "2023-12-31")  # in 2023 only
    b.contact(k3, "2024-12-31")  # last day of 2024, also inside the current window
    b.contact(outsider, "2024-06-01")  # not a member: ignored
    result = assess(db, YEAR, today=TODAY).result("2.5")
    y2023, y2024, current = result.periods
    assert y2024.value == Decimal("50.0")  # K1, K3 of 4
    assert y2024.input_ids["organisation"] == [k1, k3]
    assert y2024.input_ids["organisation_not_contacted"] == [k2, k4]
    assert y2024.inputs[0] == "2 of 4 members on 2024-12-31 contacted in 2024"
    assert y2023.value == Decimal("25.0")  # K2
    assert current.value == Decimal("25.0")  # K3 (2024-07-01 .. 2025-06-30)
    set_threshold(db, "2.5", Decimal(75))
    failing = assess(db, YEAR, today=TODAY).result("2.5")
    assert failing.advice == "contact 2 more members (25 % of 75 %)"


def test_cooperation_projects_with_two_member_partners(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    c1, c2, c3, c4 = (b.org(f"C{i}", OrgType.COMPANY, SINCE) for i in range(1, 5))
    c5 = b.org("C5", OrgType.COMPANY, ("2020-01-01", "2023-06-01"))  # former member
    p1 = b.project("P1", ProjectStatus.FUNDED, "2023-01-01", "2025-12-31", c1, c2)  # joint
    b.project("P2", ProjectStatus.SUBMITTED, "2024-03-01", None, c1, external=("X GmbH",))
    b.project("P3", ProjectStatus.IDEA, "2024-01-01", None, c3, c4)  # ideas do not count
    b.project("P4", ProjectStatus.CLOSED, "2021-01-01", "2022-12-31", c3, c4)  # over
    undated = b.project("P5", ProjectStatus.FUNDED, None, None, c3, c4)
    b.project("P6", ProjectStatus.SPECIAL, "2024-06-01", "2024-12-31", c2, c3, c5)
    area = b.area("Smart Energy")
    b.area_member(area, c4, "2024-01-01")
    result = assess(db, YEAR, today=TODAY).result("2.6")
    y2023, y2024, _ = result.periods
    # Only funded and closed projects count (workbench.rules.projects): P6 (special), P2
    # (submitted) and P3 (idea) are the pipeline, listed but never counted.
    # 2024: P1 (C1, C2) -> 1 joint project. Members at the end: C1-C4; C1, C2 in a running
    # project, C4 in an area: 3 of 4 = 75 %.
    assert y2024.value == 1
    assert y2024.display == "1 project; 75 % of members in a project or area"
    assert y2024.input_ids["project"] == [p1]
    assert y2024.inputs[0] == (
        "1 of 1 project running in 2024 have at least two member partners: P1"
    )
    assert y2024.inputs[1] == (
        "3 pipeline projects (ideas, special projects, submitted or rejected proposals) not counted"
    )
    assert c3 not in y2024.input_ids["organisation"]  # only in P6, a special project
    assert y2024.missing == ["1 project (funded) has no start date and was left out"]
    assert y2024.missing_ids == {"project": [undated]}
    # 2023: only P1 runs (P4 ended in 2022) -> 1
    assert y2023.value == 1
    assert result.status is Status.FAIL  # one joint project against the default of two


def test_staff_fte_turnover_and_tenure(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    for i in range(1, 5):
        b.org(f"Member {i}", OrgType.COMPANY, SINCE)
    s1 = b.staff("Anna", "1", "2019-01-01")
    b.staff("Bruno", "0.5", "2022-01-01", "2024-06-30")  # end date = last working day
    s3 = b.staff("Carla", "0.3", "2024-09-01")
    assessment = assess(db, YEAR, today=TODAY)
    fte = assessment.result("2.2.1")
    # 2023-12-31: Anna + Bruno = 1.5 FTE; 2024-12-31: Anna + Carla = 1.3 FTE
    assert fte.period("2023").value == Decimal("1.50")
    assert fte.period("2024").value == Decimal("1.30")
    assert fte.period("2024").display == "1.3 FTE"
    assert fte.period("2024").input_ids == {"staff_member": [s1, s3]}
    assert "32.5 FTE per 100 members (4 members)" in fte.period("2024").inputs
    assert fte.status is Status.PASS
    stability = assessment.result("2.2.4").period("2024")
    # tenure on 2024-12-31: Anna 2191 days, Carla 121 days -> 2312 / 365.25 / 2 = 3.2 years
    assert stability.value == Decimal("3.2")
    # turnover 2024: 1 leaver (Bruno); staff 2 on 1 Jan and 2 on 31 Dec -> 1 / 2 = 50 %
    assert stability.display == "3.2 years average tenure, turnover 50 %"


def test_management_fte_below_the_floor(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    Build(db).staff("Solo", "0.3", "2020-01-01")
    result = assess(db, YEAR, today=TODAY).result("2.2.1")
    assert result.status is Status.FAIL
    assert result.advice == "0.2 more FTE of management staff (0.3 of 0.5 FTE)"


def test_maturity_in_completed_years(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    Build(db).profile(founding_date=d("2009-03-23"))
    result = assess(db, YEAR, today=TODAY).result("2.1")
    assert [p.value for p in result.periods] == [14, 15, 16]
    assert result.period("2024").display == "15 years"
    set_threshold(db, "2.1", Decimal(20))
    failing = assess(db, YEAR, today=TODAY).result("2.1")
    assert failing.advice == "20 years are reached on 2029-03-23"
