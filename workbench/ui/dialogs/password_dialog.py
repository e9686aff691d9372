"""The database password: asked once per session, kept in memory, or in the system keyring.

A team database on PostgreSQL may need a password. It is never written to the settings file
or the Recent databases menu (``ui/settings.without_password``): the window asks for it the
first time the server wants it, keeps it in memory until the program ends, and — when the
optional ``keyring`` package is installed and has a backend — offers to remember it in the
system keyring (Windows Credential Locker, macOS Keychain, Secret Service on Linux).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.db import (
    PasswordNeededError,
    is_server_url,
    url_for_humans,
    url_password,
    url_with_password,
)

#: Service name under which passwords are kept in the system keyring.
KEYRING_SERVICE = "Cluster Workbench"

#: Passwords given in this session, by URL without password (memory only, never on disk).
_SESSION: dict[str, str] = {}

_log = logging.getLogger(__name__)


def keyring_module() -> Any:
    """The ``keyring`` module when it is installed and has a usable backend, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # noqa: BLE001 - optional: any import problem means "no keyring"
        return None
    try:
        if isinstance(keyring.get_keyring(), fail.Keyring):
            return None
    except Exception:  # noqa: BLE001
        return None
    return keyring


def known_password(url: str) -> str:
    """*url* with the password given earlier in this session, or kept in the keyring.

    URLs that already hold a password, or for which none is known, come back unchanged.
    """
    if not is_server_url(url) or url_password(url) is not None:
        return url
    key = url_for_humans(url)
    password = _SESSION.get(key)
    if password is None:
        ring = keyring_module()
        if ring is not None:
            try:
                password = ring.get_password(KEYRING_SERVICE, key)
            except Exception as exc:  # noqa: BLE001 - a locked or broken keyring: just ask
                _log.warning("The system keyring could not be read: %s", exc)
    return url_with_password(url, password) if password else url


def remember(url: str, *, in_keyring: bool) -> None:
    """Keep the password of *url* for this session (and in the keyring if asked)."""
    password = url_password(url)
    if password is None:
        return
    key = url_for_humans(url)
    _SESSION[key] = password
    if in_keyring:
        ring = keyring_module()
        if ring is not None:
            try:
                ring.set_password(KEYRING_SERVICE, key, password)
            except Exception as exc:  # noqa: BLE001 - the session copy still works
                _log.warning("The password could not be kept in the system keyring: %s", exc)


def forget(url: str) -> None:
    """Drop the session's password of *url* (after the server refused it)."""
    _SESSION.pop(url_for_humans(url), None)


def forget_all() -> None:
    """Drop every password of this session (tests; a user switching accounts)."""
    _SESSION.clear()


class PasswordDialog(QDialog):
    """Asks for the password of one server and user; OK stays disabled while it is empty."""

    def __init__(self, problem: PasswordNeededError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Database password"))
        layout = QVBoxLayout(self)
        intro = self.tr("Type the password of {user} on {url}.")
        intro = intro.format(user=problem.user or "?", url=problem.url)
        if problem.wrong:
            intro = self.tr("The server refused that password.") + " " + intro
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        layout.addWidget(self.password)
        self.keep = QCheckBox(self.tr("Remember it in the system keyring"))
        self.keep.setVisible(keyring_module() is not None)
        layout.addWidget(self.keep)
        note = QLabel(
            self.tr(
                "Without the keyring the password is kept only until Cluster Workbench is "
                "closed; it is never written to the settings."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Connect"))
        self.ok_button.setDefault(True)
        self.ok_button.setEnabled(False)
        self.password.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text)))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.password.setFocus()
        self.resize(440, self.sizeHint().height())


def ask_password(parent: QWidget | None, problem: PasswordNeededError) -> tuple[str, bool] | None:
    """The password typed and whether to keep it in the keyring; None on Cancel."""
    dialog = PasswordDialog(problem, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.password.text():
        return None
    return dialog.password.text(), dialog.keep.isChecked() and not dialog.keep.isHidden()
