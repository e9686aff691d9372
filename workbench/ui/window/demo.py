"""The demo database: opening it from the welcome dialog, its banner, the way back.

The welcome dialog offers a made-up cluster to try the program on: :meth:`DemoDatabase.open_demo`
opens ``demo.db`` beside the user's database (building the demo there in the background when
it is empty) and remembers the user's own database, which the banner's button and File > Open
my database go back to.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from workbench.db import default_db_path
from workbench.services.changes import Changes
from workbench.ui import settings as prefs
from workbench.ui.dialogs.welcome import DEMO_FILE_NAME

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow


class DemoDatabase(QObject):
    """The demo database of *window* (``MainWindow.demo``) and the banner shown while it is open."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.banner = self._build_banner()

    def _build_banner(self) -> QWidget:
        """The strip saying that the demo database is open, with the way back."""
        banner = QWidget()
        banner.setObjectName("demoBanner")
        banner.setStyleSheet(
            "QWidget#demoBanner { background: #fff4d6; border-bottom: 1px solid #e0c36a; }"
        )
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.open_own_database)
        row = QHBoxLayout(banner)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.banner_label, 1)
        row.addWidget(self.back_button)
        banner.setVisible(False)
        return banner

    def is_demo(self) -> bool:
        """True while the demo database created by the welcome dialog is open."""
        demo = prefs.load(self.ctx.settings, prefs.DEMO_DATABASE)
        db = self.ctx.db
        return bool(demo) and db.path is not None and str(db.path) == str(demo)

    def own_database(self) -> str | None:
        """The user's database to go back to from the demo (None when unknown)."""
        own = prefs.load(self.ctx.settings, prefs.OWN_DATABASE)
        return str(own) if own else None

    def update_banner(self) -> None:
        """Show the banner and File > Open my database while the demo is open (texts too)."""
        demo = self.is_demo()
        own = self.own_database()
        self.banner.setVisible(demo)
        self.banner_label.setText(
            self.tr(
                "<b>Demo database</b>: the members, projects and figures here are made up. "
                "Try anything; your own database is not touched."
            )
        )
        self.back_button.setText(self.tr("Open my database"))
        self.back_button.setVisible(own is not None)
        action = getattr(self.window, "action_own_db", None)  # None while the window starts
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
        if not self.window.databases.open_database_at(str(target)):
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
            parent=self.window,
            write=True,
        )
        return True

    def open_own_database(self) -> bool:
        """Leave the demo for the user's own database; True when it was opened."""
        own = self.own_database()
        if own is None:
            return False
        return self.window.databases.open_database_at(own)
