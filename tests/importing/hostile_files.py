"""Files that once crashed or swamped the reader (issue 11, point 6), generated on the spot.

* :func:`write_sparse_xlsx`: 4.7 KB, cells A1 and XFD1048576 only; calamine allocates the 17
  billion cells between them and aborts the process.
* :func:`write_stray_cell_xlsx`: a 300-row member list with one stray cell at XFD2000 (1.34 GB).
* :func:`write_handmade_xlsx`: a minimal xlsx written by hand, with or without a <dimension>
  element, for files that do not declare (or lie about) their used range.
* :func:`write_wide_csv`: a CSV with many columns, streamed to disk row by row.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

MEMBER_HEADERS = ["Ragione sociale", "Partita IVA", "Email", "Comune"]


def write_sparse_xlsx(path: Path, far: str = "XFD1048576") -> Path:
    """A workbook whose only cells are A1 and *far* (openpyxl writes the true dimension)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Soci"
    sheet["A1"] = "Ragione sociale"
    sheet[far] = "x"
    workbook.save(path)
    return path


def write_stray_cell_xlsx(path: Path, far: str = "XFD2000", rows: int = 300) -> Path:
    """The weekly member list, plus one stray cell far to the right (None: no stray cell)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Soci"
    sheet.append(MEMBER_HEADERS)
    for i in range(rows):
        sheet.append([f"Azienda {i} S.r.l.", f"{i:011d}", f"info{i}@example.it", "Trento"])
    if far:
        sheet[far] = "x"
    workbook.save(path)
    return path


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Soci" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)


def write_handmade_xlsx(
    path: Path, cells: Iterable[tuple[str, str]], *, dimension: str | None = None
) -> Path:
    """An xlsx holding *cells* ((reference, text) in row order) as inline strings.

    Args:
        path: Where to write it.
        cells: The cells, e.g. [("A1", "Ragione sociale"), ("XFD1048576", "x")].
        dimension: The used range to declare ("A1:XFD1048576"), or None for no <dimension>
            element at all, as some exporters write them.
    """
    rows: dict[int, list[str]] = {}
    for ref, text in cells:
        number = int("".join(ch for ch in ref if ch.isdigit()))
        rows.setdefault(number, []).append(
            f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'
        )
    body = "".join(f'<row r="{n}">{"".join(c)}</row>' for n, c in sorted(rows.items()))
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{declared}<sheetData>{body}</sheetData></worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def write_wide_csv(path: Path, columns: int, rows: int = 2) -> Path:
    """A CSV with a header of *columns* names and *rows* data rows, written piece by piece."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        for r in range(rows + 1):
            prefix = "Colonna " if r == 0 else f"v{r}."
            for start in range(0, columns, 10_000):
                stop = min(start + 10_000, columns)
                piece = ",".join(f"{prefix}{i}" for i in range(start, stop))
                fh.write(piece if start == 0 else "," + piece)
            fh.write("\n")
    return path
