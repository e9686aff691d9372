"""Import growth benchmark: N varied rows into N members, N = 1k / 10k / 50k, on SQLite.

The file is benchmarks/varied_file.py's (varied new names, Italian formats); the database is
demo.build_synthetic with N members. Each import runs in a child process that does only the
import, timing its phases inside (read_table; preview = mapping + build_plan, and within it
the matching: ``OrgIndex.build`` + ``match``/``match_many``; "create" for every row left under
review, as a user clearing the review list; apply with backup and history) and reporting its
peak resident set (VmHWM). python-calamine reading the same file is timed in this process
right before and right after each child (median of 6), so every ratio is of one run on one
machine state:

* import / raw read and preview (read_table + plan) / raw read, for each N;
* the growth 50k / 10k of the whole import (5x the rows: linear is 5x).

On a shared machine whose load moves during a run, ``--repeat R`` runs R rounds of all the
variants per size and the growth is of the medians.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_import_scale.py [--sizes 1000,10000,50000]
        [--variant NAME[=DIR][:nogc] ...] [--label run] [--json FILE]

A variant names a code version to measure: DIR is a directory holding only a ``workbench``
link to another checkout (put first on the child's path, to measure the code before a change),
``:nogc`` runs it with the garbage-collector pause of workbench/gcpause.py turned off while
planning and writing (the read, in the reader's child process, keeps its own). Several
variants run interleaved per size (the first variant, then the next, for 1k, then for 10k ...)
so their ratios are of one machine state. Default: this checkout only. Results:
benchmarks/results/import_scale_<label>.json; the markdown tables go to the README and
benchmarks/results/import_scale.md by hand, with the load the machine was under.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

url, file_path, collector = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
if collector == "nogc":  # the pause turned off where the import uses it
    import contextlib
    import workbench.importing.apply as apply_module
    import workbench.importing.plan.base as base_module
    import workbench.importing.plan.model as model_module
    for module in (apply_module, base_module, model_module):
        module.collector_paused = contextlib.nullcontext

from workbench.importing.matching import OrgIndex

matching = {"s": 0.0, "depth": 0}


def timed(function):
    def measured(*args, **kwargs):
        matching["depth"] += 1
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            matching["depth"] -= 1
            if not matching["depth"]:  # match() calls match_many(): count the outer call
                matching["s"] += time.perf_counter() - start
    return measured


OrgIndex.build = classmethod(timed(OrgIndex.build.__func__))
for name in ("match", "match_many"):
    if hasattr(OrgIndex, name):
        setattr(OrgIndex, name, timed(getattr(OrgIndex, name)))

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
print(json.dumps({"read": t1 - t0, "plan": t2 - t1, "matching": matching["s"],
                  "review": t3 - t2, "apply": t4 - t3,
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


def child_import(url: str, file_path: Path, variant: Variant) -> dict[str, float]:
    path = [str(variant.impl)] if variant.impl else []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*path, str(ROOT)])}
    # -P: no current directory first on the path, so the variant's workbench is the one imported.
    out = subprocess.run(
        [sys.executable, "-P", "-c", CHILD, url, str(file_path), variant.collector],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


@dataclass(frozen=True)
class Variant:
    """A code version to measure: NAME[=DIR][:nogc] (see the module docstring)."""

    name: str
    impl: Path | None = None
    collector: str = "paused"

    @classmethod
    def parse(cls, text: str) -> Variant:
        text, nogc = (text[: -len(":nogc")], True) if text.endswith(":nogc") else (text, False)
        name, _, impl = text.partition("=")
        return cls(name, Path(impl) if impl else None, "nogc" if nogc else "paused")


def measure(rows: int, variant: Variant, tmp: Path) -> dict[str, Any]:
    from varied_file import write_varied_member_file

    source = synthetic_db_path(rows)
    file_path = CACHE / f"varied-{rows}.xlsx"
    if not file_path.exists():
        write_varied_member_file(file_path, source, rows)
    target = tmp / f"run-{rows}.db"
    shutil.copyfile(source, target)
    raw_read(file_path, 2)  # warm the page cache
    before = raw_read(file_path)
    load = os.getloadavg()[0]
    result = child_import(str(target), file_path, variant)
    after = raw_read(file_path)
    target.unlink()
    raw = statistics.median([before, after])
    return {
        **result,
        "variant": variant.name,
        "rows": rows,
        "raw": raw,
        "load_before": load,
        "load_after": os.getloadavg()[0],
        "ratio_import": result["total"] / raw,
        "ratio_preview": (result["read"] + result["plan"]) / raw,
    }


def median_of(results: list[dict[str, Any]], variant: str, rows: int) -> dict[str, float]:
    """The median of every figure of *variant*'s runs at *rows* ({} if none)."""
    runs = [r for r in results if r["variant"] == variant and r["rows"] == rows]
    if not runs:
        return {}
    numbers = [k for k, v in runs[0].items() if isinstance(v, int | float)]
    return {k: statistics.median(r[k] for r in runs) for k in numbers}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--variant", action="append", type=Variant.parse, default=[])
    parser.add_argument("--label", default="after")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds of all the variants per size (medians)"
    )
    parser.add_argument("--json", type=Path, help="write the figures here instead")
    args = parser.parse_args()
    variants = args.variant or [Variant(args.label)]
    CACHE.mkdir(parents=True, exist_ok=True)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            for variant in [v for _round in range(args.repeat) for v in variants]:
                r = measure(n, variant, Path(tmp))
                out.append(r)
                print(
                    f"{variant.name:8s} {n:6d} rows: import {r['total']:.2f} s "
                    f"(CPU {r['cpu']:.2f}) = {r['ratio_import']:.1f}x raw read "
                    f"({r['raw']:.3f} s); read {r['read']:.2f} / preview {r['plan']:.2f} "
                    f"(matching {r['matching']:.2f}) / review {r['review']:.2f} "
                    f"({r['review_rows']} rows) / apply {r['apply']:.2f} s; preview "
                    f"{r['ratio_preview']:.1f}x; peak {r['peak_mb']:.0f} MB; created "
                    f"{r['created']} updated {r['updated']}; load {r['load_before']:.1f}",
                    flush=True,
                )
    for variant in variants:
        by = {n: median_of(out, variant.name, n) for n in (10000, 50000)}
        if all(by.values()):
            growth = by[50000]["total"] / by[10000]["total"]
            print(f"{variant.name} 50k / 10k = {growth:.2f}x (medians of {args.repeat})")
    target = args.json or RESULTS / f"import_scale_{args.label}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"label": args.label, "results": out}, indent=1) + "\n")


if __name__ == "__main__":
    main()
