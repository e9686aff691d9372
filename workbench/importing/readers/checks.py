"""File and container checks, before any parser sees a file.

Its size, extension and magic bytes are checked, zip containers are inspected for bombs and
mismatched content, and the used range each xlsx sheet declares is read, so that oversized
sheets are refused before they are loaded.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from workbench.importing.errors import ImportFileError
from workbench.importing.readers.common import (
    PASSWORD_HINT,
    PASSWORD_PROBLEM,
    REPAIR_HINT,
    SPREADSHEET_EXTENSIONS,
    TEXT_EXTENSIONS,
    ReadSettings,
    SheetExtent,
    Source,
    mb,
)
from workbench.importing.readers.text import looks_like_text
from workbench.importing.readers.workbook import declared_extents
from workbench.translatable import msg

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Encrypted OOXML files are OLE containers holding these streams (names are UTF-16LE).
_ENCRYPTED_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))


# --------------------------------------------------------------------------------------------
# File and container checks


def check_file(path: Path, limits: ReadSettings) -> Source:
    """Check existence, size, extension and magic bytes before any parser sees the file."""
    name = path.name
    ext = path.suffix.lower()
    if ext not in SPREADSHEET_EXTENSIONS | TEXT_EXTENSIONS:
        raise ImportFileError(
            msg('files of type "{ext}" cannot be imported', ext=ext or "(none)"),
            file=name,
            hint=msg("Use an Excel (.xlsx, .xls, .xlsm, .xlsb), OpenDocument (.ods) or CSV file."),
        )
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError:
        raise ImportFileError(msg("the file does not exist"), file=name) from None
    except OSError as exc:
        raise ImportFileError(
            msg("the file cannot be opened ({reason})", reason=exc.strerror or str(exc)),
            file=name,
            hint=msg("Check that it is not open in another program and that you may read it."),
        ) from None
    limit = limits.file_bytes
    if size == 0:
        raise ImportFileError(msg("the file is empty"), file=name, hint=msg("Choose another file."))
    if size > limit:
        raise ImportFileError(
            msg(
                "the file is too large ({size}; the limit is {limit})",
                size=mb(size),
                limit=mb(limit),
            ),
            file=name,
            hint=msg("Remove unneeded sheets or columns, or split it into smaller files."),
        )
    source = Source(path=path, name=name, ext=ext)
    if ext in TEXT_EXTENSIONS:
        _check_text_magic(source, head)
    elif head.startswith(_OLE_MAGIC):
        _check_ole(source)
    elif head.startswith((_ZIP_MAGIC, _EMPTY_ZIP_MAGIC)):
        if ext == ".xls":
            raise _wrong_extension(source, _zip_kind_of(path))
        source.extents = _check_zip(source, limits)
    else:
        raise _not_a_workbook(source, head)
    return source


def _check_text_magic(source: Source, head: bytes) -> None:
    """Refuse spreadsheets and binaries that carry a text extension."""
    if head.startswith(_ZIP_MAGIC):
        raise _wrong_extension(source, _zip_kind_of(source.path))
    if head.startswith(_OLE_MAGIC):
        raise _wrong_extension(source, ".xls")


def _check_ole(source: Source) -> None:
    """OLE files are .xls workbooks, or password-protected xlsx/xlsm/xlsb workbooks."""
    if source.ext == ".xls":
        return
    data = source.path.read_bytes()
    if any(marker in data for marker in _ENCRYPTED_MARKERS):
        raise ImportFileError(PASSWORD_PROBLEM, file=source.name, hint=PASSWORD_HINT)
    raise _wrong_extension(source, ".xls")


def _check_zip(source: Source, limits: ReadSettings) -> dict[str, SheetExtent]:
    """Inspect a zip container for bombs and mismatched content before calamine opens it.

    Returns:
        For xlsx/xlsm files, the declared used range of each sheet (see
        :func:`declared_extents`), so oversized sheets are refused before they are loaded.
    """
    try:
        with zipfile.ZipFile(source.path) as archive:
            _check_zip_sizes(source, archive.infolist(), limits)
            kind = _zip_kind(archive.namelist())
            if not _extension_fits(source.ext, kind):
                raise _wrong_extension(source, kind)
            if source.ext in (".xlsx", ".xlsm"):
                return declared_extents(archive)
            return {}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise ImportFileError(
            msg("the file is damaged: its zip container cannot be read ({error})", error=str(exc)),
            file=source.name,
            hint=REPAIR_HINT,
        ) from None


def _check_zip_sizes(
    source: Source, infos: Sequence[zipfile.ZipInfo], limits: ReadSettings
) -> None:
    limit = limits.uncompressed_bytes
    total = 0
    for info in infos:
        total += info.file_size
        ratio_limit = limits.compression_ratio * max(info.compress_size, 1)
        if info.file_size > limits.large_member_bytes and info.file_size > ratio_limit:
            raise ImportFileError(
                msg(
                    "the file expands to far more data than it holds ({member} unpacks {ratio} "
                    "times larger); this is typical of damaged or malicious files",
                    member=info.filename,
                    ratio=info.file_size // max(info.compress_size, 1),
                ),
                file=source.name,
                hint=msg(
                    "Do not import it. If you trust where it came from, open it in Excel or "
                    "LibreOffice, save it again and try again."
                ),
            )
    if total > limit:
        raise ImportFileError(
            msg(
                "the file unpacks to {size}, more than the limit of {limit}",
                size=mb(total),
                limit=mb(limit),
            ),
            file=source.name,
            hint=msg("Split it into smaller files or remove unneeded sheets."),
        )


def _zip_kind_of(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            return _zip_kind(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return ".zip"


def _zip_kind(names: Sequence[str]) -> str:
    """Name the format of a zip container by its members (as an extension); ".zip" if unsure."""
    members = {n.replace("\\", "/") for n in names}  # some writers use Windows separators
    if any(n.endswith("workbook.bin") for n in members):
        return ".xlsb"
    if "[Content_Types].xml" in members or any(n.startswith("xl/") for n in members):
        if any(n.startswith("word/") for n in members):
            return ".docx"
        if any(n.startswith("ppt/") for n in members):
            return ".pptx"
        return ".xlsm" if any(n.endswith("vbaProject.bin") for n in members) else ".xlsx"
    if "content.xml" in members or "mimetype" in members:
        return ".ods"
    return ".zip"


def _extension_fits(ext: str, kind: str) -> bool:
    # xlsx and xlsm differ only by macros; Excel itself opens either under both names.
    if {ext, kind} <= {".xlsx", ".xlsm"}:
        return True
    # An unrecognised package is left to calamine, which knows the formats better.
    return ext == kind or kind == ".zip"


_KIND_NAMES = {
    ".xlsx": msg("an Excel workbook (.xlsx)"),
    ".xlsm": msg("an Excel workbook with macros (.xlsm)"),
    ".xlsb": msg("an Excel binary workbook (.xlsb)"),
    ".xls": msg("an Excel 97-2003 workbook (.xls)"),
    ".ods": msg("an OpenDocument spreadsheet (.ods)"),
    ".docx": msg("a Word document"),
    ".pptx": msg("a PowerPoint presentation"),
    ".zip": msg("a zip archive"),
    ".csv": msg("a text (CSV) file"),
}


def _wrong_extension(source: Source, kind: str) -> ImportFileError:
    described = _KIND_NAMES.get(kind) or msg("another kind of file")
    if kind in SPREADSHEET_EXTENSIONS | TEXT_EXTENSIONS:
        hint = msg('Rename it to "{name}" and try again.', name=f"{source.path.stem}{kind}")
    else:
        hint = msg("Choose the spreadsheet itself.")
    return ImportFileError(
        msg('the file is named "{ext}" but is really {kind}', ext=source.ext, kind=described),
        file=source.name,
        hint=hint,
    )


def _not_a_workbook(source: Source, head: bytes) -> ImportFileError:
    """Explain what a non-zip, non-OLE file with a spreadsheet extension really is."""
    sample = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sample.startswith((b"<!doctype html", b"<html", b"<table")) or b"<html" in sample:
        return ImportFileError(
            msg('the file is named "{ext}" but is really a web page (HTML)', ext=source.ext),
            file=source.name,
            hint=msg("Open it in Excel or LibreOffice and save it as .xlsx."),
        )
    if sample.startswith(b"<?xml"):
        return ImportFileError(
            msg(
                'the file is named "{ext}" but is an XML file (perhaps Excel 2003 XML)',
                ext=source.ext,
            ),
            file=source.name,
            hint=msg("Open it in Excel or LibreOffice and save it as .xlsx."),
        )
    if looks_like_text(head):
        return _wrong_extension(source, ".csv")
    return ImportFileError(
        msg(
            "the file is damaged or is not really {kind}",
            kind=_KIND_NAMES.get(source.ext) or msg("a spreadsheet"),
        ),
        file=source.name,
        hint=REPAIR_HINT,
    )
