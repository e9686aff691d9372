"""Near-miss matching benchmark: N varied rows against N stored members, N = 1k / 10k / 50k.

Stored members are varied Italian names (tests/support/varied_names.py); the rows are what a
member file brings: 40 % stored members respelled (capitals, legal form without dots), 10 %
stored members with a typo (near misses), 50 % new members with other varied names. For each
N: time to build the index, time to match every row (``OrgIndex.match``, VAT absent so every
row goes through the name rules), stored names compared per row (mean and max), and how many
rows went to review. The growth ratio 50k / 10k is what tells whether matching is linear
(5x the rows at a bounded cost per row = 5x the time).

    PYTHONPATH=. .venv/bin/python benchmarks/bench_matching.py [--label after] [--json out.json]

Run it with another checkout first on PYTHONPATH to measure the code before a change; the
numbers of both runs are in benchmarks/results/matching.md.
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
from workbench.importing.matching import MatchHow, OrgIndex, OrgRef  # noqa: E402
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


def measure(count: int) -> dict[str, float]:
    stored = list(varied_names(count, seed=3))
    rows = rows_for(stored, count, seed=5)
    name_key.cache_clear()
    t0 = time.perf_counter()
    index = OrgIndex.build(OrgRef(i, n) for i, n in enumerate(stored))
    t1 = time.perf_counter()
    results = [index.match(None, r) for r in rows]
    t2 = time.perf_counter()
    unmatched = [name_key(r) for r, m in zip(rows, results, strict=True)
                 if m.how is not MatchHow.NAME]
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
        "candidates_mean": statistics.mean(sizes) if sizes else 0.0,
        "candidates_max": max(sizes, default=0),
        "review": sum(m.how is MatchHow.REVIEW for m in results),
        "index_peak_mb": peak / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="after")
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    out = [measure(int(n)) for n in args.sizes.split(",")]
    by = {r["rows"]: r for r in out}
    for r in out:
        print(f"{args.label:7s} {r['rows']:6d}: build {r['build_s']:.2f} s, match "
              f"{r['match_s']:.2f} s ({r['us_per_row']:.0f} us/row), candidates/row mean "
              f"{r['candidates_mean']:.0f} max {r['candidates_max']}, review {r['review']}, "
              f"index peak {r['index_peak_mb']:.0f} MB")
    if 10000 in by and 50000 in by:
        total = {n: by[n]["build_s"] + by[n]["match_s"] for n in (10000, 50000)}
        print(f"{args.label}: 50k / 10k (build + match) = {total[50000] / total[10000]:.2f}x")
    if args.json:
        args.json.write_text(json.dumps({"label": args.label, "results": out}, indent=1))


if __name__ == "__main__":
    main()
