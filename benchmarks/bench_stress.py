"""Stress: several processes edit, undo, redo and import on one database; count lost updates.

Each process is one "window" of another user: it edits organisations the way the organisation
editor does (``org_records.save_organisation`` with the version it loaded), edits single
fields the way the record dialogs do (``update_record`` with the version loaded), undoes and
redoes its own edits the way the window's undo stack does (the same service calls inside the
one ``VersionWatch`` of the services layer, no Qt), and imports small member files through
the importer (``build_plan`` + ``apply_plan``). A conflict is answered "keep theirs" (the
edit, undo or redo is dropped), as a user reloading would.

Counting lost updates: every write carries a tag (the history's ``source``) and the worker
logs what it believed the fields were when it decided to write (the record it loaded, or for
an undo/redo what its previous step left). At the end every history entry of those fields is
checked: its old value must be what the writer saw. One that is not is a lost update (a value
someone committed was replaced by a writer that never saw it). Also checked: every write a
worker believes committed is in the history, and the database holds the history's newest
value of every field; on SQLite ``PRAGMA integrity_check`` must say ok.

``--control`` runs a short extra round whose undo/redo skip the version check (the old,
unversioned path) to show the counter does catch lost updates.

Usage::

    .venv/bin/python benchmarks/bench_stress.py                # SQLite and PostgreSQL, 2 min each
    .venv/bin/python benchmarks/bench_stress.py --duration 30 --processes 4 --backend sqlite

Results: ``benchmarks/results/stress.md``.
"""

from __future__ import annotations

import argparse
import copy
import json
import multiprocessing
import os
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import write_markdown  # noqa: E402

#: The organisation fields the writers change (plain text: no normalisation in the way).
FIELDS = ("city", "address", "phone", "notes")
#: Operation weights of a worker.
WEIGHTS = {"edit": 4, "field": 2, "undo": 3, "redo": 1, "import": 1}


# --------------------------------------------------------------------------- worker


@dataclass
class Edit:
    """One undoable edit of a worker (its local undo stack holds these)."""

    kind: str  # "edit" (whole organisation) or "field" (one field)
    org_id: int
    before: Any  # snapshot (edit) or {field: old value} (field)
    after: Any
    seen: dict[Any, int] = field(default_factory=dict)  # the edit's view of the watch


def _org_values(snap: dict[str, Any]) -> dict[str, Any]:
    return {f: snap["organisation"].get(f) for f in FIELDS}


def worker(url: str, index: int, deadline: float, seed: int, out: str, checked: bool) -> None:
    """Run random operations on *url* until *deadline*; log each commit to *out* (JSON lines)."""
    from workbench.db import open_database
    from workbench.errors import ConflictError, NotFoundError, WorkbenchError
    from workbench.models import Organisation
    from workbench.services import base as records
    from workbench.services import org_records

    rng = random.Random(seed)
    db = open_database(url, upgrade=False)
    db.user = f"w{index}"
    watch = records.VersionWatch()  # one per window, as on the window's data bus
    org_ids = [o.id for o in records.list_records(db, Organisation, order_by=[Organisation.id])]
    undo_stack: list[Edit] = []
    redo_stack: list[Edit] = []
    # What this window's last committed write left of each organisation: what an undo or
    # redo believes it writes over.
    left: dict[int, dict[str, Any]] = {}
    counts: Counter[str] = Counter()
    n = 0
    kinds = list(WEIGHTS)
    weights = list(WEIGHTS.values())

    def step(seen: dict[Any, int], first: bool = False) -> Any:
        return watch.step(seen, first=first) if checked or first else nullcontext()

    with open(out, "w", encoding="utf-8") as log:

        def logged(tag: str, org_id: int, seen: dict[str, Any], wrote: dict[str, Any]) -> None:
            log.write(json.dumps({"tag": tag, "org": org_id, "seen": seen, "wrote": wrote}) + "\n")

        while time.monotonic() < deadline:
            n += 1
            kind = rng.choices(kinds, weights)[0]
            if kind == "undo" and not undo_stack or kind == "redo" and not redo_stack:
                kind = "edit"
            if kind == "import" and index != 0:
                kind = "field"  # one importer is enough to mix the path in
            org_id = rng.choice(org_ids)
            tag = f"{kind[0]}{index}.{n}"
            try:
                if kind == "edit":
                    snap = org_records.load_snapshot(db, org_id)
                    time.sleep(rng.random() * 0.02)  # the user typing
                    new = copy.deepcopy(snap)
                    wrote = {rng.choice(FIELDS): f"{tag}"}
                    new["organisation"].update(wrote)
                    edit = Edit("edit", org_id, snap, None)
                    with step(edit.seen, first=True):
                        edit.after = org_records.save_organisation(
                            db,
                            new,
                            expected_version=snap["organisation"]["version"],
                            source=tag,
                        )
                    logged(tag, org_id, _org_values(snap), wrote)
                    left[org_id] = _org_values(edit.after)
                    undo_stack.append(edit)
                    redo_stack.clear()
                elif kind == "field":
                    record = records.get_record(db, Organisation, org_id)
                    time.sleep(rng.random() * 0.02)
                    name = rng.choice(FIELDS)
                    wrote = {name: tag}
                    edit = Edit("field", org_id, {name: getattr(record, name)}, wrote)
                    with step(edit.seen, first=True):
                        records.update_record(
                            db,
                            Organisation,
                            org_id,
                            wrote,
                            expected_version=record.version,
                            source=tag,
                        )
                    seen = {f: getattr(record, f) for f in FIELDS}
                    logged(tag, org_id, seen, wrote)
                    left[org_id] = {**seen, **wrote}
                    undo_stack.append(edit)
                    redo_stack.clear()
                elif kind in ("undo", "redo"):
                    edit = (undo_stack if kind == "undo" else redo_stack).pop()
                    org_id = edit.org_id
                    seen = left[org_id]
                    target = edit.before if kind == "undo" else edit.after
                    with step(edit.seen):
                        if edit.kind == "edit":
                            org_records.restore_snapshot(db, target, source=tag)
                            wrote = _org_values(target)
                        else:
                            records.update_record(db, Organisation, org_id, target, source=tag)
                            wrote = dict(target)
                    logged(tag, org_id, seen, wrote)
                    left[org_id] = {**seen, **wrote}
                    (redo_stack if kind == "undo" else undo_stack).append(edit)
                else:
                    counts["import rows refused (changed after preview)"] += run_import(
                        db, rng, org_ids, tag, logged
                    )
                counts[f"{kind} committed"] += 1
            except ConflictError:
                counts[f"{kind} conflict"] += 1  # keep theirs: the edit/undo/redo is dropped
            except NotFoundError:
                counts[f"{kind} not found"] += 1
            except WorkbenchError as exc:  # e.g. the database is busy beyond the timeout
                counts[f"{kind} refused: {type(exc).__name__}"] += 1
        log.write(json.dumps({"counts": counts}) + "\n")
    db.dispose()


def run_import(db: Any, rng: random.Random, org_ids: list[int], tag: str, logged: Any) -> int:
    """Import a small members file changing the city of three organisations (by VAT).

    Returns the number of rows the importer refused because the record changed after its
    preview (the import's own version check).
    """
    from workbench.importing.apply import apply_plan
    from workbench.importing.fields import ImportKind
    from workbench.importing.plan import PlanOptions, build_plan
    from workbench.importing.readers import read_table
    from workbench.importing.suggest import suggest_mapping
    from workbench.models import Organisation
    from workbench.services import base as records

    chosen = rng.sample(org_ids, 3)
    orgs = {i: records.get_record(db, Organisation, i) for i in chosen}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "members.csv"
        lines = ["Name;VAT;City"] + [
            f"{o.name};{o.vat};{tag}-{k}" for k, o in enumerate(orgs.values())
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        table = read_table(str(path))
        mapping = suggest_mapping(table, ImportKind.MEMBERS, db=db).mapping
        plan = build_plan(db, table, mapping, PlanOptions())
        after = {i: records.get_record(db, Organisation, i) for i in chosen}
        result = apply_plan(db, plan, file_path=[path])
    # A row whose record changed after the preview is refused (quarantined), not written.
    refused = {q.row_index for q in result.quarantined}
    for k, org_id in enumerate(chosen):
        if k in refused:
            continue
        # The importer saw the record somewhere between these two reads.
        seen = {f: [getattr(orgs[org_id], f), getattr(after[org_id], f)] for f in FIELDS}
        logged(f"batch:{result.batch_id}", org_id, seen, {"city": f"{tag}-{k}"})
    return len(refused)


# --------------------------------------------------------------------------- analysis


def analyse(url: str, logs: list[Path]) -> dict[str, Any]:
    """Lost updates and other disagreements between the workers' logs, history and database."""
    from sqlalchemy import select

    from workbench.db import open_database
    from workbench.models import AuditEntry, Organisation
    from workbench.services import base as records
    from workbench.services.audit import dump_value

    ops: dict[str, dict[str, Any]] = {}
    counts: Counter[str] = Counter()
    for path in logs:
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            if "counts" in entry:
                counts.update(entry["counts"])
            else:
                ops[f"{entry['tag']}/{entry['org']}"] = entry
    db = open_database(url, upgrade=False)
    with records.unit_of_work(db, write=False) as session:
        history = session.execute(
            select(
                AuditEntry.source,
                AuditEntry.batch_id,
                AuditEntry.record_id,
                AuditEntry.field,
                AuditEntry.old_value,
                AuditEntry.new_value,
            )
            .where(
                AuditEntry.table_name == "organisation",
                AuditEntry.action == "update",
                AuditEntry.field.in_(FIELDS),
            )
            .order_by(AuditEntry.id)
        ).all()
        final = {
            o.id: {f: getattr(o, f) for f in FIELDS} for o in session.scalars(select(Organisation))
        }
    db.dispose()

    lost: list[str] = []
    unknown = 0
    newest: dict[tuple[int, str], Any] = {}
    in_history: set[str] = set()
    for source, batch_id, record_id, name, old, new in history:
        newest[(record_id, name)] = new
        tag = f"batch:{batch_id}" if source == "import" else source
        op = ops.get(f"{tag}/{record_id}")
        if op is None:
            unknown += 1
            continue
        in_history.add(f"{tag}/{record_id}")
        seen = op["seen"].get(name)
        allowed = seen if isinstance(seen, list) else [seen]
        if old not in {dump_value(v) for v in allowed}:
            lost.append(f"{tag} on organisation {record_id}.{name}: replaced {old}, saw {seen}")
    missing = [
        key
        for key, op in ops.items()
        if any(
            dump_value(value) not in {dump_value(v) for v in _as_list(op["seen"].get(name))}
            for name, value in op["wrote"].items()
        )
        and key not in in_history
    ]
    disagree = [
        f"{org_id}.{name}"
        for (org_id, name), value in newest.items()
        if dump_value(final.get(org_id, {}).get(name)) != value
    ]
    return {
        "counts": counts,
        "commits": len(ops),
        "entries": len(history),
        "lost": lost,
        "missing": missing,
        "disagree": disagree,
        "unknown": unknown,
    }


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# --------------------------------------------------------------------------- backends


@contextmanager
def sqlite_database(folder: Path) -> Iterator[tuple[str, Path | None]]:
    yield str(folder / "stress.db"), folder / "stress.db"


@contextmanager
def postgres_database() -> Iterator[tuple[str, Path | None]]:
    from tests.support.postgres import TempPostgres, create_database, drop_database, env_pg_url

    server: Any = None
    maintenance = env_pg_url()
    if maintenance is None:
        server = TempPostgres(create_test_db=False).start()
        maintenance = server.maintenance_url
    name = f"bench_stress_{os.getpid()}"
    try:
        yield create_database(maintenance, name), None
        drop_database(maintenance, name)
    finally:
        if server is not None:
            server.stop()


def seed(url: str, organisations: int) -> None:
    """*organisations* members with valid VAT numbers (the importer matches on them)."""
    from workbench.db import open_database
    from workbench.services import members

    db = open_database(url)
    for i in range(organisations):
        members.create_organisation(
            db,
            {
                "name": f"Stress Org {i:03d} S.r.l.",
                "vat": _vat(1_000 + i),
                "city": "Milano",
                "phone": "+39 02 000000",
            },
            join_date=date(2020, 1, 1),
        )
    db.dispose()


def _vat(number: int) -> str:
    """A valid Italian VAT number: serial *number*, office 001, the checksum digit."""
    from stdnum import luhn  # the Italian partita IVA check digit is Luhn's

    base = f"{number:07d}001"
    return f"IT{base}{luhn.calc_check_digit(base)}"


def run_round(
    backend: str, processes: int, duration: float, organisations: int, checked: bool
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="wb-stress-") as tmp:
        folder = Path(tmp)
        maker = sqlite_database(folder) if backend == "SQLite" else postgres_database()
        with maker as (url, path):
            seed(url, organisations)
            context = multiprocessing.get_context("spawn")
            deadline = time.monotonic() + duration + 5  # the workers need ~5 s to start
            logs = [folder / f"worker-{i}.jsonl" for i in range(processes)]
            started = time.perf_counter()
            jobs = [
                context.Process(
                    target=worker, args=(url, i, deadline, 1000 + i, str(logs[i]), checked)
                )
                for i in range(processes)
            ]
            for job in jobs:
                job.start()
            for job in jobs:
                job.join()
            wall = time.perf_counter() - started
            failed = [j.exitcode for j in jobs if j.exitcode]
            result = analyse(url, [p for p in logs if p.exists()])
            result["integrity"] = _integrity(path) if path is not None else "n/a"
    result.update(backend=backend, wall=wall, failed=failed, checked=checked)
    return result


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()
    return "; ".join(r[0] for r in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("both", "sqlite", "postgresql"), default="both")
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--duration", type=float, default=120, help="seconds per backend")
    parser.add_argument("--organisations", type=int, default=12, help="records fought over")
    parser.add_argument(
        "--control", type=float, default=20, help="seconds of the unversioned round (0: none)"
    )
    args = parser.parse_args()
    backends = (
        ["SQLite", "PostgreSQL"]
        if args.backend == "both"
        else ["SQLite" if args.backend == "sqlite" else "PostgreSQL"]
    )
    results = []
    for backend in backends:
        print(f"{backend}: {args.processes} processes for {args.duration:.0f} s ...", flush=True)
        results.append(
            run_round(backend, args.processes, args.duration, args.organisations, checked=True)
        )
        if args.control:
            print(f"{backend}: control round without the undo version check ...", flush=True)
            results.append(
                run_round(backend, args.processes, args.control, args.organisations, False)
            )
    rows = []
    notes = []
    for r in results:
        c = r["counts"]
        committed = sum(v for k, v in c.items() if k.endswith("committed"))
        conflicts = sum(v for k, v in c.items() if k.endswith("conflict"))
        undo_redo = f"{c['undo committed'] + c['redo committed']} / " + str(
            c["undo conflict"] + c["redo conflict"]
        )
        rows.append(
            [
                r["backend"],
                "checked (as shipped)" if r["checked"] else "control: unversioned undo/redo",
                f"{r['wall']:.0f} s",
                committed,
                conflicts,
                undo_redo,
                c["import committed"],
                r["entries"],
                f"**{len(r['lost'])}**",
                len(r["missing"]),
                len(r["disagree"]),
                r["integrity"],
            ]
        )
        refused = {k: v for k, v in c.items() if "refused" in k or "not found" in k}
        rows_refused = refused.pop("import rows refused (changed after preview)", 0)
        notes.append(
            f"{r['backend']} ({'checked' if r['checked'] else 'control'}): "
            f"{rows_refused} import rows refused by the importer's own version check"
        )
        if refused or r["failed"] or r["unknown"]:
            notes.append(
                f"{r['backend']} ({'checked' if r['checked'] else 'control'}): other outcomes "
                f"{dict(refused)}, crashed workers {r['failed']}, untagged entries {r['unknown']}"
            )
        for line in r["lost"][:3]:
            notes.append(f"{r['backend']} lost update example: {line}")
        for line in r["missing"][:3]:
            notes.append(f"{r['backend']} missing write example: {line}")
    notes.insert(
        0,
        f"{args.processes} processes on one database, {args.organisations} organisations "
        "fought over; operation weights "
        + ", ".join(f"{k} {v}" for k, v in WEIGHTS.items())
        + " (imports by one process). A conflict is answered 'keep theirs'.",
    )
    notes.insert(
        1,
        "Lost update: a history entry whose old value is not what its writer saw. Missing: a "
        "write its worker believes committed that is not in the history. Disagree: a field "
        "whose value differs from the history's newest.",
    )
    write_markdown(
        "stress",
        "Stress: concurrent edits, undo/redo and imports on one database",
        [
            "backend",
            "undo/redo path",
            "wall",
            "commits",
            "conflicts",
            "undo+redo commits / conflicts",
            "imports",
            "history entries checked",
            "lost updates",
            "missing",
            "disagree",
            "integrity_check",
        ],
        rows,
        notes,
    )
    shipped = [r for r in results if r["checked"]]
    return 0 if all(not r["lost"] and not r["missing"] for r in shipped) else 1


if __name__ == "__main__":
    raise SystemExit(main())
