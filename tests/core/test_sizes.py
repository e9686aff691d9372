"""No file under workbench/ over 800 lines, no function over 120 lines (the rule of the house).

Declarative tables (a module-level assignment of a literal table, such as the importer's field
tables or the indicator definitions) do not count towards a file's lines: they are data, read
as a list, and splitting them helps nobody. Everything else is measured with ``ast``.

The files and functions not split yet are listed below, each with its size when it was listed
(for reference: others edit some of them in parallel, so the sizes are not checked). The
lists can only shrink: an entry that is no longer over its limit (or no longer exists) fails
the test too, so whoever splits a file also takes it off the list.
"""

from __future__ import annotations

import ast
from pathlib import Path

import workbench

ROOT = Path(workbench.__file__).parent
MAX_FILE_LINES = 800
MAX_FUNCTION_LINES = 120
#: A module-level assignment at least this long is a declarative table (see the docstring).
TABLE_LINES = 40

# Files over 800 lines that issue 13 has not split yet (path relative to workbench/: lines
# on 2026-12-03, tables excluded). Remove an entry when its file is split; never add one.
FILES_NOT_YET_SPLIT = {}

# Functions over 120 lines not split yet ("file:function": lines on 2026-12-03). Same rule.
FUNCTIONS_NOT_YET_SPLIT = {}


def _sources() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "migrations/versions" not in p.as_posix())


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _table_lines(tree: ast.Module) -> int:
    """Lines of the module-level declarative tables (long literal assignments)."""
    total = 0
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.end_lineno is not None:
            size = node.end_lineno - node.lineno + 1
            if size >= TABLE_LINES:
                total += size
    return total


def file_sizes() -> dict[str, int]:
    """Lines of every file under workbench/, declarative tables left out."""
    sizes = {}
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        sizes[_name(path)] = text.count("\n") - _table_lines(ast.parse(text))
    return sizes


def function_sizes() -> dict[str, int]:
    """Lines of every function (methods and nested functions too), by "file:name"."""
    sizes: dict[str, int] = {}
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno:
                key = f"{_name(path)}:{node.name}"
                sizes[key] = max(sizes.get(key, 0), node.end_lineno - node.lineno + 1)
    return sizes


def test_no_file_over_800_lines() -> None:
    sizes = file_sizes()
    too_long = {
        name: n
        for name, n in sizes.items()
        if n > MAX_FILE_LINES and name not in FILES_NOT_YET_SPLIT
    }
    assert not too_long, f"files over {MAX_FILE_LINES} lines (split them): {too_long}"


def test_no_function_over_120_lines() -> None:
    sizes = function_sizes()
    too_long = {
        name: n
        for name, n in sizes.items()
        if n > MAX_FUNCTION_LINES and name not in FUNCTIONS_NOT_YET_SPLIT
    }
    assert not too_long, f"functions over {MAX_FUNCTION_LINES} lines (split them): {too_long}"


def test_the_lists_of_what_is_not_split_yet_only_shrink() -> None:
    files, functions = file_sizes(), function_sizes()
    stale = [name for name in FILES_NOT_YET_SPLIT if files.get(name, 0) <= MAX_FILE_LINES] + [
        name for name in FUNCTIONS_NOT_YET_SPLIT if functions.get(name, 0) <= MAX_FUNCTION_LINES
    ]
    assert not stale, f"no longer over the limit, take them off the list: {stale}"


def test_the_measure_sees_what_it_should() -> None:
    """The walk finds the files, long functions and tables it is meant to judge."""
    files, functions = file_sizes(), function_sizes()
    assert "importing/plan/members.py" in files and "ui/importing/page.py" in files
    assert functions["importing/apply.py:apply_plan"] > 50
    fields = ast.parse((ROOT / "importing" / "fields.py").read_text(encoding="utf-8"))
    assert _table_lines(fields) > 400  # MEMBER_FIELDS, PROJECT_FIELDS, ACTIVITY_FIELDS
