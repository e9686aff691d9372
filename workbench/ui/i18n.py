"""Interface language: a JSON-catalogue translator (no Qt tools needed at build time).

Catalogue format: ``workbench/resources/translations/<lang>/<module>.json`` (package data, read
through :mod:`workbench.resources`), one file per UI module
(``main_window.json``, ``members.json``, ``areas.json`` ...), all merged at load::

    {
      "MembersPage": {
        "Members": "Soci",
        "{count} of {total} organisations": "{count} di {total} organizzazioni"
      },
      "messages": {"Cancel": "Annulla"}
    }

Top-level keys are translation *contexts*: the Python class name for ``self.tr()`` (PySide6
uses the class of the instance; a subclass falls back to any context, see below) or the
first argument of ``QCoreApplication.translate(context, text)``. Values map the English source
text to the translation. A string missing from its context is looked up in the whole catalogue
(``"*"`` context), so a subclass inheriting ``self.tr()`` calls is still translated; when no
translation exists, English is shown. Two files defining the same context are merged
(rare collisions: the later file in name order wins for the same source text).

Placeholders use ``str.format`` names (``{count}``): format *after* translating.
Qt's own strings (standard buttons, colour dialogs) come from Qt's ``qtbase_<lang>.qm``.

Plurals follow Qt's numerus form, so the strings move unchanged to Qt Linguist or gettext
later: the source says ``%n`` (or ``%Ln``, with thousands separators) and the call passes the
count, ``self.tr("%Ln rows have errors", "", count)``. The catalogue entry holds one
text per plural category (CLDR names; English and Italian have ``one`` and ``other``)::

    "%Ln rows have errors": {"one": "%Ln riga ha errori", "other": "%Ln righe hanno errori"}

English needs its own small catalogue (``en/plurals.json``) for the singular forms, as a
Linguist project would have an English ``.qm`` with numerus forms. Qt replaces ``%n`` after
the translator answered; ``%Ln`` the translator replaces itself, with ``format_int`` (which
groups four-digit numbers in Italian too, where Qt's locale would not).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from workbench.resources import translation_files
from workbench.translatable import Message, translate
from workbench.ui.formatting import format_int

log = logging.getLogger(__name__)

SUPPORTED = ("en", "it")
#: Catalogue context of the core's (Qt-free) messages, see :mod:`workbench.translatable`.
CORE_CONTEXT = "core"
#: Context of the importer's field labels. Core messages about mappings pass a field's English
#: label as a plain ``Message(label)`` parameter; it is translated like the wizard shows it.
FIELDS_CONTEXT = "import_fields"

#: A catalogue value: the translation, or its plural forms by category (``one``, ``other``).
Entry = str | dict[str, str]
Catalogue = dict[str, dict[str, Entry]]


def plural_category(lang: str, n: int) -> str:
    """The CLDR plural category of *n* in *lang* (English and Italian: ``one`` for 1)."""
    return "one" if abs(n) == 1 else "other"


def entry_text(entry: Entry, lang: str, n: int = -1) -> str:
    """The text of a catalogue *entry* for the count *n* (-1: no count, the ``other`` form)."""
    if isinstance(entry, str):
        return entry
    category = plural_category(lang, n) if n >= 0 else "other"
    return entry.get(category) or entry.get("other") or next(iter(entry.values()), "")


def _entry(value: object) -> Entry | None:
    if isinstance(value, dict):
        forms = {str(k): str(v) for k, v in value.items() if v}
        return forms or None
    return str(value) if value else None


def load_catalogue(lang: str) -> Catalogue:
    """All ``<lang>/*.json`` catalogues merged into ``{context: {source: translation}}``.

    A translation is a string, or for a ``%n`` string a dict of its plural forms.
    """
    merged: Catalogue = {}
    for path in translation_files(lang):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("Ignoring unreadable translation file %s: %s", path, exc)
            continue
        for context, entries in data.items():
            if isinstance(entries, dict):
                target = merged.setdefault(context, {})
                for key, value in entries.items():
                    entry = _entry(value)
                    if entry is not None:
                        target[str(key)] = entry
    return merged


def _counted(text: str, n: int) -> str:
    """*text* with ``%Ln`` replaced by *n* as every count is shown (``format_int``).

    Qt would put ``QLocale().toString(n)`` there, and CLDR leaves four-digit Italian numbers
    ungrouped ("2959"); the interface groups every count ("2.959", "2,959").
    """
    return text.replace("%Ln", format_int(n)) if n >= 0 and "%Ln" in text else text


class JsonTranslator(QTranslator):
    """A QTranslator answering from a merged JSON catalogue."""

    def __init__(self, catalogue: Catalogue, parent: object = None, lang: str = "it") -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.catalogue = catalogue
        self.lang = lang
        self._any: dict[str, Entry] = {}
        for context, entries in catalogue.items():
            if context == CORE_CONTEXT:  # core messages go through error_text() only
                continue
            for source, text in entries.items():
                self._any.setdefault(source, text)

    def translate(  # noqa: D102 - Qt override
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        entries = self.catalogue.get(context)
        if entries is not None and source_text in entries:
            return _counted(entry_text(entries[source_text], self.lang, n), n)
        # None becomes a *null* QString: Qt then asks the next translator (Qt's own
        # qtbase_it for standard buttons) or shows the source. "" would blank the text.
        found = self._any.get(source_text)
        return None if found is None else _counted(entry_text(found, self.lang, n), n)

    def isEmpty(self) -> bool:  # noqa: N802, D102 - Qt override
        return not self.catalogue

    def __len__(self) -> int:
        return sum(len(v) for v in self.catalogue.values())


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
    ``QEvent.LanguageChange``).
    """
    app = app or QCoreApplication.instance()
    chosen = resolve_language(lang)
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(locale_for(chosen))
    if chosen != "en" and app is not None:
        qt_translator = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_translator.load(f"qtbase_{chosen}", qt_dir):
            QCoreApplication.installTranslator(qt_translator)
            _installed.append(qt_translator)
    if app is not None:
        # English too: its catalogue holds the singular forms of the %n strings.
        ours = JsonTranslator(load_catalogue(chosen), app, chosen)
        if not ours.isEmpty():
            QCoreApplication.installTranslator(ours)
            _installed.append(ours)
    return chosen


def core_lookup(template: str) -> str | None:
    """Translation of a core message *template* (context ``"core"``), None when English.

    A template the core context lacks may be an importer field label (``"VAT number"``), which
    mapping messages use as a parameter: those come from the ``"import_fields"`` context.
    """
    for translator in _installed:
        if isinstance(translator, JsonTranslator):
            catalogue = translator.catalogue
            found = catalogue.get(CORE_CONTEXT, {}).get(template)
            if not found:
                found = catalogue.get(FIELDS_CONTEXT, {}).get(template)
            return entry_text(found, translator.lang) if found else None
    return None


def error_text(value: object) -> str:
    """The user-facing text of a core error (exception or message) in the interface language.

    The core raises English messages built with :func:`workbench.translatable.msg`; this shows
    their translation from the installed catalogue's ``"core"`` context (English when no
    translation is installed or known). Use it wherever the UI shows ``str(exc)`` or
    ``exc.message``: ``str(exc)`` alone loses the translatable message.
    """
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
    return translate(text, core_lookup)


def current_translators() -> list[QTranslator]:
    """Translators installed by :func:`apply_language` (tests)."""
    return list(_installed)


# --------------------------------------------------------------------------- catalogue tools


def extract_strings(paths: list[Path]) -> dict[str, dict[str, Path]]:
    """Translatable strings in the Python files *paths*: ``{context: {source: file}}``.

    Finds ``self.tr("...")`` (context: the enclosing class), ``tr = self.tr`` aliases,
    module-level ``tr("...")`` helpers (context: the one their body passes to
    ``QCoreApplication.translate``) and ``QCoreApplication/QApplication.translate(ctx, "...")``.
    """
    import ast

    found: dict[str, dict[str, Path]] = {}

    def add(context: str, node: ast.AST, path: Path) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
            found.setdefault(context, {}).setdefault(node.value, path)

    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_context = None
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == "tr":
                for call in ast.walk(node):
                    if (
                        isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "translate"
                        and call.args
                        and isinstance(call.args[0], ast.Constant)
                    ):
                        module_context = str(call.args[0].value)

        def visit(
            node: ast.AST,
            cls: str | None,
            path: Path = path,
            module_context: str | None = module_context,
        ) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.ClassDef):
                    visit(child, child.name)
                    continue
                if isinstance(child, ast.Call) and child.args:
                    func = child.func
                    if (
                        isinstance(func, ast.Attribute)
                        and func.attr == "tr"
                        and isinstance(func.value, ast.Name)
                        and func.value.id == "self"
                        and cls
                    ):
                        add(cls, child.args[0], path)
                    elif isinstance(func, ast.Name) and func.id == "tr":
                        context = cls if cls else module_context
                        if context:
                            add(context, child.args[0], path)
                    elif (
                        isinstance(func, ast.Attribute)
                        and func.attr == "translate"
                        and len(child.args) >= 2
                        and isinstance(child.args[0], ast.Constant)
                    ):
                        add(str(child.args[0].value), child.args[1], path)
                visit(child, cls)

        visit(tree, None)
    return found


def missing_translations(lang: str, paths: list[Path]) -> list[tuple[str, str, Path]]:
    """(context, source, file) of strings in *paths* that the *lang* catalogue lacks."""
    catalogue = load_catalogue(lang)
    every = {source for entries in catalogue.values() for source in entries}
    missing = []
    for context, entries in extract_strings(paths).items():
        for source, path in entries.items():
            if source not in catalogue.get(context, {}) and source not in every:
                missing.append((context, source, path))
    return missing


def _main(argv: list[str]) -> int:
    """``python -m workbench.ui.i18n missing it [FILES...]``: list untranslated strings."""
    import sys

    if len(argv) < 2 or argv[0] != "missing":
        print("usage: python -m workbench.ui.i18n missing LANG [FILE ...]", file=sys.stderr)
        return 2
    files = [Path(p) for p in argv[2:]] or sorted(Path(__file__).parent.rglob("*.py"))
    missing = missing_translations(argv[1], files)
    for context, source, path in missing:
        print(f"{path}: [{context}] {json.dumps(source, ensure_ascii=False)}")
    return 1 if missing else 0


if __name__ == "__main__":
    import sys

    raise SystemExit(_main(sys.argv[1:]))
