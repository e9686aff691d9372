"""Contacts of an organisation: one main contact; consent goes with its date; who may get e-mail.

*Consent* (to be contacted and listed in published material) is evidence under the GDPR, so a
contact marked as consenting must say when consent was given, and a consent date without
consent is a contradiction. One contact per organisation is its *main contact*.

The organisation editor checks each contact row and the whole set it is about to save; the
service validators check every contact written (editor, importer, anything else) with the
same functions, so both refuse the same contacts with the same message.

*Who may be e-mailed* (:func:`email_recipient`) is the consent rule applied to mail the
cluster sends (fee reminders, e-mails to selected members): a person is written to only if
they consented and have an address, the main contact first; an organisation whose recorded
contacts all withheld consent has refused e-mail and is written to by post only; one without
contacts is written to at its own (non-personal) address, if it has one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from workbench.translatable import Message, msg

__all__ = [
    "EmailRecipient",
    "check_main_contacts",
    "consent_problem",
    "email_recipient",
    "person_name",
]


def _get(contact: Any, key: str) -> Any:
    return contact.get(key) if isinstance(contact, dict) else getattr(contact, key, None)


def person_name(contact: Any) -> str:
    """The full name ("First Last") of a contact: a mapping or an object with the names."""
    return " ".join(p for p in (_get(contact, "first_name"), _get(contact, "last_name")) if p)


def consent_problem(consent: bool | None, consent_date: Any) -> tuple[str, Message] | None:
    """``(field, message)`` when consent and its date disagree, else None.

    Consent without a date is refused on ``consent_date``; a date without consent on
    ``consent``.
    """
    if consent and consent_date is None:
        return "consent_date", msg("Say when consent was given: type the consent date.")
    if not consent and consent_date is not None:
        return "consent", msg("Tick consent, or clear the consent date.")
    return None


def check_main_contacts(contacts: Iterable[Any]) -> Message | None:
    """The message when more than one of one organisation's *contacts* is the main contact.

    *contacts* are mappings or objects with ``is_primary``, ``first_name`` and ``last_name``.
    """
    main = [c for c in contacts if _get(c, "is_primary")]
    if len(main) < 2:
        return None
    return msg(
        "{first} and {second} are both marked as main contact: an organisation has one main "
        "contact, untick the other.",
        first=person_name(main[0]) or "?",
        second=person_name(main[1]) or "?",
    )


@dataclass(frozen=True)
class EmailRecipient:
    """Where an e-mail to a member goes, or why it must not be sent.

    Attributes:
        address: the e-mail address (None when no e-mail may or can be sent).
        name: the person's name, or the organisation's for its own address.
        refusal: why there is no address, in words (None when there is one).
        refused: True when the member refused e-mail (no consent), False when it merely has
            no address recorded.
    """

    address: str | None
    name: str
    refusal: Message | None = None
    refused: bool = False


def email_recipient(
    contacts: Iterable[Any], organisation_name: str, organisation_email: str | None
) -> EmailRecipient:
    """Who an e-mail to one member goes to, under the consent rule (see the module doc).

    *contacts* are the organisation's contacts (mappings or objects with ``consent``,
    ``email``, ``is_primary`` and the names), in the order they are listed.
    """
    people = list(contacts)
    allowed = [c for c in people if _get(c, "consent") and _get(c, "email")]
    if allowed:
        chosen = next((c for c in allowed if _get(c, "is_primary")), allowed[0])
        return EmailRecipient(str(_get(chosen, "email")), person_name(chosen) or organisation_name)
    if people and not any(_get(c, "consent") for c in people):
        return EmailRecipient(
            None,
            organisation_name,
            msg(
                "{name}: none of its contacts agreed to be contacted, so it gets no e-mail "
                "(send the letter by post).",
                name=organisation_name,
            ),
            refused=True,
        )
    if organisation_email:
        return EmailRecipient(organisation_email, organisation_name)
    return EmailRecipient(
        None,
        organisation_name,
        msg(
            "{name}: no e-mail address is recorded (add one to a consenting contact or to the "
            "organisation, or send the letter by post).",
            name=organisation_name,
        ),
    )
