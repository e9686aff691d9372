"""The xlsx reports read back with openpyxl and python-calamine match the database."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from tests.reports.small_cluster import (
    ACCENTED,
    CLUSTER,
    EVIL,
    TODAY,
    YEAR,
    Expected,
    Generated,
)
from workbench.reports.data import ColumnSpec, ReportData, Sheet, Table
from workbench.reports.excel import (
    DATE_FORMAT,
    INT_FORMAT,
    MONEY_FORMAT,
    PCT_FORMAT,
    YEAR_FORMAT,
    is_formula_like,
    write_xlsx,
)
from workbench.reports.i18n import t


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
        "Missing inputs",
        "Members 2023",
        "Members 2024",
        "Composition",
        "Competence areas",
        "Pillars",
        "Projects",
        "Finance",
        "Activities",
        "Basis",
    ]
    it = openpyxl.load_workbook(generated.files["assessment-it.xlsx"], read_only=True)
    assert it.sheetnames[:4] == ["Sintesi", "Indicatori", "Dati mancanti", "Soci 2023"]


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
    assert header[:9] == [
        "Id",
        "Area",
        "Indicator",
        "2023",
        "Verdict 2023",
        "2024",
        "Verdict 2024",
        "current",
        "Verdict current",
    ]
    assert len([r for r in body if r[0] and r[0][0].isdigit()]) == 31
    verdicts = {"PASS", "FAIL", "NO DATA", "NOT SCORED"}
    assert {r[header.index("Status")] for r in body[:31]} <= verdicts
    assert {r[header.index("Verdict 2024")] for r in body[:31]} <= verdicts | {""}


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


# --------------------------------------------------------------------------- computable cells


def _row_of(ws: object, first: object) -> int:
    """The row whose column A holds *first*."""
    return next(c.row for c in ws["A"] if c.value == first)  # type: ignore[index]


@pytest.mark.parametrize("lang", ["en", "it"])
def test_indicator_values_are_numbers(generated: Generated, small_db, lang: str) -> None:
    from workbench.indicators import assess

    path = generated.files[f"assessment-{lang}.xlsx"]
    ws = openpyxl.load_workbook(path)[t("sheet.indicators", lang)]
    assessment = assess(small_db, YEAR, today=TODAY)
    # Columns: id, area, name, then each period's value followed by its verdict: Y-1 is the 6th.
    for indicator, period_col in (("1.1.0", 6), ("3.2", 6), ("2.1", 6)):
        value = assessment.result(indicator).period(str(YEAR - 1)).value
        cell = ws.cell(row=_row_of(ws, indicator), column=period_col)
        assert cell.data_type == "n", (indicator, cell.value)
        if indicator == "3.2":  # a percentage: stored as a fraction, shown with "%"
            assert Decimal(str(cell.value)) == value / 100
            assert cell.number_format == "0.0 %"
        elif indicator == "2.1":  # years of activity, with the unit in the format
            assert cell.value == value
            assert t("unit.years", lang) in cell.number_format
        else:
            assert cell.value == value and cell.number_format == INT_FORMAT
    # calamine (how other programs read it) sees numbers too, not text
    rows = calamine_sheet(path, t("sheet.indicators", lang))
    row = next(r for r in rows if r[0] == "3.2")
    assert all(isinstance(v, float) for v in (row[3], row[5]))
    assert isinstance(row[4], str) and isinstance(row[6], str)  # the verdicts, as words


@pytest.mark.parametrize("lang", ["en", "it"])
def test_years_money_percentages_and_score_are_numbers(generated: Generated, lang: str) -> None:
    path = generated.files[f"assessment-{lang}.xlsx"]
    wb = openpyxl.load_workbook(path)
    finance = wb[t("sheet.finance", lang)]
    year_row = _row_of(finance, YEAR - 1)
    year = finance.cell(row=year_row, column=1)
    assert year.data_type == "n" and year.number_format == YEAR_FORMAT
    money = finance.cell(row=year_row, column=2)
    assert money.data_type == "n" and money.number_format == MONEY_FORMAT
    share = finance.cell(row=year_row, column=5)
    assert share.data_type == "n" and share.number_format == PCT_FORMAT and 0 < share.value < 1
    composition = wb[t("sheet.composition", lang)]
    assert composition.cell(row=_row_of(composition, YEAR - 1), column=1).data_type == "n"
    summary = wb[t("sheet.summary", lang)]
    score = summary.cell(row=_row_of(summary, t("f.readiness", lang)), column=2)
    assert score.data_type == "n" and score.number_format.endswith("%")
    assert 0 <= score.value <= 1
    sheet = calamine_sheet(path, t("sheet.finance", lang))
    assert [r[0] for r in sheet if isinstance(r[0], float)] == [YEAR - 2, YEAR - 1]


# --------------------------------------------------------------------------- print setup, fonts


@pytest.mark.parametrize(
    "name",
    [
        f"{kind}-{lang}.xlsx"
        for kind in ("assessment", "members", "projects", "eccp")
        for lang in ("en", "it")
    ],
)
def test_print_setup_on_every_sheet(generated: Generated, name: str) -> None:
    lang = name.split("-")[1].split(".")[0]
    wb = openpyxl.load_workbook(generated.files[name])
    for ws in wb:
        setup = ws.page_setup
        assert setup.paperSize == 9 and setup.orientation in ("portrait", "landscape"), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert CLUSTER in ws.oddHeader.left.text
        assert ws.oddFooter.center.text == t("page_x_of_y", lang, page="&P", pages="&N")
        assert ws.page_margins.left == 0.5 and ws.page_margins.top == 0.75
    with zipfile.ZipFile(generated.files[name]) as archive:
        styles = archive.read("xl/styles.xml").decode()
    fonts = re.findall(r"<font>.*?</font>|<font\s*/>", styles, re.S)
    assert fonts and all(re.search(r'<name val="DejaVu Sans"\s*/>', f) for f in fonts), fonts


def _stacked_report(rows: int, long_text: str = "") -> ReportData:
    report = ReportData("members", "en", "t", "Rossi & Figli cluster", [], date(2025, 1, 1))
    columns = [ColumnSpec("name", "Name"), ColumnSpec("n", "Count", "int")]
    if long_text:
        columns += [ColumnSpec(f"t{i}", f"Text {i}") for i in range(4)]
    body = [[f"Organisation {i}", i, *([long_text] * 4 if long_text else [])] for i in range(rows)]
    summary = Table("Summary", [ColumnSpec("k", "Key"), ColumnSpec("v", "Value", "money")], [])
    summary.rows = [["total", Decimal("12345678.90")]]
    report.sheets = [Sheet("S", [Table("Main", columns, body), summary])]
    return report


def test_long_tables_repeat_their_header_and_short_ones_do_not(tmp_path: Path) -> None:
    long = openpyxl.load_workbook(write_xlsx(_stacked_report(400), tmp_path / "l.xlsx"))["S"]
    assert long.print_title_rows == "$2:$2"
    assert long.oddHeader.left.text == "Rossi && Figli cluster"  # "&" is a header code
    short = openpyxl.load_workbook(write_xlsx(_stacked_report(5), tmp_path / "s.xlsx"))["S"]
    assert short.print_title_rows is None
    assert short.page_setup.orientation == "portrait"


def test_wide_text_is_wrapped_in_a_landscape_sheet(tmp_path: Path) -> None:
    text = "a long explanation of what is missing for this indicator " * 4
    ws = openpyxl.load_workbook(write_xlsx(_stacked_report(3, text), tmp_path / "w.xlsx"))["S"]
    assert ws.page_setup.orientation == "landscape"
    widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, 7)]
    assert sum(widths) <= 200
    cell = ws["C3"]
    assert cell.alignment.wrap_text and cell.value == text
    assert ws.row_dimensions[3].height > 3 * 10  # several lines, written for the spreadsheet
    assert ws["B3"].alignment.vertical == "top"


# --------------------------------------------------------------------------- widths


def _format_number(value: float, number_format: str) -> str:
    """The text Excel shows for *value* in the formats the workbooks use (for measuring)."""
    if number_format == "General":
        return str(value)
    sections = number_format.split(";")
    if len(sections) == 2 and sections[0].startswith("[=1]"):
        number_format = sections[0][4:] if value == 1 else sections[1]
    suffix = " ".join(re.findall(r'"([^"]*)"', number_format))
    core = re.sub(r'"[^"]*"', "", number_format).strip()
    percent = core.endswith("%")
    digits = core.rstrip("% ")
    assert re.fullmatch(r"(#,##)?0(\.0+)?", digits), number_format
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    grouping = "," if digits.startswith("#,##") else ""
    number = value * 100 if percent else value
    text = f"{number:{grouping}.{decimals}f}" + (" %" if percent else "")
    return f"{text} {suffix}" if suffix else text


def _shown(cell: object) -> str:
    value = cell.value  # type: ignore[attr-defined]
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float):
        return _format_number(value, cell.number_format)  # type: ignore[attr-defined]
    return max(str(value).split("\n"), key=len)


@pytest.mark.parametrize("name", ["assessment-en.xlsx", "assessment-it.xlsx", "members-it.xlsx"])
def test_every_value_fits_its_column(generated: Generated, name: str) -> None:
    """No cell shows more text than its column holds: it fits, or it wraps in a tall row."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from workbench.reports.fonts import register_fonts

    register_fonts()
    digit = stringWidth("0", "DejaVuSans", 10)
    wb = openpyxl.load_workbook(generated.files[name])
    for ws in wb:
        widths = {k: v.width for k, v in ws.column_dimensions.items()}
        sheet_width = sum(widths.values())
        for row in ws.iter_rows():
            cells = [c for c in row if c.value is not None]
            for cell in cells:
                font = "DejaVuSans-Bold" if cell.font.b else "DejaVuSans"
                text_pt = stringWidth(_shown(cell), font, cell.font.sz or 10)
                # a title or note alone on its row may run over the columns of its table
                alone = len(cells) == 1 and cell.column == 1
                room = (sheet_width if alone else widths[cell.column_letter]) - 0.6
                if text_pt <= room * digit:
                    continue
                assert cell.alignment.wrap_text, (ws.title, cell.coordinate, cell.value)
                lines = text_pt / (room * digit)
                height = ws.row_dimensions[cell.row].height
                assert height and height >= lines * (cell.font.sz or 10), cell.coordinate
