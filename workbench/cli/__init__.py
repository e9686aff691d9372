"""Headless commands: demo, db upgrade, backup, restore, members; plus import/report/indicators.

``workbench`` with no command starts the desktop window. Every user error prints one clear line
on stderr and exits non-zero; ``--json`` prints machine-readable output on stdout.

The command line is an adapter: this package parses arguments, calls the core and prints. Areas
with their own commands live beside this module (``cli/importing.py``, ``indicators.py``,
``reports.py``, ``history.py``), each with a ``register(subparsers, common)`` function listed in
``COMMAND_MODULES``; each sub-parser sets ``func(args) -> int``. No domain package imports this
package (the layer contract in pyproject.toml checks it).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from workbench import __version__
from workbench.errors import WorkbenchError

COMMAND_MODULES = (
    "workbench.cli.importing",
    "workbench.cli.indicators",
    "workbench.cli.reports",
    "workbench.cli.history",
)

EXIT_USER_ERROR = 1
EXIT_BAD_FILE = 2


# --------------------------------------------------------------------------- helpers


def parse_date_arg(text: str) -> date:
    """Argparse type for YYYY-MM-DD or DD/MM/YYYY dates."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            from datetime import datetime

            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"'{text}' is not a date: use YYYY-MM-DD, e.g. 2024-12-31.")


def open_db(args: argparse.Namespace, *, upgrade: bool = True, create: bool = False) -> Any:
    """Open the database named by ``--db`` / WORKBENCH_DB / the default, reporting progress.

    Only the commands that make a database (``demo``, ``db upgrade``) pass *create*: for every
    other command a SQLite file that does not exist is a mistyped path, refused with
    DatabaseError instead of silently becoming an empty database (and an empty report).
    """
    from workbench.db import latest_good_backup, open_database, resolve_db_url, sqlite_path_of

    if not create:
        path = sqlite_path_of(resolve_db_url(args.db))
        # A missing file with backups gets open_database's message naming the backup instead.
        if path is not None and not path.exists() and latest_good_backup(path) is None:
            _refuse_missing(path)
    return open_database(args.db, upgrade=upgrade, progress=lambda msg: _note(args, msg))


def _refuse_missing(path: Path) -> None:
    from workbench.errors import DatabaseError
    from workbench.translatable import msg

    raise DatabaseError(
        msg(
            "There is no database at {path}: check the path given with --db (or WORKBENCH_DB). "
            "To start a new one, open the window or run workbench demo --db {path}.",
            path=path,
        )
    )


def _note(args: argparse.Namespace, message: str) -> None:
    if not getattr(args, "json", False):
        print(message, file=sys.stderr)


def print_json(data: Any) -> None:
    """Print *data* as indented JSON (dates, Decimals and enums as strings)."""
    from workbench.services.audit import to_json_value

    print(json.dumps(data, default=to_json_value, ensure_ascii=False, indent=2))


# --------------------------------------------------------------------------- commands


def cmd_demo(args: argparse.Namespace) -> int:
    from workbench import demo

    db = open_db(args, create=True)
    if args.members:
        summary = demo.build_synthetic(
            db, members=args.members, projects=args.projects, seed=args.seed
        )
    else:
        summary = demo.build_demo(db, seed=args.seed)
    if args.json:
        print_json(summary.__dict__)
    else:
        print(f"Demo cluster written to {db.display_name}: {summary}")
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from workbench import migrate

    db = open_db(args, upgrade=False, create=True)
    before = migrate.current_revision(db.engine)
    migrate.check_known(before, db.display_name)  # a newer schema: refuse before any backup
    if migrate.pending(db.engine):
        # The safety copy: a file copy on SQLite, an export on PostgreSQL.
        backup = db.backup(reason="pre-upgrade")
        migrate.upgrade(db.engine)
        note = f" (backup: {backup})" if backup else ""
        print(f"Database upgraded from {before or 'empty'} to {migrate.head_revision()}{note}.")
    else:
        print(f"Database is up to date (revision {before}).")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from workbench.services import backup as backup_service

    db = open_db(args)
    target = backup_service.backup(db, Path(args.output) if args.output else None)
    print(f"Backup written to {target}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from workbench.db import resolve_db_url
    from workbench.services import backup as backup_service

    source = Path(args.file)
    url = resolve_db_url(args.db)
    if not args.yes and sys.stdin.isatty():
        answer = input(f"Replace everything in {url} with the contents of {source}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes", "s", "si", "sì"):
            print("Nothing restored.", file=sys.stderr)
            return EXIT_USER_ERROR
    safety = backup_service.restore(url, source, allow_empty=args.allow_empty)
    extra = f" The previous contents were saved to {safety}." if safety else ""
    print(f"Restored {source}.{extra}")
    return 0


def cmd_members_list(args: argparse.Namespace) -> int:
    from workbench.models import OrgType
    from workbench.services import members

    db = open_db(args)
    day = args.as_of or date.today()
    rows = members.member_rows(db, as_of=day)
    rows = [r for r in rows if r.status == "active"] if not args.all else rows
    if args.type:
        rows = [r for r in rows if r.org_type == OrgType(args.type)]
    if args.json:
        print_json(
            [
                {
                    "id": r.id,
                    "name": r.name,
                    "type": r.org_type,
                    "sme_class": r.sme_class,
                    "vat": r.vat,
                    "city": r.city,
                    "region": r.region,
                    "member_since": r.member_since,
                    "status": r.status,
                    "areas": r.areas,
                    "fee_status": r.fee_status,
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        print(
            f"{r.name[:48]:48} {r.org_type.value:22} {(r.sme_class or '-'):7} "
            f"{(r.city or '')[:20]:20} {r.member_since or ''}"
        )
    print(f"{len(rows)} organisations (members on {day})", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    """The complete argument parser, including the commands of optional area modules."""
    from workbench.models import OrgType

    parser = argparse.ArgumentParser(
        parents=[_common_options(top_level=True)],
        prog="workbench",
        description="Cluster Workbench: members, projects and label-assessment evidence for "
        "cluster organisations. Without a command it opens the desktop window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--settings-file",
        metavar="FILE",
        help="store window settings in this INI file (tests, portable use)",
    )
    parser.add_argument(
        "--screenshot",
        metavar="DIR",
        help="render every page of the window to DIR/<page>.png and exit",
    )
    parser.add_argument("--lang", choices=["en", "it"], help="user interface language")
    parser.set_defaults(db=None, json=False)
    # Sub-commands accept the same options; SUPPRESS keeps "workbench --db X members list"
    # from being reset by the sub-parser's own default.
    common = _common_options()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", parents=[common], help="fill a new database with a demo cluster")
    demo.add_argument("--seed", type=int, default=2009, help="random seed (same seed, same data)")
    demo.add_argument(
        "--members",
        type=int,
        default=0,
        help="build a large synthetic database with this many members instead",
    )
    demo.add_argument(
        "--projects",
        type=int,
        default=500,
        help="projects in the synthetic database (with --members)",
    )
    demo.set_defaults(func=cmd_demo)

    db_cmd = sub.add_parser("db", parents=[common], help="database maintenance")
    db_sub = db_cmd.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = db_sub.add_parser("upgrade", parents=[common], help="apply pending schema migrations")
    up.set_defaults(func=cmd_db_upgrade)

    backup = sub.add_parser("backup", parents=[common], help="back up the database")
    backup.add_argument("-o", "--output", metavar="FILE", help="where to write the backup")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser("restore", parents=[common], help="replace the database by a backup")
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    restore.add_argument(
        "--allow-empty",
        action="store_true",
        help="restore even a backup that holds no records (empties the database)",
    )
    restore.set_defaults(func=cmd_restore)

    members = sub.add_parser("members", parents=[common], help="list members")
    members_sub = members.add_subparsers(dest="members_command", metavar="ACTION", required=True)
    mlist = members_sub.add_parser("list", parents=[common], help="members on a date")
    mlist.add_argument(
        "--as-of", type=parse_date_arg, metavar="DATE", help="members on this day (default today)"
    )
    mlist.add_argument("--type", choices=[t.value for t in OrgType])
    mlist.add_argument("--all", action="store_true", help="also former and non-members")
    mlist.set_defaults(func=cmd_members_list)

    for module_name in COMMAND_MODULES:
        _register_module(module_name, sub, common)
    return parser


def _common_options(*, top_level: bool = False) -> argparse.ArgumentParser:
    """--db and --json, accepted before or after the command."""
    common = argparse.ArgumentParser(add_help=False)
    default = None if top_level else argparse.SUPPRESS
    common.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=default,
        help="database file or postgresql:// URL (default: WORKBENCH_DB or the file in your "
        "user data folder)",
    )
    common.add_argument(
        "--json", action="store_true", default=default or False, help="machine-readable output"
    )
    return common


def _register_module(module_name: str, sub: Any, common: argparse.ArgumentParser) -> None:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return
    module.register(sub, common)


# --------------------------------------------------------------------------- running


#: Opens the desktop window for the parsed options and returns the exit code. The entry
#: points (``workbench/__main__.py``) pass it in: the command line itself never imports the
#: window (the layer contract "the core never imports Qt or the window").
WindowStarter = Callable[[argparse.Namespace], int]


def run(argv: list[str], start_window: WindowStarter | None = None) -> int:
    """Run the command in *argv*; returns the process exit code.

    Without a command the window opens through *start_window*; with none given (a caller
    that only runs commands) the usage is printed instead.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        if start_window is None:
            parser.print_usage(sys.stderr)
            return EXIT_USER_ERROR
        return _start_gui(args, start_window)
    try:
        return func(args)
    except WorkbenchError as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", EXIT_USER_ERROR)
    except Exception as exc:
        # A full disk, a read-only file or a lock held too long: one line saying what to do.
        from workbench.storage import user_error

        problem = user_error(exc, _database_name(args))
        if problem is None:
            raise
        print(f"workbench: {problem}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("workbench: interrupted; nothing was half-written.", file=sys.stderr)
        return 130


def run_window(argv: list[str], start_window: WindowStarter) -> int:
    """Start the window with the options in *argv* (``workbench-gui``); a command is refused.

    A gui-script may have no console (Windows), so a command's output would go nowhere.
    """
    args = build_parser().parse_args(argv)
    if getattr(args, "func", None) is not None:
        print(
            f"workbench-gui: {args.command!r} is a command-line command; run it with workbench "
            f"(workbench {args.command} ...). workbench-gui only opens the window.",
            file=sys.stderr,
        )
        return EXIT_USER_ERROR
    return _start_gui(args, start_window)


def _database_name(args: argparse.Namespace) -> str:
    """The database the command works on, for messages (no password)."""
    from workbench.db import resolve_db_url, sqlite_path_of, url_for_humans

    url = resolve_db_url(getattr(args, "db", None))
    path = sqlite_path_of(url)
    return str(path) if path is not None else url_for_humans(url)


def _start_gui(args: argparse.Namespace, start_window: WindowStarter) -> int:
    if not args.screenshot and not _display_available():
        print(
            "workbench: no display found. Cluster Workbench is a desktop program: run it in a "
            "desktop session, use the commands (workbench --help), or render the window with "
            "QT_QPA_PLATFORM=offscreen workbench --screenshot DIR.",
            file=sys.stderr,
        )
        return EXIT_BAD_FILE
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return start_window(args)


def _display_available() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
