"""Command ``workbench report``: write a report (assessment, members, projects, eccp) to a file.

    workbench report assessment --year 2025 --format pdf --lang it -o evidenze-2025.pdf
    workbench report members --as-of 2024-12-31 -o soci.xlsx
    workbench report eccp --format json -o eccp.json

The format defaults to the output file's extension (else the report's first format). A format
the report does not have is refused with a message naming the ones it has. The written path is
printed on stdout (``--json``: ``{"path": ..., "report": ..., "format": ...}``).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from workbench.reports.generate import (
    ReportError,
    check_request,
    default_file_name,
    generate_report,
)
from workbench.reports.kinds import REGISTRY, formats_of, report_kinds

ALL_FORMATS = ("xlsx", "pdf", "json")


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``report`` command."""
    from workbench.cli import parse_date_arg

    report = subparsers.add_parser(
        "report",
        parents=[common],
        help="write a report: assessment evidence, member directory, project portfolio, ECCP",
        description="Write a report as Excel, PDF or JSON. Formats: "
        + "; ".join(f"{kind.key}: {', '.join(kind.formats)}" for kind in report_kinds())
        + ".",
    )
    report.add_argument("kind", choices=list(REGISTRY), metavar="REPORT", help=", ".join(REGISTRY))
    report.add_argument(
        "--year",
        type=int,
        help="assessment year Y (evidence for Y-2 and Y-1; default this year); members/eccp: "
        "31 December of YEAR unless --as-of; projects: projects running in YEAR",
    )
    report.add_argument(
        "--format",
        "-f",
        choices=ALL_FORMATS,
        help="xlsx, pdf or json (default: from -o, else xlsx)",
    )
    report.add_argument("--lang", choices=["en", "it"], default="en", help="report language")
    report.add_argument("-o", "--output", metavar="FILE", help="file to write")
    report.add_argument(
        "--as-of", type=parse_date_arg, metavar="DATE", help="reference day (members, eccp)"
    )
    report.add_argument(
        "--today",
        type=parse_date_arg,
        metavar="DATE",
        help="generation day printed on the report (default today)",
    )
    report.add_argument("--level", choices=["gold", "silver", "bronze"], default="gold")
    report.add_argument("--programme", help="projects: only this programme")
    report.add_argument("--status", help="projects: only this status (funded, submitted ...)")
    report.set_defaults(func=cmd_report)


def _format_for(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output:
        suffix = Path(args.output).suffix.lower().lstrip(".")
        if suffix in ALL_FORMATS:
            return suffix
    return formats_of(args.kind)[0]


def cmd_report(args: argparse.Namespace) -> int:
    """Write the report and print its path."""
    from workbench.cli import open_db, print_json
    from workbench.reports.files import check_output_path

    fmt = _format_for(args)
    # Refuse what can be refused before opening the database and building the data.
    check_request(args.kind, fmt, args.lang, args.year)
    output = Path(args.output or default_file_name(args.kind, fmt, year=args.year, lang=args.lang))
    if output.suffix.lower() != "." + fmt:
        raise ReportError(
            f"The output file {output} does not end in .{fmt}: name it e.g. "
            f"{output.with_suffix('.' + fmt).name}."
        )
    check_output_path(output)
    filters = None
    if args.kind == "projects":
        from workbench.models import ProjectStatus
        from workbench.reports.data import ProjectFilters

        status = None
        if args.status:
            try:
                status = ProjectStatus(args.status)
            except ValueError as exc:
                raise ReportError(
                    f"'{args.status}' is not a project status: use one of "
                    f"{', '.join(s.value for s in ProjectStatus)}."
                ) from exc
        filters = ProjectFilters(programme=args.programme, status=status, year=args.year)
    db = open_db(args)
    try:
        written = generate_report(
            db,
            args.kind,
            fmt,
            output,
            year=args.year,
            lang=args.lang,
            as_of=args.as_of,
            project_filters=filters,
            level=args.level,
            today=args.today or date.today(),
        )
    finally:
        db.dispose()
    if args.json:
        print_json({"path": str(written.resolve()), "report": args.kind, "format": fmt})
    else:
        print(written.resolve())
        print(f"{args.kind} report written ({fmt}).", file=sys.stderr)
    return 0
