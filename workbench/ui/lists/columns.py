"""The column chooser (the table header's context menu) and the header's memory.

Right-clicking a column title offers every column with a check mark (untick to hide it; the
last visible column cannot be hidden) and "Reset columns". Columns are reordered by dragging
their titles. :class:`HeaderMemory` keeps order, widths, hidden columns and sort of one page's
table in the settings (``PAGE_HEADER``) and restores them when the page is built again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

from workbench.ui import settings as prefs

_REMEMBERED = "columnsRemembered"


def columns_remembered(view: QTableView) -> bool:
    """True when *view*'s columns were restored as the user left them (do not re-fit them)."""
    return bool(view.property(_REMEMBERED))


class ColumnChooser(QObject):
    """The header context menu of *view*: show/hide columns, reset them.

    ``menu()`` builds the menu (tests trigger its actions); ``sig`` none: the header's own
    signals (``sectionMoved``, ``sectionResized``) report every change.
    """

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self._defaults: list[int] = []
        header = view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_menu_requested)
        self._default_widths = [header.sectionSize(i) for i in range(header.count())]
        self.last_menu: QMenu | None = None

    def remember_default_widths(self) -> None:
        """Take the current widths as the ones "Reset columns" goes back to."""
        header = self.view.horizontalHeader()
        self._default_widths = [header.sectionSize(i) for i in range(header.count())]

    def menu(self) -> QMenu:
        """The column chooser menu, built for the columns as they are now."""
        menu = QMenu(self.view)
        menu.setObjectName("columnChooser")
        self.fill(menu)
        self.last_menu = menu
        return menu

    def fill(self, menu: QMenu) -> None:
        """Put the column chooser's items into *menu* (emptied first)."""
        menu.clear()
        header = self.view.horizontalHeader()
        model = self.view.model()
        title = menu.addAction(self.tr("Columns shown"))
        title.setEnabled(False)
        shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
        for visual in range(header.count()):
            logical = header.logicalIndex(visual)
            text = str(model.headerData(logical, Qt.Orientation.Horizontal) or "")
            action = QAction(text.replace("&", "&&"), menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(logical))
            action.setEnabled(not (len(shown) == 1 and logical in shown))
            action.setData(logical)
            action.toggled.connect(lambda on, i=logical: self.set_column_shown(i, on))
            menu.addAction(action)
        menu.addSeparator()
        reset = menu.addAction(self.tr("Reset columns"))
        reset.setObjectName("resetColumns")
        reset.triggered.connect(self.reset)
        hint = menu.addAction(self.tr("Drag a column title to move the column"))
        hint.setEnabled(False)

    def set_column_shown(self, logical: int, shown: bool) -> None:
        """Show or hide column *logical* (never the last one shown)."""
        header = self.view.horizontalHeader()
        visible = [i for i in range(header.count()) if not header.isSectionHidden(i)]
        if not shown and visible == [logical]:
            return
        header.setSectionHidden(logical, not shown)
        if shown and header.sectionSize(logical) < 30:
            header.resizeSection(logical, 100)

    def reset(self) -> None:
        """Every column shown, in its original order and width."""
        header = self.view.horizontalHeader()
        for logical in range(header.count()):
            header.setSectionHidden(logical, False)
            visual = header.visualIndex(logical)
            if visual != logical:
                header.moveSection(visual, logical)
        for logical, width in enumerate(self._default_widths):
            header.resizeSection(logical, width)

    def _on_menu_requested(self, pos: QPoint) -> None:
        header = self.view.horizontalHeader()
        self.menu().popup(header.mapToGlobal(pos))


class HeaderMemory(QObject):
    """Saves *view*'s header state under ``PAGE_HEADER`` for *page* and restores it.

    ``restore()`` returns True when a remembered state was applied (the page then skips its
    first "fit columns to contents"). Every change (move, resize, hide, sort) is saved at once:
    QSettings keeps it in memory and writes the file lazily.
    """

    def __init__(self, view: QTableView, settings: Any, page: str) -> None:
        super().__init__(view)
        self.view = view
        self.settings = settings
        self.page = page
        self.restored = False
        header = view.horizontalHeader()
        header.sectionMoved.connect(self._on_changed)
        header.sectionResized.connect(self._on_changed)
        header.sortIndicatorChanged.connect(self._on_changed)
        header.geometriesChanged.connect(self._on_changed)

    def restore(self) -> bool:
        state = prefs.load(self.settings, prefs.PAGE_HEADER, page=self.page)
        header: QHeaderView = self.view.horizontalHeader()
        if isinstance(state, QByteArray | bytes) and state:
            self.restored = bool(header.restoreState(QByteArray(state)))
        if self.restored:
            self.view.setProperty(_REMEMBERED, True)
            model = self.view.model()
            model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        return self.restored

    def save(self) -> None:
        prefs.save(
            self.settings,
            prefs.PAGE_HEADER,
            self.view.horizontalHeader().saveState(),
            page=self.page,
        )

    def _on_changed(self, *_args: Any) -> None:
        self.save()
