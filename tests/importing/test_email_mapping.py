"""A bare "E-mail" column is the organisation's, unless the file names a contact person.

Issue 12: office addresses were read as contacts' e-mails, so every row without a contact
person became an error. Italian and English headers, real xlsx files read and planned.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.importing.test_plan_apply import make_vat, plan_for, write_xlsx
from workbench.db import Database
from workbench.importing import RowStatus, apply_plan, read_table, suggest_mapping
from workbench.models import Contact, Organisation
from workbench.services.base import list_records

OFFICE_FILES = [
    ["Ragione sociale", "Indirizzo", "Comune", "Telefono", "E-mail"],
    ["Ente", "Sede", "Tel.", "E-mail", "PEC"],
    ["Company", "Address", "City", "Phone", "E-mail"],
    ["Organisation", "Office address", "Email address"],
    ["Ragione sociale", "Indirizzo", "Mail sede legale"],
]


def _mapping(tmp_path: Path, headers: list[str]) -> dict[str, str]:
    row = ["info@alfa.it" if "mail" in h.lower() or h == "PEC" else "x" for h in headers]
    row[0] = "Alfa S.r.l."
    table = read_table(write_xlsx(tmp_path / "f.xlsx", [headers, row]))
    return dict(suggest_mapping(table, "members").mapping.columns)


@pytest.mark.parametrize("headers", OFFICE_FILES, ids=lambda h: "|".join(h))
def test_bare_email_without_a_contact_person_is_the_organisations(
    tmp_path: Path, headers: list[str]
) -> None:
    mapped = _mapping(tmp_path, headers)
    email_header = next(h for h in headers if "mail" in h.lower())
    assert mapped[email_header] == "email"
    assert "contact_email" not in mapped.values()


@pytest.mark.parametrize(
    "headers",
    [
        ["Ragione sociale", "Indirizzo", "Referente", "E-mail"],
        ["Ragione sociale", "Nome", "Cognome", "E-mail"],
        ["Company", "Address", "Contact person", "E-mail"],
    ],
    ids=lambda h: "|".join(h),
)
def test_bare_email_beside_a_contact_person_is_the_contacts(
    tmp_path: Path, headers: list[str]
) -> None:
    assert _mapping(tmp_path, headers)["E-mail"] == "contact_email"


def test_office_list_imports_without_errors_and_fills_the_organisations_email(
    sqlite_db: Database, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "sedi.xlsx",
        [
            ["Ragione sociale", "P.IVA", "Data adesione", "Indirizzo", "Comune", "E-mail", "PEC"],
            [
                "Alfa S.r.l.",
                make_vat(1010101),
                date(2021, 1, 1),
                "Via Roma 1",
                "Milano",
                "info@alfa.it",
                "alfa@pec.it",
            ],
            [
                "Beta S.p.A.",
                make_vat(2020202),
                date(2022, 1, 1),
                "Via Po 2",
                "Torino",
                "segreteria@beta.it",
                "beta@pec.it",
            ],
        ],
    )
    plan = plan_for(sqlite_db, path)
    assert [r.status for r in plan.rows] == [RowStatus.CREATE, RowStatus.CREATE]
    apply_plan(sqlite_db, plan, file_path=path)
    emails = {o.name: o.email for o in list_records(sqlite_db, Organisation)}
    assert emails == {"Alfa S.r.l.": "info@alfa.it", "Beta S.p.A.": "segreteria@beta.it"}
    assert list_records(sqlite_db, Contact) == []
