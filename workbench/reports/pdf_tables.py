"""PDF tables: a report :class:`~workbench.reports.model.Table` as reportlab flowables.

Speed on big annexes: tables are cut into chunks of :data:`CHUNK_ROWS` rows (each repeating
its header) and cells are plain strings, wrapped by measuring only the cells that may not fit
(no Paragraph per cell); :class:`_FastTable` skips drawing during the layout-only passes of
:mod:`workbench.reports.pdf`. Cells are drawn as literal strings (no markup to escape).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Spacer
from reportlab.platypus import Table as RLTable
from reportlab.platypus.tables import CellStyle

from workbench.reports.charts import ACCENT, FAIL_COLOUR, PASS_COLOUR, UNKNOWN_COLOUR
from workbench.reports.fonts import CONDENSED, CONDENSED_BOLD
from workbench.reports.i18n import format_number, format_pct, short_date, t, with_unit
from workbench.reports.model import Amount, ColumnSpec, Quantity, Table
from workbench.reports.pdf_style import TEXT_DARK, para

CHUNK_ROWS = 500
TABLE_FONT_SIZE = 7.6
TABLE_LEADING = 9.2
CELL_PADDING_TOP = 1.6
CELL_PADDING_V = 3.5  # top + bottom padding of a table cell
ZEBRA = colors.HexColor("#F2F5F9")
TOTAL_FILL = colors.HexColor("#DCE6F1")
NUMERIC_KINDS = frozenset({"int", "money", "pct", "decimal"})
#: Blank points a numeric column's header keeps at its left (see table_flowables).
HEADER_GAP = 8.0
STATUS_MARKS = {"pass": "✔", "fail": "✘", "unknown": "?", "not_scored": "–"}
STATUS_COLOURS = {
    "pass": PASS_COLOUR,
    "fail": FAIL_COLOUR,
    "unknown": UNKNOWN_COLOUR,
    "not_scored": UNKNOWN_COLOUR,
}


class _FastTable(RLTable):
    """A table whose drawing is skipped during layout-only passes (see the module docstring)."""

    def draw(self) -> None:
        doc = getattr(self.canv, "_doctemplate", None)
        if doc is not None and getattr(doc, "layout_only", False):
            return
        super().draw()


class _StreamedChunk(_FastTable):
    """A chunk of a long table whose reportlab table exists only while it is laid out or drawn.

    reportlab keeps a style object per cell of a table; for the 100,000 rows of the 50,000
    member registers that is most of the PDF's memory when every chunk is built up front (the
    document is laid out more than once, so the story is kept whole). A chunk holds only its
    strings, heights and commands: it builds its :class:`_FastTable` when the frame wraps it,
    hands the pieces of a split to the frame (they live until drawn) and drops the table once
    drawn or split. The output is the same as the table's own: same cells, widths, heights.
    """

    def __init__(
        self,
        data: list[list[str]],
        *,
        colWidths: list[float],  # noqa: N803 - reportlab's keyword names
        rowHeights: list[float],  # noqa: N803
        repeatRows: int,  # noqa: N803
        style: list[tuple[Any, ...]],
        looks: _CellLooks,
        hAlign: str,  # noqa: N803
    ) -> None:
        Flowable.__init__(self)  # not RLTable's: building the cells is what is deferred
        self._cellvalues = data
        self._argW = colWidths
        self._argH = rowHeights
        self._nrows = len(data)
        self._ncols = len(colWidths)
        self.repeatRows = repeatRows
        self._commands = style
        self._looks = looks
        self.hAlign = hAlign
        self.spaceBefore = self.spaceAfter = 0
        self._table: _FastTable | None = None

    def _built(self) -> _FastTable:
        if self._table is None:
            self._table = _FastTable(
                self._cellvalues,
                colWidths=self._argW,
                rowHeights=self._argH,
                repeatRows=self.repeatRows,
                style=self._commands,
                cellStyles=self._looks.rows(self._nrows),
                hAlign=self.hAlign,
            )
        return self._table

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = self._built().wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        pieces: list[Flowable] = self._built().splitOn(self.canv, availWidth, availHeight)
        self._table = None
        return pieces

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        self._built().drawOn(canvas, x, y, _sW)
        self._table = None


class _CellLooks:
    """The cell styles of a chunk: what reportlab's per-cell style commands would set.

    A table style command over a range (``FONT``, ``TEXTCOLOR``, ``ALIGN`` ...) sets an
    attribute of one :class:`CellStyle` per cell, for every cell, on every layout pass: on a
    10,000-member PDF that was a third of its rendering. A chunk's cells look alike — the
    header, each body column, the totals row, a coloured status mark — so they share one
    style object per look, given to the table built (nothing changes a cell style after).
    The values are those the commands set, in the commands' order.
    """

    def __init__(
        self,
        header: list[CellStyle],
        body: list[CellStyle],
        totals: list[CellStyle] | None,
        marks: dict[tuple[int, int], CellStyle],
    ) -> None:
        self.header, self.body, self.totals, self.marks = header, body, totals, marks

    def rows(self, count: int) -> list[list[CellStyle]]:
        """The style of every cell of the chunk's *count* rows (header and totals included)."""
        rows = [self.header] + [self.body] * (count - 1)
        if self.totals is not None:
            rows[-1] = self.totals
        for (col, row), look in self.marks.items():
            if rows[row] is self.body:
                rows[row] = list(self.body)
            rows[row][col] = look
        return rows


def _look(name: str, **values: Any) -> CellStyle:
    look = CellStyle(name)
    for attribute, value in values.items():
        setattr(look, attribute, value)
    return look


def _column_looks(
    kinds: Sequence[str], font: str, bold: str, size: float
) -> tuple[list[CellStyle], list[CellStyle], list[CellStyle], list[dict[str, Any]]]:
    """Header, body and totals styles of each column, and each body style's values."""
    header, body, totals, values = [], [], [], []
    for i, kind in enumerate(kinds):
        if kind in NUMERIC_KINDS:
            align = "RIGHT"
        elif kind in ("date", "status", "mark"):
            align = "CENTER"
        else:
            align = "LEFT"
        cell: dict[str, Any] = {
            "fontname": font,
            "fontsize": size,
            "leading": TABLE_LEADING,
            "color": colors.toColor(TEXT_DARK),
            "valign": "TOP",
            "topPadding": CELL_PADDING_TOP,
            "bottomPadding": CELL_PADDING_V - CELL_PADDING_TOP,
            "leftPadding": 3,
            "rightPadding": 3,
            "alignment": align,
        }
        values.append(cell)
        body.append(_look(f"body {i}", **cell))
        header.append(
            _look(
                f"header {i}",
                **{**cell, "fontname": bold, "color": colors.white, "valign": "BOTTOM"},
            )
        )
        totals.append(_look(f"totals {i}", **{**cell, "fontname": bold}))
    return header, body, totals, values


# --------------------------------------------------------------------------- tables


def _format_quantity(value: Quantity, lang: str) -> str:
    """A number with its unit, with the decimals it was given: "48.4 %", "3.90 FTE"."""
    return with_unit(format_number(value, lang, value.decimals), value.unit, value, lang)


def _format(value: Any, kind: str, lang: str) -> str:
    if value is None:
        return ""
    if kind == "auto":
        if isinstance(value, date | datetime):
            kind = "date"
        elif isinstance(value, bool):
            return t("yes", lang) if value else t("no", lang)
        elif isinstance(value, int):
            kind = "int"
        elif isinstance(value, Amount):
            return f"{format_number(value, lang, 2)} €"
        elif isinstance(value, Quantity):
            return _format_quantity(value, lang)
        elif isinstance(value, Decimal | float):
            kind = "decimal"
        else:
            return str(value)
    if kind == "text":
        return str(value)
    if kind == "int":
        return (
            format_number(value, lang, 0)
            if isinstance(value, int | Decimal | float)
            else str(value)
        )
    if kind == "money":
        return format_number(value, lang, 2)
    if kind == "pct":
        return format_pct(value, lang)
    if kind == "decimal":
        number = Decimal(str(value))
        return format_number(number, lang, 0 if number == number.to_integral_value() else 2)
    if kind == "date":
        return short_date(value) if isinstance(value, date) else str(value)
    if kind == "status":
        key = str(value)
        return f"{STATUS_MARKS.get(key, '')} {t(f'status.{key}', lang)}".strip()
    if kind == "mark":  # a period's verdict beside its value: the mark alone
        return STATUS_MARKS.get(str(value), "")
    return str(value)


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text, broken into lines that fit *width* (cheap check first: most cells fit).

    Lines break at spaces; a word wider than the column (a call id, a URL) is cut.
    """
    if not text:
        return text
    # Sure to fit: no ASCII glyph of the report's fonts is wider than 1 em (the average 0.62
    # used before let "NON VALUTATO" in bold capitals through, 4 points too wide).
    if len(text) * size <= width and "\n" not in text and text.isascii():
        return text
    if "\n" not in text and stringWidth(text, font, size) <= width:
        return text
    lines: list[str] = []
    for part in text.split("\n"):
        for line in simpleSplit(part, font, size, width) or [""]:
            if stringWidth(line, font, size) <= width:
                lines.append(line)
                continue
            piece = ""
            for char in line:
                if piece and stringWidth(piece + char, font, size) > width:
                    lines.append(piece)
                    piece = char.lstrip()
                else:
                    piece += char
            if piece:
                lines.append(piece)
    return "\n".join(lines)


def _column_widths(columns: list[ColumnSpec], available: float) -> list[float]:
    weights = [c.effective_width for c in columns]
    total = sum(weights) or 1
    return [available * w / total for w in weights]


def _longest_word(text: str, font: str, size: float) -> float:
    return max((stringWidth(word, font, size) for word in text.split()), default=0.0)


def _fit_widths(
    columns: list[ColumnSpec],
    titles: list[str],
    body: list[list[str]],
    totals: list[str] | None,
    available: float,
    font: str,
    bold: str,
    size: float,
) -> list[float]:
    """Column widths in proportion to the columns' weights, numbers kept on one line.

    Numbers, dates and header words never have to break, nor the words of text columns
    ("2021–2027", "proposals" broken mid-word read as errors); text columns then give up the
    rest of the room they need. Only the longest few values of each non-text column, and
    the first few hundred distinct values of a text column, are measured: big tables stay fast.
    """
    widths = _column_widths(columns, available)
    padding = 6.5
    needs: list[float] = []
    for i, column in enumerate(columns):
        need = _longest_word(titles[i], bold, size) + padding
        if column.kind in ("text", "auto"):
            # Words up to 20 characters: a web address or e-mail may break, it would
            # otherwise take the room of every other column.
            distinct = islice({row[i] for row in body}, 400)
            words = {w for value in distinct for w in value.split() if len(w) <= 20}
            longest = sorted(words, key=len, reverse=True)[:5]
            need = max(need, _longest_word(" ".join(longest), font, size) + padding)
        else:
            values = sorted({row[i] for row in body}, key=len, reverse=True)[:3]
            for value in values:
                need = max(need, stringWidth(value, font, size) + padding)
            if totals is not None and totals[i]:
                need = max(need, stringWidth(totals[i], bold, size) + padding)
        needs.append(need)
    deficit = sum(max(0.0, n - w) for n, w in zip(needs, widths, strict=True))
    if deficit <= 0:
        return widths
    spare = [max(0.0, w - n) for n, w in zip(needs, widths, strict=True)]
    total_spare = sum(spare)
    if total_spare < deficit:  # cannot satisfy everyone: keep the proportions
        return widths
    return [
        max(n, w) - (s * deficit / total_spare if s else 0.0)
        for n, w, s in zip(needs, widths, spare, strict=True)
    ]


def _header_room(title: str, kind: str, inner: float, bold: str, size: float) -> float:
    """The width a column's header wraps to (see HEADER_GAP)."""
    if kind not in NUMERIC_KINDS:
        return inner
    return min(inner, max(inner - HEADER_GAP, _longest_word(title, bold, size) + 0.5))


def table_flowables(
    table: Table, available: float, lang: str, styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """Title, table chunks (each repeating the header) and note of a report table."""
    columns = [c for c in table.columns if c.pdf]
    positions = [table.columns.index(c) for c in columns]
    font, bold, size = CONDENSED, CONDENSED_BOLD, TABLE_FONT_SIZE
    kinds = [c.kind for c in columns]
    text_like = [k in ("text", "auto") for k in kinds]
    titles = [c.title + (" (€)" if c.kind == "money" else "") for c in columns]
    body: list[list[str]] = []
    status_cells: list[tuple[int, int, str]] = []
    for r, row in enumerate(table.rows):
        cells = []
        for i, pos in enumerate(positions):
            value = row[pos]
            cells.append(_format(value, kinds[i], lang))
            if kinds[i] in ("status", "mark") and value is not None:
                status_cells.append((i, r, str(value)))
        body.append(cells)
    totals = None
    if table.totals is not None:
        totals = [_format(table.totals[pos], kinds[i], lang) for i, pos in enumerate(positions)]
    widths = _fit_widths(columns, titles, body, totals, available, font, bold, size)
    inner = [w - 6 for w in widths]
    # Right-aligned headers of numbers side by side read as one ("NO NON VALUTATO"): a
    # numeric header wraps before it comes within HEADER_GAP of its left neighbour.
    # Never narrower than the header's longest word: a word is not broken for the gap.
    header = [
        _fit(title, bold, size, _header_room(title, kinds[i], inner[i], bold, size))
        for i, title in enumerate(titles)
    ]
    for i, wrap in enumerate(text_like):
        if wrap:
            width = inner[i]
            for cells in body:
                cells[i] = _fit(cells[i], font, size, width)
    if totals is not None:
        totals = [_fit(text, bold, size, inner[i]) for i, text in enumerate(totals)]

    # Fonts, colours, alignment and padding of the cells are their looks (_CellLooks); the
    # commands left draw backgrounds and lines.
    base = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, ACCENT),
    ]
    header_looks, body_looks, totals_looks, body_values = _column_looks(kinds, font, bold, size)

    # A title keeps its (small) table on the same page; a long table may start anywhere
    # (keepWithNext on a table taller than a page would push it to a new page first).
    if len(body) <= 30:
        flowables: list[Flowable] = [para(table.title, styles["h3"])]
    else:
        flowables = [CondPageBreak(90), para(table.title, styles["h3_free"])]
    if not body:
        # A header over a "Total 0" row reads as a broken table: say there are no records.
        flowables.append(para(table.note or t("no_rows", lang), styles["note"]))
        return flowables
    chunks = [body[i : i + CHUNK_ROWS] for i in range(0, len(body), CHUNK_ROWS)] or [[]]
    for n, chunk in enumerate(chunks):
        data: list[list[str]] = [header, *chunk]
        commands = list(base)
        offset = n * CHUNK_ROWS
        marks: dict[tuple[int, int], CellStyle] = {}
        for col, index, status in status_cells:
            if offset <= index < offset + len(chunk):
                colour = STATUS_COLOURS.get(status, UNKNOWN_COLOUR)
                marks[(col, index - offset + 1)] = _look(
                    "mark",
                    **{**body_values[col], "color": colors.toColor(colour), "fontname": bold},
                )
        last_totals = None
        if totals is not None and n == len(chunks) - 1:
            data.append(totals)
            last_totals = totals_looks
            commands += [
                ("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL),
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, ACCENT),
            ]
        # Every cell is a plain string in one font: its height is lines x leading + padding.
        # Giving the heights spares reportlab measuring every row on every layout pass.
        heights = [
            TABLE_LEADING * (1 + max(cell.count("\n") for cell in row)) + CELL_PADDING_V
            for row in data
        ]
        flowables.append(
            _StreamedChunk(
                data,
                colWidths=widths,
                rowHeights=heights,
                repeatRows=1,
                style=commands,
                looks=_CellLooks(header_looks, body_looks, last_totals, marks),
                hAlign="LEFT",
            )
        )
    if table.note:
        flowables.append(Spacer(1, 2))
        flowables.append(para(table.note, styles["note"]))
    return flowables
