"""Preview and apply: real xlsx files with Italian headers, written here and imported.

Covers issue 4 points 4-7: matching (VAT, normalised name, near misses to review, duplicates in
the file), the preview (statuses, field changes, questions), apply in one transaction with a
batch, quarantine of rows refused by validators, the error report round trip, projects and
activities. Apply tests run on SQLite and PostgreSQL (``any_db``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select
from stdnum import luhn

from workbench.db import Database
from workbench.importing import (
    ImportCancelled,
    PlanOptions,
    ReviewAction,
    ReviewDecision,
    RowStatus,
    StrictImportError,
    apply_plan,
    build_plan,
    list_batches,
    read_table,
    suggest_mapping,
    write_error_report,
)
from workbench.importing.apply import PlanNotReady
from workbench.importing.fields import ImportKind
from workbench.importing.mapping import Mapping
from workbench.importing.parsing import DateOrder
from workbench.importing.plan import split_person_name
from workbench.models import (
    Activity,
    ActivityParticipant,
    AreaParticipation,
    AuditEntry,
    CompetenceArea,
    Contact,
    Fee,
    ImportBatch,
    MembershipPeriod,
    Organisation,
    OrgType,
    Project,
    ProjectPartner,
    ProjectRole,
    ProjectStatus,
    SizeData,
)
from workbench.services import members
from workbench.services.base import create_record, unit_of_work, update_record

# --------------------------------------------------------------------------------------------
# helpers shared with the other importer tests


def make_vat(n: int) -> str:
    """A valid Italian VAT number (office code 001) built from *n*."""
    base = f"{n:07d}001"
    return "IT" + base + luhn.calc_check_digit(base)


VAT_ALFA = make_vat(743110)
VAT_NUOVA = make_vat(1234567)
VAT_DELTA = make_vat(7654321)
VAT_GAMMA = make_vat(5555555)
VAT_EPSILON = make_vat(4444444)
BAD_VAT = VAT_EPSILON[:-1] + str((int(VAT_EPSILON[-1]) + 1) % 10)  # wrong check digit


def write_xlsx(
    path: Path, rows: Sequence[Sequence[Any]], *, title: str | None = None, sheet: str = "Soci"
) -> Path:
    """An xlsx with an optional title row and a blank row above the table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
        ws.append([])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def seed(db: Database) -> dict[str, int]:
    """Areas and three existing members, as a cluster manager's database would hold them."""
    ids: dict[str, int] = {}
    for name in ("Smart Energy Systems", "Green Building"):
        ids[name] = create_record(db, CompetenceArea, {"name": name}).id
    alfa = members.create_organisation(
        db,
        {
            "name": "Alfa Energia S.p.A.",
            "vat": VAT_ALFA,
            "city": "Milano",
            "org_type": OrgType.COMPANY,
        },
        join_date=date(2019, 1, 1),
    )
    ids["alfa"] = alfa.id
    create_record(
        db,
        Fee,
        {
            "organisation_id": alfa.id,
            "year": 2024,
            "amount_due": Decimal(600),
            "amount_paid": Decimal(0),
        },
    )
    create_record(
        db,
        Contact,
        {
            "organisation_id": alfa.id,
            "first_name": "Anna",
            "last_name": "Bianchi",
            "email": "anna@alfa.it",
        },
    )
    ids["verde"] = members.create_organisation(
        db, {"name": "Citta' Verde S.r.l.", "city": "Brescia"}, join_date=date(2020, 5, 1)
    ).id
    ids["brambilla"] = members.create_organisation(
        db, {"name": "Termoidraulica Brambilla S.r.l.", "city": "Lecco"}, join_date=date(2018, 3, 1)
    ).id
    return ids


HEADERS = [
    "Ragione sociale",
    "P.IVA",
    "Tipologia",
    "Comune",
    "Data adesione",
    "Quota 2024",
    "Dipendenti",
    "Fatturato",
    "Referente",
    "Email",
    "Area di competenza",
]


def italian_rows() -> list[list[Any]]:
    return [
        HEADERS,
        # row 4: existing by VAT; city changes; fee unchanged; contact known; size data new
        [
            "ALFA ENERGIA SPA",
            VAT_ALFA,
            "Impresa",
            "Bergamo",
            "01/01/2019",
            "600,00",
            45,
            "€ 1.234.567,89",
            "Anna Bianchi",
            "anna@alfa.it",
            None,
        ],
        # 5: existing by normalised name (accents, apostrophe, legal form); new contact + area
        [
            "Città Verde Srl",
            None,
            None,
            "Brescia",
            None,
            None,
            None,
            None,
            "Mario Rossi",
            "mario@cittaverde.it",
            "Smart Energy Systems",
        ],
        # 6: near miss of "Termoidraulica Brambilla S.r.l." -> review
        [
            "Termoidraulica Brambila Srl",
            None,
            None,
            "Lecco",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        # 7: new member with everything
        [
            "Nuova Impresa Srl",
            VAT_NUOVA[2:],
            "PMI",
            "Monza",
            "03/04/2021",
            "€ 1.234,56",
            "12",
            "2,5 M€",
            "Dott. Maria Grazia De Luca",
            "mg.deluca@nuova.it",
            "Green Building",
        ],
        # 8: the same organisation again (same VAT): adds a second contact
        [
            "Nuova Impresa S.r.l.",
            VAT_NUOVA,
            None,
            None,
            None,
            None,
            None,
            None,
            "Luca Verdi",
            "luca@nuova.it",
            "Green Building",
        ],
        # 9: wrong VAT check digit
        ["Beta Srl", BAD_VAT, "Impresa", "Como", "02/03/2022", None, None, None, None, None, None],
        # 10: unknown competence area
        [
            "Gamma Srl",
            VAT_GAMMA,
            None,
            "Lodi",
            "05/06/2022",
            None,
            None,
            None,
            None,
            None,
            "Blue Economy",
        ],
        # 11: the organisation of row 7 with a different city
        ["Nuova Impresa", VAT_NUOVA, None, "Pavia", None, None, None, None, None, None, None],
    ]


def write_italian(path: Path) -> Path:
    return write_xlsx(path, italian_rows(), title="Elenco soci al 31/12/2024")


def plan_for(
    db: Database, path: Path, options: PlanOptions | None = None, kind: str = "members"
) -> Any:
    table = read_table(path)
    mapping = suggest_mapping(table, kind, db=db).mapping
    return build_plan(db, table, mapping, options or PlanOptions())


def answered(db: Database, path: Path, **extra: Any) -> Any:
    plan = plan_for(db, path)
    options = plan.options
    for question in plan.questions:
        value = {"date_order": "dmy", "year": 2023, "date": "2024-01-01"}[question.kind]
        options = options.with_answer(question.key, value)
    for key, value in extra.items():
        options = options.with_answer(key, value)
    return plan_for(db, path, options)


def row_by_label(plan: Any, label: str) -> Any:
    return next(r for r in plan.rows if r.label == label)


def count(db: Database, model: type) -> int:
    with unit_of_work(db, write=False) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


# --------------------------------------------------------------------------------------------
# the preview


def test_italian_file_preview_asks_then_labels_every_row(
    sqlite_db: Database, tmp_path: Path
) -> None:
    ids = seed(sqlite_db)
    path = write_italian(tmp_path / "soci.xlsx")
    plan = plan_for(sqlite_db, path)
    # Ambiguous dates (all parts <= 12) and size figures without a year: asked, never guessed.
    assert {q.key for q in plan.questions} == {"date_order:Data adesione", "size_year", "area_from"}
    assert not plan.ready
    date_q = next(q for q in plan.questions if q.kind == "date_order")
    assert date_q.choices == ("dmy", "mdy") and "03/04/2021" in date_q.examples
    with pytest.raises(PlanNotReady):
        apply_plan(sqlite_db, plan, file_path=path)

    plan = answered(sqlite_db, path)
    assert plan.ready and plan.notes[0].startswith("The header is on row 3")
    status = {r.label: r.status for r in plan.rows}
    assert status == {
        "ALFA ENERGIA SPA": RowStatus.UPDATE,
        "Città Verde Srl": RowStatus.UPDATE,
        "Termoidraulica Brambila Srl": RowStatus.REVIEW,
        "Nuova Impresa Srl": RowStatus.CREATE,
        "Nuova Impresa S.r.l.": RowStatus.CREATE,
        "Beta Srl": RowStatus.ERROR,
        "Gamma Srl": RowStatus.ERROR,
        "Nuova Impresa": RowStatus.ERROR,
    }
    assert plan.counts().as_dict() == {
        "created": 2,
        "updated": 2,
        "unchanged": 0,
        "review": 1,
        "errors": 3,
        "skipped": 0,
    }

    alfa = row_by_label(plan, "ALFA ENERGIA SPA")
    assert alfa.match.how == "vat" and alfa.target_id == ids["alfa"]
    changes = {(c.record, c.field): (c.old, c.new) for c in alfa.changes}
    # the name spelt differently is kept; the city changes; known fee and contact unchanged
    assert changes == {
        ("organisation", "city"): ("Milano", "Bergamo"),
        ("size data 2023", "staff_awu"): (None, Decimal("45.00")),
        ("size data 2023", "turnover"): (None, Decimal("1234567.89")),
    }

    verde = row_by_label(plan, "Città Verde Srl")
    assert verde.match.how == "name" and verde.target_id == ids["verde"]
    assert {c.record for c in verde.changes} == {"contact Mario Rossi", "area Smart Energy Systems"}

    review = row_by_label(plan, "Termoidraulica Brambila Srl")
    assert [c.org_id for c in review.candidates] == [ids["brambilla"]]
    assert review.candidates[0].score >= 88 and not review.changes

    new = row_by_label(plan, "Nuova Impresa Srl")
    created = {(c.record, c.field): c.new for c in new.changes}
    assert created[("organisation", "vat")] == VAT_NUOVA
    assert created[("organisation", "org_type")] == OrgType.COMPANY
    assert created[("membership from 2021-04-03", "join_date")] == date(2021, 4, 3)
    assert created[("fee 2024", "amount_due")] == Decimal("1234.56")
    assert created[("size data 2023", "turnover")] == Decimal("2500000.00")
    assert created[("contact Maria Grazia De Luca", "last_name")] == "De Luca"
    assert created[("area Green Building", "from_date")] == date(2021, 4, 3)
    again = row_by_label(plan, "Nuova Impresa S.r.l.")
    assert again.duplicate_of == new.row_number and again.group == new.index
    assert {c.record for c in again.changes} == {"contact Luca Verdi"}  # area already planned

    def problem(label: str) -> str:
        return str(row_by_label(plan, label).problems[0])

    assert problem("Beta Srl") == (
        f'row 9, column "P.IVA": VAT number {BAD_VAT} has a wrong '
        "check digit: check it against the company's invoices, or leave it empty"
    )
    assert problem("Gamma Srl").startswith(
        'row 10, column "Area di competenza": competence area "Blue Economy" does not exist'
    )
    assert problem("Nuova Impresa").startswith(
        'row 11, column "Comune": this row repeats the organisation of row 7'
    )
    assert count(sqlite_db, Organisation) == 3  # nothing written by the preview


def test_answers_change_the_reading(sqlite_db: Database, tmp_path: Path) -> None:
    seed(sqlite_db)
    path = write_italian(tmp_path / "soci.xlsx")
    plan = answered(sqlite_db, path, **{"date_order:Data adesione": "mdy"})
    new = row_by_label(plan, "Nuova Impresa Srl")
    assert ("membership from 2021-03-04", "join_date") in {(c.record, c.field) for c in new.changes}
    # --date-order on the command line answers every ambiguous column at once
    plan = plan_for(
        sqlite_db,
        path,
        PlanOptions(date_order=DateOrder.DMY, size_year=2022, area_from=date(2024, 1, 1)),
    )
    assert plan.ready
    assert any(c.record == "size data 2022" for c in row_by_label(plan, "ALFA ENERGIA SPA").changes)


def test_repeated_cells_are_read_once_and_reported_on_every_row(
    sqlite_db: Database, tmp_path: Path
) -> None:
    # Each distinct cell of a column is parsed once: a bad value repeated is still an error on
    # each of its rows, and equal values of different types (184 and "184") are read by type.
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [
            ["Ragione sociale", "Data adesione", "Dipendenti", "CAP"],
            ["Uno Srl", "31/02/2021", 1, 184],
            ["Due Srl", "31/02/2021", 1.0, "184"],
            ["Tre Srl", "01/03/2021", 1.5, 184],
        ],
    )
    plan = plan_for(sqlite_db, path, PlanOptions(date_order=DateOrder.DMY, size_year=2023))
    first, second, third = plan.rows
    for row in (first, second):
        assert row.status is RowStatus.ERROR
        assert [p.column for p in row.problems] == ["Data adesione"]
        assert "31/02/2021" in row.problems[0].message
    assert third.status is RowStatus.CREATE and third.parsed["join_date"] == date(2021, 3, 1)
    assert first.parsed["staff_awu"] == second.parsed["staff_awu"] == Decimal(1)
    assert third.parsed["staff_awu"] == Decimal("1.5")
    assert (first.parsed["postcode"], second.parsed["postcode"]) == ("00184", "184")
    assert third.parsed["postcode"] == "00184"


def test_review_decisions_merge_create_skip(sqlite_db: Database, tmp_path: Path) -> None:
    ids = seed(sqlite_db)
    plan = answered(sqlite_db, write_italian(tmp_path / "soci.xlsx"))
    row = row_by_label(plan, "Termoidraulica Brambila Srl")
    with pytest.raises(ValueError, match="not one of the candidates"):
        plan.decide(row.index, ReviewDecision.merge(ids["alfa"]))
    plan.decide(row.index, ReviewDecision.merge(ids["brambilla"]))
    assert row.status is RowStatus.UNCHANGED and row.target_id == ids["brambilla"]
    plan.decide(row.index, ReviewDecision.create())
    assert row.status is RowStatus.CREATE and row.target_id is None
    assert ("organisation", "name") in {(c.record, c.field) for c in row.changes}
    plan.decide(row.index, ReviewDecision.skip())
    assert row.status is RowStatus.SKIP and not row.ops
    # a blanket decision from the options (CLI --review create)
    options = answered(sqlite_db, tmp_path / "soci.xlsx").options
    plan = plan_for(
        sqlite_db,
        tmp_path / "soci.xlsx",
        PlanOptions(**{**options.__dict__, "review": ReviewAction.CREATE}),
    )
    assert row_by_label(plan, "Termoidraulica Brambila Srl").status is RowStatus.CREATE
    assert plan.decide_all(ReviewAction.SKIP) == 0  # nothing left to decide: no error
    # every row under review at once, in one unit of work
    plan = answered(sqlite_db, tmp_path / "soci.xlsx")
    waiting = plan.review_rows()
    assert [r.label for r in waiting] == ["Termoidraulica Brambila Srl"]
    with pytest.raises(ValueError, match="needs an organisation"):
        plan.decide_all(ReviewAction.MERGE)
    assert plan.decide_all(ReviewAction.CREATE) == 1
    assert waiting[0].status is RowStatus.CREATE and not plan.review_rows()


def test_same_name_with_another_vat_goes_to_review(sqlite_db: Database, tmp_path: Path) -> None:
    members.create_organisation(sqlite_db, {"name": "Omega S.r.l.", "vat": VAT_DELTA})
    path = write_xlsx(
        tmp_path / "x.xlsx",
        [["Azienda", "Partita IVA"], ["OMEGA SRL", VAT_EPSILON], ["Omega 2 S.r.l.", None]],
    )
    plan = plan_for(sqlite_db, path)
    first, second = plan.rows
    assert first.status is RowStatus.REVIEW
    assert "another VAT number" in first.match.reason
    assert second.status is RowStatus.CREATE  # numbers differ: not a near miss


def test_split_person_name() -> None:
    assert split_person_name("Mario Rossi") == ("Mario", "Rossi")
    assert split_person_name("Maria Grazia De Luca") == ("Maria Grazia", "De Luca")
    assert split_person_name("Ing. Paolo Van der Berg") == ("Paolo", "Van der Berg")
    assert split_person_name("Rossi") == (None, "Rossi")


# --------------------------------------------------------------------------------------------
# apply


def test_apply_writes_one_batch_with_history(any_db: Database, tmp_path: Path) -> None:
    ids = seed(any_db)
    path = write_italian(tmp_path / "soci.xlsx")
    plan = answered(any_db, path)
    with unit_of_work(any_db, write=False) as s:
        names_before = set(s.scalars(select(Organisation.name)))
    seen: list[tuple[int, int]] = []
    result = apply_plan(
        any_db,
        plan,
        file_path=path,
        user="anna",
        progress=lambda done, total, message="": seen.append((done, total)),
    )
    assert (result.created, result.updated, result.unchanged, result.review, result.errors) == (
        2,
        2,
        0,
        1,
        3,
    )
    assert result.quarantined == [] and seen[-1] == (4, 4)
    assert result.batch_id is not None
    assert set(result.changed["organisation"]) >= {ids["alfa"], ids["verde"]}
    # A safety copy of the state before the import: a file copy on SQLite, an export on PG.
    assert result.backup is not None and result.backup.exists()
    if not any_db.is_sqlite:
        from workbench.services.backup import read_export

        dumped = read_export(result.backup)["tables"]["organisation"]
        at = dumped["columns"].index("name")
        assert {row[at] for row in dumped["rows"]} == names_before

    with unit_of_work(any_db, write=False) as s:
        nuova = s.scalars(select(Organisation).where(Organisation.vat == VAT_NUOVA)).one()
        assert nuova.name == "Nuova Impresa Srl" and nuova.org_type is OrgType.COMPANY
        assert nuova.city == "Monza"
        assert {c.full_name for c in nuova.contacts} == {"Maria Grazia De Luca", "Luca Verdi"}
        assert [m.join_date for m in nuova.memberships] == [date(2021, 4, 3)]
        assert [(f.year, f.amount_due) for f in nuova.fees] == [(2024, Decimal("1234.56"))]
        assert [(d.year, d.staff_awu, d.turnover) for d in nuova.size_data] == [
            (2023, Decimal("12.00"), Decimal("2500000.00"))
        ]
        assert [p.area.name for p in nuova.area_participations] == ["Green Building"]
        alfa = s.get(Organisation, ids["alfa"])
        assert alfa.name == "Alfa Energia S.p.A." and alfa.city == "Bergamo"
        assert alfa.search_key.endswith(
            members.search_key_for(alfa.name, None, "Bergamo", VAT_ALFA)[-10:]
        )
        verde = s.get(Organisation, ids["verde"])
        assert [c.email for c in verde.contacts] == ["mario@cittaverde.it"]
        assert [p.area.name for p in verde.area_participations] == ["Smart Energy Systems"]
        assert s.scalar(select(func.count()).select_from(Organisation)) == 4  # review not written
        batch = s.get(ImportBatch, result.batch_id)
        assert (
            batch.kind,
            batch.file_name,
            batch.user,
            batch.created_count,
            batch.updated_count,
            batch.review_count,
            batch.error_count,
        ) == ("members", "soci.xlsx", "anna", 2, 2, 1, 3)
        assert len(batch.file_hash) == 64 and '"Ragione sociale": "name"' in batch.mapping_json
        entries = s.scalars(select(AuditEntry).where(AuditEntry.batch_id == batch.id)).all()
        assert entries and {e.source for e in entries} == {"import"}
        assert {e.user for e in entries} == {"anna"}
        city = [e for e in entries if e.field == "city"]
        assert [(c.old_value, c.new_value) for c in city] == [('"Milano"', '"Bergamo"')]
    assert [b.id for b in list_batches(any_db)] == [result.batch_id]

    # importing the same file again changes nothing
    again = answered(any_db, path)
    assert again.counts().create == 0 and again.counts().update == 0
    assert row_by_label(again, "Nuova Impresa Srl").status is RowStatus.UNCHANGED
    nothing = apply_plan(any_db, again, file_path=path)
    assert nothing.batch_id is None and len(list_batches(any_db)) == 1


def test_rows_refused_by_validators_are_quarantined(any_db: Database, tmp_path: Path) -> None:
    ids = seed(any_db)
    # Brambilla was a member 2010-2015 and is again since 2018; joining in 2012 overlaps.
    with unit_of_work(any_db) as s:
        s.add(
            MembershipPeriod(
                organisation_id=ids["brambilla"],
                join_date=date(2010, 1, 1),
                leave_date=date(2015, 1, 1),
            )
        )
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [
            ["Ragione sociale", "Data adesione", "Data recesso"],
            ["Termoidraulica Brambilla", date(2012, 1, 1), date(2013, 1, 1)],
            ["Nuova Srl", date(2024, 2, 1), None],
        ],
    )
    plan = plan_for(any_db, path)
    assert [r.status for r in plan.rows] == [RowStatus.UPDATE, RowStatus.CREATE]
    result = apply_plan(any_db, plan, file_path=path)
    assert (result.created, result.updated, result.errors) == (1, 0, 1)
    (refused,) = result.quarantined
    assert refused.row_number == 2
    assert "overlaps" in refused.problems[0].message
    with unit_of_work(any_db, write=False) as s:
        periods = s.scalars(
            select(MembershipPeriod).where(MembershipPeriod.organisation_id == ids["brambilla"])
        ).all()
        assert len(periods) == 2  # untouched
        assert s.scalar(select(func.count()).select_from(Organisation)) == 4
    report = tmp_path / "errors.xlsx"
    assert write_error_report(plan, report, result) == 1
    table = read_table(report)
    assert table.headers == [
        "Ragione sociale",
        "Data adesione",
        "Data recesso",
        "row",
        "column",
        "problem",
    ]
    assert table.rows[0][:4] == ["Termoidraulica Brambilla", date(2012, 1, 1), date(2013, 1, 1), 2]
    assert "overlaps" in table.rows[0][5]


def test_record_edited_between_preview_and_apply_is_not_overwritten(
    any_db: Database, tmp_path: Path
) -> None:
    ids = seed(any_db)
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [["Ragione sociale", "P.IVA", "Comune"], ["Alfa Energia", VAT_ALFA, "Bergamo"]],
    )
    plan = plan_for(any_db, path)
    assert plan.rows[0].status is RowStatus.UPDATE
    update_record(any_db, Organisation, ids["alfa"], {"city": "Varese"})  # someone else
    result = apply_plan(any_db, plan, file_path=path)
    assert result.updated == 0 and result.errors == 1
    assert "after the preview was made" in result.quarantined[0].problems[0].message
    with unit_of_work(any_db, write=False) as s:
        assert s.get(Organisation, ids["alfa"]).city == "Varese"


def test_cancel_and_strict_write_nothing(sqlite_db: Database, tmp_path: Path) -> None:
    seed(sqlite_db)
    path = write_italian(tmp_path / "soci.xlsx")
    plan = answered(sqlite_db, path)
    with pytest.raises(ImportCancelled):
        apply_plan(sqlite_db, plan, file_path=path, cancel=lambda: True)
    with pytest.raises(StrictImportError) as caught:
        apply_plan(sqlite_db, plan, file_path=path, strict=True)
    assert len(caught.value.problems) == 3
    assert count(sqlite_db, ImportBatch) == 0 and count(sqlite_db, Organisation) == 3
    # a cancel that comes in the middle (after the first chunk) also rolls everything back
    calls: list[int] = []

    def cancel_later() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(ImportCancelled):
        apply_plan(sqlite_db, plan, file_path=path, cancel=cancel_later, chunk_rows=1)
    assert len(calls) == 2
    assert count(sqlite_db, ImportBatch) == 0 and count(sqlite_db, Organisation) == 3


def test_small_chunks_and_a_database_refusal_replay_row_by_row(
    sqlite_db: Database, tmp_path: Path
) -> None:
    seed(sqlite_db)
    path = write_italian(tmp_path / "soci.xlsx")
    plan = answered(sqlite_db, path)
    # Someone creates the new member after the preview: its VAT is now taken (unique key).
    members.create_organisation(sqlite_db, {"name": "Nuova Impresa", "vat": VAT_NUOVA})
    result = apply_plan(sqlite_db, plan, file_path=path, chunk_rows=2)
    refused = {q.row_number: q.problems[0].message for q in result.quarantined}
    assert set(refused) == {7, 8}
    assert "already belongs to Nuova Impresa" in refused[7]
    assert "was not written" in refused[8]
    assert (result.created, result.updated) == (0, 2)
    with unit_of_work(sqlite_db, write=False) as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.batch_id == result.batch_id)).all()
        # no history for what was rolled back
        assert all(e.record_label != "Nuova Impresa Srl" for e in entries)


def test_error_report_can_be_fixed_and_imported(sqlite_db: Database, tmp_path: Path) -> None:
    seed(sqlite_db)
    path = write_italian(tmp_path / "soci.xlsx")
    plan = answered(sqlite_db, path)
    result = apply_plan(sqlite_db, plan, file_path=path)
    report = tmp_path / "errori.xlsx"
    assert write_error_report(plan, report, result) == 3

    wb = openpyxl.load_workbook(report)
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header == [*HEADERS, "row", "column", "problem"]
    by_name = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert set(by_name) == {"Beta Srl", "Gamma Srl", "Nuova Impresa"}
    assert ws.cell(by_name["Beta Srl"], len(HEADERS) + 1).value == 9
    assert ws.cell(by_name["Beta Srl"], len(HEADERS) + 2).value == "P.IVA"
    # the user fixes two rows and drops the third
    ws.cell(by_name["Beta Srl"], 2).value = VAT_DELTA
    ws.cell(by_name["Gamma Srl"], 11).value = "Green Building"
    ws.delete_rows(by_name["Nuova Impresa"])
    wb.save(report)

    table = read_table(report)
    suggestion = suggest_mapping(table, "members", db=sqlite_db)
    assert suggestion.saved_id is not None  # the saved mapping applies despite the new columns
    assert "problem" not in suggestion.mapping.columns
    fixed = build_plan(
        sqlite_db,
        table,
        suggestion.mapping,
        PlanOptions(date_order=plan.options.date_orders["Data adesione"], size_year=2023),
    )
    assert [r.status for r in fixed.rows] == [RowStatus.CREATE, RowStatus.CREATE]
    second = apply_plan(sqlite_db, fixed, file_path=report)
    assert second.created == 2 and second.errors == 0
    with unit_of_work(sqlite_db, write=False) as s:
        beta = s.scalars(select(Organisation).where(Organisation.name == "Beta Srl")).one()
        assert beta.vat == VAT_DELTA and [m.join_date for m in beta.memberships] == [
            date(2022, 3, 2)
        ]


def test_membership_fee_paid_flag_consent_and_leave(any_db: Database, tmp_path: Path) -> None:
    ids = seed(any_db)
    path = write_xlsx(
        tmp_path / "quote.xlsx",
        [
            [
                "Ragione sociale",
                "Anno",
                "Quota",
                "Pagato",
                "Data recesso",
                "Nome",
                "Cognome",
                "Consenso privacy",
                "Tipologia",
            ],
            ["Alfa Energia S.p.A.", 2024, None, "sì", "31.12.2024", "Anna", "Bianchi", "si", None],
            ["Università di Pavia", 2024, "1.000", "no", None, "Luca", "Neri", "no", "Università"],
        ],
    )
    plan = plan_for(any_db, path)
    assert plan.ready
    alfa, pavia = plan.rows
    changes = {(c.record, c.field): (c.old, c.new) for c in alfa.changes}
    assert changes[("fee 2024", "amount_paid")] == (Decimal("0.00"), Decimal("600.00"))
    assert changes[("membership from 2019-01-01", "leave_date")] == (None, date(2024, 12, 31))
    assert changes[("contact Anna Bianchi", "consent")] == (False, True)
    assert pavia.status is RowStatus.CREATE
    assert "no join date: recorded, but not as a member" in pavia.notes
    apply_plan(any_db, plan, file_path=path)
    with unit_of_work(any_db, write=False) as s:
        fee = s.scalars(select(Fee).where(Fee.organisation_id == ids["alfa"])).one()
        assert fee.amount_paid == Decimal("600.00")
        anna = s.scalars(select(Contact).where(Contact.organisation_id == ids["alfa"])).one()
        assert anna.consent and anna.consent_date is not None
        uni = s.scalars(
            select(Organisation).where(Organisation.name == "Università di Pavia")
        ).one()
        assert uni.org_type is OrgType.UNIVERSITY
        assert [(f.amount_due, f.amount_paid) for f in uni.fees] == [
            (Decimal("1000.00"), Decimal("0.00"))
        ]


def test_contacts_are_linked_to_their_organisation_row(sqlite_db: Database, tmp_path: Path) -> None:
    """One row per contact person, the organisation repeated: one organisation, N contacts."""
    path = write_xlsx(
        tmp_path / "referenti.xlsx",
        [
            ["Azienda", "P.IVA", "Nome", "Cognome", "Ruolo", "Email", "Telefono"],
            ["Sigma S.r.l.", VAT_DELTA, "Paolo", "Rossi", "CEO", "paolo@sigma.it", "02 123"],
            ["Sigma S.r.l.", VAT_DELTA, "Sara", "Galli", "CFO", "sara@sigma.it", None],
            ["SIGMA SRL", None, "Paolo", "Rossi", "Presidente", None, None],
        ],
    )
    plan = plan_for(sqlite_db, path)
    assert [r.status for r in plan.rows] == [RowStatus.CREATE, RowStatus.CREATE, RowStatus.ERROR]
    third = plan.rows[2]
    assert third.duplicate_of == 2
    assert str(third.problems[0]) == (
        "row 4: contact Paolo Rossi: role is CEO in an earlier row "
        "and Presidente here: make the rows agree"
    )
    apply_plan(sqlite_db, plan, file_path=path)
    with unit_of_work(sqlite_db, write=False) as s:
        sigma = s.scalars(select(Organisation)).one()
        assert sorted((c.full_name, c.role) for c in sigma.contacts) == [
            ("Paolo Rossi", "CEO"),
            ("Sara Galli", "CFO"),
        ]


# --------------------------------------------------------------------------------------------
# projects and activities


def test_projects_one_row_per_partner(any_db: Database, tmp_path: Path) -> None:
    ids = seed(any_db)
    path = write_xlsx(
        tmp_path / "progetti.xlsx",
        [
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
                "P.IVA partner",
                "Ruolo",
                "Paese",
                "Budget partner",
            ],
            [
                "H2VALLEY",
                "Hydrogen valley Lombardia",
                "Interreg",
                "Finanziato",
                "2023-01-01",
                "2025-12-31",
                "€ 2.000.000",
                "1.500.000",
                "Alfa Energia S.p.A.",
                VAT_ALFA,
                "Capofila",
                "IT",
                "500.000",
            ],
            [
                "H2VALLEY",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                "Stadtwerke Graz",
                None,
                "Partner",
                "Austria",
                "300.000",
            ],
            [
                "H2VALLEY",
                None,
                None,
                "Respinto",
                None,
                None,
                None,
                None,
                "Citta' Verde Srl",
                None,
                "partner",
                None,
                None,
            ],
            [
                "SOLARIS",
                "Solar roofs",
                "Regional call",
                "submitted",
                "2024-02-01",
                "2024-01-01",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ],
        ],
    )
    plan = plan_for(any_db, path, kind="projects")
    first, second, third, fourth = plan.rows
    assert first.status is RowStatus.CREATE and second.status is RowStatus.CREATE
    assert third.status is RowStatus.ERROR and "make them agree" in third.problems[0].message
    assert fourth.status is RowStatus.ERROR and "before the start date" in str(fourth.problems[0])
    result = apply_plan(any_db, plan, file_path=path)
    assert result.created == 2
    with unit_of_work(any_db, write=False) as s:
        project = s.scalars(select(Project)).one()
        assert (project.acronym, project.status, project.total_budget, project.eu_contribution) == (
            "H2VALLEY",
            ProjectStatus.FUNDED,
            Decimal("2000000.00"),
            Decimal("1500000.00"),
        )
        partners = sorted(s.scalars(select(ProjectPartner)).all(), key=lambda p: p.id)
        assert [
            (p.organisation_id, p.external_name, p.external_country, p.role, p.budget)
            for p in partners
        ] == [
            (ids["alfa"], None, None, ProjectRole.COORDINATOR, Decimal("500000.00")),
            (None, "Stadtwerke Graz", "AT", ProjectRole.PARTNER, Decimal("300000.00")),
        ]
    again = plan_for(any_db, path, kind="projects")
    assert [r.status for r in again.rows[:2]] == [RowStatus.UNCHANGED, RowStatus.UNCHANGED]


def test_activities_with_participants(any_db: Database, tmp_path: Path) -> None:
    ids = seed(any_db)
    path = write_xlsx(
        tmp_path / "eventi.xlsx",
        [
            ["Data", "Evento", "Tipo", "Luogo", "Nome", "Cognome", "Azienda", "Email"],
            [
                "15/10/2024",
                "Info day Horizon Europe",
                "Giornata informativa",
                "Milano",
                "Anna",
                "Bianchi",
                "Alfa Energia SpA",
                "anna@alfa.it",
            ],
            [
                "15/10/2024",
                "Info day Horizon Europe",
                None,
                None,
                "Piero",
                "Sala",
                "Studio Sala",
                "piero@sala.it",
            ],
            ["20/11/2024", "B2B energia", "B2B", "Bergamo", None, None, "Citta Verde", None],
        ],
    )
    plan = plan_for(any_db, path, kind="activities")
    assert [r.status for r in plan.rows] == [RowStatus.CREATE] * 3
    apply_plan(any_db, plan, file_path=path)
    with unit_of_work(any_db, write=False) as s:
        activities = s.scalars(select(Activity).order_by(Activity.start_date)).all()
        assert [(a.title, a.start_date, a.activity_type.value) for a in activities] == [
            ("Info day Horizon Europe", date(2024, 10, 15), "info_day"),
            ("B2B energia", date(2024, 11, 20), "b2b"),
        ]
        people = s.scalars(select(ActivityParticipant).order_by(ActivityParticipant.id)).all()
        assert [(p.organisation_id, p.external_organisation, p.person_name) for p in people] == [
            (ids["alfa"], None, "Anna Bianchi"),
            (None, "Studio Sala", "Piero Sala"),
            (ids["verde"], None, None),
        ]
    again = plan_for(any_db, path, kind="activities")
    assert {r.status for r in again.rows} == {RowStatus.UNCHANGED}


def test_mapping_without_identity_is_refused(sqlite_db: Database, tmp_path: Path) -> None:
    from workbench.importing import MappingError

    path = write_xlsx(tmp_path / "x.xlsx", [["Comune", "CAP"], ["Milano", 20100]])
    table = read_table(path)
    with pytest.raises(MappingError, match="Name"):
        build_plan(sqlite_db, table, Mapping(ImportKind.MEMBERS, {"Comune": "city"}))
    with pytest.raises(MappingError, match="does not have"):
        build_plan(sqlite_db, table, Mapping(ImportKind.MEMBERS, {"Ragione": "name"}))


def test_postcode_lost_leading_zero_and_country_names(sqlite_db: Database, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "x.xlsx",
        [
            ["Organisation", "Postcode", "Country", "Website"],
            ["Roma Tech", 184, "Italia", "www.romatech.it"],
            ["Wien AG", "1010", "Österreich", "not a site"],
        ],
    )
    plan = plan_for(sqlite_db, path)
    roma, wien = plan.rows
    values = {c.field: c.new for c in roma.changes}
    assert values["postcode"] == "00184" and values["country"] == "IT"
    assert values["website"] == "https://www.romatech.it"
    assert wien.status is RowStatus.ERROR
    assert {p.column for p in wien.problems} == {"Website"}


def test_batch_started_time_is_recorded(sqlite_db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", [["Ragione sociale"], ["Zeta Srl"]])
    result = apply_plan(sqlite_db, plan_for(sqlite_db, path), file_path=path)
    (batch,) = list_batches(sqlite_db)
    assert batch.id == result.batch_id and batch.created == 1
    assert isinstance(batch.started_at, datetime) and batch.finished_at is not None
    assert count(sqlite_db, AreaParticipation) == 0 and count(sqlite_db, SizeData) == 0
