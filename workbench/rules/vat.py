"""VAT numbers and the Italian codice fiscale: the one check for the editor, importer and services.

Both are compacted (spaces, dots, dashes and slashes dropped, upper case) and checked with
python-stdnum; the stored form is the compact one, a VAT number with its country prefix
(``IT01234567897``). Blank input gives None: an empty field or cell is not an error.

**Lost leading zeros.** Spreadsheets read an Italian VAT number as a number and drop its
leading zeros (``00123450124`` becomes ``123450124``, shown as ``IT123450124`` once a prefix is
added). ``restore_lost_zeros`` (on by default) puts them back: a number (an int or float cell)
of any length, or text of 8 to 10 digits, is padded to the 11 digits of an Italian number.
Zeros never change the Luhn check digit, so padding cannot make a wrong number pass; shorter
text is refused rather than guessed. The importer and the organisation editor both restore
them (a user expects the editor to accept what the import accepts), and so do the services,
which check every stored value. ``restore_lost_zeros=False`` checks the digits exactly as
written.

Errors are :class:`~workbench.rules.errors.RuleError` with one message per problem, the same
wherever the value was typed or imported.
"""

from __future__ import annotations

import re
from decimal import Decimal

from stdnum.eu import vat as eu_vat
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale, iva

from workbench.rules.errors import RuleError
from workbench.text import normalise_text
from workbench.translatable import msg

__all__ = ["identifier_text", "normalise_fiscal_code", "normalise_vat"]

_SEPARATORS = re.compile(r"[\s.\-/:]")
_ITALIAN_DIGITS = 11
# Fewer digits than this in a text is a typo, not a number that lost its zeros.
_FEWEST_DIGITS_PADDED = 8


def identifier_text(value: object) -> str:
    """Text of an identifier as typed or read from a cell; whole floats lose their ".0"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = int(value)
    return normalise_text(str(value))


def _read(value: object) -> tuple[str, str]:
    """*value* as the user wrote it and compact in upper case ("" for None and blank)."""
    text = "" if value is None else identifier_text(value)
    return text, _SEPARATORS.sub("", text).upper()


def _pad(value: object, digits: str, restore_lost_zeros: bool) -> str:
    """*digits* padded to 11 when they are an Italian number that lost its leading zeros."""
    if not restore_lost_zeros or not digits.isdigit() or len(digits) >= _ITALIAN_DIGITS:
        return digits
    if isinstance(value, str) and len(digits) < _FEWEST_DIGITS_PADDED:
        return digits
    return digits.zfill(_ITALIAN_DIGITS)


def normalise_vat(
    value: object, *, default_country: str = "IT", restore_lost_zeros: bool = True
) -> str | None:
    """Return a VAT number compact with its country prefix (``IT01234567897``); blank -> None.

    Accepts ``IT01234567897``, ``01234567897``, ``IT 012 345 678 97``, ``012.345.678.97``,
    other EU prefixes (``DE136695976``) and, with *restore_lost_zeros*, Italian numbers that
    lost their leading zeros (see the module docstring).

    Args:
        value: Text or a number (a spreadsheet cell).
        default_country: Country assumed when there is no two-letter prefix.
        restore_lost_zeros: Pad Italian numbers a spreadsheet shortened (see module docstring).

    Raises:
        RuleError: Wrong check digit, wrong length or not a VAT number.
    """
    text, compact = _read(value)
    if not compact:
        return None
    country = default_country.upper()
    if re.match(r"^[A-Z]{2}", compact):
        country, compact = compact[:2], compact[2:]
    if country == "IT":
        compact = _pad(value, compact, restore_lost_zeros)
        if _valid_italian_number(compact):  # the common case, without stdnum's generic steps
            return "IT" + compact
    shown = country + compact
    try:
        if country == "IT":
            return "IT" + iva.validate(compact)
        return str(eu_vat.validate(shown))
    except InvalidChecksum:
        raise RuleError(
            msg(
                "VAT number {vat} has a wrong check digit: check it against the company's "
                "invoices, or leave it empty",
                vat=shown,
            )
        ) from None
    except StdnumError:
        raise RuleError(_not_a_vat_number(text, country)) from None


# Luhn's doubled digit, digit by digit (2 * 7 = 14 counts 1 + 4).
_LUHN_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def _valid_italian_number(digits: str) -> bool:
    """True when *digits* pass every check ``stdnum.it.iva.validate`` makes, False otherwise.

    Eleven ASCII digits, not seven leading zeros, a province office 001-100, 120, 121, 888 or
    999, and the Luhn check digit. False sends the number to stdnum, whose exception says
    which check failed; a test holds the two to the same verdict.
    """
    if len(digits) != _ITALIAN_DIGITS or not digits.isascii() or not digits.isdigit():
        return False
    office = digits[7:10]
    if digits[:7] == "0000000" or not ("001" <= office <= "100" or office in _OTHER_OFFICES):
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = ord(char) - 48
        total += _LUHN_DOUBLED[digit] if position % 2 else digit
    return total % 10 == 0


_OTHER_OFFICES = ("120", "121", "888", "999")


def _not_a_vat_number(text: str, country: str) -> str:
    if country == "IT":
        return msg(
            '"{value}" is not a valid VAT number: expected 11 digits with an optional IT '
            "prefix, e.g. IT01234560017",
            value=text,
        )
    return msg(
        '"{value}" is not a valid VAT number: expected the two-letter country code and the '
        "number, e.g. DE136695976",
        value=text,
    )


def normalise_fiscal_code(value: object, *, restore_lost_zeros: bool = True) -> str | None:
    """Return an Italian codice fiscale compact and upper case; blank -> None.

    A person's code has 16 characters (``RSSMRA85T10A562S``), a company's is its 11-digit
    VAT number (an ``IT`` prefix is dropped). *restore_lost_zeros* pads a company code a
    spreadsheet shortened, as for VAT numbers (see the module docstring).

    Raises:
        RuleError: Wrong check character or not a codice fiscale.
    """
    text, compact = _read(value)
    if not compact:
        return None
    if compact.startswith("IT") and compact[2:].isdigit():
        # A company's code written as its VAT number; a person's code may start with "IT".
        compact = compact[2:]
    compact = _pad(value, compact, restore_lost_zeros)
    try:
        return str(codicefiscale.validate(compact))
    except InvalidChecksum:
        raise RuleError(
            msg(
                "codice fiscale {code} has a wrong check character: check it, or leave it empty",
                code=compact,
            )
        ) from None
    except StdnumError:
        raise RuleError(
            msg(
                '"{value}" is not a valid codice fiscale: expected 16 characters like '
                "RSSMRA85T10A562S or 11 digits",
                value=text,
            )
        ) from None
