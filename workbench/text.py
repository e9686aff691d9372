"""Text rules shared by the core: cleaning stored text, folding for search, safe spreadsheet cells.

* :func:`clean_text` / :func:`strip_control_characters`: what text may be stored (no control
  characters; one line unless the field allows several).
* :func:`fold_for_search`: accent-insensitive folding for search and matching.
* :func:`is_formula_like` / :func:`escape_formula`: text a spreadsheet would run as a formula,
  for every CSV and Excel writer.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# C0 controls except TAB, LF and CR (handled by the callers), DEL and the C1 controls: invisible,
# shown as boxes, refused by XML (xlsx) and, for NUL, by PostgreSQL.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85]")
# Letters that NFKD does not decompose into base letter + accent.
_SPECIAL_FOLDS = str.maketrans({"ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe"})


def fold_for_search(text: str | None) -> str:
    """Return *text* folded for case- and accent-insensitive comparison.

    ``"Müller"`` and ``"muller"`` fold to the same string, as do ``"Città"`` and ``"citta"``.
    Whitespace is collapsed and trimmed. ``None`` folds to ``""``. The result is idempotent:
    folding a folded string returns it unchanged.
    """
    if not text:
        return ""
    if text.isascii():  # nothing to decompose or strip: the common case, made cheap
        return _SPACES.sub(" ", text.lower()).strip()
    return _fold_unicode(text)


def _fold_unicode(text: str) -> str:
    """:func:`fold_for_search` for any text (the general path)."""
    lowered = text.casefold().translate(_SPECIAL_FOLDS)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def strip_control_characters(text: str, *, multiline: bool = False) -> str:
    """*text* without control characters: C0 (NUL, BEL, ESC ...), DEL and C1.

    With *multiline* line breaks stay (CR LF, CR and the Unicode separators become LF) and so
    do tabs; without it every line break and tab becomes a space. Nothing else changes.
    """
    if text.isprintable():  # the common case: nothing to strip, no line breaks, no tabs
        return text
    text = _LINE_BREAKS.sub("\n", text)
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return _CONTROLS.sub("", text)


def clean_text(text: str | None) -> str | None:
    """Return *text* as one clean line; blank -> None.

    NFC-normalised, control characters removed (:func:`strip_control_characters`), line breaks,
    tabs and runs of spaces collapsed to one space, trimmed.
    """
    if text is None:
        return None
    text = strip_control_characters(str(text))
    cleaned = _SPACES.sub(" ", unicodedata.normalize("NFC", text).replace("\u00a0", " "))
    cleaned = cleaned.strip()
    return cleaned or None


# --------------------------------------------------------------------------- spreadsheet cells

#: First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula
#: (OWASP "CSV Injection"; ASVS 1.2.10 adds NUL), with their full-width forms, which some
#: spreadsheets fold to the ASCII ones.
FORMULA_TRIGGERS = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\x00",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
)
# A plain signed number ("-12", "+3.5", "-1,25") is a value, not a formula: it stays as it is,
# so negative amounts keep reading as numbers. "-2+3+cmd|..." is not one.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet program would treat *text* as a formula or command."""
    return text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text)


def escape_formula(text: str) -> str:
    """*text* for a CSV cell: formula-like text gets a leading apostrophe (OWASP's advice).

    Spreadsheets show the text without the apostrophe and never evaluate it. Excel writers
    keep the text as it is and mark the cell as quoted text instead (``quotePrefix``), using
    :func:`is_formula_like`.
    """
    return "'" + text if is_formula_like(text) else text
