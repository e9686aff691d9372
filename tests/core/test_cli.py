"""The command line: demo, members list, db upgrade, backup/restore, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from workbench.cli import run


def cli(*args: str) -> int:
    return run(list(args))


def test_demo_then_members_list_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "x.db")
    assert cli("demo", "--db", db) == 0
    capsys.readouterr()
    assert cli("--db", db, "members", "list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert 130 <= len(rows) <= 150
    assert {r["type"] for r in rows} >= {
        "company",
        "university",
        "public_body",
        "association",
        "financial_institution",
    }
    assert len({r["sme_class"] for r in rows if r["type"] == "company"}) >= 3
    assert all(r["status"] == "active" for r in rows)


def test_members_list_as_of_and_type(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "x.db")
    cli("demo", "--db", db)
    capsys.readouterr()
    assert (
        cli(
            "members", "list", "--db", db, "--type", "university", "--json", "--as-of", "2015-12-31"
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert all(r["type"] == "university" for r in rows)
    assert cli("members", "list", "--db", db) == 0
    out = capsys.readouterr()
    assert "organisations (members on" in out.err


def test_demo_refuses_a_database_with_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "x.db")
    cli("demo", "--db", db)
    assert cli("demo", "--db", db) == 1
    err = capsys.readouterr().err
    assert err.startswith("workbench: ") and "already holds data" in err
    assert "Traceback" not in err


def test_db_upgrade_backup_and_restore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "x.db")
    assert cli("db", "upgrade", "--db", db) == 0
    assert "upgraded" in capsys.readouterr().out
    assert cli("db", "upgrade", "--db", db) == 0
    assert "up to date" in capsys.readouterr().out
    copy = tmp_path / "copy.db"
    assert cli("backup", "--db", db, "-o", str(copy)) == 0
    assert copy.exists()
    cli("demo", "--db", db)
    capsys.readouterr()
    # The copy holds no records: restoring it over the demo is refused unless confirmed.
    assert cli("restore", str(copy), "--db", db, "--yes") == 1
    err = capsys.readouterr().err
    assert "holds no records" in err and "--allow-empty" in err
    cli("members", "list", "--db", db, "--json", "--all")
    assert len(json.loads(capsys.readouterr().out)) == 155
    assert cli("restore", str(copy), "--db", db, "--yes", "--allow-empty") == 0
    capsys.readouterr()
    cli("members", "list", "--db", db, "--json")
    assert json.loads(capsys.readouterr().out) == []


def test_errors_are_one_line_and_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        cli("restore", str(tmp_path / "missing.db"), "--db", str(tmp_path / "x.db"), "--yes") == 1
    )
    err = capsys.readouterr().err
    assert "missing.db" in err and "does not exist" in err and len(err.strip().splitlines()) == 1
    bad = tmp_path / "bad.db"
    bad.write_text("not a database" * 500)
    assert cli("members", "list", "--db", str(bad)) == 1
    assert "damaged" in capsys.readouterr().err


def test_bad_date_argument_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli("members", "list", "--as-of", "31-31-2024")
    assert info.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_python_dash_m_and_no_display_message(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "WORKBENCH_DATA_DIR": str(tmp_path), "HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "workbench", "--version"], capture_output=True, text=True, env=env
    )
    assert out.returncode == 0 and "workbench" in out.stdout
    gui = subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(tmp_path / "g.db")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert gui.returncode == 2
    assert "no display found" in gui.stderr and "Traceback" not in gui.stderr


def test_without_a_command_and_without_a_window_the_usage_is_printed(capsys: Any) -> None:
    """The command line never imports the window: only the entry points can open it."""
    assert run([]) == 1
    assert "usage: workbench" in capsys.readouterr().err


def test_without_a_command_the_entry_point_opens_the_window(monkeypatch: Any) -> None:
    import workbench.__main__ as entry

    opened: list[Any] = []
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(entry, "open_window", lambda args: opened.append(args) or 0)
    assert entry.main(["--lang", "it"]) == 0
    assert opened and opened[0].lang == "it"
