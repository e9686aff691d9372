"""Report errors on the command line: one line naming the value or path, non-zero, no traceback.

The real CLI runs in-process (``workbench.cli.run``): an exception that escaped as a traceback
would fail the test instead of returning an exit code.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from workbench.cli import run


def one_line_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run the CLI, assert a non-zero exit with one ``workbench:`` line; return that line."""
    code = run(list(args))
    err = capsys.readouterr().err.strip()
    assert code != 0, err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("workbench: ") and "Traceback" not in err
    return err


@pytest.fixture()
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "cluster.db")
    assert run(["db", "upgrade", "--db", path]) == 0
    capsys.readouterr()
    return path


@pytest.mark.parametrize("year", ["0", "1899", "2101", "10001", "-5"])
@pytest.mark.parametrize("kind", ["assessment", "members", "projects", "eccp"])
def test_year_outside_1900_2100(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, year: str
) -> None:
    out = tmp_path / ("r.xlsx")
    err = one_line_error(capsys, "report", kind, "--db", db, "--year", year, "-o", str(out))
    assert f"The year {year} is outside 1900–2100" in err
    assert not out.exists()


def test_years_at_the_edges_are_accepted(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for year in ("1900", "2100"):
        out = tmp_path / f"m-{year}.xlsx"
        assert run(["report", "members", "--db", db, "--year", year, "-o", str(out)]) == 0
        assert out.is_file()


def test_output_folder_behind_a_file(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    out = blocker / "reports" / "m.pdf"
    err = one_line_error(capsys, "report", "members", "--db", db, "-o", str(out))
    assert f"{blocker} is a file, not a folder" in err and "Choose another folder" in err
    assert blocker.read_text() == "a file, not a folder"


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder this process may not write in (root ignores mode bits: use sysfs then)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    if not os.access(folder, os.W_OK):
        return folder
    if Path("/sys/kernel").is_dir():
        return Path("/sys/kernel/workbench-report-test")
    pytest.skip("running as root without sysfs: no folder is unwritable")


def test_output_folder_that_cannot_be_written(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _unwritable_folder(tmp_path)
    try:
        err = one_line_error(capsys, "report", "members", "--db", db, "-o", str(folder / "m.pdf"))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert f"Cannot write in the folder {folder}" in err and "Choose another folder" in err


def test_read_only_output_file_is_not_replaced(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "kept.xlsx"
    out.write_bytes(b"the previous report")
    out.chmod(0o444)
    err = one_line_error(capsys, "report", "eccp", "--db", db, "-o", str(out))
    assert f"The file {out} is read-only" in err and "choose another file name" in err
    assert out.read_bytes() == b"the previous report"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")]


def test_folder_in_place_of_the_output_file(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "assessment-2025-en.pdf"
    out.mkdir()
    err = one_line_error(
        capsys, "report", "assessment", "--db", db, "--year", "2025", "-o", str(out)
    )
    assert f"{out} is a folder, not a file" in err
    assert out.is_dir() and not list(out.iterdir())


@pytest.mark.parametrize(
    "command",
    [
        ["report", "members", "-o", "{tmp}/m.xlsx"],
        ["report", "assessment", "--year", "2025", "-o", "{tmp}/a.pdf"],
        ["members", "list"],
        ["backup", "-o", "{tmp}/copy.db"],
        ["indicators", "--year", "2025"],
        ["history"],
        ["import", "batches"],
    ],
)
def test_a_mistyped_db_path_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    missing = tmp_path / "clustr.db"  # a typo: nothing is there
    args = [part.format(tmp=tmp_path) for part in command]
    err = one_line_error(capsys, *args, "--db", str(missing))
    assert f"There is no database at {missing}" in err and "--db" in err
    assert not missing.exists(), "no empty database was created"
    assert not list(tmp_path.iterdir()), "no report or backup was written"


def test_demo_and_db_upgrade_still_create_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh = tmp_path / "new.db"
    assert run(["db", "upgrade", "--db", str(fresh)]) == 0
    assert fresh.is_file()
    demo = tmp_path / "demo.db"
    assert run(["demo", "--db", str(demo)]) == 0
    assert demo.is_file()


def test_errors_reach_a_real_process_as_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "WORKBENCH_DATA_DIR": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "workbench",
            "report",
            "assessment",
            "--year",
            "0",
            "--db",
            str(tmp_path / "missing.db"),
            "-o",
            str(tmp_path / "a.pdf"),
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"workbench: The year 0 is outside 1900–2100: give a four-digit year such as "
        f"{date.today().year - 1}."
    ]
