"""Structure indicators on hand-built databases: 1.1.0 commitment, 1.1.1 composition,
1.1.2 participants involved, 1.2 geographical concentration."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

from tests.indicators.indicator_fixtures import TODAY, YEAR, Build, new_db
from workbench.indicators import Status, assess
from workbench.models import ActivityType, OrgType, SmeClass
from workbench.services import members as member_service
from workbench.services.cluster import set_threshold

M = 1_000_000
SINCE = ("2020-01-01", None)


def build_composition(b: Build) -> dict[str, int]:
    ids = {
        "A": b.org("Alfa Srl", OrgType.COMPANY, SINCE),
        "B": b.org("Beta Srl", OrgType.COMPANY, SINCE),
        "C": b.org("Gamma SpA", OrgType.COMPANY, SINCE),
        "D": b.org("Delta Srl", OrgType.COMPANY, SINCE),
        "E": b.org("Epsilon Srl", OrgType.COMPANY, SINCE),
        "U": b.org("Politecnico", OrgType.UNIVERSITY, SINCE),
        "P": b.org("Regione", OrgType.PUBLIC_BODY, SINCE),
    }
    # A crosses the micro ceiling once (2023) and comes back: stays micro.
    b.size(ids["A"], 2022, 5, 1 * M)
    b.size(ids["A"], 2023, 20, 5 * M)
    b.size(ids["A"], 2024, 5, 1 * M)
    # B crosses it in two consecutive years (2023, 2024): small from 2024.
    b.size(ids["B"], 2022, 5, 1 * M)
    b.size(ids["B"], 2023, 20, 5 * M)
    b.size(ids["B"], 2024, 30, 5 * M)
    # C is large from its first year.
    b.size(ids["C"], 2023, 300, 100 * M)
    b.size(ids["C"], 2024, 300, 100 * M)
    # D has no size data at all; E only for 2023 (micro), nothing for 2024.
    b.size(ids["E"], 2023, 5, 1 * M)
    return ids


def test_composition_types_company_share_and_sme_two_year_rule(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    ids = build_composition(Build(db))
    result = assess(db, YEAR, today=TODAY).result("1.1.1")
    y2023, y2024, current = result.periods

    # 7 members of 3 types; 5 companies of 7 = 71.4 %.
    assert y2024.value == Decimal("71.4")
    assert y2024.display == "3 types, 71.4 % companies"
    assert y2024.status is Status.PASS
    assert result.status is Status.PASS and result.threshold == Decimal(50)
    assert result.threshold_is_default
    assert "7 members on 2024-12-31: 5 companies, 1 university, 1 public body" in y2024.inputs
    # 2024 classes: A micro (crossed once), B small (twice), C large, D none, E micro (2023)
    assert (
        "SME classes (two-year rule) of 5 enterprises: 2 micro, 1 small, 1 large, "
        "1 without size data" in y2024.inputs
    )
    # 2023 classes: B has crossed only once so far -> still micro.
    assert (
        "SME classes (two-year rule) of 5 enterprises: 3 micro, 1 large, 1 without size data"
        in y2023.inputs
    )
    assert y2024.missing == [
        "1 enterprise has no size data up to 2024 (no SME class)",
        "1 enterprise has no size data for 2024 (SME class taken from an earlier year)",
    ]
    assert y2024.missing_ids == {"organisation": sorted([ids["D"], ids["E"]])}
    assert y2023.missing == ["1 enterprise has no size data up to 2023 (no SME class)"]
    # current (2025-06-30): classes as of 2025, size data expected for the last closed year
    assert current.missing == [
        "1 enterprise has no size data up to 2025 (no SME class)",
        "1 enterprise has no size data for 2024 (SME class taken from an earlier year)",
    ]
    assert sorted(y2024.input_ids["organisation"]) == sorted(ids.values())

    # Same classes as the members service gives for 31 Dec 2024.
    cells = member_service.composition(db, date(2024, 12, 31))
    service_classes = Counter({c.sme_class: c.count for c in cells if c.org_type.is_enterprise})
    assert service_classes == Counter(
        {SmeClass.MICRO: 2, SmeClass.SMALL: 1, SmeClass.LARGE: 1, None: 1}
    )


def test_composition_custom_threshold_fails_with_advice(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    build_composition(Build(db))
    set_threshold(db, "1.1.1", Decimal(80))
    result = assess(db, YEAR, today=TODAY).result("1.1.1")
    assert result.threshold == Decimal(80) and not result.threshold_is_default
    assert result.threshold_text.startswith(">= 2 types, >= 80 % companies")
    assert result.status is Status.FAIL
    # (5 + k) / (7 + k) >= 0.8  ->  k = 3
    assert result.advice == "3 more companies (71.4 % of 80 % companies)"


def test_composition_of_one_type_fails_the_eccp_floor(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    for name in ("Uno", "Due", "Tre"):
        org = b.org(name, OrgType.COMPANY, SINCE)
        b.size(org, 2024, 3, 1 * M)
    result = assess(db, YEAR, today=TODAY).result("1.1.1")
    assert result.period("2024").display == "1 type, 100 % companies"
    assert result.status is Status.FAIL
    assert result.advice is not None
    assert "one more type (e.g. a university or research organisation)" in result.advice


def test_manual_sme_override_is_not_missing_size_data(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    b.org("Holding", OrgType.COMPANY, SINCE, override=SmeClass.LARGE, reason="group figures")
    b.org("Ateneo", OrgType.UNIVERSITY, SINCE)
    value = assess(db, YEAR, today=TODAY).result("1.1.1").period("2024")
    assert value.missing == []
    assert "SME classes (two-year rule) of 1 enterprise: 1 large" in value.inputs


def build_commitment(b: Build) -> dict[str, int]:
    ids = {
        "M1": b.org("M1", OrgType.COMPANY, ("2020-01-01", None, True)),  # agreement
        "M2": b.org("M2", OrgType.COMPANY, SINCE),  # 2024 fee paid
        "M3": b.org("M3", OrgType.COMPANY, SINCE),  # 2024 fee part-paid
        "M4": b.org("M4", OrgType.COMPANY, SINCE),  # only the 2023 fee paid
        "M5": b.org("M5", OrgType.COMPANY, ("2020-01-01", "2024-03-01", True)),  # left 2024
        "M6": b.org("M6", OrgType.COMPANY, ("2025-02-01", None, True)),  # joins 2025
        "M7": b.org("M7", OrgType.COMPANY, SINCE),  # 0/0 fee placeholder, no date
        "M8": b.org("M8", OrgType.COMPANY, SINCE),  # honorary: 0/0 fee with a paid date
    }
    b.fee(ids["M2"], 2024, 500, 500, "2024-02-10")
    b.fee(ids["M3"], 2024, 500, 200)
    b.fee(ids["M4"], 2023, 500, 500, "2023-03-01")
    b.fee(ids["M7"], 2024, 0, 0)
    b.fee(ids["M8"], 2024, 0, 0, "2024-01-15")
    return ids


def test_commitment_agreement_or_fee_paid(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    ids = build_commitment(Build(db))
    result = assess(db, YEAR, today=TODAY).result("1.1.0")
    y2023, y2024, current = result.periods
    # 2023: M1, M5 (agreements) + M4 (2023 fee) = 3
    assert y2023.value == 3
    # 2024: members during the year M1-M5, M7, M8; committed M1, M5 (agreement), M2, M8 (fee)
    assert y2024.value == 4
    assert sorted(y2024.input_ids["organisation"]) == sorted(
        ids[k] for k in ("M1", "M2", "M5", "M8")
    )
    assert y2024.inputs == [
        "7 members in 2024",
        "2 with a signed membership agreement",
        "2 more with the 2024 fee paid",
    ]
    assert y2024.missing == [
        "3 members in 2024 have neither a signed agreement nor a paid 2024 fee"
    ]
    assert y2024.missing_ids == {"organisation": sorted(ids[k] for k in ("M3", "M4", "M7"))}
    # current = 2024-07-01 .. 2025-06-30, fees 2024/2025: M1, M6 (agreement), M2, M8 (fee)
    assert current.value == 4
    assert result.status is Status.FAIL
    assert result.advice == "11 more committed members (4 of 15)"


def test_custom_threshold_overrides_the_default(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    build_commitment(Build(db))
    set_threshold(db, "1.1.0", Decimal(4), note="small regional cluster")
    result = assess(db, YEAR, today=TODAY).result("1.1.0")
    assert result.threshold == Decimal(4)
    assert not result.threshold_is_default
    assert result.threshold_text == ">= 4 (set by the cluster)"
    assert [p.status for p in result.periods] == [Status.FAIL, Status.PASS, Status.PASS]
    assert result.status is Status.PASS and result.advice is None
    set_threshold(db, "1.1.0", None)  # back to the default
    again = assess(db, YEAR, today=TODAY).result("1.1.0")
    assert again.threshold == Decimal(15) and again.threshold_is_default


def test_participants_involved(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    k1 = b.org("K1", OrgType.COMPANY, ("2020-01-01", None, True))  # committed
    k2 = b.org("K2", OrgType.COMPANY, SINCE)  # member, not committed
    outsider = b.org("Ospite Srl", OrgType.COMPANY)  # organisation record, never a member
    b.activity("Networking", "2024-03-01", members=(k1, k2, outsider), external=("Acme Srl",))
    b.activity(
        "Training",
        "2024-05-01",
        ActivityType.TRAINING,
        members=(k2,),
        external=("ACME SRL",),  # same organisation, other spelling: counted once
        persons=("Mario Rossi",),
        anonymous=50,
    )
    value = assess(db, YEAR, today=TODAY).result("1.1.2").period("2024")
    # 1 committed (K1) + 1 other member (K2) + 3 non-members (Ospite, Acme, Mario Rossi)
    assert value.value == 5
    assert value.status is Status.FAIL  # 5 participants against the default floor of 15
    assert "1 other members and 3 non-members took part in 2 activities" in value.inputs
    assert "50 unnamed attendees not counted (they cannot be told apart)" in value.inputs
    assert sorted(value.input_ids["organisation"]) == sorted([k1, k2, outsider])


def test_geographical_concentration(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    b.profile(nuts2="ITC4")
    g1 = b.org("G1", OrgType.COMPANY, SINCE, nuts2="ITC4")
    g2 = b.org("G2", OrgType.COMPANY, SINCE, nuts2="itc4c")  # NUTS-3 inside ITC4
    b.org("G3", OrgType.COMPANY, SINCE, nuts2="ITH5")
    g4 = b.org("G4", OrgType.COMPANY, SINCE)  # unknown region
    result = assess(db, YEAR, today=TODAY).result("1.2")
    value = result.period("2024")
    # 2 of the 3 members with a known region: 66.7 %; G4 left out and reported
    assert value.value == Decimal("66.7") and value.display == "66.7 %"
    assert value.input_ids == {"organisation": [g1, g2]}
    assert value.missing == ["1 member on 2024-12-31 has no NUTS-2 region (left out of the share)"]
    assert value.missing_ids == {"organisation": [g4]}
    assert result.status is Status.PASS  # no threshold by default
    set_threshold(db, "1.2", Decimal(80))
    failing = assess(db, YEAR, today=TODAY).result("1.2")
    # (2 + k) / (3 + k) >= 0.8  ->  k = 2
    assert failing.status is Status.FAIL
    assert failing.advice == "2 more members in ITC4 (66.7 % of 80 %)"


def test_geography_without_cluster_region(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    b = Build(db)
    b.profile()
    b.org("G1", OrgType.COMPANY, SINCE, nuts2="ITC4")
    result = assess(db, YEAR, today=TODAY).result("1.2")
    assert result.status is Status.UNKNOWN
    assert result.missing == [
        "the cluster profile has no NUTS-2 region: set it in the cluster profile"
    ]
