"""``workbench import ...``: counts, --json, --dry-run, --strict, questions, exit codes 0/1/2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from tests.importing.test_cordis import seed_members, write_cordis
from tests.importing.test_plan_apply import seed, write_italian, write_xlsx
from workbench.cli import run
from workbench.db import open_database
from workbench.models import ImportBatch, Organisation, Project
from workbench.services.base import unit_of_work, update_record

ANSWERS = ["--date-order", "dmy", "--year", "2023", "--area-from", "2024-01-01"]


def cli(*args: str) -> int:
    return run(list(args))


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    path = tmp_path / "w.db"
    db = open_database(path)
    seed(db)
    db.dispose()
    return str(path)


def organisations(db_path: str) -> int:
    db = open_database(db_path)
    with unit_of_work(db, write=False) as s:
        n = int(s.scalar(select(func.count()).select_from(Organisation)) or 0)
    db.dispose()
    return n


def test_import_members_prints_counts_and_batch(
    db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_italian(tmp_path / "soci.xlsx")
    assert cli("import", "members", str(path), "--db", db_path, *ANSWERS) == 0
    out = capsys.readouterr()
    assert out.out.strip() == ("created 2, updated 2, unchanged 0, review 1, errors 3; batch 1")
    assert '"Ragione sociale" -> name' in out.err and "row 9" in out.err
    assert organisations(db_path) == 4  # two rows named the one new member


def test_json_output_and_dry_run(
    db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_italian(tmp_path / "soci.xlsx")
    assert (
        cli("import", "members", str(path), "--db", db_path, *ANSWERS, "--dry-run", "--json") == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert (
        data["created"],
        data["updated"],
        data["unchanged"],
        data["review"],
        data["errors"],
        data["batch_id"],
        data["dry_run"],
    ) == (2, 2, 0, 1, 3, None, True)
    assert {p["row"] for p in data["problems"]} == {9, 10, 11}
    assert all({"row", "column", "problem"} <= set(p) for p in data["problems"])
    assert organisations(db_path) == 3
    assert (
        cli(
            "import",
            "members",
            str(path),
            "--db",
            db_path,
            *ANSWERS,
            "--json",
            "--review",
            "create",
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert (data["created"], data["review"], data["batch_id"]) == (3, 0, 1)
    assert data["backup"] and Path(data["backup"]).exists()


def test_questions_must_be_answered(
    db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_italian(tmp_path / "soci.xlsx")
    assert cli("import", "members", str(path), "--db", db_path) == 1
    err = capsys.readouterr().err
    assert 'Column "Data adesione"' in err and "--date-order dmy|mdy" in err
    assert "--year YEAR" in err and "nothing was imported" in err
    assert organisations(db_path) == 3


def test_strict_writes_nothing_and_error_report(
    db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_italian(tmp_path / "soci.xlsx")
    report = tmp_path / "errori.xlsx"
    assert (
        cli(
            "import",
            "members",
            str(path),
            "--db",
            db_path,
            *ANSWERS,
            "--strict",
            "--error-report",
            str(report),
        )
        == 1
    )
    assert "nothing written" in capsys.readouterr().out
    assert organisations(db_path) == 3
    rows = list(openpyxl.load_workbook(report).active.iter_rows(values_only=True))
    assert rows[0][-3:] == ("row", "column", "problem") and len(rows) == 4
    # without --strict the good rows go in and the report holds the bad ones
    report.unlink()
    assert (
        cli(
            "import", "members", str(path), "--db", db_path, *ANSWERS, "--error-report", str(report)
        )
        == 0
    )
    assert len(list(openpyxl.load_workbook(report).active.iter_rows())) == 4


def test_unreadable_files_exit_2(
    db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "soci.xlsx"
    broken.write_bytes(b"this is not a spreadsheet at all" * 10)
    assert cli("import", "members", str(broken), "--db", db_path) == 2
    err = capsys.readouterr().err
    assert err.startswith("workbench: soci.xlsx:") and "Traceback" not in err
    assert cli("import", "members", str(tmp_path / "missing.csv"), "--db", db_path) == 2
    assert "missing.csv: the file does not exist" in capsys.readouterr().err
    assert (
        cli("import", "cordis", str(broken), "--organizations", str(broken), "--db", db_path) == 2
    )
    good = write_xlsx(tmp_path / "ok.xlsx", [["Ragione sociale"], ["A"]])
    assert cli("import", "members", str(good), "--sheet", "Nope", "--db", db_path) == 2
    assert "Nope" in capsys.readouterr().err
    assert cli("import", "members", str(good), "--header-row", "7", "--db", db_path) == 2
    assert "row 7" in capsys.readouterr().err


def test_header_row_option(
    db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two text rows above the table: the titles are on row 3, as the user says.
    path = write_xlsx(
        tmp_path / "x.xlsx",
        [
            ["Soci nuovi", "2024"],
            ["Gruppo", "Gruppo"],
            ["Ragione sociale", "Città"],
            ["Zeta Srl", "Lodi"],
        ],
    )
    assert cli("import", "members", str(path), "--db", db_path, "--header-row", "3") == 0
    assert capsys.readouterr().out.startswith("created 1,")
    db = open_database(db_path)
    try:
        with unit_of_work(db, write=False) as s:
            city = s.scalar(select(Organisation.city).where(Organisation.name == "Zeta Srl"))
        assert city == "Lodi"
    finally:
        db.dispose()


def test_mapping_file(db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", [["Col A", "Col B"], ["Zeta Srl", "Lodi"]])
    mapping = tmp_path / "m.json"
    mapping.write_text(
        json.dumps({"kind": "members", "columns": {"Col A": "name", "Col B": "city"}})
    )
    assert cli("import", "members", str(path), "--db", db_path, "--mapping", str(mapping)) == 0
    assert capsys.readouterr().out.startswith("created 1,")
    mapping.write_text(json.dumps({"Col A": "ragione"}))
    assert cli("import", "members", str(path), "--db", db_path, "--mapping", str(mapping)) == 1
    assert '"ragione" is not a field' in capsys.readouterr().err


def test_undo_and_batches(db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_italian(tmp_path / "soci.xlsx")
    cli("import", "members", str(path), "--db", db_path, *ANSWERS)
    capsys.readouterr()
    assert cli("import", "batches", "--db", db_path, "--json") == 0
    (batch,) = json.loads(capsys.readouterr().out)
    assert (batch["id"], batch["kind"], batch["file_name"], batch["status"], batch["created"]) == (
        1,
        "members",
        "soci.xlsx",
        "applied",
        2,
    )
    db = open_database(db_path)
    with unit_of_work(db, write=False) as s:
        alfa = s.scalars(select(Organisation).where(Organisation.city == "Bergamo")).one()
    update_record(db, Organisation, alfa.id, {"city": "Varese"})
    db.dispose()
    assert cli("import", "undo", "1", "--db", db_path) == 1
    err = capsys.readouterr().err
    assert "was not undone" in err and "city was changed by tester" in err and "--force" in err
    assert cli("import", "undo", "1", "--db", db_path, "--force") == 0
    assert "Import batch 1 undone" in capsys.readouterr().out
    assert organisations(db_path) == 3
    assert cli("import", "batches", "--db", db_path) == 0
    assert "undone" in capsys.readouterr().out
    assert cli("import", "undo", "1", "--db", db_path) == 1
    assert "already undone" in capsys.readouterr().err
    assert cli("import", "undo", "42", "--db", db_path) == 1


def test_cordis_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_file = tmp_path / "c.db"
    db = open_database(db_file)
    seed_members(db)
    db.dispose()
    project_csv, org_csv = write_cordis(tmp_path)
    assert (
        cli(
            "import",
            "cordis",
            str(project_csv),
            "--organizations",
            str(org_csv),
            "--db",
            str(db_file),
            "--review",
            "skip",
            "--json",
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert (data["created"], data["skipped"], data["batch_id"]) == (2, 1, 1)
    assert "1 projects without members left out" in " ".join(data["notes"])
    db = open_database(db_file)
    with unit_of_work(db, write=False) as s:
        assert s.scalar(select(func.count()).select_from(Project)) == 2
        assert s.get(ImportBatch, 1).file_name == "project.csv + organization.csv"
    db.dispose()


def test_real_process_exit_codes(db_path: str, tmp_path: Path) -> None:
    env = {**os.environ, "WORKBENCH_DATA_DIR": str(tmp_path)}
    path = write_xlsx(
        tmp_path / "x.xlsx",
        [["Ragione sociale", "P.IVA"], ["Zeta Srl", None], ["Eta Srl", "IT123"]],
    )

    def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "workbench", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    strict = run_cli("import", "members", str(path), "--db", db_path, "--strict")
    assert strict.returncode == 1 and "nothing written" in strict.stdout
    applied = run_cli("import", "members", str(path), "--db", db_path)
    assert applied.returncode == 0 and "batch 1" in applied.stdout
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01\x02garbage" * 100)
    unreadable = run_cli("import", "members", str(bad), "--db", db_path)
    assert unreadable.returncode == 2 and "bad.csv" in unreadable.stderr
    assert "Traceback" not in unreadable.stderr
