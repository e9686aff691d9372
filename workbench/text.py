"""Text rules shared by the core: cleaning stored text, folding for search, safe spreadsheet cells.

* :func:`clean_text` / :func:`normalise_text` / :func:`strip_control_characters`: what text may
  be stored or imported (no control or invisible characters; one line unless the field allows
  several).
* :func:`fold_for_search`: accent-insensitive folding for search and matching (one fold for
  the stored search keys, typed searches and the importer).
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
# Invisible format characters that come with pasted or exported text (soft hyphen, zero-width
# space/joiners, word joiner, byte-order mark): nobody types them, and a name holding one would
# not be found by what the user types, so stored and searched text drops them.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# Letters that NFKD does not decompose into base letter + accent (casefold makes ß "ss").
_SPECIAL_FOLDS = str.maketrans(
    {"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i", "ð": "d"}
)


def fold_for_search(text: str | None) -> str:
    """Return *text* folded for case- and accent-insensitive comparison.

    The one search fold: stored search keys, typed searches, the importer's matching and the
    date-word reader all use it. ``"Müller"`` and ``"muller"`` fold to the same string, as do
    ``"Città"`` and ``"citta"``, ``"Straße"`` and ``"strasse"``. The text is cleaned first
    (:func:`clean_text`: control and invisible characters such as a soft hyphen dropped,
    NBSP and other spaces collapsed), so a pasted name folds like the typed one. ``None``
    folds to ``""``. The result is idempotent: folding a folded string returns it unchanged.
    """
    if not text:
        return ""
    if text.isascii() and text.isprintable():  # nothing to clean or decompose: made cheap
        return " ".join(text.lower().split())
    return _fold_unicode(text)


def _fold_unicode(text: str) -> str:
    """:func:`fold_for_search` for any text (the general path)."""
    folded = normalise_text(text)
    # Compatibility decomposition can expose capitals and casefold can expose new marks, so the
    # steps repeat until nothing changes (twice in practice).
    for _ in range(5):
        step = unicodedata.normalize("NFKD", folded).casefold()
        step = unicodedata.normalize("NFKD", step)
        step = "".join(c for c in step if not unicodedata.combining(c))
        step = " ".join(step.translate(_SPECIAL_FOLDS).split())
        if step == folded:
            break
        folded = step
    return folded


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

    The one text clean: the services store single-line text through it and the importer reads
    every cell through it (:func:`normalise_text`). Control characters removed
    (:func:`strip_control_characters`), invisible characters removed (soft hyphen, zero-width
    space and joiners, word joiner, BOM), NFC-normalised, line breaks, tabs, NBSP and runs of
    any Unicode space collapsed to one space, trimmed.
    """
    if text is None:
        return None
    text = str(text)
    # The common case, made cheap: printable text holds no control, invisible (format) or
    # Unicode space character (str.isprintable refuses them all but the ASCII space), so only
    # runs of spaces are left to collapse once it is in NFC.
    if text.isprintable() and unicodedata.is_normalized("NFC", text):
        return " ".join(text.split()) or None
    return _clean_any_text(text)


def _clean_any_text(text: str) -> str | None:
    """:func:`clean_text` for any text (the general path; tests hold the fast one to it)."""
    text = strip_control_characters(text).translate(_INVISIBLE)
    cleaned = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return cleaned or None


def normalise_text(text: str) -> str:
    """:func:`clean_text` for callers that want ``""`` (not None) for blank text."""
    return clean_text(text) or ""


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
