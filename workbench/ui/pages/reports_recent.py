"""The Reports page's "Recent reports": the files written lately, remembered in the settings.

:func:`recent_reports`, :func:`add_recent_report` and :func:`remove_recent_report` keep the
list (newest first, at most :data:`MAX_RECENT`); :class:`RecentReportsBox` shows it, opens a
report or its folder and forgets one. A file moved or deleted since is listed as missing,
never silently dropped.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import settings as prefs
from workbench.ui.formatting import format_datetime
from workbench.ui.indicators.look import UNKNOWN_COLOUR
from workbench.ui.widgets import messages
from workbench.ui.widgets.system_open import FileOpener

MAX_RECENT = 12


def recent_reports(settings: Any) -> list[Path]:
    """Report files written recently, newest first."""
    return [Path(str(v)) for v in prefs.load(settings, prefs.REPORTS_RECENT) if v]


def add_recent_report(settings: Any, path: Path) -> None:
    """Put *path* at the top of the recent reports."""
    items = [str(path)] + [str(p) for p in recent_reports(settings) if str(p) != str(path)]
    prefs.save(settings, prefs.REPORTS_RECENT, items[:MAX_RECENT])


def remove_recent_report(settings: Any, path: Path) -> None:
    """Forget *path* in the recent reports (the file is not touched)."""
    items = [str(p) for p in recent_reports(settings) if str(p) != str(path)]
    prefs.save(settings, prefs.REPORTS_RECENT, items)


class RecentReportsBox(QGroupBox):
    """The list of recent reports with Open, Show folder and Remove from list.

    *open_file* opens a file or a folder (the page's, replaced in tests) and returns whether
    it did.
    """

    def __init__(self, settings: Any, open_file: FileOpener, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._open_file = open_file
        self.setTitle(self.tr("Recent reports"))
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentReports")
        self.recent_list.setAlternatingRowColors(True)
        self.recent_list.setWordWrap(True)
        self.recent_list.setSpacing(2)
        self.open_button = QPushButton(self.tr("Open"))
        self.folder_button = QPushButton(self.tr("Show folder"))
        self.remove_button = QPushButton(self.tr("Remove from list"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        hint = QLabel(self.tr("Double-click a report to open it."))
        hint.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.addWidget(self.recent_list, 1)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        self.recent_list.itemActivated.connect(self._on_activated)
        self.recent_list.currentRowChanged.connect(self._update_buttons)
        self.open_button.clicked.connect(self._on_open)
        self.folder_button.clicked.connect(self._on_show_folder)
        self.remove_button.clicked.connect(self._on_remove)

    def refresh(self) -> None:
        """List the recent reports again (files that were moved or deleted show as missing)."""
        current = self.selected()
        self.recent_list.clear()
        for path in recent_reports(self.settings):
            item = self._item(path)
            self.recent_list.addItem(item)
            if current is not None and path == current:
                self.recent_list.setCurrentItem(item)
        if not self.recent_list.count():
            empty = QListWidgetItem(self.tr("No reports written yet."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent_list.addItem(empty)
        self._update_buttons()

    def _item(self, path: Path) -> QListWidgetItem:
        """The list entry of *path*: name, folder and time, or marked missing."""
        style = self.style()
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        if path.exists():
            when = format_datetime(datetime.fromtimestamp(path.stat().st_mtime).astimezone())
            item.setText(f"{path.name}\n{path.parent} · {when}")
            item.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon))
            item.setToolTip(str(path))
            return item
        item.setText(self.tr("{name} — missing").format(name=path.name) + f"\n{path.parent}")
        item.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
        item.setForeground(QBrush(UNKNOWN_COLOUR))
        font = item.font()
        font.setItalic(True)
        item.setFont(font)
        item.setToolTip(self.tr("{path} was moved or deleted").format(path=path))
        return item

    def paths(self) -> list[Path]:
        """The paths listed, in order."""
        paths = []
        for i in range(self.recent_list.count()):
            data = self.recent_list.item(i).data(Qt.ItemDataRole.UserRole)
            if data:
                paths.append(Path(str(data)))
        return paths

    def selected(self) -> Path | None:
        """The recent report selected, or None."""
        item = self.recent_list.currentItem()
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return Path(str(data)) if data else None

    def _update_buttons(self, *_args: Any) -> None:
        has = self.selected() is not None
        for button in (self.open_button, self.folder_button, self.remove_button):
            button.setEnabled(has)

    def open_recent(self, path: Path) -> bool:
        """Open a recent report; a missing file is said so."""
        if not path.exists():
            messages.warn(
                self,
                self.tr("Report missing"),
                self.tr(
                    "{path} was moved or deleted. Generate the report again, or "
                    "remove it from the list."
                ).format(path=path),
            )
            self.refresh()
            return False
        return self._open_file(path)

    def _on_activated(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if data:
            self.open_recent(Path(str(data)))

    def _on_open(self) -> None:
        path = self.selected()
        if path is not None:
            self.open_recent(path)

    def _on_show_folder(self) -> None:
        path = self.selected()
        if path is None:
            return
        if path.parent.is_dir():
            self._open_file(path.parent)
        else:
            messages.warn(
                self,
                self.tr("Folder missing"),
                self.tr("The folder {folder} no longer exists.").format(folder=path.parent),
            )

    def _on_remove(self) -> None:
        path = self.selected()
        if path is not None:
            remove_recent_report(self.settings, path)
            self.refresh()
