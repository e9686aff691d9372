"""Entry points: ``workbench`` / ``python -m workbench`` (commands) and ``workbench-gui`` (window).

``workbench`` is a console script: it runs a command-line command and prints to the terminal,
or opens the window when no command is given. ``workbench-gui`` is a gui-script (on Windows it
starts without a console window) that always opens the window; it takes the window's options
only (``--db``, ``--lang``, ``--settings-file``, ``--screenshot``).
"""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run a headless command, or start the GUI without one."""
    _prepare()
    from workbench.cli import run

    return run(sys.argv[1:] if argv is None else argv, open_window)


def gui_main(argv: list[str] | None = None) -> int:
    """Start the desktop window (the ``workbench-gui`` gui-script); commands are refused."""
    _prepare()
    from workbench.cli import run_window

    return run_window(sys.argv[1:] if argv is None else argv, open_window)


def open_window(args: argparse.Namespace) -> int:
    """Open the desktop window for the parsed options (the command line's ``start_window``).

    Here, not in ``workbench.cli``: the entry points are the one place that knows both the
    command line and the window (the command line never imports Qt).
    """
    try:
        from workbench.ui.app import run_gui
    except ImportError as exc:
        print(
            f"workbench: the desktop window cannot start ({exc}). Run scripts/run.sh, which "
            "installs the libraries Qt needs.",
            file=sys.stderr,
        )
        from workbench.cli import EXIT_USER_ERROR

        return EXIT_USER_ERROR
    return run_gui(args)


def _prepare() -> None:
    import multiprocessing

    # In a frozen bundle this program is also the spreadsheet reader's child process
    # (workbench.importing.sandbox): there this call runs the child and exits. A no-op otherwise.
    multiprocessing.freeze_support()
    # A Windows gui-script (pythonw) has no console: sys.stdout/stderr are None and the first
    # print (argparse's usage, a one-line error) would raise instead of being dropped.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


if __name__ == "__main__":
    sys.exit(main())
