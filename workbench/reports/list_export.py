"""A list as the user sees it, written to xlsx, csv or PDF (Qt-free).

The window reads the rows, columns and order the user is looking at into a :class:`ListTable`
(texts exactly as shown); this module only writes that table. Every writer goes through
:func:`workbench.reports.files.atomic_output`, so a failed export leaves no half-written file
and an existing file is replaced only by a complete one.

Safety: spreadsheet cells whose text a spreadsheet would run as a formula are written as
quoted text (xlsx: a string cell with Excel's quote prefix; csv: a leading apostrophe), with
the house rule :func:`workbench.text.is_formula_like`; PDF cells are escaped before they become
reportlab paragraphs, so ``<b>`` or ``&`` in a name prints as typed.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field
from datetime import date
from html import escape as _escape_html
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.reports.files import atomic_output
from workbench.text import escape_formula, is_formula_like
from workbench.translatable import msg

#: File kinds a list can be exported to, by suffix.
FORMATS = ("xlsx", "csv", "pdf")


def _escape(text: str) -> str:
    """*text* with &, < and > escaped for reportlab's Paragraph markup.

    What ``xml.sax.saxutils.escape`` does, without importing xml.sax (and urllib with it):
    40 ms on the first visit of every list page, which imports this module.
    """
    return _escape_html(text, quote=False)


@dataclass(frozen=True)
class ListTable:
    """The list on screen: *headers* and *rows* of displayed texts, in the order shown.

    Attributes:
        title: what the list is ("Members").
        headers: the visible column titles, left to right.
        rows: one list of texts per visible row, top to bottom (same length as *headers*).
        description: the filters applied, in words (printed under the title).
        labels: translated captions used in the files (``filters``, ``rows``, ``page``).
    """

    title: str
    headers: list[str]
    rows: list[list[str]]
    description: str = ""
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, key: str, default: str) -> str:
        return self.labels.get(key, default)


class ListExportError(WorkbenchError):
    """The list could not be written; the message names the file and what to do."""


def export_list(table: ListTable, path: str | os.PathLike[str]) -> Path:
    """Write *table* to *path*, its format chosen by the suffix (``.xlsx``, ``.csv``, ``.pdf``).

    Returns the path written. Raises ListExportError for an unknown suffix and
    ReportFileError (a WorkbenchError) when the file cannot be written.
    """
    target = Path(path)
    kind = target.suffix.lower().lstrip(".")
    writers = {"xlsx": write_xlsx, "csv": write_csv, "pdf": write_pdf}
    if kind not in writers:
        raise ListExportError(
            msg(
                "{path}: lists can be exported as .xlsx, .csv or .pdf; choose one of these "
                "file types.",
                path=target,
            )
        )
    writers[kind](table, target)
    return target


def list_file_name(title: str, kind: str, day: date | None = None) -> str:
    """A file name for the list *title* exported on *day*: "Members 2026-12-03.xlsx"."""
    cleaned = re.sub(r'[\x00-\x1f<>:"/\\|?*]+', "_", title).strip(" .") or "list"
    return f"{cleaned[:120]} {(day or date.today()).isoformat()}.{kind}"


# --------------------------------------------------------------------------- csv


def write_csv(table: ListTable, path: Path) -> None:
    """UTF-8 with a byte-order mark (Excel then reads accents right), comma-separated."""
    with atomic_output(path, ".csv") as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([escape_formula(h) for h in table.headers])
        for row in table.rows:
            writer.writerow([escape_formula(text) for text in row])


# --------------------------------------------------------------------------- xlsx


def write_xlsx(table: ListTable, path: Path) -> None:
    """One sheet with the list (header frozen, autofilter) and one saying what it shows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    from workbench.reports.excel import clean_text

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(table.title))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    widths = _column_widths(table)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    if table.headers:
        last = get_column_letter(len(table.headers))
        sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"

    def text_cell(text: str, header: bool = False) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet)
        text = clean_text(text)
        cell.value = text
        cell.data_type = "s"  # never a formula: the list holds what the screen shows
        if is_formula_like(text):
            cell.quotePrefix = True
        if header:
            cell.font = bold
            cell.fill = fill
        return cell

    sheet.append([text_cell(h, header=True) for h in table.headers])
    for row in table.rows:
        # Plain text goes in as it is (the fast path of write-only mode); only text a
        # spreadsheet would run, or that holds illegal characters, needs a cell object.
        sheet.append([_plain_or_cell(text, text_cell) for text in row])
    about = book.create_sheet(_sheet_title(table.label("about", "About")))
    about.append([text_cell(table.title, header=True)])
    if table.description:
        about.append([text_cell(table.label("filters", "Filters")), text_cell(table.description)])
    about.append([text_cell(table.label("rows", "Rows")), len(table.rows)])
    with atomic_output(path, ".xlsx") as tmp:
        book.save(tmp)


def _plain_or_cell(text: str, make_cell: Any) -> Any:
    if not text:
        return None
    if is_formula_like(text) or len(text) > 200 or not text.isprintable():
        return make_cell(text)
    return text


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return (cleaned or "List")[:31]


def _column_widths(table: ListTable, sample: int = 500) -> list[float]:
    """Column widths in characters from the header and the first *sample* rows."""
    widths: list[float] = []
    for i, header in enumerate(table.headers):
        longest = max([len(header)] + [len(row[i]) for row in table.rows[:sample]])
        widths.append(min(max(longest + 2, 8), 60))
    return widths


# --------------------------------------------------------------------------- pdf


def write_pdf(table: ListTable, path: Path) -> None:
    """An A4 table (landscape when wide) with title, filters and "page x of y"."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    from workbench.reports.fonts import SANS, SANS_BOLD, register_fonts

    register_fonts()
    natural, least = _pdf_widths(table, SANS, SANS_BOLD, 7.5)
    page = landscape(A4) if sum(natural) > A4[0] - 30 * mm else A4
    col_widths = _fit_widths(natural, least, page[0] - 30 * mm)
    cell = ParagraphStyle("cell", fontName=SANS, fontSize=7.5, leading=9)
    head = ParagraphStyle("head", parent=cell, fontName=SANS_BOLD)
    title = ParagraphStyle("title", fontName=SANS_BOLD, fontSize=14, leading=18)
    note = ParagraphStyle("note", fontName=SANS, fontSize=8.5, leading=11)
    data: list[list[Any]] = [[Paragraph(_escape(h), head) for h in table.headers]]
    room = [w - 12 for w in col_widths]  # the cells' padding
    for row in table.rows:
        # A text that fits its column is drawn as a plain string (never read as markup, and
        # ten times cheaper than a Paragraph at 10,000 rows); longer ones wrap, escaped.
        data.append(
            [
                text if stringWidth(text, SANS, 7.5) <= room[i] else Paragraph(_escape(text), cell)
                for i, text in enumerate(row)
            ]
        )
    style = TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE6F0")),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#5A6B80")),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F4F6F9")]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONT", (0, 1), (-1, -1), SANS, 7.5, 9),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
    )
    story = [Paragraph(_escape(table.title), title)]
    if table.description:
        story.append(Paragraph(_escape(table.description), note))
    count = table.label("rows", "Rows") + f": {len(table.rows)}"
    story += [Paragraph(_escape(count), note), Spacer(1, 4 * mm)]
    # Tables of a few hundred rows, stacked (each repeating the header on the pages it runs
    # onto): reportlab re-measures what is left of a table at every page break, so one table
    # of 10,000 rows costs the square of its pages (50 s) where chunks cost their sum.
    header, body = data[0], data[1:]
    for start in range(0, max(len(body), 1), _PDF_CHUNK_ROWS):
        chunk = [header, *body[start : start + _PDF_CHUNK_ROWS]]
        story.append(LongTable(chunk, colWidths=col_widths, repeatRows=1, style=style))
    page_word = table.label("page", "Page {page} of {pages}")
    with atomic_output(path, ".pdf") as tmp:
        doc = SimpleDocTemplate(
            tmp,
            pagesize=page,
            leftMargin=15 * mm,
            rightMargin=15 * mm,
            topMargin=14 * mm,
            bottomMargin=14 * mm,
            title=table.title,
        )
        doc.build(story, canvasmaker=_numbered_canvas(page_word, SANS))


#: Rows per stacked PDF table (even, so the zebra stripes run on across tables).
_PDF_CHUNK_ROWS = 300


def _pdf_widths(
    table: ListTable, font: str, bold: str, size: float, sample: int = 400
) -> tuple[list[float], list[float]]:
    """Per column: the width of its longest text, and of its longest word (points, padded)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pad, cap = 13.0, 220.0  # the cells have 6 pt padding each side
    natural, least = [], []
    for i, header in enumerate(table.headers):
        texts = [row[i] for row in table.rows[:sample]]
        longest = max(
            [stringWidth(t, font, size) for t in texts] + [stringWidth(header, bold, size)]
        )
        words = [w for t in texts for w in t.split()] + header.split()
        word = max([stringWidth(w, bold, size) for w in words] + [0.0])
        natural.append(min(longest, cap) + pad)
        least.append(min(word, cap) + pad)
    return natural, least


def _fit_widths(natural: list[float], least: list[float], usable: float) -> list[float]:
    """Column widths filling *usable*: each at least its longest word where that fits.

    When the natural widths fit they are widened in proportion; otherwise each column gets
    its longest word and the rest of the room goes to the columns that wrap, in proportion
    to how much they would need (no word is cut unless even the words do not fit).
    """
    total = sum(natural)
    if total <= usable:
        return [w * usable / total for w in natural] if total else natural
    floor = sum(least)
    if floor >= usable:
        return [w * usable / floor for w in least]
    spare = usable - floor
    wanted = [n - m for n, m in zip(natural, least, strict=True)]
    need = sum(wanted) or 1.0
    return [m + spare * w / need for m, w in zip(least, wanted, strict=True)]


def _numbered_canvas(template: str, font: str) -> type:
    """A canvas class printing *template* (``{page}``, ``{pages}``) at the foot of each page."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab override
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, 7.5)
                width = self._pagesize[0]
                text = template.format(page=self._pageNumber, pages=total)
                self.drawRightString(width - 15 * mm, 8 * mm, text)
                super().showPage()
            super().save()

    return NumberedCanvas
