"""Fees and reminders through the real widgets: fee run + undo, letters, .eml drafts, mailto.

Everything runs on the demo cluster (``main_window``); files are written under tmp_path and
read back: the letters with pypdf, the drafts with the standard library's ``email`` parser.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from email import policy
from email.parser import BytesParser

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from workbench.models import ContactChannel, ContactLogEntry, Fee
from workbench.services import fees as fees_service
from workbench.ui.fees import fee_run as fee_run_module
from workbench.ui.fees import unpaid as unpaid_module

YEAR = date.today().year


def fee_count(db, year: int) -> int:
    with db.session_factory() as session:
        return session.scalar(select(func.count(Fee.id)).where(Fee.year == year)) or 0


def reminder_entries(db) -> list[ContactLogEntry]:
    with db.session_factory() as session:
        return list(
            session.scalars(
                select(ContactLogEntry).where(ContactLogEntry.channel == ContactChannel.REMINDER)
            )
        )


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


@pytest.fixture
def fee_run(main_window, qtbot):
    main_window.action_fee_run.trigger()
    dialog = main_window._fee_run_dialog
    assert isinstance(dialog, fee_run_module.FeeRunDialog)
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def unpaid(main_window, qtbot):
    main_window.action_unpaid_fees.trigger()
    dialog = main_window._unpaid_fees_dialog
    assert isinstance(dialog, unpaid_module.UnpaidFeesDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_fee_run_through_the_dialog_and_undo_removes_every_due(main_window, fee_run, qtbot, ctx):
    db = ctx.db
    next_year = YEAR + 1
    assert fee_count(db, next_year) == 0
    type_into(qtbot, fee_run.year_spin.lineEdit(), str(next_year))
    assert fee_run.plan is not None and fee_run.plan.year == next_year
    plan = fee_run.plan
    assert plan.to_create > 100  # the demo's ~140 members
    # Last year's most common amount of each category is filled in.
    for item in plan.categories:
        edit = fee_run.amount_edits[item.category]
        assert edit.value() == item.default_amount
    assert fee_run.amount_edits["sostenitore"].value() == Decimal("5000")
    type_into(qtbot, fee_run.amount_edits["ordinario"], "650")
    qtbot.mouseClick(fee_run.run_button, Qt.MouseButton.LeftButton)
    assert not fee_run.isVisible()
    assert fee_count(db, next_year) == plan.to_create
    with db.session_factory() as session:
        ordinary = fees_service.member_categories(session, next_year)
        dues = dict(
            session.execute(
                select(Fee.organisation_id, Fee.amount_due).where(Fee.year == next_year)
            ).all()
        )
    assert {dues[o] for o, c in ordinary.items() if c == "ordinario"} == {Decimal("650.00")}
    assert main_window.ctx.undo_stack.undoText() == f"Fee run {next_year}"

    main_window.action_undo.trigger()
    assert fee_count(db, next_year) == 0
    main_window.action_redo.trigger()
    assert fee_count(db, next_year) == plan.to_create
    main_window.action_undo.trigger()
    assert fee_count(db, next_year) == 0


def test_fee_run_leaves_existing_fees_and_refuses_a_missing_amount(fee_run, qtbot, ctx, dialogs):
    # The demo has this year's fees already: nothing to create.
    assert fee_run.plan.year == YEAR
    assert fee_run.plan.to_create == 0
    assert not fee_run.run_button.isEnabled()
    type_into(qtbot, fee_run.year_spin.lineEdit(), str(YEAR + 1))
    category = next(iter(fee_run.amount_edits))
    type_into(qtbot, fee_run.amount_edits[category], "abc")
    qtbot.mouseClick(fee_run.run_button, Qt.MouseButton.LeftButton)
    assert fee_run.isVisible()
    assert fee_run.form.error_text(fee_run_module.amount_field(category))
    assert fee_count(ctx.db, YEAR + 1) == 0


def select_rows(dialog, ids) -> None:
    dialog.select_ids(ids)
    assert set(dialog.selected_ids()) == set(ids)


def pick_members(dialog):
    """One member that refused e-mail (no consent) and two that may be e-mailed."""
    rows = dialog.model.rows
    refusing = next(r for r in rows if r.recipient.refused)
    allowed = [r for r in rows if r.recipient.address][:2]
    assert len(allowed) == 2
    return refusing, allowed


@pytest.mark.parametrize(
    ("lang", "subject", "other"),
    [("it", "Quota associativa", "Membership fee"), ("en", "Membership fee", "Quota associativa")],
)
def test_reminder_letters_pdf_one_page_per_member(
    unpaid, qtbot, ctx, tmp_path, monkeypatch, lang, subject, other
):
    assert unpaid.model.rows, "the demo has unpaid fees this year"
    refusing, allowed = pick_members(unpaid)
    chosen = [refusing, *allowed]
    select_rows(unpaid, [r.organisation_id for r in chosen])
    unpaid.lang_combo.setCurrentIndex(unpaid.lang_combo.findData(lang))
    target = tmp_path / f"letters-{lang}.pdf"
    monkeypatch.setattr(unpaid_module, "save_file_name", lambda *a: str(target))
    qtbot.mouseClick(unpaid.letters_button, Qt.MouseButton.LeftButton)

    reader = PdfReader(target)
    assert len(reader.pages) == len(chosen)
    by_id = {r.organisation_id: r for r in chosen}
    in_view_order = [by_id[i] for i in unpaid.selected_ids()]
    for page, row in zip(reader.pages, in_view_order, strict=True):
        text = page.extract_text()
        assert f"{subject}" in text and other not in text
        assert row.name.split()[0] in text
    # The letterhead comes from the cluster profile.
    head = fees_service.letterhead(ctx.db)
    assert head.name in reader.pages[0].extract_text()
    # Each letter is a reminder in the member's contact log.
    logged = {e.organisation_id for e in reminder_entries(ctx.db)}
    assert logged == {r.organisation_id for r in chosen}


def test_email_drafts_respect_consent_and_carry_the_letter(
    unpaid, qtbot, ctx, tmp_path, monkeypatch, dialogs
):
    refusing, allowed = pick_members(unpaid)
    select_rows(unpaid, [refusing.organisation_id, *(r.organisation_id for r in allowed)])
    unpaid.lang_combo.setCurrentIndex(unpaid.lang_combo.findData("it"))
    folder = tmp_path / "drafts"
    folder.mkdir()
    monkeypatch.setattr(unpaid_module, "choose_folder", lambda *a: str(folder))
    qtbot.mouseClick(unpaid.drafts_button, Qt.MouseButton.LeftButton)

    files = sorted(folder.glob("*.eml"))
    assert len(files) == 2  # nothing for the member that refused e-mail
    by_address = {}
    for path in files:
        message = BytesParser(policy=policy.default).parse(path.open("rb"))
        by_address[message["To"].addresses[0].addr_spec] = message
        assert message["Subject"] == f"Quota associativa {YEAR}: sollecito"
        assert message["X-Unsent"] == "1"
        body = message.get_body(preferencelist=("plain",)).get_content()
        assert "Ancora da versare" in body
        attachments = list(message.iter_attachments())
        assert [a.get_content_type() for a in attachments] == ["application/pdf"]
        letter = PdfReader(io.BytesIO(attachments[0].get_content()))
        assert len(letter.pages) == 1
        assert "Quota associativa" in letter.pages[0].extract_text()
    assert set(by_address) == {r.recipient.address for r in allowed}
    assert str(refusing.organisation_id) not in " ".join(p.name for p in files)
    # The user is told who got no e-mail, and why.
    told = unpaid.result_label.text()
    assert refusing.name in told and "agreed to be contacted" in told
    assert any(refusing.name in text for text in dialogs.texts("info"))
    logged = {e.organisation_id for e in reminder_entries(ctx.db)}
    assert logged == {r.organisation_id for r in allowed}


def test_reminder_shown_in_the_contact_log_and_undone(
    main_window, unpaid, qtbot, ctx, tmp_path, monkeypatch
):
    _refusing, allowed = pick_members(unpaid)
    member = allowed[0]
    select_rows(unpaid, [member.organisation_id])
    unpaid.lang_combo.setCurrentIndex(unpaid.lang_combo.findData("en"))
    monkeypatch.setattr(unpaid_module, "save_file_name", lambda *a: str(tmp_path / "one.pdf"))
    qtbot.mouseClick(unpaid.letters_button, Qt.MouseButton.LeftButton)
    assert (
        unpaid.model.rows[
            [r.organisation_id for r in unpaid.model.rows].index(member.organisation_id)
        ].last_reminder
        == date.today()
    )

    editor = main_window.open_organisation(member.organisation_id)
    try:
        titles = [editor.tabs.tabText(i) for i in range(editor.tabs.count())]
        assert "Contact log" in titles
        assert editor.contact_log_view.subjects()[0] == f"Fee reminder {YEAR}: letter"
    finally:
        editor.done(0)

    main_window.action_undo.trigger()
    assert reminder_entries(ctx.db) == []


def test_mailto_for_a_few_selected(unpaid, qtbot, ctx, monkeypatch):
    refusing, allowed = pick_members(unpaid)
    opened: list[str] = []
    monkeypatch.setattr(unpaid_module, "open_url", lambda url: opened.append(url) or True)
    assert not unpaid.mailto_button.isEnabled()  # nothing selected: mailto is for a few
    select_rows(unpaid, [refusing.organisation_id, allowed[0].organisation_id])
    assert unpaid.mailto_button.isEnabled()
    qtbot.mouseClick(unpaid.mailto_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    assert opened[0].startswith(f"mailto:{allowed[0].recipient.address}?subject=")
    assert refusing.name in unpaid.result_label.text()
    assert {e.organisation_id for e in reminder_entries(ctx.db)} == {allowed[0].organisation_id}


def test_members_page_offers_the_fee_dialogs(main_window, qtbot):
    page = main_window.show_page("members")
    texts = [a.text() for a in page.fees_button.menu().actions()]
    assert texts == ["Yearly fee run…", "Unpaid fees and reminders…"]
    page.fees_button.menu().actions()[1].trigger()
    assert isinstance(page._unpaid_fees_dialog, unpaid_module.UnpaidFeesDialog)
    page._unpaid_fees_dialog.close()


def test_an_editor_opened_before_a_reminder_does_not_save_it_away(
    main_window, unpaid, qtbot, ctx, tmp_path, monkeypatch, dialogs
):
    _refusing, allowed = pick_members(unpaid)
    member = allowed[0]
    editor = main_window.open_organisation(member.organisation_id)
    try:
        select_rows(unpaid, [member.organisation_id])
        monkeypatch.setattr(unpaid_module, "save_file_name", lambda *a: str(tmp_path / "x.pdf"))
        qtbot.mouseClick(unpaid.letters_button, Qt.MouseButton.LeftButton)
        assert len(reminder_entries(ctx.db)) == 1
        # The editor still holds the contact log it opened: its save must not write it back.
        editor.notes_edit.setPlainText("edited while the reminder went out")
        dialogs.choice = 0  # "Reload their version"
        assert not editor.save()
        assert "choice" in dialogs.kinds()
        assert len(reminder_entries(ctx.db)) == 1
        assert editor.contact_log_view.subjects()[0] == f"Fee reminder {YEAR}: letter"
    finally:
        editor.done(0)
