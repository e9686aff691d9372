"""Entry point of ``workbench`` and ``python -m workbench``: a CLI command or the window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run a headless command, or start the GUI without one."""
    import multiprocessing

    # In a frozen bundle this program is also the spreadsheet reader's child process
    # (workbench.importing.sandbox): there this call runs the child and exits. A no-op otherwise.
    multiprocessing.freeze_support()
    from workbench.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
