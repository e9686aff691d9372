"""The program's only file dialogs: they list folders without opening the files in them.

Qt's file dialogs (the "native" one Qt picks on Linux as well as its own widget dialog with the
default icon provider) guess each listed file's type by opening it and reading its first bytes
(``QMimeDatabase`` content sniffing). POSIX advisory locks belong to the process, not to the
descriptor, so when such a read closes the database file (or its ``-shm``) it silently drops
every lock SQLite holds on it (SQLite's "How To Corrupt An SQLite Database File", section 2.2).
Another program that then closes the database believes it is the last user, checkpoints and
deletes the WAL that this window still writes to: later commits are lost.

So every file dialog of the program comes from here: Qt's widget dialog with an icon provider
that decides icons and type names from the file name only. On Windows, where locks belong to
the handle and closing another handle releases nothing, the native dialog stays.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir, QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

from workbench.locking import is_database_file


def tr(text: str) -> str:
    """Translate *text* in the ``file_dialogs`` context."""
    return QCoreApplication.translate("file_dialogs", text)


#: True where Qt's file dialogs must not be allowed to open listed files (POSIX locks).
SAFE_DIALOGS = sys.platform != "win32"


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and type names from the file name alone: never opens, reads or sniffs a file.

    ``QFileSystemModel`` calls this from its gatherer thread; it only touches the QFileInfo
    (a ``stat``, which takes no descriptor) and theme icons.
    """

    def __init__(self) -> None:
        super().__init__()
        self._icons = QFileIconProvider()
        self._icons.setOptions(QAbstractFileIconProvider.Option.DontUseCustomDirectoryIcons)

    def icon(self, which: object) -> QIcon:  # type: ignore[override]
        """A generic folder, drive or file icon (the overload taking an IconType passes on)."""
        if isinstance(which, QFileInfo):
            if which.isRoot():
                kind = QAbstractFileIconProvider.IconType.Drive
            elif which.isDir():
                kind = QAbstractFileIconProvider.IconType.Folder
            else:
                kind = QAbstractFileIconProvider.IconType.File
            return self._icons.icon(kind)
        return self._icons.icon(which)  # type: ignore[call-overload]

    def type(self, info: QFileInfo) -> str:
        """What the Type column shows: "Folder", the file's suffix ("DB", "XLSX") or "File"."""
        if info.isDir():
            return tr("Folder")
        return info.suffix().upper() or tr("File")


_PROVIDER: NameOnlyIconProvider | None = None


def _provider() -> NameOnlyIconProvider:
    # One provider for the program: dialogs are short-lived, the provider outlives them all
    # (QFileDialog does not take ownership of it).
    global _PROVIDER
    if _PROVIDER is None:
        _PROVIDER = NameOnlyIconProvider()
    return _PROVIDER


def make_file_dialog(
    parent: QWidget | None, caption: str, start: str, file_filter: str, *, save: bool
) -> QFileDialog:
    """A file dialog that cannot sniff files (see the module docstring); not yet shown.

    *start* is a folder, or a file whose folder is listed and whose name is preselected.
    """
    # Created on the filesystem root: given *start*, the constructor would already list its
    # folder and preselect the file with Qt's sniffing icon provider (which closes the file,
    # dropping the locks), before ours could be set. The root holds folders, not databases.
    dialog = QFileDialog(parent, caption, QDir.rootPath())
    dialog.setObjectName("workbench_file_dialog")
    if SAFE_DIALOGS:
        # Only the widget dialog uses the icon provider; the native one would sniff.
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setIconProvider(_provider())
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        # We ask before replacing a file ourselves (_ask), after refusing the open database:
        # Qt's own question would offer to "replace" the database first.
        dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, True)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if file_filter:
        dialog.setNameFilter(file_filter)
    # What QFileDialog does with its directory argument: a folder is listed, a file's folder
    # is listed with the file's name preselected.
    target = Path(start) if start else Path.home()
    if target.is_dir():
        dialog.setDirectory(str(target))
    else:
        dialog.setDirectory(str(target.parent))
        dialog.selectFile(target.name)
    return dialog


def _run(dialog: QFileDialog) -> str:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return ""
        files = dialog.selectedFiles()
        return files[0] if files else ""
    finally:
        dialog.deleteLater()


#: The SQLite file the window has open (None for a server): never a file to pick.
_OPEN_DATABASE: Path | None = None


def set_open_database(path: Path | None) -> None:
    """Tell the dialogs which database file is open, so it cannot be chosen (see _ask)."""
    global _OPEN_DATABASE
    _OPEN_DATABASE = path


def _ask(parent: QWidget | None, caption: str, start: str, file_filter: str, save: bool) -> str:
    """Run a dialog until the user picks a file that is not the open database, or cancels.

    Reading the open database (or its ``-wal``/``-shm``/lock file) as an import, a backup or
    evidence would close a descriptor of it and drop SQLite's locks; saving a report or an
    export over it would destroy it. So such a pick is refused with a message and the dialog
    comes back in the same folder.
    """
    from workbench.ui.widgets import messages  # late: messages imports Qt widgets too

    while True:
        chosen = _run(make_file_dialog(parent, caption, start, file_filter, save=save))
        if not chosen:
            return ""
        if not is_database_file(chosen, _OPEN_DATABASE):
            if not save or not Path(chosen).exists():
                return chosen
            if messages.confirm(
                parent,
                tr("Replace the file?"),
                tr("{name} already exists. Replace it?").format(name=Path(chosen).name),
                yes_text=tr("Replace"),
                destructive=True,
            ):
                return chosen
            start = chosen  # back to the dialog, the file still selected
            continue
        messages.warn(
            parent,
            tr("This is the open database"),
            tr(
                "{name} is the database Cluster Workbench has open (or a file kept beside it), "
                "so it cannot be chosen here. Choose another file."
            ).format(name=Path(chosen).name),
        )
        start = str(Path(chosen).parent)


def open_file_name(parent: QWidget | None, caption: str, start: str, file_filter: str) -> str:
    """Ask for an existing file (like ``QFileDialog.getOpenFileName``); "" when cancelled.

    The open database and its companion files are refused (see :func:`_ask`).
    """
    return _ask(parent, caption, start, file_filter, save=False)


def save_file_name(parent: QWidget | None, caption: str, start: str, file_filter: str) -> str:
    """Ask where to save (like ``QFileDialog.getSaveFileName``); "" when cancelled.

    Choosing an existing file asks before replacing it (No goes back to the dialog); the
    open database and its companion files are refused (see :func:`_ask`).
    """
    return _ask(parent, caption, start, file_filter, save=True)


def folder_name(parent: QWidget | None, caption: str, start: str) -> str:
    """Ask for a folder (e.g. where to write files); "" when cancelled."""
    dialog = make_file_dialog(parent, caption, start, "", save=False)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return _run(dialog)


__all__ = [
    "NameOnlyIconProvider",
    "folder_name",
    "make_file_dialog",
    "open_file_name",
    "save_file_name",
    "set_open_database",
]
