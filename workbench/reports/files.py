"""Atomic report files: a report is written to a temporary file and only then renamed.

Every failure the user can cause or fix (a folder that cannot be written, a file that is
read-only, open in another program or a folder, a full disk) raises :class:`ReportFileError`
naming the path and what to do; nothing is half-written. The report gets the permissions the
user's umask gives a new file (0644 under umask 022), like any file the user saves.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench import storage
from workbench.errors import WorkbenchError
from workbench.translatable import Message, msg

__all__ = ["ReportFileError", "atomic_output", "check_output_path"]

# A new report's mode before the umask, as open() and every editor use: the umask decides.
_NEW_FILE_MODE = 0o666


class ReportFileError(WorkbenchError):
    """The report file or its folder cannot be written; the message names it and what to do."""


def check_output_path(path: str | os.PathLike[str]) -> None:
    """Refuse *path* before any work when it cannot become the report file.

    Raises:
        ReportFileError: *path* is a folder, or an existing read-only file.
    """
    target = Path(path)
    if target.is_dir():
        raise ReportFileError(
            msg("{path} is a folder, not a file: add a file name to the path.", path=target)
        )
    if target.exists() and _read_only(target):
        raise ReportFileError(
            msg(
                "The file {path} is read-only, so it was not replaced: make it writable or "
                "choose another file name.",
                path=target,
            )
        )


def _read_only(target: Path) -> bool:
    # The write bits too: os.access says yes to root even for a 0444 file.
    return not os.access(target, os.W_OK) or not target.stat().st_mode & 0o222


@contextmanager
def atomic_output(path: str | os.PathLike[str], suffix: str) -> Iterator[str]:
    """Yield the name of a fresh temporary file (ending in *suffix*) next to *path*.

    The folder of *path* is created when missing. When the ``with`` block ends normally the
    temporary file replaces *path*; when it raises (a cancel included) the temporary file is
    removed and *path* is left as it was.

    Raises:
        ReportFileError: see :func:`check_output_path`; the folder cannot be created or
            written; the disk is full; *path* cannot be replaced (open in another program).
    """
    target = Path(path)
    check_output_path(target)
    tmp = _create_temporary(target, suffix)
    try:
        try:
            yield str(tmp)
        except OSError as exc:
            problem = storage.classify(exc)
            if problem in (storage.Problem.DISK_FULL, storage.Problem.READ_ONLY):
                raise ReportFileError(storage.message_for(problem, target)) from exc
            raise
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise ReportFileError(_replace_message(target, exc)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _create_temporary(target: Path, suffix: str) -> Path:
    """Create an empty temporary file beside *target*, with the mode the umask gives.

    ``tempfile.mkstemp`` would create it 0600 whatever the umask, and the rename keeps that
    mode: the report would be unreadable to the colleagues the user's umask lets read it.
    """
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for _ in range(100):
            tmp = folder / f".~{target.stem}-{secrets.token_hex(4)}{suffix}"
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _NEW_FILE_MODE)
            except FileExistsError:
                continue
            os.close(fd)
            return tmp
        raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))
    except OSError as exc:
        raise ReportFileError(_folder_message(folder, exc)) from exc


def _folder_message(folder: Path, exc: OSError) -> Message:
    # The nearest existing part of the path: a file there is why the folder cannot exist.
    blocker = next((p for p in (folder, *folder.parents) if p.exists()), folder)
    if not blocker.is_dir():
        return msg(
            "The folder {folder} cannot be created: {file} is a file, not a folder. Choose "
            "another folder for the report.",
            folder=folder,
            file=blocker,
        )
    if storage.classify(exc) is storage.Problem.DISK_FULL:
        return storage.message_for(storage.Problem.DISK_FULL, folder)
    return msg(
        "Cannot write in the folder {folder} ({error}): it is read-only or you may not write "
        "there. Choose another folder for the report.",
        folder=folder,
        error=exc.strerror or exc,
    )


def _replace_message(target: Path, exc: OSError) -> Message:
    return msg(
        "The file {path} cannot be replaced ({error}): it is open in another program or "
        "read-only. Close it there, or choose another file name, and try again.",
        path=target,
        error=exc.strerror or exc,
    )
