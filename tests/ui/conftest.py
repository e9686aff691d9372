"""Shared fixtures of the UI tests (offscreen, real widgets, everything under tmp_path).

Fixtures for every page's tests:

- ``ui_settings``: a QSettings INI file in tmp_path (never the user's real settings).
- ``dialogs``: autouse; answers every helper dialog of ``workbench.ui.widgets.messages``
  (confirm -> ``dialogs.answer``, choice -> ``dialogs.choice``, unsaved changes ->
  ``dialogs.unsaved``) and records what was shown in
  ``dialogs.shown`` as ``(kind, title, text)``. No modal box ever blocks a test.
- ``ui_db``: an empty, migrated SQLite database in tmp_path.
- ``demo_db``: a database holding the demo cluster (``workbench.demo.build_demo``); the demo is
  built once per session into a template file and copied for each test.
- ``app_ctx``: factory ``app_ctx(db) -> AppContext`` (settings in tmp_path, a TaskRunner).
- ``ctx``: ``app_ctx(demo_db)``.
- ``main_window``: the shown MainWindow on ``demo_db``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QStandardPaths  # noqa: E402

from workbench.db import Database, backup_sqlite, open_database  # noqa: E402
from workbench.ui.widgets import messages  # noqa: E402

#: "Today" the demo cluster is built for (the window itself uses the real today).
DEMO_TODAY = date.today()
DEMO_SEED = 2009


@dataclass
class DialogRecorder:
    """Answers helper dialogs in tests and remembers what they said."""

    answer: bool = True
    choice: int = 0
    unsaved: str = "discard"  # what closing an editor with unsaved changes answers
    shown: list[tuple[str, str, str]] = field(default_factory=list)

    def __call__(self, kind: str, title: str, text: str, options: Any) -> Any:
        self.shown.append((kind, title, text))
        if kind == "confirm":
            return self.answer
        if kind == "choice":
            return self.choice
        if kind == "unsaved":
            return self.unsaved
        return None

    def kinds(self) -> list[str]:
        return [k for k, _t, _x in self.shown]

    def texts(self, kind: str | None = None) -> list[str]:
        return [x for k, _t, x in self.shown if kind is None or k == kind]


@pytest.fixture(autouse=True)
def dialogs() -> Iterator[DialogRecorder]:
    QStandardPaths.setTestModeEnabled(True)
    recorder = DialogRecorder()
    messages.set_responder(recorder)
    yield recorder
    messages.set_responder(None)


@pytest.fixture(scope="session", autouse=True)
def english_interface(qapp: Any) -> None:
    """The interface language as the program starts it: English with its plural forms."""
    from workbench.ui import i18n

    i18n.apply_language("en", qapp)


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings" / "workbench.ini"


@pytest.fixture
def ui_settings(qapp: Any, settings_file: Path) -> QSettings:
    from workbench.ui.settings import open_settings

    return open_settings(settings_file)


@pytest.fixture
def ui_db(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "empty.db")
    yield db
    db.dispose()


def build_demo_into(db: Database) -> Any:
    """Run the demo generator on *db* with the tests' fixed seed and day."""
    from workbench import demo

    return demo.build_demo(db, seed=DEMO_SEED, today=DEMO_TODAY)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A self-contained SQLite file with the demo cluster, built once per test session."""
    folder = tmp_path_factory.mktemp("demo-template")
    db = open_database(folder / "build.db")
    try:
        build_demo_into(db)
    finally:
        db.dispose()
    template = folder / "demo-template.db"
    backup_sqlite(folder / "build.db", template)  # one file, no WAL beside it
    return template


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path) -> Iterator[Database]:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    db = open_database(path)
    yield db
    db.dispose()


@pytest.fixture
def app_ctx(qapp: Any, ui_settings: QSettings) -> Iterator[Callable[[Database], Any]]:
    from workbench.ui.context import AppContext
    from workbench.ui.tasks import TaskRunner

    made: list[Any] = []

    def make(db: Database) -> AppContext:
        ctx = AppContext(db=db, settings=ui_settings)
        ctx.tasks = TaskRunner()
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        if ctx.tasks is not None:
            ctx.tasks.wait_all(5000)


@pytest.fixture
def ctx(app_ctx: Callable[[Database], Any], demo_db: Database) -> Any:
    return app_ctx(demo_db)


@pytest.fixture
def main_window(qtbot: Any, ctx: Any) -> Any:
    from workbench.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    # Keyboard-focus tests need the window active; offscreen, a new window after others were
    # closed is not always activated by itself (seen once the dashboard's charts took focus).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    yield window
    window.wait_for_tasks()
