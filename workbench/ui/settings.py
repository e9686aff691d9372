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


def without_password(location: str) -> str:
    """*location* with any password taken out of its URL (file paths pass unchanged).

    Settings files are plain text that backups and sync tools copy around: a database URL is
    stored as ``postgresql+psycopg://anna@server/cluster``; the password comes from libpq
    (``PGPASSWORD``, ``~/.pgpass``) or the ``--db`` URL of this session.
    """
    if "://" not in location:
        return location
    from sqlalchemy.engine import make_url

    try:
        url = make_url(location)
    except Exception:  # noqa: BLE001 - not a URL SQLAlchemy knows: keep only what precedes "@"
        scheme, _, rest = location.partition("://")
        return f"{scheme}://{rest.rpartition('@')[2]}" if "@" in rest else location
    if url.password is None:
        return location
    return url._replace(password=None).render_as_string(hide_password=False)


def recent_databases(settings: QSettings) -> list[str]:
    """Recently opened databases, newest first (never with a password).

    A list written by an older version with passwords in it is rewritten without them.
    """
    value: Any = settings.value("recent/databases", [])
    if isinstance(value, str):
        value = [value] if value else []
    if not isinstance(value, list | tuple):
        return []
    stored = [str(v) for v in value if v]
    items = list(dict.fromkeys(without_password(v) for v in stored))
    if items != stored:
        settings.setValue("recent/databases", items)
    return items


def add_recent_database(settings: QSettings, location: str) -> None:
    """Put *location* (its password taken out) at the top of the recent databases list."""
    location = without_password(location)
    items = [location] + [x for x in recent_databases(settings) if x != location]
    settings.setValue("recent/databases", items[:MAX_RECENT])


def last_database(settings: QSettings) -> str | None:
    """The database opened last, if any."""
    items = recent_databases(settings)
    return items[0] if items else None
