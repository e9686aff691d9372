"""Benchmark: assessment report generation on a large synthetic cluster.

    .venv/bin/python benchmarks/bench_reports.py [--members 10000] [--projects 500] [--db FILE]

Uses the cached synthetic database of ``benchmarks/common.py`` (or --db), built with
``demo.build_synthetic`` as of today, then times, median of --repeat runs, the assessment for
this year:

* data assembly (``assessment_data``: indicators engine, registers, tables);
* rendering the xlsx and the PDF from that data, each against a baseline of the bare library
  producing the same amount of output:
  - xlsx baseline: openpyxl write-only mode appending exactly the same cells (header, data and
    totals rows of every table), without styles, formats or charts;
  - PDF baseline: reportlab building, in one pass, plain tables (500-row chunks repeating
    their header, same fonts and column widths) of exactly the same rows as the report's PDF.

Prints a markdown table and writes it to ``benchmarks/results/reports.md``.
Timings live here, never in test asserts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from workbench.db import open_database  # noqa: E402
from workbench.reports.model import ReportData, Table  # noqa: E402


def baseline_xlsx(report: ReportData, path: Path) -> int:
    """openpyxl write-only, the same cells as the report's workbook, no styles."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    cells = 0
    for n, sheet in enumerate(report.sheets):
        ws = wb.create_sheet(f"S{n}")
        for block in sheet.blocks:
            if not isinstance(block, Table):
                continue
            ws.append([block.title])
            ws.append([c.title for c in block.columns])
            for row in block.rows:
                ws.append(row)
                cells += len(row)
            if block.totals is not None:
                ws.append(block.totals)
            if block.note:
                ws.append([block.note])
            ws.append([])
    wb.save(path)
    return cells


def _pdf_tables(report: ReportData) -> list[Table]:
    return [b for s in report.sections for b in s.blocks if isinstance(b, Table)]


def baseline_pdf(report: ReportData, path: Path) -> int:
    """reportlab, one pass: the report's PDF table rows as plain chunked tables."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate
    from reportlab.platypus import Table as RLTable

    from workbench.reports.fonts import CONDENSED, register_fonts

    register_fonts()
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4))
    width = doc.width
    story: list[Any] = []
    rows_total = 0
    for table in _pdf_tables(report):
        columns = [c for c in table.columns if c.pdf]
        positions = [table.columns.index(c) for c in columns]
        weights = [c.effective_width for c in columns]
        widths = [width * w / sum(weights) for w in weights]
        header = [c.title for c in columns]
        rows = [["" if r[p] is None else str(r[p]) for p in positions] for r in table.rows]
        rows_total += len(rows)
        for i in range(0, max(len(rows), 1), 500):
            story.append(
                RLTable(
                    [header, *rows[i : i + 500]],
                    colWidths=widths,
                    repeatRows=1,
                    style=[("FONT", (0, 0), (-1, -1), CONDENSED, 7.6)],
                )
            )
    doc.build(story)
    return rows_total


def run(args: argparse.Namespace) -> Path:
    from common import median_seconds, synthetic_db_path, write_markdown

    from workbench.reports.data import assessment_data
    from workbench.reports.excel import write_xlsx
    from workbench.reports.fonts import register_fonts
    from workbench.reports.pdf import write_pdf

    work = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    if args.db:
        db_path = Path(args.db)
        if not db_path.exists():
            from workbench import demo

            db = open_database(db_path)
            demo.build_synthetic(db, members=args.members, projects=args.projects)
            db.dispose()
    else:
        db_path = synthetic_db_path(args.members, args.projects)
    db = open_database(db_path)
    today = date.today()
    year = today.year
    register_fonts()  # font loading is a one-off cost of the process, not of a report
    holder: dict[str, ReportData] = {}

    def build() -> None:
        holder["report"] = assessment_data(db, year, "en", today)

    t_data = median_seconds(build, runs=args.repeat, warmup=0)
    report = holder["report"]
    rows = sum(len(t.rows) for t in report.tables())
    pdf_rows = sum(len(t.rows) for t in _pdf_tables(report))
    db.dispose()

    def paired(ours: Callable[[], Any], base: Callable[[], Any]) -> tuple[float, ...]:
        """Median wall and CPU times of *ours* and *base*, run alternately (fair under load)."""
        wall: dict[str, list[float]] = {"ours": [], "base": []}
        cpu: dict[str, list[float]] = {"ours": [], "base": []}
        for _ in range(args.repeat):
            for name, func in (("ours", ours), ("base", base)):
                start_wall, start_cpu = time.perf_counter(), time.process_time()
                func()
                wall[name].append(time.perf_counter() - start_wall)
                cpu[name].append(time.process_time() - start_cpu)
        med = statistics.median
        return med(wall["ours"]), med(wall["base"]), med(cpu["ours"]), med(cpu["base"])

    x_wall, x_base, x_cpu, x_base_cpu = paired(
        lambda: write_xlsx(report, work / "report.xlsx"),
        lambda: baseline_xlsx(report, work / "base.xlsx"),
    )
    cells = baseline_xlsx(report, work / "base.xlsx")
    p_wall, p_base, p_cpu, p_base_cpu = paired(
        lambda: write_pdf(report, work / "report.pdf"),
        lambda: baseline_pdf(report, work / "base.pdf"),
    )

    from pypdf import PdfReader

    pages = len(PdfReader(work / "report.pdf").pages)
    base_pages = len(PdfReader(work / "base.pdf").pages)
    header = [
        "step",
        "output",
        "time (s)",
        "bare-library baseline (s)",
        "ratio (wall)",
        "ratio (CPU)",
        "target",
    ]
    table = [
        [
            "data assembly (`assessment_data`, incl. indicators engine)",
            f"{rows:,} table rows",
            f"{t_data:.2f}",
            "—",
            "—",
            "—",
            "—",
        ],
        [
            "xlsx rendering (`write_xlsx`)",
            f"{len(report.sheets)} sheets, {cells:,} data cells",
            f"{x_wall:.2f}",
            f"{x_base:.2f}",
            f"{x_wall / x_base:.2f}×",
            f"{x_cpu / x_base_cpu:.2f}×",
            "< 1.5×",
        ],
        [
            "PDF rendering (`write_pdf`)",
            f"{pages} pages, {pdf_rows:,} table rows (baseline {base_pages} pages)",
            f"{p_wall:.2f}",
            f"{p_base:.2f}",
            f"{p_wall / p_base:.2f}×",
            f"{p_cpu / p_base_cpu:.2f}×",
            "< 2×",
        ],
        ["assessment xlsx, end to end", "", f"{t_data + x_wall:.2f}", "", "", "", ""],
        ["assessment PDF, end to end", "", f"{t_data + p_wall:.2f}", "", "", "", ""],
    ]
    notes = [
        f"Synthetic database: {args.members:,} organisations, {args.projects} projects "
        f"(`demo.build_synthetic`); assessment year {year} (evidence {year - 2}-{year - 1}); "
        f"median of {args.repeat} runs.",
        "xlsx baseline: openpyxl write-only mode appending exactly the same cells (titles, "
        "headers, data and totals rows of every table) without styles, number formats or charts.",
        "PDF baseline: one reportlab `SimpleDocTemplate.build` of the same table rows as the "
        "report's PDF, as plain 500-row chunked tables repeating their header, same fonts and "
        "column widths; no cover, contents, charts, outline or page x of y.",
        "The ratios compare rendering (report data -> file); data assembly is the database and "
        "indicators work that both formats share. Report and baseline run alternately; the "
        "CPU-time ratio is the one to trust when the machine is busy.",
    ]
    return write_markdown("reports", "Report generation benchmark", header, table, notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--db", help="use this synthetic database (built if missing; default: cached in out/)"
    )
    args = parser.parse_args(argv)
    path = run(args)
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
