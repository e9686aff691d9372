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

import codecs
import csv
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from charset_normalizer import from_bytes
from python_calamine import (
    CalamineWorkbook,
    PasswordError,
    SheetMetadata,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from workbench.importing.errors import ImportFileError
from workbench.rules.names import ends_with_legal_form
from workbench.translatable import msg

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

SPREADSHEET_EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
TEXT_EXTENSIONS = frozenset({".csv", ".tsv", ".txt"})

ProgressCallback = Callable[[int, int], None]
Cell = str | int | float | bool | date | datetime | time | timedelta | None

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Encrypted OOXML files are OLE containers holding these streams (names are UTF-16LE).
_ENCRYPTED_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_REPAIR_HINT = msg("Open it in Excel or LibreOffice, save it again as .xlsx and try again.")
_PASSWORD_PROBLEM = msg("the file is password-protected")
_PASSWORD_HINT = msg("Save it without a password and try again.")
_PROGRESS_STEP = 2000

# Spreadsheet error values in the languages our users' Excel speaks (EN, IT, DE, FR, ES).
# fmt: off
ERROR_MARKERS = frozenset(
    {
        "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!",
        "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
        "#N/D", "#NOME?", "#NULLO!", "#RIF!", "#VALORE!",
        "#NV", "#BEZUG!", "#WERT!", "#ZAHL!",
        "#VALEUR!", "#NOM?", "#NOMBRE!", "#NUL!",
        "#¡DIV/0!", "#¡REF!", "#¡VALOR!", "#¿NOMBRE?", "#¡NUM!", "#¡NULO!",
    }
)
# fmt: on

_TOTALS_WORDS = (
    r"(?:totale generale|totale|totali|totals?|totales?|total g[eé]n[eé]ral|grand total"
    r"|summe|gesamtsumme|gesamt|somme|somma|sum)"
)
# A totals word, alone or followed by more text: "Totale", "Totale soci 2024".
_TOTALS_RE = re.compile(rf"^{_TOTALS_WORDS}(?:[\s:].*)?$", re.IGNORECASE)
# The totals word alone, perhaps with a colon: "Totale", "TOTAL:", "Grand total".
_BARE_TOTALS_RE = re.compile(rf"^{_TOTALS_WORDS}\s*:?$", re.IGNORECASE)
# Words after "Total" that make it a company name rather than a totals line (with legal forms).
_COMPANY_WORDS = re.compile(r"\b(?:italia|group|gruppo)\b", re.IGNORECASE)
# Text that is really a number, amount, percentage or date: it does not count as header text.
_NUMERIC_TEXT_RE = re.compile(
    r"^[-+(]?\s*(?:€|eur|\$)?\s*[\d.,' \u00a0]*\d[\d.,' \u00a0]*\s*(?:%|€|eur|k|m)?\)?$"
    r"|^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$",
    re.IGNORECASE,
)
_SPACE_TABLE = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": None})
_DIMENSION_RE = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?"'
)
# A cell element with its reference: <c r="XFD2000" t="s"> (self-closing <c .../> holds nothing).
_CELL_RE = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(/?)>')
_DELIMITERS = (";", "\t", ",", "|")


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


class _EmptySheetError(ImportFileError):
    """A sheet holds no data; lets the default sheet choice move on to the next sheet."""


@dataclass(frozen=True)
class _Extent:
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
class _Limits:
    """The limits one read obeys (resolved from the arguments and the module constants)."""

    rows: int
    columns: int
    cells: int


@dataclass
class _Source:
    """What is known about a file after the container checks."""

    path: Path
    name: str
    ext: str
    extents: dict[str, _Extent] = field(default_factory=dict)


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
    return _list_sheets_here(Path(path), **kwargs)


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
    return _read_table_here(Path(path), progress=progress, **kwargs)


def prestart_reader() -> None:
    """Start the reader's child process now, so that the first read need not wait for it.

    For screens that will read a file soon (the import page): it returns at once, and does
    nothing when ``READ_IN_CHILD`` is false, a worker is already running or a read is under way.
    """
    if READ_IN_CHILD:
        from workbench.importing import sandbox

        sandbox.prestart()


def _list_sheets_here(
    path: Path, *, max_bytes: int | None, max_uncompressed_bytes: int | None
) -> list[str]:
    """:func:`list_sheets` in this process."""
    source = _check_file(path, max_bytes, max_uncompressed_bytes)
    if source.ext in TEXT_EXTENSIONS:
        return []
    with _open_workbook(source) as workbook:
        return list(workbook.sheet_names)


def _read_table_here(
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
    source = _check_file(path, max_bytes, max_uncompressed_bytes)
    limits = _Limits(
        rows=MAX_ROWS if max_rows is None else max_rows,
        columns=MAX_COLUMNS if max_columns is None else max_columns,
        cells=MAX_CELLS if max_cells is None else max_cells,
    )
    if source.ext in TEXT_EXTENSIONS:
        return _read_text(source, limits, progress, header_row)
    return _read_workbook(source, sheet, limits, progress, header_row)


#: Called with a sheet's name just before calamine loads it; the child process reports it to the
#: parent, so that a child that dies while loading can be blamed on the right sheet.
sheet_started: Callable[[str], None] | None = None


# --------------------------------------------------------------------------------------------
# File and container checks


def _check_file(path: Path, max_bytes: int | None, max_uncompressed: int | None) -> _Source:
    """Check existence, size, extension and magic bytes before any parser sees the file."""
    name = path.name
    ext = path.suffix.lower()
    if ext not in SPREADSHEET_EXTENSIONS | TEXT_EXTENSIONS:
        raise ImportFileError(
            msg('files of type "{ext}" cannot be imported', ext=ext or "(none)"),
            file=name,
            hint=msg("Use an Excel (.xlsx, .xls, .xlsm, .xlsb), OpenDocument (.ods) or CSV file."),
        )
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError:
        raise ImportFileError(msg("the file does not exist"), file=name) from None
    except OSError as exc:
        raise ImportFileError(
            msg("the file cannot be opened ({reason})", reason=exc.strerror or str(exc)),
            file=name,
            hint=msg("Check that it is not open in another program and that you may read it."),
        ) from None
    limit = MAX_FILE_BYTES if max_bytes is None else max_bytes
    if size == 0:
        raise ImportFileError(msg("the file is empty"), file=name, hint=msg("Choose another file."))
    if size > limit:
        raise ImportFileError(
            msg(
                "the file is too large ({size}; the limit is {limit})",
                size=_mb(size),
                limit=_mb(limit),
            ),
            file=name,
            hint=msg("Remove unneeded sheets or columns, or split it into smaller files."),
        )
    source = _Source(path=path, name=name, ext=ext)
    if ext in TEXT_EXTENSIONS:
        _check_text_magic(source, head)
    elif head.startswith(_OLE_MAGIC):
        _check_ole(source)
    elif head.startswith((_ZIP_MAGIC, _EMPTY_ZIP_MAGIC)):
        if ext == ".xls":
            raise _wrong_extension(source, _zip_kind_of(path))
        source.extents = _check_zip(source, max_uncompressed)
    else:
        raise _not_a_workbook(source, head)
    return source


def _check_text_magic(source: _Source, head: bytes) -> None:
    """Refuse spreadsheets and binaries that carry a text extension."""
    if head.startswith(_ZIP_MAGIC):
        raise _wrong_extension(source, _zip_kind_of(source.path))
    if head.startswith(_OLE_MAGIC):
        raise _wrong_extension(source, ".xls")


def _check_ole(source: _Source) -> None:
    """OLE files are .xls workbooks, or password-protected xlsx/xlsm/xlsb workbooks."""
    if source.ext == ".xls":
        return
    data = source.path.read_bytes()
    if any(marker in data for marker in _ENCRYPTED_MARKERS):
        raise ImportFileError(_PASSWORD_PROBLEM, file=source.name, hint=_PASSWORD_HINT)
    raise _wrong_extension(source, ".xls")


def _check_zip(source: _Source, max_uncompressed: int | None) -> dict[str, _Extent]:
    """Inspect a zip container for bombs and mismatched content before calamine opens it.

    Returns:
        For xlsx/xlsm files, the declared used range of each sheet (see
        :func:`_declared_extents`), so oversized sheets are refused before they are loaded.
    """
    limit = MAX_UNCOMPRESSED_BYTES if max_uncompressed is None else max_uncompressed
    try:
        with zipfile.ZipFile(source.path) as archive:
            _check_zip_sizes(source, archive.infolist(), limit)
            kind = _zip_kind(archive.namelist())
            if not _extension_fits(source.ext, kind):
                raise _wrong_extension(source, kind)
            if source.ext in (".xlsx", ".xlsm"):
                return _declared_extents(archive)
            return {}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise ImportFileError(
            msg("the file is damaged: its zip container cannot be read ({error})", error=str(exc)),
            file=source.name,
            hint=_REPAIR_HINT,
        ) from None


def _check_zip_sizes(source: _Source, infos: Sequence[zipfile.ZipInfo], limit: int) -> None:
    total = 0
    for info in infos:
        total += info.file_size
        ratio_limit = MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
        if info.file_size > LARGE_MEMBER_BYTES and info.file_size > ratio_limit:
            raise ImportFileError(
                msg(
                    "the file expands to far more data than it holds ({member} unpacks {ratio} "
                    "times larger); this is typical of damaged or malicious files",
                    member=info.filename,
                    ratio=info.file_size // max(info.compress_size, 1),
                ),
                file=source.name,
                hint=msg(
                    "Do not import it. If you trust where it came from, open it in Excel or "
                    "LibreOffice, save it again and try again."
                ),
            )
    if total > limit:
        raise ImportFileError(
            msg(
                "the file unpacks to {size}, more than the limit of {limit}",
                size=_mb(total),
                limit=_mb(limit),
            ),
            file=source.name,
            hint=msg("Split it into smaller files or remove unneeded sheets."),
        )


def _zip_kind_of(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            return _zip_kind(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return ".zip"


def _zip_kind(names: Sequence[str]) -> str:
    """Name the format of a zip container by its members (as an extension); ".zip" if unsure."""
    members = {n.replace("\\", "/") for n in names}  # some writers use Windows separators
    if any(n.endswith("workbook.bin") for n in members):
        return ".xlsb"
    if "[Content_Types].xml" in members or any(n.startswith("xl/") for n in members):
        if any(n.startswith("word/") for n in members):
            return ".docx"
        if any(n.startswith("ppt/") for n in members):
            return ".pptx"
        return ".xlsm" if any(n.endswith("vbaProject.bin") for n in members) else ".xlsx"
    if "content.xml" in members or "mimetype" in members:
        return ".ods"
    return ".zip"


def _extension_fits(ext: str, kind: str) -> bool:
    # xlsx and xlsm differ only by macros; Excel itself opens either under both names.
    if {ext, kind} <= {".xlsx", ".xlsm"}:
        return True
    # An unrecognised package is left to calamine, which knows the formats better.
    return ext == kind or kind == ".zip"


_KIND_NAMES = {
    ".xlsx": msg("an Excel workbook (.xlsx)"),
    ".xlsm": msg("an Excel workbook with macros (.xlsm)"),
    ".xlsb": msg("an Excel binary workbook (.xlsb)"),
    ".xls": msg("an Excel 97-2003 workbook (.xls)"),
    ".ods": msg("an OpenDocument spreadsheet (.ods)"),
    ".docx": msg("a Word document"),
    ".pptx": msg("a PowerPoint presentation"),
    ".zip": msg("a zip archive"),
    ".csv": msg("a text (CSV) file"),
}


def _wrong_extension(source: _Source, kind: str) -> ImportFileError:
    described = _KIND_NAMES.get(kind) or msg("another kind of file")
    if kind in SPREADSHEET_EXTENSIONS | TEXT_EXTENSIONS:
        hint = msg('Rename it to "{name}" and try again.', name=f"{source.path.stem}{kind}")
    else:
        hint = msg("Choose the spreadsheet itself.")
    return ImportFileError(
        msg('the file is named "{ext}" but is really {kind}', ext=source.ext, kind=described),
        file=source.name,
        hint=hint,
    )


def _not_a_workbook(source: _Source, head: bytes) -> ImportFileError:
    """Explain what a non-zip, non-OLE file with a spreadsheet extension really is."""
    sample = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sample.startswith((b"<!doctype html", b"<html", b"<table")) or b"<html" in sample:
        return ImportFileError(
            msg('the file is named "{ext}" but is really a web page (HTML)', ext=source.ext),
            file=source.name,
            hint=msg("Open it in Excel or LibreOffice and save it as .xlsx."),
        )
    if sample.startswith(b"<?xml"):
        return ImportFileError(
            msg(
                'the file is named "{ext}" but is an XML file (perhaps Excel 2003 XML)',
                ext=source.ext,
            ),
            file=source.name,
            hint=msg("Open it in Excel or LibreOffice and save it as .xlsx."),
        )
    if _looks_like_text(head):
        return _wrong_extension(source, ".csv")
    return ImportFileError(
        msg(
            "the file is damaged or is not really {kind}",
            kind=_KIND_NAMES.get(source.ext) or msg("a spreadsheet"),
        ),
        file=source.name,
        hint=_REPAIR_HINT,
    )


def _declared_extents(archive: zipfile.ZipFile) -> dict[str, _Extent]:
    """Map sheet name -> the used range its <dimension> element declares, for an xlsx file.

    Best effort: any surprise in the package returns what was found so far, and the limits are
    then enforced after calamine has loaded the sheet instead of before (in the child process,
    under its memory limit).
    """
    found: dict[str, _Extent] = {}
    try:
        targets = _sheet_targets(archive)
        for sheet_name, member in targets.items():
            info = archive.getinfo(member)
            with archive.open(info) as fh:
                head = fh.read(65536)
            match = _DIMENSION_RE.search(head)
            if not match:
                found[sheet_name] = _Extent(0, 0, 0, 0, member, info.file_size, declared=False)
            else:
                first_col, first_row, last_col, last_row = (
                    g.decode() if g else "" for g in match.groups()
                )
                start = (max(int(first_row) - 1, 0), _column_index(first_col))
                end = (max(int(last_row) - 1, 0), _column_index(last_col)) if last_col else start
                found[sheet_name] = _Extent(
                    first_row=min(start[0], end[0]),
                    first_col=min(start[1], end[1]),
                    last_row=max(start[0], end[0]),
                    last_col=max(start[1], end[1]),
                    member=member,
                    xml_size=info.file_size,
                )
    except (
        KeyError,
        ElementTree.ParseError,
        ValueError,
        OSError,
        RuntimeError,
        EOFError,
        zipfile.BadZipFile,
    ):
        pass
    return found


def _sheet_targets(archive: zipfile.ZipFile) -> dict[str, str]:
    """Map sheet names to worksheet XML member paths via workbook.xml and its relationships."""
    for member in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        if archive.getinfo(member).file_size > 10 * 1024 * 1024:
            return {}
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    rel_targets = {
        el.get("Id"): el.get("Target", "") for el in rels.iter() if _local(el.tag) == "Relationship"
    }
    targets: dict[str, str] = {}
    for el in workbook.iter():
        if _local(el.tag) != "sheet":
            continue
        rel_id = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
        target = rel_targets.get(rel_id)
        if target and el.get("name") is not None:
            path = target[1:] if target.startswith("/") else posixpath.join("xl", target)
            targets[str(el.get("name"))] = posixpath.normpath(path)
    return targets


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# --------------------------------------------------------------------------------------------
# Workbooks through python-calamine


def _open_workbook(source: _Source) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(source.path))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: B036 - pyo3 panics derive from BaseException
        raise _calamine_error(source, exc) from None


def _calamine_error(
    source: _Source, exc: BaseException, sheet: str | None = None
) -> ImportFileError:
    """Turn anything calamine raised into a message the user can act on."""
    detail = " ".join(str(exc).split())[:160] or type(exc).__name__
    if isinstance(exc, PasswordError):
        return ImportFileError(_PASSWORD_PROBLEM, file=source.name, hint=_PASSWORD_HINT)
    if isinstance(exc, MemoryError) or "limit exceeded" in detail.lower():
        return ImportFileError(
            msg("the sheet is too large to read"),
            file=source.name,
            sheet=sheet,
            hint=msg("Split it into smaller files, or delete empty rows and columns at its end."),
        )
    return ImportFileError(
        msg("the file is damaged or uses a feature that cannot be read ({detail})", detail=detail),
        file=source.name,
        sheet=sheet,
        hint=_REPAIR_HINT,
    )


def _read_workbook(
    source: _Source,
    sheet: str | None,
    limits: _Limits,
    progress: ProgressCallback | None,
    header_row: int | None,
) -> RawTable:
    workbook = _open_workbook(source)
    try:
        names = list(workbook.sheet_names)
        if sheet is not None:
            if sheet not in names:
                raise ImportFileError(
                    msg('the file has no sheet named "{sheet}"', sheet=sheet),
                    file=source.name,
                    hint=msg("Choose one of: {names}.", names=", ".join(f'"{n}"' for n in names)),
                )
            return _read_sheet(source, workbook, sheet, names, limits, progress, header_row)
        return _read_default_sheet(source, workbook, names, limits, progress, header_row)
    finally:
        workbook.close()


def _read_default_sheet(
    source: _Source,
    workbook: CalamineWorkbook,
    names: list[str],
    limits: _Limits,
    progress: ProgressCallback | None,
    header_row: int | None,
) -> RawTable:
    """Read the first visible worksheet that holds data, noting the choice when there are more."""
    for name in _sheet_preference(workbook, names):
        try:
            table = _read_sheet(source, workbook, name, names, limits, progress, header_row)
        except _EmptySheetError:
            continue
        if len(names) > 1:
            table.notes.insert(
                0,
                msg(
                    'The file has {count} sheets; sheet "{sheet}" was read. '
                    "Choose another sheet if this is not the right one.",
                    count=len(names),
                    sheet=name,
                ),
            )
        return table
    raise ImportFileError(
        msg("the file holds no data in any sheet"),
        file=source.name,
        hint=msg("Choose another file."),
    )


def _sheet_preference(workbook: CalamineWorkbook, names: list[str]) -> list[str]:
    """Visible worksheets first, then hidden ones; chart sheets never."""
    metadata = getattr(workbook, "sheets_metadata", None)
    if not metadata:
        return names
    shown = SheetVisibleEnum.Visible
    visible = [m.name for m in metadata if _is_worksheet(m) and m.visible == shown]
    hidden = [m.name for m in metadata if _is_worksheet(m) and m.visible != shown]
    return visible + hidden


def _is_worksheet(meta: SheetMetadata) -> bool:
    return bool(meta.typ == SheetTypeEnum.WorkSheet)


def _read_sheet(
    source: _Source,
    workbook: CalamineWorkbook,
    name: str,
    names: list[str],
    limits: _Limits,
    progress: ProgressCallback | None,
    header_row: int | None = None,
) -> RawTable:
    _refuse_chart_sheet(source, workbook, name)
    _check_declared_extent(source, name, limits)
    if sheet_started is not None:
        sheet_started(name)
    try:
        sheet = workbook.get_sheet_by_name(name)
        _check_loaded_size(source, name, sheet.start, sheet.height, sheet.width, limits)
        start = sheet.start or (0, 0)
        values = sheet.to_python(skip_empty_area=True)
    except ImportFileError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: B036 - pyo3 panics derive from BaseException
        raise _calamine_error(source, exc, name) from None
    return _build_table(
        values,
        file_name=source.name,
        sheet_name=name,
        sheets=names,
        first_row=start[0],
        first_col=start[1],
        progress=progress,
        notes=[],
        header_row=header_row,
    )


def _refuse_chart_sheet(source: _Source, workbook: CalamineWorkbook, name: str) -> None:
    for meta in getattr(workbook, "sheets_metadata", None) or []:
        if meta.name == name and not _is_worksheet(meta):
            raise ImportFileError(
                msg("the sheet is a chart or macro sheet, not a table"),
                file=source.name,
                sheet=name,
                hint=msg("Choose another sheet."),
            )


def _check_declared_extent(source: _Source, name: str, limits: _Limits) -> None:
    """Refuse an xlsx sheet whose used range is over a limit, before calamine allocates it.

    calamine allocates every cell of the used range, so two cells at A1 and XFD1048576 ask it
    for 17 billion cells, which aborts the process that reads them. The range the sheet
    declares is trusted when its XML is large enough to hold that many rows; otherwise (a tiny
    file claiming a huge range, or a true range made by a few stray cells) the cells really
    present are scanned, so the message can name the stray cell, and a declaration that lies
    costs nothing.
    """
    declared = source.extents.get(name)
    if declared is None:
        return
    if not declared.declared:
        # No <dimension>: scan what is cheap to scan; a bigger sheet is bounded by the child.
        found = (
            _scan_extent(source, declared.member, limits)
            if declared.xml_size <= _SCAN_UNDECLARED
            else None
        )
        if found is not None and not _within(found.rows, found.columns, limits):
            raise _extent_error(source, name, found, limits)
        return
    if _within(declared.rows, declared.columns, limits):
        return
    # A row needs at least ~20 bytes of XML: a sheet that big really has the rows it declares.
    if declared.rows > limits.rows and declared.xml_size > 20 * limits.rows:
        raise _too_many_rows(source, name, declared.rows, limits.rows)
    found = _scan_extent(source, declared.member, limits)
    if found is not None and not _within(found.rows, found.columns, limits):
        raise _extent_error(source, name, found, limits)


def _within(rows: int, columns: int, limits: _Limits) -> bool:
    return rows <= limits.rows and columns <= limits.columns and rows * columns <= limits.cells


@dataclass
class _Scanned:
    """The used range of an xlsx sheet as its cells show it, and the cells that make it."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int
    last_row_cell: str  # reference of a cell on the last row, e.g. "B1048576"
    last_col_cell: str  # reference of a cell in the last column, e.g. "XFD2"
    beyond: int  # cells outside the column or row limit (counted from A1)

    @property
    def rows(self) -> int:
        return self.last_row - self.first_row + 1

    @property
    def columns(self) -> int:
        return self.last_col - self.first_col + 1


#: Outside the limits, this many cells or fewer are strays; more are a real (too big) table.
_STRAY_CELLS = 10
#: A sheet without a <dimension> element is scanned before loading up to this XML size (about
#: 0.1 s); a bigger one is loaded by calamine and bounded by the child's memory limit.
_SCAN_UNDECLARED = 16 * 1024 * 1024


def _scan_extent(source: _Source, member: str, limits: _Limits) -> _Scanned | None:
    """Scan a worksheet's XML for the cells it really holds (streamed, in 1 MB pieces).

    Cells without a value (``<c r="X9" s="1"/>``, formatting only) are ignored, as calamine
    ignores them. Returns None when no cell has a reference (calamine then places cells by
    their order, and the limits are checked after loading).
    """
    first_row = first_col = 1 << 40
    last_row = last_col = -1
    last_row_cell = last_col_cell = ""
    beyond = 0
    try:
        with zipfile.ZipFile(source.path) as archive, archive.open(member) as fh:
            tail = b""
            while True:
                chunk = fh.read(1 << 20)
                data = tail + chunk
                # Keep an element cut at the end of the piece for the next round.
                cut = data.rfind(b"<") if chunk else len(data)
                tail, data = (data[cut:], data[:cut]) if cut > 0 else (b"", data)
                for match in _CELL_RE.finditer(data):
                    if match.group(3):
                        continue  # self-closing: no value
                    row = int(match.group(2)) - 1
                    col = _column_index(match.group(1).decode())
                    if row >= limits.rows or col >= limits.columns:
                        beyond += 1
                    first_row = min(first_row, row)
                    first_col = min(first_col, col)
                    if row > last_row:
                        last_row, last_row_cell = (
                            row,
                            match.group(1).decode() + match.group(2).decode(),
                        )
                    if col > last_col:
                        last_col, last_col_cell = (
                            col,
                            match.group(1).decode() + match.group(2).decode(),
                        )
                if not chunk:
                    break
    except (KeyError, OSError, EOFError, RuntimeError, ValueError, zipfile.BadZipFile):
        return None
    if last_row < 0:
        return None
    return _Scanned(first_row, first_col, last_row, last_col, last_row_cell, last_col_cell, beyond)


def _extent_error(source: _Source, name: str, found: _Scanned, limits: _Limits) -> ImportFileError:
    """The message for a sheet whose cells span more than the limits allow."""
    if found.beyond and found.beyond <= _STRAY_CELLS:
        cell = found.last_col_cell if found.columns > limits.columns else found.last_row_cell
        return ImportFileError(
            msg(
                "the sheet's used range reaches cell {cell} ({rows:,} rows x {columns:,} columns; "
                "the limit is {max_rows:,} x {max_columns:,})",
                cell=cell,
                rows=found.rows,
                columns=found.columns,
                max_rows=limits.rows,
                max_columns=limits.columns,
            ),
            file=source.name,
            sheet=name,
            hint=msg(
                "Delete the stray cell at {cell} and anything else beyond your table, or copy "
                "the data into a new sheet, save it and try again.",
                cell=cell,
            ),
        )
    if found.rows > limits.rows:
        return _too_many_rows(source, name, found.rows, limits.rows)
    first = f"{column_letter(found.first_col)}{found.first_row + 1}"
    last = f"{column_letter(found.last_col)}{found.last_row + 1}"
    return _too_many_columns(source, name, f"{first}:{last}", found.rows, found.columns, limits)


def _check_loaded_size(
    source: _Source,
    name: str,
    start: tuple[int, int] | None,
    height: int,
    width: int,
    limits: _Limits,
) -> None:
    """Refuse a loaded sheet that is over a limit before it is turned into Python objects."""
    if height > limits.rows:
        raise _too_many_rows(source, name, height, limits.rows)
    if not _within(height, width, limits):
        row, col = start or (0, 0)
        used = f"{column_letter(col)}{row + 1}:{column_letter(col + width - 1)}{row + height}"
        raise _too_many_columns(source, name, used, height, width, limits)


def _too_many_columns(
    source: _Source, name: str, used: str, rows: int, columns: int, limits: _Limits
) -> ImportFileError:
    if columns > limits.columns:
        return ImportFileError(
            msg(
                "the sheet has {columns:,} columns (used range {used}); the limit is {limit:,}",
                columns=columns,
                used=used,
                limit=limits.columns,
            ),
            file=source.name,
            sheet=name,
            hint=msg(
                "Delete empty columns and stray cells right of your table, or copy the data "
                "into a new sheet, save it and try again."
            ),
        )
    return ImportFileError(
        msg(
            "the sheet has {cells:,} cells (used range {used}); the limit is {limit:,}",
            cells=rows * columns,
            used=used,
            limit=limits.cells,
        ),
        file=source.name,
        sheet=name,
        hint=msg(
            "Delete empty rows, columns and stray cells beyond your table, or split it into "
            "smaller files, and try again."
        ),
    )


def _too_many_rows(source: _Source, sheet: str | None, rows: int, limit: int) -> ImportFileError:
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


# --------------------------------------------------------------------------------------------
# Text files


def _read_text(
    source: _Source, limits: _Limits, progress: ProgressCallback | None, header_row: int | None
) -> RawTable:
    data = source.path.read_bytes()
    notes: list[str] = []
    text = _decode(source, data, notes)
    if "\x00" in text:
        text = text.replace("\x00", "")
        notes.append(msg("Stray NUL characters in the file were removed."))
    delimiter = _sniff_delimiter(text, source.ext)
    records = _parse_csv(source, text, delimiter, limits)
    if delimiter != ",":
        notes.append(
            {
                "\t": msg("Columns are separated by tabs."),
                ";": msg("Columns are separated by semicolons."),
                "|": msg("Columns are separated by vertical bars."),
            }[delimiter]
        )
    return _build_table(
        records,
        file_name=source.name,
        sheet_name=None,
        sheets=[],
        first_row=0,
        first_col=0,
        progress=progress,
        notes=notes,
        header_row=header_row,
    )


def _decode(source: _Source, data: bytes, notes: list[str]) -> str:
    """Decode text: BOMs first, then strict UTF-8, then charset detection among Western codecs."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(source, data, "utf-16")
    if _looks_like_utf16le(data):
        return _decode_utf16(source, data, "utf-16-le")
    if not _looks_like_text(data[:65536]):
        raise _binary_garbage(source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    encoding = _detect_western_encoding(data)
    notes.append(
        msg(
            "The file is not UTF-8; it was read as {encoding} text. "
            "Check accented letters in the preview.",
            encoding=encoding,
        )
    )
    return data.decode(encoding, errors="replace")


def _decode_utf16(source: _Source, data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise _binary_garbage(source) from None


def _looks_like_utf16le(data: bytes) -> bool:
    """UTF-16LE without a BOM: mostly ASCII text, so nearly every odd byte is NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    odd = sample[1::2]
    even = sample[0::2]
    return odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even)


def _looks_like_text(sample: bytes) -> bool:
    """True when the bytes have few NULs and control characters, as real text does."""
    if not sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return controls <= 0.01 * len(sample)


def _detect_western_encoding(data: bytes) -> str:
    """Choose among the Western European codecs Italian offices use, cp1252 when unsure."""
    # Mac Roman and Central European codecs are left out: on short Italian text they win by
    # accident and turn every accented letter into the wrong one.
    candidates = ["cp1252", "latin_1", "iso8859_15"]
    try:
        best = from_bytes(data[:1_000_000], cp_isolation=candidates).best()
    except (ValueError, LookupError, RuntimeError):
        best = None
    encoding = best.encoding if best is not None else "cp1252"
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        encoding = "cp1252"
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        encoding = "latin_1"  # decodes any byte; only reached for cp1252's five unused bytes
    return {"cp1252": "Windows-1252", "latin_1": "Latin-1", "iso8859_15": "ISO-8859-15"}.get(
        encoding, encoding
    )


def _binary_garbage(source: _Source) -> ImportFileError:
    return ImportFileError(
        msg("the file does not contain text: it looks like a binary or damaged file"),
        file=source.name,
        hint=msg("Export the data again as CSV or Excel and try again."),
    )


def _sniff_delimiter(text: str, ext: str) -> str:
    """Pick the delimiter that splits the first records into the most consistent columns.

    csv.Sniffer is unreliable on Italian files, where decimal commas look like separators, so
    each candidate is scored by how many records share the most common field count (> 1).
    Parsing is strict, so a candidate that breaks quoted fields ("a;b","c") scores nothing.
    """
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]  # do not score a record cut in the middle
    default = "\t" if ext == ".tsv" else ","
    best, best_score = default, (0.0, 0)
    for delimiter in _DELIMITERS:
        score = _delimiter_score(sample, delimiter)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _delimiter_score(sample: str, delimiter: str) -> tuple[float, int]:
    counts: list[int] = []
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter, strict=True)
    try:
        for record in reader:
            if any(record):
                counts.append(len(record))
            if len(counts) >= 100:
                break
    except csv.Error:
        # An error on the sample's last line is a quoted field cut by the sample, not a misfit.
        if reader.line_num < sample.count("\n"):
            return (0.0, 0)
    if not counts:
        return (0.0, 0)
    mode = max(set(counts), key=lambda c: (counts.count(c), c))
    if mode < 2:
        return (0.0, 0)
    return (counts.count(mode) / len(counts), mode)


def _parse_csv(source: _Source, text: str, delimiter: str, limits: _Limits) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    cells = 0
    try:
        for record in reader:
            records.append(record)
            if len(records) > limits.rows:
                raise _too_many_rows(source, None, _count_more(reader, len(records)), limits.rows)
            if len(record) > limits.columns:
                raise _too_many_fields(source, len(records), len(record), limits.columns)
            cells += len(record)
            if cells > limits.cells:
                raise ImportFileError(
                    msg("the file has more than {limit:,} cells", limit=limits.cells),
                    file=source.name,
                    hint=msg("Split it into smaller files and import them one by one."),
                )
    except csv.Error as exc:
        raise ImportFileError(
            msg("the text cannot be split into columns ({error})", error=str(exc)),
            file=source.name,
            row=len(records) + 1,
            hint=msg('Check for an unclosed quote (") near that row, or export the file again.'),
        ) from None
    return records


def _too_many_fields(source: _Source, row: int, fields: int, limit: int) -> ImportFileError:
    return ImportFileError(
        msg("the row has {columns:,} columns; the limit is {limit:,}", columns=fields, limit=limit),
        file=source.name,
        row=row,
        hint=msg(
            "Check that the file is a table with one record per line, or delete the columns "
            "you do not need, and try again."
        ),
    )


def _count_more(reader: Iterator[list[str]], seen: int) -> int:
    """Count the remaining records cheaply so the error can say how big the file is."""
    for _ in reader:
        seen += 1
    return seen


# --------------------------------------------------------------------------------------------
# From raw rows to a table


def _build_table(
    raw_rows: Sequence[Sequence[object]],
    *,
    file_name: str,
    sheet_name: str | None,
    sheets: list[str],
    first_row: int,
    first_col: int,
    progress: ProgressCallback | None,
    notes: list[str],
    header_row: int | None = None,
) -> RawTable:
    """Clean cells, find (or take) the header, drop blank and totals rows, name the columns."""
    kept, marked = _clean_rows(raw_rows, first_row, progress)
    if not kept:
        raise _EmptySheetError(
            msg("the sheet holds no data")
            if sheet_name is not None
            else msg("the file holds no data"),
            file=file_name,
            sheet=sheet_name,
            hint=msg("Choose another sheet or file."),
        )
    if header_row is None:
        header_at = _find_header([cells for _, cells in kept])
    else:
        header_at = _chosen_header(kept, header_row, file_name, sheet_name)
    if header_at is None:
        header_cells: list[Cell] = []
        data = kept
        header_index: int | None = None
        notes.append(
            msg("No header row was found; columns are named by their letter.")
            if header_row is None
            else msg("Read without a header row, as chosen; columns are named by their letter.")
        )
    else:
        header_index, header_cells = kept[header_at]
        data = kept[header_at + 1 :]
        if header_at > 0:
            notes.append(
                msg(
                    "The header is on row {row}; the rows above it were skipped.",
                    row=header_index + 1,
                )
            )
    data = _drop_totals(data, notes)
    columns = _used_columns(header_cells, data)
    headers = _header_names(header_cells, columns, first_col)
    rows = _project(data, columns)
    row_numbers = [index + 1 for index, _ in data]
    _note_error_markers(rows, row_numbers, headers, marked, notes)
    if not rows:
        notes.append(msg("There are no data rows below the header."))
    return RawTable(
        file_name=file_name,
        sheet_name=sheet_name,
        sheets=sheets,
        header_row_index=header_index,
        headers=headers,
        rows=rows,
        row_numbers=row_numbers,
        notes=notes,
    )


def _chosen_header(
    kept: list[tuple[int, list[Cell]]], header_row: int, file_name: str, sheet_name: str | None
) -> int | None:
    """Position in *kept* of the header row the user chose (None for 0: no header)."""
    if header_row == 0:
        return None
    for position, (index, _cells) in enumerate(kept):
        if index + 1 == header_row:
            return position
    raise ImportFileError(
        msg(
            "row {row} is blank or outside the table, so it cannot hold the column titles",
            row=header_row,
        ),
        file=file_name,
        sheet=sheet_name,
        row=header_row,
        hint=msg("Choose the row that holds the column titles, or 0 for none."),
    )


def _clean_rows(
    raw_rows: Sequence[Sequence[object]], first_row: int, progress: ProgressCallback | None
) -> tuple[list[tuple[int, list[Cell]]], set[int]]:
    """Clean every cell and drop blank rows.

    Returns:
        The kept rows with their 0-based source index, and the source indexes of rows holding
        text that starts with "#" (possible spreadsheet error markers), so that only those are
        searched for markers later.
    """
    total = len(raw_rows)
    kept: list[tuple[int, list[Cell]]] = []
    hashes: list[bool] = []

    def clean(value: object) -> Cell:
        cell = _clean_cell(value)
        if type(cell) is str and cell[:1] == "#":
            hashes.append(True)
        return cell

    # Plain ints and non-blank ASCII text without edge spaces are by far the most common cells;
    # passing them through without a function call halves the cost of this loop.
    marked: set[int] = set()
    for i, raw in enumerate(raw_rows):
        cells = [
            v
            if (type(v) is str and v and v.isascii() and not v[0].isspace() and v[0] != "#"
                and not v[-1].isspace() and "\x00" not in v)
            or type(v) is int
            else clean(v)
            for v in raw
        ]  # fmt: skip
        if any(c is not None for c in cells):
            kept.append((first_row + i, cells))
            if hashes:
                marked.add(first_row + i)
        hashes.clear()
        if progress is not None and i % _PROGRESS_STEP == 0:
            progress(i, total)
    if progress is not None:
        progress(total, total)
    return kept, marked


def _clean_cell(value: object) -> Cell:
    """Normalise one cell: stripped text, whole floats as int, midnight datetimes as dates."""
    kind = type(value)
    if kind is str:
        text = value.strip()  # type: ignore[attr-defined]
        if not text:
            return None
        if not text.isascii():
            text = text.translate(_SPACE_TABLE).strip()
        if "\x00" in text:  # damaged BIFF strings carry NULs that no user typed
            text = text.replace("\x00", "").strip()
        return text or None
    if kind is float:
        number: float = value  # type: ignore[assignment]
        if number.is_integer() and abs(number) < 2**53:
            return int(number)
        return number
    if kind is datetime:
        moment: datetime = value  # type: ignore[assignment]
        if moment.tzinfo is None and moment.time() == time(0, 0):
            return moment.date()
        return moment
    if value is None or isinstance(value, int | bool | date | time | timedelta):
        return value  # type: ignore[return-value]
    return str(value).strip() or None


def _is_text(cell: Cell) -> bool:
    return isinstance(cell, str) and not _numeric_text(cell)


def _numeric_text(text: str) -> bool:
    # The length cap keeps the regex linear on hostile cells; real numbers are short.
    return len(text) <= 40 and bool(_NUMERIC_TEXT_RE.match(text))


def _is_number(cell: Cell) -> bool:
    if isinstance(cell, bool):
        return False
    if isinstance(cell, int | float):
        return True
    return isinstance(cell, str) and _numeric_text(cell)


def _find_header(rows: Sequence[list[Cell]]) -> int | None:
    """Index (into ``rows``) of the header: mostly text, wide enough, and followed by data.

    Title rows ("Elenco soci 2024", often one merged cell) are narrower than the table and are
    skipped; a single-column table accepts a one-cell header.
    """
    window = rows[:HEADER_SEARCH_ROWS]
    width = max(sum(c is not None for c in cells) for cells in rows[: HEADER_SEARCH_ROWS + 30])
    needed = 1 if width < 2 else max(2, (width + 1) // 2)
    candidates = []
    for k, cells in enumerate(window):
        filled = [c for c in cells if c is not None]
        if len(filled) < needed:
            continue
        if 2 * sum(1 for c in filled if _is_text(c)) > len(filled):
            if k + 1 < len(rows):
                after = rows[k + 2] if k + 2 < len(rows) else None
                return k + 1 if _is_group_row(filled, rows[k + 1], after) else k
            candidates.append(k)
    return candidates[0] if candidates else None


def _is_group_row(filled: Sequence[Cell], below: list[Cell], data: list[Cell] | None) -> bool:
    """True for a row of group labels over the real titles ("Anagrafica", "Anagrafica", "Sede").

    Group labels repeat across the columns they span (when the merged cells were unmerged);
    the titles under them are all different, all text, at least as wide, and the data after
    them holds a number or date under one of them (so the titles row is not itself data).
    """
    labels = [str(c).casefold() for c in filled]
    if len(set(labels)) == len(labels) or data is None:
        return False
    titles = [c for c in below if c is not None]
    if not (
        len(titles) >= len(filled)
        and all(_is_text(c) for c in titles)
        and len({str(c).casefold() for c in titles}) == len(titles)
    ):
        return False
    return any(
        j < len(data) and data[j] is not None and not _is_text(data[j])
        for j, cell in enumerate(below)
        if cell is not None
    )


def _drop_totals(
    data: list[tuple[int, list[Cell]]], notes: list[str]
) -> list[tuple[int, list[Cell]]]:
    kept = []
    for index, cells in data:
        if _is_totals_row(cells):
            notes.append(msg("Row {row} looks like a totals line and was skipped.", row=index + 1))
        else:
            kept.append((index, cells))
    return kept


def _is_totals_row(cells: list[Cell]) -> bool:
    """A totals line: "Totale"/"Total"/"Summe"... followed only by numbers (or nothing).

    A lone word ("Totale", "Total:") counts as well: offices leave the label when the sum
    column was deleted. A company name such as "Total Italia S.p.A." never counts, whatever
    follows it.
    """
    filled = [c for c in cells if c is not None]
    if not filled or not isinstance(filled[0], str):
        return False
    label = filled[0]
    if not _TOTALS_RE.match(label) or _is_company_name(label):
        return False
    if len(filled) == 1:
        return bool(_BARE_TOTALS_RE.match(label))
    return all(_is_number(c) for c in filled[1:])


def _is_company_name(label: str) -> bool:
    return ends_with_legal_form(label) or bool(_COMPANY_WORDS.search(label))


def _used_columns(header: list[Cell], data: list[tuple[int, list[Cell]]]) -> list[int]:
    """Source column positions that hold a header or any value; empty columns are dropped."""
    width = max([len(header)] + [len(cells) for _, cells in data])
    unused = {j for j in range(width) if j >= len(header) or header[j] is None}
    for _, cells in data:
        if not unused:
            break  # only columns still unseen are checked: usually none after a few rows
        unused -= {j for j in unused if j < len(cells) and cells[j] is not None}
    return [j for j in range(width) if j not in unused]


def _project(data: list[tuple[int, list[Cell]]], columns: list[int]) -> list[list[Cell]]:
    """Cut every row down to ``columns``, padding short rows with None."""
    if columns and columns == list(range(columns[0], columns[-1] + 1)):
        start, stop = columns[0], columns[-1] + 1
        width = stop - start
        pad: list[Cell] = [None]
        return [
            row if len(row) == width else row + pad * (width - len(row))
            for row in (cells[start:stop] for _, cells in data)
        ]
    return [[_at(cells, j) for j in columns] for _, cells in data]


def _header_names(header: list[Cell], columns: list[int], first_col: int) -> list[str]:
    names: list[str] = []
    taken: set[str] = set()
    for j in columns:
        base = _header_text(_at(header, j)) or f"Column {column_letter(first_col + j)}"
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            name = f"{base} ({n})"
        taken.add(name.casefold())
        names.append(name)
    return names


def _header_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return " ".join(str(cell).split())


def _at(cells: list[Cell], j: int) -> Cell:
    return cells[j] if j < len(cells) else None


def _note_error_markers(
    rows: list[list[Cell]],
    row_numbers: list[int],
    headers: list[str],
    marked: set[int],
    notes: list[str],
) -> None:
    """Add one note per column that holds spreadsheet error values such as #DIV/0!.

    Only rows whose 0-based source index is in ``marked`` are searched.
    """
    found: dict[int, list[int]] = {}
    markers: dict[int, set[str]] = {}
    for row, number in zip(rows, row_numbers, strict=True):
        if number - 1 not in marked:
            continue
        for j, cell in enumerate(row):
            if isinstance(cell, str) and cell.startswith("#") and cell.upper() in ERROR_MARKERS:
                found.setdefault(j, []).append(number)
                markers.setdefault(j, set()).add(cell)
    for j, numbers in found.items():
        shown = ", ".join(str(n) for n in numbers[:5]) + (" ..." if len(numbers) > 5 else "")
        kinds = ", ".join(sorted(markers[j]))
        notes.append(
            msg(
                'Column "{column}" holds spreadsheet errors ({kinds}) in rows {rows}; '
                "they are kept as text and will be reported when values are checked.",
                column=headers[j],
                kinds=kinds,
                rows=shown,
            )
        )


def _column_index(letters: str) -> int:
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


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
