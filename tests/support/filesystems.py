"""Real small or read-only file systems for storage-failure tests (a 1 MB tmpfs).

Mounting needs root with mount rights (the test machines and CI have them); where the machine
cannot, :func:`tiny_tmpfs` skips the test with the reason instead of faking the failure.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def tiny_tmpfs(mount: Path, size: str = "1M") -> Iterator[Path]:
    """Mount a tmpfs of *size* at *mount* (created) for the duration; skip when impossible."""
    mount.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def remount_read_only(mount: Path) -> None:
    """Make the tmpfs at *mount* read-only (a read-only disk, which even root cannot write)."""
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
