"""Import page: the wizard driven like a user would, on real files written here.

Covers issue 4 point 8: file -> sheet and header -> columns -> preview (filters, old -> new,
questions, review) -> apply in the background (Cancel writes nothing) -> summary with links;
past imports with Undo (and the conflict dialog); a file dropped on the main window; bad
files; every model through qtmodeltester.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from sqlalchemy import func, select
from stdnum import luhn

from workbench.db import Database
from workbench.importing import ImportKind, RowStatus, UndoConflict, list_batches
from workbench.models import Organisation, Project
from workbench.services import members
from workbench.services.base import unit_of_work, update_record
from workbench.ui import i18n
from workbench.ui.formatting import format_date
from workbench.ui.importing import workers as import_workers
from workbench.ui.importing.models import ConflictsModel
from workbench.ui.importing.page import (
    STEP_FILE,
    STEP_MAPPING,
    STEP_PREVIEW,
    STEP_RESULT,
    STEP_TABLE,
    ImportPage,
)

HEADERS = ["Ragione sociale", "P.IVA", "Data adesione", "Città"]


def make_vat(n: int) -> str:
    """A valid Italian VAT number: 10 digits and their Luhn check digit."""
    base = f"{n:07d}001"
    return "IT" + base + luhn.calc_check_digit(base)


VAT_NUOVA = make_vat(1234567)
VAT_SECONDA = make_vat(7654321)
BAD_VAT = VAT_SECONDA[:-1] + str((int(VAT_SECONDA[-1]) + 1) % 10)


def write_xlsx(
    path: Path, rows: Sequence[Sequence[Any]], *, title: str | None = "Elenco soci al 31/12/2024"
) -> Path:
    """An xlsx with a title row and a blank row above the table, as people send them."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Soci"
    if title:
        sheet.append([title])
        sheet.append([])
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def org_count(db: Database) -> int:
    with unit_of_work(db, write=False) as session:
        return int(session.scalar(select(func.count()).select_from(Organisation)) or 0)


def org_by_name(db: Database, name: str) -> Organisation | None:
    with unit_of_work(db, write=False) as session:
        org = session.scalars(select(Organisation).where(Organisation.name == name)).first()
        if org is not None:
            session.expunge(org)
        return org


def make_page(qtbot: Any, ctx: Any) -> ImportPage:
    page = ImportPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 820)
    page.show()
    qtbot.waitExposed(page)
    return page


def wait(qtbot: Any, page: ImportPage) -> None:
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=60_000)


def next_step(qtbot: Any, page: ImportPage) -> None:
    assert page.next_button.isEnabled(), page.nav_hint.text()
    page.next_button.click()
    wait(qtbot, page)


def to_preview(qtbot: Any, page: ImportPage, path: Path) -> None:
    page.start_import(path)
    wait(qtbot, page)
    assert page.current_step() == STEP_TABLE, page.file_step.error_text()
    next_step(qtbot, page)
    if page.current_step() == STEP_MAPPING:
        next_step(qtbot, page)
    assert page.current_step() == STEP_PREVIEW


def row_by_label(page: ImportPage, label: str) -> Any:
    assert page.plan is not None
    return next(r for r in page.plan.rows if r.label == label)


def shown_changes(page: ImportPage) -> list[tuple[str, str, str]]:
    """(field, before, after) as the details table shows them."""
    model = page.preview_step.details.changes_model
    return [
        (
            model.data(model.index(i, 1)),
            model.data(model.index(i, 2)),
            model.data(model.index(i, 4)),
        )
        for i in range(model.rowCount())
    ]


@pytest.fixture
def empty_ctx(app_ctx: Any, ui_db: Database) -> Any:
    return app_ctx(ui_db)


@pytest.fixture
def seeded(ui_db: Database) -> dict[str, int]:
    """Two members whose names the files below miss by a letter."""
    return {
        "brambilla": members.create_organisation(
            ui_db,
            {"name": "Termoidraulica Brambilla S.r.l.", "city": "Lecco"},
            join_date=date(2018, 3, 1),
        ).id,
        "verde": members.create_organisation(
            ui_db,
            {"name": "Città Verde Impianti S.r.l.", "city": "Brescia"},
            join_date=date(2020, 5, 1),
        ).id,
    }


# --------------------------------------------------------------------------------------------
# the whole wizard


def test_full_wizard_on_an_italian_file_into_the_demo(
    qtbot: Any, ctx: Any, tmp_path: Path, dialogs: Any
) -> None:
    db = ctx.db
    with unit_of_work(db, write=False) as session:
        existing = session.scalars(
            select(Organisation)
            .where(Organisation.vat.is_not(None), Organisation.city.is_not(None))
            .order_by(Organisation.id)
        ).first()
        assert existing is not None
        name, vat, city, org_id = existing.name, existing.vat, existing.city, existing.id
    new_city = "Bergamo" if city != "Bergamo" else "Lodi"
    before = org_count(db)
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [
            HEADERS,
            [name, vat, None, new_city],
            ["Nuova Impresa Srl", VAT_NUOVA, "03/04/2021", "Monza"],
            ["Seconda Energia Srl", VAT_SECONDA[2:], "05/06/2022", "Lodi"],  # IT prefix optional
        ],
    )
    changed: list[str] = []
    ctx.bus.sig_changed.connect(changed.append)
    page = make_page(qtbot, ctx)

    # 1 -> 2: the header is found under the title row
    page.start_import(path)
    wait(qtbot, page)
    assert page.current_step() == STEP_TABLE
    assert "row 3" in page.table_step.header_label.text()
    raw = page.table_step.model
    assert raw.rowCount() == 3 and raw.headerData(0, Qt.Orientation.Vertical) == "4"
    assert raw.headerData(3, Qt.Orientation.Horizontal) == "Città"

    # 3: every column suggested from its Italian header
    next_step(qtbot, page)
    assert page.current_step() == STEP_MAPPING
    assert {h: c.currentData() for h, c in page.mapping_step.combos.items()} == {
        "Ragione sociale": "name",
        "P.IVA": "vat",
        "Data adesione": "join_date",
        "Città": "city",
    }
    assert not page.mapping_step.saved_banner.isVisibleTo(page)

    # 4: the ambiguous dates are asked, never guessed
    next_step(qtbot, page)
    assert page.current_step() == STEP_PREVIEW
    questions = page.preview_step.questions
    assert questions.isVisible()
    assert [q.key for q in questions.questions] == ["date_order:Data adesione"]
    assert not page.next_button.isEnabled()
    page.answer("date_order:Data adesione", "dmy")
    wait(qtbot, page)
    assert page.plan is not None and page.plan.ready
    assert {r.label: r.status for r in page.plan.rows} == {
        name: RowStatus.UPDATE,
        "Nuova Impresa Srl": RowStatus.CREATE,
        "Seconda Energia Srl": RowStatus.CREATE,
    }

    # filters with counts; the update shows old -> new
    status_filter = page.preview_step.filter
    assert status_filter.buttons[RowStatus.CREATE].text().endswith("(2)")
    assert status_filter.buttons[RowStatus.UPDATE].text().endswith("(1)")
    assert not status_filter.buttons[RowStatus.ERROR].isEnabled()
    status_filter.buttons[RowStatus.UPDATE].click()
    assert [r.label for r in page.preview_step.model.rows] == [name]
    page.preview_step.select_row(page.preview_step.model.rows[0])
    assert ("City", city, new_city) in shown_changes(page)
    status_filter.buttons[None].click()
    assert page.preview_step.model.rowCount() == 3

    # 5: apply in the background, then the summary
    next_step(qtbot, page)
    assert page.current_step() == STEP_RESULT
    assert dialogs.shown == []  # no row left out: nothing to confirm
    assert page.result is not None and (page.result.created, page.result.updated) == (2, 1)
    assert org_count(db) == before + 2
    nuova = org_by_name(db, "Nuova Impresa Srl")
    assert nuova is not None and nuova.vat == VAT_NUOVA and nuova.city == "Monza"
    seconda = org_by_name(db, "Seconda Energia Srl")
    assert seconda is not None and seconda.vat == VAT_SECONDA
    with unit_of_work(db, write=False) as session:
        assert session.get(Organisation, org_id).city == new_city
        joined = session.get(Organisation, nuova.id).memberships
        assert [m.join_date for m in joined] == [date(2021, 4, 3)]
    assert "" in changed  # the other pages refresh
    assert "import no." in page.summary_step.batch_label.text()

    records = page.summary_step.records_model
    assert {r.label for r in records.rows} == {name, "Nuova Impresa Srl", "Seconda Energia Srl"}
    opened: list[tuple[str, int]] = []
    ctx.bus.sig_open_record.connect(lambda table, rid: opened.append((table, rid)))
    position = next(i for i, r in enumerate(records.rows) if r.record_id == org_id)
    page.summary_step.open_record_at(position)
    assert opened == [("organisation", org_id)]
    assert not page.summary_step.errors_box.isVisibleTo(page)

    # the batch is listed under Past imports
    batches = page.batches.model
    assert batches.rowCount() == 1
    assert batches.data(batches.index(0, 2)) == "soci.xlsx · Soci"
    assert batches.data(batches.index(0, 5)) == "2"

    # "Import another file" starts again
    page.next_button.click()
    assert page.current_step() == STEP_FILE and page.file_step.path() == ""


def test_date_answer_changes_the_dates_read(qtbot: Any, empty_ctx: Any, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [
            HEADERS,
            ["Nuova Impresa Srl", VAT_NUOVA, "03/04/2021", "Monza"],
            ["Seconda Energia Srl", VAT_SECONDA, "05/06/2022", "Lodi"],
        ],
    )
    page = make_page(qtbot, empty_ctx)
    to_preview(qtbot, page, path)
    key = "date_order:Data adesione"
    question = page.preview_step.questions.questions[0]
    assert question.key == key and "03/04/2021" in question.examples
    assert not page.preview_step.questions.answers()  # nothing preselected
    assert "Answer the questions" in page.nav_hint.text()

    def join_dates() -> list[date]:
        row = row_by_label(page, "Nuova Impresa Srl")
        return [c.new for c in row.changes if c.field == "join_date"]

    page.answer(key, "dmy")
    wait(qtbot, page)
    assert join_dates() == [date(2021, 4, 3)]
    page.preview_step.select_row_number(4)
    assert ("Member since", "—", format_date(date(2021, 4, 3))) in shown_changes(page)

    # the question stays, with its answer, and can be changed
    editors = page.preview_step.questions._editors[key]
    assert editors[1].isChecked() and not editors[2].isChecked()
    page.answer(key, "mdy")
    wait(qtbot, page)
    assert join_dates() == [date(2021, 3, 4)]
    assert ("Member since", "—", format_date(date(2021, 3, 4))) in shown_changes(page)
    assert page.preview_step.questions._editors[key][2].isChecked()
    next_step(qtbot, page)
    with unit_of_work(empty_ctx.db, write=False) as session:
        org = session.scalars(select(Organisation).where(Organisation.vat == VAT_NUOVA)).one()
        assert [m.join_date for m in org.memberships] == [date(2021, 3, 4)]


def write_near_misses(tmp_path: Path) -> Path:
    """Two rows that nearly match the ``seeded`` members (review) and one new member."""
    return write_xlsx(
        tmp_path / "soci.xlsx",
        [
            HEADERS,
            ["Termoidraulica Brambila Srl", None, None, "Como"],
            ["Citta Verdi Impianti", None, None, "Brescia"],
            ["Nuova Impresa Srl", VAT_NUOVA, date(2021, 4, 3), "Monza"],
        ],
    )


def test_near_misses_go_to_review_and_decisions_are_honoured(
    qtbot: Any, empty_ctx: Any, seeded: dict[str, int], tmp_path: Path, dialogs: Any
) -> None:
    db = empty_ctx.db
    path = write_near_misses(tmp_path)
    page = make_page(qtbot, empty_ctx)
    to_preview(qtbot, page, path)
    assert not page.preview_step.questions.isVisible()  # real date cells: nothing to ask
    assert {r.label: r.status for r in page.plan.rows} == {
        "Termoidraulica Brambila Srl": RowStatus.REVIEW,
        "Citta Verdi Impianti": RowStatus.REVIEW,
        "Nuova Impresa Srl": RowStatus.CREATE,
    }
    details = page.preview_step.details

    # merge the first into the member it resembles
    page.preview_step.select_row_number(4)
    assert details.review_box.isVisible()
    assert details.candidates.count() == 1
    assert "Termoidraulica Brambilla S.r.l." in details.candidates.item(0).text()
    assert details.decision_label.text() == "Not decided yet."
    details.choose_candidate(seeded["brambilla"])
    details.merge_button.click()
    merged = row_by_label(page, "Termoidraulica Brambila Srl")
    assert merged.status is RowStatus.UPDATE and merged.target_id == seeded["brambilla"]
    assert ("City", "Lecco", "Como") in shown_changes(page)
    assert "Termoidraulica Brambilla S.r.l." in details.decision_label.text()

    # skip the second, then change the mind: a new organisation
    page.preview_step.select_row_number(5)
    details.skip_button.click()
    assert row_by_label(page, "Citta Verdi Impianti").status is RowStatus.SKIP
    assert page.preview_step.filter.buttons[RowStatus.SKIP].isVisible()
    details.create_button.click()
    assert row_by_label(page, "Citta Verdi Impianti").status is RowStatus.CREATE
    assert page.preview_step.filter.buttons[RowStatus.REVIEW].text().endswith("(0)")

    # decisions survive making the preview again
    page.back_button.click()
    assert page.current_step() == STEP_MAPPING
    next_step(qtbot, page)
    assert row_by_label(page, "Termoidraulica Brambila Srl").status is RowStatus.UPDATE
    assert row_by_label(page, "Citta Verdi Impianti").status is RowStatus.CREATE

    next_step(qtbot, page)
    assert page.current_step() == STEP_RESULT and dialogs.shown == []
    assert org_by_name(db, "Termoidraulica Brambila Srl") is None
    with unit_of_work(db, write=False) as session:
        assert session.get(Organisation, seeded["brambilla"]).city == "Como"
    assert org_by_name(db, "Citta Verdi Impianti") is not None
    assert org_by_name(db, "Nuova Impresa Srl") is not None
    assert org_count(db) == 4


def test_every_undecided_row_can_be_decided_at_once(
    qtbot: Any, empty_ctx: Any, seeded: dict[str, int], tmp_path: Path, dialogs: Any
) -> None:
    db = empty_ctx.db
    path = write_near_misses(tmp_path)
    page = make_page(qtbot, empty_ctx)
    to_preview(qtbot, page, path)
    step = page.preview_step
    assert step.review_bar.isVisible()
    assert step.review_all_label.text() == "Rows still to decide: 2."

    # one decided by hand, the rest at once; the hand-made decision is kept
    step.select_row_number(4)
    step.details.choose_candidate(seeded["brambilla"])
    step.details.merge_button.click()
    assert step.review_all_label.text() == "Rows still to decide: 1."
    step.skip_all_button.click()
    assert row_by_label(page, "Citta Verdi Impianti").status is RowStatus.SKIP
    assert row_by_label(page, "Termoidraulica Brambila Srl").status is RowStatus.UPDATE
    assert not step.review_bar.isVisible()
    assert step.filter.buttons[RowStatus.SKIP].text().endswith("(1)")

    # the decisions survive making the preview again; then change the mind for all skipped
    page.back_button.click()
    next_step(qtbot, page)
    assert row_by_label(page, "Citta Verdi Impianti").status is RowStatus.SKIP
    step.select_row_number(5)
    step.details.create_button.click()
    assert row_by_label(page, "Citta Verdi Impianti").status is RowStatus.CREATE

    next_step(qtbot, page)
    assert page.current_step() == STEP_RESULT and dialogs.shown == []
    assert org_by_name(db, "Citta Verdi Impianti") is not None
    assert org_count(db) == 4


def test_rows_with_errors_are_reported_and_saved(
    qtbot: Any, empty_ctx: Any, tmp_path: Path, dialogs: Any
) -> None:
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [
            HEADERS,
            ["Nuova Impresa Srl", VAT_NUOVA, date(2021, 4, 3), "Monza"],
            ["Beta Srl", BAD_VAT, date(2022, 3, 2), "Como"],
        ],
    )
    page = make_page(qtbot, empty_ctx)
    to_preview(qtbot, page, path)
    beta = page.preview_step.select_row_number(5)
    assert beta.status is RowStatus.ERROR
    problems = page.preview_step.details.problems_label.text()
    assert 'Row 5, column "P.IVA"' in problems and "check digit" in problems
    next_step(qtbot, page)
    kind, _title, text = dialogs.shown[-1]
    assert kind == "confirm" and "1 row has errors" in text and "the other row?" in text
    assert page.current_step() == STEP_RESULT
    errors = page.summary_step.errors_model
    assert errors.rowCount() == 1
    assert errors.data(errors.index(0, 0)) == "5" and errors.data(errors.index(0, 1)) == "P.IVA"
    assert page.summary_step.report_button.isEnabled()
    report = tmp_path / "soci-errors.xlsx"
    assert page.save_error_report(report) == 1
    rows = list(openpyxl.load_workbook(report, read_only=True).active.iter_rows(values_only=True))
    assert rows[0][-3:] == ("row", "column", "problem")
    assert rows[1][:2] == ("Beta Srl", BAD_VAT) and rows[1][4] == 5
    assert org_by_name(empty_ctx.db, "Beta Srl") is None


def test_preview_shows_problems_and_notes_in_italian(
    qtbot: Any, empty_ctx: Any, tmp_path: Path, qapp: Any
) -> None:
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [
            HEADERS,
            ["Nuova Impresa Srl", VAT_NUOVA, "31/02/2021", "Monza"],
            ["Beta Srl", BAD_VAT, date(2022, 3, 2), "Como"],
            ["Terza Srl", None, date(2023, 1, 9), "Lecco"],
        ],
    )
    page = make_page(qtbot, empty_ctx)
    try:
        i18n.apply_language("it", qapp)
        to_preview(qtbot, page, path)
        details = page.preview_step.details
        page.preview_step.select_row_number(4)
        problems = details.problems_label.text()
        assert (
            'Riga 4, colonna "Data adesione": "31/02/2021" non è una data esistente: '
            "controlla il giorno e il mese"
        ) in problems
        assert "calendar date" not in problems
        page.preview_step.select_row_number(5)
        problems = details.problems_label.text()
        assert f"la partita IVA {BAD_VAT} ha la cifra di controllo errata" in problems
        model = page.preview_step.model
        what = [model.data(model.index(i, 3)) for i in range(model.rowCount())]
        assert any(text.startswith('"31/02/2021" non è una data esistente') for text in what)
        page.preview_step.select_row_number(6)
        assert details.notes_label.text() == "tipo impresa ricavato dal nome"
        assert not details.problems_label.isVisible()
    finally:
        i18n.apply_language("en", qapp)
    page.preview_step.select_row_number(4)
    assert (
        'Row 4, column "Data adesione": "31/02/2021" is not a real calendar date'
        in page.preview_step.details.problems_label.text()
    )


def test_saved_mapping_is_applied_and_said_so(qtbot: Any, empty_ctx: Any, tmp_path: Path) -> None:
    rows = [["Ragione sociale", "P.IVA", "Sede"], ["Nuova Impresa Srl", VAT_NUOVA, "Monza"]]
    page = make_page(qtbot, empty_ctx)
    page.start_import(write_xlsx(tmp_path / "soci.xlsx", rows))
    wait(qtbot, page)
    next_step(qtbot, page)
    assert page.mapping_step.combo_for("Sede").currentData() == "address"
    page.mapping_step.set_field("Sede", "city")
    assert "changed by you" in page.mapping_step.model.data(page.mapping_step.model.index(2, 3))
    # a field used twice is refused inline, and Next waits
    page.mapping_step.set_field("P.IVA", "city")
    assert "both mapped" in page.mapping_step.problem_text()
    assert not page.next_button.isEnabled()
    page.mapping_step.set_field("P.IVA", "vat")
    assert page.mapping_step.problem_text() == "" and page.next_button.isEnabled()
    next_step(qtbot, page)
    next_step(qtbot, page)
    assert page.current_step() == STEP_RESULT

    rows[1] = ["Seconda Energia Srl", VAT_SECONDA, "Lodi"]
    page.start_import(write_xlsx(tmp_path / "soci-2.xlsx", rows))
    wait(qtbot, page)
    next_step(qtbot, page)
    assert page.mapping_step.saved_banner.isVisibleTo(page)
    assert page.mapping_step.combo_for("Sede").currentData() == "city"


# --------------------------------------------------------------------------------------------
# bad files, cancel


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rotto.xlsx", b"PK\x03\x04" + bytes(range(256)) * 4),
        ("vuoto.csv", b""),
        ("garbage.csv", bytes(range(256)) * 16),
    ],
)
def test_unreadable_files_say_so_at_step_one(
    qtbot: Any, empty_ctx: Any, tmp_path: Path, dialogs: Any, name: str, content: bytes
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    page = make_page(qtbot, empty_ctx)
    page.start_import(bad)
    wait(qtbot, page)
    assert page.current_step() == STEP_FILE
    text = page.file_step.error_text()
    assert name in text and "Traceback" not in text
    assert dialogs.shown == []
    assert list_batches(empty_ctx.db) == []


def test_cancel_while_importing_writes_nothing(
    qtbot: Any, empty_ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_apply = import_workers.apply_plan

    def wait_for_cancel(db: Database, plan: Any, **kwargs: Any) -> Any:
        deadline = time.monotonic() + 20
        while not kwargs["cancel"]() and time.monotonic() < deadline:
            time.sleep(0.01)
        return real_apply(db, plan, **kwargs)

    monkeypatch.setattr(import_workers, "apply_plan", wait_for_cancel)
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [HEADERS, ["Nuova Impresa Srl", VAT_NUOVA, date(2021, 4, 3), "Monza"]],
    )
    page = make_page(qtbot, empty_ctx)
    to_preview(qtbot, page, path)
    page.next_button.click()
    assert page.is_busy() and page.cancel_button.isVisible()
    assert not page.next_button.isEnabled() and not page.stack.isEnabled()
    page.cancel_button.click()
    wait(qtbot, page)
    assert page.current_step() == STEP_PREVIEW
    assert "nothing was written" in page.nav_hint.text()
    assert org_count(empty_ctx.db) == 0 and list_batches(empty_ctx.db) == []
    # the same preview can still be imported
    monkeypatch.setattr(import_workers, "apply_plan", real_apply)
    next_step(qtbot, page)
    assert page.current_step() == STEP_RESULT and org_count(empty_ctx.db) == 1


# --------------------------------------------------------------------------------------------
# past imports


def test_undo_from_past_imports(qtbot: Any, empty_ctx: Any, tmp_path: Path, dialogs: Any) -> None:
    db = empty_ctx.db
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [
            HEADERS,
            ["Nuova Impresa Srl", VAT_NUOVA, date(2021, 4, 3), "Monza"],
            ["Seconda Energia Srl", VAT_SECONDA, date(2022, 6, 5), "Lodi"],
        ],
    )
    page = make_page(qtbot, empty_ctx)
    to_preview(qtbot, page, path)
    next_step(qtbot, page)
    assert org_count(db) == 2
    changed: list[str] = []
    empty_ctx.bus.sig_changed.connect(changed.append)

    dialogs.answer = False  # "Cancel" in the confirmation: nothing happens
    page.batches.undo_at(0)
    assert not page.is_busy() and org_count(db) == 2
    dialogs.answer = True
    page.batches.undo_at(0)
    wait(qtbot, page)
    assert "Undo import no." in dialogs.texts("confirm")[-1]
    assert org_count(db) == 0
    assert changed == [""]
    batch = page.batches.model.rows[0]
    assert batch.undone_at is not None
    assert page.batches.model.data(page.batches.model.index(0, 10)).startswith("Undone")
    page.batches.select(0)
    assert not page.batches.undo_button.isEnabled()
    assert "undone" in page.batches.status_label.text()


def test_undo_after_later_edits_lists_them_and_asks(
    qtbot: Any, empty_ctx: Any, tmp_path: Path, dialogs: Any
) -> None:
    db = empty_ctx.db
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [HEADERS, ["Nuova Impresa Srl", VAT_NUOVA, date(2021, 4, 3), "Monza"]],
    )
    page = make_page(qtbot, empty_ctx)
    to_preview(qtbot, page, path)
    next_step(qtbot, page)
    org = org_by_name(db, "Nuova Impresa Srl")
    assert org is not None
    update_record(db, Organisation, org.id, {"city": "Varese"})  # someone edits it later

    page.batches.undo_at(0)
    wait(qtbot, page)
    dialog = page.undo_dialog
    assert dialog is not None and dialog.isVisible()
    conflicts = dialog.model
    assert conflicts.rowCount() >= 1
    fields = {conflicts.data(conflicts.index(i, 1)) for i in range(conflicts.rowCount())}
    assert "City" in fields
    assert "Nuova Impresa Srl" in conflicts.data(conflicts.index(0, 0))
    assert org_count(db) == 1  # nothing undone yet

    dialog.keep_button.click()  # keep the import
    assert org_count(db) == 1 and not page.is_busy()

    page.batches.undo_at(0)
    wait(qtbot, page)
    page.undo_dialog.undo_button.click()  # undo anyway
    wait(qtbot, page)
    assert org_count(db) == 0
    assert page.batches.model.rows[0].undone_at is not None


# --------------------------------------------------------------------------------------------
# drop, CORDIS, models


def test_dropping_a_file_on_the_window_starts_the_wizard(
    main_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [HEADERS, ["Nuova Impresa Srl", VAT_NUOVA, date(2021, 4, 3), "Monza"]],
    )
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    main_window.dropEvent(event)
    page = main_window.current_page()
    assert isinstance(page, ImportPage)
    wait(qtbot, page)
    assert page.file_step.path() == str(path)
    assert page.current_step() == STEP_TABLE
    assert page.table_step.model.rowCount() == 1


def _cordis_line(*fields: object) -> str:
    return ";".join('"' + str(f) + '"' for f in fields)


def test_cordis_preset_with_its_second_file(qtbot: Any, empty_ctx: Any, tmp_path: Path) -> None:
    db = empty_ctx.db
    vat = make_vat(743110)
    members.create_organisation(
        db, {"name": "Alfa Energia S.p.A.", "vat": vat}, join_date=date(2015, 1, 1)
    )
    folder = tmp_path / "cordis"
    folder.mkdir()
    (folder / "project.csv").write_text(
        "\n".join(
            [
                "id;acronym;status;title;startDate;endDate;totalCost;ecMaxContribution;"
                "frameworkProgramme;masterCall",
                _cordis_line(
                    "101036723",
                    "SMARTGRID",
                    "SIGNED",
                    "Smart grids",
                    "2021-10-01",
                    "2025-09-30",
                    "4999875,5",
                    "4500000",
                    "H2020",
                    "H2020-LC-GD-2020",
                ),
                _cordis_line(
                    "952111",
                    "FARAWAY",
                    "CLOSED",
                    "Not ours",
                    "2020-01-01",
                    "2022-12-31",
                    "1000000",
                    "1000000",
                    "H2020",
                    "X",
                ),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    (folder / "organization.csv").write_text(
        "\n".join(
            [
                "projectID;projectAcronym;organisationID;vatNumber;name;shortName;activityType;city;"
                "country;role;ecContribution;totalCost",
                _cordis_line(
                    "101036723",
                    "SMARTGRID",
                    "999993856",
                    vat,
                    "ALFA ENERGIA SPA",
                    "ALFA",
                    "PRC",
                    "MILANO",
                    "IT",
                    "coordinator",
                    "1250000",
                    "1500000,5",
                ),
                _cordis_line(
                    "101036723",
                    "SMARTGRID",
                    "999911111",
                    "DE123456789",
                    "STADTWERKE MUSTERSTADT GMBH",
                    "SWM",
                    "PUB",
                    "MUSTERSTADT",
                    "DE",
                    "participant",
                    "800000",
                    "1000000",
                ),
                _cordis_line(
                    "952111",
                    "FARAWAY",
                    "999922222",
                    "",
                    "SOMEONE ELSE SL",
                    "SE",
                    "PRC",
                    "MADRID",
                    "ES",
                    "coordinator",
                    "1000000",
                    "1000000",
                ),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    page = make_page(qtbot, empty_ctx)
    page.start_import(folder / "project.csv")  # the second file is found beside it
    wait(qtbot, page)
    assert page.kind() is ImportKind.CORDIS
    assert page.file_step.org_path() == str(folder / "organization.csv")
    assert page.current_step() == STEP_TABLE
    assert page.table_step.file_combo.count() == 2 and page.table_step.file_combo.isVisible()
    next_step(qtbot, page)  # no columns step: CORDIS has fixed columns
    assert page.current_step() == STEP_PREVIEW
    assert [(r.label, r.status) for r in page.plan.rows] == [("SMARTGRID", RowStatus.CREATE)]
    assert "1 projects without members left out" in page.preview_step.notes_label.text()
    page.back_button.click()
    assert page.current_step() == STEP_TABLE
    next_step(qtbot, page)
    next_step(qtbot, page)
    assert page.current_step() == STEP_RESULT
    with unit_of_work(db, write=False) as session:
        assert session.scalars(select(Project.acronym)).all() == ["SMARTGRID"]
    assert page.summary_step.records_model.rows[0].table == "project"


def test_cordis_needs_both_files(qtbot: Any, empty_ctx: Any, tmp_path: Path) -> None:
    page = make_page(qtbot, empty_ctx)
    page.file_step.set_kind(ImportKind.CORDIS)
    page.file_step.set_path(str(tmp_path / "elsewhere.csv"))
    page.read()
    assert page.current_step() == STEP_FILE
    assert "organization.csv" in page.file_step.error_text()


def test_models_pass_modeltester(
    qtmodeltester: Any, qtbot: Any, empty_ctx: Any, seeded: dict[str, int], tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [
            HEADERS,
            ["Termoidraulica Brambila Srl", None, None, "Como"],
            ["Nuova Impresa Srl", VAT_NUOVA, date(2021, 4, 3), "Monza"],
            ["Beta Srl", BAD_VAT, date(2022, 3, 2), "Como"],
        ],
    )
    page = make_page(qtbot, empty_ctx)
    to_preview(qtbot, page, path)
    qtmodeltester.check(page.table_step.model)
    qtmodeltester.check(page.mapping_step.model)
    qtmodeltester.check(page.preview_step.model)
    page.preview_step.select_row_number(5)
    assert page.preview_step.details.changes_model.rowCount() > 0
    qtmodeltester.check(page.preview_step.details.changes_model)
    next_step(qtbot, page)
    qtmodeltester.check(page.summary_step.errors_model)
    qtmodeltester.check(page.summary_step.records_model)
    qtmodeltester.check(page.batches.model)
    conflicts = ConflictsModel()
    conflicts.set_rows(
        [
            UndoConflict(
                "organisation",
                1,
                "Alfa",
                "city",
                "edited",
                "anna",
                None,
                "Alfa: city changed by anna",
            )
        ]
    )
    qtmodeltester.check(conflicts)


def test_header_row_can_be_set_by_hand(qtbot: Any, empty_ctx: Any, tmp_path: Path) -> None:
    # Title, blank row, a grouping row above the titles: the user points at the real titles.
    path = write_xlsx(
        tmp_path / "gruppi.xlsx",
        [
            ["Anagrafica", "Anagrafica", "Sede", "Adesione"],
            ["Ragione sociale", "P.IVA", "Città", "Data adesione"],
            ["Nuova Impresa Srl", VAT_NUOVA, "Monza", datetime(2021, 3, 4)],
        ],
    )
    page = make_page(qtbot, empty_ctx)
    page.start_import(path)
    wait(qtbot, page)
    step = page.table_step
    assert step.header_row_spin.value() == 4  # the repeated group labels are passed over
    assert "found automatically" in step.header_label.text()

    step.choose_header_row(2)  # the blank row: refused, the table stays as it was
    wait(qtbot, page)
    assert "row 2" in step.error_label.text()
    assert step.header_row_spin.value() == 4

    step.choose_header_row(3)  # the group labels, if the user insists
    wait(qtbot, page)
    assert not step.error_label.text()
    assert page.tables[0].headers[0] == "Anagrafica"
    assert "row 3</b>, as chosen" in step.header_label.text()
    assert step.model.rowCount() == 2

    step.choose_header_row(4)
    wait(qtbot, page)
    assert page.tables[0].headers == ["Ragione sociale", "P.IVA", "Città", "Data adesione"]
    assert "row 4</b>, as chosen" in step.header_label.text()
    assert step.model.rowCount() == 1

    next_step(qtbot, page)
    assert page.current_step() == STEP_MAPPING
    assert page.mapping_step.combos["Ragione sociale"].currentData() == "name"
    next_step(qtbot, page)
    assert [r.label for r in page.plan.rows] == ["Nuova Impresa Srl"]


def test_the_current_step_title_is_bold_and_never_clipped(qtbot: Any, empty_ctx: Any) -> None:
    from PySide6.QtGui import QFontMetrics

    page = make_page(qtbot, empty_ctx)
    for step, label in enumerate(page.step_labels):
        page.show_step(step)
        label.ensurePolished()
        assert label.font().bold()
        needed = QFontMetrics(label.font()).horizontalAdvance(label.text())
        # The layout re-measures the restyled label when its posted LayoutRequest is handled.
        qtbot.waitUntil(lambda lb=label, n=needed: lb.width() >= n, timeout=2000)
        assert not any(other.font().bold() for other in page.step_labels if other is not label)
