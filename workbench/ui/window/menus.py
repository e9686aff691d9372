"""The main window's actions, menu bar, toolbar and File > Recent databases.

Functions over the window: they set its ``action_*`` attributes, ``page_actions``,
``recent_menu`` and ``toolbar`` (declared on :class:`~workbench.ui.main_window.MainWindow`),
and are called again after a language change (``MainWindow.retranslate``), which removes the
old actions first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QStyle, QToolBar

from workbench.ui import icons
from workbench.ui import settings as prefs
from workbench.ui.fees import fee_actions
from workbench.ui.formatting import escape_mnemonic
from workbench.ui.window.pages import PAGE_SPECS

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

#: make(text, slot, shortcut=None, icon_=None, tip="") -> an action of the window.
ActionMaker = Callable[..., QAction]


def _action_maker(window: MainWindow) -> ActionMaker:
    """A maker of the window's actions (added to the window, so their shortcuts work)."""

    def make(
        text: str, slot: Any, shortcut: Any = None, icon_: QIcon | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, window)
        if icon_ is not None:
            action.setIcon(icon_)
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        window.addAction(action)
        return action

    return make


def build_actions(window: MainWindow) -> None:
    """Create every action of the window (File, Edit, View, Fees, Help, the page shortcuts)."""
    make = _action_maker(window)
    _build_file_actions(window, make)
    _build_edit_actions(window, make)
    window.action_about = make(window.tr("&About Cluster Workbench"), window.show_about)
    window.action_history = make(
        window.tr("&History…"), window.open_history, "Ctrl+H", icons.icon("history")
    )
    window.action_fee_run, window.action_unpaid_fees = fee_actions(window.ctx, window)
    window.page_actions = []
    titles = window.page_titles()
    for index, spec in enumerate(PAGE_SPECS):
        action = make(
            titles[spec.page_id],
            lambda _checked=False, pid=spec.page_id: window.show_page(pid),
            f"Ctrl+{index + 1}",
        )
        window.page_actions.append(action)


def _build_file_actions(window: MainWindow, make: ActionMaker) -> None:
    icon = window.style().standardIcon
    sp = QStyle.StandardPixmap
    databases = window.databases
    window.action_new_db = make(
        window.tr("&New database…"),
        databases.on_new_database,
        icon_=icon(sp.SP_FileDialogNewFolder),
    )
    window.action_open_db = make(
        window.tr("&Open database…"),
        databases.on_open_database,
        QKeySequence.StandardKey.Open,
        icon(sp.SP_DialogOpenButton),
    )
    window.action_backup = make(
        window.tr("&Backup…"),
        databases.on_backup,
        icon_=icon(sp.SP_DialogSaveButton),
        tip=window.tr("Save a copy of the database"),
    )
    window.action_restore = make(
        window.tr("&Restore…"), databases.on_restore, icon_=icon(sp.SP_BrowserReload)
    )
    window.action_preferences = make(
        window.tr("&Preferences…"), window.open_preferences, QKeySequence.StandardKey.Preferences
    )
    window.action_quit = make(window.tr("&Quit"), window.close, QKeySequence.StandardKey.Quit)
    window.action_own_db = make(
        window.tr("Open &my database"),
        window.demo.open_own_database,
        tip=window.tr("Leave the demo and go back to your own database"),
    )


def _build_edit_actions(window: MainWindow, make: ActionMaker) -> None:
    icon = window.style().standardIcon
    sp = QStyle.StandardPixmap
    # Own actions instead of QUndoStack.createUndoAction: Ctrl+Z on an import goes to the
    # batch undo (with its confirmation), and "R&D" in a label must not become a mnemonic.
    window.action_undo = make(
        window.tr("Undo", "MainWindow"),
        window.undo_actions.undo,
        QKeySequence.StandardKey.Undo,
        icon(sp.SP_ArrowBack),
    )
    window.action_redo = make(
        window.tr("Redo"),
        window.undo_actions.redo,
        ["Ctrl+Y", QKeySequence.StandardKey.Redo],
        icon(sp.SP_ArrowForward),
    )
    window.undo_actions.update()
    window.action_new = make(
        window.tr("&New"),
        window.new_record,
        QKeySequence.StandardKey.New,
        icon(sp.SP_FileIcon),
        window.tr("Create a record on this page"),
    )
    window.action_delete = make(
        window.tr("&Delete"),
        window.delete_selected,
        QKeySequence(Qt.Key.Key_Delete),
        icon(sp.SP_TrashIcon),
        window.tr("Delete the selected records"),
    )
    window.action_find = make(
        window.tr("&Find"),
        window.focus_search,
        QKeySequence.StandardKey.Find,
        icon(sp.SP_FileDialogContentsView),
    )


def build_menus(window: MainWindow) -> None:
    """Fill the menu bar and (re)build the toolbar from the window's actions."""
    bar = window.menuBar()
    bar.clear()
    file_menu = bar.addMenu(window.tr("&File"))
    file_menu.addAction(window.action_new_db)
    file_menu.addAction(window.action_open_db)
    file_menu.addAction(window.action_own_db)
    window.recent_menu = file_menu.addMenu(window.tr("Recent databases"))
    window.recent_menu.aboutToShow.connect(lambda: fill_recent_menu(window))
    fill_recent_menu(window)
    file_menu.addSeparator()
    file_menu.addAction(window.action_backup)
    file_menu.addAction(window.action_restore)
    file_menu.addSeparator()
    file_menu.addAction(window.action_preferences)
    file_menu.addSeparator()
    file_menu.addAction(window.action_quit)
    edit_menu = bar.addMenu(window.tr("&Edit"))
    edit_menu.addAction(window.action_undo)
    edit_menu.addAction(window.action_redo)
    edit_menu.addSeparator()
    edit_menu.addAction(window.action_new)
    edit_menu.addAction(window.action_delete)
    edit_menu.addAction(window.action_find)
    view_menu = bar.addMenu(window.tr("&View"))
    for action in window.page_actions:
        view_menu.addAction(action)
    view_menu.addSeparator()
    view_menu.addAction(window.action_history)
    fees_menu = bar.addMenu(window.tr("F&ees"))
    fees_menu.addAction(window.action_fee_run)
    fees_menu.addAction(window.action_unpaid_fees)
    help_menu = bar.addMenu(window.tr("&Help"))
    help_menu.addAction(window.action_about)
    _build_toolbar(window)


def _build_toolbar(window: MainWindow) -> None:
    old_toolbar: QToolBar | None = getattr(window, "toolbar", None)
    if old_toolbar is not None:
        window.removeToolBar(old_toolbar)
    window.toolbar = QToolBar(window.tr("Main toolbar"))
    window.toolbar.setObjectName("mainToolbar")
    window.toolbar.setMovable(False)
    window.toolbar.setIconSize(QSize(18, 18))
    window.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for action in (window.action_new, window.action_delete, window.action_find):
        window.toolbar.addAction(action)
    window.toolbar.addSeparator()
    window.toolbar.addAction(window.action_undo)
    window.toolbar.addAction(window.action_redo)
    window.toolbar.addSeparator()
    window.toolbar.addAction(window.action_backup)
    window.addToolBar(window.toolbar)


def fill_recent_menu(window: MainWindow) -> None:
    """List the recent databases in File > Recent databases (done each time it opens)."""
    window.recent_menu.clear()
    items = prefs.recent_databases(window.ctx.settings)
    for location in items:
        action = window.recent_menu.addAction(escape_mnemonic(location))
        action.triggered.connect(
            lambda _c=False, loc=location: window.databases.open_database_at(loc)
        )
    if not items:
        empty = window.recent_menu.addAction(window.tr("(none yet)"))
        empty.setEnabled(False)
