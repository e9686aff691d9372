"""The main window: sidebar of pages, menus, toolbar, status bar, and all cross-page wiring.

Pages are created the first time they are shown (fast start with 10,000 members). A page
module that is not part of this build gets an honest page saying which capability is missing.
Everything that connects one page to another (open a record, a dropped file, refresh after a
change) happens here, never between pages.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from workbench import __version__
from workbench.db import backup_dir_for, default_db_path, resolve_db_url, sqlite_path_of
from workbench.errors import WorkbenchError
from workbench.locking import is_database_file
from workbench.services import org_records
from workbench.services.changes import Changes
from workbench.ui import icons
from workbench.ui import settings as prefs
from workbench.ui.context import AppContext
from workbench.ui.dialogs.common_database import (
    OpenedDatabase,
    RestoreCancelled,
    backup_to,
    open_for_window,
    restore_file,
)
from workbench.ui.dialogs.welcome import DEMO_FILE_NAME
from workbench.ui.formatting import escape_mnemonic, format_datetime, format_int
from workbench.ui.pages.base import Page
from workbench.ui.tasks import WRITES, TaskRunner
from workbench.ui.undo import pending_import, redo_next, undo_last
from workbench.ui.widgets import messages
from workbench.ui.widgets.file_dialogs import open_file_name, save_file_name, set_open_database
from workbench.ui.write_status import WriteIndicator, writes_done_before_closing

log = logging.getLogger(__name__)

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".tsv", ".txt")


@dataclass(frozen=True)
class PageSpec:
    """Where a sidebar page comes from."""

    page_id: str
    module: str
    class_name: str
    #: Name of the sidebar icon in ``workbench/resources/icons`` (``workbench.ui.icons``).
    icon: str
    #: The table whose records this page's editor opens (``open_record(record_id)``).
    opens: str | None = None


PAGE_SPECS = (
    PageSpec(
        "dashboard",
        "workbench.ui.pages.dashboard",
        "DashboardPage",
        "dashboard",
    ),
    PageSpec(
        "members",
        "workbench.ui.pages.members",
        "MembersPage",
        "members",
    ),
    PageSpec(
        "areas",
        "workbench.ui.pages.areas",
        "AreasPage",
        "areas",
        opens="competence_area",
    ),
    PageSpec(
        "pillars",
        "workbench.ui.pages.pillars",
        "PillarsPage",
        "pillars",
        opens="strategic_pillar",
    ),
    PageSpec(
        "projects",
        "workbench.ui.pages.projects",
        "ProjectsPage",
        "projects",
        opens="project",
    ),
    PageSpec(
        "activities",
        "workbench.ui.pages.activities",
        "ActivitiesPage",
        "activities",
        opens="activity",
    ),
    PageSpec(
        "cluster_profile",
        "workbench.ui.pages.cluster_profile",
        "ClusterProfilePage",
        "cluster_profile",
    ),
    PageSpec("reports", "workbench.ui.pages.reports", "ReportsPage", "reports"),
    PageSpec("import", "workbench.ui.importing.page", "ImportPage", "import"),
)


class PageFailedPage(Page):
    """Stands in for a page that failed to load or start: a defect, reported, never hidden.

    Every page ships with the program, so this only appears when one raised; the rest of the
    window keeps working and the details are in the log file.
    """

    def __init__(
        self,
        ctx: AppContext,
        spec: PageSpec,
        title: str,
        error: BaseException,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.page_id = spec.page_id
        self._title = title
        self.error = error
        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48)
        )
        heading = self.tr("The {title} page could not be loaded").format(title=title)
        body = self.tr(
            "The page failed to start ({kind}). The details were written to the log file; "
            "the rest of the program works normally."
        ).format(kind=type(error).__name__)
        heading_label = QLabel(f"<h2>{heading}</h2>")
        heading_label.setWordWrap(True)
        body_label = QLabel(body)
        body_label.setWordWrap(True)
        text = QVBoxLayout()
        text.addWidget(heading_label)
        text.addWidget(body_label)
        text.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        box = QWidget()
        box.setMaximumWidth(760)
        box.setLayout(row)
        outer = QHBoxLayout()
        outer.addWidget(box, 1)
        outer.addStretch(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.addLayout(outer)
        layout.addStretch(1)

    def title(self) -> str:
        return self._title


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
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._refresh_after_change)
        self._changes = Changes()  # what changed since the pages were last refreshed
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.setWindowIcon(icons.icon("app"))
        self._build_ui()
        self._build_actions()
        self._build_menus()
        self._connect_signals()
        self._restore_state()
        self._update_title()
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
        self.demo_banner = self._build_demo_banner()
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

    def _build_demo_banner(self) -> QWidget:
        """The strip saying that the demo database is open, with the way back."""
        banner = QWidget()
        banner.setObjectName("demoBanner")
        banner.setStyleSheet(
            "QWidget#demoBanner { background: #fff4d6; border-bottom: 1px solid #e0c36a; }"
        )
        self.demo_banner_label = QLabel()
        self.demo_banner_label.setWordWrap(True)
        self.demo_back_button = QPushButton()
        self.demo_back_button.clicked.connect(self.open_own_database)
        row = QHBoxLayout(banner)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.demo_banner_label, 1)
        row.addWidget(self.demo_back_button)
        banner.setVisible(False)
        return banner

    def _build_actions(self) -> None:
        style = self.style()
        icon = style.standardIcon
        sp = QStyle.StandardPixmap

        def make(
            text: str, slot: Any, shortcut: Any = None, icon_: QIcon | None = None, tip: str = ""
        ) -> QAction:
            action = QAction(text, self)
            if icon_ is not None:
                action.setIcon(icon_)
            if shortcut is not None:
                shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
                action.setShortcuts([QKeySequence(s) for s in shortcuts])
            if tip:
                action.setStatusTip(tip)
            action.triggered.connect(slot)
            self.addAction(action)
            return action

        self.action_new_db = make(
            self.tr("&New database…"), self._on_new_database, icon_=icon(sp.SP_FileDialogNewFolder)
        )
        self.action_open_db = make(
            self.tr("&Open database…"),
            self._on_open_database,
            QKeySequence.StandardKey.Open,
            icon(sp.SP_DialogOpenButton),
        )
        self.action_backup = make(
            self.tr("&Backup…"),
            self._on_backup,
            icon_=icon(sp.SP_DialogSaveButton),
            tip=self.tr("Save a copy of the database"),
        )
        self.action_restore = make(
            self.tr("&Restore…"), self._on_restore, icon_=icon(sp.SP_BrowserReload)
        )
        self.action_preferences = make(
            self.tr("&Preferences…"), self._on_preferences, QKeySequence.StandardKey.Preferences
        )
        self.action_quit = make(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.action_own_db = make(
            self.tr("Open &my database"),
            self.open_own_database,
            tip=self.tr("Leave the demo and go back to your own database"),
        )
        # Own actions instead of QUndoStack.createUndoAction: Ctrl+Z on an import goes to the
        # batch undo (with its confirmation), and "R&D" in a label must not become a mnemonic.
        self.action_undo = make(
            self.tr("Undo"),
            self._on_undo,
            QKeySequence.StandardKey.Undo,
            icon(sp.SP_ArrowBack),
        )
        self.action_redo = make(
            self.tr("Redo"),
            self._on_redo,
            ["Ctrl+Y", QKeySequence.StandardKey.Redo],
            icon(sp.SP_ArrowForward),
        )
        self._update_undo_actions()
        self.action_new = make(
            self.tr("&New"),
            self._on_new,
            QKeySequence.StandardKey.New,
            icon(sp.SP_FileIcon),
            self.tr("Create a record on this page"),
        )
        self.action_delete = make(
            self.tr("&Delete"),
            self._on_delete,
            QKeySequence(Qt.Key.Key_Delete),
            icon(sp.SP_TrashIcon),
            self.tr("Delete the selected records"),
        )
        self.action_find = make(
            self.tr("&Find"),
            self._on_find,
            QKeySequence.StandardKey.Find,
            icon(sp.SP_FileDialogContentsView),
        )
        self.action_about = make(self.tr("&About Cluster Workbench"), self._on_about)
        self.action_history = make(
            self.tr("&History…"), self._on_history, "Ctrl+H", icons.icon("history")
        )
        self.page_actions: list[QAction] = []
        titles = self.page_titles()
        for index, spec in enumerate(PAGE_SPECS):
            action = make(
                titles[spec.page_id],
                lambda _checked=False, pid=spec.page_id: self.show_page(pid),
                f"Ctrl+{index + 1}",
            )
            self.page_actions.append(action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.action_new_db)
        file_menu.addAction(self.action_open_db)
        file_menu.addAction(self.action_own_db)
        self.recent_menu = file_menu.addMenu(self.tr("Recent databases"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        file_menu.addSeparator()
        file_menu.addAction(self.action_backup)
        file_menu.addAction(self.action_restore)
        file_menu.addSeparator()
        file_menu.addAction(self.action_preferences)
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.action_undo)
        edit_menu.addAction(self.action_redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self.action_new)
        edit_menu.addAction(self.action_delete)
        edit_menu.addAction(self.action_find)
        view_menu = bar.addMenu(self.tr("&View"))
        for action in self.page_actions:
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.action_history)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.action_about)

        old_toolbar: QToolBar | None = getattr(self, "toolbar", None)
        if old_toolbar is not None:
            self.removeToolBar(old_toolbar)
        self.toolbar: QToolBar = QToolBar(self.tr("Main toolbar"))
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.action_new, self.action_delete, self.action_find):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.action_undo)
        self.toolbar.addAction(self.action_redo)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.action_backup)
        self.addToolBar(self.toolbar)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        items = prefs.recent_databases(self.ctx.settings)
        for location in items:
            action = self.recent_menu.addAction(escape_mnemonic(location))
            action.triggered.connect(lambda _c=False, loc=location: self.open_database_at(loc))
        if not items:
            empty = self.recent_menu.addAction(self.tr("(none yet)"))
            empty.setEnabled(False)

    def _connect_signals(self) -> None:
        self.sidebar.currentRowChanged.connect(self._on_sidebar_row)
        self.ctx.bus.sig_changed.connect(self._on_data_changed)
        self.ctx.bus.sig_open_record.connect(self._on_open_record)
        self.sig_file_dropped.connect(self._on_file_dropped)
        # Bound methods (not lambdas): Qt disconnects them when the window goes away, while
        # the undo stack lives on in the context.
        self.ctx.undo_stack.indexChanged.connect(self._on_undo_index_changed)
        self.ctx.undo_stack.undoTextChanged.connect(self._update_undo_actions)
        self.ctx.undo_stack.redoTextChanged.connect(self._update_undo_actions)
        self.ctx.undo_stack.canUndoChanged.connect(self._update_undo_actions)
        self.ctx.undo_stack.canRedoChanged.connect(self._update_undo_actions)
        if self.ctx.tasks is not None:
            self.ctx.tasks.sig_busy.connect(self._on_busy)
        WRITES.sig_busy.connect(self._update_undo_actions)  # no undo on top of a pending edit

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
        page_id = PAGE_SPECS[row].page_id
        page = self.page(page_id)
        self.stack.setCurrentIndex(row)
        if page_id in self._stale:
            self._stale.discard(page_id)
            page.refresh()
        self._update_title()
        prefs.save(self.ctx.settings, prefs.MAIN_PAGE, page_id)
        self.sig_page_changed.emit(page_id)

    def _on_page_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    # ------------------------------------------------------------------ edit actions

    def _on_new(self) -> None:
        self.current_page().new_record()

    def _on_delete(self) -> None:
        self.current_page().delete_selected()

    def _on_find(self) -> None:
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
        current = self.current_page_id()
        for page_id, page in self.pages.items():
            if page_id == current:
                page.refresh()
            else:
                self._stale.add(page_id)
        self.update_status()

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
        from workbench.ui.dialogs.organisation_editor import open_organisation_editor

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

    def _on_undo_index_changed(self, _index: int) -> None:
        self._update_undo_actions()
        self._update_title()

    def _update_undo_actions(self, *_args: Any) -> None:
        stack = self.ctx.undo_stack
        if not isValid(stack) or not isValid(self):  # the stack is being destroyed (exit)
            return
        for action, can, text, plain, labelled in (
            (
                self.action_undo,
                stack.canUndo(),
                stack.undoText(),
                self.tr("Undo"),
                self.tr("Undo {what}"),
            ),
            (
                self.action_redo,
                stack.canRedo(),
                stack.redoText(),
                self.tr("Redo"),
                self.tr("Redo {what}"),
            ),
        ):
            action.setEnabled(can and not WRITES.is_busy())
            action.setText(labelled.format(what=escape_mnemonic(text)) if can and text else plain)

    def _on_undo(self) -> None:
        """Ctrl+Z: undo the last edit, or offer to undo the last import (batch undo)."""
        stack = self.ctx.undo_stack
        command = pending_import(stack)
        if command is not None:
            undo_batch = getattr(self.page("import"), "undo_batch_id", None)
            if undo_batch is not None:
                undo_batch(command.batch_id)
            return
        # A record changed since by someone else raises the save's conflict question instead
        # of being overwritten (undo_last checks the versions the edit left).
        undo_last(self.ctx, self)

    def _on_redo(self) -> None:
        redo_next(self.ctx, self)

    def _update_title(self) -> None:
        page_title = self.page_titles()[self.current_page_id()]
        db = self.ctx.db
        name = db.path.name if db.path is not None else db.display_name
        suffix = self.tr(" (read-only)") if db.read_only else ""
        if self.is_demo():
            name = self.tr("Demo database")
        self.setWindowTitle(f"{page_title} — {name}{suffix} — Cluster Workbench")
        self._update_demo_banner()

    def _on_busy(self, busy: bool) -> None:
        if busy and not WRITES.is_busy():  # a write says "Saving…" (write_indicator) instead
            self.statusBar().showMessage(self.tr("Working…"))
        else:
            self.statusBar().clearMessage()

    # ------------------------------------------------------------------ databases

    def _file_dialog_folder(self) -> str:
        db = self.ctx.db
        return str(db.path.parent) if db.path is not None else str(Path.home())

    def _on_new_database(self) -> None:
        path = save_file_name(
            self,
            self.tr("New database"),
            str(Path(self._file_dialog_folder()) / "cluster.db"),
            self.tr("Cluster Workbench databases (*.db)"),
        )
        if path:
            self.new_database_at(path)

    def new_database_at(self, path: str | Path) -> bool:
        """Create an empty database at *path* and switch to it; True on success."""
        target = Path(path)
        if target.suffix == "":
            target = target.with_suffix(".db")
        if target.exists():
            messages.warn(
                self,
                self.tr("New database"),
                self.tr(
                    "{path} already exists. Choose another name, or use "
                    "File > Open database to open it."
                ).format(path=target),
            )
            return False
        return self.open_database_at(str(target))

    def _on_open_database(self) -> None:
        path = open_file_name(
            self,
            self.tr("Open database"),
            self._file_dialog_folder(),
            self.tr("Cluster Workbench databases (*.db *.sqlite);;All files (*)"),
        )
        if path:
            self.open_database_at(path)

    def open_database_at(self, location: str) -> bool:
        """Open the database at *location* (file or URL) and show it; True on success.

        The file that is open already stays as it is: opening it a second time and closing
        the first engine would close descriptors of it and drop SQLite's locks.
        """
        target = sqlite_path_of(resolve_db_url(location))
        if target is not None and is_database_file(target, self.ctx.db.path):
            self.statusBar().showMessage(self.tr("{path} is already open.").format(path=target))
            return True
        if self.ctx.tasks is not None:
            self.ctx.tasks.cancel_all()
            self.ctx.tasks.wait_all(10_000)
        opened = open_for_window(location, self.ctx.settings, self)
        if opened is None:
            return False
        self.switch_database(opened)
        return True

    def switch_database(self, opened: OpenedDatabase) -> None:
        """Show *opened* instead of the current database (closing the current one)."""
        old = self.opened
        self.opened = opened
        self.ctx.db = opened.db
        set_open_database(opened.db.path)
        if old is not None and old.db is not opened.db:
            old.close()
        self.ctx.undo_stack.clear()
        self.ctx.bus.versions.clear()
        location = str(opened.db.path) if opened.db.path is not None else opened.db.url
        prefs.add_recent_database(self.ctx.settings, location)
        current = self.current_page_id()
        for page_id, page in self.pages.items():
            if page_id == current:
                page.refresh()
            else:
                self._stale.add(page_id)
        self._update_title()
        self.update_status()
        self.sig_database_changed.emit()
        self.ctx.bus.announce(Changes.all())

    # ------------------------------------------------------------------ the demo database

    def is_demo(self) -> bool:
        """True while the demo database created by the welcome dialog is open."""
        demo = prefs.load(self.ctx.settings, prefs.DEMO_DATABASE)
        db = self.ctx.db
        return bool(demo) and db.path is not None and str(db.path) == str(demo)

    def own_database(self) -> str | None:
        """The user's database to go back to from the demo (None when unknown)."""
        own = prefs.load(self.ctx.settings, prefs.OWN_DATABASE)
        return str(own) if own else None

    def _update_demo_banner(self) -> None:
        demo = self.is_demo()
        own = self.own_database()
        banner = getattr(self, "demo_banner", None)
        if banner is not None:
            banner.setVisible(demo)
            self.demo_banner_label.setText(
                self.tr(
                    "<b>Demo database</b>: the members, projects and figures here are made up. "
                    "Try anything; your own database is not touched."
                )
            )
            self.demo_back_button.setText(self.tr("Open my database"))
            self.demo_back_button.setVisible(own is not None)
        action = getattr(self, "action_own_db", None)
        if action is not None:
            action.setVisible(demo and own is not None)

    def demo_path(self) -> Path:
        """``demo.db`` beside the open database (beside the default one for a server)."""
        db = self.ctx.db
        folder = db.path.parent if db.path is not None else default_db_path().parent
        return folder / DEMO_FILE_NAME

    def open_demo(self) -> bool:
        """Switch to the demo database, building the demo there when it is empty.

        The open database is remembered as the user's own (File > Open my database).
        """
        from workbench.ui.app import is_empty

        db = self.ctx.db
        own = str(db.path) if db.path is not None else db.url
        target = self.demo_path()
        prefs.save(self.ctx.settings, prefs.OWN_DATABASE, own)
        prefs.add_recent_database(self.ctx.settings, own)  # the way back, in the recent list
        prefs.save(self.ctx.settings, prefs.DEMO_DATABASE, str(target))
        if not self.open_database_at(str(target)):
            return False
        if self.ctx.db.read_only or not is_empty(self.ctx.db):
            return True
        from workbench import demo

        demo_db = self.ctx.db

        def build(state: Any) -> Any:
            return demo.build_demo(
                demo_db, progress=lambda done, total: state.progress(done, total)
            )

        assert self.ctx.tasks is not None
        self.ctx.tasks.run(
            build,
            on_done=lambda _summary: self.ctx.bus.announce(Changes.all()),
            title=self.tr("Building the demo cluster…"),
            parent=self,
            write=True,
        )
        return True

    def open_own_database(self) -> bool:
        """Leave the demo for the user's own database; True when it was opened."""
        own = self.own_database()
        if own is None:
            return False
        return self.open_database_at(own)

    def _on_backup(self) -> None:
        db = self.ctx.db
        if db.path is not None:
            folder = backup_dir_for(db.path)
            folder.mkdir(parents=True, exist_ok=True)
            suggestion = folder / f"{db.path.stem}-{datetime.now():%Y%m%d-%H%M}-manual.db"
            filters = self.tr("Database copies (*.db);;Portable exports (*.json.gz)")
        else:
            suggestion = Path.home() / f"workbench-export-{datetime.now():%Y%m%d-%H%M}.json.gz"
            filters = self.tr("Portable exports (*.json.gz)")
        path = save_file_name(self, self.tr("Backup"), str(suggestion), filters)
        if path:
            self.backup_to(Path(path))

    def backup_to(self, destination: Path | None = None) -> None:
        """Back up the database in the background (None: into its backups folder)."""
        db = self.ctx.db
        keep = prefs.get(self.ctx.settings, prefs.BACKUPS_KEPT)
        assert self.ctx.tasks is not None
        self.ctx.tasks.run(
            lambda _state: backup_to(db, destination, keep),
            on_done=lambda path: self.statusBar().showMessage(
                self.tr("Backup written to {path}").format(path=path), 10_000
            ),
            title=self.tr("Backing up the database…"),
            parent=self,
        )

    def _on_restore(self) -> None:
        db = self.ctx.db
        folder = str(backup_dir_for(db.path)) if db.path is not None else str(Path.home())
        path = open_file_name(
            self,
            self.tr("Restore a backup"),
            folder,
            self.tr("Backups (*.db *.json.gz *.json);;All files (*)"),
        )
        if path:
            self.restore_from(Path(path))

    def restore_from(self, source: Path) -> bool:
        """Replace the open database by the backup *source*, after confirmation."""
        db = self.ctx.db
        when = ""
        if source.exists():
            when = format_datetime(datetime.fromtimestamp(source.stat().st_mtime).astimezone())
        if not messages.confirm(
            self,
            self.tr("Restore a backup"),
            self.tr(
                "Replace everything in {database} with the backup {backup} (saved {when})?\n\n"
                "All members, projects and other records entered since then will be replaced. "
                "The current contents are saved as a backup first, so this can be reverted."
            ).format(database=db.display_name, backup=source.name, when=when),
            yes_text=self.tr("Replace with the backup"),
            destructive=True,
        ):
            return False
        location = str(db.path) if db.path is not None else db.url
        url = db.url
        if self.ctx.tasks is not None:
            self.ctx.tasks.cancel_all()
            self.ctx.tasks.wait_all(10_000)
        self.opened.close()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            safety = restore_file(url, source, self, self.ctx.tasks)
        except RestoreCancelled:
            QApplication.restoreOverrideCursor()
            self._reopen_after_failure(location)
            return False
        except WorkbenchError as exc:
            QApplication.restoreOverrideCursor()
            messages.show_error(self, exc)
            self._reopen_after_failure(location)
            return False
        QApplication.restoreOverrideCursor()
        opened = open_for_window(location, self.ctx.settings, self)
        if opened is None:
            return False
        self.switch_database(opened)
        note = (
            self.tr(" The previous contents were saved to {path}.").format(path=safety)
            if safety
            else ""
        )
        messages.inform(
            self,
            self.tr("Backup restored"),
            self.tr("The backup {name} was restored.").format(name=source.name) + note,
        )
        return True

    def _reopen_after_failure(self, location: str) -> None:
        opened = open_for_window(location, self.ctx.settings, self)
        if opened is not None:
            self.switch_database(opened)

    # ------------------------------------------------------------------ preferences, about

    def _on_preferences(self) -> None:
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
        self._build_actions()
        self._build_menus()
        self.show_page(current)
        self.page(current)
        self._update_title()
        self.update_status()

    def _on_history(self) -> None:
        from workbench.ui.dialogs.history_dialog import open_history_dialog

        self.history_dialog = open_history_dialog(self.ctx, self)

    def _on_about(self) -> None:
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
