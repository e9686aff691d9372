"""Read spreadsheet and CSV files into raw rows under a detected header.

This is the lowest layer of the importer: it turns a file into a :class:`RawTable` (header names,
cleaned cell values, source row numbers, notes for the user) and nothing more. It knows nothing
about members or projects, never touches the database and never imports Qt.

Contract:
    * Every problem a user can cause (wrong extension, empty, damaged, password-protected, too
      big, zip bomb, binary garbage, missing sheet) raises :class:`ImportFileError` naming the
      file and saying what to do. Errors raised by python-calamine never escape as such.
    * Cell values are cleaned but not interpreted: text stays text (a CSV yields only strings and
      None), spreadsheet numbers stay numbers. Interpreting values is ``parsing.py``'s job.
    * Limits (file size, rows, columns, cells, uncompressed size of zip-based files, and the
      memory and time the reader may use) are keyword arguments whose defaults are the module
      constants below, read at call time so callers may change them.
    * Untrusted files cannot crash or swamp the caller: with ``READ_IN_CHILD`` (the default)
      the reading runs in a child process under memory and time limits (see ``sandbox.py``),
      so a file that makes python-calamine abort or allocate gigabytes ends in an
      :class:`ImportFileError`, never in the end of the program. Before calamine loads an xlsx
      sheet, its declared used range is checked (and, when it is over a limit, verified against
      the cells really present), so a stray cell at XFD1048576 is named in the message instead
      of costing the 17 billion cells calamine would allocate for it.

Known limitations, documented rather than guessed around:
    * Merged cells: calamine returns the value in the top-left cell of a merged range only; the
      other cells of the range are None. No value is copied into them.
    * Error cells (#DIV/0!, #N/A ...) stored as errors in xlsx/xls/ods files arrive from
      python-calamine as empty cells, so they cannot be told apart from blanks. Error markers that
      arrive as text (CSV exports, typed text) are kept as the marker string and noted.
    * Formulas yield their cached result; a file saved without cached results reads as blanks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.gcpause import collector_paused
from workbench.importing.readers.checks import check_file
from workbench.importing.readers.common import (
    SPREADSHEET_EXTENSIONS,
    TEXT_EXTENSIONS,
    Cell,
    ProgressCallback,
    RawTable,
    ReadSettings,
    column_letter,
)
from workbench.importing.readers.text import read_text
from workbench.importing.readers.workbook import open_workbook, read_workbook

#: Largest file accepted, in bytes.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Largest number of sheet rows (or CSV records) accepted, title rows included.
MAX_ROWS = 200_000
#: Largest sum of uncompressed member sizes accepted in a zip-based file (xlsx, xlsm, xlsb, ods).
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
#: Largest uncompressed/compressed ratio accepted for a large zip member.
MAX_COMPRESSION_RATIO = 200
#: Members smaller than this are not ratio-checked: tiny repetitive XML compresses very well.
LARGE_MEMBER_BYTES = 10 * 1024 * 1024
#: Largest number of columns accepted (the width of a sheet's used range, or of a CSV record).
MAX_COLUMNS = 2_000
#: Largest number of cells accepted: the used range's rows x columns (calamine allocates every
#: cell of it, blank or not), or the fields of all CSV records. 5 million text cells (a 7 MB
#: xlsx) peak at about 1 GB in the reader and 0.7 GB for the table handed to the caller
#: (benchmarks/results/untrusted.md).
MAX_CELLS = 5_000_000
#: Largest resident memory of the reader's child process, in bytes.
MAX_READ_MEMORY = 2 * 1024 * 1024 * 1024
#: Longest time one read may take in the child process, in seconds.
MAX_READ_SECONDS = 300.0
#: Read in a child process under the two limits above (True), or in this process (False; the
#: limits on rows, columns and cells still apply, the memory and time limits do not).
READ_IN_CHILD = True
#: How many non-blank rows from the top are searched for the header row.
HEADER_SEARCH_ROWS = 20
#: Module settings a child process receives from its parent before each read, so that a caller
#: (or a test) that changes them here is obeyed there too.
TUNABLES = (
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_COLUMNS",
    "MAX_CELLS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_COMPRESSION_RATIO",
    "LARGE_MEMBER_BYTES",
    "HEADER_SEARCH_ROWS",
)


def list_sheets(
    path: str | Path,
    *,
    max_bytes: int | None = None,
    max_uncompressed_bytes: int | None = None,
    max_memory: int | None = None,
    max_seconds: float | None = None,
) -> list[str]:
    """Return the sheet names of a workbook, in workbook order.

    Args:
        path: The file.
        max_bytes: File size limit; defaults to ``MAX_FILE_BYTES``.
        max_uncompressed_bytes: Zip size limit; defaults to ``MAX_UNCOMPRESSED_BYTES``.
        max_memory: Memory limit of the child process; defaults to ``MAX_READ_MEMORY``.
        max_seconds: Time limit of the child process; defaults to ``MAX_READ_SECONDS``.

    Returns:
        The sheet names; an empty list for text files (CSV/TSV/TXT), which have no sheets:
        call :func:`read_table` without ``sheet`` for them.

    Raises:
        ImportFileError: The file cannot be read; the message says why and what to do.
    """
    kwargs: dict[str, Any] = {
        "max_bytes": max_bytes,
        "max_uncompressed_bytes": max_uncompressed_bytes,
    }
    if READ_IN_CHILD:
        from workbench.importing import sandbox

        names: list[str] = sandbox.call(
            "list_sheets",
            Path(path),
            kwargs,
            progress=None,
            max_memory=MAX_READ_MEMORY if max_memory is None else max_memory,
            max_seconds=MAX_READ_SECONDS if max_seconds is None else max_seconds,
        )
        return names
    return list_sheets_here(Path(path), **kwargs)


def read_table(
    path: str | Path,
    *,
    sheet: str | None = None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
    max_columns: int | None = None,
    max_cells: int | None = None,
    max_uncompressed_bytes: int | None = None,
    max_memory: int | None = None,
    max_seconds: float | None = None,
    progress: ProgressCallback | None = None,
    header_row: int | None = None,
) -> RawTable:
    """Read one sheet (or a CSV/TSV/TXT file) into a :class:`RawTable`.

    Args:
        path: The file. The extension decides the format and must match the content.
        sheet: Sheet to read; None picks the first visible worksheet holding data. Ignored for
            text files.
        max_bytes: File size limit; defaults to ``MAX_FILE_BYTES``.
        max_rows: Row limit (title rows included); defaults to ``MAX_ROWS``.
        max_columns: Column limit (the width of the used range); defaults to ``MAX_COLUMNS``.
        max_cells: Cell limit (rows x columns of the used range); defaults to ``MAX_CELLS``.
        max_uncompressed_bytes: Zip size limit; defaults to ``MAX_UNCOMPRESSED_BYTES``.
        max_memory: Resident memory the child process may use, in bytes; defaults to
            ``MAX_READ_MEMORY``. Ignored when ``READ_IN_CHILD`` is false.
        max_seconds: Time the child process may take; defaults to ``MAX_READ_SECONDS``.
            Ignored when ``READ_IN_CHILD`` is false.
        progress: Optional ``progress(done, total)`` callback, called from this thread while
            rows are processed (and, while the child is busy loading the file, with the last
            values about ten times a second, so a callback that raises to cancel is obeyed).
            An exception it raises stops the read and is raised from here.
        header_row: The row holding the column titles, numbered as the spreadsheet shows it,
            when the user knows better than the detection; 0 reads the sheet without a header
            (columns named by letter); None (default) detects it.

    Returns:
        The cleaned table under its header row.

    Raises:
        ImportFileError: The file or sheet cannot be read, or reading it broke the memory or
            time limit; the message names the file (and sheet) and says what to do. No other
            exception is raised for bad files.
    """
    if header_row is not None and header_row < 0:
        raise ValueError("header_row must be 0 (no header) or a row number from 1")
    kwargs: dict[str, Any] = {
        "sheet": sheet,
        "max_bytes": max_bytes,
        "max_rows": max_rows,
        "max_columns": max_columns,
        "max_cells": max_cells,
        "max_uncompressed_bytes": max_uncompressed_bytes,
        "header_row": header_row,
    }
    if READ_IN_CHILD:
        from workbench.importing import sandbox

        table: RawTable = sandbox.call(
            "read_table",
            Path(path),
            kwargs,
            progress=progress,
            max_memory=MAX_READ_MEMORY if max_memory is None else max_memory,
            max_seconds=MAX_READ_SECONDS if max_seconds is None else max_seconds,
        )
        return table
    return read_table_here(Path(path), progress=progress, **kwargs)


def prestart_reader() -> None:
    """Start the reader's child process now, so that the first read need not wait for it.

    For screens that will read a file soon (the import page): it returns at once, and does
    nothing when ``READ_IN_CHILD`` is false, a worker is already running or a read is under way.
    """
    if READ_IN_CHILD:
        from workbench.importing import sandbox

        sandbox.prestart()


def list_sheets_here(
    path: Path, *, max_bytes: int | None, max_uncompressed_bytes: int | None
) -> list[str]:
    """:func:`list_sheets` in this process."""
    limits = _settings(max_bytes=max_bytes, max_uncompressed_bytes=max_uncompressed_bytes)
    source = check_file(path, limits)
    if source.ext in TEXT_EXTENSIONS:
        return []
    with open_workbook(source) as workbook:
        return list(workbook.sheet_names)


def read_table_here(
    path: Path,
    *,
    sheet: str | None,
    max_bytes: int | None,
    max_rows: int | None,
    max_columns: int | None,
    max_cells: int | None,
    max_uncompressed_bytes: int | None,
    progress: ProgressCallback | None,
    header_row: int | None,
) -> RawTable:
    """:func:`read_table` in this process (the child's side of it, or the fallback)."""
    limits = _settings(
        max_bytes=max_bytes,
        max_uncompressed_bytes=max_uncompressed_bytes,
        max_rows=max_rows,
        max_columns=max_columns,
        max_cells=max_cells,
    )
    source = check_file(path, limits)
    with collector_paused():  # cleaning a sheet allocates a value per cell, kept to the end
        if source.ext in TEXT_EXTENSIONS:
            return read_text(source, limits, progress, header_row)
        return read_workbook(source, sheet, limits, progress, header_row)


#: Called with a sheet's name just before calamine loads it; the child process reports it to the
#: parent, so that a child that dies while loading can be blamed on the right sheet.
sheet_started: Callable[[str], None] | None = None


def _settings(
    *,
    max_bytes: int | None,
    max_uncompressed_bytes: int | None,
    max_rows: int | None = None,
    max_columns: int | None = None,
    max_cells: int | None = None,
) -> ReadSettings:
    """The settings of one read: the arguments given, else this module's constants as now."""
    return ReadSettings(
        rows=MAX_ROWS if max_rows is None else max_rows,
        columns=MAX_COLUMNS if max_columns is None else max_columns,
        cells=MAX_CELLS if max_cells is None else max_cells,
        file_bytes=MAX_FILE_BYTES if max_bytes is None else max_bytes,
        uncompressed_bytes=(
            MAX_UNCOMPRESSED_BYTES if max_uncompressed_bytes is None else max_uncompressed_bytes
        ),
        compression_ratio=MAX_COMPRESSION_RATIO,
        large_member_bytes=LARGE_MEMBER_BYTES,
        header_search_rows=HEADER_SEARCH_ROWS,
        sheet_started=sheet_started,
    )


__all__ = [
    "HEADER_SEARCH_ROWS",
    "LARGE_MEMBER_BYTES",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_COMPRESSION_RATIO",
    "MAX_FILE_BYTES",
    "MAX_READ_MEMORY",
    "MAX_READ_SECONDS",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "READ_IN_CHILD",
    "SPREADSHEET_EXTENSIONS",
    "TEXT_EXTENSIONS",
    "TUNABLES",
    "Cell",
    "ProgressCallback",
    "RawTable",
    "column_letter",
    "list_sheets",
    "list_sheets_here",
    "prestart_reader",
    "read_table",
    "read_table_here",
]
