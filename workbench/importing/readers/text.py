"""Text files (CSV, TSV, TXT).

Decode (BOM, UTF-16, UTF-8, western code pages), sniff the delimiter, parse the records under
the row, column and cell limits.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator

from charset_normalizer import from_bytes

from workbench.importing.errors import ImportFileError
from workbench.importing.readers.common import (
    ProgressCallback,
    RawTable,
    ReadSettings,
    Source,
    too_many_rows,
)
from workbench.importing.readers.table import build_table
from workbench.translatable import msg

_DELIMITERS = (";", "\t", ",", "|")


# Text files


def read_text(
    source: Source, limits: ReadSettings, progress: ProgressCallback | None, header_row: int | None
) -> RawTable:
    data = source.path.read_bytes()
    notes: list[str] = []
    text = _decode(source, data, notes)
    if "\x00" in text:
        text = text.replace("\x00", "")
        notes.append(msg("Stray NUL characters in the file were removed."))
    delimiter = _sniff_delimiter(text, source.ext)
    records = _parse_csv(source, text, delimiter, limits)
    if delimiter != ",":
        notes.append(
            {
                "\t": msg("Columns are separated by tabs."),
                ";": msg("Columns are separated by semicolons."),
                "|": msg("Columns are separated by vertical bars."),
            }[delimiter]
        )
    return build_table(
        records,
        file_name=source.name,
        sheet_name=None,
        sheets=[],
        first_row=0,
        first_col=0,
        progress=progress,
        notes=notes,
        header_row=header_row,
        header_search_rows=limits.header_search_rows,
    )


def _decode(source: Source, data: bytes, notes: list[str]) -> str:
    """Decode text: BOMs first, then strict UTF-8, then charset detection among Western codecs."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(source, data, "utf-16")
    if _looks_like_utf16le(data):
        return _decode_utf16(source, data, "utf-16-le")
    if not looks_like_text(data[:65536]):
        raise _binary_garbage(source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    encoding = _detect_western_encoding(data)
    notes.append(
        msg(
            "The file is not UTF-8; it was read as {encoding} text. "
            "Check accented letters in the preview.",
            encoding=encoding,
        )
    )
    return data.decode(encoding, errors="replace")


def _decode_utf16(source: Source, data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise _binary_garbage(source) from None


def _looks_like_utf16le(data: bytes) -> bool:
    """UTF-16LE without a BOM: mostly ASCII text, so nearly every odd byte is NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    odd = sample[1::2]
    even = sample[0::2]
    return odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even)


def looks_like_text(sample: bytes) -> bool:
    """True when the bytes have few NULs and control characters, as real text does."""
    if not sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return controls <= 0.01 * len(sample)


def _detect_western_encoding(data: bytes) -> str:
    """Choose among the Western European codecs Italian offices use, cp1252 when unsure."""
    # Mac Roman and Central European codecs are left out: on short Italian text they win by
    # accident and turn every accented letter into the wrong one.
    candidates = ["cp1252", "latin_1", "iso8859_15"]
    try:
        best = from_bytes(data[:1_000_000], cp_isolation=candidates).best()
    except (ValueError, LookupError, RuntimeError):
        best = None
    encoding = best.encoding if best is not None else "cp1252"
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        encoding = "cp1252"
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        encoding = "latin_1"  # decodes any byte; only reached for cp1252's five unused bytes
    return {"cp1252": "Windows-1252", "latin_1": "Latin-1", "iso8859_15": "ISO-8859-15"}.get(
        encoding, encoding
    )


def _binary_garbage(source: Source) -> ImportFileError:
    return ImportFileError(
        msg("the file does not contain text: it looks like a binary or damaged file"),
        file=source.name,
        hint=msg("Export the data again as CSV or Excel and try again."),
    )


def _sniff_delimiter(text: str, ext: str) -> str:
    """Pick the delimiter that splits the first records into the most consistent columns.

    csv.Sniffer is unreliable on Italian files, where decimal commas look like separators, so
    each candidate is scored by how many records share the most common field count (> 1).
    Parsing is strict, so a candidate that breaks quoted fields ("a;b","c") scores nothing.
    """
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]  # do not score a record cut in the middle
    default = "\t" if ext == ".tsv" else ","
    best, best_score = default, (0.0, 0)
    for delimiter in _DELIMITERS:
        score = _delimiter_score(sample, delimiter)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _delimiter_score(sample: str, delimiter: str) -> tuple[float, int]:
    counts: list[int] = []
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter, strict=True)
    try:
        for record in reader:
            if any(record):
                counts.append(len(record))
            if len(counts) >= 100:
                break
    except csv.Error:
        # An error on the sample's last line is a quoted field cut by the sample, not a misfit.
        if reader.line_num < sample.count("\n"):
            return (0.0, 0)
    if not counts:
        return (0.0, 0)
    mode = max(set(counts), key=lambda c: (counts.count(c), c))
    if mode < 2:
        return (0.0, 0)
    return (counts.count(mode) / len(counts), mode)


def _parse_csv(source: Source, text: str, delimiter: str, limits: ReadSettings) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    cells = 0
    try:
        for record in reader:
            records.append(record)
            if len(records) > limits.rows:
                raise too_many_rows(source, None, _count_more(reader, len(records)), limits.rows)
            if len(record) > limits.columns:
                raise _too_many_fields(source, len(records), len(record), limits.columns)
            cells += len(record)
            if cells > limits.cells:
                raise ImportFileError(
                    msg("the file has more than {limit:,} cells", limit=limits.cells),
                    file=source.name,
                    hint=msg("Split it into smaller files and import them one by one."),
                )
    except csv.Error as exc:
        raise ImportFileError(
            msg("the text cannot be split into columns ({error})", error=str(exc)),
            file=source.name,
            row=len(records) + 1,
            hint=msg('Check for an unclosed quote (") near that row, or export the file again.'),
        ) from None
    return records


def _too_many_fields(source: Source, row: int, fields: int, limit: int) -> ImportFileError:
    return ImportFileError(
        msg("the row has {columns:,} columns; the limit is {limit:,}", columns=fields, limit=limit),
        file=source.name,
        row=row,
        hint=msg(
            "Check that the file is a table with one record per line, or delete the columns "
            "you do not need, and try again."
        ),
    )


def _count_more(reader: Iterator[list[str]], seen: int) -> int:
    """Count the remaining records cheaply so the error can say how big the file is."""
    for _ in reader:
        seen += 1
    return seen
