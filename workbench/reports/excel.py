"""Excel renderer: a :class:`~workbench.reports.model.ReportData` as an xlsx workbook.

Written with openpyxl in write-only mode (rows stream to disk, so a 10,000-member register
costs little memory). Numbers, money, percentages and dates are native cells with formats;
each table gets a bold title, a coloured header row, a totals row and a note; the first table
of a sheet has its header frozen and an autofilter. Charts are native Excel charts that refer
to the table cells they draw.

Formula injection: a text cell that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage
return is written as a string cell (``t="inlineStr"``) with Excel's "quote prefix" style, the
same thing Excel stores when a user types ``'=...``: the value is kept exactly, shown as
text, never evaluated, and stays text when the user edits the cell.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from workbench.reports.files import atomic_output
from workbench.reports.i18n import t
from workbench.reports.model import (
    Amount,
    Chart,
    ChartRow,
    ColumnSpec,
    Heading,
    Paragraph,
    Progress,
    Quantity,
    ReportData,
    Sheet,
    Table,
)
from workbench.text import is_formula_like

DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = '#,##0.00 "€"'
INT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
PCT_FORMAT = "0.0 %"
YEAR_FORMAT = "0"

MAX_CELL_TEXT = 32_767

ACCENT = "1F4E79"
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor=ACCENT)
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
_TITLE_FONT = Font(bold=True, size=12, color=ACCENT)
_NOTE_FONT = Font(italic=True, color="595959")
_TOTAL_FONT = Font(bold=True)
_TOTAL_FILL = PatternFill("solid", fgColor="DCE6F1")
_TOTAL_BORDER = Border(top=Side(style="thin", color=ACCENT))
_STATUS_FONTS = {
    "pass": Font(bold=True, color="1E7B34"),
    "fail": Font(bold=True, color="C00000"),
    "unknown": Font(bold=True, color="7F7F7F"),
}
_FORMATS = {
    "int": INT_FORMAT,
    "money": MONEY_FORMAT,
    "pct": PCT_FORMAT,
    "decimal": DECIMAL_FORMAT,
    "date": DATE_FORMAT,
    "year": YEAR_FORMAT,
}
_SHEET_NAME_BAD = re.compile(r"[\[\]\:\*\?\/\\]")
_ROWS_PER_PROGRESS = 500


def clean_text(text: str) -> str:
    """Text made safe for a cell: no XML-illegal control characters, within Excel's limit."""
    if ILLEGAL_CHARACTERS_RE.search(text):
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text[:MAX_CELL_TEXT]


# --------------------------------------------------------------------------- cell factory


class _Styles:
    """Style arrays prepared once per workbook and copied onto cells (fast in write-only)."""

    def __init__(self, ws: Any) -> None:
        self._ws = ws
        self._cache: dict[tuple[Any, ...], Any] = {}

    def style(
        self,
        number_format: str | None = None,
        font: Font | None = None,
        fill: PatternFill | None = None,
        border: Border | None = None,
        alignment: Alignment | None = None,
        quote: bool = False,
    ) -> Any:
        key = (number_format, id(font), id(fill), id(border), id(alignment), quote)
        style = self._cache.get(key)
        if style is None:
            template = WriteOnlyCell(self._ws)
            if number_format:
                template.number_format = number_format
            if font is not None:
                template.font = font
            if fill is not None:
                template.fill = fill
            if border is not None:
                template.border = border
            if alignment is not None:
                template.alignment = alignment
            if quote:
                template.quotePrefix = True
            style = template._style if template._style is not None else StyleArray()
            self._cache[key] = style
        return style

    def cell(self, value: Any, style: Any) -> WriteOnlyCell:
        cell = WriteOnlyCell(self._ws, value)
        cell._style = copy(style)
        return cell

    def text_cell(self, text: str, style: Any | None = None) -> Any:
        """A string cell; formula-like text is forced to a quoted string cell."""
        text = clean_text(text)
        if is_formula_like(text):
            cell = WriteOnlyCell(self._ws)
            cell.value = text
            cell.data_type = "s"  # never "f": the text is data, not a formula
            base = style if style is not None else self.style()
            quoted = copy(base)
            quoted.quotePrefix = 1
            cell._style = quoted
            return cell
        if style is None:
            return text
        return self.cell(text, style)


@dataclass
class _Placed:
    """Where a table was written: 1-based rows and the column of each key."""

    header_row: int
    first_row: int
    last_row: int
    columns: dict[str, int]


def quantity_format(value: Quantity, lang: str) -> str:
    """The number format of a :class:`Quantity`: its decimals and its unit ("0.0 %")."""
    digits = "0." + "0" * value.decimals if value.decimals else "0"
    if value.unit == "%":
        return f"{digits} %"
    if value.unit == "FTE":
        return f'{digits} "{t("unit.fte", lang)}"'
    if value.unit == "years":
        one, many = t("unit.year", lang), t("unit.years", lang)
        return f'[=1]{digits} "{one}";{digits} "{many}"'
    return "#,##" + digits


def _value_for_excel(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "pct" and isinstance(value, int | float | Decimal):
        return Decimal(value) / 100
    if isinstance(value, Quantity):
        # A percentage is stored as a fraction (Excel's % format multiplies by 100).
        return Decimal(value) / 100 if value.unit == "%" else Decimal(value)
    return value


def _kind_for_value(value: Any, kind: str) -> str:
    if kind != "auto":
        return kind
    if isinstance(value, date | datetime):
        return "date"
    if isinstance(value, bool):
        return "text"
    if isinstance(value, int):
        return "int"
    if isinstance(value, Amount):
        return "money"
    if isinstance(value, Quantity):
        return "quantity"
    if isinstance(value, Decimal | float):
        return "decimal"
    return "text"


class _SheetWriter:
    def __init__(self, ws: Any, report: ReportData, tick: Any) -> None:
        self.ws = ws
        self.report = report
        self.styles = _Styles(ws)
        self.row = 0
        self.placed: dict[int, _Placed] = {}
        self.tick = tick
        s = self.styles
        self.header_style = s.style(font=_HEADER_FONT, fill=_HEADER_FILL, alignment=_HEADER_ALIGN)
        self.title_style = s.style(font=_TITLE_FONT)
        self.note_style = s.style(font=_NOTE_FONT)
        self.heading_style = s.style(font=Font(bold=True, size=13, color=ACCENT))
        self.data_styles = {k: s.style(number_format=f) for k, f in _FORMATS.items()}
        self.total_styles = {
            k: s.style(number_format=f, font=_TOTAL_FONT, fill=_TOTAL_FILL, border=_TOTAL_BORDER)
            for k, f in {**_FORMATS, "text": None, "auto": None, "status": None}.items()
        }
        self.status_styles = {k: s.style(font=f) for k, f in _STATUS_FONTS.items()}

    def quantity_style(self, value: Quantity, **extra: Any) -> Any:
        """The style of a quantity cell (cached per number format)."""
        return self.styles.style(number_format=quantity_format(value, self.report.lang), **extra)

    def append(self, cells: list[Any]) -> None:
        self.ws.append(cells)
        self.row += 1

    def blank(self) -> None:
        self.append([])

    def write_table(self, table: Table) -> None:
        lang = self.report.lang
        self.append([self.styles.text_cell(table.title, self.title_style)])
        header = [self.styles.cell(clean_text(c.title), self.header_style) for c in table.columns]
        self.append(header)
        header_row = self.row
        kinds: list[str] = [c.kind for c in table.columns]
        data_styles = self.data_styles
        status_styles = self.status_styles
        text_cell = self.styles.text_cell
        make = self.styles.cell
        status_text = {k: t(f"status.{k}", lang) for k in status_styles}
        for n, values in enumerate(table.rows, 1):
            cells: list[Any] = []
            for value, kind in zip(values, kinds, strict=False):
                if value is None:
                    cells.append(None)
                    continue
                if kind == "auto":
                    kind = _kind_for_value(value, kind)
                if isinstance(value, str):
                    if kind == "status":
                        cells.append(
                            make(
                                status_text.get(value, value),
                                status_styles.get(value, status_styles["unknown"]),
                            )
                        )
                    else:
                        cells.append(text_cell(value))
                elif kind in data_styles:
                    cells.append(make(_value_for_excel(value, kind), data_styles[kind]))
                elif kind == "quantity":
                    cells.append(make(_value_for_excel(value, kind), self.quantity_style(value)))
                else:
                    cells.append(value)
            self.ws.append(cells)
            self.row += 1
            if n % _ROWS_PER_PROGRESS == 0:
                self.tick(_ROWS_PER_PROGRESS)
        self.tick(len(table.rows) % _ROWS_PER_PROGRESS)
        last_data = self.row
        if table.totals is not None:
            cells = []
            for value, column in zip(table.totals, table.columns, strict=False):
                total_kind: str = (
                    _kind_for_value(value, column.kind) if value is not None else column.kind
                )
                style = self.total_styles.get(total_kind, self.total_styles["text"])
                if isinstance(value, Quantity):
                    style = self.quantity_style(
                        value, font=_TOTAL_FONT, fill=_TOTAL_FILL, border=_TOTAL_BORDER
                    )
                if isinstance(value, str):
                    cells.append(self.styles.text_cell(value, style))
                else:
                    cells.append(make(_value_for_excel(value, total_kind), style))
            self.append(cells)
        if not table.rows and table.note is None:
            self.append([self.styles.cell(t("no_rows", lang), self.note_style)])
        if table.note:
            self.append([self.styles.text_cell(table.note, self.note_style)])
        self.placed[id(table)] = _Placed(
            header_row=header_row,
            first_row=header_row + 1,
            last_row=last_data,
            columns={c.key: i + 1 for i, c in enumerate(table.columns)},
        )
        self.blank()

    def write_paragraph(self, block: Paragraph | Heading) -> None:
        if isinstance(block, Heading):
            self.append([self.styles.text_cell(block.text, self.heading_style)])
        else:
            self.append(
                [
                    self.styles.text_cell(
                        block.text, self.note_style if block.style == "note" else None
                    )
                ]
            )


def _sheet_name(name: str, used: set[str]) -> str:
    base = _SHEET_NAME_BAD.sub(" ", name).strip().strip("'")[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(candidate.casefold())
    return candidate


def _column_widths(sheet: Sheet) -> dict[int, float]:
    widths: dict[int, float] = {}
    for block in sheet.blocks:
        if isinstance(block, Table):
            for i, column in enumerate(block.columns, 1):
                widths[i] = max(widths.get(i, 0), column.effective_width)
    return widths


def _charts(sheet: Sheet) -> list[Chart]:
    charts: list[Chart] = []
    for block in sheet.blocks:
        if isinstance(block, Chart):
            charts.append(block)
        elif isinstance(block, ChartRow):
            charts.extend(block.charts)
    return charts


def _excel_chart(chart: Chart, placed: _Placed, ws: Any) -> Any:
    if placed.last_row < placed.first_row:
        return None
    cat_col = placed.columns[chart.category_key]
    cats = Reference(ws, min_col=cat_col, min_row=placed.first_row, max_row=placed.last_row)
    if chart.kind == "pie":
        xl: Any = PieChart()
        xl.dataLabels = DataLabelList()
        xl.dataLabels.showPercent = True
    elif chart.kind == "line":
        xl = LineChart()
    else:
        xl = BarChart()
        xl.type = "bar" if chart.kind == "hbar" else "col"
        if chart.kind == "stacked":
            xl.grouping = "stacked"
            xl.overlap = 100
    for key in chart.value_keys:
        col = placed.columns[key]
        data = Reference(ws, min_col=col, min_row=placed.header_row, max_row=placed.last_row)
        xl.add_data(data, titles_from_data=True)
    xl.set_categories(cats)
    xl.title = chart.title
    xl.width, xl.height = 17, 8.5
    if chart.kind != "pie":
        xl.y_axis.numFmt = MONEY_FORMAT if chart.value_kind == "money" else INT_FORMAT
        xl.y_axis.majorGridlines = None if chart.kind == "hbar" else xl.y_axis.majorGridlines
        xl.legend = None if len(chart.value_keys) == 1 else xl.legend
        # openpyxl >= 3.1 hides axes unless told otherwise.
        xl.x_axis.delete = False
        xl.y_axis.delete = False
    return xl


def _count_rows(report: ReportData) -> int:
    return sum(len(b.rows) for s in report.sheets for b in s.blocks if isinstance(b, Table)) or 1


def write_xlsx(
    report: ReportData, path: str | os.PathLike[str], progress: Progress | None = None
) -> Path:
    """Write *report* as an xlsx workbook at *path* (atomically) and return the path.

    ``progress(done, total)`` is called as rows are written (total = all table rows).
    """
    total = _count_rows(report)
    done = 0

    def tick(rows: int) -> None:
        nonlocal done
        done += rows
        if progress is not None:
            progress(min(done, total), total)

    wb = Workbook(write_only=True)
    wb.properties.title = f"{report.title} — {report.cluster_name}"
    wb.properties.creator = "Cluster Workbench"
    used: set[str] = set()
    for sheet in report.sheets:
        ws = wb.create_sheet(_sheet_name(sheet.name, used))
        widths = _column_widths(sheet)
        for index, width in widths.items():
            ws.column_dimensions[get_column_letter(index)].width = width
        tables = [b for b in sheet.blocks if isinstance(b, Table)]
        if sheet.freeze and tables and sheet.blocks[0] is tables[0]:
            first = tables[0]
            # row 1 title, row 2 header; the autofilter covers header and data rows only.
            # Wide tables also keep their first column (the name after a "No." column).
            frozen_cols = 0
            if len(first.columns) > 6:
                frozen_cols = 2 if first.columns[0].key == "no" else 1
            ws.freeze_panes = f"{get_column_letter(frozen_cols + 1)}3"
            last = 2 + len(first.rows)
            ws.auto_filter.ref = f"A2:{get_column_letter(len(first.columns))}{max(last, 2)}"
        writer = _SheetWriter(ws, report, tick)
        for block in sheet.blocks:
            if isinstance(block, Table):
                writer.write_table(block)
            elif isinstance(block, Paragraph | Heading):
                writer.write_paragraph(block)
        anchor_col = get_column_letter(max(widths, default=1) + 2)
        anchor_row = 1
        for chart in _charts(sheet):
            placed = writer.placed.get(id(chart.table))
            if placed is None:
                continue
            xl = _excel_chart(chart, placed, ws)
            if xl is None:
                continue
            ws.add_chart(xl, f"{anchor_col}{anchor_row}")
            anchor_row += 18
    with atomic_output(path, ".xlsx") as tmp_name:
        wb.save(tmp_name)
    if progress is not None:
        progress(total, total)
    return Path(path)


def iter_cells(report: ReportData) -> Iterator[tuple[str, ColumnSpec, Any]]:
    """(sheet name, column, value) for every data cell (used by tests and benchmarks)."""
    for sheet in report.sheets:
        for block in sheet.blocks:
            if isinstance(block, Table):
                for row in block.rows:
                    for column, value in zip(block.columns, row, strict=False):
                        yield sheet.name, column, value
