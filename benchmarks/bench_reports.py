"""Benchmark: the assessment workbook and PDF end to end against a bare-library baseline.

    .venv/bin/python benchmarks/bench_reports.py [--members 10000 50000] [--repeat 3]
                                                  [--formats xlsx pdf] [--lang en]

For each member count, on the cached synthetic database of ``benchmarks/common.py``
(``demo.build_synthetic``, built once into ``benchmarks/out/``):

* **ours, end to end**: ``generate_report(db, "assessment", fmt, path)``, the call the
  ``workbench report`` command and the Reports page make: data assembly (indicators engine,
  registers, every table) and rendering, from the open database to the written file;
* **bare baseline**: the bare library writing the same cells with the same column widths and
  row heights, nothing else:
  - xlsx: openpyxl write-only mode appending, sheet by sheet, exactly the rows our workbook
    holds (titles, headers, data, totals, notes, blank rows; the same values, dates and
    numbers), the same column widths and row heights; no styles, formats, charts, panes or
    print setup;
  - PDF: one reportlab build of every table chunk our PDF lays out (the same strings, already
    wrapped, the same column widths and row heights, repeating their header), on the same
    page sizes and margins (portrait or landscape as the chapter), in the same font; no
    cover, contents, headings, prose, charts, outline, zebra, colours or page x of y.

  The cells, widths and heights are captured from our own code once per run, outside every
  timing (``plan`` step), so the baseline writes what we write, the same number of pages.

Every measurement runs in its own child process, ours and the baseline alternately, so that
peak memory is the child's own peak (``VmHWM``, interpreter and imports included, about 70 MB;
``ru_maxrss`` would start from the parent's, so the capture runs in a child as well) and
a busy machine slows both alike; times are medians of --repeat runs. Fonts are registered
before the clock starts in both (a one-off cost of the process). The ratio measures what our
report costs on top of the bare library writing its cells: data assembly included.

Prints a markdown table and writes ``benchmarks/results/reports.md`` and ``reports.json``.
Timings live here, never in test asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

TARGET_RATIO = 1.5
TARGET_PEAK_MB = 400
TODAY = date(2026, 12, 4)
"""A fixed generation day: the same report on every run (assessment year = its year)."""


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: ru_maxrss survives exec on Linux)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------- plan (untimed)


def _capture_xlsx(report: Any, path: Path) -> list[dict[str, Any]]:
    """Sheets as our workbook writes them: name, column widths, rows and row heights."""
    from openpyxl.cell.cell import Cell

    from workbench.reports import excel

    sheets: list[dict[str, Any]] = []
    original_init, original_append = excel._SheetWriter.__init__, excel._SheetWriter.append

    def init(self: Any, ws: Any, report: Any, tick: Any, sheet_layout: Any) -> None:
        original_init(self, ws, report, tick, sheet_layout)
        sheets.append({"name": ws.title, "widths": list(sheet_layout.widths), "rows": []})

    def append(self: Any, cells: list[Any]) -> None:
        original_append(self, cells)
        values = [c.value if isinstance(c, Cell) else c for c in cells]
        sheets[-1]["rows"].append((values, self.heights[-1]))

    excel._SheetWriter.__init__, excel._SheetWriter.append = init, append  # type: ignore[method-assign]
    try:
        excel.write_xlsx(report, path)
    finally:
        excel._SheetWriter.__init__ = original_init  # type: ignore[method-assign]
        excel._SheetWriter.append = original_append  # type: ignore[method-assign]
    return sheets


def _capture_pdf(report: Any) -> list[dict[str, Any]]:
    """Chapters with tables as our PDF lays them out: orientation and each chunk's cells."""
    from reportlab.lib.pagesizes import A4, landscape

    from workbench.reports.fonts import register_fonts
    from workbench.reports.model import Table
    from workbench.reports.pdf import _page_frame
    from workbench.reports.pdf_style import _styles
    from workbench.reports.pdf_tables import _FastTable, table_flowables

    register_fonts()
    styles = _styles()
    widths = {
        False: _page_frame(A4, "p")._width,
        True: _page_frame(landscape(A4), "l")._width,
    }
    chapters = []
    for section in report.sections:
        chunks = []
        for block in section.blocks:
            if isinstance(block, Table):
                for f in table_flowables(block, widths[section.landscape], report.lang, styles):
                    if isinstance(f, _FastTable):
                        chunks.append((f._cellvalues, list(f._argW), list(f._argH)))
        if chunks:
            chapters.append({"landscape": section.landscape, "chunks": chunks})
    return chapters


def make_plan(db_path: Path, fmt: str, lang: str, plan_path: Path) -> None:
    """Capture the cells, widths and heights of our *fmt* report into *plan_path*."""
    from workbench.db import open_database
    from workbench.reports.generate import build_report

    db = open_database(db_path)
    report = build_report(db, "assessment", year=TODAY.year, lang=lang, today=TODAY)
    db.dispose()
    if fmt == "xlsx":
        plan: Any = _capture_xlsx(report, plan_path.with_suffix(".captured.xlsx"))
    else:
        plan = _capture_pdf(report)
    with plan_path.open("wb") as out:
        pickle.dump(plan, out, protocol=pickle.HIGHEST_PROTOCOL)


# --------------------------------------------------------------------------- bare writers


def bare_xlsx(plan: list[dict[str, Any]], path: Path) -> int:
    """Bare openpyxl, write-only: the plan's rows, column widths and row heights. Returns cells."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from workbench.reports.xlsx_layout import DEFAULT_ROW_HEIGHT

    wb = Workbook(write_only=True)
    cells = 0
    for sheet in plan:
        ws = wb.create_sheet(sheet["name"])
        for index, width in enumerate(sheet["widths"], 1):
            ws.column_dimensions[get_column_letter(index)].width = width
        for number, (values, height) in enumerate(sheet["rows"], 1):
            if height != DEFAULT_ROW_HEIGHT:
                ws.row_dimensions[number].height = height
            ws.append(values)
            cells += len(values)
    wb.save(path)
    return cells


def bare_pdf(plan: list[dict[str, Any]], path: Path) -> int:
    """reportlab, one build: the plan's table chunks, same widths, heights and pages."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import BaseDocTemplate, NextPageTemplate, PageBreak, PageTemplate
    from reportlab.platypus import Table as RLTable

    from workbench.reports.fonts import CONDENSED
    from workbench.reports.pdf import _page_frame
    from workbench.reports.pdf_tables import TABLE_FONT_SIZE, TABLE_LEADING

    doc = BaseDocTemplate(str(path), pagesize=A4)
    doc.addPageTemplates(
        [
            PageTemplate("portrait", [_page_frame(A4, "portrait")], pagesize=A4),
            PageTemplate(
                "landscape", [_page_frame(landscape(A4), "landscape")], pagesize=landscape(A4)
            ),
        ]
    )
    style = [("FONT", (0, 0), (-1, -1), CONDENSED, TABLE_FONT_SIZE, TABLE_LEADING)]
    story: list[Any] = []
    rows = 0
    for chapter in plan:
        story += [NextPageTemplate("landscape" if chapter["landscape"] else "portrait")]
        story += [PageBreak()] if story[:-1] else []
        for cells, widths, heights in chapter["chunks"]:
            story.append(
                RLTable(
                    cells,
                    colWidths=widths,
                    rowHeights=heights,
                    repeatRows=1,
                    style=style,
                    hAlign="LEFT",
                )
            )
            rows += len(cells) - 1
    doc.build(story)
    return rows


# --------------------------------------------------------------------------- children


def child(args: argparse.Namespace) -> None:
    """One timed measurement in this process; prints a JSON line."""
    import openpyxl  # noqa: F401 - the libraries both sides use, imported before the clock
    import reportlab.platypus  # noqa: F401

    from workbench.reports.fonts import register_fonts

    register_fonts()
    out = Path(args.out)
    if args.child == "plan":
        make_plan(Path(args.db), args.fmt, args.lang, out)
        print(json.dumps({"peak_mb": _peak_mb()}))
        return
    if args.child == "data":
        from workbench.db import open_database
        from workbench.reports.generate import build_report

        start, start_cpu = time.perf_counter(), time.process_time()
        db = open_database(Path(args.db))
        build_report(db, "assessment", year=TODAY.year, lang=args.lang, today=TODAY)
        db.dispose()
        wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": _peak_mb(), "size": ""}))
        return
    if args.child == "ours":
        from workbench.db import open_database
        from workbench.reports.generate import generate_report

        start, start_cpu = time.perf_counter(), time.process_time()
        db = open_database(Path(args.db))
        generate_report(
            db, "assessment", args.fmt, out, year=TODAY.year, lang=args.lang, today=TODAY
        )
        db.dispose()
    else:
        with Path(args.plan).open("rb") as source:
            plan = pickle.load(source)
        start, start_cpu = time.perf_counter(), time.process_time()
        (bare_xlsx if args.fmt == "xlsx" else bare_pdf)(plan, out)
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": _peak_mb(), "size": _size(out)}))


def _size(path: Path) -> str:
    """Pages of a PDF, sheets of a workbook (the output's size, to compare)."""
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return f"{len(PdfReader(path).pages)} pages"
    from zipfile import ZipFile

    names = ZipFile(path).namelist()
    return f"{sum(n.startswith('xl/worksheets/sheet') for n in names)} sheets"


def _run_child(*argv: str) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), *argv]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def measure(members: int, fmt: str, lang: str, repeat: int, work: Path) -> dict[str, Any]:
    """Median time, CPU and peak memory of ours and of the baseline (alternating children)."""
    from common import synthetic_db_path

    db_path = synthetic_db_path(members)
    plan = work / f"plan-{members}-{fmt}.pickle"
    # In a child: the parent stays small (a child's ru_maxrss starts from its parent's).
    _run_child(
        "--child", "plan", "--fmt", fmt, "--lang", lang, "--db", str(db_path), "--out", str(plan)
    )
    runs: dict[str, list[dict[str, Any]]] = {"ours": [], "bare": [], "data": []}
    load_before = _load()
    for n in range(repeat):
        for side in runs:
            out = work / f"{side}-{members}-{n}.{fmt}"
            argv = ["--child", side, "--fmt", fmt, "--lang", lang, "--out", str(out)]
            argv += ["--plan", str(plan)] if side == "bare" else ["--db", str(db_path)]
            runs[side].append(_run_child(*argv))
            out.unlink(missing_ok=True)
    med = statistics.median
    result: dict[str, Any] = {"members": members, "format": fmt, "lang": lang, "runs": repeat}
    for side, measured in runs.items():
        result[side] = {
            "wall": med(r["wall"] for r in measured),
            "cpu": med(r["cpu"] for r in measured),
            "peak_mb": max(r["peak_mb"] for r in measured),
            "size": measured[0]["size"],
        }
    # Rendering alone: end to end less the data assembly, against the same baseline.
    result["render_ratio_cpu"] = (result["ours"]["cpu"] - result["data"]["cpu"]) / result["bare"][
        "cpu"
    ]
    result["ratio_wall"] = result["ours"]["wall"] / result["bare"]["wall"]
    result["ratio_cpu"] = result["ours"]["cpu"] / result["bare"]["cpu"]
    result["load"] = f"{load_before} → {_load()}"
    return result


# --------------------------------------------------------------------------- report


def _row(r: dict[str, Any]) -> list[str]:
    ours, bare = r["ours"], r["bare"]
    ratio_ok = r["members"] > 10_000 or r["ratio_cpu"] <= TARGET_RATIO
    peak_ok = r["members"] < 50_000 or ours["peak_mb"] <= TARGET_PEAK_MB
    return [
        f"{r['members']:,}",
        r["format"],
        f"{ours['wall']:.2f} ({ours['cpu']:.2f})",
        f"{bare['wall']:.2f} ({bare['cpu']:.2f})",
        f"{r['ratio_wall']:.2f}× ({r['ratio_cpu']:.2f}×)" + ("" if ratio_ok else " **missed**"),
        f"{r['data']['cpu']:.2f} / {r['render_ratio_cpu']:.2f}×",
        f"{ours['peak_mb']:.0f}" + ("" if peak_ok else " **missed**"),
        f"{bare['peak_mb']:.0f}",
        f"{ours['size']} / {bare['size']}",
        r["load"],
    ]


def write_results(results: list[dict[str, Any]], repeat: int) -> Path:
    from common import RESULTS, write_markdown

    header = [
        "members",
        "format",
        "ours end to end, wall (CPU) s",
        "bare baseline, wall (CPU) s",
        "ratio wall (CPU)",
        "of which data assembly, CPU s / rendering alone vs baseline (CPU)",
        "ours peak MB",
        "baseline peak MB",
        "output (ours / baseline)",
        "load average 1/5/15 min (before → after)",
    ]
    notes = [
        f"Assessment report of {TODAY.year} generated on {TODAY:%d/%m/%Y}, language "
        f"{results[0]['lang'] if results else 'en'}, synthetic databases of "
        "`demo.build_synthetic` (500 projects); median of "
        f"{repeat} runs per figure at 10,000 members and below, one at 50,000; ours and the "
        "baseline alternating, each in its own process.",
        "Ours: `generate_report` from opening the database to the written file (data "
        "assembly, indicators engine and rendering). Baseline: the bare library writing the "
        "same cells, column widths and row heights (see the docstring of "
        "`benchmarks/bench_reports.py`), the cells captured from our code beforehand.",
        f"Targets (issue 16): ≤ {TARGET_RATIO}× at 10,000 members, peak ≤ {TARGET_PEAK_MB} MB "
        "at 50,000. Peak memory is the child's own peak (VmHWM), interpreter and imports "
        "included; the baseline's includes the captured cells it writes from.",
        "Data assembly: `build_report` alone in its own child; rendering alone is end to end "
        "less data assembly (CPU), against the same baseline.",
        "The machine has 2 cores shared with other work: the load average says how busy it "
        "was; the CPU ratio is the one to trust when it is busy.",
    ]
    path = write_markdown(
        "reports", "Report generation benchmark", header, [_row(r) for r in results], notes
    )
    (RESULTS / "reports.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--formats", nargs="+", default=["xlsx", "pdf"])
    parser.add_argument("--lang", default="en")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--keep", action="store_true", help="keep earlier results of sizes not measured now"
    )
    parser.add_argument("--child", choices=["ours", "bare", "data", "plan"], help=argparse.SUPPRESS)
    parser.add_argument("--fmt", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--plan", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args)
        return 0
    work = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    results = []
    for members in args.members:
        repeat = args.repeat if members <= 10_000 else 1
        for fmt in args.formats:
            results.append(measure(members, fmt, args.lang, repeat, work))
            print(json.dumps(results[-1]), flush=True)
    if args.keep:
        from common import RESULTS

        measured = {(r["members"], r["format"]) for r in results}
        earlier = json.loads((RESULTS / "reports.json").read_text(encoding="utf-8"))
        results = [r for r in earlier if (r["members"], r["format"]) not in measured] + results
        results.sort(key=lambda r: (r["members"], r["format"] != "xlsx"))
    path = write_results(results, args.repeat)
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
