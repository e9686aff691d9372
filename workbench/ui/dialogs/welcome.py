"""First run: the welcome dialog offering the demo cluster in its own database file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import icons

#: File name of the demo database, created beside the user's own database.
DEMO_FILE_NAME = "demo.db"


class WelcomeDialog(QDialog):
    """Offers the demo on an empty database; accepted = load the demo (the default button).

    The demo goes into its own file (``demo.db`` beside the user's database), never into the
    user's database, so trying the program leaves nothing to clean up. Opened with ``open()``.
    """

    def __init__(self, database_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle(self.tr("Welcome to Cluster Workbench"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        logo = QLabel()
        logo.setPixmap(icons.icon("app").pixmap(56, 56))
        text = QLabel(
            self.tr(
                "<b>Your database {name} is empty.</b><br><br>"
                "Try the program on the demo cluster first: about 140 members, projects, "
                "activities and five years of history. The demo opens in its own database "
                "({demo}), so your database stays empty; File &gt; Open my database brings "
                "you back to it."
            ).format(name=database_name, demo=DEMO_FILE_NAME)
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setMinimumWidth(380)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(text, 1)
        self.demo_button = QPushButton(self.tr("Load demo"))
        self.empty_button = QPushButton(self.tr("Start with my empty database"))
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.empty_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.demo_button.setDefault(True)
        self.demo_button.setAutoDefault(True)
        self.empty_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addWidget(self.buttons)
        self.demo_button.setFocus()
