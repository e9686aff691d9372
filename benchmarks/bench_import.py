"""Import benchmark: a 10,000-row member xlsx into a database that already holds 10,000 members.

Measures, on SQLite and (when a server can be had) on PostgreSQL:

* the whole import as a user runs it (read + mapping + preview + backup + apply in one
  transaction with history), median of 3 runs, each into a fresh copy of the database;
* python-calamine merely reading the same file, and the ratios (issue 16's targets: the whole
  import at most 8x on SQLite and 10x on PostgreSQL, the preview alone, read + plan, 3x);
* peak memory of the import, as the maximum resident set size of a child process that does
  only the import (target: under 300 MB);
* the same import with history off, and the ratio history on / off (target: under 1.3x).

Wall time and CPU time of this process are both reported: the machines these run on are
shared, and CPU time is what the code costs (on SQLite the database work happens in this
process; on PostgreSQL the server's share is only in the wall time).

The file (``--file varied``, the default) is benchmarks/varied_file.py's: varied new names and
Italian text formats, as real member files arrive. ``--file uniform`` is the older one, which
mixes: half the rows are existing members (matched by VAT,
a quarter of them with a new phone and a fee for next year, all with new size data), half are
new members with membership, fee, size data, a contact and a competence area; Italian headers,
a title row, date cells, decimal numbers. Run:

    .venv/bin/python benchmarks/bench_import.py [--rows 10000] [--runs 3] [--no-pg] [--profile]

Writes benchmarks/results/import.md.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import CACHE, synthetic_db_path, write_markdown  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MEMORY_TARGET_MB = 300
RATIO_TARGET = {"SQLite": 8.0, "PostgreSQL": 10.0}  # issue 16: whole import vs the raw read
PREVIEW_TARGET = 3.0  # issue 16: read + preview vs the raw read
HISTORY_TARGET = 1.3


# --------------------------------------------------------------------------------------------
# the file


def existing_members(db_path: Path, limit: int) -> list[tuple[str, str, str | None]]:
    """(name, VAT, city) of members of the synthetic database that have a VAT number."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            "SELECT name, vat, city FROM organisation WHERE vat IS NOT NULL ORDER BY id LIMIT ?",
            (limit,),
        ).fetchall()
    finally:
        conn.close()


def area_names(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM competence_area ORDER BY id")]
    finally:
        conn.close()


def write_member_file(path: Path, db_path: Path, rows: int, seed: int = 11) -> Path:
    """The benchmark's member list (see the module docstring)."""
    from openpyxl import Workbook
    from stdnum import luhn

    rng = random.Random(seed)
    year = date.today().year
    existing = existing_members(db_path, rows // 2)
    areas = area_names(db_path)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Soci")
    ws.append([f"Elenco soci al 31/12/{year}"])
    ws.append([])
    ws.append(
        [
            "Ragione sociale",
            "P.IVA",
            "Tipologia",
            "Indirizzo",
            "CAP",
            "Comune",
            "Provincia",
            "Sito web",
            "Telefono azienda",
            "Data adesione",
            f"Quota {year + 1}",
            f"Dipendenti {year}",
            f"Fatturato {year}",
            f"Totale attivo {year}",
            "Referente",
            "Ruolo",
            "Email referente",
            "Area di competenza",
        ]
    )
    for i in range(rows):
        turnover = round(rng.uniform(100_000, 40_000_000), 2)
        if i < len(existing):
            name, vat, city = existing[i]
            phone = f"02 {rng.randint(1_000_000, 9_999_999)}" if i % 4 == 0 else None
            ws.append(
                [
                    name,
                    vat,
                    None,
                    None,
                    None,
                    city,
                    None,
                    None,
                    phone,
                    None,
                    600 if i % 4 == 0 else None,
                    rng.randint(1, 240),
                    turnover,
                    round(turnover * 0.8, 2),
                    None,
                    None,
                    None,
                    None,
                ]
            )
        else:
            base = f"{rng.randint(1_000_000, 9_999_999)}{rng.randint(1, 100):03d}"
            vat = "IT" + base + luhn.calc_check_digit(base)
            first, last = rng.choice(["Anna", "Luca", "Marco", "Sara"]), f"Cognome{i}"
            ws.append(
                [
                    f"Nuova Impresa {i} S.r.l.",
                    vat,
                    "Impresa",
                    f"Via Milano {i % 300}",
                    f"{20100 + i % 800}",
                    "Milano",
                    "MI",
                    f"www.nuova{i}.it",
                    f"02 {rng.randint(1_000_000, 9_999_999)}",
                    date(2024, 1, 1) + timedelta(days=rng.randint(0, 600)),
                    600,
                    rng.randint(1, 240),
                    turnover,
                    round(turnover * 0.8, 2),
                    f"{first} {last}",
                    "Referente tecnico",
                    f"{first.lower()}.{i}@nuova.it",
                    rng.choice(areas),
                ]
            )
    wb.save(path)
    return path


# --------------------------------------------------------------------------------------------
# one import


def run_import(db_url: str, file_path: Path, *, history: bool = True) -> dict[str, float]:
    """The whole import as the CLI runs it; wall and CPU seconds of each phase."""
    from workbench.db import open_database
    from workbench.importing import apply_plan, build_plan, read_table, suggest_mapping
    from workbench.importing.plan import PlanOptions

    db = open_database(db_url)
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        table = read_table(file_path)
        t1, c1 = time.perf_counter(), time.process_time()
        mapping = suggest_mapping(table, "members", db=db).mapping
        plan = build_plan(db, table, mapping, PlanOptions())
        t2, c2 = time.perf_counter(), time.process_time()
        assert plan.ready, plan.questions
        result = apply_plan(db, plan, file_path=file_path, record_history=history)
        t3, c3 = time.perf_counter(), time.process_time()
    finally:
        db.dispose()
    assert result.errors == 0 and result.created + result.updated > 0, result.as_dict()
    return {
        "read": t1 - t0,
        "plan": t2 - t1,
        "apply": t3 - t2,
        "total": t3 - t0,
        "cpu_read": c1 - c0,
        "cpu_plan": c2 - c1,
        "cpu_apply": c3 - c2,
        "cpu": c3 - c0,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


def calamine_read(file_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(file_path))
    workbook.get_sheet_by_index(0).to_python()


def calamine_times(file_path: Path, runs: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of python-calamine reading the whole sheet."""
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        calamine_read(file_path)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


# --------------------------------------------------------------------------------------------
# backends


@dataclass
class Backend:
    """A way to get a fresh copy of the 10,000-member database for each run."""

    name: str
    fresh: Callable[[], str]
    cleanup: Callable[[], None]


def sqlite_backend(members: int, tmp: Path) -> Backend:
    source = synthetic_db_path(members)
    counter = iter(range(1_000_000))

    def fresh() -> str:
        target = tmp / f"run-{next(counter)}.db"
        shutil.copyfile(source, target)
        return str(target)

    return Backend("SQLite", fresh, lambda: None)


def postgres_backend(members: int) -> Backend | None:
    """A PostgreSQL server (WORKBENCH_TEST_PG_URL or a throw-away one), or None."""
    try:
        from tests.support.postgres import (
            PostgresUnavailable,
            TempPostgres,
            create_database,
            drop_database,
            env_pg_url,
            libpq_url,
        )
    except ImportError:
        return None
    import psycopg
    from psycopg import sql

    from workbench import demo
    from workbench.db import open_database

    server: Any = None
    try:
        maintenance = env_pg_url()
        if maintenance is None:
            server = TempPostgres(create_test_db=False).start()
            maintenance = server.maintenance_url
    except PostgresUnavailable as exc:
        print(f"PostgreSQL skipped: {exc}", file=sys.stderr)
        return None
    template = f"bench_import_{os.getpid()}"
    template_url = create_database(maintenance, template)
    print("building the synthetic database on PostgreSQL ...", file=sys.stderr)
    db = open_database(template_url)
    demo.build_synthetic(db, members=members, projects=500)
    _reset_sequences(db)
    db.dispose()
    made: list[str] = []

    def fresh() -> str:
        name = f"{template}_{len(made)}"
        with psycopg.connect(libpq_url(maintenance), autocommit=True) as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        made.append(name)
        return maintenance.rsplit("/", 1)[0] + "/" + name

    def cleanup() -> None:
        for name in [*made, template]:
            drop_database(maintenance, name)
        if server is not None:
            server.stop()

    return Backend("PostgreSQL", fresh, cleanup)


def _reset_sequences(db: Any) -> None:
    """Move PostgreSQL id sequences past the ids build_synthetic inserted explicitly.

    build_synthetic writes rows with their ids (bulk inserts), which does not advance the
    SERIAL sequences; without this the first new organisation would reuse id 1.
    """
    from sqlalchemy import text

    from workbench.models import Base

    with db.engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            if "id" not in table.c or not table.c.id.primary_key:
                continue
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                )
            )


# --------------------------------------------------------------------------------------------
# memory in a child process


CHILD = """
import resource, sys
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})


def high_water_kib():
    # VmHWM belongs to this process image; ru_maxrss survives exec and would report the
    # parent's size when the parent is bigger.
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


from bench_import import run_import
import workbench.importing, workbench.db  # noqa: F401  (the program itself, loaded)
loaded = high_water_kib()
run_import({url!r}, {file!r})
peak = high_water_kib()
print(loaded, peak)
"""


def peak_memory_mb(url: str, file_path: Path) -> tuple[float, float]:
    """(peak RSS of a process that only imports, its RSS once the modules are loaded), MB."""
    code = CHILD.format(
        root=str(ROOT), bench=str(Path(__file__).parent), url=url, file=str(file_path)
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    loaded, peak = (int(x) for x in out.stdout.split()[-2:])
    return peak / 1024, loaded / 1024  # Linux reports ru_maxrss in KiB


# --------------------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "met" if ok else "missed"


def measure(
    backend: Backend, file_path: Path, runs: int, raw: tuple[float, float]
) -> list[list[Any]]:
    raw_wall, raw_cpu = raw
    on = [run_import(backend.fresh(), file_path, history=True) for _ in range(runs)]
    off = [run_import(backend.fresh(), file_path, history=False) for _ in range(runs)]

    def med(results: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in results)

    wall_on, wall_off = med(on, "total"), med(off, "total")
    cpu_on, cpu_off = med(on, "cpu"), med(off, "cpu")
    peak, loaded = peak_memory_mb(backend.fresh(), file_path)
    first = on[0]
    name = backend.name
    return [
        [
            name,
            "import, history on (read + preview + backup + apply)",
            f"{wall_on:.2f} s wall / {cpu_on:.2f} s CPU",
            f"{wall_on / raw_wall:.0f}x wall / {cpu_on / raw_cpu:.0f}x CPU",
            f"<= {RATIO_TARGET[name]:.0f}x",
            _verdict(wall_on / raw_wall <= RATIO_TARGET[name]),
        ],
        [
            name,
            "  preview alone (read_table + mapping, parse, match, diff)",
            f"{med(on, 'read') + med(on, 'plan'):.2f} s wall",
            f"{(med(on, 'read') + med(on, 'plan')) / raw_wall:.1f}x",
            f"<= {PREVIEW_TARGET:.0f}x",
            _verdict((med(on, "read") + med(on, "plan")) / raw_wall <= PREVIEW_TARGET),
        ],
        [
            name,
            "  read_table / preview (mapping, parse, match, diff) / apply",
            " / ".join(f"{med(on, k):.2f}" for k in ("read", "plan", "apply")) + " s wall",
            " / ".join(f"{med(on, k) / raw_wall:.0f}x" for k in ("read", "plan", "apply")),
            "",
            "",
        ],
        [
            name,
            "import, history off",
            f"{wall_off:.2f} s wall / {cpu_off:.2f} s CPU",
            f"history on/off {wall_on / wall_off:.2f}x wall / {cpu_on / cpu_off:.2f}x CPU",
            f"<= {HISTORY_TARGET}x",
            _verdict(wall_on / wall_off <= HISTORY_TARGET),
        ],
        [
            name,
            "peak memory of a process that only imports",
            f"{peak:.0f} MB",
            f"{loaded:.0f} MB once the modules are loaded",
            f"< {MEMORY_TARGET_MB} MB",
            _verdict(peak < MEMORY_TARGET_MB),
        ],
        [
            name,
            "rows written",
            f"{first['created']:.0f} created",
            f"{first['updated']:.0f} updated, {first['unchanged']:.0f} unchanged",
            "",
            "",
        ],
    ]


def profile(file_path: Path, url: str) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    run_import(url, file_path)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--profile", action="store_true", help="profile one SQLite run")
    parser.add_argument(
        "--file",
        choices=("varied", "uniform"),
        default="varied",
        help="varied: benchmarks/varied_file.py (varied new names, Italian text formats); "
        'uniform: the older file whose new rows are all "Nuova Impresa N S.r.l."',
    )
    args = parser.parse_args()

    CACHE.mkdir(parents=True, exist_ok=True)
    source = synthetic_db_path(args.members)
    if args.file == "varied":
        from varied_file import write_varied_member_file

        file_path = CACHE / f"varied-{args.rows}.xlsx"
        if not file_path.exists():
            write_varied_member_file(file_path, source, args.rows)
    else:
        file_path = CACHE / f"members-{args.rows}.xlsx"
        if not file_path.exists():
            write_member_file(file_path, source, args.rows)
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        sqlite = sqlite_backend(args.members, tmp)
        if args.profile:
            profile(file_path, sqlite.fresh())
            return
        calamine_read(file_path)  # warm the page cache
        raw = calamine_times(file_path, max(args.runs, 5))
        rows: list[list[Any]] = [
            [
                "-",
                "python-calamine reading the file (baseline)",
                f"{raw[0]:.3f} s wall / {raw[1]:.3f} s CPU",
                "1x",
                "",
                "",
            ]
        ]
        rows += measure(sqlite, file_path, args.runs, raw)
        backend = None if args.no_pg else postgres_backend(args.members)
        if backend is not None:
            try:
                rows += measure(backend, file_path, args.runs, raw)
            finally:
                backend.cleanup()
        described = (
            "new members with varied names, dates, fees and amounts as Italian text, VAT "
            "numbers spelt four ways, some rows without VAT (benchmarks/varied_file.py)"
            if args.file == "varied"
            else 'new members all named "Nuova Impresa N S.r.l."'
        )
        notes = [
            f"File: {described}.",
            f"{args.rows:,}-row member xlsx (18 columns, Italian headers, a title row) into a "
            f"database holding {args.members:,} members (demo.build_synthetic); half the rows "
            "are existing members matched by VAT, half new members with membership, fee, size "
            "data, contact and area (about 45,000 records written or changed).",
            f"Median of {args.runs} runs, each into a fresh copy of the database; the import "
            "includes the pre-import backup (a file copy on SQLite, a streamed export on "
            "PostgreSQL) and the history of every change "
            "(one AuditEntry per created record and per changed field).",
            "Peak memory: maximum resident set size of a child process that only imports "
            "(interpreter, SQLAlchemy, the file and the snapshot of the 10,000 members).",
            f"Machine: {os.cpu_count()} CPU(s), shared with other jobs; CPU time is the steadier "
            "figure.",
        ]
        if backend is None and not args.no_pg:
            notes.append(
                "PostgreSQL: not measured (no server binaries and no WORKBENCH_TEST_PG_URL)."
            )
        write_markdown(
            "import",
            f"Importing {args.rows:,} members into {args.members:,}",
            ["backend", "measure", "value", "ratio", "target", "verdict"],
            rows,
            notes,
        )


if __name__ == "__main__":
    main()
