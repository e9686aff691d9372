"""The bundled program's entry point: the same as ``workbench`` (a command, or the window)."""

from workbench.__main__ import main

if __name__ == "__main__":
    raise SystemExit(main())
