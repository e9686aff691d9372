"""Excel renderer: a :class:`~workbench.reports.model.ReportData` as an xlsx workbook.

Written with openpyxl in write-only mode (rows stream to disk, so a 10,000-member register
costs little memory). Numbers, money, percentages, indicator values, years and dates are native
cells with number formats, so people can compute with them; text only where the value is text.
Each table gets a bold title, a coloured header row, a totals row and a note; the first table
of a sheet has its header frozen, an autofilter and is the header repeated on printed pages.
Charts are native Excel charts that refer to the table cells they draw, placed under the
tables (so they do not widen the printed page).

Columns are sized from the text they show (:mod:`workbench.reports.xlsx_layout`); every sheet
prints on A4, fit to the page width, landscape where wide, with the cluster's name in the
header and "page x of y" in the footer. The font is named on every style: DejaVu Sans, the
PDF's family (see ``xlsx_layout.FONT_NAME``).

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
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from workbench.reports import xlsx_layout as layout
from workbench.reports.files import atomic_output
from workbench.reports.fonts import SANS, SANS_BOLD, SANS_ITALIC, text_width
from workbench.reports.i18n import short_date, t
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
_FONT = layout.FONT_NAME
_SIZE = layout.FONT_SIZE
_BASE_FONT = Font(name=_FONT, size=_SIZE, family=2)
_HEADER_FONT = Font(name=_FONT, size=_SIZE, bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor=ACCENT)
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
_TITLE_FONT = Font(name=_FONT, size=layout.TITLE_SIZE, bold=True, color=ACCENT)
_HEADING_FONT = Font(name=_FONT, size=layout.HEADING_SIZE, bold=True, color=ACCENT)
_NOTE_FONT = Font(name=_FONT, size=_SIZE, italic=True, color="595959")
_TOTAL_FONT = Font(name=_FONT, size=_SIZE, bold=True)
_TOTAL_FILL = PatternFill("solid", fgColor="DCE6F1")
_TOTAL_BORDER = Border(top=Side(style="thin", color=ACCENT))
_STATUS_FONTS = {
    "pass": Font(name=_FONT, size=_SIZE, bold=True, color="1E7B34"),
    "fail": Font(name=_FONT, size=_SIZE, bold=True, color="C00000"),
    "unknown": Font(name=_FONT, size=_SIZE, bold=True, color="7F7F7F"),
    "not_scored": Font(name=_FONT, size=_SIZE, bold=True, color="5A6F8A"),
}
_VERDICT_KINDS = frozenset({"status", "mark"})
"""Columns of indicator verdicts: the word of the verdict, in its colour."""
# Rows holding wrapped text grow: their cells align to the top so that a row reads across.
_TOP = Alignment(vertical="top")
_WRAP = Alignment(wrap_text=True, vertical="top")
_BLOCK_WRAP = Alignment(wrap_text=True, vertical="top")

CHART_HEIGHT_CM = 7.0
"""A chart's height: three of them fit one printed portrait page."""
CHART_ROWS = 16
"""Rows left for each chart under the tables (16 default rows are 7.7 cm)."""
CHART_WIDTH_CM = 17.0
HEADER_FOOTER_SIZE = 8
_FORMATS = {
    "int": INT_FORMAT,
    "money": MONEY_FORMAT,
    "pct": PCT_FORMAT,
    "decimal": DECIMAL_FORMAT,
    "date": DATE_FORMAT,
    "year": YEAR_FORMAT,
}
_WHOLE_KINDS = frozenset({"int", "year", "auto", "text"})
"""Column kinds whose ``int`` values are written as whole numbers (years with their format)."""
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

    def number_cell(self, value: int | Decimal, style: Any) -> WriteOnlyCell:
        """A numeric cell of *style*, without openpyxl's type probing (hot path).

        The style is shared, not copied: cells of the workbook are never restyled.
        """
        cell = WriteOnlyCell(self._ws)
        cell._value = value
        cell.data_type = "n"
        cell._style = style
        return cell

    def date_cell(self, value: date, style: Any) -> WriteOnlyCell:
        """A date (or date-time) cell of *style*, without openpyxl's type probing (hot path).

        openpyxl's probing gives a date a default date format that the cell's own style then
        replaces; the writer reads only the value, the type and the style. Shared style.
        """
        cell = WriteOnlyCell(self._ws)
        cell._value = value
        cell.data_type = "d"
        cell._style = style
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
    """Appends a sheet's blocks row by row, styled, in the layout computed beforehand."""

    def __init__(
        self, ws: Any, report: ReportData, tick: Any, sheet_layout: layout.SheetLayout
    ) -> None:
        self.ws = ws
        self.report = report
        self.layout = sheet_layout
        self.styles = _Styles(ws)
        self.row = 0
        self.heights: list[float] = []
        self.placed: dict[int, _Placed] = {}
        self.tick = tick
        s = self.styles
        self.header_style = s.style(font=_HEADER_FONT, fill=_HEADER_FILL, alignment=_HEADER_ALIGN)
        self.note_style = s.style(font=_NOTE_FONT)
        self.total_styles = {
            k: s.style(number_format=f, font=_TOTAL_FONT, fill=_TOTAL_FILL, border=_TOTAL_BORDER)
            for k, f in {
                **_FORMATS,
                "text": None,
                "auto": None,
                "status": None,
                "mark": None,
            }.items()
        }

    def _data_styles(self, top: bool) -> dict[str, Any]:
        """Styles of data cells by kind; *top* aligns them to the top (rows that wrap)."""
        align = _TOP if top else None
        styles = {
            k: self.styles.style(number_format=f, alignment=align) for k, f in _FORMATS.items()
        }
        styles["text"] = self.styles.style(alignment=align) if top else None
        styles["wrap"] = self.styles.style(alignment=_WRAP)
        styles["align"] = align
        for key, font in _STATUS_FONTS.items():
            styles[f"status.{key}"] = self.styles.style(font=font, alignment=align)
        return styles

    def quantity_style(self, value: Quantity, **extra: Any) -> Any:
        """The style of a quantity cell (cached per number format)."""
        return self.styles.style(number_format=quantity_format(value, self.report.lang), **extra)

    def append(self, cells: list[Any]) -> None:
        self.ws.append(cells)
        self.row += 1
        dimension = self.ws.row_dimensions.get(self.row)
        height = dimension.height if dimension is not None else None
        self.heights.append(height or layout.DEFAULT_ROW_HEIGHT)

    def blank(self) -> None:
        self.append([])

    def write_text_block(
        self, text: str, font: Font | None, columns: int, metrics: str, size: float
    ) -> None:
        """One line of prose (title, note, paragraph) in column A, in *font*.

        Text that would run past the *columns* it belongs to is merged across them and
        wrapped, with the row made tall enough (spreadsheets do not grow merged rows).
        *metrics* is the reportlab font the text is measured with.
        """
        row = self.row + 1
        room = self.layout.span_points(columns)
        alignment = None
        if text_width(text, metrics, size) > room:
            lines = layout.wrapped_lines(text, room, metrics, size)
            self.ws.row_dimensions[row].height = layout.row_height(lines, size)
            if columns > 1:
                self.ws.merged_cells.add(f"A{row}:{get_column_letter(columns)}{row}")
            alignment = _BLOCK_WRAP
        style = self.styles.style(font=font, alignment=alignment)
        self.append([self.styles.text_cell(text, style)])

    def write_table(self, table: Table) -> None:
        lang = self.report.lang
        span = max(1, len(table.columns))
        self.write_text_block(table.title, _TITLE_FONT, span, SANS_BOLD, layout.TITLE_SIZE)
        header = [self.styles.cell(clean_text(c.title), self.header_style) for c in table.columns]
        self._fit_row_height([(c.title, i) for i, c in enumerate(table.columns)], SANS_BOLD)
        self.append(header)
        header_row = self.row
        kinds: list[str] = [c.kind for c in table.columns]
        plain, top = self._data_styles(top=False), self._data_styles(top=True)
        for n, values in enumerate(table.rows, 1):
            cells, wrapped = self._row_cells(values, kinds, plain)
            if wrapped:
                # The row grows: every cell reads from the top, the long texts wrap.
                cells, wrapped = self._row_cells(values, kinds, top)
                self._fit_row_height(wrapped, SANS)
            self.append(cells)
            if n % _ROWS_PER_PROGRESS == 0:
                self.tick(_ROWS_PER_PROGRESS)
        self.tick(len(table.rows) % _ROWS_PER_PROGRESS)
        last_data = self.row
        if table.totals is not None:
            self._write_totals(table)
        if not table.rows and table.note is None:
            self.append([self.styles.cell(t("no_rows", lang), self.note_style)])
        if table.note:
            self.write_text_block(table.note, _NOTE_FONT, span, SANS_ITALIC, _SIZE)
        self.placed[id(table)] = _Placed(
            header_row=header_row,
            first_row=header_row + 1,
            last_row=last_data,
            columns={c.key: i + 1 for i, c in enumerate(table.columns)},
        )
        self.blank()

    def _row_cells(
        self, values: list[Any], kinds: list[str], styles: dict[str, Any]
    ) -> tuple[list[Any], list[tuple[str, int]]]:
        """The cells of one data row, and the (text, column) of those that must wrap.

        Numbers are typed cells with their format; text is text (formula-like text quoted);
        a text wider than its narrowed column wraps.
        """
        cells: list[Any] = []
        wrapped: list[tuple[str, int]] = []
        narrowed = self.layout.narrowed
        number, text_cell = self.styles.number_cell, self.styles.text_cell
        for index, (value, kind) in enumerate(zip(values, kinds, strict=False)):
            if value is None:
                cells.append(None)
                continue
            cls = type(value)
            # The common cases first: plain text and whole numbers (most cells of big sheets).
            if cls is str and kind not in _VERDICT_KINDS and index not in narrowed:
                cells.append(text_cell(value, styles["text"]))
                continue
            if cls is int and kind in _WHOLE_KINDS:
                cells.append(number(value, styles["year" if kind == "year" else "int"]))
                continue
            if kind == "auto":
                kind = _kind_for_value(value, kind)
            if isinstance(value, str):
                if kind in _VERDICT_KINDS:
                    key = value if value in _STATUS_FONTS else "unknown"
                    text = t(f"status.{key}", self.report.lang) if key == value else value
                    cells.append(self.styles.cell(text, styles[f"status.{key}"]))
                elif index in narrowed and not self.layout.fits(value, index):
                    cells.append(text_cell(value, styles["wrap"]))
                    wrapped.append((value, index))
                else:
                    cells.append(text_cell(value, styles["text"]))
            elif kind in _FORMATS:
                excel_value = _value_for_excel(value, kind)
                if isinstance(excel_value, int | Decimal) and not isinstance(value, bool):
                    cells.append(number(excel_value, styles[kind]))
                elif type(excel_value) is date or type(excel_value) is datetime:
                    cells.append(self.styles.date_cell(excel_value, styles[kind]))
                else:
                    cells.append(self.styles.cell(excel_value, styles[kind]))
            elif kind == "quantity":
                style = self.quantity_style(value, alignment=styles["align"])
                cells.append(number(_value_for_excel(value, kind), style))
            else:
                cells.append(value)
        return cells, wrapped

    def _fit_row_height(self, texts: list[tuple[str, int]], metrics: str) -> None:
        """Make the next row tall enough for (text, column) cells that wrap.

        Neither Excel nor LibreOffice grows a row for wrapped text when they open a file, so
        the height is written from the same measurements as the column widths.
        """
        lines = max(
            (layout.wrapped_lines(text, self.layout.room(index), metrics) for text, index in texts),
            default=1,
        )
        if lines > 1:
            self.ws.row_dimensions[self.row + 1].height = layout.row_height(lines)

    def _write_totals(self, table: Table) -> None:
        assert table.totals is not None
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
                cells.append(self.styles.cell(_value_for_excel(value, total_kind), style))
        self.append(cells)

    def write_paragraph(self, block: Paragraph | Heading) -> None:
        span = len(self.layout.widths)
        if isinstance(block, Heading):
            self.write_text_block(block.text, _HEADING_FONT, span, SANS_BOLD, layout.HEADING_SIZE)
        elif block.style == "note":
            self.write_text_block(block.text, _NOTE_FONT, span, SANS_ITALIC, _SIZE)
        else:
            self.write_text_block(block.text, None, span, SANS, _SIZE)


def _sheet_name(name: str, used: set[str]) -> str:
    base = _SHEET_NAME_BAD.sub(" ", name).strip().strip("'")[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(candidate.casefold())
    return candidate


def _charts(sheet: Sheet) -> list[Chart]:
    charts: list[Chart] = []
    for block in sheet.blocks:
        if isinstance(block, Chart):
            charts.append(block)
        elif isinstance(block, ChartRow):
            charts.extend(block.charts)
    return charts


def _excel_chart(chart: Chart, placed: _Placed, ws: Any, width_cm: float) -> Any:
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
    xl.width, xl.height = width_cm, CHART_HEIGHT_CM
    if chart.kind != "pie":
        xl.y_axis.numFmt = MONEY_FORMAT if chart.value_kind == "money" else INT_FORMAT
        xl.y_axis.majorGridlines = None if chart.kind == "hbar" else xl.y_axis.majorGridlines
        xl.legend = None if len(chart.value_keys) == 1 else xl.legend
        # openpyxl >= 3.1 hides axes unless told otherwise.
        xl.x_axis.delete = False
        xl.y_axis.delete = False
    return xl


def _workbook(report: ReportData) -> Workbook:
    """An empty write-only workbook whose default font is the report font."""
    wb = Workbook(write_only=True)
    wb.properties.title = f"{report.title} — {report.cluster_name}"
    wb.properties.creator = "Cluster Workbench"
    # Font 0 is the "Normal" style's font: Excel sizes columns in digits of it and uses it for
    # every cell without a font of its own. openpyxl has no public setter for it.
    wb._fonts = IndexedList([_BASE_FONT])
    return wb


def _first_table(sheet: Sheet) -> Table | None:
    """The sheet's main table when the sheet starts with it (title row 1, header row 2)."""
    first = sheet.blocks[0] if sheet.blocks else None
    return first if isinstance(first, Table) else None


def _freeze(ws: Any, sheet: Sheet) -> None:
    """Freeze the main table's header (and name column) and put the autofilter on it."""
    first = _first_table(sheet)
    if not sheet.freeze or first is None:
        return
    # Wide tables also keep their first column (the name after a "No." column).
    frozen_cols = 0
    if len(first.columns) > 6:
        frozen_cols = 2 if first.columns[0].key == "no" else 1
    ws.freeze_panes = f"{get_column_letter(frozen_cols + 1)}3"
    last = 2 + len(first.rows)
    ws.auto_filter.ref = f"A2:{get_column_letter(len(first.columns))}{max(last, 2)}"


def _header_text(text: str) -> str:
    """*text* safe in a page header: "&" is a header code, so it is doubled."""
    return clean_text(text)[:80].replace("&", "&&")


def _print_setup(ws: Any, sheet_layout: layout.SheetLayout, report: ReportData) -> None:
    """A4, fit to the page width (as many pages down as needed), landscape where wide.

    The page header names the cluster and the report, the footer the sheet, "page x of y"
    and the generation day. Written before the first row (the fit flag heads the sheet).
    """
    setup = ws.page_setup
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.orientation = "landscape" if sheet_layout.landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(**layout.MARGINS)
    ws.sheet_format.defaultRowHeight = layout.DEFAULT_ROW_HEIGHT
    ws.sheet_format.customHeight = True
    lang = report.lang
    parts = (
        (ws.oddHeader.left, _header_text(report.cluster_name)),
        (ws.oddHeader.right, _header_text(report.running_title or report.title)),
        (ws.oddFooter.left, "&A"),
        (ws.oddFooter.center, t("page_x_of_y", lang, page="&P", pages="&N")),
        (ws.oddFooter.right, _header_text(short_date(report.generated_on))),
    )
    for part, text in parts:
        part.text = text
        part.font = f"{_FONT},Regular"
        part.size = HEADER_FOOTER_SIZE


def _repeat_main_header(
    ws: Any, sheet: Sheet, writer: _SheetWriter, sheet_layout: layout.SheetLayout
) -> layout.Pagination:
    """Repeat the header of the sheet's main (longest) table on the pages it runs onto.

    Spreadsheets repeat the rows on every page after the one where they appear, over
    whatever those pages hold, so a main table that fits on its first page repeats nothing.
    Returns the estimated pagination of the rows written so far.
    """
    tables = [b for b in sheet.blocks if isinstance(b, Table)]
    main = max(tables, key=lambda table: len(table.rows), default=None)
    placed = writer.placed.get(id(main)) if main is not None else None
    header_row = placed.header_row if placed is not None else 0
    pages = layout.Pagination(layout.page_room(sheet_layout))
    first_page = last_page = 0
    for row, height in enumerate(writer.heights, 1):
        pages.add(height)
        if row == header_row:
            first_page = pages.page
            pages.repeat_rows(height)
        if placed is not None and row == placed.last_row:
            last_page = pages.page
    if last_page > first_page:
        ws.print_title_rows = f"{header_row}:{header_row}"
    else:
        pages.repeat_rows(0.0)
    return pages


def _add_charts(
    ws: Any,
    sheet: Sheet,
    writer: _SheetWriter,
    sheet_layout: layout.SheetLayout,
    pages: layout.Pagination,
) -> None:
    """The sheet's charts under its tables, one under the other, no wider than the tables.

    A chart that would straddle a printed page break starts a new page instead.
    """
    sheet_cm = sheet_layout.total * layout.digit_width() / 72 * 2.54
    width_cm = max(8.0, min(CHART_WIDTH_CM, sheet_cm))
    anchor_row = writer.row + 2
    pages.add(layout.DEFAULT_ROW_HEIGHT)
    chart_height = CHART_ROWS * layout.DEFAULT_ROW_HEIGHT
    for chart in _charts(sheet):
        placed = writer.placed.get(id(chart.table))
        if placed is None:
            continue
        xl = _excel_chart(chart, placed, ws, width_cm)
        if xl is None:
            continue
        if not pages.fits(chart_height):
            ws.row_breaks.append(Break(id=anchor_row - 1))
            pages.new_page()
        pages.add(chart_height)
        ws.add_chart(xl, f"A{anchor_row}")
        anchor_row += CHART_ROWS


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

    wb = _workbook(report)
    used: set[str] = set()
    for sheet in report.sheets:
        ws = wb.create_sheet(_sheet_name(sheet.name, used))
        sheet_layout = layout.sheet_layout(sheet, report.lang)
        # Widths, panes and the fit-to-page flag are written before the first row.
        for index, width in enumerate(sheet_layout.widths, 1):
            ws.column_dimensions[get_column_letter(index)].width = width
        _freeze(ws, sheet)
        _print_setup(ws, sheet_layout, report)
        writer = _SheetWriter(ws, report, tick, sheet_layout)
        for block in sheet.blocks:
            if isinstance(block, Table):
                writer.write_table(block)
            elif isinstance(block, Paragraph | Heading):
                writer.write_paragraph(block)
        pages = _repeat_main_header(ws, sheet, writer, sheet_layout)
        _add_charts(ws, sheet, writer, sheet_layout, pages)
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
