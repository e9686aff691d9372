"""The window's history CSV escapes every formula payload (read back with the csv module)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from tests.core.test_hostile_text import PAYLOADS
from workbench.db import Database
from workbench.services import members
from workbench.text import clean_text, is_formula_like
from workbench.ui.dialogs.history_dialog import HistoryDialog


def test_history_csv_of_the_window_escapes_every_payload(
    qtbot: Any, app_ctx: Any, ui_db: Database, tmp_path: Path
) -> None:
    for number, payload in enumerate(PAYLOADS):
        members.create_organisation(
            ui_db, {"name": f"{payload} {number}", "city": payload}, join_date=date(2020, 1, 1)
        )
    ctx = app_ctx(ui_db)
    dialog = HistoryDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=60_000)
    path = tmp_path / "history.csv"
    dialog.export_csv(path)
    assert ctx.tasks.wait_all(20_000)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if is_formula_like(c)]
    for number, payload in enumerate(PAYLOADS):
        assert "'" + clean_text(f"{payload} {number}") in cells  # the record column
