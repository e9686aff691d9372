"""Database passwords never reach the settings file, the Recent databases menu or a title."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine

from workbench.db import Database
from workbench.ui import settings as prefs

SECRET_URL = "postgresql+psycopg://anna:s3cr%40t-pw@db.example.org:5432/cluster"
SAFE_URL = "postgresql+psycopg://anna@db.example.org:5432/cluster"


def test_recent_databases_are_stored_without_password(qapp: Any, tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    settings = prefs.open_settings(path)
    prefs.add_recent_database(settings, SECRET_URL)
    prefs.add_recent_database(settings, str(tmp_path / "local.db"))
    settings.sync()
    text = path.read_text(encoding="utf-8")
    assert "s3cr" not in text and "anna@db.example.org" in text
    again = prefs.open_settings(path)
    assert prefs.recent_databases(again) == [str(tmp_path / "local.db"), SAFE_URL]


def test_an_old_settings_file_with_a_password_is_cleaned(qapp: Any, tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    path.write_text(
        f"[recent]\ndatabases={SECRET_URL}, postgresql://bob:hunter2@h/db\n", encoding="utf-8"
    )
    settings = prefs.open_settings(path)
    assert prefs.last_database(settings) == SAFE_URL
    assert prefs.recent_databases(settings) == [SAFE_URL, "postgresql://bob@h/db"]
    settings.sync()
    text = path.read_text(encoding="utf-8")
    assert "s3cr" not in text and "hunter2" not in text


def test_menu_and_title_never_show_a_password(main_window: Any, ctx: Any) -> None:
    prefs.add_recent_database(ctx.settings, SECRET_URL)
    main_window.recent_menu.aboutToShow.emit()
    shown = [a.text() for a in main_window.recent_menu.actions()]
    assert SAFE_URL in shown and not [t for t in shown if "s3cr" in t]
    team = Database(
        url=SECRET_URL,
        engine=create_engine(SECRET_URL),
        session_factory=None,  # type: ignore[arg-type]
    )
    assert team.display_name == SAFE_URL  # title bar, status line, About: no "***" either
