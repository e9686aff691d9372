"""A page whose core modules are heavy shows "Loading…" while they are imported off the UI thread.

The Import page needs the importer (0.6-0.9 s to import: SQLAlchemy's bulk paths, openpyxl,
numpy); its first visit used to freeze the window that long. Here the importer is long
imported by other tests, so the page's ``PageSpec.preload`` is pointed at a module written for
the test, whose import waits until the test lets it finish.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
import types
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from workbench.ui import main_window as main_window_module
from workbench.ui.window.pages import PageLoading


@pytest.fixture
def slow_core(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The Import page's preload is a module whose import waits for the returned event."""
    gate = types.ModuleType("wb_test_gate")
    event = threading.Event()
    gate.event = event  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "wb_test_gate", gate)
    name = f"wb_test_slow_core_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(
        "import wb_test_gate\nwb_test_gate.event.wait(20)\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    specs = tuple(
        dataclasses.replace(spec, preload=(name,)) if spec.page_id == "import" else spec
        for spec in main_window_module.PAGE_SPECS
    )
    monkeypatch.setattr(main_window_module, "PAGE_SPECS", specs)
    yield event
    event.set()
    sys.modules.pop(name, None)


def _placeholders(window: Any) -> list[PageLoading]:
    return [w for w in window.findChildren(PageLoading) if w.isVisible()]


def test_first_visit_shows_loading_then_the_page(main_window, qtbot, slow_core):
    assert "import" not in main_window.pages
    main_window.sidebar.setCurrentRow(main_window.page_ids().index("import"))
    assert main_window.current_page_id() == "import"
    assert main_window.page_loading("import")
    assert "import" not in main_window.pages
    (placeholder,) = _placeholders(main_window)
    assert placeholder.label.text() == "Loading Import…"
    assert "Import" in main_window.windowTitle()
    shot = main_window.grab()
    assert not shot.isNull()

    beats: list[int] = []  # the window goes on working meanwhile
    timer = QTimer(main_window)
    timer.timeout.connect(lambda: beats.append(1))
    timer.start(10)
    qtbot.waitUntil(lambda: len(beats) >= 5, timeout=5_000)
    timer.stop()
    assert main_window.page_loading("import")

    slow_core.set()
    qtbot.waitUntil(lambda: "import" in main_window.pages, timeout=10_000)
    page = main_window.pages["import"]
    assert page.isVisible()
    assert not main_window.page_loading("import")
    assert not _placeholders(main_window)
    assert main_window.current_page() is page
    # Keyboard focus still works on the page built later: Tab reaches its widgets.
    page.file_step.path_edit.setFocus()
    qtbot.waitUntil(page.file_step.path_edit.hasFocus, timeout=5_000)


def test_asking_for_the_page_meanwhile_builds_it_at_once(main_window, qtbot, slow_core):
    main_window.sidebar.setCurrentRow(main_window.page_ids().index("import"))
    assert main_window.page_loading("import")
    page = main_window.page("import")  # a dropped file, Ctrl+N: the page is needed now
    assert main_window.pages["import"] is page
    assert not main_window.page_loading("import")
    assert not _placeholders(main_window)
    slow_core.set()
    main_window.wait_for_tasks()
    qtbot.wait(20)
    assert main_window.pages["import"] is page  # the background import built no second one
    assert len([p for p in main_window.findChildren(type(page)) if p.isVisible()]) == 1


def test_a_preload_that_fails_still_builds_the_page(main_window, qtbot, monkeypatch):
    specs = tuple(
        dataclasses.replace(spec, preload=("wb_test_no_such_module",))
        if spec.page_id == "import"
        else spec
        for spec in main_window_module.PAGE_SPECS
    )
    monkeypatch.setattr(main_window_module, "PAGE_SPECS", specs)
    main_window.sidebar.setCurrentRow(main_window.page_ids().index("import"))
    qtbot.waitUntil(lambda: "import" in main_window.pages, timeout=10_000)
    # The page's own module imports fine: the page is there, no message box, no traceback
    # (a page module that failed would show PageFailedPage, tests/ui/test_main_window.py).
    assert main_window.pages["import"].isVisible()
    assert not _placeholders(main_window)
