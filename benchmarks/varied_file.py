"""A member file as real ones arrive: varied new names and the formats of an Italian office.

Half the rows are stored members (the first ones with a VAT number): 20 % of their names
respelled (capitals, legal form without dots), VAT numbers with and without the IT prefix,
with spaces or as a number cell, 5 % of them without VAT (matched by name); a quarter with a
new phone and a fee for next year. The other half are new members with varied names
(tests/support/varied_names.py, none with the name key of a stored organisation), VAT numbers
drawn without repeats (neither among themselves nor with a stored one), 10 % without VAT;
dates as "dd/mm/yyyy" text, fees as "€ 600,00", turnover as "1.234.567,89", assets as
"1.234,56 €". Same 18 columns, Italian headers and title row as bench_import.py's file.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from tests.support.varied_names import respell, varied_names
from workbench.rules.names import name_key

HEADER_TAIL = ("Referente", "Ruolo", "Email referente", "Area di competenza")
FIRST_NAMES = (
    "Anna",
    "Luca",
    "Marco",
    "Sara",
    "Giulia",
    "Paolo",
    "Elena",
    "Davide",
    "Chiara",
    "Matteo",
    "Francesca",
    "Stefano",
    "Laura",
    "Andrea",
    "Silvia",
    "Giorgio",
)


def it_number(x: float, decimals: int = 2) -> str:
    """1234567.891 -> "1.234.567,89" (Italian thousands and decimal separators)."""
    text = f"{x:,.{decimals}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def vat_spelling(vat: str, i: int) -> str | int:
    """A VAT number as offices type it: as stored, without IT, spaced, or a number cell."""
    digits = vat[2:]
    k = i % 10
    if k < 4:
        return vat
    if k < 8:
        return digits
    if k < 9:
        return f"IT {digits[:3]} {digits[3:6]} {digits[6:9]} {digits[9:]}"
    return int(digits)  # a number cell: Excel drops leading zeros


def new_vat(rng: random.Random, used: set[str]) -> str:
    """A valid Italian VAT number (office code 001-100) not in *used* (added to it)."""
    from stdnum import luhn

    while True:
        base = f"{rng.randint(0, 9_999_999):07d}{rng.randint(1, 100):03d}"
        vat = "IT" + base + luhn.calc_check_digit(base)
        if vat not in used:
            used.add(vat)
            return vat


def write_varied_member_file(path: Path, db_path: Path, rows: int, seed: int = 11) -> Path:
    """Write the file described in the module docstring to *path*."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    year = date.today().year
    conn = sqlite3.connect(db_path)
    try:
        stored = conn.execute("SELECT name, legal_name, vat, city FROM organisation").fetchall()
        areas = [r[0] for r in conn.execute("SELECT name FROM competence_area ORDER BY id")]
    finally:
        conn.close()
    existing = [(n, v, c) for n, _legal, v, c in stored if v][: rows // 2]
    used_vats = {v.upper() for _n, _l, v, _c in stored if v}
    taken = {name_key(x) for n, legal, _v, _c in stored for x in (n, legal) if x}
    new_names = iter(varied_names(rows - len(existing), seed=seed, avoid=taken))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Soci")
    ws.append([f"Elenco soci al 31/12/{year}"])
    ws.append([])
    ws.append(
        [
            "Ragione sociale",
            "P.IVA",
            "Tipologia",
            "Indirizzo",
            "CAP",
            "Comune",
            "Provincia",
            "Sito web",
            "Telefono azienda",
            "Data adesione",
            f"Quota {year + 1}",
            f"Dipendenti {year}",
            f"Fatturato {year}",
            f"Totale attivo {year}",
            *HEADER_TAIL,
        ]
    )
    for i in range(rows):
        turnover = round(rng.uniform(100_000, 40_000_000), 2)
        if i < len(existing):
            name, vat, city = existing[i]
            phone = f"02 {rng.randint(1_000_000, 9_999_999)}" if i % 4 == 0 else None
            ws.append(
                [
                    respell(name) if i % 5 == 0 else name,
                    None if i % 20 == 7 else vat_spelling(vat, i),
                    None,
                    None,
                    None,
                    city,
                    None,
                    None,
                    phone,
                    None,
                    "600,00" if i % 4 == 0 else None,
                    rng.randint(1, 240),
                    it_number(turnover),
                    it_number(turnover * 0.8) + " €",
                    None,
                    None,
                    None,
                    None,
                ]
            )
            continue
        name = next(new_names)
        vat = None if i % 10 == 3 else vat_spelling(new_vat(rng, used_vats), i)
        first, last = rng.choice(FIRST_NAMES), f"Cognome{i}"
        joined = date(2024, 1, 1) + timedelta(days=rng.randint(0, 600))
        slug = "".join(ch for ch in name_key(name) if ch.isalnum())[:20] + str(i)
        ws.append(
            [
                name,
                vat,
                "Impresa",
                f"Via Milano {i % 300}",
                20100 + i % 800,
                "Milano",
                "MI",
                f"www.{slug}.it",
                f"02 {rng.randint(1_000_000, 9_999_999)}",
                joined.strftime("%d/%m/%Y"),
                "€ 600,00",
                rng.randint(1, 240),
                it_number(turnover),
                it_number(turnover * 0.8) + " €",
                f"{first} {last}",
                "Referente tecnico",
                f"{first.lower()}.{i}@{slug}.it",
                rng.choice(areas),
            ]
        )
    wb.save(path)
    return path
