"""``workbench history``: list or export the change history with filters."""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import datetime, time
from typing import Any

from sqlalchemy import select

from workbench.models import AuditEntry
from workbench.services.base import unit_of_work
from workbench.services.history_text import ReadableChange, action_label, describe_entries
from workbench.text import escape_formula


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``history`` and ``person`` commands to the CLI."""
    from workbench.cli import parse_date_arg

    history = sub.add_parser("history", parents=[common], help="show or export the change history")
    history.add_argument("--table", help="only this table (organisation, project, fee ...)")
    history.add_argument("--record", type=int, help="only this record id (with --table)")
    history.add_argument("--user", help="only changes by this user")
    history.add_argument("--batch", type=int, help="only changes made by this import batch")
    history.add_argument("--since", type=parse_date_arg, metavar="DATE")
    history.add_argument("--limit", type=int, default=200, help="newest N entries (0 = all)")
    history.add_argument("--csv", metavar="FILE", help="write the entries to a CSV file")
    history.add_argument(
        "--lang",
        choices=["en", "it"],
        default=argparse.SUPPRESS,
        help="language of the record names, field labels and values (default en)",
    )
    history.set_defaults(func=cmd_history)

    person = sub.add_parser("person", parents=[common], help="personal data of a contact (GDPR)")
    person_sub = person.add_subparsers(dest="person_command", metavar="ACTION", required=True)
    export = person_sub.add_parser("export", parents=[common], help="export all data held")
    export.add_argument("contact_id", type=int)
    export.add_argument(
        "-o", "--output", required=True, metavar="STEM", help="writes STEM.json and STEM.xlsx"
    )
    export.set_defaults(func=cmd_person_export)
    erase = person_sub.add_parser("erase", parents=[common], help="erase a person everywhere")
    erase.add_argument("contact_id", type=int)
    erase.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(func=cmd_person_erase)


def cmd_history(args: argparse.Namespace) -> int:
    from workbench.cli import open_db, print_json

    db = open_db(args)
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc())
    if args.table:
        stmt = stmt.where(AuditEntry.table_name == args.table)
    if args.record is not None:
        stmt = stmt.where(AuditEntry.record_id == args.record)
    if args.user:
        stmt = stmt.where(AuditEntry.user == args.user)
    if args.batch is not None:
        stmt = stmt.where(AuditEntry.batch_id == args.batch)
    if args.since:
        stmt = stmt.where(AuditEntry.at >= datetime.combine(args.since, time.min))
    if args.limit:
        stmt = stmt.limit(args.limit)
    lang = getattr(args, "lang", None) or "en"
    with unit_of_work(db, write=False) as session:
        found = list(session.scalars(stmt))
        readable = describe_entries(session, found, lang)
        entries = [_as_dict(e, r) for e, r in zip(found, readable, strict=True)]
    if args.csv:
        with open(args.csv, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(entries[0]) if entries else _KEYS)
            writer.writeheader()
            # Values typed by users or read from files: none may run as a formula.
            writer.writerows(
                {k: escape_formula(v) if isinstance(v, str) else v for k, v in e.items()}
                for e in entries
            )
        print(f"{len(entries)} history entries written to {args.csv}")
    elif args.json:
        print_json(entries)
    else:
        for e in entries:
            # Field by its label, values as the interface shows them (services.history_text).
            if e["field"]:
                change = f"{e['field_label']}: {e['before'] or '—'} -> {e['after'] or '—'}"
            else:
                change = e["after"] or e["before"]
            action = action_label(e["action"], lang)
            # A record without a name of its own is shown by its kind.
            record = e["table_name"] if e["record"].startswith("#") else e["record"]
            print(
                f"{e['at'][:19]} {e['user']:12} {action:10} {record} "
                f"(#{e['record_id']}) {change}".rstrip()
            )
    return 0


_KEYS = [
    "id",
    "at",
    "user",
    "source",
    "action",
    "table_name",
    "record_id",
    "record_label",
    "field",
    "old_value",
    "new_value",
    "batch_id",
    "record",
    "field_label",
    "before",
    "after",
]


def _as_dict(entry: AuditEntry, readable: ReadableChange) -> dict[str, Any]:
    """One entry as stored (raw values) and as people read it (record, label, before, after)."""
    return {
        "id": entry.id,
        "at": entry.at.isoformat() if entry.at else None,
        "user": entry.user,
        "source": entry.source,
        "action": str(entry.action) if entry.action else None,
        "table_name": entry.table_name,
        "record_id": entry.record_id,
        "record_label": entry.record_label,
        "field": entry.field,
        "old_value": entry.old_value,
        "new_value": entry.new_value,
        "batch_id": entry.batch_id,
        "record": readable.record,
        "field_label": readable.field,
        "before": readable.before,
        "after": readable.after,
    }


def cmd_person_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from workbench.cli import open_db
    from workbench.services.privacy import export_person

    json_path, xlsx_path = export_person(open_db(args), args.contact_id, Path(args.output))
    print(f"Personal data written to {json_path} and {xlsx_path}")
    return 0


def cmd_person_erase(args: argparse.Namespace) -> int:
    from workbench.cli import open_db
    from workbench.services.privacy import erase_person

    db = open_db(args)
    if not args.yes and sys.stdin.isatty():
        answer = input(f"Erase contact {args.contact_id} and scrub them from the history? [y/N] ")
        if answer.strip().lower() not in ("y", "yes", "s", "si", "sì"):
            print("Nothing erased.", file=sys.stderr)
            return 1
    summary = erase_person(db, args.contact_id)
    print(
        f"Erased contact {summary.contact_id}: {summary.participations_removed} activity "
        f"participations removed, {summary.history_entries_scrubbed} history entries scrubbed."
    )
    return 0
