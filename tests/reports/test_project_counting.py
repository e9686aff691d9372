"""Which projects count, end to end: one rule (``workbench.rules.projects``) everywhere.

One database holds a project of every kind, and each consumer — the assessment report (key
figures, project list, programme/pillar/status tables, annex), the project portfolio report,
the Projects page totals, the dashboard and indicator 2.6 — is checked against figures worked
out by hand below. Assessment year 2025: the evidence period is 2023-01-01 .. 2024-12-31.

    project    status     dates                    programme  total     cluster  EU        pillar
    FUND-A     funded     2023-03-01 .. 2025-12-31 Horizon    1,000,000 100,000  800,000   P1
    CLOSED-B   closed     2021-01-01 .. 2023-06-30 LIFE         500,000  50,000  300,000   P2
    SUB-C      submitted  2024-05-01 .. 2026-04-30 Horizon    2,000,000       -  1,500,000 P1
    REJ-D      rejected   2023-09-01 .. 2025-08-31 Interreg   5,500,000       -  1,520,000 P2
    IDEA-E     idea       (no dates)               -            300,000       -  -         -
    SPEC-F     special    2024-01-01 .. 2024-12-31 -                  -       -  -         P1
    LATE-G     funded     2025-02-01 .. 2027-01-31 Horizon    4,000,000 200,000  3,000,000 P1
    OLD-H      funded     2019-01-01 .. 2022-12-31 FP7          700,000  70,000  600,000   -
    NODATE-I   funded     (no dates)               LIFE         900,000       -  800,000   -

Partners are members A, B, C (members since 2020) as listed in ``PROJECTS``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.indicators.indicator_fixtures import Build, new_db
from workbench.db import Database
from workbench.indicators import assess
from workbench.models import OrgType, StrategicPillar
from workbench.reports.data import assessment_data, project_portfolio_data
from workbench.reports.model import Table
from workbench.services import projects as project_service
from workbench.services.base import unit_of_work
from workbench.services.dashboard import load_dashboard
from workbench.services.projects import PartnerInput, save_project

M = Decimal
# acronym, status, start, end, programme, total, cluster, eu, pillar, partners
PROJECTS: list[tuple[Any, ...]] = [
    (
        "FUND-A",
        "funded",
        "2023-03-01",
        "2025-12-31",
        "Horizon",
        1_000_000,
        100_000,
        800_000,
        "P1",
        "AB",
    ),
    (
        "CLOSED-B",
        "closed",
        "2021-01-01",
        "2023-06-30",
        "LIFE",
        500_000,
        50_000,
        300_000,
        "P2",
        "AC",
    ),
    (
        "SUB-C",
        "submitted",
        "2024-05-01",
        "2026-04-30",
        "Horizon",
        2_000_000,
        None,
        1_500_000,
        "P1",
        "AB",
    ),
    (
        "REJ-D",
        "rejected",
        "2023-09-01",
        "2025-08-31",
        "Interreg",
        5_500_000,
        None,
        1_520_000,
        "P2",
        "BC",
    ),
    ("IDEA-E", "idea", None, None, None, 300_000, None, None, None, "AB"),
    ("SPEC-F", "special", "2024-01-01", "2024-12-31", None, None, None, None, "P1", "AB"),
    (
        "LATE-G",
        "funded",
        "2025-02-01",
        "2027-01-31",
        "Horizon",
        4_000_000,
        200_000,
        3_000_000,
        "P1",
        "AB",
    ),
    ("OLD-H", "funded", "2019-01-01", "2022-12-31", "FP7", 700_000, 70_000, 600_000, None, "AB"),
    ("NODATE-I", "funded", None, None, "LIFE", 900_000, None, 800_000, None, "AB"),
]


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _money(value: int | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Any:
    database = new_db(tmp_path_factory.mktemp("projects"))
    build = Build(database)
    orgs = {key: build.org(f"Member {key}", OrgType.COMPANY, ("2020-01-01", None)) for key in "ABC"}
    pillars = {}
    with unit_of_work(database) as session:
        for name in ("P1", "P2"):
            pillar = StrategicPillar(name=name)
            session.add(pillar)
            session.flush()
            pillars[name] = pillar.id
    for acronym, status, start, end, programme, total, cluster, eu, pillar, who in PROJECTS:
        save_project(
            database,
            {
                "acronym": acronym,
                "status": status,
                "start_date": _day(start),
                "end_date": _day(end),
                "programme": programme,
                "total_budget": _money(total),
                "cluster_budget": _money(cluster),
                "eu_contribution": _money(eu),
            },
            partners=[PartnerInput(organisation_id=orgs[k], role="partner") for k in who],
            pillar_ids=[pillars[pillar]] if pillar else [],
        )
    yield database
    database.dispose()


def _fact(table: Table, label_start: str) -> Any:
    return next(row[1] for row in table.rows if str(row[0]).startswith(label_start))


def _column(table: Table, key: str) -> list[Any]:
    return table.column_values(key)


def test_assessment_counts_only_funded_projects_running_in_the_period(db: Database) -> None:
    report = assessment_data(db, 2025, "en", today=date(2025, 3, 1))
    key = report.table("key_figures")
    assert _fact(key, "Funded projects running in the period") == 2  # FUND-A, CLOSED-B
    assert _fact(key, "EU/public contribution") == M(1_100_000)  # 800k + 300k
    assert _fact(key, "Pipeline projects in the period") == 3  # SUB-C, REJ-D, SPEC-F
    assert ("Projects running in the period", "2") not in report.cover_facts
    assert ("Funded projects running in the period", "2") in report.cover_facts

    listed = report.table("projects")
    assert sorted(_column(listed, "acronym")) == ["CLOSED-B", "FUND-A"]
    totals = dict(zip([c.key for c in listed.columns], listed.totals or [], strict=True))
    assert (totals["total_budget"], totals["cluster_budget"], totals["eu_contribution"]) == (
        M(1_500_000),
        M(150_000),
        M(1_100_000),
    )
    pipeline = report.table("pipeline")
    assert sorted(_column(pipeline, "acronym")) == ["REJ-D", "SPEC-F", "SUB-C"]
    assert pipeline.totals is None  # never summed
    assert sorted(_column(report.table("no_dates"), "acronym")) == ["IDEA-E", "NODATE-I"]

    programmes = {r[0]: r[1:] for r in report.table("by_programme").rows}
    assert programmes == {
        "Horizon": [1, M(1_000_000), M(100_000), M(800_000)],
        "LIFE": [1, M(500_000), M(50_000), M(300_000)],
    }
    assert report.table("by_programme").totals[1:] == [2, M(1_500_000), M(150_000), M(1_100_000)]
    pillars = {r[0]: r[1:] for r in report.table("by_pillar").rows}
    assert pillars == {
        "P1": [1, M(1_000_000), M(100_000), M(800_000)],
        "P2": [1, M(500_000), M(50_000), M(300_000)],
    }
    statuses = {r[0]: r[1] for r in report.table("by_status").rows}
    assert statuses == {
        "Special project": 1,
        "Submitted": 1,
        "Funded": 1,
        "Rejected": 1,
        "Closed": 1,
    }
    assert report.table("by_status").totals is None

    annex = next(s for s in report.sections if s.key == "annex_projects")
    assert [b.key for b in annex.blocks] == ["projects", "pipeline", "no_dates"]


def test_italian_assessment_names_the_pipeline_in_italian(db: Database) -> None:
    report = assessment_data(db, 2025, "it", today=date(2025, 3, 1))
    assert report.table("pipeline").title.startswith("In preparazione")
    assert report.table("no_dates").title == "Progetti senza date (non contati)"
    assert "solo questi contano come finanziamenti" in (report.table("projects").note or "")


def test_portfolio_report_sums_funded_projects_of_any_year(db: Database) -> None:
    report = project_portfolio_data(db, "en", today=date(2025, 3, 1))
    listed = report.table("projects")
    assert sorted(_column(listed, "acronym")) == ["CLOSED-B", "FUND-A", "LATE-G", "OLD-H"]
    totals = dict(zip([c.key for c in listed.columns], listed.totals or [], strict=True))
    assert totals["total_budget"] == M(6_200_000)  # 1,000k + 500k + 4,000k + 700k
    assert totals["eu_contribution"] == M(4_700_000)  # 800k + 300k + 3,000k + 600k
    assert sorted(_column(report.table("pipeline"), "acronym")) == ["REJ-D", "SPEC-F", "SUB-C"]
    assert sorted(_column(report.table("no_dates"), "acronym")) == ["IDEA-E", "NODATE-I"]
    assert ("Funded projects", "4") in report.cover_facts
    assert ("In the pipeline", "3") in report.cover_facts
    assert report.table("by_programme").totals[1:] == [4, M(6_200_000), M(420_000), M(4_700_000)]


def test_projects_page_totals_are_the_funded_class(db: Database) -> None:
    totals = project_service.totals(project_service.list_projects(db))
    assert (totals.count, totals.funded, totals.pipeline, totals.no_dates) == (9, 4, 3, 2)
    assert totals.total_budget == M(6_200_000)
    assert totals.cluster_budget == M(420_000)
    assert totals.eu_contribution == M(4_700_000)


def test_dashboard_counts_funded_running_and_the_open_pipeline(db: Database) -> None:
    data = load_dashboard(db, date(2024, 6, 15))
    assert data.funded_projects == 4  # FUND-A, CLOSED-B, LATE-G, OLD-H (NODATE-I has no dates)
    assert data.running_projects == 1  # only FUND-A runs on 15/06/2024
    assert data.pipeline_projects == 3  # SUB-C, IDEA-E, SPEC-F (rejected is not open)
    programmes = {name: (total, cluster) for name, total, cluster in data.by_programme}
    assert programmes == {
        "Horizon": (M(5_000_000), M(300_000)),
        "LIFE": (M(500_000), M(50_000)),
        "FP7": (M(700_000), M(70_000)),
    }


def test_cooperation_indicator_counts_funded_joint_projects(db: Database) -> None:
    result = assess(db, 2025, today=date(2025, 3, 1)).result("2.6")
    y2023, y2024 = result.periods[0], result.periods[1]
    # 2023: FUND-A (A, B) and CLOSED-B (A, C); REJ-D (B, C) is a rejected proposal.
    assert y2023.value == 2
    # 2024: FUND-A only; SUB-C and SPEC-F (A, B) are the pipeline.
    assert y2024.value == 1
    assert any(line.startswith("3 pipeline projects") for line in y2024.inputs)


def test_excel_and_pdf_of_the_assessment_carry_the_same_totals(
    db: Database, tmp_path: Path
) -> None:
    from python_calamine import CalamineWorkbook

    from workbench.reports import generate_report

    book = tmp_path / "assessment.xlsx"
    generate_report(db, "assessment", "xlsx", book, year=2025, lang="en", today=date(2025, 3, 1))
    sheet = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Projects").to_python()
    cells = [row for row in sheet if row and row[0] == "Total"]
    assert any(1_100_000 in row for row in cells)  # EU contribution of the funded projects
    assert not any(6_200_000 in row or 21_255_000 in row for row in cells)
    acronyms = {row[0] for row in sheet if row}
    assert {"REJ-D", "SUB-C", "SPEC-F", "IDEA-E", "NODATE-I"} <= acronyms  # listed apart
