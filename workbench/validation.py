"""Value checks shared by services and the importer (VAT, fiscal code, e-mail, web address)."""

from __future__ import annotations

import re

from stdnum.eu import vat as eu_vat
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale, iva

from workbench.translatable import msg

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
        raise ValueError(msg("The VAT number is empty."))
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
            msg(
                "VAT number {vat} has a wrong check digit: check it against the company's "
                "invoices.",
                vat=text,
            )
        ) from exc
    except StdnumError as exc:
        raise ValueError(
            msg(
                "{vat} is not a valid VAT number ({reason}).",
                vat=text,
                reason=_stdnum_reason(exc),
            )
        ) from exc


def _stdnum_reason(exc: StdnumError) -> str:
    """python-stdnum's English reason without its full stop, translatable when it is known."""
    text = str(exc).rstrip(".")
    known = {
        "The number has an invalid length": msg("The number has an invalid length"),
        "The number has an invalid format": msg("The number has an invalid format"),
        "One of the parts of the number are invalid or unknown": msg(
            "One of the parts of the number are invalid or unknown"
        ),
    }
    return known.get(text, text)


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
        raise ValueError(
            msg("Codice fiscale {code} has a wrong check character.", code=text)
        ) from exc
    except StdnumError as exc:
        raise ValueError(msg("{code} is not a valid codice fiscale.", code=text)) from exc


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
