"""Fee reminder letters: one PDF with a page per member, e-mail drafts (.eml) and mailto: links.

Plain data in (:class:`~workbench.services.fees.ReminderLetter` rows and the cluster's
:class:`~workbench.services.fees.Letterhead`), files out; nothing here reads the database.

* :func:`write_letters_pdf` writes one A4 page per letter under the cluster's letterhead (logo
  when the profile has one, name, address, e-mail, website, VAT), in English or Italian. Every
  text that goes into reportlab Paragraph markup is escaped (``R&D <Lab>`` prints as such);
  each letter is shrunk to fit its page, so a long address never pushes it onto two.
* :func:`write_email_drafts` writes one ``.eml`` file per member that may be e-mailed
  (:func:`workbench.rules.contacts.email_recipient`: consent respected), built with the
  standard library's :mod:`email` package, the member's letter attached as a PDF, and marked
  ``X-Unsent: 1`` so that mail programs open it as a draft to send. Members that refused
  e-mail or have no address get no file; the result says which and why.
* :func:`mailto_url` is the same e-mail as a ``mailto:`` link (no attachment: links cannot
  carry one), for the few members a user writes to from the mail program directly.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from xml.sax.saxutils import escape

from workbench.reports.files import atomic_output
from workbench.reports.i18n import check_lang, format_money, long_date, t
from workbench.translatable import Message

if TYPE_CHECKING:
    from workbench.services.fees import Letterhead, ReminderLetter

__all__ = [
    "DraftsWritten",
    "email_body",
    "email_message",
    "letters_pdf_bytes",
    "mailto_url",
    "write_email_drafts",
    "write_letters_pdf",
]

EURO = "€"


def _money(value: Any, lang: str) -> str:
    return f"{format_money(value, lang)} {EURO}"


def _salutation(letter: ReminderLetter) -> str:
    return letter.attention or letter.name


# --------------------------------------------------------------------------- PDF


def _styles() -> dict[str, Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    from workbench.reports.fonts import SANS, SANS_BOLD, register_fonts

    register_fonts()
    body = ParagraphStyle("body", fontName=SANS, fontSize=10.5, leading=15, spaceAfter=8)
    return {
        "body": body,
        "address": ParagraphStyle("address", parent=body, spaceAfter=0),
        "date": ParagraphStyle("date", parent=body, alignment=TA_RIGHT, spaceAfter=16),
        "subject": ParagraphStyle(
            "subject", parent=body, fontName=SANS_BOLD, fontSize=11.5, spaceBefore=14
        ),
        "head_name": ParagraphStyle(
            "head_name", fontName=SANS_BOLD, fontSize=15, leading=19, textColor=HexColor("#1F4E79")
        ),
        "head_line": ParagraphStyle(
            "head_line", fontName=SANS, fontSize=8.5, leading=11.5, textColor=HexColor("#595959")
        ),
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", parent=body, fontName=SANS_BOLD, spaceAfter=0),
        "amount": ParagraphStyle("amount", parent=body, alignment=TA_RIGHT, spaceAfter=0),
        "amount_bold": ParagraphStyle(
            "amount_bold", parent=body, fontName=SANS_BOLD, alignment=TA_RIGHT, spaceAfter=0
        ),
    }


def _para(text: str, style: Any) -> Any:
    """A Paragraph of plain text: escaped, so ``&`` and ``<`` print as such."""
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


def _letterhead_block(head: Letterhead, lang: str, styles: dict[str, Any], width: float) -> Any:
    """The letterhead: logo (if any) beside the cluster's name and details, ruled below."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Table, TableStyle

    details = [head.legal_name if head.legal_name and head.legal_name != head.name else None]
    details.append(head.address)
    details.append(" · ".join(x for x in (head.email, head.website) if x) or None)
    details.append(t("reminder.vat", lang, vat=head.vat) if head.vat else None)
    text = [_para(head.name, styles["head_name"])]
    text += [_para(line, styles["head_line"]) for line in details if line]
    logo = None
    if head.logo_path:
        try:
            logo = Image(head.logo_path)
            scale = min(40 * mm / logo.imageWidth, 22 * mm / logo.imageHeight)
            logo.drawWidth, logo.drawHeight = logo.imageWidth * scale, logo.imageHeight * scale
        except Exception:  # noqa: BLE001 - an unreadable logo must not stop the letters
            logo = None
    cells = [[logo, text]] if logo is not None else [[text]]
    widths = [46 * mm, width - 46 * mm] if logo is not None else [width]
    table = Table(cells, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LINEBELOW", (0, 0), (-1, -1), 0.8, HexColor("#1F4E79")),
            ]
        )
    )
    return table


def _amounts_table(letter: ReminderLetter, lang: str, styles: dict[str, Any]) -> Any:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    rows = [
        (t("reminder.due", lang, year=letter.year), letter.amount_due, "cell"),
        (t("reminder.paid", lang), letter.amount_paid, "cell"),
        (t("reminder.outstanding", lang), letter.outstanding, "cell_bold"),
    ]
    cells = [
        [_para(label, styles[s]), _para(_money(v, lang), styles[s.replace("cell", "amount")])]
        for label, v, s in rows
    ]
    table = Table(cells, colWidths=[70 * mm, 40 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, HexColor("#7F7F7F")),
                ("BACKGROUND", (0, -1), (-1, -1), HexColor("#F2F5F9")),
            ]
        )
    )
    return table


def _letter_flowables(
    letter: ReminderLetter, head: Letterhead, lang: str, day: date, styles: dict[str, Any]
) -> list[Any]:
    from reportlab.platypus import Spacer

    body = styles["body"]
    parts: list[Any] = [Spacer(1, 14), _para(long_date(day, lang), styles["date"])]
    parts.append(_para(letter.legal_name or letter.name, styles["address"]))
    if letter.attention:
        parts.append(_para(t("reminder.attention", lang, name=letter.attention), styles["address"]))
    parts += [_para(line, styles["address"]) for line in letter.address_lines]
    parts.append(_para(t("reminder.subject", lang, year=letter.year), styles["subject"]))
    parts.append(_para(t("reminder.dear", lang, name=_salutation(letter)), body))
    parts.append(_para(t("reminder.body", lang, year=letter.year, member=letter.name), body))
    parts += [_amounts_table(letter, lang, styles), Spacer(1, 10)]
    parts.append(_para(t("reminder.request", lang, amount=_money(letter.outstanding, lang)), body))
    if head.email:
        parts.append(_para(t("reminder.questions", lang, email=head.email), body))
    parts += [Spacer(1, 8), _para(t("reminder.regards", lang), body), _para(head.name, body)]
    return parts


def _build_pdf(
    target: Any, letters: Sequence[ReminderLetter], head: Letterhead, lang: str, day: date
) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepInFrame, PageBreak, SimpleDocTemplate

    margin = 20 * mm
    doc = SimpleDocTemplate(
        target,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=t("reminder.subject", lang, year=letters[0].year if letters else ""),
        author=head.name,
    )
    styles = _styles()
    story: list[Any] = []
    for index, letter in enumerate(letters):
        content = [_letterhead_block(head, lang, styles, doc.width)]
        content += _letter_flowables(letter, head, lang, day, styles)
        # Shrunk to its page if need be: one letter is always exactly one page.
        story.append(KeepInFrame(doc.width, doc.height - 2, content, mode="shrink"))
        if index < len(letters) - 1:
            story.append(PageBreak())
    doc.build(story)


def letters_pdf_bytes(
    letters: Sequence[ReminderLetter], head: Letterhead, lang: str, day: date | None = None
) -> bytes:
    """The reminder letters as PDF bytes (one page per letter)."""
    buffer = io.BytesIO()
    _build_pdf(buffer, letters, head, check_lang(lang), day or date.today())
    return buffer.getvalue()


def write_letters_pdf(
    path: str | os.PathLike[str],
    letters: Sequence[ReminderLetter],
    head: Letterhead,
    lang: str,
    day: date | None = None,
) -> Path:
    """Write the letters to *path* as one PDF, a page per letter (atomically); returns it.

    Raises:
        ValueError: no letters, or an unknown language.
        ReportFileError: *path* cannot be written (the message says what to do).
    """
    if not letters:
        raise ValueError("No reminder letters to write: select members with an unpaid fee.")
    lang = check_lang(lang)
    with atomic_output(path, ".pdf") as tmp:
        _build_pdf(tmp, letters, head, lang, day or date.today())
    return Path(path)


# --------------------------------------------------------------------------- e-mail


def email_body(letter: ReminderLetter, head: Letterhead, lang: str, *, attached: bool) -> str:
    """The plain-text e-mail of a reminder (the letter's text, without the letterhead)."""
    lines = [
        t("reminder.dear", lang, name=_salutation(letter)),
        "",
        t("reminder.body", lang, year=letter.year, member=letter.name),
        "",
        f"{t('reminder.due', lang, year=letter.year)}: {_money(letter.amount_due, lang)}",
        f"{t('reminder.paid', lang)}: {_money(letter.amount_paid, lang)}",
        f"{t('reminder.outstanding', lang)}: {_money(letter.outstanding, lang)}",
        "",
        t("reminder.request", lang, amount=_money(letter.outstanding, lang)),
    ]
    if attached:
        lines += ["", t("reminder.attached", lang)]
    if head.email:
        lines += ["", t("reminder.questions", lang, email=head.email)]
    lines += ["", t("reminder.regards", lang), head.name]
    return "\n".join(lines) + "\n"


def _header_safe(text: str) -> str:
    # A line break in a header value would start a new header (header injection).
    return re.sub(r"[\r\n]+", " ", text).strip()


def email_message(
    letter: ReminderLetter, head: Letterhead, lang: str, day: date | None = None
) -> EmailMessage:
    """The reminder e-mail draft of one member, its letter attached as a PDF.

    Raises:
        ValueError: the member may not be e-mailed (the refusal says why).
    """
    recipient = letter.recipient
    if recipient.address is None:
        raise ValueError(str(recipient.refusal or "no e-mail address"))
    lang = check_lang(lang)
    day = day or date.today()
    message = EmailMessage()
    message["To"] = formataddr((_header_safe(recipient.name), recipient.address))
    if head.email:
        message["From"] = formataddr((_header_safe(head.name), head.email))
    message["Subject"] = _header_safe(t("reminder.subject", lang, year=letter.year))
    message["Date"] = format_datetime(_noon(day))
    message["Message-ID"] = make_msgid(domain="cluster-workbench.invalid")
    message["X-Unsent"] = "1"  # mail programs open the file as a draft to send
    message.set_content(email_body(letter, head, lang, attached=True))
    message.add_attachment(
        letters_pdf_bytes([letter], head, lang, day),
        maintype="application",
        subtype="pdf",
        filename=f"{_file_stem(letter, lang)}.pdf",
    )
    return message


def _noon(day: date) -> Any:
    from datetime import datetime, time

    return datetime.combine(day, time(12, 0)).astimezone()


def _file_stem(letter: ReminderLetter, lang: str) -> str:
    name = re.sub(r"[^\w]+", "-", letter.name, flags=re.UNICODE).strip("-")[:60] or "member"
    return f"{t('reminder.file', lang)}-{letter.year}-{name}-{letter.organisation_id}"


@dataclass
class DraftsWritten:
    """What :func:`write_email_drafts` did: files written, and members left out with why."""

    written: list[tuple[ReminderLetter, Path]] = field(default_factory=list)
    skipped: list[tuple[ReminderLetter, Message]] = field(default_factory=list)


def write_email_drafts(
    folder: str | os.PathLike[str],
    letters: Sequence[ReminderLetter],
    head: Letterhead,
    lang: str,
    day: date | None = None,
) -> DraftsWritten:
    """One ``.eml`` file in *folder* per member that may be e-mailed; the others listed.

    A member without an address (refused: no consent, or none recorded) gets no file and is
    listed in ``skipped`` with the reason. Files are written atomically; an existing file
    of the same name is replaced.
    """
    lang = check_lang(lang)
    target = Path(folder)
    result = DraftsWritten()
    for letter in letters:
        if letter.recipient.address is None:
            result.skipped.append((letter, letter.recipient.refusal or Message("no address")))
            continue
        message = email_message(letter, head, lang, day)
        path = target / f"{_file_stem(letter, lang)}.eml"
        with atomic_output(path, ".eml") as tmp:
            Path(tmp).write_bytes(message.as_bytes())
        result.written.append((letter, path))
    return result


def mailto_url(letter: ReminderLetter, head: Letterhead, lang: str) -> str:
    """A ``mailto:`` link with the reminder's subject and text (no attachment).

    Raises:
        ValueError: the member may not be e-mailed (the refusal says why).
    """
    if letter.recipient.address is None:
        raise ValueError(str(letter.recipient.refusal or "no e-mail address"))
    lang = check_lang(lang)
    subject = quote(t("reminder.subject", lang, year=letter.year), safe="")
    body = quote(email_body(letter, head, lang, attached=False).replace("\n", "\r\n"), safe="")
    return f"mailto:{quote(letter.recipient.address, safe='@')}?subject={subject}&body={body}"
