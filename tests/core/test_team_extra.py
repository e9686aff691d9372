"""PostgreSQL is the optional ``team`` extra: without psycopg the program says how to add it."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from workbench.cli import run
from workbench.db import TEAM_INSTALL_COMMAND, open_database, require_driver
from workbench.errors import DatabaseError

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
URL = "postgresql://cluster@localhost:1/cluster_workbench"


@pytest.fixture
def without_psycopg(monkeypatch: pytest.MonkeyPatch) -> None:
    """``import psycopg`` fails as in an installation without the team extra."""
    for name in [n for n in sys.modules if n == "psycopg" or n.startswith("psycopg.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # None in sys.modules: ImportError


def test_the_install_command_names_the_distribution_and_its_team_extra() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    assert TEAM_INSTALL_COMMAND == f'pip install "{project["name"]}[team]"'
    team = project["optional-dependencies"]["team"]
    assert any(dep.startswith("psycopg[binary]") for dep in team)
    assert not any(dep.startswith("psycopg") for dep in project["dependencies"]), (
        "a single-user SQLite install must not need the PostgreSQL driver"
    )


def test_a_postgresql_url_without_the_driver_says_how_to_install_it(without_psycopg: None) -> None:
    with pytest.raises(DatabaseError) as caught:
        open_database(URL)
    text = str(caught.value)
    assert TEAM_INSTALL_COMMAND in text and "\n" not in text


def test_sqlite_needs_no_driver(without_psycopg: None, tmp_path: Path) -> None:
    require_driver("sqlite:///" + str(tmp_path / "x.db"))  # no error
    db = open_database(tmp_path / "x.db", start_empty=True)
    db.dispose()


def test_the_command_line_prints_one_line_with_the_install_command(
    without_psycopg: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--db", URL, "members", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("workbench: PostgreSQL databases need the psycopg driver")
    assert err.count("\n") == 1 and TEAM_INSTALL_COMMAND in err
    assert "Traceback" not in err
