"""Personal data export/erase, instance locks, daily backups, history export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from workbench.cli import run
from workbench.db import list_backups, open_database
from workbench.locking import InstanceLock, lock_path_for, read_owner
from workbench.models import AuditEntry, Contact
from workbench.services import activities, members
from workbench.services.base import create_record, list_records, update_record
from workbench.services.privacy import erase_person, export_person, person_data


def _person(db):
    org = members.create_organisation(db, {"name": "Alpha S.r.l."}, join_date=date(2020, 1, 1))
    contact = create_record(
        db,
        Contact,
        {
            "organisation_id": org.id,
            "first_name": "Giulia",
            "last_name": "Bianchi",
            "email": "g.bianchi@alpha.it",
            "role": "=cmd|' /C calc'!A0",
            "consent": True,
            "consent_date": date(2024, 5, 1),
        },
    )
    update_record(db, Contact, contact.id, {"phone": "+39 02 1234567"})
    activities.save_activity(
        db,
        {"title": "Info day", "start_date": date(2024, 3, 1)},
        participants=[
            activities.ParticipantInput(person_name="Giulia Bianchi", email="G.Bianchi@alpha.it"),
            activities.ParticipantInput(person_name="Someone Else"),
        ],
    )
    return contact


def test_person_export_holds_everything(any_db, tmp_path: Path) -> None:
    contact = _person(any_db)
    data = person_data(any_db, contact.id)
    assert data["person"] == "Giulia Bianchi" and data["organisation"] == "Alpha S.r.l."
    assert len(data["activities_attended"]) == 1
    assert [h["action"] for h in data["history"]] == ["create", "update"]
    json_path, xlsx_path = export_person(any_db, contact.id, tmp_path / "giulia")
    assert json.loads(json_path.read_text())["contact_record"]["email"] == "g.bianchi@alpha.it"
    sheet = load_workbook(xlsx_path)["Contact"]
    values = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    assert values["role"].value == "=cmd|' /C calc'!A0" and values["role"].data_type == "s"


def test_erase_person_scrubs_history(any_db) -> None:
    contact = _person(any_db)
    summary = erase_person(any_db, contact.id)
    assert summary.participations_removed == 1
    assert list_records(any_db, Contact) == []
    remaining = [p.person_name for a in activities.list_activities(any_db) for p in a.participants]
    assert remaining == ["Someone Else"]
    everything = " ".join(
        f"{e.record_label} {e.old_value} {e.new_value}" for e in list_records(any_db, AuditEntry)
    )
    assert "Bianchi" not in everything and "1234567" not in everything
    assert any(e.source == "privacy" for e in list_records(any_db, AuditEntry))


def test_second_instance_sees_the_lock_and_can_take_over(tmp_path: Path) -> None:
    db_path = tmp_path / "c.db"
    open_database(db_path).dispose()
    # The first instance is another live process.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys,time; from pathlib import Path; "
                "from workbench.locking import InstanceLock;"
                f"InstanceLock(Path({str(db_path)!r}), 'anna').acquire(); print('ok', flush=True);"
                "time.sleep(60)"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        mine = InstanceLock(db_path, "bruno")
        other = mine.acquire()
        assert other is not None and other.user == "anna" and other.pid == holder.pid
        assert "anna on" in other.describe()
        assert mine.acquire(take_over=True) is None
        assert mine.still_ours()
    finally:
        holder.kill()
        holder.wait()


def test_stale_lock_of_a_crashed_process_is_ignored(tmp_path: Path) -> None:
    db_path = tmp_path / "c.db"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    import socket

    lock_path_for(db_path).write_text(
        json.dumps(
            {"user": "ghost", "host": socket.gethostname(), "pid": int(dead), "since": "2020"}
        )
    )
    assert read_owner(db_path) is None
    lock = InstanceLock(db_path, "me")
    assert lock.acquire() is None
    lock.release()
    assert not lock_path_for(db_path).exists()


def test_read_only_database_refuses_writes(tmp_path: Path) -> None:
    from workbench.errors import DatabaseError

    db = open_database(tmp_path / "c.db")
    db.read_only = True
    with pytest.raises(DatabaseError, match="read-only"):
        members.create_organisation(db, {"name": "X"})
    assert members.list_organisations(db) == []


def test_daily_backup_once_per_day(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    open_database(path).dispose()
    open_database(path, daily_backup=True).dispose()
    open_database(path, daily_backup=True).dispose()
    assert [p.name.endswith("-daily.db") for p in list_backups(path)] == [True]


def test_history_cli_filters_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_file = str(tmp_path / "c.db")
    db = open_database(db_file)
    org = members.create_organisation(db, {"name": "Alpha", "city": "Como"})
    update_record(db, type(org), org.id, {"city": "Lecco"})
    assert (
        run(
            [
                "history",
                "--db",
                db_file,
                "--table",
                "organisation",
                "--record",
                str(org.id),
                "--json",
            ]
        )
        == 0
    )
    entries = json.loads(capsys.readouterr().out)
    assert [(e["action"], e["field"]) for e in entries] == [("update", "city"), ("create", None)]
    assert run(["history", "--db", db_file, "--csv", str(tmp_path / "h.csv")]) == 0
    assert "Lecco" in (tmp_path / "h.csv").read_text(encoding="utf-8-sig")
    assert run(["person", "erase", "999", "--db", db_file, "--yes"]) == 1
    assert "no longer exists" in capsys.readouterr().err
    os.environ.pop("UNUSED", None)


def test_synthetic_database_accepts_new_records_on_both_backends(any_db) -> None:
    from workbench import demo

    demo.build_synthetic(any_db, members=50, projects=5, today=date(2026, 6, 30))
    created = members.create_organisation(any_db, {"name": "After synthetic"})
    assert created.id > 50
