"""Entry point of the spreadsheet reader's child process (see ``workbench.importing.sandbox``).

It lives outside ``workbench.importing`` on purpose: importing anything inside that package
runs the package's ``__init__``, which pulls in SQLAlchemy, the models and the planner (0.6 s
and 60 MB) that a reader never needs. The child instead registers a bare package object for
``workbench.importing`` and imports only the reader modules (0.1 s). Nothing else may run in
this process: ``from workbench.importing import X`` does not work here.
"""

from __future__ import annotations

import sys
import types
from multiprocessing.connection import Connection
from pathlib import Path


def main(conn: Connection, stderr_path: str | None = None) -> None:
    """Serve read requests arriving on *conn* until the parent closes it.

    Args:
        conn: The child's end of the pipe to the parent.
        stderr_path: File that receives this process's standard error (Rust panic texts).
    """
    if "workbench.importing" not in sys.modules:
        package = types.ModuleType("workbench.importing")
        package.__path__ = [str(Path(__file__).resolve().parent / "importing")]
        sys.modules["workbench.importing"] = package
    from workbench.importing.sandbox import serve

    serve(conn, stderr_path)
