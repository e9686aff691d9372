"""Near-miss matching benchmark: N varied rows against N stored members, N = 1k / 10k / 50k.

Stored members are varied Italian names (tests/support/varied_names.py); the rows are what a
member file brings: 40 % stored members respelled (capitals, legal form without dots), 10 %
stored members with a typo (near misses), 50 % new members with other varied names. For each
N: time to build the index, time to match every row (``OrgIndex.match_many``, the whole file
at once as the importer does, or ``match`` row by row in code without it; VAT absent so every
row goes through the name rules), stored names compared per row (mean and max), and how many
rows went to review. The growth ratio 50k / 10k is what tells whether matching is linear
(5x the rows at a bounded cost per row = 5x the time).

    PYTHONPATH=. .venv/bin/python benchmarks/bench_matching.py [--label after] [--json out.json]

To measure the code before a change, put a directory holding only a ``workbench`` link to the
other checkout first on PYTHONPATH (this checkout is appended after it, for the name lists).
Results: benchmarks/results/matching_<label>.json (figures in the README).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1]))  # after PYTHONPATH: see above

from tests.support.varied_names import respell, varied_names, with_typo  # noqa: E402
from workbench.importing.matching import MatchHow, MatchResult, OrgIndex, OrgRef  # noqa: E402
from workbench.rules.names import name_key  # noqa: E402


def rows_for(stored: list[str], count: int, seed: int) -> list[str]:
    """The names of a member file of *count* rows against *stored* (see the docstring)."""
    rng = random.Random(seed)
    avoid = {name_key(n) for n in stored}
    new = iter(varied_names(count, seed=seed + 1, avoid=avoid))
    rows = []
    for i in range(count):
        roll = i % 10
        if roll < 4:
            rows.append(respell(rng.choice(stored)))
        elif roll < 5:
            rows.append(with_typo(rng.choice(stored), rng))
        else:
            rows.append(next(new))
    return rows


def candidates_of(index: OrgIndex, key: str) -> int:
    """How many stored names the near-miss search compares *key* with (old and new API)."""
    finder = getattr(index, "block_candidates", None) or index._block_candidates  # type: ignore[attr-defined]
    return len(finder(key))


def match_all(index: OrgIndex, rows: list[str]) -> list[MatchResult]:
    """Every row matched: the whole file at once where the code can (``match_many``)."""
    if hasattr(index, "match_many"):
        return index.match_many([(None, r) for r in rows])
    return [index.match(None, r) for r in rows]


def measure(count: int) -> dict[str, float]:
    stored = list(varied_names(count, seed=3))
    rows = rows_for(stored, count, seed=5)
    name_key.cache_clear()
    t0 = time.perf_counter()
    index = OrgIndex.build(OrgRef(i, n) for i, n in enumerate(stored))
    t1, c1 = time.perf_counter(), time.process_time()
    results = match_all(index, rows)
    t2, c2 = time.perf_counter(), time.process_time()
    unmatched = [
        name_key(r) for r, m in zip(rows, results, strict=True) if m.how is not MatchHow.NAME
    ]
    sizes = [candidates_of(index, k) for k in unmatched]
    tracemalloc.start()
    again = OrgIndex.build(OrgRef(i, n) for i, n in enumerate(stored))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del again
    return {
        "rows": count,
        "build_s": t1 - t0,
        "match_s": t2 - t1,
        "us_per_row": (t2 - t1) / count * 1e6,
        "match_cpu_s": c2 - c1,
        "candidates_mean": statistics.mean(sizes) if sizes else 0.0,
        "candidates_max": max(sizes, default=0),
        "review": sum(m.how is MatchHow.REVIEW for m in results),
        "index_peak_mb": peak / 2**20,
    }


def measure_register(count: int) -> dict[str, float]:
    """As :func:`measure`, but the stored names are demo.build_synthetic's N members and the
    rows the new names of benchmarks/varied_file.py's file (other word lists than theirs)."""
    import sqlite3

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import synthetic_db_path

    conn = sqlite3.connect(synthetic_db_path(count))
    try:
        stored = conn.execute("SELECT id, name, legal_name FROM organisation").fetchall()
    finally:
        conn.close()
    taken = {name_key(x) for _i, n, legal in stored for x in (n, legal) if x}
    rows = list(varied_names(count // 2, seed=11, avoid=taken))
    t0 = time.perf_counter()
    index = OrgIndex.build(OrgRef(i, n, legal) for i, n, legal in stored)
    t1, c1 = time.perf_counter(), time.process_time()
    results = match_all(index, rows)
    t2, c2 = time.perf_counter(), time.process_time()
    sizes = [candidates_of(index, name_key(r)) for r in rows]
    return {
        "rows": count,
        "new_rows": len(rows),
        "build_s": t1 - t0,
        "match_s": t2 - t1,
        "us_per_row": (t2 - t1) / len(rows) * 1e6,
        "match_cpu_s": c2 - c1,
        "candidates_mean": statistics.mean(sizes),
        "candidates_max": max(sizes),
        "review": sum(m.how is MatchHow.REVIEW for m in results),
        "index_peak_mb": 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="after")
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--register",
        action="store_true",
        help="stored names from the synthetic databases (see measure_register)",
    )
    args = parser.parse_args()
    run = measure_register if args.register else measure
    if args.register:
        args.label += "_register"
    out = [run(int(n)) for n in args.sizes.split(",")]
    by = {r["rows"]: r for r in out}
    for r in out:
        print(
            f"{args.label:7s} {r['rows']:6d}: build {r['build_s']:.2f} s, match "
            f"{r['match_s']:.2f} s (CPU {r['match_cpu_s']:.2f}; {r['us_per_row']:.0f} us/row), "
            f"candidates/row mean "
            f"{r['candidates_mean']:.0f} max {r['candidates_max']}, review {r['review']}, "
            f"index peak {r['index_peak_mb']:.0f} MB"
        )
    if 10000 in by and 50000 in by:
        total = {n: by[n]["build_s"] + by[n]["match_s"] for n in (10000, 50000)}
        print(f"{args.label}: 50k / 10k (build + match) = {total[50000] / total[10000]:.2f}x")
    target = args.json or Path(__file__).parent / "results" / f"matching_{args.label}.json"
    target.write_text(json.dumps({"label": args.label, "results": out}, indent=1) + "\n")


if __name__ == "__main__":
    main()
