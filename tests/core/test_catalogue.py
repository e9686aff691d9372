"""The one gettext catalogue: complete, compiled, and with right plural forms.

Babel extracts every translatable string of the package the way ``scripts/translations.sh``
does (same mapping file, same keywords, read from the script), and the Italian ``.po`` must
translate each one, with the same ``{placeholders}``; the committed ``.mo`` must be the
compilation of the committed ``.po``.
"""

from __future__ import annotations

import ast
import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from workbench import i18n
from workbench.translatable import nmsg, translate

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "workbench"
LC_MESSAGES = PACKAGE / "resources" / "locale" / "it" / "LC_MESSAGES"


def _keywords() -> dict[str, object]:
    script = (ROOT / "scripts" / "translations.sh").read_text(encoding="utf-8")
    specs = re.findall(r"-k '([^']+)'", script)
    assert len(specs) > 10, "scripts/translations.sh lost its keywords"
    return parse_keywords(specs)


def _extracted() -> dict[tuple[str | None, str], tuple[str, str | None]]:
    """(context, msgid) -> (where, plural msgid) of every string Babel finds in the package."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[tuple[str | None, str], tuple[str, str | None]] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(PACKAGE), method_map, options_map, keywords=_keywords(), comment_tags=()
    ):
        singular, plural = (message, None) if isinstance(message, str) else message[:2]
        found.setdefault((context, singular), (f"workbench/{filename}:{lineno}", plural))
    return found


@pytest.fixture(scope="module")
def catalog():
    with (LC_MESSAGES / "workbench.po").open("rb") as po:
        return read_po(po, locale="it")


def _names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_user_visible_string_has_an_italian_translation(catalog) -> None:
    extracted = _extracted()
    assert len(extracted) > 1500  # the extractor sees the window, the core and the reports
    missing, wrong = [], []
    for (context, msgid), (where, plural) in sorted(extracted.items(), key=str):
        entry = catalog.get(msgid, context=context)
        forms = [] if entry is None else entry.string
        forms = list(forms) if isinstance(forms, tuple) else [forms]
        if entry is None or not all(forms):
            missing.append(f"{where}: {msgid!r}" + (f" [{context}]" if context else ""))
            continue
        if (plural is None) != (not isinstance(entry.id, tuple)):
            wrong.append(f"{where}: {msgid!r} is plural in one of code and catalogue only")
        for form in forms:
            if _names(form) != _names(msgid) | _names(plural or ""):
                wrong.append(f"{where}: {msgid!r} -> {form!r}: other placeholders")
    assert not missing, "no Italian (run scripts/translations.sh, translate):\n" + "\n".join(
        missing
    )
    assert not wrong, "\n".join(wrong)


def test_the_committed_mo_is_the_compiled_po(catalog) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    committed = (LC_MESSAGES / "workbench.mo").read_bytes()
    assert compiled.getvalue() == committed, (
        "workbench.mo is stale: run scripts/translations.sh and commit the .mo"
    )


def test_the_catalogue_has_no_entry_the_code_no_longer_uses(catalog) -> None:
    extracted = _extracted()
    stale = [m.id for m in catalog if m.id and (m.context, _singular(m.id)) not in extracted]
    assert not stale, f"run scripts/translations.sh (entries no code uses): {stale[:20]}"


def _singular(msgid: str | tuple[str, ...]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def test_italian_uses_two_plural_forms(catalog) -> None:
    assert catalog.num_plurals == 2 and catalog.plural_expr.replace(" ", "") == "(n!=1)"


@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        ("it", "1 riga ha errori", "2 righe hanno errori"),
        ("en", "1 row has errors", "2 rows have errors"),
    ],
)
def test_plural_forms_for_one_and_two(lang: str, one: str, two: str) -> None:
    def form(n: int) -> str:
        text = i18n.ngettext("%Ln row has errors", "%Ln rows have errors", n, lang)
        return text.replace("%Ln", str(n))

    assert (form(1), form(2)) == (one, two)
    assert form(0).startswith("0 righe" if lang == "it" else "0 rows")


def test_core_messages_take_the_plural_form_of_their_count() -> None:
    def reason(n: int):
        return nmsg("{n} organisation has this name", "{n} organisations have this name", n)

    one, two = reason(1), reason(2)
    assert (str(one), str(two)) == (
        "1 organisation has this name",
        "2 organisations have this name",
    )
    assert (translate(one, "it"), translate(two, "it")) == (
        "1 organizzazione ha questo nome",
        "2 organizzazioni hanno questo nome",
    )
    assert translate(two, "en") == "2 organisations have this name"


def test_the_window_uses_no_qt_numerus_form() -> None:
    """``tr(text, "", n)`` carries one English text; plurals go through ntr/nptr."""
    offenders = []
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or len(node.args) < 3:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "tr" or (name == "translate" and len(node.args) >= 4):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders
