"""The main window: sidebar of pages, menus, toolbar, status bar, and all cross-page wiring.

Pages are created the first time they are shown (fast start with 10,000 members); a page that
fails to load gets an honest page saying so. Everything that connects one page to another
(open a record, a dropped file, refresh after a change) happens here, never between pages.

The window's parts live in :mod:`workbench.ui.window`: the pages it lists (``pages``), its
actions and menus (``menus``), the database commands (``databases``), the demo database
(``demo``) and Undo / Redo (``undo_actions``). The window owns them and keeps its public
methods, which delegate to them.
"""

from __future__ import annotations

import importlib
import logging
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from workbench import __version__
from workbench.errors import WorkbenchError
from workbench.services import org_records
from workbench.services.changes import Changes
from workbench.ui import icons
from workbench.ui import settings as prefs
from workbench.ui.context import AppContext
from workbench.ui.dialogs.common_database import OpenedDatabase
from workbench.ui.formatting import format_int
from workbench.ui.pages.base import Page
from workbench.ui.tasks import WRITES, TaskRunner
from workbench.ui.widgets import messages
from workbench.ui.widgets.file_dialogs import set_open_database
from workbench.ui.window.databases import DatabaseActions
from workbench.ui.window.demo import DemoDatabase
from workbench.ui.window.menus import build_actions, build_menus
from workbench.ui.window.pages import (
    PAGE_SPECS,
    PageFailedPage,
    PageLoading,
    PageSpec,
    import_core,
)
from workbench.ui.window.undo_actions import UndoActions
from workbench.ui.write_status import WriteIndicator, writes_done_before_closing

__all__ = ["PAGE_SPECS", "SPREADSHEET_SUFFIXES", "MainWindow", "PageFailedPage", "PageSpec"]

log = logging.getLogger(__name__)

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".tsv", ".txt")


class MainWindow(QMainWindow):
    """The application window.

    Signals:
        sig_file_dropped(str): a spreadsheet file was dropped on the window.
        sig_database_changed(): another database was opened (or restored).
        sig_page_changed(str): the page with this id is now shown.
    """

    sig_file_dropped = Signal(str)
    sig_database_changed = Signal()
    sig_page_changed = Signal(str)

    # Built by workbench.ui.window.menus (again after a language change).
    action_new_db: QAction
    action_open_db: QAction
    action_own_db: QAction
    action_backup: QAction
    action_restore: QAction
    action_preferences: QAction
    action_quit: QAction
    action_undo: QAction
    action_redo: QAction
    action_new: QAction
    action_delete: QAction
    action_find: QAction
    action_history: QAction
    action_about: QAction
    action_fee_run: QAction
    action_unpaid_fees: QAction
    page_actions: list[QAction]
    recent_menu: QMenu
    toolbar: QToolBar

    def __init__(
        self, ctx: AppContext, opened: OpenedDatabase | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.opened = opened or OpenedDatabase(ctx.db)
        set_open_database(ctx.db.path)  # the file dialogs refuse it (locks, overwrites)
        if ctx.tasks is None:
            ctx.tasks = TaskRunner(self)
        self.pages: dict[str, Page] = {}
        self._stale: set[str] = set()
        self._slots: dict[str, QWidget] = {}
        self._loading: dict[str, PageLoading] = {}  # pages whose core is imported meanwhile
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._refresh_after_change)
        self._changes = Changes()  # what changed since the pages were last refreshed
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.setWindowIcon(icons.icon("app"))
        self.databases = DatabaseActions(self)
        self.demo = DemoDatabase(self)
        self.undo_actions = UndoActions(self)
        self._build_ui()
        build_actions(self)
        build_menus(self)
        self._connect_signals()
        self._restore_state()
        self.update_title()
        self.update_status()

    # ------------------------------------------------------------------ texts

    def page_titles(self) -> dict[str, str]:
        """Translated sidebar titles by page id."""
        return {
            "dashboard": self.tr("Dashboard"),
            "members": self.tr("Members"),
            "areas": self.tr("Competence areas"),
            "pillars": self.tr("Strategic pillars"),
            "projects": self.tr("Projects"),
            "activities": self.tr("Activities"),
            "cluster_profile": self.tr("Cluster profile"),
            "reports": self.tr("Reports"),
            "import": self.tr("Import"),
        }

    # ------------------------------------------------------------------ layout

    def _build_ui(self) -> None:
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setSpacing(1)
        self.sidebar.setUniformItemSizes(True)
        self.sidebar.setMinimumWidth(170)
        self.sidebar.setMaximumWidth(280)
        self.sidebar.setStyleSheet("QListWidget#sidebar::item { padding: 6px 8px; }")
        self.stack = QStackedWidget()
        titles = self.page_titles()
        for index, spec in enumerate(PAGE_SPECS):
            item = QListWidgetItem(icons.icon(spec.icon), titles[spec.page_id])
            item.setData(Qt.ItemDataRole.UserRole, spec.page_id)
            item.setToolTip(f"{titles[spec.page_id]} (Ctrl+{index + 1})")
            self.sidebar.addItem(item)
            slot = QWidget()
            slot_layout = QVBoxLayout(slot)
            slot_layout.setContentsMargins(8, 8, 8, 8)
            self._slots[spec.page_id] = slot
            self.stack.addWidget(slot)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([210, 1100])
        self.demo_banner = self.demo.banner
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.demo_banner)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel()
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self.write_indicator = WriteIndicator(self)
        self.statusBar().addPermanentWidget(self.write_indicator)
        self.statusBar().addPermanentWidget(self.db_label)

    def _connect_signals(self) -> None:
        self.sidebar.currentRowChanged.connect(self._on_sidebar_row)
        self.ctx.bus.sig_changed.connect(self._on_data_changed)
        self.ctx.bus.sig_open_record.connect(self._on_open_record)
        self.sig_file_dropped.connect(self._on_file_dropped)
        self.undo_actions.connect_stack()
        if self.ctx.tasks is not None:
            self.ctx.tasks.sig_busy.connect(self._on_busy)

    # ------------------------------------------------------------------ pages

    def page_ids(self) -> list[str]:
        """Ids of the sidebar pages, in order."""
        return [spec.page_id for spec in PAGE_SPECS]

    def page(self, page_id: str) -> Page:
        """The page *page_id*, created on first use."""
        existing = self.pages.get(page_id)
        if existing is not None:
            return existing
        spec = next(s for s in PAGE_SPECS if s.page_id == page_id)
        page = self._create_page(spec)
        self.pages[page_id] = page
        layout = self._slots[page_id].layout()
        assert layout is not None
        layout.addWidget(page)
        placeholder = self._loading.pop(page_id, None)
        if placeholder is not None:  # shown already: the layout alone would show it later
            page.show()
            placeholder.hide()
            placeholder.deleteLater()
        page.sig_status.connect(self._on_page_status)
        if hasattr(page, "members_filter_provider"):
            page.members_filter_provider = self.members_filter  # the member directory report
        if hasattr(page, "sig_show_members"):  # the dashboard's charts
            page.sig_show_members.connect(self.show_members_filtered)
        return page

    def show_members_filtered(self, filters: dict[str, Any]) -> None:
        """Show the Members page with *filters*, its search box cleared.

        *filters* are ``MembersPage.set_filters`` keywords and ``as_of``, the day the table
        shows (today when absent).
        """
        filters = dict(filters)
        members: Any = self.show_page("members")  # a MembersPage (pages load lazily)
        members.set_search_text("")
        members.set_as_of(filters.pop("as_of", date.today()))
        members.set_filters(**filters)

    def members_filter(self) -> tuple[list[int], str, date | None] | None:
        """The Members page's visible ids, filters in words and day; None until it loaded."""
        members: Any = self.pages.get("members")
        if members is None or not getattr(members, "has_loaded", lambda: False)():
            return None
        as_of = getattr(members, "as_of_edit", None)
        return (
            members.current_member_ids(),
            members.filter_description(),
            as_of.date_value(strict=False) if as_of is not None else None,
        )

    def _create_page(self, spec: PageSpec) -> Page:
        try:
            module = importlib.import_module(spec.module)
            return getattr(module, spec.class_name)(self.ctx)
        except Exception as exc:  # noqa: BLE001 - a broken page must not stop the window
            log.exception("Page %s (%s) failed to load", spec.class_name, spec.module)
            return PageFailedPage(self.ctx, spec, self.page_titles()[spec.page_id], exc)

    def current_page_id(self) -> str:
        """Id of the page shown."""
        row = self.sidebar.currentRow()
        return PAGE_SPECS[row].page_id if 0 <= row < len(PAGE_SPECS) else PAGE_SPECS[0].page_id

    def current_page(self) -> Page:
        """The page shown."""
        return self.page(self.current_page_id())

    def show_page(self, page_id: str) -> Page:
        """Switch to *page_id*; returns the page."""
        index = self.page_ids().index(page_id)
        if self.sidebar.currentRow() != index:
            self.sidebar.setCurrentRow(index)
        return self.page(page_id)

    def _on_sidebar_row(self, row: int) -> None:
        if not 0 <= row < len(PAGE_SPECS):
            return
        spec = PAGE_SPECS[row]
        page_id = spec.page_id
        if page_id in self.pages or spec.preloaded():
            page = self.page(page_id)
            self.stack.setCurrentIndex(row)
            if page_id in self._stale:
                self._stale.discard(page_id)
                page.refresh()
        else:  # its core is imported in the background, the page built after
            self._load_page(spec)
            self.stack.setCurrentIndex(row)
        self.update_title()
        prefs.save(self.ctx.settings, prefs.MAIN_PAGE, page_id)
        self.sig_page_changed.emit(page_id)

    def _load_page(self, spec: PageSpec) -> None:
        """Show *spec*'s page once the core modules it needs are imported off the UI thread.

        Importing the importer (0.6-0.9 s) froze the window on the Import page's first visit;
        meanwhile a :class:`PageLoading` stands in. Whoever asks for the page sooner
        (:meth:`page`) gets it at once: its import then waits for the background one.
        """
        page_id = spec.page_id
        if page_id in self._loading or self.ctx.tasks is None:
            return
        placeholder = PageLoading(self.page_titles()[page_id])
        self._loading[page_id] = placeholder
        layout = self._slots[page_id].layout()
        assert layout is not None
        layout.addWidget(placeholder)

        def build(*_args: Any) -> None:  # on an error too: the page then says it failed
            if isValid(self) and page_id in self._loading:
                self.page(page_id)

        self.ctx.tasks.run(
            import_core, spec.preload, on_done=build, on_error=build, show_progress=False
        )

    def page_loading(self, page_id: str) -> bool:
        """Whether *page_id*'s page is still waiting for its modules (tests, benchmarks)."""
        return page_id in self._loading

    def _on_page_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    # ------------------------------------------------------------------ edit actions

    def new_record(self) -> None:
        """Ctrl+N: a new record on the page shown."""
        self.current_page().new_record()

    def delete_selected(self) -> None:
        """Delete: the records selected on the page shown (the page asks first)."""
        self.current_page().delete_selected()

    def focus_search(self) -> None:
        """Ctrl+F: the page's search box; on a page without one, the Members search.

        Names are what people look for from anywhere (the dashboard's data-quality list, a
        report), so Ctrl+F never does nothing; the status bar says where it went.
        """
        page = self.current_page()
        if page.focus_search():
            return
        members = self.show_page("members")
        if members.focus_search():
            self.statusBar().showMessage(
                self.tr("This page has no search: searching the members instead."), 5000
            )

    # ------------------------------------------------------------------ changes and records

    def _on_data_changed(self, changes: Changes | str) -> None:
        self._changes = self._changes.merged(Changes.coerce(changes))
        self._refresh_timer.start()

    def _refresh_after_change(self) -> None:
        self._changes = Changes()
        self.refresh_pages()
        self.update_status()

    def refresh_pages(self) -> None:
        """Refresh the page shown; the others refresh when they are shown next."""
        current = self.current_page_id()
        for page_id, page in self.pages.items():
            if page_id == current:
                page.refresh()
            else:
                self._stale.add(page_id)

    def _on_open_record(self, table: str, record_id: int) -> None:
        """Open the editor of a record named elsewhere (History, indicators, import results).

        The page listing such records is created if it was never shown (pages are lazy).
        """
        if table == "organisation":
            self.open_organisation(record_id)
            return
        spec = next((s for s in PAGE_SPECS if s.opens == table), None)
        if spec is not None:
            opener = getattr(self.page(spec.page_id), "open_record", None)
            if opener is not None:  # None: the page is unavailable in this build
                opener(record_id)

    def open_organisation(self, org_id: int | None) -> Any:
        """Open the organisation editor (non-blocking); returns the dialog."""
        from workbench.ui.editor import open_organisation_editor

        return open_organisation_editor(self.ctx, org_id, self)

    # ------------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        path = self._dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.sig_file_dropped.emit(str(path))

    @staticmethod
    def _dropped_file(event: Any) -> Path | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile():
                path = Path(url.toLocalFile())
                if path.suffix.lower() in SPREADSHEET_SUFFIXES:
                    return path
        return None

    def _on_file_dropped(self, path: str) -> None:
        page = self.show_page("import")
        starter = getattr(page, "start_import", None)
        if starter is not None:
            starter(path)
        else:
            messages.inform(
                self,
                self.tr("Import"),
                self.tr(
                    "{name} cannot be imported: spreadsheet import is not installed in this build."
                ).format(name=Path(path).name),
            )

    # ------------------------------------------------------------------ status and title

    def update_status(self) -> None:
        """Show the open database and the record counts in the status bar."""
        db = self.ctx.db
        note = self.tr(" (read-only)") if db.read_only else ""
        self.db_label.setText(self.tr("Database: {name}").format(name=db.display_name) + note)
        self.db_label.setToolTip(db.display_name)
        try:
            members_now, projects = org_records.record_counts(db)
        except WorkbenchError:
            self.counts_label.setText("")
            return
        self.counts_label.setText(
            self.tr("{members} members today · {projects} projects").format(
                members=format_int(members_now), projects=format_int(projects)
            )
        )

    def update_title(self) -> None:
        """Name the page and the database in the title bar; the demo banner follows too."""
        page_title = self.page_titles()[self.current_page_id()]
        db = self.ctx.db
        name = db.path.name if db.path is not None else db.display_name
        suffix = self.tr(" (read-only)") if db.read_only else ""
        if self.is_demo():
            name = self.tr("Demo database")
        self.setWindowTitle(f"{page_title} — {name}{suffix} — Cluster Workbench")
        self.demo.update_banner()

    def _on_busy(self, busy: bool) -> None:
        if busy and not WRITES.is_busy():  # a write says "Saving…" (write_indicator) instead
            self.statusBar().showMessage(self.tr("Working…"))
        else:
            self.statusBar().clearMessage()

    # ------------------------------------------------------------------ databases

    def new_database_at(self, path: str | Path) -> bool:
        """Create an empty database at *path* and switch to it; True on success."""
        return self.databases.new_database_at(path)

    def open_database_at(self, location: str) -> bool:
        """Open the database at *location* (file or URL) and show it; True on success."""
        return self.databases.open_database_at(location)

    def switch_database(self, opened: OpenedDatabase) -> None:
        """Show *opened* instead of the current database (closing the current one)."""
        self.databases.switch_database(opened)

    def backup_to(self, destination: Path | None = None) -> None:
        """Back up the database in the background (None: into its backups folder)."""
        self.databases.backup_to(destination)

    def restore_from(self, source: Path) -> bool:
        """Replace the open database by the backup *source*, after confirmation."""
        return self.databases.restore_from(source)

    # ------------------------------------------------------------------ the demo

    def is_demo(self) -> bool:
        """True while the demo database created by the welcome dialog is open."""
        return self.demo.is_demo()

    def open_demo(self) -> bool:
        """Switch to the demo database, building the demo there when it is empty."""
        return self.demo.open_demo()

    def open_own_database(self) -> bool:
        """Leave the demo for the user's own database; True when it was opened."""
        return self.demo.open_own_database()

    # ------------------------------------------------------------------ preferences, about

    def open_preferences(self) -> None:
        from workbench.ui.dialogs.common_preferences import PreferencesDialog

        dialog = PreferencesDialog(self.ctx.settings, self.ctx.db.user, self)
        dialog.sig_saved.connect(self.apply_preferences)
        dialog.open()
        self._preferences_dialog = dialog

    def apply_preferences(self, changed: list[str]) -> None:
        """Apply changed preferences at once (language re-translates the window)."""
        if prefs.USER_NAME.key in changed:
            name = prefs.get(self.ctx.settings, prefs.USER_NAME)
            if name:
                self.ctx.db.user = name
        if prefs.LANGUAGE.key in changed:
            from workbench.ui.i18n import apply_language

            apply_language(prefs.get(self.ctx.settings, prefs.LANGUAGE) or None)
            self.retranslate()

    def retranslate(self) -> None:
        """Rebuild every text after a language change (pages are recreated)."""
        current = self.current_page_id()
        for page_id, page in list(self.pages.items()):
            saver = getattr(page, "save_view_state", None)
            if saver is not None:
                saver()
            page.setParent(None)
            page.deleteLater()
            del self.pages[page_id]
        self._stale.clear()
        titles = self.page_titles()
        for index, spec in enumerate(PAGE_SPECS):
            item = self.sidebar.item(index)
            item.setText(titles[spec.page_id])
            item.setToolTip(f"{titles[spec.page_id]} (Ctrl+{index + 1})")
        for action in self.actions():
            self.removeAction(action)
        build_actions(self)
        build_menus(self)
        self.show_page(current)
        self.page(current)
        self.update_title()
        self.update_status()

    def open_history(self) -> None:
        from workbench.ui.dialogs.history_dialog import open_history_dialog

        self.history_dialog = open_history_dialog(self.ctx, self)

    def show_about(self) -> None:
        messages.inform(
            self,
            self.tr("About Cluster Workbench"),
            self.tr(
                "Cluster Workbench {version}\n\nMembers, projects and label-assessment evidence "
                "for cluster organisations.\n\nDatabase: {database}\nToday: {today}"
            ).format(
                version=__version__,
                database=self.ctx.db.display_name,
                today=date.today().isoformat(),
            ),
        )

    # ------------------------------------------------------------------ state

    def _restore_state(self) -> None:
        settings = self.ctx.settings
        geometry = prefs.load(settings, prefs.MAIN_GEOMETRY)
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(1360, 860)
        state = prefs.load(settings, prefs.MAIN_STATE)
        if isinstance(state, QByteArray | bytes) and state:
            self.restoreState(QByteArray(state))
        splitter = prefs.load(settings, prefs.MAIN_SPLITTER)
        if isinstance(splitter, QByteArray | bytes) and splitter:
            self.splitter.restoreState(QByteArray(splitter))
        page_id = prefs.load(settings, prefs.MAIN_PAGE) or "dashboard"
        if page_id not in self.page_ids():
            page_id = "dashboard"
        self.show_page(page_id)

    def save_state(self) -> None:
        """Remember geometry, toolbar, splitter and every page's view state."""
        settings = self.ctx.settings
        prefs.save(settings, prefs.MAIN_GEOMETRY, self.saveGeometry())
        prefs.save(settings, prefs.MAIN_STATE, self.saveState())
        prefs.save(settings, prefs.MAIN_SPLITTER, self.splitter.saveState())
        prefs.save(settings, prefs.MAIN_PAGE, self.current_page_id())
        for page in self.pages.values():
            saver = getattr(page, "save_view_state", None)
            if saver is not None:
                saver()
        settings.sync()

    def wait_for_tasks(self, timeout_ms: int = 30_000) -> bool:
        """Block until background tasks finished (closing, tests)."""
        return self.ctx.tasks.wait_all(timeout_ms) if self.ctx.tasks is not None else True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not writes_done_before_closing():
            # Never cut an edit off half-way: the user can close once it is written.
            self.statusBar().showMessage(self.tr("Still saving; close again in a moment."), 5000)
            event.ignore()
            return
        self.save_state()
        if self.ctx.tasks is not None:
            self.ctx.tasks.cancel_all()
            self.ctx.tasks.wait_all(10_000)
        super().closeEvent(event)

    def menu_titles(self) -> list[str]:
        """Titles of the menu bar's menus (tests)."""
        return [a.text() for a in self.menuBar().actions()]

    def menu(self, title_fragment: str) -> QMenu | None:
        """The menu whose title contains *title_fragment* (tests)."""
        for action in self.menuBar().actions():
            if title_fragment in action.text().replace("&", ""):
                menu = action.menu()
                return menu if isinstance(menu, QMenu) else None
        return None
