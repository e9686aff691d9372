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

from workbench.db import APP_NAME, DEFAULT_BACKUPS_KEPT, url_for_humans

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


@dataclass(frozen=True)
class UiState:
    """One thing the window remembers by itself: settings key, default and type.

    *key* may hold ``{fields}`` filled by the caller (``pages/reports/format/{kind}``).
    *kind* None keeps what Qt gives back (``QByteArray`` for geometry and header states).
    """

    key: str
    default: Any = None
    kind: type | None = None

    def key_for(self, **fields: Any) -> str:
        """The settings key with its fields filled in."""
        return self.key.format(**fields) if fields else self.key


#: Everything the window remembers, declared once (the preferences are above). No widget
#: writes a settings key of its own: tests/ui/test_settings_declared.py checks it.
MAIN_GEOMETRY = UiState("main_window/geometry")
MAIN_STATE = UiState("main_window/state")
MAIN_SPLITTER = UiState("main_window/splitter")
MAIN_PAGE = UiState("main_window/page", "dashboard", str)
RECENT_DATABASES = UiState("recent/databases", [], list)
DEMO_DATABASE = UiState("demo/database", "", str)  # the demo file the welcome dialog made
OWN_DATABASE = UiState("demo/own_database", "", str)  # the user's database, to go back to
HISTORY_GEOMETRY = UiState("history_dialog/geometry")
PAGE_HEADER = UiState("pages/{page}/header")  # a list page's column widths, order and sort
#: A list page's named filters: JSON {name: {filter widget: value}} (ui/lists/saved_filters.py).
SAVED_FILTERS = UiState("pages/{page}/saved_filters", "", str)
LIST_EXPORT_FOLDER = UiState("lists/export_folder", "", str)  # where lists were exported last
IMPORT_KIND = UiState("pages/import/kind", "", str)
IMPORT_SPLITTER = UiState("pages/import/splitter")
IMPORT_FOLDER = UiState("pages/import/folder", "", str)
REPORTS_RECENT = UiState("pages/reports/recent", [], list)
REPORTS_KIND = UiState("pages/reports/kind", "", str)
REPORTS_TAB = UiState("pages/reports/tab", 0, int)
REPORTS_FORMAT = UiState("pages/reports/format/{kind}", "", str)
REPORTS_FOLDER = UiState("pages/reports/folder", "", str)
INDICATORS_SPLITTER = UiState("pages/indicators/{splitter}")  # splitter, bottom_splitter
INDICATORS_LEVEL = UiState("pages/indicators/level", "", str)
INDICATORS_EVIDENCE_FOLDER = UiState("pages/indicators/evidence_folder", "", str)
UI_STATES = (
    MAIN_GEOMETRY,
    MAIN_STATE,
    MAIN_SPLITTER,
    MAIN_PAGE,
    RECENT_DATABASES,
    DEMO_DATABASE,
    OWN_DATABASE,
    HISTORY_GEOMETRY,
    PAGE_HEADER,
    SAVED_FILTERS,
    LIST_EXPORT_FOLDER,
    IMPORT_KIND,
    IMPORT_SPLITTER,
    IMPORT_FOLDER,
    REPORTS_RECENT,
    REPORTS_KIND,
    REPORTS_TAB,
    REPORTS_FORMAT,
    REPORTS_FOLDER,
    INDICATORS_SPLITTER,
    INDICATORS_LEVEL,
    INDICATORS_EVIDENCE_FOLDER,
)


def load(settings: QSettings, state: UiState, **fields: Any) -> Any:
    """What the window remembered for *state* (its default when unset or unreadable).

    Lists come back as lists even when QSettings' INI format stored a single item as text.
    """
    raw = settings.value(state.key_for(**fields), state.default)
    if raw is None or state.kind is None:
        return raw
    if state.kind is list:
        if isinstance(raw, str):
            return [raw] if raw else []
        return list(raw) if isinstance(raw, list | tuple) else list(state.default or [])
    try:
        return state.kind(raw)
    except (TypeError, ValueError):
        return state.default


def save(settings: QSettings, state: UiState, value: Any, **fields: Any) -> None:
    """Remember *value* for *state*."""
    settings.setValue(state.key_for(**fields), value)


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
    (``PGPASSWORD``, ``~/.pgpass``) or the window asks for it (``dialogs/password_dialog``).
    The rule itself is :func:`workbench.db.url_for_humans`.
    """
    return url_for_humans(location)


def recent_databases(settings: QSettings) -> list[str]:
    """Recently opened databases, newest first (never with a password).

    A list written by an older version with passwords in it is rewritten without them.
    """
    stored = [str(v) for v in load(settings, RECENT_DATABASES) if v]
    items = list(dict.fromkeys(without_password(v) for v in stored))
    if items != stored:
        save(settings, RECENT_DATABASES, items)
    return items


def add_recent_database(settings: QSettings, location: str) -> None:
    """Put *location* (its password taken out) at the top of the recent databases list."""
    location = without_password(location)
    items = [location] + [x for x in recent_databases(settings) if x != location]
    save(settings, RECENT_DATABASES, items[:MAX_RECENT])


def last_database(settings: QSettings) -> str | None:
    """The database opened last, if any."""
    items = recent_databases(settings)
    return items[0] if items else None
