"""Text helpers shared by the core: accent-insensitive folding for search and matching."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
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


def clean_text(text: str | None) -> str | None:
    """Return *text* trimmed, NFC-normalised and with inner whitespace collapsed; blank -> None."""
    if text is None:
        return None
    cleaned = _SPACES.sub(" ", unicodedata.normalize("NFC", str(text)).replace("\u00a0", " "))
    cleaned = cleaned.strip()
    return cleaned or None
