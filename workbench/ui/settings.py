"""Preferences (declared once, with defaults) and the QSettings file that holds them and UI state.

Preferences are what the user sets in File > Preferences; UI state is what the window remembers
by itself (geometry, column widths, sort, recent databases). Both live in one QSettings INI
file: ``--settings-file FILE`` (tests, portable use) or the platform's default location.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from workbench.db import APP_NAME, DEFAULT_BACKUPS_KEPT

ORGANISATION = "ClusterWorkbench"
MAX_RECENT = 8


@dataclass(frozen=True)
class Preference:
    """One user preference: settings key, default and type."""

    key: str
    default: Any
    kind: type


#: Every preference of the application, with its default.
LANGUAGE = Preference("preferences/language", "", str)  # "" follows the system locale
USER_NAME = Preference("preferences/user_name", "", str)  # "" uses the login name
BACKUPS_KEPT = Preference("preferences/backups_kept", DEFAULT_BACKUPS_KEPT, int)
PREFERENCES = (LANGUAGE, USER_NAME, BACKUPS_KEPT)


def open_settings(path: str | Path | None = None) -> QSettings:
    """The settings store: an INI file at *path*, or the user's default settings file."""
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APP_NAME)


def get(settings: QSettings, pref: Preference) -> Any:
    """Value of *pref* (its default when unset or unreadable)."""
    raw = settings.value(pref.key, pref.default)
    try:
        return pref.kind(raw) if raw is not None else pref.default
    except (TypeError, ValueError):
        return pref.default


def put(settings: QSettings, pref: Preference, value: Any) -> None:
    """Store *value* for *pref*."""
    settings.setValue(pref.key, pref.kind(value))


def recent_databases(settings: QSettings) -> list[str]:
    """Recently opened databases, newest first."""
    value: Any = settings.value("recent/databases", [])
    if isinstance(value, str):
        value = [value] if value else []
    if not isinstance(value, list | tuple):
        return []
    return [str(v) for v in value if v]


def add_recent_database(settings: QSettings, location: str) -> None:
    """Put *location* at the top of the recent databases list."""
    items = [location] + [x for x in recent_databases(settings) if x != location]
    settings.setValue("recent/databases", items[:MAX_RECENT])


def last_database(settings: QSettings) -> str | None:
    """The database opened last, if any."""
    items = recent_databases(settings)
    return items[0] if items else None
