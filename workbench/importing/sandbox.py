"""Run the spreadsheet reader in a child process under memory and time limits.

Why: python-calamine allocates every cell of a sheet's used range, and a failed allocation in
Rust aborts the process instead of raising, so a 4.7 KB xlsx with cells at A1 and XFD1048576
ended the whole program (window included, where the reader runs in-process). ``readers.py``
checks what it can before calamine allocates (the declared and real used range of xlsx
sheets, columns and cells of CSV files), but xls, xlsb and ods files, and files that lie about
themselves, can only be bounded from outside. Hence this module: the caller's process never
loads a workbook itself.

Contract:
    * :func:`call` runs ``readers.read_table_here`` or ``readers.list_sheets_here`` in the
      worker process and returns its value or raises the exception it raised
      (:class:`ImportFileError` keeps its file, sheet and hint). Progress is relayed to the
      caller's callback on the caller's thread; an exception the callback raises (a Cancel)
      kills the worker and is raised from :func:`call`.
    * A worker that uses more resident memory than ``max_memory`` or takes longer than
      ``max_seconds`` is killed; a worker that dies on its own (an abort, a crash) is
      reported too. Both become an :class:`ImportFileError` naming the file, and the sheet
      when the worker had said which one it was loading.
    * The same code path on Linux, Windows and macOS: the ``spawn`` start method, and a
      watchdog in the parent that samples the child's resident memory every ``TICK`` seconds
      (Linux ``/proc``, Windows ``GetProcessMemoryInfo``, macOS ``proc_pid_rusage``). On Linux
      the child also lowers its own address-space limit (RLIMIT_AS), so one huge allocation
      fails at once instead of between two samples.
    * One worker serves the reads one at a time and is reused, so only the first read of a
      session pays for starting it (about 0.15 s); a worker that grew beyond
      ``RECYCLE_BYTES``, broke a limit, crashed or was cancelled is replaced on the next read.
      An idle worker exits by itself after ``IDLE_SECONDS``.
    * Where no child process can be started (inside a daemonic process, a sandbox without
      ``fork``/``CreateProcess``), the read runs in this process with a logged warning: the
      row, column and cell limits still hold there, the memory and time limits do not.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import logging
import multiprocessing
import os
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from workbench.importing.errors import ImportFileError
from workbench.translatable import msg

log = logging.getLogger(__name__)

#: Seconds between two looks of the watchdog at the child (memory, time, Cancel).
TICK = 0.1
#: A worker whose resident memory is above this after a read is stopped rather than reused.
RECYCLE_BYTES = 300 * 1024 * 1024
#: An idle worker exits after this many seconds without a request.
IDLE_SECONDS = 600.0

_FUNCTIONS = ("read_table", "list_sheets")
_HINT = msg(
    "Delete empty rows, columns and stray cells beyond your table, or copy the data into a new "
    "sheet, save it as .xlsx and try again."
)

_lock = threading.Lock()
_worker: _Worker | None = None


def call(
    function: str,
    path: Path,
    kwargs: dict[str, Any],
    *,
    progress: Callable[[int, int], None] | None,
    max_memory: int,
    max_seconds: float,
) -> Any:
    """Run the reader *function* ("read_table" or "list_sheets") on *path* in the worker.

    Args:
        function: Which reader function.
        path: The file.
        kwargs: Its keyword arguments (progress aside).
        progress: Optional ``progress(done, total)`` callback, called on this thread.
        max_memory: Resident memory the worker may use, in bytes.
        max_seconds: Time the read may take.

    Returns:
        What the reader function returned.

    Raises:
        ImportFileError: The reader's own, or one saying that the worker broke a limit or died.
    """
    from workbench.importing import readers

    if function not in _FUNCTIONS:
        raise ValueError(f"unknown reader function {function!r}")
    tunables = {name: getattr(readers, name) for name in readers.TUNABLES}
    request = (function, path, kwargs, tunables, max_memory)
    with _lock:
        worker = _ready_worker()
        if worker is None:
            if function == "read_table":
                return readers.read_table_here(path, progress=progress, **kwargs)
            return readers.list_sheets_here(path, **kwargs)
        try:
            return worker.run(request, path.name, progress, max_memory, max_seconds)
        finally:
            if not worker.reusable():
                _stop_worker()


def prestart() -> None:
    """Start the worker if none is running; never waits for a read under way."""
    if _lock.acquire(blocking=False):
        try:
            _ready_worker()
        finally:
            _lock.release()


def shutdown() -> None:
    """Stop the worker, if one is running (it is also stopped when the program exits)."""
    with _lock:
        _stop_worker()


@atexit.register
def _at_exit() -> None:
    # Without the lock: a read may still hold it in a daemon thread. Stopping the worker here
    # (before multiprocessing's own exit handler terminates it) also removes its stderr file.
    if _worker is not None:
        _worker.stop()


def _ready_worker() -> _Worker | None:
    global _worker
    if _worker is not None and not _worker.alive():
        _stop_worker()
    if _worker is None:
        try:
            _worker = _Worker()
        except (OSError, RuntimeError, AssertionError, ValueError) as exc:
            # AssertionError: a daemonic process may not have children.
            log.warning("The file is read in this process: no child process (%s)", exc)
            return None
    return _worker


def _stop_worker() -> None:
    global _worker
    if _worker is not None:
        _worker.stop()
        _worker = None


class _Worker:
    """One child process serving read requests over a pipe."""

    def __init__(self) -> None:
        from workbench import reader_child

        context = multiprocessing.get_context("spawn")
        self.conn, child_end = context.Pipe()
        # The child's stderr goes to a file: Rust panics and abort messages would otherwise
        # reach the user's terminal, and they help to explain a crash in the log.
        handle, name = tempfile.mkstemp(prefix="workbench-reader-", suffix=".log")
        os.close(handle)
        self.stderr_path = Path(name)
        self.process: BaseProcess = context.Process(
            target=reader_child.main,
            args=(child_end, str(self.stderr_path)),
            name="workbench-reader",
            daemon=True,
        )
        try:
            self.process.start()
        except BaseException:
            self.conn.close()
            self.stderr_path.unlink(missing_ok=True)
            raise
        finally:
            child_end.close()
        self.broken = False
        self.last_rss = 0

    def alive(self) -> bool:
        return not self.broken and self.process.is_alive()

    def reusable(self) -> bool:
        return self.alive() and self.last_rss <= RECYCLE_BYTES

    def stop(self) -> None:
        """Ask the child to leave (end of its pipe), then kill it if it does not."""
        with contextlib.suppress(OSError):
            self.conn.close()
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=2)
        with contextlib.suppress(OSError, ValueError):
            self.process.close()
        with contextlib.suppress(OSError):
            self.stderr_path.unlink(missing_ok=True)

    def kill(self) -> None:
        self.broken = True
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
            self.process.join(timeout=5)

    def run(
        self,
        request: tuple[Any, ...],
        file_name: str,
        progress: Callable[[int, int], None] | None,
        max_memory: int,
        max_seconds: float,
    ) -> Any:
        """Send one request and watch the child until it answers, breaks a limit or dies."""
        log_start = self.stderr_path.stat().st_size if self.stderr_path.exists() else 0
        try:
            kind, value = self._watch(request, file_name, progress, max_memory, max_seconds)
        except BaseException:
            # The callback raised (Cancel), Ctrl+C, or the child's answer could not be
            # unpickled: the child's state is unknown, so it goes.
            self.kill()
            raise
        if kind == "result":
            return value
        if kind == "error":
            raise value
        self.kill()
        if kind == "died":
            raise _died(file_name, value, self._stderr_since(log_start), max_memory)
        if kind == "memory":
            raise _too_much_memory(file_name, value, max_memory)
        raise _too_slow(file_name, value, max_seconds)

    def _watch(
        self,
        request: tuple[Any, ...],
        file_name: str,
        progress: Callable[[int, int], None] | None,
        max_memory: int,
        max_seconds: float,
    ) -> tuple[str, Any]:
        """("result", value), ("error", exception), or (what went wrong, sheet being read)."""
        try:
            self.conn.send(request)
        except (OSError, EOFError, ValueError):
            return "died", None
        started = time.monotonic()
        sheet: str | None = None
        last: tuple[int, int] = (0, 0)
        pid = self.process.pid
        while True:
            if self.conn.poll(TICK):
                try:
                    message = self.conn.recv()
                except (EOFError, OSError):
                    return "died", sheet
                kind = message[0]
                if kind in ("result", "error"):
                    self.last_rss = message[2]
                    return kind, message[1]
                if kind == "sheet":
                    sheet = message[1]
                elif kind == "progress":
                    last = (message[1], message[2])
                    if progress is not None:
                        progress(*last)
                continue
            if not self.process.is_alive():
                return "died", sheet
            rss = _resident_bytes(pid) if pid is not None else None
            if rss is not None and rss > max_memory:
                return "memory", sheet
            if time.monotonic() - started > max_seconds:
                return "time", sheet
            if progress is not None:
                progress(*last)  # lets a Cancel pressed while calamine loads be noticed

    def _stderr_since(self, offset: int) -> str:
        try:
            with self.stderr_path.open("rb") as fh:
                fh.seek(offset)
                text = fh.read(20_000).decode("utf-8", errors="replace")
        except OSError:
            return ""
        if text.strip():
            log.info("The reader process wrote:\n%s", text)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return next((line for line in lines if "memory allocation" in line), "")


def _died(file_name: str, sheet: str | None, stderr: str, max_memory: int) -> ImportFileError:
    """The message for a child that died on its own (an abort, a crash)."""
    if "memory allocation" in stderr:  # Rust's last words when an allocation fails
        return _too_much_memory(file_name, sheet, max_memory)
    return ImportFileError(
        msg("the spreadsheet reader stopped on this file: it is damaged or too large"),
        file=file_name,
        sheet=sheet,
        hint=_HINT,
    )


def _too_much_memory(file_name: str, sheet: str | None, limit: int) -> ImportFileError:
    return ImportFileError(
        msg(
            "reading it needed more than {limit} of memory, so it was stopped",
            limit=f"{limit / 2**30:.1f} GB" if limit >= 2**30 else f"{limit / 2**20:.0f} MB",
        ),
        file=file_name,
        sheet=sheet,
        hint=_HINT,
    )


def _too_slow(file_name: str, sheet: str | None, limit: float) -> ImportFileError:
    return ImportFileError(
        msg(
            "reading it took longer than {seconds} seconds, so it was stopped",
            seconds=f"{limit:g}",
        ),
        file=file_name,
        sheet=sheet,
        hint=msg("Split it into smaller files, or copy the data into a new sheet, and try again."),
    )


# --------------------------------------------------------------------------------------------
# The child's side


def serve(conn: Connection, stderr_path: str | None = None) -> None:
    """Answer requests from the parent until it closes the pipe or stays silent too long."""
    import signal

    from workbench.importing import readers

    # Ctrl+C in a terminal reaches the whole process group: the parent decides what to do.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A Rust abort would otherwise spend seconds printing a backtrace and writing a core file.
    os.environ["RUST_BACKTRACE"] = "0"
    _no_core_files()
    if stderr_path:
        _redirect_stderr(stderr_path)
    readers.READ_IN_CHILD = False  # this process is the child
    current: list[str | None] = [None]  # the sheet being read, for a MemoryError's message

    def started(name: str) -> None:
        current[0] = name
        conn.send(("sheet", name))

    readers.sheet_started = started

    def progress(done: int, total: int) -> None:
        conn.send(("progress", done, total))

    while True:
        try:
            if not conn.poll(IDLE_SECONDS):
                break
            function, path, kwargs, tunables, max_memory = conn.recv()
        except (EOFError, OSError):
            break  # the parent closed the pipe, or died
        _limit_address_space(max_memory)
        current[0] = None
        for name, value in tunables.items():
            setattr(readers, name, value)
        try:
            if function == "read_table":
                value = readers.read_table_here(path, progress=progress, **kwargs)
            else:
                value = readers.list_sheets_here(path, **kwargs)
        except MemoryError:
            # The address-space limit was reached in Python code: the same answer as the
            # watchdog's (the memory is given back before the message is sent).
            error = _too_much_memory(path.name, current[0], max_memory)
            conn.send(("error", error, _resident_bytes(os.getpid()) or 0))
        except Exception as exc:  # sent to the parent, which raises it there
            conn.send(("error", _portable(exc), _resident_bytes(os.getpid()) or 0))
        else:
            conn.send(("result", value, _resident_bytes(os.getpid()) or 0))
    if stderr_path:  # a normal end: nothing to explain (a parent that was killed cannot do it)
        with contextlib.suppress(OSError):
            os.unlink(stderr_path)


def _portable(exc: Exception) -> Exception:
    """*exc* if it survives pickling, else a RuntimeError carrying its traceback."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any failure means "send the text instead"
        return RuntimeError("".join(traceback.format_exception(exc)))
    if not isinstance(exc, ImportFileError):
        exc.add_note("In the reader process:\n" + "".join(traceback.format_exception(exc)))
    return exc


def _redirect_stderr(path: str) -> None:
    try:
        handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    except OSError:
        return
    os.dup2(handle, 2)
    os.close(handle)


def _no_core_files() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    except (OSError, ValueError, ImportError):
        pass


def _limit_address_space(max_memory: int) -> None:
    """On Linux, cap the address space at what is mapped now plus *max_memory*."""
    if not sys.platform.startswith("linux"):
        return  # macOS does not enforce RLIMIT_AS; Windows has no rlimits: the watchdog acts
    try:
        import resource

        with open("/proc/self/statm") as fh:
            mapped = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = mapped + max_memory
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError, ImportError):
        pass


# --------------------------------------------------------------------------------------------
# Resident memory of a process, per platform (None when it cannot be known)


def _resident_bytes(pid: int) -> int | None:
    try:
        if sys.platform.startswith("linux"):
            with open(f"/proc/{pid}/statm") as fh:
                return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        if sys.platform == "win32":
            return _windows_rss(pid)
        if sys.platform == "darwin":
            return _macos_rss(pid)
    except (OSError, ValueError, AttributeError):
        return None
    return None


def _windows_rss(pid: int) -> int | None:
    from ctypes import wintypes

    class Counters(ctypes.Structure):
        _fields_ = [
            ("cb", wintypes.DWORD),
            ("PageFaultCount", wintypes.DWORD),
            ("PeakWorkingSetSize", ctypes.c_size_t),
            ("WorkingSetSize", ctypes.c_size_t),
            ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
            ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
            ("PagefileUsage", ctypes.c_size_t),
            ("PeakPagefileUsage", ctypes.c_size_t),
        ]

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
    kernel32.K32GetProcessMemoryInfo.argtypes = [wintypes.HANDLE, ctypes.c_void_p, wintypes.DWORD]
    kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
    handle = kernel32.OpenProcess(0x1000 | 0x0010, False, pid)  # QUERY_LIMITED | VM_READ
    if not handle:
        return None
    try:
        counters = Counters()
        counters.cb = ctypes.sizeof(Counters)
        if not kernel32.K32GetProcessMemoryInfo(handle, ctypes.byref(counters), counters.cb):
            return None
        return int(counters.WorkingSetSize)
    finally:
        kernel32.CloseHandle(handle)


def _macos_rss(pid: int) -> int | None:
    class RusageInfoV0(ctypes.Structure):
        _fields_ = [
            ("ri_uuid", ctypes.c_uint8 * 16),
            ("ri_user_time", ctypes.c_uint64),
            ("ri_system_time", ctypes.c_uint64),
            ("ri_pkg_idle_wkups", ctypes.c_uint64),
            ("ri_interrupt_wkups", ctypes.c_uint64),
            ("ri_pageins", ctypes.c_uint64),
            ("ri_wired_size", ctypes.c_uint64),
            ("ri_resident_size", ctypes.c_uint64),
            ("ri_phys_footprint", ctypes.c_uint64),
            ("ri_proc_start_abstime", ctypes.c_uint64),
            ("ri_proc_exit_abstime", ctypes.c_uint64),
        ]

    libproc = ctypes.CDLL("/usr/lib/libproc.dylib")
    info = RusageInfoV0()
    if libproc.proc_pid_rusage(pid, 0, ctypes.byref(info)) != 0:  # RUSAGE_INFO_V0
        return None
    return int(info.ri_resident_size)
