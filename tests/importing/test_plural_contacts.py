"""A plural "Contacts" / "Contatti" column is not the contact person's name (issue 12).

Such a column holds the office's addresses and phone numbers, or a list of people. Spelt
close to "Contact" / "Contatto", it used to be mapped to the contact person's full name, so
every row got a "contact" called "info@alfa.it; 02 1234567", and a bare "E-mail" beside it
was taken for that person's address. Real xlsx files written by openpyxl, read and planned.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from workbench.db import Database
from workbench.importing import RowStatus, apply_plan, build_plan, read_table, suggest_mapping
from workbench.importing.plan import PlanOptions
from workbench.models import Contact, Organisation
from workbench.services.base import list_records


def write(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Soci"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("name", "plural", "email"),
    [
        ("Ragione sociale", "Contatti", "E-mail"),
        ("Company", "Contacts", "Email"),
        ("Empresa", "Contactos", "Correo electrónico"),
        ("Ragione sociale", "Referenti", "E-mail"),
        ("Company", "Contact persons", "E-mail"),
    ],
)
def test_a_plural_contacts_column_is_not_the_contact_person(
    tmp_path: Path, name: str, plural: str, email: str
) -> None:
    path = write(
        tmp_path / "soci.xlsx",
        [
            [name, plural, email],
            ["Alfa S.r.l.", "Mario Rossi, Anna Bianchi", "info@alfa.it"],
            ["Beta S.p.A.", "tel. 02 1234567", "segreteria@beta.it"],
        ],
    )
    mapped = suggest_mapping(read_table(path), "members").mapping.columns
    assert mapped[name] == "name"
    assert mapped.get(plural) not in {"contact_name", "contact_first_name", "contact_last_name"}
    # Without a contact person in the file the bare e-mail is the organisation's.
    assert mapped.get(email) == "email", mapped


@pytest.mark.parametrize("singular", ["Contatto", "Contact", "Referente", "Persona di contatto"])
def test_a_singular_contact_column_still_names_the_person(tmp_path: Path, singular: str) -> None:
    path = write(
        tmp_path / "soci.xlsx",
        [["Ragione sociale", singular, "E-mail"], ["Alfa S.r.l.", "Mario Rossi", "m@alfa.it"]],
    )
    mapped = suggest_mapping(read_table(path), "members").mapping.columns
    assert mapped[singular] == "contact_name"
    assert mapped["E-mail"] == "contact_email"


def test_importing_a_file_with_a_contatti_column_creates_no_bogus_contact(
    sqlite_db: Database, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "soci.xlsx",
        [
            ["Ragione sociale", "Contatti", "E-mail"],
            ["Alfa S.r.l.", "info@alfa.it; 02 1234567", "info@alfa.it"],
            ["Beta S.p.A.", "Mario Rossi, Anna Bianchi", "segreteria@beta.it"],
        ],
    )
    table = read_table(path)
    plan = build_plan(sqlite_db, table, suggest_mapping(table, "members").mapping, PlanOptions())
    assert {r.status for r in plan.rows} == {RowStatus.CREATE}, [r.problems for r in plan.rows]
    apply_plan(sqlite_db, plan, file_path=path)
    assert list_records(sqlite_db, Contact) == []
    emails = {o.name: o.email for o in list_records(sqlite_db, Organisation)}
    assert emails == {"Alfa S.r.l.": "info@alfa.it", "Beta S.p.A.": "segreteria@beta.it"}
