"""Starting the desktop program: application, settings, language, database, error hook, window.

``run_gui(args)`` is called by ``workbench`` without a command (see ``__main__.open_window``) with
``args.db``, ``args.settings_file``, ``args.screenshot`` and ``args.lang``. With
``--screenshot DIR`` it renders every page to ``DIR/<page_id>.png`` (and the README's
organisation editor and History window) without showing any dialog and returns 0 (1 when the
database cannot be opened).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from workbench.db import APP_NAME, DB_ENV_VAR, default_data_dir, default_db_path
from workbench.errors import WorkbenchError
from workbench.ui import settings as prefs
from workbench.ui.context import AppContext
from workbench.ui.dialogs.common_database import OpenedDatabase, open_for_window
from workbench.ui.i18n import apply_language
from workbench.ui.widgets import messages

log = logging.getLogger("workbench.ui")

SCREENSHOT_SIZE = (1360, 860)


def tr(text: str) -> str:
    """Translate *text* in the ``app`` context."""
    return QCoreApplication.translate("app", text)


# --------------------------------------------------------------------------- logging, errors


def setup_logging(folder: Path | None = None) -> Path:
    """Log warnings and errors to ``<data dir>/logs/workbench.log``; returns the file."""
    folder = folder or default_data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "workbench.log"
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.setLevel(logging.INFO)
        root.addHandler(handler)
        if root.level > logging.INFO or root.level == logging.NOTSET:
            root.setLevel(logging.INFO)
    messages.set_log_file(path)
    return path


_in_hook = False


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Unexpected exceptions: logged with the traceback, shown as a friendly message only."""
    global _in_hook
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    if _in_hook or QApplication.instance() is None:
        log.error("Unhandled error", exc_info=(exc_type, exc, tb))
        sys.stderr.write("".join(traceback.format_exception_only(exc_type, exc)))
        return
    _in_hook = True
    try:
        messages.show_error(None, exc)
    except Exception:  # noqa: BLE001 - the hook must never raise
        log.exception("Could not show the error dialog")
    finally:
        _in_hook = False


# --------------------------------------------------------------------------- start-up


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(prefs.ORGANISATION)
    app.setApplicationDisplayName("Cluster Workbench")
    return app


def choose_location(args: argparse.Namespace, settings: QSettings) -> str:
    """The database to open: --db, WORKBENCH_DB, the last one opened, or the default file."""
    if getattr(args, "db", None):
        return str(args.db)
    if os.environ.get(DB_ENV_VAR):
        return os.environ[DB_ENV_VAR]
    last = prefs.last_database(settings)
    if last and ("://" in last or Path(last).exists()):
        return last
    return str(default_db_path())


def is_empty(db: Any) -> bool:
    """True when the database holds no organisation and no cluster profile yet."""
    from workbench.models import Organisation
    from workbench.services import cluster
    from workbench.services.base import list_records

    return not list_records(db, Organisation, limit=1) and cluster.get_profile(db) is None


def offer_demo(window: Any) -> Any:
    """First run on an empty database: the welcome dialog offering the demo (in ``demo.db``).

    Returns the dialog (opened, non-blocking), or None when nothing is offered. Accepting it
    ("Load demo", the default button) switches the window to the demo database and builds
    the demo there in the background (``MainWindow.open_demo``).
    """
    ctx = window.ctx
    if ctx.db.read_only or not is_empty(ctx.db):
        return None
    try:
        from workbench import demo  # noqa: F401 - only offered when the demo is installed
    except ImportError:
        return None
    from workbench.ui.dialogs.welcome import WelcomeDialog

    dialog = WelcomeDialog(ctx.db.display_name, window)
    dialog.accepted.connect(window.open_demo)
    dialog.finished.connect(dialog.deleteLater)
    window.welcome_dialog = dialog
    dialog.open()
    return dialog


def run_gui(args: argparse.Namespace) -> int:
    """Start the window (or render screenshots); returns the process exit code."""
    screenshot_dir = getattr(args, "screenshot", None)
    log_file = setup_logging()
    app = _application()
    settings = prefs.open_settings(getattr(args, "settings_file", None))
    language = getattr(args, "lang", None) or prefs.get(settings, prefs.LANGUAGE) or None
    apply_language(language, app)
    previous_hook = sys.excepthook
    sys.excepthook = excepthook
    try:
        opened = _open_start_database(args, settings, interactive=not screenshot_dir)
        if opened is None:
            return 1
        from workbench.ui.main_window import MainWindow
        from workbench.ui.tasks import TaskRunner

        ctx = AppContext(db=opened.db, settings=settings)
        ctx.tasks = TaskRunner()
        prefs.add_recent_database(
            settings, str(opened.db.path) if opened.db.path is not None else opened.db.url
        )
        window = MainWindow(ctx, opened)
        if screenshot_dir:
            try:
                written = take_screenshots(window, Path(screenshot_dir))
            finally:
                window.close()
                opened.close()
            print(f"{len(written)} screenshots written to {screenshot_dir}")
            return 0
        window.show()
        QTimer.singleShot(0, lambda: offer_demo(window))
        code = app.exec()
        opened.close()
        log.info("Window closed (log: %s)", log_file)
        return int(code)
    finally:
        sys.excepthook = previous_hook


def _open_start_database(
    args: argparse.Namespace, settings: QSettings, *, interactive: bool
) -> OpenedDatabase | None:
    location = choose_location(args, settings)
    if interactive:
        return open_for_window(location, settings, None)
    try:
        return open_for_window(location, settings, None, interactive=False)
    except WorkbenchError as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return None


# --------------------------------------------------------------------------- screenshots


def settle(window: Any, page: Any = None, timeout_s: float = 60.0) -> None:
    """Process events until background loads finished and the page stopped loading."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        QApplication.processEvents()
        busy = window.ctx.tasks is not None and window.ctx.tasks.active_count() > 0
        loading = page is not None and getattr(page, "is_loading", lambda: False)()
        if not busy and not loading:
            break
        time.sleep(0.01)
    for _ in range(5):
        QApplication.processEvents()


def take_screenshots(
    window: Any, folder: Path, size: tuple[int, int] = SCREENSHOT_SIZE
) -> list[Path]:
    """Render every page of *window* to ``folder/<page_id>.png``, then the README's states.

    ``folder/captions.txt`` lists each page's file and its title as the sidebar shows it.

    The states (:func:`take_state_screenshots`) are an organisation editor and the History
    window. Returns the files written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(*size)
    window.show()
    settle(window)
    written = []
    titles = window.page_titles()
    captions = []
    for page_id in window.page_ids():
        page = window.show_page(page_id)
        settle(window, page)
        path = folder / f"{page_id}.png"
        window.grab().save(str(path))
        written.append(path)
        captions.append(f"{path.name}\t{titles.get(page_id, page_id)}")
    # The captions in the interface language: alt text for documentation, and a way for
    # checks of an installed or bundled program to see which language the window spoke.
    (folder / "captions.txt").write_text("\n".join(captions) + "\n", encoding="utf-8")
    return written + take_state_screenshots(window, folder)


def take_state_screenshots(window: Any, folder: Path) -> list[Path]:
    """``organisation_editor.png`` and ``history.png`` of the first enterprise with an SME class.

    The editor shows its "Size and SME class" tab; the History window is searched by the
    organisation's name (its own changes and those of its fees, contacts, size data...).
    Nothing is written to the database. Without such an enterprise nothing is rendered.
    """
    from workbench.services import members

    org = next((r for r in members.member_rows(window.ctx.db) if r.sme_class), None)
    if org is None:
        return []
    editor = window.open_organisation(org.id)
    editor.resize(940, 680)
    editor.tabs.setCurrentIndex(3)  # Size and SME class
    settle(window)
    editor_path = folder / "organisation_editor.png"
    editor.grab().save(str(editor_path))
    editor.close()
    window.action_history.trigger()
    history = window.history_dialog
    history.resize(1280, 640)
    history.search_edit.setText(org.name)
    history.reload()
    settle(window)
    history_path = folder / "history.png"
    history.grab().save(str(history_path))
    history.close()
    settle(window)
    return [editor_path, history_path]
