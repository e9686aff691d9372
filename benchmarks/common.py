"""Helpers shared by the benchmark scripts: timing, synthetic databases, markdown tables."""

from __future__ import annotations

import platform
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"
CACHE = Path(__file__).parent / "out"


def median_seconds(func: Callable[[], Any], runs: int = 5, warmup: int = 1) -> float:
    """Median wall time of *func* over *runs* runs, after *warmup* untimed runs."""
    for _ in range(warmup):
        func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def synthetic_db_path(members: int, projects: int = 500) -> Path:
    """A cached synthetic database file with *members* members (built on first use)."""
    from workbench import demo
    from workbench.db import open_database

    path = CACHE / f"synthetic-{members}-{projects}.db"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".building")
        tmp.unlink(missing_ok=True)
        db = open_database(tmp)
        demo.build_synthetic(db, members=members, projects=projects)
        db.dispose()
        tmp.rename(path)
    return path


def write_markdown(
    name: str, title: str, header: list[str], rows: list[list[Any]], notes: list[str] | None = None
) -> Path:
    """Write a markdown results table to benchmarks/results/<name>.md and print it."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    lines = [
        f"# {title}",
        "",
        f"Measured {datetime.now():%Y-%m-%d %H:%M} on {platform.machine()}, "
        f"Python {platform.python_version()}, {_cpu_count()} CPU(s).",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    if notes:
        lines += [""] + [f"- {n}" for n in notes]
    text = "\n".join(lines) + "\n"
    path = RESULTS / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    print(text)
    return path


def _cpu_count() -> int:
    import os

    return os.cpu_count() or 1
