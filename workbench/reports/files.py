"""Atomic report files: a report is written to a temporary file and only then renamed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_output(path: str | os.PathLike[str], suffix: str) -> Iterator[str]:
    """Yield the name of a fresh temporary file (ending in *suffix*) next to *path*.

    The folder of *path* is created when missing. When the ``with`` block ends normally the
    temporary file replaces *path*; when it raises (a cancel included) the temporary file is
    removed and *path* is left as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".~", suffix=suffix, dir=target.parent)
    os.close(fd)
    try:
        yield tmp_name
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
