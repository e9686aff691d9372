"""One language per report: the Italian assessment PDF and workbook of the demo are Italian.

Both files are rendered from the demo database and read back (pypdf, openpyxl). Their text
must hold no English word of the program's catalogue (a word of an English msgid that no
Italian translation uses), apart from words the user typed into the database (names, notes,
objectives: the demo's records are partly English), and no number written the English way
("56.7 %", "65.9 k EUR", "1,234,567").
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from openpyxl import load_workbook
from pypdf import PdfReader

from workbench.db import open_database
from workbench.demo import build_demo
from workbench.reports import generate_report
from workbench.resources import resource

TODAY = date(2025, 3, 15)
YEAR = 2025
WORD = re.compile(r"[A-Za-zÀ-ÿ]{4,}")
#: An English decimal or grouping next to a unit, or a million grouped with commas.
ENGLISH_NUMBER = re.compile(
    r"(?<![\d.])\d+\.\d{1,2} ?(?:%|k EUR|M EUR|EUR|€|ETP|FTE|anni|anno)(?!\w)"
    r"|\b\d{1,3}(?:,\d{3}){2,}\b"
    r"|\b\d{1,3},\d{3}\.\d"
)


PLACEHOLDER = re.compile(r"\{[^{}]*\}|%L?n")


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(PLACEHOLDER.sub(" ", text))}


def _english_words() -> set[str]:
    """Words of English msgids that no Italian translation contains."""
    with resource("locale", "it", "LC_MESSAGES", "workbench.po").open("rb") as po:
        catalog = read_po(po)
    english: set[str] = set()
    italian: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for text in ids:
            english |= _words(text)
        for text in strings:
            italian |= _words(text)
    return english - italian


def _typed_words(path: Path) -> set[str]:
    """Every word of every text the database holds (what users typed, names, URLs)."""
    found: set[str] = set()
    with sqlite3.connect(path) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in con.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 - own schema
                for value in row:
                    if isinstance(value, str):
                        found |= _words(value)
    return found


@pytest.fixture(scope="module")
def italian(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("italian")
    path = folder / "demo.db"
    db = open_database(path)
    try:
        build_demo(db, seed=2009, today=TODAY)
        pdf = generate_report(
            db, "assessment", "pdf", folder / "it.pdf", year=YEAR, lang="it", today=TODAY
        )
        xlsx = generate_report(
            db, "assessment", "xlsx", folder / "it.xlsx", year=YEAR, lang="it", today=TODAY
        )
    finally:
        db.dispose()
    return path, pdf, xlsx


def _pdf_text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def _workbook_text(xlsx: Path) -> str:
    book = load_workbook(xlsx, read_only=True)
    lines = [sheet.title for sheet in book.worksheets]
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            lines.extend(value for value in row if isinstance(value, str))
    return "\n".join(lines)


def _english_in(text: str, allowed: set[str]) -> dict[str, str]:
    english = _english_words() - allowed
    found: dict[str, str] = {}
    for line in text.splitlines():
        for word in _words(line) & english:
            found.setdefault(word, line)
    return found


def test_the_english_word_check_finds_english() -> None:
    english = _english_words()
    assert {"members", "without", "recorded", "companies"} <= english
    assert not {"soci", "imprese"} & english
    assert ENGLISH_NUMBER.search("private share 49.5 % of 50 %")
    assert ENGLISH_NUMBER.search("21,255,000 €")
    assert not ENGLISH_NUMBER.search("quota privata 49,5 % su 50 %; 21.255.000 €; 2.2.1")


@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
def test_the_italian_assessment_report_has_no_english(
    italian: tuple[Path, Path, Path], kind: str
) -> None:
    db_path, pdf, xlsx = italian
    text = _pdf_text(pdf) if kind == "pdf" else _workbook_text(xlsx)
    assert "Indicatori" in text and "soci" in text
    english = _english_in(text, _typed_words(db_path))
    assert not english, "English in the Italian report:\n" + "\n".join(
        f"{word}: {line}" for word, line in sorted(english.items())
    )
    decimals = ENGLISH_NUMBER.findall(text)
    assert not decimals, f"English-formatted numbers: {decimals[:20]}"
