"""The window, given a postgresql:// URL without the psycopg driver, says how to install it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pytest

from workbench.db import TEAM_INSTALL_COMMAND

URL = "postgresql://cluster@localhost:1/cluster_workbench"


@pytest.fixture
def without_psycopg(monkeypatch: pytest.MonkeyPatch) -> None:
    """``import psycopg`` fails as in an installation without the team extra."""
    for name in [n for n in sys.modules if n == "psycopg" or n.startswith("psycopg.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)


@pytest.mark.parametrize(
    ("lang", "start"),
    [
        ("en", "PostgreSQL databases need the psycopg driver"),
        ("it", "I database PostgreSQL richiedono il driver psycopg"),
    ],
)
def test_the_window_shows_one_line_with_the_install_command(
    without_psycopg: None, dialogs: Any, qapp: Any, settings_file: Path, lang: str, start: str
) -> None:
    from workbench.ui import i18n
    from workbench.ui.app import run_gui

    args = argparse.Namespace(db=URL, settings_file=str(settings_file), screenshot=None, lang=lang)
    try:
        assert run_gui(args) == 1  # the window does not open on a database it cannot reach
    finally:
        i18n.apply_language("en", qapp)  # the other tests expect the English interface
    assert dialogs.kinds() == ["warning"]  # a problem the user can fix, not a crash
    _kind, _title, text = dialogs.shown[0]
    assert text.startswith(start) and TEAM_INSTALL_COMMAND in text
    assert "\n" not in text and "Traceback" not in text
