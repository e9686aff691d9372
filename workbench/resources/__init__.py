"""The program's data files — fonts, translations, icons, the report logo — read as package data.

They live inside the package (``workbench/resources/``) so that a wheel, an sdist and a desktop
bundle carry them like the code (``[tool.setuptools.package-data]`` in pyproject.toml). Every
module finds them through this one helper, which asks :mod:`importlib.resources`, never by
building a path from ``__file__`` or the working directory; so a checkout, an editable install,
an installed wheel and a frozen bundle all answer the same way.

Layout::

    fonts/<name>.ttf                  DejaVu, embedded in the PDF reports
    locale/<lang>/LC_MESSAGES/workbench.po|.mo  the gettext catalogue (workbench.i18n)
    icons/<name>.svg                  sidebar and window icons

Qt-free: the core (PDF fonts, history text) and the window (icons, catalogues) both use it.
"""

from __future__ import annotations

import atexit
import contextlib
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

#: Extracted copies of resources when the package is not a plain folder (a zip import);
#: kept until the interpreter exits because reportlab and Qt open the files by name later.
_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def resource(*parts: str) -> Traversable:
    """The resource at ``workbench/resources/<parts...>`` (a file or a folder, may not exist).

    Read it with ``read_text``/``read_bytes``/``iterdir``; use :func:`resource_path` where a
    library needs a file name.
    """
    found = files(__name__)
    for part in parts:
        found = found.joinpath(part)
    return found


def resource_path(*parts: str) -> Path:
    """A file-system path to the resource ``<parts...>``, for libraries that open file names.

    The package is a folder in every way the program is installed (checkout, wheel, bundle),
    and then this is the file itself; from a zip it is extracted once and kept until exit.
    The path may not exist: callers check ``is_file()`` and say what is missing.
    """
    found = resource(*parts)
    if isinstance(found, Path):
        return found
    if not found.is_file():
        # Nothing to extract: a path that names the (missing) resource for the error message.
        return Path(str(found))
    return _extracted.enter_context(as_file(found))
