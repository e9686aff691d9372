"""Rule 1 of the house: only workbench/ui imports PySide6."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "workbench"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_core_module_imports_pyside6() -> None:
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        and any(name.split(".")[0] in ("PySide6", "shiboken6") for name in _imports(path))
    ]
    assert offenders == []


def test_importing_the_core_does_not_load_qt() -> None:
    code = (
        "import sys, workbench.cli, workbench.services.members, workbench.services.backup, "
        "workbench.db, workbench.sme;"
        "import importlib.util as u;"
        "[importlib.import_module(m) for m in ('workbench.importing','workbench.indicators',"
        "'workbench.reports') if u.find_spec(m)] if (importlib:=__import__('importlib')) else 0;"
        "print('PySide6' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
