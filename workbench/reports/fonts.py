"""DejaVu fonts for the PDF reports: found in ``resources/fonts`` and registered once.

DejaVu covers every European alphabet plus the check marks the indicator table uses, and the
fonts are embedded (subset) in each PDF, so reports print the same everywhere.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from workbench.errors import WorkbenchError

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SANS_ITALIC = "DejaVuSans-Oblique"
CONDENSED = "DejaVuSansCondensed"
CONDENSED_BOLD = "DejaVuSansCondensed-Bold"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    CONDENSED: "DejaVuSansCondensed.ttf",
    CONDENSED_BOLD: "DejaVuSansCondensed-Bold.ttf",
}
_lock = threading.Lock()
_registered = False


def resources_dir() -> Path:
    """The ``resources`` folder (WORKBENCH_RESOURCES overrides; else the source tree's)."""
    override = os.environ.get("WORKBENCH_RESOURCES")
    if override:
        return Path(override)
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "resources", here.parents[1] / "resources"):
        if (candidate / "fonts").is_dir():
            return candidate
    return here.parents[2] / "resources"


def fonts_dir() -> Path:
    """Folder holding the DejaVu TTF files."""
    return resources_dir() / "fonts"


def register_fonts() -> None:
    """Register the DejaVu fonts with reportlab (idempotent, thread-safe).

    Raises:
        WorkbenchError: when a font file is missing (the installation is incomplete).
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        folder = fonts_dir()
        for name, file_name in _FILES.items():
            path = folder / file_name
            if not path.is_file():
                raise WorkbenchError(
                    f"The report font {file_name} is missing from {folder}: reinstall Cluster "
                    "Workbench (the PDF reports need the DejaVu fonts)."
                )
            pdfmetrics.registerFont(TTFont(name, str(path)))
        addMapping(SANS, 0, 0, SANS)
        addMapping(SANS, 1, 0, SANS_BOLD)
        addMapping(SANS, 0, 1, SANS_ITALIC)
        addMapping(SANS, 1, 1, SANS_BOLD)
        addMapping(CONDENSED, 0, 0, CONDENSED)
        addMapping(CONDENSED, 1, 0, CONDENSED_BOLD)
        addMapping(CONDENSED, 0, 1, CONDENSED)
        addMapping(CONDENSED, 1, 1, CONDENSED_BOLD)
        _registered = True
