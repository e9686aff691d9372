"""UI timings on the 10,000-member synthetic database, written to benchmarks/results/ui.md.

Measures, offscreen, with the real widgets:

- window open to first paint (MainWindow created, shown, first paint event of the window),
  and until the Members table holds its rows (loaded in the background);
- search keystroke to filtered table (one key typed into the search box, the table model
  reset and the view repainted), median over many keystrokes;
- column sort (click on a header section: sort in Python, view repainted), median per column;
- filter change (organisation type combo box), median.

Targets (issue 3): each under 100 ms after the first paint; first paint under 1.5 s.

Usage::

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_ui.py [--db FILE] [--members N]

Without ``--db`` the synthetic database is built once into ``benchmarks/.cache/``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QObject, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "ui.md"


class PaintWatcher(QObject):
    """Records the time of the first paint event of a widget."""

    def __init__(self) -> None:
        super().__init__()
        self.first_paint: float | None = None

    def eventFilter(self, watched, event):  # noqa: N802
        if event.type() == QEvent.Type.Paint and self.first_paint is None:
            self.first_paint = time.perf_counter()
        return False


def build_database(members: int) -> Path:
    cache = HERE / ".cache"
    cache.mkdir(exist_ok=True)
    path = cache / f"synthetic-{members}.db"
    if path.exists():
        return path
    from workbench import demo
    from workbench.db import open_database

    tmp = cache / f"building-{members}.db"
    tmp.unlink(missing_ok=True)
    db = open_database(tmp)
    started = time.perf_counter()
    demo.build_synthetic(db, members=members)
    db.dispose()
    print(f"built {members} members in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    shutil.move(tmp, path)
    return path


def process(app: QApplication, rounds: int = 3) -> None:
    for _ in range(rounds):
        app.processEvents()


def run(db_path: Path, members: int) -> dict[str, object]:
    from workbench.db import open_database
    from workbench.ui.app import settle
    from workbench.ui.context import AppContext
    from workbench.ui.i18n import apply_language
    from workbench.ui.settings import open_settings
    from workbench.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    apply_language("en", app)
    work = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    os.environ["WORKBENCH_DATA_DIR"] = str(work / "data")
    db_copy = work / "bench.db"
    shutil.copyfile(db_path, db_copy)
    settings = open_settings(work / "settings.ini")
    settings.setValue("main_window/page", "members")
    db = open_database(db_copy)
    ctx = AppContext(db=db, settings=settings)
    ctx.tasks = TaskRunner()

    started = time.perf_counter()
    from workbench.ui.main_window import MainWindow

    window = MainWindow(ctx)
    watcher = PaintWatcher()
    window.installEventFilter(watcher)
    window.resize(1360, 860)
    window.show()
    while watcher.first_paint is None and time.perf_counter() - started < 30:
        app.processEvents()
    first_paint = (watcher.first_paint or time.perf_counter()) - started
    page = window.current_page()
    while not page.has_loaded() and time.perf_counter() - started < 120:
        app.processEvents()
        time.sleep(0.001)
    rows_loaded = time.perf_counter() - started
    settle(window, page)
    total_rows = len(page.model.all_rows)

    # Search: type queries key by key, clearing in between.
    search_times = []
    for query in ("mil", "srl", "energia", "citta", "bergamo", "tech"):
        page.search_edit.clear()
        process(app)
        for char in query:
            t0 = time.perf_counter()
            QTest.keyClick(page.search_edit, char)
            page.table.viewport().repaint()
            process(app, 1)
            search_times.append(time.perf_counter() - t0)
    page.search_edit.clear()
    process(app)

    # Filter: organisation type combo.
    filter_times = []
    for _ in range(3):
        for index in range(page.type_combo.count()):
            t0 = time.perf_counter()
            page.type_combo.setCurrentIndex(index)
            page.table.viewport().repaint()
            process(app, 1)
            filter_times.append(time.perf_counter() - t0)
    page.type_combo.setCurrentIndex(0)
    page.status_combo.setCurrentIndex(page.status_combo.findData("all"))
    process(app)

    # Sort: every column, both directions, several runs.
    sort_by_column: dict[str, list[float]] = {}
    header = page.table.horizontalHeader()
    for _ in range(3):
        for column in range(page.model.columnCount()):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                t0 = time.perf_counter()
                header.setSortIndicator(column, order)
                page.table.viewport().repaint()
                process(app, 1)
                elapsed = time.perf_counter() - t0
                key = page.model.columns[column].title
                sort_by_column.setdefault(key, []).append(elapsed)
    sort_all = [t for times in sort_by_column.values() for t in times]

    window.close()
    ctx.tasks.wait_all(10_000)
    db.dispose()
    shutil.rmtree(work, ignore_errors=True)
    return {
        "members": members,
        "rows": total_rows,
        "first_paint": first_paint,
        "rows_loaded": rows_loaded,
        "search": search_times,
        "filter": filter_times,
        "sort": sort_all,
        "sort_by_column": sort_by_column,
    }


def history_timing(entries: int = 100_000) -> dict[str, float]:
    """Median time of the History window's query: a user filter over *entries* entries.

    Moved here from tests/ui/test_history_dialog.py, which checks what it returns.
    """
    from datetime import UTC, timedelta

    from sqlalchemy import insert

    from workbench.db import open_database
    from workbench.models import AuditEntry
    from workbench.services.base import unit_of_work
    from workbench.ui.dialogs.history_dialog import HistoryFilters, load_history

    work = Path(tempfile.mkdtemp(prefix="bench-history-"))
    db = open_database(work / "history.db")
    start = datetime(2024, 1, 1, tzinfo=UTC)
    rows = [
        {
            "at": start + timedelta(minutes=i),
            "user": ("anna", "marco")[i % 2],
            "source": "app",
            "action": "update",
            "table_name": "organisation",
            "record_id": i % 5000,
            "record_label": f"Org {i % 5000}",
            "field": "city",
            "old_value": '"Milano"',
            "new_value": '"Cremona"',
        }
        for i in range(entries)
    ]
    with unit_of_work(db) as session:
        session.execute(insert(AuditEntry), rows)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        load_history(db, HistoryFilters(user="anna"), lang="en")
        times.append(time.perf_counter() - t0)
    db.dispose()
    shutil.rmtree(work, ignore_errors=True)
    return {"entries": entries, "median": statistics.median(times)}


def ms(value: float) -> str:
    return f"{value * 1000:.0f} ms"


def report(result: dict[str, object]) -> str:
    search = result["search"]
    sort = result["sort"]
    filt = result["filter"]
    by_column = result["sort_by_column"]
    lines = [
        "# UI benchmark",
        "",
        f"{datetime.now():%Y-%m-%d %H:%M}, {platform.platform()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, Qt platform "
        f"`{os.environ.get('QT_QPA_PLATFORM')}`. Database: synthetic, "
        f"{result['members']:,} members ({result['rows']:,} organisations in the table).",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| window open to first paint | {ms(result['first_paint'])} | < 1.5 s |",
        f"| window open to Members table filled (rows load in the background) | "
        f"{ms(result['rows_loaded'])} | — |",
        f"| search keystroke to filtered table (median of {len(search)}) | "
        f"{ms(statistics.median(search))} (max {ms(max(search))}) | < 100 ms |",
        f"| type filter change (median of {len(filt)}) | {ms(statistics.median(filt))} "
        f"(max {ms(max(filt))}) | < 100 ms |",
        f"| column sort (median of {len(sort)}: 9 columns x 2 directions x 3 runs) | "
        f"{ms(statistics.median(sort))} (max {ms(max(sort))}) | < 100 ms |",
        f"| History window, one user's newest 5,000 of {result['history']['entries']:,} "
        f"entries (median of 5) | {ms(result['history']['median'])} | < 1 s |",
        "",
        "Column sort, median per column:",
        "",
        "| column | median |",
        "|---|---|",
    ]
    for title, times in by_column.items():
        lines.append(f"| {title} | {ms(statistics.median(times))} |")
    lines += [
        "",
        "Each timing includes the Python work (filter or sort of the row list), the model reset",
        "and one synchronous repaint of the table. Rows are read with",
        "`services.members.member_rows` in a background task, so the first paint does not wait",
        "for them.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="an existing database to measure")
    parser.add_argument("--members", type=int, default=10_000)
    args = parser.parse_args()
    db_path = args.db or build_database(args.members)
    result = run(db_path, args.members)
    result["history"] = history_timing()
    text = report(result)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
