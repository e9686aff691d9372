"""The error report: rows that were not imported, as an xlsx the user can fix and re-import.

The report repeats the original columns with the original values, then adds "row" (the row
number in the source file), "column" (the columns at fault) and "problem" (what is wrong and
what to do). The importer never maps those three columns, and a saved mapping still applies to
the report (matched by header names, extra columns tolerated), so a corrected report is
imported like the original file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from workbench.importing.apply import ImportResult
from workbench.importing.fields import REPORT_COLUMNS
from workbench.importing.plan.model import ImportPlan, PlanRow, Problem, RowStatus
from workbench.translatable import join

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def error_rows(
    plan: ImportPlan, result: ImportResult | None = None
) -> list[tuple[PlanRow, list[Problem]]]:
    """Rows with errors in the plan plus rows refused while writing, in file order."""
    refused = {q.row_index: list(q.problems) for q in result.quarantined} if result else {}
    found: list[tuple[PlanRow, list[Problem]]] = []
    for row in plan.rows:
        if row.status is RowStatus.ERROR:
            found.append((row, list(row.problems)))
        elif row.index in refused:
            found.append((row, refused[row.index]))
    return found


def write_error_report(
    plan: ImportPlan,
    path: str | Path,
    result: ImportResult | None = None,
    *,
    text: Callable[[object], str] = str,
) -> int:
    """Write the rows that were not imported to an xlsx file at *path*.

    Args:
        plan: The plan (its error rows are written).
        path: Where to write (``.xlsx``).
        result: The result of applying the plan: its quarantined rows are written too.
        text: Turns the (translatable) problem messages into the text written; the interface
            passes its translator so the report is in the user's language. Default: English.

    Returns:
        The number of rows written (0 writes a report with the header only).
    """
    rows = error_rows(plan, result)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Errors")
    bold = Font(bold=True)
    header = [*plan.headers, *REPORT_COLUMNS]
    sheet.append([_styled(sheet, name, bold) for name in header])
    for row, problems in rows:
        columns = _unique(p.column for p in problems if p.column)
        problem = join("; ", (_describe(p, row, row.file or plan.file_name) for p in problems))
        cells = [_cell(sheet, value) for value in _padded(row.values, len(plan.headers))]
        cells += [row.row_number, ", ".join(columns), _clean(text(problem))]
        sheet.append(cells)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return len(rows)


def _describe(problem: Problem, row: PlanRow, primary: str) -> str:
    """The message, located when it concerns another file or row (CORDIS participants)."""
    if (problem.file and problem.file != primary) or (
        problem.row is not None and problem.row != row.row_number
    ):
        return problem.describe()
    return problem.message


def _padded(values: list[Any], width: int) -> list[Any]:
    return list(values[:width]) + [None] * (width - len(values))


def _unique(items: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _clean(text: str) -> str:
    return _ILLEGAL.sub("", text)


def _styled(sheet: Any, value: str, font: Font) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_clean(value))
    cell.font = font
    return cell


def _cell(sheet: Any, value: Any) -> Any:
    """The original value as a cell: text stays text (even "=..."), dates stay dates."""
    if value is None or isinstance(value, bool | int | float | datetime | date | time):
        return value
    if isinstance(value, timedelta):
        return value
    cell = WriteOnlyCell(sheet, value=_clean(str(value)))
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


__all__ = ["error_rows", "write_error_report"]
