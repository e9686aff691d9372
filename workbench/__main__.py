"""Entry point of ``workbench`` and ``python -m workbench``: a CLI command or the window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run a headless command, or start the GUI without one."""
    from workbench.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
