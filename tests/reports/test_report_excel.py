"""The xlsx reports read back with openpyxl and python-calamine match the database."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from tests.reports.small_cluster import ACCENTED, CLUSTER, EVIL, Expected, Generated
from workbench.reports.data import ColumnSpec, ReportData, Sheet, Table
from workbench.reports.excel import (
    DATE_FORMAT,
    MONEY_FORMAT,
    PCT_FORMAT,
    is_formula_like,
    write_xlsx,
)


def calamine_sheet(path: Path, name: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def find_row(rows: list[list[object]], first: object) -> int:
    return next(i for i, row in enumerate(rows) if row and row[0] == first)


def table_rows(rows: list[list[object]], title: str) -> tuple[list[object], list[list[object]]]:
    """Header and data rows (totals and note included) of the table titled *title*."""
    start = find_row(rows, title)
    header = rows[start + 1]
    body = []
    for row in rows[start + 2 :]:
        if not any(cell not in ("", None) for cell in row):
            break
        body.append(row)
    return header, body


def test_assessment_sheets(generated: Generated) -> None:
    wb = openpyxl.load_workbook(generated.files["assessment-en.xlsx"])
    assert wb.sheetnames == [
        "Summary",
        "Indicators",
        "Members 2023",
        "Members 2024",
        "Composition",
        "Competence areas",
        "Pillars",
        "Projects",
        "Finance",
        "Activities",
    ]
    it = openpyxl.load_workbook(generated.files["assessment-it.xlsx"], read_only=True)
    assert it.sheetnames[:4] == ["Sintesi", "Indicatori", "Soci 2023", "Soci 2024"]


def test_member_register_counts_with_both_readers(generated: Generated, expected: Expected) -> None:
    path = generated.files["assessment-en.xlsx"]
    wb = openpyxl.load_workbook(path)
    for year in (2023, 2024):
        ws = wb[f"Members {year}"]
        assert ws.freeze_panes == "C3"
        assert ws.auto_filter.ref.startswith("A2:H")
        assert [c.font.b for c in ws[2]][0]
        statuses = [ws.cell(row=r, column=8).value for r in range(3, ws.max_row + 1)]
        assert statuses.count("member") == expected.members_end[year]
        assert statuses.count("left") == expected.left_in[year]
        join = ws.cell(row=3, column=6)
        assert isinstance(join.value, datetime) and join.number_format == DATE_FORMAT
        rows = calamine_sheet(path, f"Members {year}")
        header, body = table_rows(rows, f"Member register on 31/12/{year}")
        assert header[1] == "Name"
        assert [r[7] for r in body].count("member") == expected.members_end[year]
        assert isinstance(body[0][5], date)


def test_project_budget_totals(generated: Generated, expected: Expected) -> None:
    path = generated.files["assessment-en.xlsx"]
    rows = calamine_sheet(path, "Projects")
    header, body = table_rows(rows, "Projects")
    total_col = header.index("Total budget")
    eu_col = header.index("EU/public contribution")
    data, totals = body[:-2], body[-2]
    assert len(data) == expected.projects
    assert sum(Decimal(str(r[total_col] or 0)) for r in data) == expected.total_budget
    assert Decimal(str(totals[eu_col])) == expected.eu_contribution
    ws = openpyxl.load_workbook(path)["Projects"]
    money = ws.cell(row=3, column=total_col + 1)
    assert money.number_format == MONEY_FORMAT and money.data_type == "n"


def test_income_totals(generated: Generated, expected: Expected) -> None:
    rows = calamine_sheet(generated.files["assessment-en.xlsx"], "Finance")
    header, body = table_rows(rows, "Income by category")
    totals = body[-2]
    assert totals[0] == "Total"
    assert [Decimal(str(v)).quantize(Decimal("0.01")) for v in totals[2:4]] == [
        expected.income[2023],
        expected.income[2024],
    ]
    header, body = table_rows(rows, "Private and public income")
    share_2024 = body[1][4]
    expected_share = expected.private[2024] / expected.income[2024]
    assert abs(Decimal(str(share_2024)) - expected_share) < Decimal("0.0001")
    ws = openpyxl.load_workbook(generated.files["assessment-en.xlsx"])["Finance"]
    pct_cell = next(c for row in ws.iter_rows() for c in row if c.value == share_2024)
    assert pct_cell.number_format == PCT_FORMAT


def test_summary_and_indicators(generated: Generated) -> None:
    path = generated.files["assessment-en.xlsx"]
    summary = calamine_sheet(path, "Summary")
    assert [r[1] for r in summary if r[0] == "Name"][0] == CLUSTER
    assert any(r[0] == "Readiness score" for r in summary)
    indicators = calamine_sheet(path, "Indicators")
    header, body = table_rows(indicators, "Indicators")
    assert header[:6] == ["Id", "Area", "Indicator", "2023", "2024", "current"]
    assert len([r for r in body if r[0] and r[0][0].isdigit()]) == 31
    assert {r[header.index("Status")] for r in body[:31]} <= {"PASS", "FAIL", "NO DATA"}


def test_native_charts(generated: Generated) -> None:
    with zipfile.ZipFile(generated.files["assessment-en.xlsx"]) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        xml = "".join(archive.read(n).decode() for n in charts)
    assert len(charts) >= 7
    assert "<pieChart>" in xml and "<barChart>" in xml
    assert "'Composition'!$B$" in xml


def test_formula_injection_is_stored_as_text(generated: Generated) -> None:
    path = generated.files["assessment-en.xlsx"]
    ws = openpyxl.load_workbook(path)["Members 2024"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == EVIL)
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert not str(cell.value).startswith("'")
    rows = calamine_sheet(path, "Members 2024")
    assert [EVIL] == [r[1] for r in rows if r[1] == EVIL]
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in archive.read(name).decode(), name
    directory = generated.files["members-en.xlsx"]
    cell = next(
        c
        for row in openpyxl.load_workbook(directory).active.iter_rows()
        for c in row
        if c.value == EVIL
    )
    assert cell.data_type == "s"


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=1+1"],
)
def test_every_formula_trigger_stays_text(tmp_path: Path, text: str) -> None:
    assert is_formula_like(text)
    report = ReportData("members", "en", "t", "c", [], date(2025, 1, 1))
    report.sheets = [
        Sheet(
            "S",
            [
                Table(
                    "T",
                    [ColumnSpec("a", "A"), ColumnSpec("b", "B", "auto")],
                    [[text, text]],
                    totals=[text, None],
                )
            ],
        )
    ]
    path = write_xlsx(report, tmp_path / "x.xlsx")
    read_back = text.replace("\r", "\n")  # XML parsers normalise a bare CR to LF
    ws = openpyxl.load_workbook(path)["S"]
    for cell in (ws["A3"], ws["B3"], ws["A4"]):
        assert cell.data_type == "s" and cell.value == read_back
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python()
    assert rows[2][:2] == [read_back, read_back]


def test_control_characters_and_long_text(tmp_path: Path) -> None:
    report = ReportData("members", "en", "t", "c", [], date(2025, 1, 1))
    report.sheets = [
        Sheet("Bad/Name*?", [Table("T", [ColumnSpec("a", "A")], [["a\x01b"], ["x" * 40000]])])
    ]
    path = write_xlsx(report, tmp_path / "x.xlsx")
    ws = openpyxl.load_workbook(path).active
    assert ws.title == "Bad Name"
    assert ws["A3"].value == "ab"
    assert len(ws["A4"].value) == 32767


def test_other_workbooks(generated: Generated, expected: Expected) -> None:
    directory = calamine_sheet(generated.files["members-en.xlsx"], "Members")
    header, body = table_rows(directory, "Members")
    names = [r[0] for r in body]
    assert ACCENTED in names and len(body) == expected.members_end[2024] + 1  # + note row
    projects = CalamineWorkbook.from_path(str(generated.files["projects-en.xlsx"]))
    assert projects.sheet_names == ["Projects", "Partners", "Pillars"]
    header, body = table_rows(projects.get_sheet_by_name("Projects").to_python(), "Projects")
    # the two projects running in 2025, the totals row and the note (only funded projects count)
    assert len(body) == 2 + 1 + 1
    eccp = calamine_sheet(generated.files["eccp-en.xlsx"], "ECCP")
    figures = {r[0]: r[1] for r in eccp if r and r[0]}
    assert figures["Total members"] == 9
    assert figures["Reference date"] == date(2024, 12, 31)
