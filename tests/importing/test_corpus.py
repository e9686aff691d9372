"""Every file of calamine's own test corpus gives a table or a clear ImportFileError.

The corpus (tests/data/calamine-corpus, MIT licence in LICENSE-MIT.md there) holds damaged,
password-protected, fuzzed and "out of memory" files. Small limits keep hostile files bounded;
any exception other than ImportFileError fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.importing.errors import ImportFileError
from workbench.importing.readers import RawTable, list_sheets, read_table

CORPUS = Path(__file__).resolve().parents[1] / "data" / "calamine-corpus"
FILES = sorted(p for p in CORPUS.iterdir() if p.is_file())
MAX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_ROWS = 100_000


def test_corpus_is_present_with_its_licence() -> None:
    assert (CORPUS / "LICENSE-MIT.md").read_text().startswith("The MIT License")
    assert len(FILES) > 100


def _read(path: Path, sheet: str | None) -> RawTable:
    return read_table(
        path,
        sheet=sheet,
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
        max_uncompressed_bytes=MAX_UNCOMPRESSED,
    )


def _check_table(table: RawTable, path: Path, sheet: str | None) -> None:
    assert table.file_name == path.name
    assert sheet is None or table.sheet_name == sheet
    assert len(table.rows) == len(table.row_numbers)
    assert all(len(row) == len(table.headers) for row in table.rows)
    assert table.row_numbers == sorted(set(table.row_numbers))
    assert len({h.casefold() for h in table.headers}) == len(table.headers)


def _check_error(error: ImportFileError, path: Path) -> None:
    assert error.file == path.name
    assert str(error).startswith(path.name)
    assert error.problem


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_gives_a_table_or_a_clear_error(path: Path) -> None:
    try:
        sheets: list[str | None] = [
            *list_sheets(path, max_bytes=MAX_BYTES, max_uncompressed_bytes=MAX_UNCOMPRESSED)
        ]
    except ImportFileError as error:
        _check_error(error, path)
        return
    for sheet in sheets or [None]:
        try:
            table = _read(path, sheet)
        except ImportFileError as error:
            _check_error(error, path)
            continue
        _check_table(table, path, sheet)
    try:
        default = _read(path, None)
    except ImportFileError as error:
        _check_error(error, path)
    else:
        _check_table(default, path, None)


@pytest.mark.parametrize("name", ["pass_protected.xlsx", "pass_protected.xlsb",
                                  "pass_protected.ods", "issue_385.xls"])  # fmt: skip
def test_password_protected_corpus_files(name: str) -> None:
    with pytest.raises(ImportFileError, match="password-protected"):
        list_sheets(CORPUS / name)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("issue_594_dos.ods", "too large"),  # asks calamine for 17 billion cells
        ("OOM_alloc3.xls", "damaged"),
        ("issue252.xlsx", "damaged"),
        ("too_small.xls", "too_small"),
        ("LICENSE-MIT.md", "cannot be imported"),
    ],
)
def test_hostile_corpus_files(name: str, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        _read(CORPUS / name, None)


def test_corpus_reads_known_tables() -> None:
    table = read_table(CORPUS / "temperature-in-middle.xlsx")
    assert table.headers == ["label", "value"]
    assert table.rows == [["celsius", 22.2222], ["fahrenheit", 72]]
    assert table.row_numbers == [5, 6]
    pivot = read_table(CORPUS / "pivots.xlsx", sheet="PivotSheet4")
    assert any("totals line" in note for note in pivot.notes)  # "Grand Total"
    chart = CORPUS / "any_sheets.xlsx"
    with pytest.raises(ImportFileError, match="chart"):
        read_table(chart, sheet="Chart")
    # backslash member names and a package without the usual xl/ folder still read
    assert read_table(CORPUS / "issue_530.xlsx").rows
    assert read_table(CORPUS / "minimal_package.xlsx").rows
