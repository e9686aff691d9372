"""Contacts of an organisation: at most one main contact; consent goes with its date.

*Consent* (to be contacted and listed in published material) is evidence under the GDPR, so a
contact marked as consenting must say when consent was given, and a consent date without
consent is a contradiction. One contact per organisation is its *main contact*.

The organisation editor checks each contact row and the whole set it is about to save; the
service validators check every contact written (editor, importer, anything else) with the
same functions, so both refuse the same contacts with the same message.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from workbench.translatable import Message, msg

__all__ = ["check_main_contacts", "consent_problem", "person_name"]


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
