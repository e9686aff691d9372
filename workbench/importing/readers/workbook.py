"""Workbooks (xlsx, xlsm, xls, xlsb, ods) through python-calamine.

Open, choose the sheet, check its used range against the limits (verified against the cells
really present when it is over), load it and hand its cells to
:func:`~workbench.importing.readers.table.build_table`.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from python_calamine import (
    CalamineWorkbook,
    PasswordError,
    SheetMetadata,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from workbench.importing.errors import ImportFileError
from workbench.importing.readers.common import (
    PASSWORD_HINT,
    PASSWORD_PROBLEM,
    REPAIR_HINT,
    EmptySheetError,
    ProgressCallback,
    RawTable,
    ReadSettings,
    SheetExtent,
    Source,
    column_index,
    column_letter,
    too_many_rows,
)
from workbench.importing.readers.table import build_table
from workbench.translatable import msg

_DIMENSION_RE = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?"'
)
# A cell element with its reference: <c r="XFD2000" t="s"> (self-closing <c .../> holds nothing).
_CELL_RE = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(/?)>')


def declared_extents(archive: zipfile.ZipFile) -> dict[str, SheetExtent]:
    """Map sheet name -> the used range its <dimension> element declares, for an xlsx file.

    Best effort: any surprise in the package returns what was found so far, and the limits are
    then enforced after calamine has loaded the sheet instead of before (in the child process,
    under its memory limit).
    """
    found: dict[str, SheetExtent] = {}
    try:
        targets = _sheet_targets(archive)
        for sheet_name, member in targets.items():
            info = archive.getinfo(member)
            with archive.open(info) as fh:
                head = fh.read(65536)
            match = _DIMENSION_RE.search(head)
            if not match:
                found[sheet_name] = SheetExtent(0, 0, 0, 0, member, info.file_size, declared=False)
            else:
                first_col, first_row, last_col, last_row = (
                    g.decode() if g else "" for g in match.groups()
                )
                start = (max(int(first_row) - 1, 0), column_index(first_col))
                end = (max(int(last_row) - 1, 0), column_index(last_col)) if last_col else start
                found[sheet_name] = SheetExtent(
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


def open_workbook(source: Source) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(source.path))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: B036 - pyo3 panics derive from BaseException
        raise _calamine_error(source, exc) from None


def _calamine_error(
    source: Source, exc: BaseException, sheet: str | None = None
) -> ImportFileError:
    """Turn anything calamine raised into a message the user can act on."""
    detail = " ".join(str(exc).split())[:160] or type(exc).__name__
    if isinstance(exc, PasswordError):
        return ImportFileError(PASSWORD_PROBLEM, file=source.name, hint=PASSWORD_HINT)
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
        hint=REPAIR_HINT,
    )


def read_workbook(
    source: Source,
    sheet: str | None,
    limits: ReadSettings,
    progress: ProgressCallback | None,
    header_row: int | None,
) -> RawTable:
    workbook = open_workbook(source)
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
    source: Source,
    workbook: CalamineWorkbook,
    names: list[str],
    limits: ReadSettings,
    progress: ProgressCallback | None,
    header_row: int | None,
) -> RawTable:
    """Read the first visible worksheet that holds data, noting the choice when there are more."""
    for name in _sheet_preference(workbook, names):
        try:
            table = _read_sheet(source, workbook, name, names, limits, progress, header_row)
        except EmptySheetError:
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
    source: Source,
    workbook: CalamineWorkbook,
    name: str,
    names: list[str],
    limits: ReadSettings,
    progress: ProgressCallback | None,
    header_row: int | None = None,
) -> RawTable:
    _refuse_chart_sheet(source, workbook, name)
    _check_declared_extent(source, name, limits)
    if limits.sheet_started is not None:
        limits.sheet_started(name)
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
    return build_table(
        values,
        file_name=source.name,
        sheet_name=name,
        sheets=names,
        first_row=start[0],
        first_col=start[1],
        progress=progress,
        notes=[],
        header_row=header_row,
        header_search_rows=limits.header_search_rows,
    )


def _refuse_chart_sheet(source: Source, workbook: CalamineWorkbook, name: str) -> None:
    for meta in getattr(workbook, "sheets_metadata", None) or []:
        if meta.name == name and not _is_worksheet(meta):
            raise ImportFileError(
                msg("the sheet is a chart or macro sheet, not a table"),
                file=source.name,
                sheet=name,
                hint=msg("Choose another sheet."),
            )


def _check_declared_extent(source: Source, name: str, limits: ReadSettings) -> None:
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
        raise too_many_rows(source, name, declared.rows, limits.rows)
    found = _scan_extent(source, declared.member, limits)
    if found is not None and not _within(found.rows, found.columns, limits):
        raise _extent_error(source, name, found, limits)


def _within(rows: int, columns: int, limits: ReadSettings) -> bool:
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


def _scan_extent(source: Source, member: str, limits: ReadSettings) -> _Scanned | None:
    """Scan a worksheet's XML for the cells it really holds (streamed, in 1 MB pieces).

    Cells without a value (``<c r="X9" s="1"/>``, formatting only) are ignored, as calamine
    ignores them. Returns None when no cell has a reference (calamine then places cells by
    their order, and the limits are checked after loading).
    """
    extent = _ExtentScan(limits)
    try:
        with zipfile.ZipFile(source.path) as archive, archive.open(member) as fh:
            tail = b""
            while True:
                chunk = fh.read(1 << 20)
                data = tail + chunk
                # Keep an element cut at the end of the piece for the next round.
                cut = data.rfind(b"<") if chunk else len(data)
                tail, data = (data[cut:], data[:cut]) if cut > 0 else (b"", data)
                extent.add(_CELL_RE.findall(data))
                if not chunk:
                    break
    except (KeyError, OSError, EOFError, RuntimeError, ValueError, zipfile.BadZipFile):
        return None
    return extent.result()


class _ExtentScan:
    """The used range of the valued cells seen so far, piece after piece of a sheet's XML.

    Works on a piece's cells at once (the regex's tuples) and converts each distinct column
    letter once: a 10,000-row sheet has ~120,000 cells but a dozen column letters, and the
    scan must cost little beside calamine's own read of the file.
    """

    def __init__(self, limits: ReadSettings) -> None:
        self.limits = limits
        self.first_row = self.first_col = 1 << 40
        self.last_row = self.last_col = -1
        self.last_row_cell = self.last_col_cell = ""
        self.beyond = 0
        self.column_of: dict[bytes, int] = {}

    def add(self, cells: list[tuple[bytes, bytes, bytes]]) -> None:
        """Take one piece's ``(letters, digits, self-closing)`` cells, in file order."""
        valued = [cell for cell in cells if not cell[2]]  # self-closing: no value
        if not valued:
            return
        rows = [int(cell[1]) - 1 for cell in valued]
        column_of = self.column_of
        for letters in {cell[0] for cell in valued}.difference(column_of):
            column_of[letters] = column_index(letters.decode())
        columns = [column_of[cell[0]] for cell in valued]
        self.first_row = min(self.first_row, min(rows))
        self.first_col = min(self.first_col, min(columns))
        top_row, top_col = max(rows), max(columns)
        if top_row > self.last_row:  # the first cell of the piece on that row names it
            self.last_row, self.last_row_cell = top_row, _reference(valued[rows.index(top_row)])
        if top_col > self.last_col:
            self.last_col, self.last_col_cell = top_col, _reference(valued[columns.index(top_col)])
        max_rows, max_columns = self.limits.rows, self.limits.columns
        if top_row >= max_rows or top_col >= max_columns:
            self.beyond += sum(
                1 for r, c in zip(rows, columns, strict=True) if r >= max_rows or c >= max_columns
            )

    def result(self) -> _Scanned | None:
        """The extent, or None when no valued cell had a reference."""
        if self.last_row < 0:
            return None
        return _Scanned(
            self.first_row,
            self.first_col,
            self.last_row,
            self.last_col,
            self.last_row_cell,
            self.last_col_cell,
            self.beyond,
        )


def _reference(cell: tuple[bytes, bytes, bytes]) -> str:
    return (cell[0] + cell[1]).decode()


def _extent_error(
    source: Source, name: str, found: _Scanned, limits: ReadSettings
) -> ImportFileError:
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
        return too_many_rows(source, name, found.rows, limits.rows)
    first = f"{column_letter(found.first_col)}{found.first_row + 1}"
    last = f"{column_letter(found.last_col)}{found.last_row + 1}"
    return _too_many_columns(source, name, f"{first}:{last}", found.rows, found.columns, limits)


def _check_loaded_size(
    source: Source,
    name: str,
    start: tuple[int, int] | None,
    height: int,
    width: int,
    limits: ReadSettings,
) -> None:
    """Refuse a loaded sheet that is over a limit before it is turned into Python objects."""
    if height > limits.rows:
        raise too_many_rows(source, name, height, limits.rows)
    if not _within(height, width, limits):
        row, col = start or (0, 0)
        used = f"{column_letter(col)}{row + 1}:{column_letter(col + width - 1)}{row + height}"
        raise _too_many_columns(source, name, used, height, width, limits)


def _too_many_columns(
    source: Source, name: str, used: str, rows: int, columns: int, limits: ReadSettings
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
