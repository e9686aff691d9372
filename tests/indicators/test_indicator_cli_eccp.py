"""ECCP figures and the ``workbench indicators`` / ``workbench eccp`` commands."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.indicators.indicator_fixtures import Build, new_db
from workbench.cli import run
from workbench.indicators import eccp_figures
from workbench.models import LabelLevel, OrgType

M = 1_000_000
SINCE = ("2020-01-01", None)


def build_cluster(tmp_path: Path) -> Path:
    db = new_db(tmp_path)
    b = Build(db)
    b.profile(founding_date=date(2009, 3, 23), nuts2="ITC4")
    micro = b.org("Micro Srl", OrgType.COMPANY, ("2020-01-01", None, True))
    b.size(micro, 2024, 5, 1 * M)
    small = b.org("Small Srl", OrgType.COMPANY, SINCE)
    b.size(small, 2023, 20, 5 * M)
    b.size(small, 2024, 20, 5 * M)
    large = b.org("Large SpA", OrgType.COMPANY, SINCE)
    b.size(large, 2024, 400, 90 * M)
    b.org("No Data Srl", OrgType.COMPANY, SINCE)
    b.org("Università", OrgType.UNIVERSITY, SINCE)
    b.org("Centro Tech", OrgType.TECHNOLOGY_CENTRE, SINCE)
    b.org("Comune", OrgType.PUBLIC_BODY, SINCE)
    b.org("Banca", OrgType.FINANCIAL_INSTITUTION, SINCE)
    b.org("Gone Srl", OrgType.COMPANY, ("2020-01-01", "2024-06-01"))
    b.staff("Anna", "1", "2019-01-01")
    b.staff("Bruno", "0.5", "2024-01-01")
    b.staff("Old", "1", "2015-01-01", "2020-12-31")
    b.label(LabelLevel.GOLD, "2024-05-10", "2026-05-31")
    b.label(LabelLevel.BRONZE, "2019-05-10", "2021-05-31")  # expired
    assert db.path is not None
    db.dispose()
    return db.path


def test_eccp_figures_on_a_day(tmp_path: Path) -> None:
    path = build_cluster(tmp_path)
    from workbench.db import open_database

    figures = eccp_figures(open_database(path), date(2024, 12, 31))
    # 8 members on 2024-12-31 (Gone Srl left): companies micro + small = 2 SMEs, 1 large,
    # 1 without size data; university + technology centre = 2 research; public body and
    # bank = 2 other actors.
    assert figures.total_members == 8
    assert (figures.sme_members, figures.larger_companies) == (2, 1)
    assert figures.unclassified_companies == 1
    assert (figures.research_orgs, figures.other_actors) == (2, 2)
    assert (
        figures.sme_members
        + figures.larger_companies
        + figures.unclassified_companies
        + figures.research_orgs
        + figures.other_actors
        == figures.total_members
    )
    assert figures.management_fte == Decimal("1.50")
    assert figures.labels == ["Gold label (ESCA), valid until 2026-05-31"]
    assert figures.members_by_type["company"] == 4
    assert figures.members_by_type["research_org"] == 0
    assert figures.missing == ["1 company has no size data up to 2024: no SME class"]
    assert not figures.meets_eccp_floors  # fewer than 15 members


def test_indicators_command_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = build_cluster(tmp_path)
    code = run(
        ["indicators", "--year", "2025", "--today", "2025-06-30", "--json", "--db", str(path)]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == 2025 and data["periods"] == ["2023", "2024", "current"]
    assert data["ready_for_gold"] is False
    assert len(data["indicators"]) == 31
    first = data["indicators"][0]
    assert {"id", "name", "area", "kind", "threshold", "threshold_is_default", "status"} <= set(
        first
    )
    assert {"values", "missing", "advice"} <= set(first)
    by_id = {i["id"]: i for i in data["indicators"]}
    commitment = by_id["1.1.0"]
    assert commitment["threshold"] == "15" and commitment["threshold_is_default"] is True
    assert set(commitment["values"]) == {"2023", "2024", "current"}
    # 2024: 9 members during the year; only Micro Srl signed an agreement and no fee is paid
    assert commitment["values"]["2024"]["value"] == 1
    assert commitment["status"] == "fail"
    assert commitment["advice"] == "14 more committed members (1 of 15)"
    assert by_id["2.1"]["values"]["2024"]["value"] == 15
    passing = sum(1 for i in data["indicators"] if i["status"] == "pass")
    assert Decimal(data["readiness_pct"]) == (Decimal(passing) * 100 / 31).quantize(Decimal("0.1"))


def test_indicators_command_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = build_cluster(tmp_path)
    code = run(
        [
            "indicators",
            "--year",
            "2025",
            "--level",
            "silver",
            "--today",
            "2025-06-30",
            "--db",
            str(path),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "[FAIL] 1.1.0  Commitment of participants (auto)" in out
    assert "threshold: >= 15 (default)" in out
    assert "missing: 8 members in 2024 have neither a signed agreement nor a paid 2024 fee" in out
    assert "of 19 indicators pass" in out
    assert "2.2.1" not in out  # gold only
    # No Gold bar for Silver: no "Gold needs 80 %", no "ready for Gold" verdict.
    assert "Gold needs" not in out and "ready for gold" not in out.lower()
    assert "The Silver label has no score bar." in out


def test_indicators_command_rejects_a_bad_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = build_cluster(tmp_path)
    assert run(["indicators", "--year", "3025", "--db", str(path)]) == 1
    assert "between 1900 and 2100" in capsys.readouterr().err


def test_eccp_command_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = build_cluster(tmp_path)
    assert run(["eccp", "--date", "2024-12-31", "--json", "--db", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["date"] == "2024-12-31"
    assert (data["total_members"], data["sme_members"], data["larger_companies"]) == (8, 2, 1)
    assert data["management_fte"] == "1.50"
    assert run(["eccp", "--date", "2024-12-31", "--db", str(path)]) == 0
    assert "SME members" in capsys.readouterr().out
