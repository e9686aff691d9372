"""The program's own icons: SVGs in ``workbench/resources/icons``, drawn by Qt's SVG icon engine.

Qt's standard pixmaps (a black triangle for Import, a blank page for Reports) say nothing
about the pages; these are drawn for them in one consistent style (see the folder's README).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from workbench.resources import resource_path


@cache
def icon_path(name: str) -> Path:
    """The file of ``icons/<name>.svg`` (QIcon opens it by name); KeyError when it is missing."""
    path = resource_path("icons", f"{name}.svg")
    if not path.is_file():
        raise KeyError(f"icon {name!r} not found at {path}")
    return path


def icon(name: str) -> QIcon:
    """The icon *name* (``"members"``); an empty QIcon when the file is missing (logged once)."""
    try:
        return QIcon(str(icon_path(name)))
    except KeyError:
        import logging

        logging.getLogger(__name__).warning("Missing icon %s", name)
        return QIcon()
