"""A database another Cluster Workbench holds: Cancel opens nothing, "Open read-only" does.

The other instance is a real process holding the lock file, as a second window would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench.db import open_database
from workbench.locking import lock_path_for, read_owner

HOLDER = (
    "import sys\n"
    "from pathlib import Path\n"
    "from workbench.locking import InstanceLock\n"
    "lock = InstanceLock(Path(sys.argv[1]), 'anna')\n"
    "assert lock.acquire() is None\n"
    "print('held', flush=True)\n"
    "sys.stdin.read()\n"  # until the test closes our stdin
    "lock.release()\n"
)


@pytest.fixture
def held_elsewhere(tmp_path: Path) -> Iterator[Path]:
    """A database file whose lock a live other process holds."""
    path = tmp_path / "shared" / "team.db"
    path.parent.mkdir()
    open_database(path).dispose()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    try:
        yield path
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)


def descriptors_on(path: Path) -> list[str]:
    """This process's open descriptors on *path* or its WAL / shared-memory files."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(path)):
            found.append(target)
    return found


def test_cancel_on_the_in_use_question_opens_nothing(
    main_window: Any, ctx: Any, dialogs: Any, held_elsewhere: Path
) -> None:
    before = ctx.db
    dialogs.choice = -1  # the Cancel button of messages.choose
    assert main_window.open_database_at(str(held_elsewhere)) is False
    kind, title, text = dialogs.shown[-1]
    assert kind == "choice" and title == "The database is in use" and "anna" in text
    assert ctx.db is before and not ctx.db.read_only
    assert held_elsewhere.name not in main_window.windowTitle()
    assert descriptors_on(held_elsewhere) == []  # its connections were closed, not kept
    owner = read_owner(held_elsewhere)
    assert owner is not None and owner.user == "anna"  # the other instance keeps its lock
    assert lock_path_for(held_elsewhere).exists()


def test_open_read_only_on_the_in_use_question(
    main_window: Any, ctx: Any, dialogs: Any, held_elsewhere: Path
) -> None:
    dialogs.choice = 0  # "Open read-only"
    assert main_window.open_database_at(str(held_elsewhere)) is True
    assert ctx.db.path == held_elsewhere and ctx.db.read_only
    assert "(read-only)" in main_window.windowTitle()
    owner = read_owner(held_elsewhere)
    assert owner is not None and owner.user == "anna"
