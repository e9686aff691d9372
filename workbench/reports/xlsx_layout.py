"""Column widths, wrapping and page orientation of the workbook's sheets, from the text shown.

A sheet stacks several tables; they share the sheet's columns, so a column is as wide as the
widest text any of its tables shows there (header, values, totals), measured with the glyph
widths of the workbook's font (DejaVu Sans, the PDF's font, whose metrics ship with the
package). Nothing is clipped: where a sheet would be too wide to print legibly on a landscape
page, its text columns are narrowed (the longest texts keep the most room) and their long
cells wrap; numbers, dates and single words are never narrowed.

Excel measures a column in "characters": the advance width of a digit of the workbook's
default font, plus a few pixels of cell margin (:data:`PADDING`).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from workbench.reports.fonts import SANS, SANS_BOLD, text_width
from workbench.reports.i18n import t, with_unit
from workbench.reports.model import Amount, Quantity, Sheet, Table

FONT_NAME = "DejaVu Sans"
"""The workbook's font: the PDF's family, so both documents look alike and widths are exact."""
FONT_SIZE = 10
TITLE_SIZE = 12
HEADING_SIZE = 13
LINE_HEIGHT = 1.17
"""Row height per line of text, as a multiple of the font size (DejaVu's ascent + descent)."""

PADDING = 1.6
"""Characters added to the widest text of a column: cell margins and rendering differences."""
WRAP_PADDING = 1.0
"""Characters of a column's width not used by wrapped text (cell margins; Excel's are 5 px)."""
MIN_WIDTH = 5.0
MAX_WORD_WIDTH = 60.0
"""A column is not kept wider than this for one long word (a URL): such a word wraps."""
PORTRAIT_CHARS = 135.0
"""Widest sheet (sum of column widths) printed on portrait pages: fit to the page width it
prints at 60 % or more (6-point type), on half the pages landscape would take."""
PORTRAIT_STRETCH = 1.15
"""A sheet up to this much wider than :data:`PORTRAIT_CHARS` is narrowed to stay portrait:
wrapping a few long names costs less than doubling the pages."""
LANDSCAPE_CHARS = 195.0
"""Widest sheet printed without narrowing text columns: landscape at 60 % or more."""

_HEADER_SHARE = 0.55
"""A header may wrap onto about two lines where its column's values are narrower."""
_HEADER_SLACK = 4.0
"""A header stays on one line when that costs fewer characters than this."""
_PREFILTER = 0.5
"""Only texts at least this share of a column's longest (in characters) are measured."""


@functools.cache
def digit_width(size: float = FONT_SIZE) -> float:
    """Points per Excel width unit: the advance of a digit of the default font."""
    return text_width("0", SANS, size)


def to_chars(points: float) -> float:
    """A width in points as Excel column units (without padding)."""
    return points / digit_width()


def to_points(chars: float, padding: float = PADDING) -> float:
    """The room a column of *chars* units gives its text, in points (padding removed)."""
    return max(0.0, chars - padding) * digit_width()


# --------------------------------------------------------------------------- shown text


def quantity_text(value: Quantity, lang: str) -> str:
    """The text a quantity cell shows (see ``excel.quantity_format``)."""
    return with_unit(f"{Decimal(value):,.{value.decimals}f}", value.unit, value, lang)


def shown_text(value: Any, kind: str, lang: str) -> str:
    """The text a cell of *kind* holding *value* shows in the workbook (one line: the longest).

    Italian grouping swaps "," and "." — the same width in DejaVu Sans — so the English form
    measures both languages.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        if kind in ("status", "mark"):
            return t(f"status.{value}", lang)
        return max(value.split("\n"), key=len) if "\n" in value else value
    if isinstance(value, bool):
        return "FALSE"
    if isinstance(value, date | datetime):
        return "00/00/0000"
    if isinstance(value, Quantity):
        return quantity_text(value, lang)
    if kind == "year":
        return str(value)
    if kind == "money" or isinstance(value, Amount):
        return f"{Decimal(value):,.2f} €"
    if kind == "pct":
        return f"{Decimal(value):.1f} %"
    if kind == "int" or isinstance(value, int):
        return f"{Decimal(value):,.0f}"
    return f"{Decimal(value):,.2f}"


def longest_word(text: str) -> str:
    """The longest space-separated word of *text* (the narrowest a wrapped cell can be)."""
    return max(text.split(), key=len, default="")


def widest(texts: list[str], font: str = SANS, size: float = FONT_SIZE) -> float:
    """The widest of *texts* in points; texts much shorter than the longest are skipped."""
    if not texts:
        return 0.0
    unique = set(texts)
    limit = max(map(len, unique)) * _PREFILTER
    return max(text_width(s, font, size) for s in unique if len(s) >= limit)


_BREAKS = re.compile(r"( *)([^ -]*-+|[^ ]+)")
"""Pieces a line may break after: words, and parts of words ending in a hyphen."""


@functools.lru_cache(maxsize=8192)
def wrapped_lines(text: str, width_pt: float, font: str = SANS, size: float = FONT_SIZE) -> int:
    """Lines *text* takes wrapped into *width_pt* points at spaces and after hyphens (>= 1).

    Spreadsheets break lines the same way; a piece wider than the column is cut at its edge.
    """
    if width_pt <= 0:
        return 1
    space = text_width(" ", font, size)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for spaces, piece in _BREAKS.findall(paragraph):
            w = text_width(piece, font, size)
            gap = space * len(spaces) if used else 0.0
            if used and used + gap + w > width_pt:
                lines += 1
                used = w
            else:
                used += gap + w
            if used > width_pt:
                extra = math.ceil(used / width_pt) - 1
                lines += extra
                used -= extra * width_pt
    return max(lines, 1)


# --------------------------------------------------------------------------- columns


@dataclass
class _ColumnNeed:
    """What one sheet column needs, in Excel units (padding included)."""

    need: float = MIN_WIDTH
    floor: float = MIN_WIDTH
    texts: list[str] = field(default_factory=list)

    def add(self, need: float, floor: float) -> None:
        self.need = max(self.need, need)
        self.floor = max(self.floor, floor)


def _cells(table: Table, index: int) -> list[Any]:
    return [row[index] for row in table.rows if len(row) > index and row[index] is not None]


def _header_need(title: str, values_need: float) -> tuple[float, float]:
    """(need, floor) of a bold header that may wrap onto about two lines."""
    full = to_chars(text_width(title, SANS_BOLD)) + PADDING
    word = to_chars(text_width(longest_word(title), SANS_BOLD)) + PADDING
    wrapped = max(word, values_need, full * _HEADER_SHARE)
    # Wrapping saves little on a short header ("Score %"): keep it on one line then.
    need = full if full - wrapped < _HEADER_SLACK else wrapped
    return need, word


_NUMBER_KINDS = frozenset({"int", "money", "pct", "decimal", "year"})


def _extremes(values: list[Any], kind: str) -> list[Any]:
    """The values whose shown text is the widest candidates of a column of *kind*.

    Digits are equally wide in DejaVu Sans, so in a number column the largest and the
    smallest (negative) numbers show the widest texts; every date shows the same width.
    """
    if kind == "date":
        return values[:1]
    if kind in _NUMBER_KINDS and all(
        isinstance(v, int | Decimal | float) and not isinstance(v, bool | Quantity) for v in values
    ):
        return [max(values), min(values)] if values else []
    return values


def _measure_table_column(table: Table, index: int, lang: str, column: _ColumnNeed) -> None:
    spec = table.columns[index]
    texts: list[str] = []
    numbers: list[str] = []
    values = _cells(table, index)
    others = [v for v in values if not isinstance(v, str)]
    strings = [v for v in values if isinstance(v, str)]
    if spec.kind in ("status", "mark"):
        numbers += [shown_text(v, spec.kind, lang) for v in set(strings)]
    else:
        # A text shows itself (its longest line when it has several).
        texts += [shown_text(v, spec.kind, lang) if "\n" in v else v for v in strings]
    numbers += [shown_text(v, spec.kind, lang) for v in _extremes(others, spec.kind)]
    bold: list[str] = []
    if table.totals is not None and len(table.totals) > index:
        total = table.totals[index]
        if total is not None:
            bold.append(shown_text(total, spec.kind, lang))
    numbers_pt = widest(numbers)
    if spec.kind in ("status", "mark"):
        numbers_pt = max(numbers_pt, widest(numbers, SANS_BOLD))
    values_pt = max(numbers_pt, widest(texts), widest(bold, SANS_BOLD))
    values_need = to_chars(values_pt) + PADDING
    header_need, header_floor = _header_need(spec.title, values_need)
    number_floor = to_chars(max(numbers_pt, widest(bold, SANS_BOLD))) + PADDING
    column.add(max(values_need, header_need), max(number_floor, header_floor))
    column.texts.extend(texts)


def _word_floor(texts: list[str]) -> float:
    """The width of the longest word of *texts*, capped at :data:`MAX_WORD_WIDTH`."""
    # One regex pass over all the texts finds every word (fast on 10,000-row registers).
    words = _WORD.findall(" ".join(set(texts)))
    return min(MAX_WORD_WIDTH, to_chars(widest(words)) + PADDING) if words else MIN_WIDTH


_WORD = re.compile(r"\S+")


def _narrow(needs: list[float], floors: list[float], budget: float) -> list[float]:
    """Widths for columns that together need more than *budget*.

    As browsers lay out automatic tables: every column gets its floor (its longest word or
    number), and the room left is shared in proportion to what each column lacks, so the
    longest texts get the most room and wrapped cells take about as many lines in every
    column. When the floors alone exceed the budget they are the widths (the sheet prints
    smaller; nothing is clipped).
    """
    floors = [min(f, n) for f, n in zip(floors, needs, strict=True)]
    spare = budget - sum(floors)
    lacking = [n - f for n, f in zip(needs, floors, strict=True)]
    if spare <= 0 or not sum(lacking):
        return floors
    share = spare / sum(lacking)
    return [f + lack * share for f, lack in zip(floors, lacking, strict=True)]


@dataclass
class SheetLayout:
    """How one sheet is laid out.

    Attributes:
        widths: width of each column (index 0 is column A), in Excel units.
        landscape: print the sheet in landscape (it is too wide for portrait pages).
        narrowed: columns narrower than their widest text: long texts there wrap.
    """

    widths: list[float]
    landscape: bool
    narrowed: frozenset[int]
    _fit_room: list[float] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._fit_room = [to_points(w) for w in self.widths]

    @property
    def total(self) -> float:
        """Sum of the column widths."""
        return sum(self.widths)

    def span_points(self, columns: int) -> float:
        """Room for text over the first *columns* columns (a merged title or note), in points."""
        chars = sum(self.widths[: max(1, columns)])
        return to_points(chars)

    def room(self, index: int) -> float:
        """Room wrapped text gets in column *index*, in points."""
        return to_points(self.widths[index], WRAP_PADDING) if index < len(self.widths) else 0.0

    def fits(self, text: str, index: int, font: str = SANS, size: float = FONT_SIZE) -> bool:
        """True when *text* fits on one line in column *index*."""
        room = self._fit_room[index]
        # No ASCII glyph is wider than 1 em: short ASCII texts fit without measuring.
        if len(text) * size <= room and text.isascii():
            return True
        return text_width(text, font, size) <= room


def sheet_layout(sheet: Sheet, lang: str) -> SheetLayout:
    """Column widths of *sheet* from the text its tables show, narrowed to print legibly."""
    tables = [b for b in sheet.blocks if isinstance(b, Table)]
    count = max((len(table.columns) for table in tables), default=1)
    columns = [_ColumnNeed() for _ in range(count)]
    for table in tables:
        for index in range(len(table.columns)):
            _measure_table_column(table, index, lang, columns[index])
    needs = [math.ceil(c.need * 2) / 2 for c in columns]
    total = sum(needs)
    landscape = total > PORTRAIT_CHARS * PORTRAIT_STRETCH
    budget = LANDSCAPE_CHARS if landscape else PORTRAIT_CHARS
    widths = needs
    if total > budget:
        floors = [math.ceil(max(c.floor, _word_floor(c.texts)) * 2) / 2 for c in columns]
        widths = [math.floor(w * 2) / 2 for w in _narrow(needs, floors, budget)]
        widths = [max(w, f) for w, f in zip(widths, floors, strict=True)]
    narrowed = frozenset(i for i, (w, n) in enumerate(zip(widths, needs, strict=True)) if w < n)
    return SheetLayout(widths=widths, landscape=landscape, narrowed=narrowed)


def row_height(lines: int, size: float = FONT_SIZE) -> float:
    """Height in points of a row holding *lines* lines of text of *size* points."""
    return round(lines * size * LINE_HEIGHT + 2, 1)


# --------------------------------------------------------------------------- pages

A4 = (595.28, 841.89)
"""A4 in points (portrait width, height)."""
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.75, "bottom": 0.7, "header": 0.3, "footer": 0.3}
"""Page margins in inches (header and footer sit inside the top and bottom margins)."""
DEFAULT_ROW_HEIGHT = row_height(1)
_COLUMN_GAP = 0.75
"""Points a spreadsheet adds to each column beyond its characters (rounding to pixels)."""
_PAGE_SAFETY = 0.99
"""Share of an estimated page the pagination fills: applications paginate a little apart."""
_UNSURE = 0.06
"""Share of a page after an estimated automatic break where that break is uncertain."""


def print_scale(sheet_layout: SheetLayout) -> float:
    """The zoom "fit to page width" gives the sheet (at most 1), to whole per cent."""
    width = A4[1] if sheet_layout.landscape else A4[0]
    room = width - (MARGINS["left"] + MARGINS["right"]) * 72
    sheet = sum(w * digit_width() + _COLUMN_GAP for w in sheet_layout.widths)
    return min(1.0, math.floor(room / sheet * 100) / 100) if sheet else 1.0


def page_room(sheet_layout: SheetLayout) -> float:
    """Height of sheet content one printed page holds, in the sheet's points."""
    height = A4[0] if sheet_layout.landscape else A4[1]
    room = height - (MARGINS["top"] + MARGINS["bottom"]) * 72
    return room / print_scale(sheet_layout) * _PAGE_SAFETY


class Pagination:
    """Where printed pages break, estimated row by row (to keep charts off page breaks)."""

    def __init__(self, room: float) -> None:
        self.room = room
        self.used = 0.0
        self.repeat = 0.0
        self.page = 1
        self.automatic = False

    def repeat_rows(self, height: float) -> None:
        """From the next page on, *height* points of repeated header rows top each page."""
        self.repeat = height

    def add(self, height: float) -> None:
        """A row of *height* points follows; it starts a new page when it does not fit."""
        if self.used and self.used + height > self.room:
            self.new_page()
            self.automatic = True
        self.used += height

    def fits(self, height: float) -> bool:
        """True when a block of *height* points surely fits in what is left of the page.

        Just after an estimated automatic break the application may not break at all (the
        estimate is a few per cent off): the block is then not sure to fit either.
        """
        if self.automatic and self.used - self.repeat < self.room * _UNSURE:
            return False
        return self.used + height <= self.room

    def new_page(self) -> None:
        """Start the next page (a manual page break, or the current page is full)."""
        self.page += 1
        self.used = self.repeat
        self.automatic = False
