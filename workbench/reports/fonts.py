"""DejaVu fonts for the PDF reports (package data ``workbench/resources/fonts``), registered once.

DejaVu covers every European alphabet plus the check marks the indicator table uses, and the
fonts are embedded (subset) in each PDF, so reports print the same everywhere.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.resources import resource_path

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


def font_path(file_name: str) -> Path:
    """The file-system path of the font *file_name* (reportlab opens fonts by name)."""
    return resource_path("fonts", file_name)


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

        for name, file_name in _FILES.items():
            path = font_path(file_name)
            if not path.is_file():
                raise WorkbenchError(
                    f"The report font {file_name} is missing from {path.parent}: reinstall "
                    "Cluster Workbench (the PDF reports need the DejaVu fonts)."
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


@functools.cache
def _char_widths(font_name: str) -> tuple[dict[int, int], int, list[int]]:
    """Advance widths (1/1000 em) of a registered font.

    Every character's, the default width, and a table of the Latin-1 range (the fast path of
    :func:`text_width`).
    """
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    face = pdfmetrics.getFont(font_name).face
    widths = dict(face.charWidths)
    default = int(face.defaultWidth)
    return widths, default, [widths.get(code, default) for code in range(256)]


def text_width(text: str, font_name: str = SANS, size: float = 10) -> float:
    """Width of *text* set in *font_name* at *size* points, in points (one line, no kerning).

    The same glyph widths the PDF is set with; the workbook sizes its columns with them.
    """
    widths, default, latin = _char_widths(font_name)
    try:
        codes = text.encode("latin-1")
    except UnicodeEncodeError:
        get = widths.get
        return sum(get(ord(c), default) for c in text) * size / 1000
    return sum(map(latin.__getitem__, codes)) * size / 1000
