"""The one translation system: gettext catalogues for the window, the core and the reports.

Every user-visible English string of the program is a gettext *msgid*. The Italian catalogue
is ``workbench/resources/locale/it/LC_MESSAGES/workbench.po`` (the source translators edit),
compiled to ``workbench.mo`` next to it (package data, read with :mod:`gettext` at run time).
``scripts/translations.sh`` re-extracts the strings from the code with Babel
(``pybabel extract`` with ``babel.cfg`` and the keywords listed there), merges them into the
``.po`` (``pybabel update``) and compiles the ``.mo`` (``pybabel compile``).

Who calls what:

* the window: ``self.tr("...")`` and ``QCoreApplication.translate(ctx, "...")`` as usual
  (Qt asks :class:`workbench.ui.i18n.GettextTranslator`, which asks this module), and
  :func:`workbench.ui.i18n.ntr` for counts (``ntr("%Ln row", "%Ln rows", n)``);
* the core: ``msg("...")`` / ``nmsg("...", "...", n)`` (:mod:`workbench.translatable`),
  English text that the window or a report translates when it shows it;
* the reports: :func:`gettext` / :func:`ngettext` with the report's language.

Plural forms come from the catalogue's ``Plural-Forms`` header (Italian and English:
``nplurals=2; plural=(n != 1)``). English needs no catalogue: the msgids are English, and
:func:`ngettext` picks the English singular or plural msgid itself.

Contexts: one msgid has one translation everywhere. Where the same English needs two
Italian words (``"Left"``: "Uscito" for a member, "Uscita" for a date), the call gives a
context: ``self.tr("Left", "MembersPage")`` (Qt's *disambiguation*) or
``pgettext("MembersPage", "Left", lang)``; it becomes the entry's ``msgctxt``.

Qt-free: the core and the reports import it; the window adapts it to Qt.
"""

from __future__ import annotations

import gettext as _gettext
from functools import cache

from workbench.resources import resource

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "N_",
    "catalogue",
    "current_language",
    "gettext",
    "lookup",
    "ngettext",
    "npgettext",
    "pgettext",
    "set_language",
]

DOMAIN = "workbench"
#: Languages the program speaks; English is the source language (no catalogue needed).
LANGUAGES = ("en", "it")

_current = "en"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark *message* for extraction without translating it (it is translated where shown)."""
    return message


@cache
def catalogue(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of *lang* (a NullTranslations, i.e. English, when there is none)."""
    found = resource("locale", lang, "LC_MESSAGES", f"{DOMAIN}.mo")
    if lang == "en" or not found.is_file():
        return _gettext.NullTranslations()
    with found.open("rb") as data:
        return _gettext.GNUTranslations(data)


def set_language(lang: str) -> None:
    """Make *lang* the interface language used when a call passes no language."""
    global _current
    _current = lang if lang in LANGUAGES else "en"


def current_language() -> str:
    """The interface language (``"en"`` until :func:`set_language` is called)."""
    return _current


def _translations(lang: str | None) -> _gettext.NullTranslations:
    return catalogue(lang or _current)


def gettext(message: str, lang: str | None = None) -> str:
    """*message* in *lang* (None: the interface language); the English when untranslated."""
    return _translations(lang).gettext(message)


def pgettext(context: str, message: str, lang: str | None = None) -> str:
    """*message* in *lang* as the catalogue translates it in *context*."""
    return _translations(lang).pgettext(context, message)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """The form of *singular*/*plural* that the count *n* takes in *lang*."""
    return _translations(lang).ngettext(singular, plural, n)


def npgettext(context: str, singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """:func:`ngettext` in *context*."""
    return _translations(lang).npgettext(context, singular, plural, n)


def lookup(message: str, lang: str | None = None, context: str | None = None) -> str | None:
    """The translation of *message* in *lang*, or None when the catalogue has none.

    Qt needs "no translation" apart from "the same text", to ask its next translator.
    """
    translations = _translations(lang)
    entries = getattr(translations, "_catalog", None)
    if not entries:
        return None
    key = message if context is None else f"{context}\x04{message}"
    found = entries.get(key)
    if found is None:
        found = entries.get((key, 1))  # a plural entry asked without a count: its plural
    return found if isinstance(found, str) and found else None
