"""UI timings on a large synthetic database, written to benchmarks/results/.

``bench_ui.py`` (10,000 members, results/ui.md) measures, offscreen, with the real widgets:

- window open to first paint (MainWindow created, shown, first paint event of the window),
  and until the Members table holds its rows (loaded in the background);
- search keystroke to filtered table (one key typed into the search box, the table model
  reset and the view repainted), median over many keystrokes;
- column sort (click on a header section: sort in Python, view repainted), median per column;
- filter change (organisation type combo box), median.

Targets (issue 3): each under 100 ms after the first paint; first paint under 1.5 s.

``bench_ui.py --pages`` (50,000 members, results/ui_pages.md) measures the first visit of
every sidebar page (issue 16): each page in a fresh process and window, opened on the Import
page (Cluster profile for Import itself) and left to settle, then a sidebar switch to it. It
records the time from the switch to the page's first paint, to the page holding its data
(background tasks idle, the page no longer ``is_loading()``), and the longest the window was
blocked: the largest gap between two beats of a 10 ms QTimer from the switch until the page
settled plus half a second. Target: first paint and longest block each within 150 ms.
``--before DIR`` measures another checkout (main) as "before", interleaved visit by visit with
this one; ``--label`` names a run of this checkout alone (``--code DIR``: another one).

Usage::

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_ui.py [--db FILE] [--members N]
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_ui.py --pages [--before DIR]

Without ``--db`` the synthetic database is built once into ``benchmarks/.cache/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ.get("BENCH_UI_CODE"):  # --code: measure another checkout
    sys.path.insert(0, os.environ["BENCH_UI_CODE"])
else:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QObject, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "ui.md"
PAGE_RESULTS = HERE / "results" / "ui_pages"
PAGE_TARGET_S = 0.150


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


class Heartbeat(QObject):
    """A 10 ms QTimer that records the largest gap between two of its beats.

    While the UI thread is busy no beat fires, so the largest gap is the longest the window
    was blocked (to within the 10 ms period).
    """

    def __init__(self, period_ms: int = 10) -> None:
        super().__init__()
        from PySide6.QtCore import QTimer

        self.timer = QTimer(self)
        self.timer.setInterval(period_ms)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._beat)
        self.last = time.perf_counter()
        self.longest = 0.0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def stop(self) -> float:
        """Stop; the longest gap including the one still open."""
        self._beat()
        self.timer.stop()
        return self.longest

    def _beat(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now


class PagePaintWatcher(QObject):
    """The time of the first paint of the widgets it watches (a page, or what stands in for it).

    Installed on those widgets only, never on the application: an application-wide Python
    event filter runs Python for every event of every object, which slowed the very first
    visits it measured (the Members page was built in 99 ms with it, 40 ms without) and made
    PySide create a hundred enum types on the way.
    """

    def __init__(self) -> None:
        super().__init__()
        self.first_paint: float | None = None

    def watch(self, widget: QWidget) -> None:
        """Watch *widget* and the widgets inside it (a scroll area paints only its viewport)."""
        for each in (widget, *widget.findChildren(QWidget)):
            each.installEventFilter(self)

    def eventFilter(self, watched, event):  # noqa: N802
        if self.first_paint is None and event.type() == QEvent.Type.Paint:
            self.first_paint = time.perf_counter()
        return False


def _page_busy(window: Any, page: Any) -> bool:
    busy = window.ctx.tasks is not None and window.ctx.tasks.active_count() > 0
    return busy or bool(getattr(page, "is_loading", lambda: False)())


def _spin(app: QApplication, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def _settle(app: QApplication, window: Any, page: Any, timeout: float = 120.0) -> float:
    """Process events until *page* and the background tasks are idle; when that happened."""
    deadline = time.perf_counter() + timeout
    while _page_busy(window, page) and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    return time.perf_counter()


def visit_page(db_path: Path, page_id: str) -> dict[str, Any]:
    """One page's first visit in a fresh window (run in a child process)."""
    from workbench.db import open_database
    from workbench.ui.context import AppContext
    from workbench.ui.i18n import apply_language
    from workbench.ui.settings import open_settings
    from workbench.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    apply_language("en", app)
    work = Path(tempfile.mkdtemp(prefix="bench-ui-page-"))
    os.environ["WORKBENCH_DATA_DIR"] = str(work / "data")
    settings = open_settings(work / "settings.ini")
    # The same start page for main and this branch, one neither changed much: what it loads
    # (modules, Qt's enum types) is shared with the page visited, as in a real session.
    start_page = "import" if page_id != "import" else "cluster_profile"
    settings.setValue("main_window/page", start_page)
    db = open_database(db_path)
    ctx = AppContext(db=db, settings=settings)
    ctx.tasks = TaskRunner()
    from workbench.ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.resize(1360, 860)
    window.show()
    _settle(app, window, window.current_page())
    _spin(app, 0.5)
    _settle(app, window, window.current_page())

    watcher = PagePaintWatcher()
    heartbeat = Heartbeat()
    heartbeat.start()
    started = time.perf_counter()
    index = window.page_ids().index(page_id)
    window.sidebar.setCurrentRow(index)  # what a click on the sidebar does
    switched = time.perf_counter()
    # What the page's place in the window holds now: the page, or what stands in for it while
    # the modules it needs are imported in the background (then the page is built).
    for child in window._slots[page_id].findChildren(
        QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
    ):
        watcher.watch(child)
    deadline = started + 60
    while watcher.first_paint is None and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    while page_id not in window.pages and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    page = window.pages[page_id]
    loaded = _settle(app, window, page)
    _spin(app, 0.5)
    longest = heartbeat.stop()
    result = {
        "page": page_id,
        "title": window.page_titles()[page_id],
        "started_at": started,
        "switch": switched - started,
        "first_paint": (watcher.first_paint or deadline) - started,
        "loaded": loaded - started,
        "longest_block": longest,
    }
    window.close()
    ctx.tasks.wait_all(10_000)
    db.dispose()
    shutil.rmtree(work, ignore_errors=True)
    return result


def run_pages(
    db_path: Path, codes: dict[str, Path | None], pages: list[str], repeat: int
) -> dict[str, list[dict[str, Any]]]:
    """Every page's first visit, each in its own child process, on a copy of *db_path*.

    *codes* maps a label ("before", "after") to the checkout it measures (None: this one).
    Each page is visited *repeat* times per label, a new process each time, labels and pages
    taking turns so that the shared machine's load hits every checkout alike; every figure
    is the median of its runs. Returns the results by label.
    """
    work = Path(tempfile.mkdtemp(prefix="bench-ui-pages-"))
    db_copy = work / "bench.db"
    shutil.copyfile(db_path, db_copy)
    envs = {label: _child_env(code) for label, code in codes.items()}
    runs = {label: {page_id: [] for page_id in pages} for label in codes}
    try:
        for _ in range(repeat):
            for page_id in pages:
                for label, env in envs.items():
                    print(f"{label:7}", end=" ", file=sys.stderr)
                    runs[label][page_id].append(_visit_in_child(page_id, db_copy, env))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {label: [_median_visit(v) for v in by_page.values()] for label, by_page in runs.items()}


def _child_env(code: Path | None) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    source = (code or HERE.parent).resolve()
    if code is not None:
        env["BENCH_UI_CODE"] = str(source)
        env["PYTHONPATH"] = str(source)
    # An installed program runs from compiled bytecode: compile once, outside the tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(HERE / ".cache" / "pycache")
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(source / "workbench")], env=env, check=True
    )
    return env


def _median_visit(visits: list[dict[str, Any]]) -> dict[str, Any]:
    result = dict(visits[0])
    for key in ("switch", "first_paint", "loaded", "longest_block"):
        result[key] = statistics.median(v[key] for v in visits)
        result[f"{key}_runs"] = [v[key] for v in visits]
    return result


def _visit_in_child(page_id: str, db_copy: Path, env: dict[str, str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--visit", page_id, "--db", str(db_copy)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        raise SystemExit(f"visiting {page_id} failed")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"{page_id:16} paint {ms(result['first_paint']):>8}  loaded "
        f"{ms(result['loaded']):>8}  longest block {ms(result['longest_block']):>8}",
        file=sys.stderr,
    )
    return result


def report_pages(members: int, runs: dict[str, list[dict[str, Any]]]) -> str:
    """The markdown table of page visits, one column group per labelled run."""
    load = runs.get("load")
    labels = [label for label in ("before", "after") if label in runs] + [
        label for label in runs if label not in ("before", "after", "load")
    ]
    target = ms(PAGE_TARGET_S)
    header = ["page"]
    for label in labels:
        header += [f"{label}: first paint", f"{label}: data shown", f"{label}: longest block"]
    lines = [
        "# First visit of every page",
        "",
        f"{datetime.now():%Y-%m-%d %H:%M}, {platform.platform()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, Qt platform `offscreen`. "
        f"Database: synthetic, {members:,} members. Target: first paint and longest block "
        f"within {target} (issue 16)."
        + (f" Load average {load[0]:.1f} at the start, {load[1]:.1f} at the end." if load else ""),
        "",
        "| " + " | ".join(header) + " |",
        "|---" * len(header) + "|",
    ]
    by_label = {label: {r["page"]: r for r in runs[label]} for label in labels}
    order = [r["page"] for r in runs[labels[-1]]]
    for page_id in order:
        cells = [by_label[labels[-1]][page_id]["title"]]
        for label in labels:
            r = by_label[label].get(page_id)
            if r is None:
                cells += ["—"] * 3
                continue
            cells += [
                _flag(r["first_paint"]),
                ms(r["loaded"]),
                _flag(r["longest_block"]),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "Medians of several visits (`runs` in ui_pages.json). Each page is visited in a fresh",
        "process and window, opened on the Import page (Cluster profile for Import itself) and",
        "left to settle; the clock starts at the sidebar switch. *First paint*: the page or a",
        "widget inside it painted. *Data shown*: background tasks finished and the page no",
        "longer loading (a page that loads on the UI thread has shown its data by its first",
        "paint). *Longest block*: the largest gap between beats of a 10 ms timer from the switch",
        "until half a second after the data were shown. Over the target in **bold**.",
        "",
    ]
    return "\n".join(lines)


def _flag(seconds: float) -> str:
    text = ms(seconds)
    return f"**{text}**" if seconds > PAGE_TARGET_S else text


def pages_main(args: argparse.Namespace) -> int:
    from workbench.ui.main_window import PAGE_SPECS

    db_path = args.db or build_database(args.members)
    pages = args.only or [spec.page_id for spec in PAGE_SPECS]
    codes: dict[str, Path | None] = {args.label: args.code}
    if args.before is not None:
        codes = {"before": args.before, "after": args.code}
    load = os.getloadavg()[0]
    results = run_pages(db_path, codes, pages, args.repeat)
    json_path = PAGE_RESULTS.with_suffix(".json")
    runs: dict[str, Any] = {}
    if json_path.exists() and args.before is None:
        stored = json.loads(json_path.read_text(encoding="utf-8"))
        if stored.get("members") == args.members:
            runs = stored["runs"]
    runs.update(results)
    runs["load"] = [load, os.getloadavg()[0]]
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(
        json.dumps({"members": args.members, "runs": runs}, indent=1), encoding="utf-8"
    )
    text = report_pages(args.members, runs)
    PAGE_RESULTS.with_suffix(".md").write_text(text, encoding="utf-8")
    print(text)
    return 0


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
    parser.add_argument("--members", type=int, help="10,000 (50,000 with --pages)")
    parser.add_argument("--pages", action="store_true", help="first visit of every page")
    parser.add_argument("--only", nargs="*", help="with --pages: these page ids only")
    parser.add_argument("--label", default="after", help="with --pages: name of this run")
    parser.add_argument("--code", type=Path, help="with --pages: the checkout to measure")
    parser.add_argument("--repeat", type=int, default=3, help="with --pages: visits per page")
    parser.add_argument(
        "--before", type=Path, help="with --pages: a checkout to measure as 'before', interleaved"
    )
    parser.add_argument("--visit", help=argparse.SUPPRESS)  # the child process of --pages
    args = parser.parse_args()
    if args.visit:
        print(json.dumps(visit_page(args.db, args.visit)))
        return 0
    if args.pages:
        args.members = args.members or 50_000
        return pages_main(args)
    args.members = args.members or 10_000
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
