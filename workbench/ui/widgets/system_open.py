"""Open a file with the program the system uses for it (evidence, attachments, reports)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

log = logging.getLogger(__name__)

#: Opens a file and says whether something was opened (tests pass their own).
FileOpener = Callable[[Path], bool]


def open_with_system(path: Path) -> bool:
    """Open *path* with the program the system uses for it; False when nothing was opened.

    Offscreen (tests, ``--screenshot``) nothing is launched.
    """
    if (
        QGuiApplication.platformName() in ("offscreen", "minimal")
        or os.environ.get("QT_QPA_PLATFORM", "") == "offscreen"
    ):
        log.info("Not opening %s (offscreen)", path)
        return False
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
