"""Value checks shared by services and the importer (VAT, fiscal code, e-mail, web address)."""

from __future__ import annotations

import re

from workbench.translatable import msg

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^(https?://)?[^\s/$.?#][^\s]*\.[^\s]{2,}$", re.IGNORECASE)


def check_email(value: str) -> str:
    """Return the e-mail address trimmed; ValueError when it is not one."""
    text = value.strip()
    if not _EMAIL.match(text):
        raise ValueError(
            msg("'{text}' is not an e-mail address (expected name@domain.tld).", text=text)
        )
    return text


def check_url(value: str) -> str:
    """Return the web address with ``https://`` added when missing; ValueError if malformed."""
    text = value.strip()
    if not _URL.match(text):
        raise ValueError(
            msg("'{text}' is not a web address (expected e.g. www.example.it).", text=text)
        )
    if not re.match(r"^https?://", text, re.IGNORECASE):
        text = "https://" + text
    return text
