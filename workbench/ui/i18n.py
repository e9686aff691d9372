"""Interface language: Qt asks the program's gettext catalogue (:mod:`workbench.i18n`).

There is one translation system, gettext, for the window, the core and the reports (see
:mod:`workbench.i18n` and the README's "Translations"). This module adapts it to Qt:

* :class:`GettextTranslator` is a ``QTranslator`` that answers ``self.tr("...")`` and
  ``QCoreApplication.translate(context, "...")`` from the catalogue. Qt's class *context* is
  not part of the catalogue (Babel's extractor cannot see it); Qt's *disambiguation*, the
  second argument of ``tr``, is the entry's ``msgctxt``: ``self.tr("Left", "DashboardPage")``.
* :func:`ntr` / :func:`nptr` are the plural calls (``ntr("%Ln row", "%Ln rows", n)``,
  gettext's ``ngettext``); ``%Ln`` is replaced by the count as every count is shown
  (:func:`~workbench.ui.formatting.format_int`, grouped), ``%n`` by the plain number.
  Qt's numerus form ``tr(source, "", n)`` is not used: it carries one English text where
  gettext needs the English singular and plural.
* :func:`error_text` shows a core :class:`~workbench.translatable.Message` in the interface
  language.

Placeholders use ``str.format`` names (``{count}``): format *after* translating.
Qt's own strings (standard buttons, colour dialogs) come from Qt's ``qtbase_<lang>.qm``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from workbench import i18n as catalogue
from workbench.translatable import Message, translate
from workbench.ui.formatting import format_int

SUPPORTED = catalogue.LANGUAGES


class GettextTranslator(QTranslator):
    """A QTranslator answering from the gettext catalogue of one language."""

    def __init__(self, lang: str, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.lang = lang

    def translate(  # noqa: D102 - Qt override
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None becomes a *null* QString: Qt then asks the next translator (Qt's own
        # qtbase_it for standard buttons) or shows the source. "" would blank the text.
        found = None
        if disambiguation:
            found = catalogue.lookup(source_text, self.lang, disambiguation)
        return found or catalogue.lookup(source_text, self.lang)

    def isEmpty(self) -> bool:  # noqa: N802, D102 - Qt override
        return self.lang == "en"


def _counted(text: str, n: int) -> str:
    """*text* with ``%Ln`` as every count is shown (grouped, "2.959") and ``%n`` as digits.

    Qt's ``%Ln`` would use CLDR, which leaves four-digit Italian numbers ungrouped ("2959");
    the interface groups every count.
    """
    return text.replace("%Ln", format_int(n)).replace("%n", str(n))


def ntr(singular: str, plural: str, n: int) -> str:
    """The form of *singular*/*plural* for the count *n* in the interface language."""
    return _counted(catalogue.ngettext(singular, plural, n), n)


def nptr(context: str, singular: str, plural: str, n: int) -> str:
    """:func:`ntr` in a *context* (an entry whose English is the same in both forms)."""
    return _counted(catalogue.npgettext(context, singular, plural, n), n)


def system_language() -> str:
    """The supported language matching the system locale (English otherwise)."""
    name = QLocale.system().name()[:2].lower()
    return name if name in SUPPORTED else "en"


def resolve_language(requested: str | None) -> str:
    """*requested* when supported, else the system language."""
    if requested and requested[:2].lower() in SUPPORTED:
        return requested[:2].lower()
    return system_language()


def locale_for(lang: str) -> QLocale:
    """Locale used for dates and numbers: the system's when its language matches *lang*.

    English without an English system locale uses en_GB (day/month/year, as in the EU).
    """
    system = QLocale.system()
    if system.name()[:2].lower() == lang:
        return system
    return QLocale("it_IT") if lang == "it" else QLocale("en_GB")


_installed: list[QTranslator] = []


def apply_language(lang: str | None, app: QCoreApplication | None = None) -> str:
    """Install the translators and default locale for *lang* (None: system); returns the language.

    Calling it again replaces the previous translators (the window re-translates on
    ``QEvent.LanguageChange``). The core's interface language (:func:`ntr`,
    :func:`error_text`) follows.
    """
    app = app or QCoreApplication.instance()
    chosen = resolve_language(lang)
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(locale_for(chosen))
    catalogue.set_language(chosen)
    if chosen != "en" and app is not None:
        qt_translator = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_translator.load(f"qtbase_{chosen}", qt_dir):
            QCoreApplication.installTranslator(qt_translator)
            _installed.append(qt_translator)
        ours = GettextTranslator(chosen, app)
        QCoreApplication.installTranslator(ours)
        _installed.append(ours)
    return chosen


def error_text(value: object) -> str:
    """The user-facing text of a core error (exception or message) in the interface language.

    The core raises English messages built with :func:`workbench.translatable.msg`; this shows
    their translation from the catalogue (English when the interface is English or the
    catalogue has none). Use it wherever the UI shows ``str(exc)`` or ``exc.message``:
    ``str(exc)`` alone loses the translatable message. None is "" (no text to show).
    """
    if value is None:
        return ""
    text: object = value
    if isinstance(value, BaseException):
        text = str(value)
        english = text
        candidates = [getattr(value, "message", None)]
        if len(value.args) == 1:
            candidates.append(value.args[0])
        candidates.append(value.__str__())
        for candidate in candidates:
            if isinstance(candidate, Message) and str(candidate) == english:
                text = candidate
                break
    return translate(text, catalogue.current_language())


def current_translators() -> list[QTranslator]:
    """Translators installed by :func:`apply_language` (tests)."""
    return list(_installed)
