"""Every setting is declared once, in workbench/ui/settings.py (issue 13.6).

Preferences (``Preference``) and remembered window state (``UiState``) are declared with
their key, default and type; widgets read and write them only through ``settings.get/put``
and ``settings.load/save``. The scan below fails on any ``….settings.value(…)`` or
``setValue(…)`` elsewhere in the program.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from workbench.ui import settings as prefs

PACKAGE = Path(prefs.__file__).resolve().parents[1]
ACCESSORS = {"value", "setValue", "remove", "contains"}


def _is_settings(node: ast.expr) -> bool:
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name.endswith("settings")


def test_no_settings_key_outside_the_declarations() -> None:
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path == Path(prefs.__file__).resolve():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ACCESSORS
                and _is_settings(node.func.value)
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert found == [], "settings read or written outside workbench/ui/settings.py: " + ", ".join(
        found
    )


def test_every_key_is_declared_once() -> None:
    keys = [p.key for p in prefs.PREFERENCES] + [s.key for s in prefs.UI_STATES]
    assert len(keys) == len(set(keys))
    declared = {
        value.key
        for value in vars(prefs).values()
        if isinstance(value, prefs.UiState | prefs.Preference)
    }
    assert declared == set(keys)  # nothing declared but left out of the lists


def test_load_gives_declared_types_and_defaults(ui_settings: Any) -> None:
    assert prefs.load(ui_settings, prefs.REPORTS_TAB) == 0
    assert prefs.load(ui_settings, prefs.RECENT_DATABASES) == []
    prefs.save(ui_settings, prefs.REPORTS_RECENT, ["/tmp/only.pdf"])
    ui_settings.sync()
    again = prefs.open_settings(ui_settings.fileName())
    # The INI format gives a one-item list back as text: load turns it into a list again.
    assert prefs.load(again, prefs.REPORTS_RECENT) == ["/tmp/only.pdf"]
    prefs.save(again, prefs.REPORTS_FORMAT, "pdf", kind="members")
    assert again.value("pages/reports/format/members") == "pdf"
    again.setValue("pages/reports/tab", "not a number")
    assert prefs.load(again, prefs.REPORTS_TAB) == 0
