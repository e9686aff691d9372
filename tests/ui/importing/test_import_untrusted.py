"""The window survives any file: hostile files chosen on the import page end in one message.

Issue 11, point 6: a 4.7 KB xlsx with cells A1 and XFD1048576 used to abort the whole program
(the reader ran in-process); a stray cell at XFD2000 cost 1.34 GB; CSV files with 20,000 and a
million columns took minutes or had no limit. Here each is chosen through the import page's
"Choose…" button (the file dialog answered by the test) and read with Next, in the main window;
the page stays on step 1 and shows one line naming the file and what to do, and the same
window then reads the weekly file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.importing.hostile_files import MEMBER_HEADERS, write_stray_cell_xlsx
from tests.importing.test_untrusted_files import CASES
from workbench.importing import list_batches
from workbench.ui.importing import page as import_page
from workbench.ui.importing.page import STEP_FILE, STEP_TABLE, ImportPage


def choose_and_read(qtbot: Any, page: ImportPage, path: Path, monkeypatch: Any) -> None:
    """Press "Choose…", pick *path* in the (answered) file dialog, press Next, wait."""
    monkeypatch.setattr(import_page, "open_file_name", lambda *_args: str(path))
    qtbot.mouseClick(page.file_step.browse_button, Qt.MouseButton.LeftButton)
    assert page.file_step.path() == str(path)
    assert page.next_button.isEnabled()
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=120_000)


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file_chosen_in_the_window_shows_one_line(
    main_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any, dialogs: Any, case: str
) -> None:
    make, words = CASES[case]
    path = make(tmp_path)
    page = main_window.show_page("import")
    assert isinstance(page, ImportPage)
    choose_and_read(qtbot, page, path, monkeypatch)
    assert page.current_step() == STEP_FILE
    text = page.file_step.error_text()
    assert text.startswith(path.name) and "\n" not in text and "Traceback" not in text
    for word in words:
        assert word in text, (word, text)
    assert dialogs.shown == []
    assert all(batch.file_name != path.name for batch in list_batches(main_window.ctx.db))
    # The window is alive and reads the next file.
    weekly = write_stray_cell_xlsx(tmp_path / "weekly.xlsx", far=None)
    choose_and_read(qtbot, page, weekly, monkeypatch)
    assert page.current_step() == STEP_TABLE, page.file_step.error_text()
    assert page.tables[0].headers == MEMBER_HEADERS
    assert main_window.isVisible()
