"""One writer per SQLite file: a lock file beside the database names who has it open.

A second Cluster Workbench on the same file sees who holds it and since when, and opens it
read-only unless the user takes over. A lock left behind by a crashed program on this machine
(its process no longer exists) is taken over silently.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from workbench.translatable import msg


@dataclass(frozen=True)
class LockOwner:
    """Who holds a database: user name, machine, process id and since when (ISO time)."""

    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        """Describe the holder for messages: "anna on laptop-3 since 2026-11-23 10:42"."""
        return msg(
            "{user} on {host} since {since}",
            user=self.user,
            host=self.host,
            since=self.since[:16].replace("T", " "),
        )


def lock_path_for(db_path: Path) -> Path:
    """The lock file of a database file."""
    return db_path.with_name(db_path.name + ".lock")


#: Files SQLite keeps beside a database while it is open (write-ahead log, shared memory,
#: rollback journal).
_COMPANIONS = ("-wal", "-shm", "-journal")


def database_files(db_path: Path) -> list[Path]:
    """The database file and every file SQLite or this program keeps beside it while open."""
    return [
        db_path,
        *(db_path.with_name(db_path.name + suffix) for suffix in _COMPANIONS),
        lock_path_for(db_path),
    ]


def is_database_file(candidate: str | os.PathLike[str], db_path: Path | None) -> bool:
    """True when *candidate* is the open database *db_path* or one of its companion files.

    Such a file must never be opened by anything else in this process: closing any descriptor
    of it drops the POSIX locks SQLite holds (see ``ui/widgets/file_dialogs``), and writing to
    it destroys the database. Compared by identity (same device and inode) where the file
    exists, by resolved path otherwise.
    """
    if db_path is None:
        return False
    wanted = Path(candidate)
    for own in database_files(db_path):
        try:
            if wanted.exists() and own.exists() and os.path.samefile(wanted, own):
                return True
        except OSError:
            pass
        if wanted.resolve() == own.resolve():
            return True
    return False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_owner(db_path: Path) -> LockOwner | None:
    """The current holder of *db_path*, or None when it is free (or the holder crashed)."""
    path = lock_path_for(db_path)
    try:
        owner = LockOwner(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    if owner.host == socket.gethostname() and not _pid_alive(owner.pid):
        return None
    return owner


class InstanceLock:
    """The lock this process holds on a database file (release it on close)."""

    def __init__(self, db_path: Path, user: str) -> None:
        self.db_path = db_path
        self.user = user
        self.owner = LockOwner(
            user, socket.gethostname(), os.getpid(), datetime.now().isoformat(timespec="seconds")
        )

    def held_by_other(self) -> LockOwner | None:
        """The other live holder, or None when this process may take the lock."""
        owner = read_owner(self.db_path)
        if owner is None or (owner.host == self.owner.host and owner.pid == self.owner.pid):
            return None
        return owner

    def acquire(self, *, take_over: bool = False) -> LockOwner | None:
        """Take the lock; returns the other holder instead (and takes nothing) when held.

        With *take_over* the lock is taken even from a live holder, who will find out the next
        time they save (their lock file no longer names them).
        """
        other = self.held_by_other()
        if other is not None and not take_over:
            return other
        path = lock_path_for(self.db_path)
        tmp = path.with_name(path.name + f".{os.getpid()}")
        tmp.write_text(json.dumps(asdict(self.owner)), encoding="utf-8")
        tmp.replace(path)
        return None

    def still_ours(self) -> bool:
        """False when another instance took the database over."""
        owner = read_owner(self.db_path)
        return owner is not None and owner.pid == self.owner.pid and owner.host == self.owner.host

    def release(self) -> None:
        """Remove the lock file if it is still ours."""
        if self.still_ours():
            lock_path_for(self.db_path).unlink(missing_ok=True)
