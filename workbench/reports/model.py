"""Plain report data: tables, charts and text blocks that the renderers turn into files.

Nothing here knows about databases, the indicators engine, openpyxl or reportlab. A report is
built once (``workbench.reports.data``) as a :class:`ReportData` holding two views of the same
tables: ``sections`` (the PDF's chapters) and ``sheets`` (the workbook's sheets). The renderers
(``excel.py``, ``pdf.py``) only walk these structures.

Cell values are plain Python: ``str``, ``int``, ``Decimal``, ``date`` or ``None``. A column's
``kind`` says how to show them:

=========  ==========================================================================
text       a string (``auto`` formats numbers and dates it meets by their type)
int        a whole number
money      euro amount (Decimal), two decimals
pct        a percentage given as 0-100 (Excel stores it as a fraction with a % format)
decimal    a number with two decimals
date       a ``datetime.date``
year       a calendar year (an ``int``, shown without grouping: 2024)
status     an indicator status: "pass", "fail", "not_scored" or "unknown" (mark and word)
mark       the same statuses, one period's verdict: the mark alone in the PDF, the word in
           the workbook
=========  ==========================================================================

In ``auto`` columns an :class:`Amount` (a Decimal) is shown as money and a :class:`Quantity`
as a number with its unit; any other ``int`` or ``Decimal`` as a plain number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

ColumnKind = Literal[
    "text", "auto", "int", "money", "pct", "decimal", "date", "year", "status", "mark"
]
ChartKind = Literal["pie", "bar", "hbar", "line", "stacked"]

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called as work advances; may raise to cancel."""


class Amount(Decimal):
    """A euro amount in a mixed ("auto") column: renderers show it as money."""

    __slots__ = ()


QuantityUnit = Literal["%", "FTE", "years", ""]


class Quantity(Decimal):
    """A number with a unit in a mixed ("auto") column: an indicator value, a score.

    ``unit`` is "%" (the value is 0-100, like the ``pct`` kind), "FTE", "years" or "" (a
    plain number). The value keeps its precision: ``Quantity("80", "%")`` is shown as "80 %",
    ``Quantity("48.4", "%")`` as "48.4 %". Arithmetic on it gives plain Decimals.
    """

    __slots__ = ("unit",)
    unit: QuantityUnit

    def __new__(cls, value: Decimal | int | str, unit: QuantityUnit = "") -> Quantity:
        self = super().__new__(cls, value)
        self.unit = unit
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.unit))

    @property
    def decimals(self) -> int:
        """Decimal places the value was given with (0 for a whole number), at most 2."""
        exponent = self.as_tuple().exponent
        return min(2, max(0, -exponent)) if isinstance(exponent, int) else 0


DEFAULT_WIDTHS: dict[str, float] = {
    "text": 24,
    "auto": 24,
    "int": 10,
    "money": 16,
    "pct": 10,
    "decimal": 12,
    "date": 12,
    "year": 8,
    "status": 11,
    "mark": 4,
}


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a table.

    Attributes:
        key: stable identifier (charts and tests refer to columns by key).
        title: header text in the report's language.
        kind: how values are shown (see the module docstring).
        width: width in Excel character units; the PDF uses it as a relative weight.
        pdf: False for wide free-text columns that only the workbook shows.
    """

    key: str
    title: str
    kind: ColumnKind = "text"
    width: float | None = None
    pdf: bool = True

    @property
    def effective_width(self) -> float:
        """The width, or the default width of the column's kind."""
        return self.width if self.width is not None else DEFAULT_WIDTHS[self.kind]


@dataclass
class Table:
    """A titled table: columns, rows of plain values and an optional totals row."""

    title: str
    columns: list[ColumnSpec]
    rows: list[list[Any]]
    totals: list[Any] | None = None
    note: str | None = None
    key: str = ""

    def column_index(self, key: str) -> int:
        """Position of the column called *key* (KeyError if there is none)."""
        for index, column in enumerate(self.columns):
            if column.key == key:
                return index
        raise KeyError(f"table {self.key or self.title!r} has no column {key!r}")

    def column_values(self, key: str) -> list[Any]:
        """The values of one column, totals row excluded."""
        index = self.column_index(key)
        return [row[index] for row in self.rows]


@dataclass
class Chart:
    """A chart drawn from columns of a table that the same sheet/section also shows.

    Attributes:
        kind: pie, bar (vertical), hbar (horizontal), line, or stacked (vertical, stacked).
        title: chart title.
        table: the table holding the data.
        category_key: column with the category labels.
        value_keys: one column per series.
        value_kind: int or money (axis labels).
    """

    kind: ChartKind
    title: str
    table: Table
    category_key: str
    value_keys: list[str]
    value_kind: str = "int"

    def categories(self) -> list[str]:
        """Category labels as text."""
        return [
            str(v) if v is not None else "" for v in self.table.column_values(self.category_key)
        ]

    def series(self) -> list[tuple[str, list[float]]]:
        """(series title, values as floats) per value column; None counts as 0."""
        result = []
        for key in self.value_keys:
            title = self.table.columns[self.table.column_index(key)].title
            values = [float(v) if v is not None else 0.0 for v in self.table.column_values(key)]
            result.append((title, values))
        return result


@dataclass
class Paragraph:
    """Prose. Plain text: renderers escape it before it meets any markup."""

    text: str
    style: Literal["body", "note", "lead", "warning"] = "body"


@dataclass
class Heading:
    """A sub-heading inside a section (level 2 appears in the table of contents)."""

    text: str
    level: int = 2


@dataclass
class Score:
    """The readiness score of a label level (drawn as a gauge in the PDF).

    ``bar_pct`` is the share the level needs (Gold's 80 %), or None for a level judged without
    a score bar (Silver, Bronze): the gauge then shows no bar mark and no ready verdict.
    """

    score_pct: float
    bar_pct: float | None
    passing: int
    total: int
    level: str
    ready: bool
    caption: str = ""


@dataclass
class ChartRow:
    """Charts placed side by side (PDF); the workbook places them one after the other."""

    charts: list[Chart]


@dataclass
class PageBreak:
    """Start a new page (PDF only)."""


Block = Heading | Paragraph | Table | Chart | ChartRow | Score | PageBreak


@dataclass
class Section:
    """A chapter of the PDF.

    Attributes:
        key: stable identifier (bookmark name).
        title: heading shown in the text, the table of contents and the PDF outline.
        blocks: content in order.
        landscape: set pages of this section in landscape (wide annex tables).
        annex: part of the annexes (numbered separately, after the body).
    """

    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False
    annex: bool = False


@dataclass
class Sheet:
    """A worksheet: tables stacked top to bottom, charts placed to their right.

    The first table's header row is frozen and gets the autofilter when ``freeze`` is true.
    """

    name: str
    blocks: list[Block] = field(default_factory=list)
    freeze: bool = True


@dataclass
class ReportData:
    """Everything a renderer needs to write one report, in one language.

    Attributes:
        kind: assessment, members, projects or eccp.
        lang: en or it.
        title: report title (cover, document properties).
        cluster_name: the cluster organisation's name.
        cover_lines: lines under the title on the cover (year, period, date ...).
        generated_on: the day the report was built.
        logo_path: the cluster's logo file, or None.
        sections: the PDF's chapters.
        sheets: the workbook's sheets.
        payload: plain JSON-ready data (reports that have a JSON form).
        running_title: short title for page headers.
        cover_facts: (label, value) figures shown as tiles on the cover.
        no_data: the sentence saying plainly that there is no data to report (an empty
            database), or None. The PDF shows it on the cover instead of the figure tiles;
            the builder also puts it atop the first sheet and the first chapter.
    """

    kind: str
    lang: str
    title: str
    cluster_name: str
    cover_lines: list[str]
    generated_on: date
    logo_path: str | None = None
    sections: list[Section] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list)
    payload: dict[str, Any] | None = None
    running_title: str = ""
    cover_facts: list[tuple[str, str]] = field(default_factory=list)
    no_data: str | None = None

    def tables(self) -> list[Table]:
        """Every table of the workbook view (the PDF shows a subset of the same objects)."""
        return [b for sheet in self.sheets for b in sheet.blocks if isinstance(b, Table)]

    def table(self, key: str) -> Table:
        """The table with *key* from either view (KeyError if there is none)."""
        containers: list[Sheet | Section] = [*self.sheets, *self.sections]
        for container in containers:
            for block in container.blocks:
                if isinstance(block, Table) and block.key == key:
                    return block
        raise KeyError(key)


def scaled(progress: Progress | None, start: int, end: int, total: int = 100) -> Progress:
    """A progress callback mapping a sub-task's (done, of) onto [start, end] of *total*."""

    def report(done: int, of: int) -> None:
        if progress is None:
            return
        share = 0 if of <= 0 else min(done, of) / of
        progress(start + round((end - start) * share), total)

    return report
