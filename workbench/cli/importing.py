"""``workbench import ...``: import members, projects, activities and CORDIS files; undo; list.

Exit codes: 0 applied (or previewed with ``--dry-run``); 1 nothing applied because of row errors
with ``--strict``, unanswered questions, an unusable mapping or an undo conflict; 2 the file
cannot be read (the reason on stderr).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC
from pathlib import Path
from typing import Any

from workbench.cli import EXIT_BAD_FILE, EXIT_USER_ERROR, open_db, parse_date_arg, print_json
from workbench.importing.errors import ImportFileError

_FILE_KINDS = ("members", "projects", "activities")
_SHOWN_PROBLEMS = 20


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add ``import`` and its actions to the CLI."""
    imp = subparsers.add_parser(
        "import",
        parents=[common],
        help="import spreadsheets (members, projects, activities, "
        "CORDIS), undo an import, list past imports",
    )
    actions = imp.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    for kind in _FILE_KINDS:
        p = actions.add_parser(kind, parents=[common], help=f"import {kind} from a spreadsheet")
        p.add_argument("file", metavar="FILE")
        p.add_argument(
            "--sheet", metavar="NAME", help="sheet to read (default: the first with data)"
        )
        p.add_argument(
            "--header-row",
            metavar="N",
            type=int,
            help="row holding the column titles, as the spreadsheet numbers it "
            "(0: no header; default: found automatically)",
        )
        p.add_argument(
            "--mapping",
            metavar="FILE",
            help="column mapping (JSON: header -> field); default: a saved or suggested mapping",
        )
        _common_options(p)
        p.set_defaults(func=cmd_import_file, kind=kind)
    cordis = actions.add_parser(
        "cordis",
        parents=[common],
        help="import the members' EU projects from CORDIS project.csv + organization.csv",
    )
    cordis.add_argument("file", metavar="PROJECTS_CSV", help="CORDIS project.csv")
    cordis.add_argument(
        "--organizations",
        "--organisations",
        metavar="FILE",
        required=True,
        help="CORDIS organization.csv",
    )
    _common_options(cordis)
    cordis.set_defaults(func=cmd_import_cordis, kind="cordis")

    undo = actions.add_parser("undo", parents=[common], help="undo an import batch")
    undo.add_argument("batch", type=int, metavar="BATCH")
    undo.add_argument(
        "--force", action="store_true", help="overwrite changes made after the import"
    )
    undo.set_defaults(func=cmd_import_undo)
    batches = actions.add_parser("batches", parents=[common], help="list past imports")
    batches.set_defaults(func=cmd_import_batches)


def _common_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dry-run", action="store_true", help="preview only: write nothing")
    p.add_argument(
        "--strict", action="store_true", help="write nothing if any row has an error (exit code 1)"
    )
    p.add_argument(
        "--date-order",
        choices=["dmy", "mdy"],
        help="day/month order of date columns whose dates fit both",
    )
    p.add_argument(
        "--review",
        choices=["create", "skip"],
        help="what to do with rows whose organisation is uncertain (default: leave "
        "them out and report them)",
    )
    p.add_argument(
        "--year",
        type=int,
        metavar="YEAR",
        help="year of fee and size figures when the file does not say",
    )
    p.add_argument(
        "--area-from",
        type=parse_date_arg,
        metavar="DATE",
        help="date from which competence-area memberships count, when the file gives none",
    )
    p.add_argument(
        "--decimal-point",
        action="store_true",
        help='read "1,234" as one thousand two hundred thirty-four (English '
        "numbers); the default reads the decimal comma",
    )
    p.add_argument(
        "--error-report",
        metavar="FILE",
        help="write the rows that were not imported to this xlsx file",
    )


def _options(args: argparse.Namespace) -> Any:
    from workbench.importing.parsing import DateOrder
    from workbench.importing.plan import PlanOptions, ReviewAction

    return PlanOptions(
        date_order=DateOrder(args.date_order) if args.date_order else None,
        decimal_comma=not args.decimal_point,
        fee_year=args.year,
        size_year=args.year,
        area_from=args.area_from,
        review=ReviewAction(args.review) if args.review else None,
    )


def _bad_file(exc: ImportFileError) -> int:
    print(f"workbench: {exc}", file=sys.stderr)
    return EXIT_BAD_FILE


def cmd_import_file(args: argparse.Namespace) -> int:
    from workbench.importing.fields import ImportKind
    from workbench.importing.mapping import load_mapping_file
    from workbench.importing.plan import build_plan
    from workbench.importing.readers import read_table
    from workbench.importing.suggest import suggest_mapping

    kind = ImportKind(args.kind)
    try:
        table = read_table(args.file, sheet=args.sheet, header_row=args.header_row)
    except ImportFileError as exc:
        return _bad_file(exc)
    db = open_db(args)
    if args.mapping:
        mapping = load_mapping_file(args.mapping, kind)
    else:
        suggestion = suggest_mapping(table, kind, db=db)
        mapping = suggestion.mapping
    if not args.json:
        _print_mapping(table.headers, mapping.columns)
    plan = build_plan(db, table, mapping, _options(args))
    return _finish(args, db, plan, [Path(args.file)])


def cmd_import_cordis(args: argparse.Namespace) -> int:
    from workbench.importing.presets import plan_cordis
    from workbench.importing.readers import read_table

    try:
        projects = read_table(args.file)
        organisations = read_table(args.organizations)
        db = open_db(args)
        plan = plan_cordis(db, projects, organisations, _options(args))
    except ImportFileError as exc:
        return _bad_file(exc)
    return _finish(args, db, plan, [Path(args.file), Path(args.organizations)])


def _print_mapping(headers: list[str], columns: dict[str, str]) -> None:
    mapped = [f'"{h}" -> {columns[h]}' for h in headers if h in columns]
    ignored = [f'"{h}"' for h in headers if h not in columns]
    print("Columns: " + (", ".join(mapped) or "none mapped"), file=sys.stderr)
    if ignored:
        print("Not imported: " + ", ".join(ignored), file=sys.stderr)


def _finish(args: argparse.Namespace, db: Any, plan: Any, paths: list[Path]) -> int:
    from workbench.importing.apply import StrictImportError, apply_plan
    from workbench.importing.report import write_error_report

    counts = plan.counts()
    output: dict[str, Any] = {
        "file": plan.file_name,
        "dry_run": bool(args.dry_run),
        **counts.as_dict(),
        "batch_id": None,
        "problems": [_problem(p) for p in plan.problems()],
        "questions": [{"key": q.key, "question": q.message} for q in plan.questions],
        "notes": list(plan.notes),
    }
    if plan.questions:
        return _unanswered(args, output, plan)
    if args.dry_run or (args.strict and counts.error):
        if args.error_report:
            write_error_report(plan, args.error_report)
        _report(args, output, plan.problems(), applied=False)
        return EXIT_USER_ERROR if args.strict and counts.error else 0
    try:
        result = apply_plan(db, plan, file_path=paths, strict=args.strict)
    except StrictImportError as exc:
        output["problems"] = [_problem(p) for p in exc.problems]
        _report(args, output, exc.problems, applied=False, message=str(exc))
        return EXIT_USER_ERROR
    output.update(result.as_dict())
    refused = [p for q in result.quarantined for p in q.problems]
    output["problems"] += [_problem(p) for p in refused]
    if args.error_report:
        write_error_report(plan, args.error_report, result)
        output["error_report"] = args.error_report
    _report(args, output, plan.problems() + refused, applied=True)
    return 0


def _problem(p: Any) -> dict[str, Any]:
    return {"file": p.file, "row": p.row, "column": p.column, "problem": p.message}


def _unanswered(args: argparse.Namespace, output: dict[str, Any], plan: Any) -> int:
    if args.json:
        print_json(output)
    hints = {
        "date_order": "--date-order dmy|mdy",
        "year": "--year YEAR",
        "date": "--area-from YYYY-MM-DD",
    }
    for q in plan.questions:
        print(f"workbench: {q.message} Answer with {hints.get(q.kind, '')}.", file=sys.stderr)
    print("workbench: nothing was imported.", file=sys.stderr)
    return EXIT_USER_ERROR


def _report(
    args: argparse.Namespace,
    output: dict[str, Any],
    problems: list[Any],
    *,
    applied: bool,
    message: str | None = None,
) -> None:
    if args.json:
        print_json(output)
        return
    for note in output.get("notes", []):
        print(note, file=sys.stderr)
    for problem in problems[:_SHOWN_PROBLEMS]:
        print(f"  {problem}", file=sys.stderr)
    if len(problems) > _SHOWN_PROBLEMS:
        print(f"  ... and {len(problems) - _SHOWN_PROBLEMS} more problems", file=sys.stderr)
    if message:
        print(f"workbench: {message}", file=sys.stderr)
    line = (
        f"created {output['created']}, updated {output['updated']}, unchanged "
        f"{output['unchanged']}, review {output['review']}, errors {output['errors']}"
    )
    if output.get("skipped"):
        line += f", skipped {output['skipped']}"
    if applied and output.get("batch_id"):
        line += f"; batch {output['batch_id']}"
    elif applied:
        line += "; nothing to write"
    else:
        line += "; nothing written" + (" (dry run)" if output.get("dry_run") else "")
    print(line)


def cmd_import_undo(args: argparse.Namespace) -> int:
    from workbench.importing.batches import UndoConflictError, undo_batch

    db = open_db(args)
    try:
        result = undo_batch(db, args.batch, force=args.force)
    except UndoConflictError as exc:
        print(
            f"workbench: import batch {args.batch} was not undone: these records changed "
            "after the import:",
            file=sys.stderr,
        )
        for conflict in exc.conflicts:
            print(f"  {conflict}", file=sys.stderr)
        print("Run again with --force to undo anyway and overwrite those changes.", file=sys.stderr)
        return EXIT_USER_ERROR
    if args.json:
        print_json(
            {
                "batch_id": result.batch_id,
                "deleted": result.deleted,
                "restored": result.restored,
                "backup": str(result.backup or ""),
                "overridden": [c.detail for c in result.overridden],
                "notes": result.notes,
            }
        )
    else:
        print(
            f"Import batch {result.batch_id} undone: {result.deleted} records deleted, "
            f"{result.restored} fields restored."
        )
    return 0


def cmd_import_batches(args: argparse.Namespace) -> int:
    from workbench.importing.batches import list_batches

    db = open_db(args)
    batches = list_batches(db)
    if args.json:
        print_json([b.as_dict() for b in batches])
        return 0
    for b in batches:
        started = b.started_at
        if started.tzinfo is None:  # SQLite hands back UTC without the zone
            started = started.replace(tzinfo=UTC)
        when = started.astimezone().strftime("%Y-%m-%d %H:%M")
        state = f"undone {b.undone_at:%Y-%m-%d}" if b.undone_at else b.status.value
        print(
            f"{b.id:5}  {when}  {b.kind:10} {b.file_name[:40]:40} {b.user[:12]:12} "
            f"+{b.created} ~{b.updated} ={b.unchanged} ?{b.review} !{b.errors}  {state}"
        )
    if not batches:
        print("No imports yet.", file=sys.stderr)
    return 0
