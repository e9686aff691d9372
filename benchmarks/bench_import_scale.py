"""Import growth benchmark: N varied rows into N members, N = 1k / 10k / 50k, on SQLite.

The file is benchmarks/varied_file.py's (varied new names, Italian formats); the database is
demo.build_synthetic with N members. Each import runs in a child process that does only the
import, timing its phases inside (read_table; preview = mapping + build_plan; "create" for
every row left under review, as a user clearing the review list; apply with backup and
history) and reporting its peak resident set (VmHWM). python-calamine reading the same file
is timed in this process right before and right after the child (median of 6), so every
ratio is of one run on one machine state:

* import / raw read and preview (read_table + plan) / raw read, for each N;
* the growth 50k / 10k of the whole import (5x the rows: linear is 5x).

    PYTHONPATH=. .venv/bin/python benchmarks/bench_import_scale.py [--sizes 1000,10000,50000]
        [--label after] [--impl DIR] [--json FILE]

--impl runs the children with another checkout's ``workbench`` package first on the path
(a directory holding only a ``workbench`` link), to measure the code before a change in the
same conditions. Results: benchmarks/results/import_scale_<label>.json (figures in the README).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.append(str(Path(__file__).resolve().parents[1]))

from common import CACHE, RESULTS, synthetic_db_path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import gc, json, sys, time
from pathlib import Path


def high_water_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


import workbench
from workbench.db import open_database
from workbench.importing import apply_plan, build_plan, read_table, suggest_mapping
from workbench.importing.plan import PlanOptions, ReviewAction

url, file_path = sys.argv[1], Path(sys.argv[2])
loaded = high_water_mb()
db = open_database(url)
try:
    t0, c0 = time.perf_counter(), time.process_time()
    table = read_table(file_path)
    t1 = time.perf_counter()
    mapping = suggest_mapping(table, "members", db=db).mapping
    plan = build_plan(db, table, mapping, PlanOptions())
    t2 = time.perf_counter()
    assert plan.ready, plan.questions
    review = len(plan.review_rows())
    if review:
        plan.decide_all(ReviewAction.CREATE)
    t3 = time.perf_counter()
    result = apply_plan(db, plan, file_path=file_path, record_history=True)
    t4, c4 = time.perf_counter(), time.process_time()
finally:
    db.dispose()
assert result.errors == 0, result.as_dict()
print(json.dumps({"read": t1 - t0, "plan": t2 - t1, "review": t3 - t2, "apply": t4 - t3,
                  "total": t4 - t0, "cpu": c4 - c0, "review_rows": review,
                  "created": result.created, "updated": result.updated,
                  "unchanged": result.unchanged, "peak_mb": high_water_mb(),
                  "loaded_mb": loaded, "workbench": workbench.__file__}))
"""


def raw_read(file_path: Path, runs: int = 6) -> float:
    """Median seconds of python-calamine reading the whole sheet."""
    from python_calamine import CalamineWorkbook

    times = []
    for _ in range(runs):
        t = time.perf_counter()
        CalamineWorkbook.from_path(str(file_path)).get_sheet_by_index(0).to_python()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def child_import(url: str, file_path: Path, impl: Path | None) -> dict[str, float]:
    path = [str(impl)] if impl else []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*path, str(ROOT)])}
    # -P: no current directory first on the path, so --impl's workbench is the one imported.
    out = subprocess.run(
        [sys.executable, "-P", "-c", CHILD, url, str(file_path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(rows: int, impl: Path | None, tmp: Path) -> dict[str, float]:
    from varied_file import write_varied_member_file

    source = synthetic_db_path(rows)
    file_path = CACHE / f"varied-{rows}.xlsx"
    if not file_path.exists():
        write_varied_member_file(file_path, source, rows)
    target = tmp / f"run-{rows}.db"
    shutil.copyfile(source, target)
    raw_read(file_path, 2)  # warm the page cache
    before = raw_read(file_path)
    result = child_import(str(target), file_path, impl)
    after = raw_read(file_path)
    target.unlink()
    raw = statistics.median([before, after])
    return {
        **result,
        "rows": rows,
        "raw": raw,
        "ratio_import": result["total"] / raw,
        "ratio_preview": (result["read"] + result["plan"]) / raw,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--label", default="after")
    parser.add_argument("--impl", type=Path, help="directory with the workbench to measure")
    parser.add_argument("--json", type=Path, help="write the figures here instead")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            r = measure(n, args.impl, Path(tmp))
            out.append(r)
            print(
                f"{args.label} {n:6d} rows: import {r['total']:.2f} s = {r['ratio_import']:.1f}x"
                f" raw read ({r['raw']:.3f} s); read {r['read']:.2f} / preview {r['plan']:.2f}"
                f" / review {r['review']:.2f} ({r['review_rows']} rows) / apply "
                f"{r['apply']:.2f} s; preview {r['ratio_preview']:.1f}x; peak "
                f"{r['peak_mb']:.0f} MB; created {r['created']} updated {r['updated']}",
                flush=True,
            )
    by = {r["rows"]: r for r in out}
    if 10000 in by and 50000 in by:
        print(f"{args.label} 50k / 10k = {by[50000]['total'] / by[10000]['total']:.2f}x")
    target = args.json or RESULTS / f"import_scale_{args.label}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"label": args.label, "results": out}, indent=1) + "\n")


if __name__ == "__main__":
    main()
