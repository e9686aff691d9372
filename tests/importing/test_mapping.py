"""Column mapping: suggestions from headers (IT/EN/DE/FR/ES) and values, saved mappings, files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.db import Database
from workbench.importing.fields import FIELDS, ImportKind
from workbench.importing.mapping import (
    Mapping,
    MappingError,
    field_spec,
    fold_header,
    header_signature,
    header_year,
    load_mapping_file,
    save_mapping,
    write_mapping_file,
)
from workbench.importing.readers import RawTable
from workbench.importing.suggest import suggest_mapping


def table(headers: list[str], rows: list[list[object]] | None = None) -> RawTable:
    rows = rows if rows is not None else [[None] * len(headers)]
    return RawTable("soci.xlsx", "Soci", ["Soci"], 0, headers, rows, list(range(2, 2 + len(rows))))


def suggested(
    headers: list[str], kind: str = "members", rows: list[list[object]] | None = None
) -> dict[str, str]:
    return suggest_mapping(table(headers, rows), kind).mapping.columns


# Every header DOMAIN.md lists as seen in the wild, with the field it must map to.
WILD_HEADERS = {
    "name": [
        "Ragione sociale",
        "Denominazione",
        "Azienda",
        "Company",
        "Organisation",
        "Firma",
        "Raison sociale",
        "Empresa",
    ],
    "vat": ["P.IVA", "Partita IVA", "VAT", "USt-IdNr", "N° TVA", "NIF/CIF"],
    "fiscal_code": ["Codice fiscale", "C.F."],
    "org_type": ["Tipologia", "Tipo", "Type"],
    "staff_awu": ["Dipendenti", "Addetti", "Employees", "Mitarbeiter", "Effectif"],
    "turnover": ["Fatturato", "Turnover", "Umsatz", "Chiffre d'affaires"],
    "balance_sheet": ["Totale attivo", "Balance sheet total", "Bilanzsumme"],
    "join_date": ["Data adesione", "Member since", "Beitrittsdatum"],
    "address": ["Indirizzo", "Via"],
    "postcode": ["CAP"],
    "city": ["Comune", "Città"],
    "province": ["Provincia"],
    "region": ["Regione"],
    "country": ["Nazione"],
    "website": ["Sito web", "Website"],
    "email": ["Email", "PEC"],
    "phone": ["Telefono", "Tel."],
    "contact_name": ["Referente", "Contact person"],
    "contact_role": ["Ruolo", "Role"],
    "area": ["Area di competenza", "Gruppo di lavoro", "Working group"],
    "category": ["Category"],
}


@pytest.mark.parametrize(
    ("header", "key"), [(h, k) for k, headers in WILD_HEADERS.items() for h in headers]
)
def test_every_header_seen_in_the_wild_is_recognised(header: str, key: str) -> None:
    assert suggested([header]) == {header: key}


def test_italian_member_list_with_contact_person() -> None:
    headers = [
        "Ragione sociale",
        "P.IVA",
        "Data adesione",
        "Dipendenti",
        "Fatturato",
        "Referente",
        "Email",
    ]
    assert suggested(headers) == {
        "Ragione sociale": "name",
        "P.IVA": "vat",
        "Data adesione": "join_date",
        "Dipendenti": "staff_awu",
        "Fatturato": "turnover",
        "Referente": "contact_name",
        # beside a contact person a bare "Email" is the person's address
        "Email": "contact_email",
    }


def test_context_decides_generic_words() -> None:
    # without a contact person, Email and Telefono belong to the organisation
    assert suggested(["Azienda", "Email", "Telefono"]) == {
        "Azienda": "name",
        "Email": "email",
        "Telefono": "phone",
    }
    # "Nome" beside "Cognome" is a first name; alone it names the organisation
    assert suggested(["Azienda", "Nome", "Cognome", "PEC", "Email"]) == {
        "Azienda": "name",
        "Nome": "contact_first_name",
        "Cognome": "contact_last_name",
        "PEC": "email",
        "Email": "contact_email",
    }
    assert suggested(["Nome", "Città"]) == {"Nome": "name", "Città": "city"}


def test_headers_in_five_languages_with_noise() -> None:
    assert suggested(
        [
            "  Ragione Sociale ",
            "Quota associativa 2024 (€)",
            "Fatturato 2023",
            "N. dipendenti",
            "Totale di bilancio",
            "Consenso privacy",
            "Gruppi di lavoro",
        ]
    ) == {
        "  Ragione Sociale ": "name",
        "Quota associativa 2024 (€)": "fee_due",
        "Fatturato 2023": "turnover",
        "N. dipendenti": "staff_awu",
        "Totale di bilancio": "balance_sheet",
        "Consenso privacy": "contact_consent",
        "Gruppi di lavoro": "area",
    }
    assert suggested(
        ["Firmenname", "USt-IdNr.", "Mitglied seit", "Jahresumsatz", "Ansprechpartner"]
    ) == {
        "Firmenname": "name",
        "USt-IdNr.": "vat",
        "Mitglied seit": "join_date",
        "Jahresumsatz": "turnover",
        "Ansprechpartner": "contact_name",
    }
    assert suggested(["Raison sociale", "Numéro de TVA", "Chiffre d'affaires", "Effectifs"]) == {
        "Raison sociale": "name",
        "Numéro de TVA": "vat",
        "Chiffre d'affaires": "turnover",
        "Effectifs": "staff_awu",
    }
    assert suggested(["Razón social", "NIF", "Fecha de adhesión", "Empleados"]) == {
        "Razón social": "name",
        "NIF": "vat",
        "Fecha de adhesión": "join_date",
        "Empleados": "staff_awu",
    }
    # a typo is still recognised; unknown headers are left alone
    assert suggested(["Ragione socale", "Note interne"]) == {"Ragione socale": "name"}


def test_values_suggest_columns_whose_header_says_nothing() -> None:
    rows = [
        ["IT00743110157", "info@alfa.it", "www.alfa.it", "12/03/2021", "Impresa"],
        ["00743110157", "x@b.it", "https://b.it", "01/02/2020", "Università"],
    ]
    assert suggested(["Codice", "Recapito", "Internet?", "Dal", "Categoria"], rows=rows) == {
        "Codice": "vat",
        "Recapito": "email",
        "Internet?": "website",
        "Dal": "join_date",
        # a "Categoria" column holding organisation types is the type
        "Categoria": "org_type",
    }
    assert suggested(["Categoria"], rows=[["ordinario"], ["sostenitore"]]) == {
        "Categoria": "category"
    }


def test_projects_and_activities_headers() -> None:
    assert suggested(
        [
            "Acronimo",
            "Titolo",
            "Programma",
            "Stato",
            "Data inizio",
            "Data fine",
            "Budget totale",
            "Contributo UE",
            "Partner",
            "Ruolo",
            "Paese",
        ],
        "projects",
    ) == {
        "Acronimo": "acronym",
        "Titolo": "title",
        "Programma": "programme",
        "Stato": "status",
        "Data inizio": "start_date",
        "Data fine": "end_date",
        "Budget totale": "total_budget",
        "Contributo UE": "eu_contribution",
        "Partner": "partner_name",
        "Ruolo": "partner_role",
        "Paese": "partner_country",
    }
    assert suggested(
        ["Data", "Evento", "Tipo", "Luogo", "Nome", "Cognome", "Azienda", "Email"], "activities"
    ) == {
        "Data": "start_date",
        "Evento": "title",
        "Tipo": "activity_type",
        "Luogo": "location",
        "Nome": "participant_first_name",
        "Cognome": "participant_last_name",
        "Azienda": "participant_org",
        "Email": "participant_email",
    }


def test_error_report_columns_are_never_mapped() -> None:
    assert suggested(["Ragione sociale", "row", "column", "problem"]) == {"Ragione sociale": "name"}


def test_each_field_is_mapped_once_and_suggestions_explain_themselves() -> None:
    suggestion = suggest_mapping(
        table(["Azienda", "Ragione sociale", "Codice"], [["A", "A S.r.l.", "IT00743110157"]]),
        "members",
    )
    assert list(suggestion.mapping.columns.values()).count("name") == 1
    reasons = {c.header: (c.reason, c.score) for c in suggestion.columns}
    assert reasons["Codice"] == ("values", 70.0)
    assert reasons["Ragione sociale"] == ("header", 100.0)
    assert reasons["Azienda"] == ("", 0.0)  # the more specific header won the name
    assert suggestion.saved_id is None


def test_fold_header_and_header_year() -> None:
    assert fold_header("P.IVA") == "p iva"
    assert fold_header("startDate") == "start date"
    assert fold_header("  Città ") == "citta"
    assert header_year("Fatturato 2023") == 2023
    assert header_year("Quota 2023/2024") is None
    assert header_year("Dipendenti") is None


def test_signature_ignores_order_case_and_spacing() -> None:
    assert header_signature(["P.IVA", "Ragione sociale"]) == header_signature(
        ["ragione  sociale", "p.iva"]
    )
    assert header_signature(["A", "B"]) != header_signature(["A", "B", "C"])


def test_saved_mapping_is_reapplied_to_reordered_and_extended_columns(
    sqlite_db: Database,
) -> None:
    headers = ["Denominazione", "Codice", "Dal"]
    mapping = Mapping(
        ImportKind.MEMBERS, {"Denominazione": "name", "Codice": "vat", "Dal": "join_date"}
    )
    saved_id = save_mapping(sqlite_db, mapping, headers)
    # same columns, other order, other case, plus a new column
    later = table(["dal", "Note", "CODICE", "Denominazione", "Comune"])
    suggestion = suggest_mapping(later, "members", db=sqlite_db)
    assert suggestion.saved_id == saved_id
    assert suggestion.mapping.columns == {
        "dal": "join_date",
        "CODICE": "vat",
        "Denominazione": "name",
        "Comune": "city",
    }
    assert {c.header: c.reason for c in suggestion.columns}["CODICE"] == "saved"
    # a file missing a mapped column does not get that mapping
    other = suggest_mapping(table(["Denominazione", "Dal"]), "members", db=sqlite_db)
    assert other.saved_id is None
    # saving again for the same headers replaces it
    assert (
        save_mapping(sqlite_db, Mapping(ImportKind.MEMBERS, {"Denominazione": "name"}), headers)
        == saved_id
    )
    # a saved mapping is per kind
    assert suggest_mapping(later, "activities", db=sqlite_db).saved_id is None


def test_mapping_json_round_trip_and_files(tmp_path: Path) -> None:
    mapping = Mapping(ImportKind.MEMBERS, {"Ragione sociale": "name", "P.IVA": "vat"})
    assert Mapping.from_json(mapping.to_json()) == mapping
    path = tmp_path / "mapping.json"
    write_mapping_file(mapping, path)
    assert load_mapping_file(path, "members") == mapping
    # a bare {header: field} object is accepted when the kind is known
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps({"Azienda": "name"}), encoding="utf-8")
    assert load_mapping_file(bare, "members").columns == {"Azienda": "name"}
    with pytest.raises(MappingError, match="does not say what it imports"):
        load_mapping_file(bare)
    bad = tmp_path / "bad.json"
    bad.write_text('{"Azienda": "nome"}', encoding="utf-8")
    with pytest.raises(MappingError, match='bad.json: "nome" is not a field'):
        load_mapping_file(bad, "members")
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(MappingError, match="not valid JSON"):
        load_mapping_file(bad, "members")
    with pytest.raises(MappingError, match="activities import, not a members"):
        Mapping.from_json(Mapping(ImportKind.ACTIVITIES, {}).to_json(), "members")
    with pytest.raises(MappingError, match="cannot be read"):
        load_mapping_file(tmp_path / "missing.json", "members")


def test_mapping_check() -> None:
    with pytest.raises(MappingError, match="both mapped"):
        Mapping(ImportKind.MEMBERS, {"A": "name", "B": "name"}).check()
    with pytest.raises(MappingError, match="Map a column to"):
        Mapping(ImportKind.PROJECTS, {"T": "title"}).check()
    Mapping(ImportKind.MEMBERS, {"V": "vat"}).check()  # VAT alone identifies members


def test_every_field_has_synonyms_and_a_label() -> None:
    for kind, specs in FIELDS.items():
        keys = [s.key for s in specs]
        assert len(keys) == len(set(keys)), kind
        for spec in specs:
            assert spec.label and spec.synonyms and all(spec.synonyms), spec.key
            assert field_spec(kind, spec.key) is spec
