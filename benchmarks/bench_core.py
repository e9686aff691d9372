"""Core benchmarks: building the 10,000-member database and the basic "as of" queries.

Run: .venv/bin/python benchmarks/bench_core.py [--members N]
Writes benchmarks/results/core.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import median_seconds, synthetic_db_path, write_markdown  # noqa: E402

from workbench import demo  # noqa: E402
from workbench.db import open_database  # noqa: E402
from workbench.services import members  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "build.db")
        start = time.perf_counter()
        demo.build_synthetic(db, members=args.members, projects=500)
        build_time = time.perf_counter() - start
        db.dispose()

    db = open_database(synthetic_db_path(args.members))
    day = date(date.today().year - 1, 12, 31)
    as_of = median_seconds(lambda: members.list_organisations(db, as_of=day))
    rows = median_seconds(lambda: members.member_rows(db, as_of=day))
    composition = median_seconds(lambda: members.composition(db, day))
    movements = median_seconds(lambda: members.movements(db, range(day.year - 4, day.year + 1)))
    count = len(members.list_organisations(db, as_of=day))
    write_markdown(
        "core",
        f"Core operations on {args.members:,} members",
        ["operation", "median", "target"],
        [
            [f"demo --members {args.members} (build, one run)", f"{build_time:.1f} s", "< 60 s"],
            [f"members as of {day} ({count:,} rows, ORM objects)", f"{as_of * 1000:.0f} ms", ""],
            ["member table rows with SME class, areas, fees", f"{rows * 1000:.0f} ms", "< 1.5 s"],
            ["composition by type and SME class", f"{composition * 1000:.0f} ms", ""],
            ["joiners/leavers/totals for 5 years", f"{movements * 1000:.0f} ms", ""],
        ],
        ["Median of 5 runs after one warm-up run; SQLite file database (WAL)."],
    )


if __name__ == "__main__":
    main()
