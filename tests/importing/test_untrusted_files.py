"""Untrusted files cannot crash or swamp the program (issue 11, point 6).

The files that once aborted the program (cells at A1 and XFD1048576), cost 1.34 GB (one stray
cell at XFD2000) or minutes and unbounded memory (CSV files with 20,000 and a million columns)
are generated here; each must end in one clear line naming the file (and sheet) and what to
do, from ``read_table`` and from the command line (a real ``workbench`` process). Files that
lie about their size make the reader's child process die or break its limits: the caller
survives, gets an ImportFileError and the next read works.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.importing.hostile_files import (
    MEMBER_HEADERS,
    write_handmade_xlsx,
    write_sparse_xlsx,
    write_stray_cell_xlsx,
    write_wide_csv,
)
from workbench.importing import readers, sandbox
from workbench.importing.errors import ImportFileError
from workbench.importing.readers import list_sheets, read_table

ROOT = Path(__file__).resolve().parents[2]
STRAY_HINT = "Delete the stray cell at"


def _sparse(tmp_path: Path) -> Path:
    return write_sparse_xlsx(tmp_path / "sparse.xlsx")


def _stray(tmp_path: Path) -> Path:
    return write_stray_cell_xlsx(tmp_path / "stray.xlsx")


def _csv_20k(tmp_path: Path) -> Path:
    return write_wide_csv(tmp_path / "wide-20k.csv", 20_000)


def _csv_1m(tmp_path: Path) -> Path:
    return write_wide_csv(tmp_path / "wide-1m.csv", 1_000_000)


def _lying(tmp_path: Path) -> Path:
    # Declares A1:B2, holds A1 and XFD1048576: only calamine finds out, in the child.
    return write_handmade_xlsx(
        tmp_path / "lying.xlsx",
        [("A1", "Ragione sociale"), ("XFD1048576", "x")],
        dimension="A1:B2",
    )


# (file maker, words the one-line message must hold)
CASES = {
    "sparse-A1-XFD1048576": (_sparse, ['sheet "Soci"', "XFD1048576", STRAY_HINT]),
    "stray-cell-XFD2000": (_stray, ['sheet "Soci"', "XFD2000", STRAY_HINT]),
    "csv-20000-columns": (_csv_20k, ["row 1", "20,000 columns", "the limit is 2,000"]),
    "csv-1000000-columns": (_csv_1m, ["row 1", "1,000,000 columns", "the limit is 2,000"]),
    "lying-dimension": (_lying, ['sheet "Soci"', "memory"]),
}


def _check_one_line(text: str, path: Path, words: list[str]) -> None:
    assert text.startswith(path.name), text
    assert "\n" not in text.strip()
    assert "Traceback" not in text
    for word in words:
        assert word in text, (word, text)


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file_ends_in_one_clear_line(tmp_path: Path, case: str) -> None:
    make, words = CASES[case]
    path = make(tmp_path)
    with pytest.raises(ImportFileError) as info:
        read_table(path)
    _check_one_line(str(info.value), path, words)
    # The reader still works afterwards (a child that died was replaced).
    good = write_stray_cell_xlsx(tmp_path / "weekly.xlsx", far=None)
    assert read_table(good).headers == MEMBER_HEADERS


def test_the_sparse_file_is_the_small_one_from_the_issue(tmp_path: Path) -> None:
    path = _sparse(tmp_path)
    assert path.stat().st_size < 8 * 1024
    assert list_sheets(path) == ["Soci"]  # naming the sheets does not load them
    with pytest.raises(ImportFileError) as info:
        read_table(path, sheet="Soci")
    assert info.value.sheet == "Soci"
    assert "16,384 columns" in str(info.value) and "1,048,576 rows" in str(info.value)


def test_a_sheet_without_dimension_is_scanned_before_loading(tmp_path: Path) -> None:
    path = write_handmade_xlsx(
        tmp_path / "nodim.xlsx", [("A1", "Ragione sociale"), ("B2", "Alfa"), ("XFD2000", "x")]
    )
    with pytest.raises(ImportFileError, match="stray cell at XFD2000"):
        read_table(path)


def test_a_declared_range_that_lies_big_costs_nothing(tmp_path: Path) -> None:
    path = write_handmade_xlsx(
        tmp_path / "claims.xlsx",
        [("A1", "Ragione sociale"), ("B1", "Comune"), ("A2", "Alfa S.r.l."), ("B2", "Trento")],
        dimension="A1:XFD1048576",
    )
    table = read_table(path)
    assert table.headers == ["Ragione sociale", "Comune"]
    assert table.rows == [["Alfa S.r.l.", "Trento"]]


def test_far_cells_within_the_limits_are_read(tmp_path: Path) -> None:
    path = write_stray_cell_xlsx(tmp_path / "wide.xlsx", far="BXF2")  # column 1,982
    table = read_table(path)
    assert table.headers[:4] == MEMBER_HEADERS
    assert len(table.rows) == 300


def test_many_cells_are_refused_whatever_the_shape(tmp_path: Path) -> None:
    path = write_wide_csv(tmp_path / "cells.csv", 100, rows=200)
    with pytest.raises(ImportFileError, match="more than 10,000 cells"):
        read_table(path, max_cells=10_000)
    xlsx = write_stray_cell_xlsx(tmp_path / "cells.xlsx", far="Z300")
    with pytest.raises(ImportFileError, match=r"cells \(used range A1:Z301\)"):
        read_table(xlsx, max_cells=5_000)


def test_module_limits_reach_the_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_stray_cell_xlsx(tmp_path / "weekly.xlsx", far=None)
    monkeypatch.setattr(readers, "MAX_COLUMNS", 3)
    with pytest.raises(ImportFileError, match="4 columns"):
        read_table(path)


def _watch_closely(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the parent check the child every millisecond: a warm child (started by an earlier
    test) can finish this file within one normal 0.1 s tick, before any check has run."""
    monkeypatch.setattr(sandbox, "TICK", 0.001)


def test_memory_limit_stops_the_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _watch_closely(monkeypatch)
    path = write_wide_csv(tmp_path / "heavy.csv", 600, rows=1000)  # 600,000 distinct cells
    with pytest.raises(ImportFileError) as info:
        read_table(path, max_memory=100 * 1024 * 1024)
    _check_one_line(str(info.value), path, ["more than 100 MB of memory"])
    assert len(read_table(path).rows) == 1000


def test_time_limit_stops_the_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _watch_closely(monkeypatch)
    path = write_wide_csv(tmp_path / "slow.csv", 600, rows=1000)
    with pytest.raises(ImportFileError) as info:
        read_table(path, max_seconds=0.01)
    _check_one_line(str(info.value), path, ["longer than 0.01 seconds"])


def test_a_progress_callback_that_raises_stops_the_child(tmp_path: Path) -> None:
    path = write_stray_cell_xlsx(tmp_path / "weekly.xlsx", far=None, rows=5000)

    class Cancelled(Exception):
        pass

    def cancel(_done: int, _total: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        read_table(path, progress=cancel)
    assert len(read_table(path).rows) == 5000


def test_the_child_and_this_process_read_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_stray_cell_xlsx(tmp_path / "weekly.xlsx", far=None)
    in_child = read_table(path)
    monkeypatch.setattr(readers, "READ_IN_CHILD", False)
    assert read_table(path) == in_child
    with pytest.raises(ImportFileError, match="stray cell at XFD2000"):
        read_table(_stray(tmp_path))


def test_the_worker_is_reused_and_can_be_stopped(tmp_path: Path) -> None:
    path = write_stray_cell_xlsx(tmp_path / "weekly.xlsx", far=None)
    read_table(path)
    worker = sandbox._worker
    assert worker is not None and worker.alive()
    read_table(path)
    assert sandbox._worker is worker
    sandbox.shutdown()
    assert sandbox._worker is None
    assert len(read_table(path).rows) == 300


@pytest.mark.parametrize("case", list(CASES))
def test_cli_dry_run_prints_one_line(tmp_path: Path, case: str) -> None:
    make, words = CASES[case]
    path = make(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "workbench", "import", "members", str(path), "--dry-run",
         "--db", str(tmp_path / "w.db")],
        capture_output=True, text=True, timeout=300, cwd=ROOT, env=env,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("workbench: ")
    _check_one_line(lines[0].removeprefix("workbench: "), path, words)
