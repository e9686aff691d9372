"""The ECCP export: the composition adds up to the member total and the profile fields are in it.

Checked on the demo cluster (with its ECCP profile) and on a generated 10,000-member database,
by writing the xlsx and JSON files and reading them back (openpyxl, json).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import delete, select

from workbench.db import Database, open_database
from workbench.demo import build_demo, build_synthetic
from workbench.indicators import assess, eccp_figures
from workbench.models import EccpListKind, MembershipPeriod, Organisation, OrgType, SizeData
from workbench.reports import generate_report
from workbench.reports.data import assessment_data
from workbench.reports.i18n import t
from workbench.services.base import unit_of_work

TODAY = date(2025, 6, 30)
DAY = date(2024, 12, 31)
GROUPS = ("sme_members", "larger_companies", "research_orgs", "other_actors", "not_classed")
FIGURE_LINES = ("f.sme_members", "f.larger_companies", "f.research_orgs", "f.other_actors")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    db = open_database(tmp_path_factory.mktemp("eccp-demo") / "demo.db")
    build_demo(db, seed=2009, today=TODAY)
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    db = open_database(tmp_path_factory.mktemp("eccp-big") / "big.db")
    build_synthetic(db, members=10_000, projects=20, today=TODAY)
    yield db
    db.dispose()


def write(db: Database, folder: Path, fmt: str, lang: str = "en") -> Path:
    path = folder / f"eccp-{lang}.{fmt}"
    generate_report(db, "eccp", fmt, path, as_of=DAY, lang=lang, today=TODAY)
    return path


def members_on(db: Database, day: date) -> int:
    with unit_of_work(db, write=False) as session:
        ids = session.scalars(
            select(MembershipPeriod.organisation_id)
            .where(
                MembershipPeriod.join_date <= day,
                (MembershipPeriod.leave_date.is_(None)) | (MembershipPeriod.leave_date > day),
            )
            .distinct()
        ).all()
    return len(ids)


def figure_cells(path: Path, lang: str = "en") -> dict[str, Any]:
    sheet = openpyxl.load_workbook(path)[t("sheet.eccp", lang)]
    return {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}


def assert_adds_up(db: Database, folder: Path) -> dict[str, Any]:
    """The JSON's and the workbook's composition lines sum to the members counted by hand."""
    total = members_on(db, DAY)
    data = json.loads(write(db, folder, "json").read_text(encoding="utf-8"))
    assert data["total_members"] == total
    assert sum(data["composition"][g] for g in GROUPS) == total == data["composition"]["total"]
    assert len(data["not_classed_members"]) == data["not_classed"]
    cells = figure_cells(write(db, folder, "xlsx"))
    lines = [cells[t(key, "en")] for key in (*FIGURE_LINES, "f.not_classed")]
    assert all(isinstance(n, int) for n in lines)  # typed numbers, not text
    assert sum(lines) == cells[t("f.total_members", "en")] == total
    return data


def test_demo_composition_adds_up_with_a_not_classed_line(
    demo_db: Database, tmp_path: Path
) -> None:
    data = assert_adds_up(demo_db, tmp_path)
    figures = eccp_figures(demo_db, DAY)
    assert data["not_classed"] == figures.unclassified_companies > 0  # the demo has some
    workbook = openpyxl.load_workbook(tmp_path / "eccp-en.xlsx")
    names = [row[0] for row in workbook["ECCP"].iter_rows(values_only=True)]
    for name in data["not_classed_members"]:
        assert name in names  # each member not classed is named in the workbook


def test_banks_are_other_ecosystem_actors_everywhere(demo_db: Database, tmp_path: Path) -> None:
    figures = eccp_figures(demo_db, DAY)
    banks = figures.members_by_type[OrgType.FINANCIAL_INSTITUTION.value]
    assert banks > 0
    non_research = sum(
        n
        for kind, n in figures.members_by_type.items()
        if kind in ("public_body", "association", "financial_institution", "other")
    )
    assert figures.other_actors == non_research  # banks included, not among companies
    companies = figures.members_by_type[OrgType.COMPANY.value]
    assert figures.sme_members + figures.larger_companies + figures.unclassified_companies == (
        companies
    )
    # The assessment's "Companies by SME class" table counts the same companies (no banks),
    # and indicator 1.1.1 states the same five ECCP lines.
    report = assessment_data(demo_db, 2025, "en", today=TODAY)
    by_sme = report.table("by_sme")  # per year: count and share; 2024 is the last pair
    assert by_sme.totals is not None and by_sme.totals[-2] == companies
    line = next(
        i
        for i in assess(demo_db, 2025, today=TODAY).result("1.1.1").period("2024").inputs
        if i.startswith("ECCP:")
    )
    assert f"{figures.other_actors} other ecosystem actors" in line
    assert f"{figures.unclassified_companies} not classed" in line


def test_demo_export_carries_the_profile_fields(demo_db: Database, tmp_path: Path) -> None:
    data = json.loads(write(demo_db, tmp_path, "json").read_text(encoding="utf-8"))
    profile = data["profile"]
    for kind in EccpListKind:
        assert profile[kind.value], kind  # every list of the demo is filled
    assert "Energy distribution" in profile["s3_priority_area"]
    assert "Vanguard Initiative (ADMA Energy pilot)" in profile["network"]
    assert profile["specialisation_not_covered"]
    players = {p["name"]: p["player_type"] for p in profile["major_players"]}
    assert players["Politecnico di Milano"] == "research"
    countries = {c["country"]: c for c in profile["target_countries"]}
    assert countries["DE"]["scope"] == "trans_national"
    assert countries["US"]["scope"] == "international"
    assert countries["DE"]["activities"] == ["missions", "events", "fairs"]
    assert {r["role"] for r in profile["management_team"]} >= {"Cluster Manager"}
    assert profile["collaborating_clusters"]

    for lang in ("en", "it"):
        sheet = openpyxl.load_workbook(write(demo_db, tmp_path, "xlsx", lang))[
            t("sheet.eccp_profile", lang)
        ]
        cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
        for title in ("tbl.eccp_lists", "tbl.eccp_players", "tbl.eccp_countries"):
            assert t(title, lang) in cells
        for title in ("tbl.eccp_clusters", "tbl.eccp_team"):
            assert t(title, lang) in cells
        assert "Energy distribution" in cells and "Politecnico di Milano" in cells
        assert "DE" in cells and "Basque Energy Cluster" in cells
        assert t("f.not_covered", lang) in cells
    assert "Aree prioritarie S3 UE" in cells  # the list names in the Italian workbook


@pytest.mark.slow
def test_ten_thousand_members_add_up(big_db: Database, tmp_path: Path) -> None:
    # Take the size data away from 50 more companies: they must show up as "not classed",
    # never vanish from the total.
    with unit_of_work(big_db) as session:
        companies = session.scalars(
            select(Organisation.id)
            .where(Organisation.org_type == OrgType.COMPANY, Organisation.sme_override.is_(None))
            .order_by(Organisation.id)
            .limit(50)
        ).all()
        session.execute(delete(SizeData).where(SizeData.organisation_id.in_(companies)))
    data = assert_adds_up(big_db, tmp_path)
    assert data["total_members"] > 8_000
    assert data["not_classed"] >= 1
    assert data["other_actors"] >= data["members_by_type"]["financial_institution"] > 0
