"""Killing the process in the middle of an import leaves no part of the batch (SQLite).

A child process imports a 5,000-row file; its progress callback (called after each chunk has
been flushed inside the import transaction) writes a marker file after two chunks and then
sleeps, still inside the transaction. The test SIGKILLs it there and checks that the database
passes ``integrity_check`` and holds nothing of the batch: no ImportBatch row, no new
organisations, no history entries. The import then runs to the end in a fresh process.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.importing.test_plan_apply import make_vat
from workbench.db import check_sqlite_integrity, open_database
from workbench.services import members

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

ROWS = 5_000

CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from workbench.db import open_database
    from workbench.importing import apply_plan, build_plan, read_table, suggest_mapping
    from workbench.importing.plan import PlanOptions

    db_path, file_path, marker, stop_after = sys.argv[1:5]
    db = open_database(db_path)
    table = read_table(file_path)
    plan = build_plan(db, table, suggest_mapping(table, "members").mapping,
                      PlanOptions(date_order=None))
    chunks = 0

    def progress(done, total, message=""):
        global chunks
        chunks += 1
        if chunks == int(stop_after):
            Path(marker).write_text(f"{done}/{total}")
            time.sleep(120)  # inside the open import transaction: the parent kills us here

    result = apply_plan(db, plan, file_path=file_path, progress=progress)
    print("applied", result.batch_id, result.created)
    """
)


def write_big_file(path: Path, rows: int) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Soci")
    ws.append(
        ["Ragione sociale", "P.IVA", "Comune", "Data adesione", "Quota 2024", "Referente", "Email"]
    )
    for i in range(rows):
        ws.append(
            [
                f"Impresa Numero {i} S.r.l.",
                make_vat(3_000_000 + i),
                "Milano",
                "2024-03-15",
                600,
                f"Persona {i} Rossi",
                f"p{i}@impresa{i}.it",
            ]
        )
    wb.save(path)
    return path


def counts(db_path: Path) -> dict[str, int]:
    conn = sqlite3.connect(db_path)
    try:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (
                "organisation",
                "import_batch",
                "audit_entry",
                "contact",
                "fee",
                "membership_period",
            )
        }
    finally:
        conn.close()


def run_child(
    db_path: Path, file_path: Path, marker: Path, stop_after: int
) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), str(file_path), str(marker), str(stop_after)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_sigkill_during_apply_leaves_no_part_of_the_batch(tmp_path: Path) -> None:
    db_path = tmp_path / "workbench.db"
    db = open_database(db_path)
    members.create_organisation(db, {"name": "Esistente S.r.l.", "vat": make_vat(42)})
    db.dispose()
    before = counts(db_path)
    file_path = write_big_file(tmp_path / "soci.xlsx", ROWS)
    marker = tmp_path / "marker"

    child = run_child(db_path, file_path, marker, stop_after=3)
    deadline = time.monotonic() + 300
    while not marker.exists():
        if child.poll() is not None:
            out, err = child.communicate()
            pytest.fail(f"the import ended before it could be killed: {out} {err}")
        if time.monotonic() > deadline:
            child.kill()
            pytest.fail("the import did not reach the third chunk in time")
        time.sleep(0.05)
    assert marker.read_text() == f"1500/{ROWS}"  # three chunks were written, not committed
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL

    check_sqlite_integrity(db_path)  # raises if damaged
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert counts(db_path) == before  # no batch, no organisations, no history of it

    # the pre-import backup was taken and is itself healthy
    backups = list((tmp_path / "backups").glob("workbench-*-pre-import.db"))
    assert len(backups) == 1
    check_sqlite_integrity(backups[0])

    # and the database is usable: the same import now runs to the end
    marker.unlink()
    done = run_child(db_path, file_path, marker, stop_after=10_000)
    out, err = done.communicate(timeout=600)
    assert done.returncode == 0, err
    assert out.split() == ["applied", "1", str(ROWS)]
    after = counts(db_path)
    assert after["organisation"] == before["organisation"] + ROWS
    assert after["import_batch"] == 1 and after["contact"] == ROWS
