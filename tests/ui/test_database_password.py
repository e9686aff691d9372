"""A team database that needs a password: asked once per session, never stored (issue 11.7).

A real PostgreSQL server of its own, where the role ``anna`` must log in with her password
(scram-sha-256 in ``pg_hba.conf``); the password dialog is driven with real keystrokes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from tests.support.postgres import (
    SKIP_MESSAGE,
    PostgresUnavailable,
    TempPostgres,
    create_database,
    find_pg_bin,
    pg_required,
)
from workbench.db import PasswordNeededError, open_database, url_with_password
from workbench.ui import settings as prefs
from workbench.ui.dialogs import password_dialog as passwords
from workbench.ui.dialogs.common_database import open_for_window
from workbench.ui.dialogs.password_dialog import PasswordDialog

PASSWORD = "s3cr'et pw"


@pytest.fixture(scope="module")
def server() -> Iterator[TempPostgres]:
    if find_pg_bin() is None:
        if pg_required():
            pytest.fail(SKIP_MESSAGE)
        pytest.skip(SKIP_MESSAGE)
    try:
        pg = TempPostgres(create_test_db=False, password_users={"anna": PASSWORD}).start()
    except PostgresUnavailable as exc:
        if pg_required():
            raise
        pytest.skip(str(exc))
    create_database(pg.maintenance_url, "team")
    pg._psql("postgres", 'ALTER DATABASE "team" OWNER TO anna')
    yield pg
    pg.stop()


@pytest.fixture
def anna_url(server: TempPostgres, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    # No ~/.pgpass either: libpq ignores a password file that does not exist.
    monkeypatch.setenv("PGPASSFILE", "/nonexistent/pgpass")
    passwords.forget_all()
    yield server.url_as("anna", "team")
    passwords.forget_all()


class PasswordAnswers:
    """Answers each PasswordDialog that opens with the next of *answers* (None = Cancel)."""

    def __init__(self, qtbot: Any, answers: list[str | None], keep: bool = False) -> None:
        self.qtbot = qtbot
        self.answers = list(answers)
        self.keep = keep
        self.intros: list[str] = []
        self.keyring_shown: list[bool] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._answer)
        self.timer.start()

    def _answer(self) -> None:
        dialog = next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, PasswordDialog) and w.isVisible() and not w.property("answered")
            ),
            None,
        )
        if dialog is None:
            return
        dialog.setProperty("answered", True)
        self.intros.append(dialog.intro.text())
        self.keyring_shown.append(not dialog.keep.isHidden())
        if not self.answers:
            raise AssertionError("an unexpected password dialog opened")
        answer = self.answers.pop(0)
        if answer is None:
            self.qtbot.keyClick(dialog.password, Qt.Key.Key_Escape)
            return
        assert not dialog.ok_button.isEnabled()  # nothing typed yet
        if self.keep:
            dialog.keep.setChecked(True)
        self.qtbot.keyClicks(dialog.password, answer)
        self.qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    def stop(self) -> None:
        self.timer.stop()


def test_the_engine_says_a_password_is_needed_or_wrong(anna_url: str) -> None:
    with pytest.raises(PasswordNeededError) as missing:
        open_database(anna_url)
    assert not missing.value.wrong and missing.value.user == "anna"
    assert "asks for the password of anna" in str(missing.value)
    with pytest.raises(PasswordNeededError) as wrong:
        open_database(url_with_password(anna_url, "nope"))
    assert wrong.value.wrong and "nope" not in str(wrong.value)


def test_window_asks_once_per_session_and_never_stores_it(
    qtbot: Any, anna_url: str, ui_settings: Any, settings_file: Path
) -> None:
    answers = PasswordAnswers(qtbot, ["wrong one", PASSWORD])
    opened = open_for_window(anna_url, ui_settings, None)
    answers.stop()
    assert opened is not None
    assert "refused that password" in answers.intros[1]  # the second ask says why
    assert "anna" in answers.intros[0] and PASSWORD not in answers.intros[0]
    prefs.add_recent_database(ui_settings, opened.db.url)
    opened.close()
    ui_settings.sync()
    assert PASSWORD not in settings_file.read_text(encoding="utf-8")
    assert "anna@" in settings_file.read_text(encoding="utf-8")

    no_more = PasswordAnswers(qtbot, [])  # any dialog now fails the test
    again = open_for_window(prefs.recent_databases(ui_settings)[0], ui_settings, None)
    no_more.stop()
    assert again is not None and no_more.intros == []
    assert PASSWORD not in again.db.display_name
    again.close()


def test_cancel_opens_nothing(qtbot: Any, anna_url: str, ui_settings: Any) -> None:
    answers = PasswordAnswers(qtbot, [None])
    assert open_for_window(anna_url, ui_settings, None) is None
    answers.stop()
    assert len(answers.intros) == 1


class FakeKeyring:
    """Stands in for the ``keyring`` module (no desktop keyring on a test machine)."""

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.store.get((service, user))

    def set_password(self, service: str, user: str, password: str) -> None:
        self.store[(service, user)] = password


def test_the_system_keyring_remembers_it_across_sessions(
    qtbot: Any, anna_url: str, ui_settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring = FakeKeyring()
    monkeypatch.setattr(passwords, "keyring_module", lambda: ring)
    answers = PasswordAnswers(qtbot, [PASSWORD], keep=True)
    opened = open_for_window(anna_url, ui_settings, None)
    answers.stop()
    assert opened is not None and answers.keyring_shown == [True]
    opened.close()
    assert list(ring.store.values()) == [PASSWORD]
    assert all(PASSWORD not in key for _service, key in ring.store)
    passwords.forget_all()  # a new session: only the keyring knows it
    no_more = PasswordAnswers(qtbot, [])
    again = open_for_window(anna_url, ui_settings, None)
    no_more.stop()
    assert again is not None and no_more.intros == []
    again.close()


def test_without_a_keyring_the_option_is_not_offered(
    qtbot: Any, anna_url: str, ui_settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passwords, "keyring_module", lambda: None)
    answers = PasswordAnswers(qtbot, [PASSWORD])
    opened = open_for_window(anna_url, ui_settings, None)
    answers.stop()
    assert opened is not None and answers.keyring_shown == [False]
    opened.close()


def _cli(url: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", "--db", url, "members", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_command_line_says_how_to_give_the_password(anna_url: str) -> None:
    env: dict[str, str] = {k: v for k, v in os.environ.items() if k != "PGPASSWORD"}
    env["PGPASSFILE"] = "/nonexistent/pgpass"
    refused = _cli(anna_url, env)
    assert refused.returncode != 0
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "PGPASSWORD" in lines[0] and "Traceback" not in refused.stderr
    env["PGPASSWORD"] = PASSWORD
    assert _cli(anna_url, env).returncode == 0
