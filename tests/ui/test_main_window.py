"""Main window: every sidebar page shows, shortcuts, status bar, databases, drop, screenshots."""

from __future__ import annotations

import argparse
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication

from workbench.db import open_database
from workbench.ui.main_window import PAGE_SPECS, MainWindow, PageFailedPage
from workbench.ui.pages.base import Page


def test_every_sidebar_page_shows(main_window, qtbot):
    assert main_window.sidebar.count() == len(PAGE_SPECS) == 9
    for index, _page_id in enumerate(main_window.page_ids()):
        main_window.sidebar.setCurrentRow(index)
        page = main_window.current_page()
        assert isinstance(page, Page)
        assert page.isVisible()
        assert main_window.stack.currentIndex() == index
        assert page.title()
        main_window.wait_for_tasks()
    assert main_window.current_page_id() == "import"


def test_a_page_that_fails_to_start_is_reported_and_the_window_goes_on(main_window, monkeypatch):
    from workbench.ui.pages import reports

    def broken(*_args, **_kwargs):
        raise RuntimeError("defect")

    monkeypatch.setattr(reports, "ReportsPage", broken)
    page = main_window.show_page("reports")
    assert isinstance(page, PageFailedPage)
    texts = " ".join(label.text() for label in page.findChildren(type(main_window.db_label)))
    assert "could not be loaded" in texts and "RuntimeError" in texts
    assert main_window.show_page("members").title() == "Members"  # the rest works


def test_menus_and_status_bar(main_window):
    titles = [t.replace("&", "") for t in main_window.menu_titles()]
    assert titles == ["File", "Edit", "View", "Fees", "Help"]
    file_actions = [a.text().replace("&", "") for a in main_window.menu("File").actions()]
    for expected in (
        "New database…",
        "Open database…",
        "Recent databases",
        "Backup…",
        "Restore…",
        "Preferences…",
        "Quit",
    ):
        assert expected in file_actions
    assert "members today" in main_window.counts_label.text()
    assert "projects" in main_window.counts_label.text()
    assert "demo.db" in main_window.db_label.text()


def test_shortcuts(main_window, qtbot):
    qtbot.keyClick(main_window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_id() == "members"
    members = main_window.current_page()
    qtbot.waitUntil(members.has_loaded, timeout=10_000)
    main_window.action_find.trigger()
    assert members.search_edit.hasFocus() or QApplication.focusWidget() is members.search_edit
    assert QKeySequence(QKeySequence.StandardKey.Find) in main_window.action_find.shortcuts()
    assert QKeySequence("Ctrl+Y") in main_window.action_redo.shortcuts()
    assert QKeySequence(QKeySequence.StandardKey.Undo) in main_window.action_undo.shortcuts()
    # Ctrl+N on the Members page opens the organisation editor for a new organisation.
    main_window.action_new.trigger()
    from workbench.ui.editor import OrganisationEditor

    editors = main_window.findChildren(OrganisationEditor)
    assert editors and editors[-1].org_id is None
    editors[-1].done(0)
    qtbot.keyClick(main_window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_id() == "dashboard"


def test_geometry_and_page_are_remembered(qtbot, ctx, main_window):
    main_window.show_page("members")
    main_window.resize(701, 503)
    main_window.close()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert again.current_page_id() == "members"
    assert again.size().width() == 701
    again.wait_for_tasks()


def test_open_and_new_database(main_window, tmp_path, qtbot):
    changed = []
    main_window.sig_database_changed.connect(lambda: changed.append(1))
    assert main_window.new_database_at(tmp_path / "fresh.db")
    assert main_window.ctx.db.path == (tmp_path / "fresh.db").resolve()
    assert changed
    assert "0 members" in main_window.counts_label.text()
    main_window.wait_for_tasks()
    members = main_window.show_page("members")
    qtbot.waitUntil(members.has_loaded, timeout=10_000)
    assert members.stack.currentWidget() is members.empty_label
    assert "No organisations yet" in members.empty_label.text()


def test_backup_and_restore(main_window, tmp_path, dialogs, qtbot):
    db = main_window.ctx.db
    backup = tmp_path / "copy.db"
    main_window.backup_to(backup)
    main_window.wait_for_tasks()
    assert backup.exists()
    from workbench.models import Organisation
    from workbench.services.base import list_records

    before = len(list_records(db, Organisation))
    main_window.new_database_at(tmp_path / "other.db")
    main_window.open_database_at(str(db.path))
    # Delete a member so that the restore has something to bring back.
    members = main_window.show_page("members")
    qtbot.waitUntil(members.has_loaded, timeout=10_000)
    members.select_ids([members.model.rows[0].id])
    members.delete_rows(members.selected_rows())
    assert len(list_records(main_window.ctx.db, Organisation)) == before - 1
    dialogs.answer = True
    assert main_window.restore_from(backup)
    confirm_text = dialogs.texts("confirm")[-1]
    assert "copy.db" in confirm_text and "Replace everything" in confirm_text
    assert len(list_records(main_window.ctx.db, Organisation)) == before


def test_dropped_spreadsheet_goes_to_import(main_window, tmp_path, qtbot):
    sheet = tmp_path / "members.xlsx"
    sheet.write_bytes(b"PK")
    dropped = []
    main_window.sig_file_dropped.connect(dropped.append)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sheet))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    main_window.dropEvent(event)
    assert dropped == [str(sheet)]
    assert main_window.current_page_id() == "import"


def test_open_record_from_bus_opens_editor(main_window, qtbot):
    from workbench.models import Organisation
    from workbench.services.base import list_records
    from workbench.ui.editor import OrganisationEditor

    org = list_records(main_window.ctx.db, Organisation, limit=1)[0]
    main_window.ctx.bus.sig_open_record.emit("organisation", org.id)
    editors = [e for e in main_window.findChildren(OrganisationEditor) if e.isVisible()]
    assert editors and editors[0].org_id == org.id
    editors[0].done(0)


def test_open_record_from_bus_opens_pages_never_shown(main_window, qtbot):
    # History's double-click on a project, an activity, a competence area or a pillar (or a
    # pillar's objective, which History resolves to its pillar) opens that record's editor,
    # even when its page was never shown (pages are created on first use).
    from PySide6.QtWidgets import QDialog

    from workbench.models import Activity, CompetenceArea, Project, StrategicPillar
    from workbench.services.base import list_records

    pages = {
        Project: "projects",
        Activity: "activities",
        CompetenceArea: "areas",
        StrategicPillar: "pillars",
    }
    for model, page_id in pages.items():
        assert page_id not in main_window.pages
        record = list_records(main_window.ctx.db, model, order_by=[model.id.desc()], limit=1)[0]
        main_window.ctx.bus.sig_open_record.emit(model.__tablename__, record.id)
        page = main_window.pages[page_id]
        main_window.wait_for_tasks()  # the editor opens once the page's rows are read
        qtbot.waitUntil(lambda p=page: p.dialog is not None, timeout=15_000)
        dialog = page.dialog
        assert isinstance(dialog, QDialog) and dialog.isVisible(), page_id
        label = getattr(record, "name", None) or getattr(record, "acronym", None) or record.title
        assert label in dialog.windowTitle(), (page_id, dialog.windowTitle())
        dialog.done(0)


def test_screenshot_writes_one_png_per_page_and_state(tmp_path, demo_db, settings_file):
    from workbench.ui.app import run_gui

    demo_db.dispose()
    out = tmp_path / "shots"
    args = argparse.Namespace(
        db=str(demo_db.path), settings_file=str(settings_file), screenshot=str(out), lang="en"
    )
    assert run_gui(args) == 0
    files = sorted(p.name for p in out.glob("*.png"))
    states = ["organisation_editor.png", "history.png"]  # the README's special states
    assert files == sorted([f"{spec.page_id}.png" for spec in PAGE_SPECS] + states)
    assert all(p.stat().st_size > 10_000 for p in out.glob("*.png"))


def test_screenshot_of_a_damaged_database_fails_cleanly(tmp_path, settings_file, capsys):
    from workbench.ui.app import run_gui

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    args = argparse.Namespace(
        db=str(bad), settings_file=str(settings_file), screenshot=str(tmp_path / "shots"), lang="en"
    )
    assert run_gui(args) == 1
    assert "damaged" in capsys.readouterr().err


def test_unexpected_error_shows_friendly_message(dialogs, qapp, tmp_path):
    from workbench.ui import app as app_module
    from workbench.ui.widgets import messages

    app_module.setup_logging(tmp_path / "logs")
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        app_module.excepthook(type(exc), exc, exc.__traceback__)
    kind, _title, text = dialogs.shown[-1]
    assert kind == "error"
    assert "Traceback" not in text and "boom" not in text
    assert str(tmp_path / "logs" / "workbench.log") in text
    assert "boom" in (tmp_path / "logs" / "workbench.log").read_text()
    messages.set_log_file(None)


def test_italian_translation(main_window, qapp):
    from workbench.ui import i18n

    try:
        i18n.apply_language("it", qapp)
        main_window.retranslate()
        titles = [main_window.sidebar.item(i).text() for i in range(main_window.sidebar.count())]
        assert "Soci" in titles
        assert "Cruscotto" in titles
        assert main_window.menu_titles()[0].replace("&", "") == "File"
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QDialogButtonBox

        # Strings without a translation stay English; Qt's own buttons come from Qt.
        assert QCoreApplication.translate("Nowhere", "Untranslated text") == "Untranslated text"
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        assert box.buttons()[0].text().replace("&", "") == "Salva"
    finally:
        i18n.apply_language("en", qapp)
        main_window.retranslate()


def test_empty_database_offers_demo(qtbot, app_ctx, tmp_path, dialogs):
    from workbench.ui.app import offer_demo

    db = open_database(tmp_path / "new.db")
    ctx = app_ctx(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    dialog = offer_demo(window)
    assert dialog is not None and "empty" in dialog.findChildren(type(window.db_label))[1].text()
    dialog.empty_button.click()  # "Start with my empty database": nothing is written
    window.wait_for_tasks()
    assert window.ctx.db is db
    from workbench.ui.app import is_empty

    assert is_empty(db)
    db.dispose()


def test_settings_never_touch_real_files(settings_file, ui_settings):
    assert Path(ui_settings.fileName()) == settings_file


def test_preferences_dialog_sets_user_name_and_backups(main_window, qtbot):
    from workbench.ui import settings as prefs
    from workbench.ui.dialogs.common_preferences import PreferencesDialog

    main_window.action_preferences.trigger()
    dialog = main_window.findChild(PreferencesDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.user_edit.setText("Anna Rossi")
    dialog.backups_spin.setValue(7)
    dialog._on_accept()
    assert main_window.ctx.db.user == "Anna Rossi"
    assert prefs.get(main_window.ctx.settings, prefs.BACKUPS_KEPT) == 7
    assert prefs.get(main_window.ctx.settings, prefs.USER_NAME) == "Anna Rossi"
