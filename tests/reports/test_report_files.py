"""Report files: the permissions the user's umask gives, and nothing half-written."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.reports.small_cluster import TODAY, YEAR
from workbench.db import Database
from workbench.reports import generate_report
from workbench.reports.files import ReportFileError, atomic_output


@pytest.fixture()
def umask() -> Iterator[None]:
    """Restore the process umask after a test that sets it."""
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(
    "kind, fmt",
    [("assessment", "xlsx"), ("assessment", "pdf"), ("members", "pdf"), ("eccp", "json")],
)
@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_reports_get_the_mode_the_umask_gives(
    small_db: Database, tmp_path: Path, umask: None, kind: str, fmt: str, mask: int, expected: int
) -> None:
    os.umask(mask)
    path = generate_report(
        small_db,
        kind,
        fmt,
        tmp_path / f"report.{fmt}",
        year=YEAR,
        as_of=date(2024, 12, 31),
        today=TODAY,
    )
    assert _mode(path) == expected
    assert [p.name for p in tmp_path.iterdir()] == [f"report.{fmt}"], "no temporary file left"


def test_a_replaced_report_also_follows_the_umask(
    small_db: Database, tmp_path: Path, umask: None
) -> None:
    path = tmp_path / "members.xlsx"
    path.write_bytes(b"old")
    path.chmod(0o600)
    os.umask(0o022)
    generate_report(small_db, "members", "xlsx", path, today=TODAY)
    assert _mode(path) == 0o644 and path.read_bytes()[:2] == b"PK"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "kept.pdf"
    path.write_bytes(b"previous")
    with pytest.raises(RuntimeError), atomic_output(path, ".pdf") as tmp_name:
        Path(tmp_name).write_bytes(b"half")
        raise RuntimeError("cancelled")
    assert path.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.pdf"]


def test_a_full_disk_is_one_message_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    full = Path("/dev/full")
    if not full.exists():
        pytest.skip("no /dev/full on this system")
    with pytest.raises(ReportFileError, match="is full") as info, atomic_output(path, ".xlsx"):
        with full.open("wb") as disk:
            disk.write(b"x" * 65536)
            disk.flush()
    assert str(path) in str(info.value)
    assert not path.exists() and not list(tmp_path.iterdir())


def test_a_file_that_cannot_be_replaced_is_one_message(tmp_path: Path) -> None:
    # Something takes the name while the report is written (here a folder; on Windows a
    # program holding the file open): the rename fails, the message names the file.
    path = tmp_path / "r.pdf"
    with (
        pytest.raises(ReportFileError, match="cannot be replaced") as info,
        atomic_output(path, ".pdf") as tmp_name,
    ):
        Path(tmp_name).write_bytes(b"%PDF")
        path.mkdir()
        (path / "inside.txt").write_text("busy")
    assert str(path) in str(info.value) and "choose another file name" in str(info.value)
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"] and path.is_dir()
