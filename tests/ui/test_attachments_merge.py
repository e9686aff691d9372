"""The editor's Attachments tab and the merge dialog, driven through real widgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialogButtonBox, QRadioButton
from support.merge_data import everything, two_duplicates

from workbench.db import open_database
from workbench.models import Fee, Organisation
from workbench.services import attachments
from workbench.services import backup as backup_service
from workbench.services.base import create_record, list_records
from workbench.ui.dialogs.merge_dialog import MergeDialog
from workbench.ui.editor import OrganisationEditor, attachments_panel
from workbench.ui.undo import redo_next, undo_last

AGREEMENT = b"%PDF-1.4 membership agreement, signed\n" + bytes(range(256)) * 40


@pytest.fixture
def editor(qtbot: Any, app_ctx: Any, ui_db: Any) -> OrganisationEditor:
    org_id = create_record(ui_db, Organisation, {"name": "Acme S.p.A."}).id
    dialog = OrganisationEditor(app_ctx(ui_db), org_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.attachments_panel)
    return dialog


def drop(panel: Any, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    panel.dropEvent(event)


def test_attachment_added_described_removed_undone_and_restored_from_a_backup(
    qtbot: Any, editor: OrganisationEditor, tmp_path: Path, monkeypatch, dialogs
) -> None:
    panel = editor.attachments_panel
    ctx = editor.ctx
    assert not panel.table.isVisible() and "No files attached" in panel.empty_label.text()
    source = tmp_path / "in" / "agreement.pdf"
    source.parent.mkdir()
    source.write_bytes(AGREEMENT)
    monkeypatch.setattr(attachments_panel, "open_file_name", lambda *a: str(source))
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    [row] = panel.rows()
    assert (row.file_name, row.size) == ("agreement.pdf", len(AGREEMENT))

    panel.select_row(0)
    qtbot.mouseClick(panel.describe_button, Qt.MouseButton.LeftButton)
    describe = panel.description_dialog
    describe.edit.clear()
    qtbot.keyClicks(describe.edit, "Membership agreement signed 2024")
    qtbot.mouseClick(
        describe.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert panel.rows()[0].description == "Membership agreement signed 2024"
    panel.grab().save(str(tmp_path / "attachments.png"))

    panel.select_row(0)
    copy = panel.open_selected()
    assert copy is not None and copy.read_bytes() == AGREEMENT

    made = backup_service.backup(ctx.db, tmp_path / "backups" / "before-remove.db")
    panel.select_row(0)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert panel.rows() == []
    assert undo_last(ctx, editor)  # Ctrl+Z brings it back, description and all
    [back] = panel.rows()
    assert back.description == "Membership agreement signed 2024"
    panel.select_row(0)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)

    org_id = editor.org_id
    url = ctx.db.url
    editor.close()
    ctx.db.dispose()
    backup_service.restore(url, made)
    restored = open_database(url)
    try:
        [entry] = attachments.list_attachments(restored, org_id)
        assert attachments.open_copy(restored, entry, tmp_path / "o").read_bytes() == AGREEMENT
    finally:
        restored.dispose()


def test_dropped_files_are_attached_and_a_too_big_one_is_refused_in_one_line(
    qtbot: Any, editor: OrganisationEditor, tmp_path: Path, monkeypatch, dialogs
) -> None:
    panel = editor.attachments_panel
    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 4096)
    small = tmp_path / "statute.pdf"
    small.write_bytes(b"statute")
    big = tmp_path / "scan.tiff"
    big.write_bytes(b"x" * 10_000)
    drop(panel, [small, big])
    assert [r.file_name for r in panel.rows()] == ["statute.pdf"]
    [error] = dialogs.texts("warning")
    assert "scan.tiff is 9.8 KB; files up to 4 KB can be stored" in error
    assert "\n" not in error.strip()


def test_a_new_organisation_says_save_first(qtbot: Any, app_ctx: Any, ui_db: Any) -> None:
    dialog = OrganisationEditor(app_ctx(ui_db), None)
    qtbot.addWidget(dialog)
    panel = dialog.attachments_panel
    assert not panel.add_button.isEnabled()
    assert "Save the organisation first" in panel.empty_label.text()


def test_merge_by_clicks_from_the_members_page_and_undo(
    qtbot: Any, app_ctx: Any, ui_db: Any, tmp_path: Path, dialogs: Any
) -> None:
    from workbench.ui.pages.members import MembersPage

    ids = two_duplicates(ui_db)
    before = everything(ui_db)
    ctx = app_ctx(ui_db)
    page = MembersPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.status_combo.setCurrentIndex(page.status_combo.count() - 1)  # all organisations
    page.refresh()
    qtbot.waitUntil(lambda: page.has_loaded() and not page.is_loading())
    page.select_ids([ids["a"]])
    assert not page.action_merge.isEnabled()
    page.select_ids([ids["a"], ids["b"]])
    assert page.action_merge.isEnabled()
    assert page.action_merge in page.actions()
    dialog = page.merge_selected()
    assert isinstance(dialog, MergeDialog)
    dialog.grab().save(str(tmp_path / "merge.png"))
    first_is_a = dialog.ids[0] == ids["a"]
    # Keep Acme S.p.A. (a) but take the other's name; keep the other's (paid) 2024 fee.
    keep_a = dialog.keep_group.button(0 if first_is_a else 1)
    qtbot.mouseClick(keep_a, Qt.MouseButton.LeftButton)
    name_b = dialog.findChild(QRadioButton, f"field_name_{1 if first_is_a else 0}")
    qtbot.mouseClick(name_b, Qt.MouseButton.LeftButton, pos=QPoint(4, name_b.height() // 2))
    left_fee = ids["fees"][0] if first_is_a else ids["fees"][1]
    fee_b = dialog.findChild(QRadioButton, f"clash_fee_{left_fee}_{1 if first_is_a else 0}")
    qtbot.mouseClick(fee_b, Qt.MouseButton.LeftButton, pos=QPoint(4, fee_b.height() // 2))
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    [kept] = list_records(ui_db, Organisation)
    assert (kept.id, kept.name, kept.vat) == (ids["a"], "ACME spa", "IT01234560017")
    paid = {f.year: f.amount_paid for f in list_records(ui_db, Fee)}
    assert paid[2024] == 500
    assert ctx.undo_stack.undoText().startswith("Merge ")
    assert undo_last(ctx, page)
    assert everything(ui_db) == before
    assert redo_next(ctx, page), dialogs.shown  # Ctrl+Y merges again, with the same choices
    assert [o.name for o in list_records(ui_db, Organisation)] == ["ACME spa"]
    assert undo_last(ctx, page)
    assert everything(ui_db) == before


def test_a_suspected_duplicate_on_the_dashboard_offers_the_merge(
    qtbot: Any, app_ctx: Any, ui_db: Any
) -> None:
    from workbench.ui.pages.dashboard import DashboardPage

    first = create_record(ui_db, Organisation, {"name": "Alfa S.r.l."})
    second = create_record(ui_db, Organisation, {"name": "ALFA srl"})
    page = DashboardPage(app_ctx(ui_db))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    item = next(i for i in page.quality_items() if i.text(0).startswith("Alfa S.r.l."))
    [action] = page.merge_actions(item)
    assert action.text() == "Merge with ALFA srl…"
    action.trigger()
    dialog = page.findChild(MergeDialog)
    assert dialog is not None and set(dialog.ids) == {first.id, second.id}
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert [o.name for o in list_records(ui_db, Organisation)] == ["Alfa S.r.l."]
