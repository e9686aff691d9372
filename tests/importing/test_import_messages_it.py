"""The importer's problems, questions and notes are translatable Messages, and read in Italian.

Files are written here and run through the real pipeline (read_table -> suggest_mapping ->
build_plan); the Italian comes from the gettext catalogue the interface uses
(``workbench/resources/locale/it``), as ``workbench.ui.i18n.error_text`` reads it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from stdnum import luhn

from workbench.db import Database
from workbench.importing import (
    ImportKind,
    Mapping,
    MappingError,
    ValueParseError,
    build_plan,
    read_table,
    suggest_mapping,
)
from workbench.importing.parsing import parse_date, parse_vat
from workbench.importing.plan import ImportPlan, Problem
from workbench.translatable import Message, translate


def italian(text: object) -> str:
    return translate(text, "it")


def make_vat(n: int) -> str:
    base = f"{n:07d}001"
    return "IT" + base + luhn.calc_check_digit(base)


def plan_for(db: Database, path: Path) -> ImportPlan:
    table = read_table(path)
    return build_plan(db, table, suggest_mapping(table, ImportKind.MEMBERS).mapping)


def every_text(plan: ImportPlan) -> list[str]:
    """Everything the preview shows in words: notes, questions, problems, row notes."""
    return [
        *plan.notes,
        *(q.message for q in plan.questions),
        *(p.message for p in plan.problems()),
        *(note for row in plan.rows for note in row.notes),
    ]


def test_a_bad_date_in_a_csv_file_is_reported_in_italian(sqlite_db: Database, tmp_path: Path):
    path = tmp_path / "soci.csv"
    good, wrong = make_vat(1234567), make_vat(7654321)
    wrong = wrong[:-1] + str((int(wrong[-1]) + 1) % 10)  # wrong check digit
    path.write_text(
        "Ragione sociale;P.IVA;Data adesione;Quota\n"
        f"Alfa S.r.l.;{good};31/02/2024;100\n"
        f"Beta S.r.l.;{wrong};15/03/2024;200\n"
        "Università di Gamma;;01/01/2024;50\n"
        "Totale;;;350\n",
        encoding="utf-8",
    )
    plan = plan_for(sqlite_db, path)
    problems = {p.row: p for p in plan.problems()}

    # The English text is exactly what it always was ...
    alfa = problems[2]
    assert str(alfa) == (
        'row 2, column "Data adesione": "31/02/2024" is not a real calendar date: '
        "check the day and month"
    )
    # ... and the same problem reads in Italian, located and all.
    assert italian(alfa.describe()) == (
        'riga 2, colonna "Data adesione": "31/02/2024" non è una data esistente: '
        "controlla il giorno e il mese"
    )
    assert italian(problems[3].message).startswith(
        f"la partita IVA {wrong} ha la cifra di controllo errata"
    )
    # Several problems on one line keep their translations.
    row = plan.rows[0]
    assert italian(row.problem_text()) == italian(alfa.message)

    # The reader's notes (separator, totals line) and the planner's question.
    notes = [italian(n) for n in plan.notes]
    assert "Le colonne sono separate da punti e virgola." in notes
    assert "La riga 5 sembra una riga di totali ed è stata saltata." in notes
    (question,) = plan.questions
    assert question.key == "fee_year"
    assert question.message.startswith("Which year do the membership fees figures refer to?")
    assert italian(question.message) == (
        "A quale anno si riferiscono i dati su quote associative? Il file non ha una colonna "
        "dell'anno e le intestazioni non indicano alcun anno."
    )

    gamma = [italian(n) for n in plan.rows[2].notes]
    assert gamma == ["tipo università ricavato dal nome", "quota in attesa della scelta dell'anno"]

    # Nothing the preview shows is left as a plain (untranslatable) string.
    for text in every_text(plan):
        assert isinstance(text, Message), text
        assert italian(text) != str(text), text


def test_ambiguous_dates_ask_a_question_that_reads_in_italian(sqlite_db: Database, tmp_path):
    path = tmp_path / "soci.csv"
    path.write_text(
        "Ragione sociale\tData adesione\nAlfa S.r.l.\t03/04/2021\nBeta S.r.l.\t05/06/2022\n",
        encoding="utf-8",
    )
    plan = plan_for(sqlite_db, path)
    (question,) = plan.questions
    assert question.key == "date_order:Data adesione"
    assert str(question.message) == (
        'Column "Data adesione": every date in the column fits both day/month and month/day '
        '(e.g. "03/04/2021"): choose which order the file uses. Is it day/month/year (dmy) or '
        "month/day/year (mdy)?"
    )
    assert italian(question.message) == (
        'Colonna "Data adesione": ogni data della colonna si legge sia come giorno/mese sia come '
        'mese/giorno (ad es. "03/04/2021"): scegli quale ordine usa il file. È giorno/mese/anno '
        "(dmy) o mese/giorno/anno (mdy)?"
    )
    assert italian(plan.notes[0]) == "Le colonne sono separate da tabulazioni."


def test_value_errors_carry_their_message():
    with pytest.raises(ValueParseError) as info:
        parse_date("04/03/2021")
    error = info.value
    assert isinstance(error.message, Message)
    assert (
        str(error)
        == error.message
        == (
            '"04/03/2021" could be 4 March or 3 April: choose the date order (day/month or '
            "month/day) for this column"
        )
    )
    assert italian(error.message) == (
        '"04/03/2021" può essere il 4 marzo o il 3 aprile: scegli l\'ordine delle date '
        "(giorno/mese o mese/giorno) per questa colonna"
    )
    with pytest.raises(ValueParseError) as info:
        parse_vat("12AB")
    assert italian(info.value.message).startswith('"12AB" non è una partita IVA valida')


def test_a_problem_without_location_and_the_empty_value():
    problem = Problem(None, None, "plain text")
    assert problem.describe() == "plain text" and isinstance(problem.describe(), Message)
    assert str(Problem(7, None, "x", "b.csv")) == "b.csv, row 7: x"


def test_mapping_errors_name_the_field_as_the_wizard_does():
    mapping = Mapping(ImportKind.MEMBERS, {"P.IVA": "vat", "Partita IVA": "vat"})
    with pytest.raises(MappingError) as info:
        mapping.check()
    assert str(info.value) == (
        'Columns "P.IVA" and "Partita IVA" are both mapped to "VAT number": keep one of them.'
    )
    assert italian(info.value.args[0]) == (
        'Le colonne "P.IVA" e "Partita IVA" sono abbinate entrambe a "Partita IVA": '
        "tienine solo una."
    )
    with pytest.raises(MappingError) as info:
        Mapping(ImportKind.MEMBERS, {"Città": "city"}).check()
    assert str(info.value) == (
        'Map a column to "Name" or "VAT number": without it rows cannot be matched.'
    )
    assert italian(info.value.args[0]) == (
        'Abbina una colonna a "Nome" o "Partita IVA": senza, le righe non possono essere '
        "riconosciute."
    )
