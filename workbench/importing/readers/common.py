"""What every reader module shares.

The table a read returns, what is known about the file, the settings one read obeys, and the
messages and helpers used across the readers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from workbench.importing.errors import ImportFileError
from workbench.translatable import msg

SPREADSHEET_EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
TEXT_EXTENSIONS = frozenset({".csv", ".tsv", ".txt"})

ProgressCallback = Callable[[int, int], None]
Cell = str | int | float | bool | date | datetime | time | timedelta | None

REPAIR_HINT = msg("Open it in Excel or LibreOffice, save it again as .xlsx and try again.")
PASSWORD_PROBLEM = msg("the file is password-protected")
PASSWORD_HINT = msg("Save it without a password and try again.")


@dataclass
class RawTable:
    """Cells of one sheet (or CSV file) below its header row.

    Attributes:
        file_name: Name of the file (no directories), for messages.
        sheet_name: Sheet read, or None for text files (CSV/TSV/TXT), which have no sheets.
        sheets: All sheet names in workbook order; empty for text files.
        header_row_index: 0-based index of the header row in the source, or None when no header
            row was found (headers are then "Column A", "Column B" ...).
        headers: Unique, stripped column names; blank headers are named "Column C" after the
            source column; repeats become "Email (2)". Entirely empty columns are left out.
        rows: Data rows below the header, one value per header, blank rows and totals lines
            left out. Values are str, int, float, bool, date, datetime, time, timedelta or None.
        row_numbers: 1-based row number in the source (as the spreadsheet shows it, or the CSV
            record number) of each entry in ``rows``.
        notes: Things the user should know about how the file was read.
    """

    file_name: str
    sheet_name: str | None
    sheets: list[str]
    header_row_index: int | None
    headers: list[str]
    rows: list[list[Cell]]
    row_numbers: list[int]
    notes: list[str] = field(default_factory=list)


class EmptySheetError(ImportFileError):
    """A sheet holds no data; lets the default sheet choice move on to the next sheet."""


@dataclass(frozen=True)
class SheetExtent:
    """A sheet's used range as an xlsx file declares it (0-based, inclusive) and where it is."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int
    member: str  # the worksheet's XML member in the zip container
    xml_size: int  # its uncompressed size in bytes
    declared: bool = True  # False: no <dimension> element (the range fields are then 0)

    @property
    def rows(self) -> int:
        return self.last_row - self.first_row + 1

    @property
    def columns(self) -> int:
        return self.last_col - self.first_col + 1


@dataclass(frozen=True)
class ReadSettings:
    """What one read obeys and whom it tells.

    Resolved by :mod:`workbench.importing.readers` from the call's arguments and its module
    constants at call time (so a caller, a test or the sandbox's child that changes those is
    obeyed); the reader modules read their limits only from here.
    """

    rows: int
    columns: int
    cells: int
    file_bytes: int
    uncompressed_bytes: int
    compression_ratio: int
    large_member_bytes: int
    header_search_rows: int
    #: Called with a sheet's name just before calamine loads it (the sandbox's child reports it).
    sheet_started: Callable[[str], None] | None = None


@dataclass
class Source:
    """What is known about a file after the container checks."""

    path: Path
    name: str
    ext: str
    extents: dict[str, SheetExtent] = field(default_factory=dict)


def too_many_rows(source: Source, sheet: str | None, rows: int, limit: int) -> ImportFileError:
    return ImportFileError(
        msg("the sheet has {rows:,} rows; the limit is {limit:,}", rows=rows, limit=limit)
        if sheet is not None
        else msg("the file has {rows:,} rows; the limit is {limit:,}", rows=rows, limit=limit),
        file=source.name,
        sheet=sheet,
        hint=msg(
            "Split it into files of at most {limit:,} rows and import them one by one.",
            limit=limit,
        ),
    )


def column_index(letters: str) -> int:
    """Return the 0-based index of a spreadsheet column letter ("A" -> 0, "XFD" -> 16383)."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return max(index - 1, 0)


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index (0 -> "A", 27 -> "AB")."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
