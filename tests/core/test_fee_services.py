"""The fee rules and services, and the reminder renderer, without the window.

Who is a member in a year (the one membership rule over the year), last year's amounts as
defaults, a run that skips existing fees and refuses a missing amount without writing, the
consent rule for e-mail, reminders kept out of indicator 2.5, escaping in the letters and
in the e-mail headers.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from email import policy
from email.parser import BytesParser

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from workbench.db import open_database
from workbench.errors import ValidationError
from workbench.models import ContactChannel, Fee
from workbench.reports import reminders
from workbench.rules.contacts import email_recipient
from workbench.rules.fees import fee_status, outstanding
from workbench.services import fees
from workbench.services import members as members_service
from workbench.services.base import create_record


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "fees.db")
    yield database
    database.dispose()


def member(db, name, join, leave=None, category="ordinario", **values):
    org = members_service.create_organisation(db, {"name": name, **values})
    members_service.add_membership(db, org.id, join, leave_date=leave, category=category)
    return org.id


def fee(db, org_id, year, due, paid=Decimal(0)):
    return create_record(
        db, Fee, {"organisation_id": org_id, "year": year, "amount_due": due, "amount_paid": paid}
    )


def fee_rows(db, year):
    with db.session_factory() as session:
        return dict(
            session.execute(
                select(Fee.organisation_id, Fee.amount_due).where(Fee.year == year)
            ).all()
        )


def test_fee_status_rule():
    assert fee_status(Decimal(600), Decimal(600)) == "paid"
    assert fee_status(Decimal(0), None) == "paid"  # a zero fee is paid
    assert fee_status(Decimal(600), Decimal(599.99)) == "unpaid"
    assert outstanding(Decimal(600), Decimal(100)) == Decimal(500)
    assert outstanding(Decimal(600), Decimal(700)) == Decimal(0)


def test_members_of_a_year_and_last_years_amounts(db):
    stays = member(db, "Stays", date(2020, 1, 1))
    left_new_year = member(db, "Left on 1 January", date(2020, 1, 1), date(2026, 1, 1))
    left_june = member(db, "Left in June", date(2020, 1, 1), date(2026, 6, 30))
    joins_late = member(db, "Joins on 31 December", date(2026, 12, 31), category="sostenitore")
    member(db, "Joins next year", date(2027, 1, 1))
    no_category = member(db, "No category", date(2024, 3, 1), category=None)
    for org_id, due in ((stays, 600), (left_new_year, 600), (left_june, 300)):
        fee(db, org_id, 2025, Decimal(due))

    plan = fees.plan_fee_run(db, 2026)
    by_category = {c.category: c for c in plan.categories}
    assert by_category["ordinario"].to_create == 2  # stays, left in June; not left on 1 Jan
    assert by_category["ordinario"].default_amount == Decimal(600)
    assert by_category["ordinario"].previous_amounts == (Decimal(600), Decimal(300))
    assert by_category["sostenitore"].to_create == 1
    assert by_category["sostenitore"].default_amount is None
    assert by_category[None].to_create == 1

    created = fees.run_fees(
        db, 2026, {"ordinario": Decimal(650), "sostenitore": Decimal(5000), None: Decimal(0)}
    )
    assert len(created) == 4
    assert fee_rows(db, 2026) == {
        stays: Decimal(650),
        left_june: Decimal(650),
        joins_late: Decimal(5000),
        no_category: Decimal(0),
    }
    # A second run creates nothing: every member of the year has its fee.
    assert fees.plan_fee_run(db, 2026).to_create == 0
    assert fees.run_fees(db, 2026, {}) == []
    assert fees.remove_fees(db, created) == 4
    assert fee_rows(db, 2026) == {}


def test_a_run_with_a_missing_amount_writes_nothing(db):
    member(db, "A", date(2020, 1, 1))
    member(db, "B", date(2020, 1, 1), category="fondatore")
    with pytest.raises(ValidationError) as info:
        fees.run_fees(db, 2026, {"ordinario": Decimal(600)})
    assert "fondatore" in str(info.value) and info.value.field == "amount:fondatore"
    with pytest.raises(ValidationError):
        fees.run_fees(db, 2026, {"ordinario": Decimal(600), "fondatore": Decimal(-1)})
    assert fee_rows(db, 2026) == {}


def test_the_run_moves_the_organisations_version(db):
    org_id = member(db, "A", date(2020, 1, 1))
    before = members_service.member_rows(db, as_of=date(2026, 6, 1))[0].version
    fees.run_fees(db, 2026, {"ordinario": Decimal(600)})
    row = members_service.member_rows(db, as_of=date(2026, 6, 1))[0]
    assert row.id == org_id and row.version > before  # an open editor now conflicts
    assert row.fee_status == "unpaid"


def test_email_recipient_respects_consent():
    main = {"first_name": "Ada", "last_name": "Rossi", "email": "ada@x.it", "consent": True}
    other = {"last_name": "Bianchi", "email": "b@x.it", "consent": True, "is_primary": True}
    refusing = {"last_name": "Verdi", "email": "v@x.it", "consent": False}
    assert email_recipient([main, other], "X", None).address == "b@x.it"  # main contact first
    assert email_recipient([refusing, main], "X", None).address == "ada@x.it"
    refused = email_recipient([refusing], "X", "info@x.it")
    assert refused.address is None and refused.refused
    assert "agreed to be contacted" in str(refused.refusal)
    # No contacts: the organisation's own address; none at all: no e-mail, not a refusal.
    assert email_recipient([], "X", "info@x.it").address == "info@x.it"
    missing = email_recipient([], "X", None)
    assert missing.address is None and not missing.refused


def test_reminders_are_logged_but_not_direct_contacts(db):
    org_id = member(db, "A", date(2020, 1, 1))
    ids = fees.log_reminders(db, [org_id], date(2026, 3, 1), "Fee reminder 2026: letter")
    assert len(ids) == 1
    assert not ContactChannel.REMINDER.is_direct
    assert all(c.is_direct for c in ContactChannel if c is not ContactChannel.REMINDER)
    with db.session_factory() as session:
        from workbench.models import ContactLogEntry

        assert session.scalar(select(func.count(ContactLogEntry.id))) == 1
    assert fees.remove_log_entries(db, ids) == 1


def hostile_letter(db):
    org_id = member(
        db,
        'R&D <Lab> "Srl"\r\nBcc: victim@example.com',
        date(2020, 1, 1),
        address="Via <b>Roma</b> & 1",
        city="Milano",
    )
    from workbench.models import Contact

    create_record(
        db,
        Contact,
        {
            "organisation_id": org_id,
            "last_name": "O'Brien <script>",
            "email": "obrien@example.com",
            "consent": True,
            "consent_date": date(2024, 1, 1),
            "is_primary": True,
        },
    )
    fee(db, org_id, 2026, Decimal(600))
    return fees.reminder_letters(db, [org_id], 2026)


def test_letters_escape_markup_and_emails_refuse_header_injection(db, tmp_path):
    letters = hostile_letter(db)
    head = fees.Letterhead("Cluster & <Co>", address="Via X 1", email="info@cluster.example")
    path = reminders.write_letters_pdf(tmp_path / "l.pdf", letters, head, "en", date(2026, 3, 1))
    text = PdfReader(path).pages[0].extract_text()
    assert "R&D <Lab>" in text and "Via <b>Roma</b> & 1" in text and "Cluster & <Co>" in text
    assert "O'Brien <script>" in text

    result = reminders.write_email_drafts(tmp_path / "eml", letters, head, "en", date(2026, 3, 1))
    assert len(result.written) == 1 and not result.skipped
    message = BytesParser(policy=policy.default).parse(result.written[0][1].open("rb"))
    assert message["To"].addresses[0].addr_spec == "obrien@example.com"
    assert message["Bcc"] is None  # the name's line break did not start a header
    assert message["From"].addresses[0].addr_spec == "info@cluster.example"
    attachment = next(message.iter_attachments())
    assert len(PdfReader(io.BytesIO(attachment.get_content())).pages) == 1
    url = reminders.mailto_url(letters[0], head, "it")
    assert url.startswith("mailto:obrien@example.com?subject=Quota%20associativa%202026")
    assert "\n" not in url and " " not in url
