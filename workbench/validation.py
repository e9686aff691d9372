"""Value checks shared by services and the importer (VAT, fiscal code, e-mail, web address)."""

from __future__ import annotations

import re

from stdnum.eu import vat as eu_vat
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale, iva

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^(https?://)?[^\s/$.?#][^\s]*\.[^\s]{2,}$", re.IGNORECASE)


def normalise_vat(value: str | int, default_country: str = "IT") -> str:
    """Return a VAT number as country prefix + digits (``IT01234567897``).

    Accepts spaces, dots, a missing ``IT`` prefix and Italian numbers that lost their leading
    zeros (e.g. read as an integer from a spreadsheet).

    Raises:
        ValueError: with a user-readable message when the number is malformed or its check
            digit is wrong.
    """
    text = re.sub(r"[\s.\-/]", "", str(value)).upper()
    if not text:
        raise ValueError("The VAT number is empty.")
    if text.isdigit():
        if default_country == "IT" and len(text) < 11:
            text = text.zfill(11)
        text = default_country + text
    country = text[:2]
    try:
        if country == "IT":
            return "IT" + iva.validate(text[2:])
        return eu_vat.validate(text)
    except InvalidChecksum as exc:
        raise ValueError(
            f"VAT number {text} has a wrong check digit: check it against the company's invoices."
        ) from exc
    except StdnumError as exc:
        raise ValueError(f"{text} is not a valid VAT number ({str(exc).rstrip('.')}).") from exc


def normalise_fiscal_code(value: str) -> str:
    """Return an Italian codice fiscale (16-character personal or 11-digit company code).

    Raises:
        ValueError: when it is malformed or its check character is wrong.
    """
    text = re.sub(r"\s", "", str(value)).upper()
    try:
        if text.isdigit():
            return iva.validate(text.zfill(11))
        return codicefiscale.validate(text)
    except InvalidChecksum as exc:
        raise ValueError(f"Codice fiscale {text} has a wrong check character.") from exc
    except StdnumError as exc:
        raise ValueError(f"{text} is not a valid codice fiscale.") from exc


def check_email(value: str) -> str:
    """Return the e-mail address trimmed; ValueError when it is not one."""
    text = value.strip()
    if not _EMAIL.match(text):
        raise ValueError(f"'{text}' is not an e-mail address (expected name@domain.tld).")
    return text


def check_url(value: str) -> str:
    """Return the web address with ``https://`` added when missing; ValueError if malformed."""
    text = value.strip()
    if not _URL.match(text):
        raise ValueError(f"'{text}' is not a web address (expected e.g. www.example.it).")
    if not re.match(r"^https?://", text, re.IGNORECASE):
        text = "https://" + text
    return text
