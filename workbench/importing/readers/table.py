"""From raw rows to a table.

Clean the cells, find (or take) the header row, drop blank, group and totals rows, name the
columns, note spreadsheet error markers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from workbench.importing.errors import ImportFileError
from workbench.importing.readers.common import (
    Cell,
    EmptySheetError,
    ProgressCallback,
    RawTable,
    column_letter,
)
from workbench.rules.names import ends_with_legal_form
from workbench.translatable import msg

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
TOTALS_RE = re.compile(rf"^{_TOTALS_WORDS}(?:[\s:].*)?$", re.IGNORECASE)
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


# From raw rows to a table


def build_table(
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
    header_search_rows: int = 20,
) -> RawTable:
    """Clean cells, find (or take) the header, drop blank and totals rows, name the columns."""
    kept, marked = _clean_rows(raw_rows, first_row, progress)
    if not kept:
        raise EmptySheetError(
            msg("the sheet holds no data")
            if sheet_name is not None
            else msg("the file holds no data"),
            file=file_name,
            sheet=sheet_name,
            hint=msg("Choose another sheet or file."),
        )
    if header_row is None:
        header_at = _find_header([cells for _, cells in kept], header_search_rows)
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
            else None if v == "" else clean(v)  # calamine's empty cell
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


def _find_header(rows: Sequence[list[Cell]], search_rows: int) -> int | None:
    """Index (into ``rows``) of the header: mostly text, wide enough, and followed by data.

    Title rows ("Elenco soci 2024", often one merged cell) are narrower than the table and are
    skipped; a single-column table accepts a one-cell header.
    """
    window = rows[:search_rows]
    width = max(sum(c is not None for c in cells) for cells in rows[: search_rows + 30])
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
    if not TOTALS_RE.match(label) or _is_company_name(label):
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
