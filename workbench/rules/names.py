"""Organisation names: legal forms and the name key that tells two spellings are one name.

The *name key* of ``"Città Verde S.r.l."`` and ``"Citta' Verde SRL"`` is ``"citta verde"``:
the name folded (:func:`workbench.text.fold_for_search`), dotted initials joined (``S.p.A.``
-> ``spa``), other punctuation turned into spaces, and trailing legal forms and qualifiers
removed (``Alfa Società Cooperativa a r.l.``, ``Alfa S.r.l. unipersonale`` -> ``alfa``).
Leading words (Consorzio, Fondazione ...) are kept because they tell entities apart; a name
made only of a legal form keeps it.

The importer matches rows to stored organisations by it, the dashboard's "suspected
duplicates" groups stored organisations by it, and the file reader asks whether a label
:func:`ends_with_legal_form`: one list of legal forms for all of them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from workbench.text import fold_for_search

__all__ = ["LEGAL_FORMS", "ends_with_legal_form", "name_key", "name_words"]

#: Legal forms stripped from the END of a name, as words after folding, punctuation removal
#: and joining of dotted initials. "Consorzio Alfa" and "Alfa S.r.l." are different entities,
#: "Alfa S.r.l." and "Alfa SRL" the same one.
LEGAL_FORMS: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        {
            tuple(form.split())
            for form in """
    spa | s p a | srl | s r l | srls | s r l s | sas | s a s | snc | s n c | ss | sapa | scarl |
    scrl | scpa | soc coop | soc coop a r l | soc coop a rl | soc coop arl | societa coop |
    soc cooperativa | societa cooperativa | societa cooperativa a r l | a r l | a rl | arl |
    societa cooperativa sociale | coop soc | societa consortile | societa consortile a r l |
    soc cons a r l | societa semplice | societa per azioni | societa a responsabilita limitata |
    unipersonale | a socio unico | con socio unico | in liquidazione | onlus | ets | aps | odv |
    impresa sociale |
    gmbh | gmbh co kg | ag | kg | ug | ohg | ev | e v | ltd | limited | plc | llp | llc | inc |
    corp | corporation | co | sa | s a | sl | s l | slu | sarl | sasu | eurl | bv | nv | oy | oyj |
    ab | se | spzoo | sp z o o
    """.split("|")
        },
        # Longest first, so "gmbh co kg" is removed whole rather than "kg" alone.
        key=lambda form: (-len(form), form),
    )
)  # fmt: skip

# The forms by their last word, longest first: a name is checked against the few forms that
# end like it instead of all of them (matching keys 10,000 names per preview).
_FORMS_BY_LAST: dict[str, list[tuple[str, ...]]] = {}
for _form in LEGAL_FORMS:
    _FORMS_BY_LAST.setdefault(_form[-1], []).append(_form)

_DOTTED_INITIAL = re.compile(r"\b(\w)\.(?=\w\b|\w\.)")
_LAST_DOT = re.compile(r"(\w)\.(?=\s|$)")  # the last dot of "s.p.a."
_NON_WORD = re.compile(r"[^\w]+|_")


def name_words(name: str) -> list[str]:
    """Folded words of *name*, dotted initials joined ("S.p.A." -> "spa"), no punctuation."""
    text = _DOTTED_INITIAL.sub(r"\1", fold_for_search(name))
    return _NON_WORD.sub(" ", _LAST_DOT.sub(r"\1", text)).split()


def _legal_form_at_end(words: list[str]) -> tuple[str, ...] | None:
    """The longest legal form *words* end with, leaving at least one word; None if none."""
    if not words:
        return None
    for form in _FORMS_BY_LAST.get(words[-1], ()):
        if len(form) < len(words) and tuple(words[-len(form) :]) == form:
            return form
    return None


def ends_with_legal_form(name: str) -> bool:
    """True when *name* ends with a legal form ("Total Italia S.p.A.", "Alfa GmbH")."""
    return _legal_form_at_end(name_words(name)) is not None


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The name key of an organisation name (see the module docstring); cached."""
    words = name_words(name)
    while (form := _legal_form_at_end(words)) is not None:
        words = words[: -len(form)]
    return " ".join(words)
