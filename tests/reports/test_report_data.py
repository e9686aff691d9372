"""Report data assembly on the hand-made cluster: figures match the records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.reports.small_cluster import ACCENTED, CLUSTER, EVIL, TODAY, YEAR, Expected
from workbench.db import Database
from workbench.indicators import DEFINITIONS, assess, eccp_figures
from workbench.reports import REPORT_FORMATS, ReportError, build_report, check_request
from workbench.reports.data import (
    ProjectFilters,
    assessment_data,
    eccp_data,
    member_directory_data,
    member_register,
    project_portfolio_data,
)
from workbench.reports.i18n import enum_label, format_number, t
from workbench.reports.model import Chart, ChartRow, Quantity, Table
from workbench.services import members as member_service


@pytest.fixture()
def report_en(small_db: Database):
    return assessment_data(small_db, YEAR, "en", today=TODAY)


def test_register_counts_members_on_31_december(small_db: Database, expected: Expected) -> None:
    for year in (2023, 2024):
        register = member_register(small_db, year)
        at_end = {r.org_id for r in register if r.member_at_end}
        assert len(at_end) == expected.members_end[year]
        assert len({r.org_id for r in register if not r.member_at_end}) == expected.left_in[year]
        movement = member_service.movements(small_db, [year])[0]
        assert movement.total_at_end == len(at_end)


def test_register_rows_follow_libro_soci_layout(report_en) -> None:
    table = report_en.table("register_2023")
    assert [c.key for c in table.columns] == [
        "no",
        "name",
        "vat",
        "type",
        "sme",
        "join",
        "leave",
        "status",
    ]
    assert table.column_values("no") == list(range(1, len(table.rows) + 1))
    joins = table.column_values("join")
    assert joins == sorted(joins)
    epsilon = next(r for r in table.rows if r[1] == "Epsilon Consulting")
    assert epsilon[6] == date(2023, 6, 30) and epsilon[7] == "left"
    gamma = next(r for r in table.rows if r[1] == "Gamma Water S.r.l.")
    assert gamma[6] is None, "a leave date after 31 December is not shown"
    assert table.totals is not None and table.totals[-1] == 9


def test_composition_sums_to_members(report_en, expected: Expected) -> None:
    by_type = report_en.table("by_type")
    assert sum(by_type.column_values("n_2024")) == expected.members_end[2024]
    assert by_type.totals[1] == expected.members_end[2023]
    assert sum(report_en.table("composition").column_values("n_2023")) == expected.members_end[2023]
    pct = report_en.table("composition").column_values("pct_2024")
    assert abs(sum(pct) - 100) < Decimal("0.1")
    by_sme = report_en.table("by_sme")
    labels = by_sme.column_values("sme")
    assert "Micro" in labels and "Large" in labels


def test_projects_and_totals(report_en, expected: Expected) -> None:
    projects = report_en.table("projects")
    assert len(projects.rows) == expected.projects
    assert projects.totals[projects.column_index("total_budget")] == expected.total_budget
    assert projects.totals[projects.column_index("eu_contribution")] == expected.eu_contribution
    by_programme = report_en.table("by_programme")
    assert sum(by_programme.column_values("total_budget")) == expected.total_budget
    by_year = report_en.table("by_year")
    assert sum(by_year.column_values("count")) == expected.projects


def test_finance_totals_and_private_share(report_en, expected: Expected) -> None:
    income = report_en.table("income")
    assert income.totals[2:] == [expected.income[2023], expected.income[2024]]
    share = report_en.table("private_share")
    row_2024 = share.rows[1]
    assert row_2024[1] == expected.private[2024]
    assert row_2024[4] == (expected.private[2024] * 100 / expected.income[2024]).quantize(
        Decimal("0.01")
    )


def test_activities_per_year(report_en) -> None:
    by_type = report_en.table("activities_by_type")
    assert by_type.totals == ["Total", 2, 24, 1, 12]


def test_indicators_table_has_every_indicator(small_db: Database, report_en) -> None:
    table = report_en.table("indicators")
    assert table.column_values("id") == [d.id for d in DEFINITIONS]
    assessment = assess(small_db, YEAR, today=TODAY)
    statuses = {r.definition.id: r.status.value for r in assessment.results}
    assert (
        dict(zip(table.column_values("id"), table.column_values("status"), strict=True)) == statuses
    )
    assert [c.title for c in table.columns][3:9] == [
        "2023",
        "Verdict 2023",
        "2024",
        "Verdict 2024",
        "current",
        "Verdict current",
    ]
    # Every period is judged apart, and the column "Decided by" names the deciding period.
    for result in assessment.results:
        row = table.rows[table.column_values("id").index(result.id)]
        periods = [row[table.column_index(f"s{i}")] for i in range(3)]
        assert periods == [p.status.value for p in result.periods]
        decided = row[table.column_index("decided_by")]
        if result.status_period is None:
            assert decided is None
        else:
            assert decided == result.status_period
    readiness = report_en.table("readiness")
    score = readiness.rows[0][1]
    assert isinstance(score, Quantity) and score.unit == "%"
    assert score == assessment.readiness_pct


def test_summary_and_labels(report_en) -> None:
    profile = dict(report_en.table("profile").rows)
    assert profile["Name"] == CLUSTER
    labels = report_en.table("labels")
    assert labels.rows[0][0] == "Gold"
    assert labels.rows[0][4] == (date(2025, 5, 10) - TODAY).days


def test_charts_refer_to_tables_of_their_sheet(report_en) -> None:
    for sheet in report_en.sheets:
        tables = {id(b) for b in sheet.blocks if isinstance(b, Table)}
        for block in sheet.blocks:
            charts = block.charts if isinstance(block, ChartRow) else [block]
            for chart in charts:
                if isinstance(chart, Chart):
                    assert id(chart.table) in tables, chart.title
                    chart.series()  # every value column exists


def test_italian_labels(small_db: Database) -> None:
    report = assessment_data(small_db, YEAR, "it", today=TODAY)
    assert report.title == t("report.assessment", "it")
    assert [s.name for s in report.sheets][:3] == ["Sintesi", "Indicatori", "Dati mancanti"]
    assert "Impresa" in report.table("by_type").column_values("type")
    assert report.table("indicators").columns[7].title == "attuale"
    assert report.table("indicators").columns[8].title == "Esito attuale"
    assert format_number(Decimal("1234.5"), "it", 2) == "1.234,50"
    assert enum_label("org_type", "research_org", "it") == "Organismo di ricerca"


def test_member_directory_keeps_page_order_and_filter(
    small_db: Database, expected: Expected
) -> None:
    ids = list(reversed(expected.member_ids[:4]))
    report = member_directory_data(
        small_db,
        member_ids=ids,
        lang="en",
        as_of=date(2024, 12, 31),
        filter_description="Type: all",
    )
    table = report.table("directory")
    names = table.column_values("name")
    rows = {r.id: r.name for r in member_service.member_rows(small_db, as_of=date(2024, 12, 31))}
    assert names == [rows[i] for i in ids]
    assert any("Type: all" in line for line in report.cover_lines)
    everyone = member_directory_data(small_db, lang="en", as_of=date(2024, 12, 31))
    assert len(everyone.table("directory").rows) == expected.members_end[2024]
    assert ACCENTED in everyone.table("directory").column_values("name")
    assert EVIL in everyone.table("directory").column_values("name")


def test_project_portfolio_filters(small_db: Database) -> None:
    funded = project_portfolio_data(small_db, "en", ProjectFilters(status="funded"))
    assert sorted(funded.table("projects").column_values("acronym")) == ["H2VALLEY", "SMARTGRID"]
    interreg = project_portfolio_data(small_db, "en", ProjectFilters(programme="Interreg"))
    assert interreg.table("projects").column_values("acronym") == ["H2VALLEY"]
    partners = interreg.table("partners")
    assert len(partners.rows) == 3
    assert sorted(partners.column_values("member")) == ["no", "yes", "yes"]
    every = project_portfolio_data(small_db, "en")
    # Three funded or closed projects; the undated idea is listed apart, never in the totals.
    assert len(every.table("projects").rows) == 3
    assert every.table("no_dates").column_values("acronym") == ["IDEA-X"]


def test_eccp_payload_matches_engine(small_db: Database) -> None:
    day = date(2024, 12, 31)
    report = eccp_data(small_db, day, "en")
    figures = eccp_figures(small_db, day)
    assert report.payload["total_members"] == figures.total_members == 9
    assert report.payload["sme_members"] == figures.sme_members
    assert report.payload["members_by_type"]["company"] == figures.members_by_type["company"]


def test_format_availability() -> None:
    assert REPORT_FORMATS["eccp"] == ("xlsx", "json")
    check_request("assessment", "pdf")
    with pytest.raises(ReportError, match="available as xlsx or json, not pdf"):
        check_request("eccp", "pdf")
    with pytest.raises(ReportError, match="no 'budget' report"):
        check_request("budget", "xlsx")
    with pytest.raises(ReportError):
        check_request("members", "xlsx", "de")


def test_build_report_with_progress(small_db: Database) -> None:
    seen: list[tuple[int, int]] = []
    report = build_report(
        small_db, "members", lang="en", today=TODAY, progress=lambda d, n: seen.append((d, n))
    )
    assert report.kind == "members"
    assert seen[-1] == (100, 100)
    assert all(n == 100 for _d, n in seen)
    assert [d for d, _n in seen] == sorted(d for d, _n in seen)


def test_italian_values_use_italian_decimals_and_units(small_db: Database) -> None:
    from workbench.reports.data import assessment_data

    def pdf_values(lang: str) -> list[str]:
        # The PDF's per-area tables show the values as text (the workbook has numbers).
        report = assessment_data(small_db, YEAR, lang, today=TODAY)
        tables = [b for s in report.sections for b in s.blocks if isinstance(b, Table)]
        return [
            row[table.column_index(key)]
            for table in tables
            if table.key.startswith("indicators_")
            for row in table.rows
            for key in ("p0", "p1", "p2")
        ]

    checked = 0
    for en_value, it_value in zip(pdf_values("en"), pdf_values("it"), strict=True):
        if en_value.endswith(" years"):
            assert it_value == en_value.replace(" years", " anni").replace(".", ",")
            checked += 1
        elif en_value.endswith(" FTE"):
            assert it_value == en_value.replace(" FTE", " ETP").replace(".", ",")
            checked += 1
        elif en_value.endswith(" %") and en_value[:-2].replace(".", "").isdigit():
            assert it_value == en_value.replace(".", ",")
            checked += 1
    assert checked >= 6
