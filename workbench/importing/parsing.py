"""Pure value parsers for imported cells: dates, numbers, yes/no, types, VAT, emails, URLs.

Where the organisation editor checks the same value, the rule lives once in
:mod:`workbench.rules` (dates, VAT and codice fiscale, e-mail and web addresses, names) and
the text clean and fold in :mod:`workbench.text`; the parsers here adapt it to a cell (its
error becomes a :class:`ValueParseError` with the same message).

Contract for every ``parse_*`` function:
    * ``None`` and blank text give ``None`` (an empty cell is not an error).
    * A value is either understood exactly or rejected with :class:`ValueParseError`, whose
      message quotes the value and says what is expected. Nothing is guessed silently: where a
      value can mean two things (``04/03/2021``, ``1,234`` without a locale hint) the parser
      refuses it, or follows an explicit hint the caller passes.

Locale defaults: the users are Italian, so numbers default to the decimal comma
(``decimal_comma=True``: "1,234" is one point two three four and "1.234" is one thousand two
hundred and thirty-four). Dates have no default order; see :func:`detect_date_order`.

The module is Qt-free and database-free.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from workbench.importing.errors import ValueParseError
from workbench.rules.addresses import normalise_email, normalise_url
from workbench.rules.dates import (
    DATE_EXPECTED,
    DateOrder,
    DateTextError,
    numeric_day_month,
    parse_date_text,
)
from workbench.rules.errors import RuleError
from workbench.rules.names import name_words
from workbench.rules.vat import normalise_fiscal_code, normalise_vat
from workbench.text import fold_for_search, normalise_text
from workbench.translatable import msg

# --------------------------------------------------------------------------------------------
# Dates


@dataclass(frozen=True, slots=True)
class DateColumnVerdict:
    """What :func:`detect_date_order` concluded about a column of text dates.

    Attributes:
        order: The order every value agrees with, or None when the values do not decide it
            (``ambiguous``), contradict each other (``inconsistent``) or need no order at all.
        ambiguous: Every day/month date fits both orders: the user must choose.
        inconsistent: Some values only fit DMY and others only fit MDY: the column is mixed.
        message: User-readable explanation when ``ambiguous`` or ``inconsistent``.
    """

    order: DateOrder | None
    ambiguous: bool
    inconsistent: bool = False
    message: str | None = None


# Excel's 1900 date system counts from 1899-12-30 once past its fictitious 29 Feb 1900.
_EXCEL_EPOCH = date(1899, 12, 30)
# Serial numbers accepted as dates: 1950-01-01 .. 2099-12-31. Outside this a number is far more
# likely to be an amount or a year than a date, so it is refused rather than guessed.
_SERIAL_MIN = (date(1950, 1, 1) - _EXCEL_EPOCH).days
_SERIAL_MAX = (date(2099, 12, 31) - _EXCEL_EPOCH).days

_DATE_EXPECTED = DATE_EXPECTED


def parse_date(value: object, *, order: DateOrder | None = None) -> date | None:
    """Parse a cell into a date.

    Accepts date and datetime objects (the time is dropped), Excel serial numbers between 1950
    and 2099 (1900 date system) and text, which is read by the one date-text rule
    :func:`workbench.rules.dates.parse_date_text` (the interface's date fields use it too):
    ISO text, day/month text with a two- or four-digit year (00-69 -> 20xx, 70-99 -> 19xx),
    yyyymmdd (and ddmmyyyy once the order is DMY) and month names.

    Args:
        value: The cell value.
        order: Day/month order for numeric text dates. When None, a date that fits both orders
            with different results (04/03/2021) is refused instead of guessed; use
            :func:`detect_date_order` on the whole column to choose.

    Returns:
        The date, or None for an empty cell.

    Raises:
        ValueParseError: The value is not a date, is not a real calendar date, or is ambiguous.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueParseError(
            msg('"{value}" is not a date: {expected}', value=value, expected=_DATE_EXPECTED)
        )
    if isinstance(value, int | float | Decimal):
        return _date_from_serial(value)
    if isinstance(value, timedelta):
        raise ValueParseError(
            msg(
                '"{value}" is a duration, not a date: {expected}',
                value=value,
                expected=_DATE_EXPECTED,
            )
        )
    text = normalise_text(str(value))
    if not text:
        return None
    return _date_from_text(text, order)


def _date_from_serial(value: int | float | Decimal) -> date:
    number = float(value)
    if math.isfinite(number) and number.is_integer() and 1000 <= number <= 2999:
        raise ValueParseError(
            msg(
                "{year} looks like a year, not a date: {expected}",
                year=int(number),
                expected=_DATE_EXPECTED,
            )
        )
    if not math.isfinite(number) or not _SERIAL_MIN <= number <= _SERIAL_MAX + 1:
        raise ValueParseError(
            msg(
                "the number {value} is not a date: {expected}", value=value, expected=_DATE_EXPECTED
            )
        )
    return _EXCEL_EPOCH + timedelta(days=int(number))


def _date_from_text(text: str, order: DateOrder | None) -> date:
    # One reader for typed and imported date text (workbench.rules.dates); its error becomes
    # the importer's ValueParseError with the same translatable message.
    try:
        found = parse_date_text(text, order=order)
    except DateTextError as exc:
        raise ValueParseError(exc.message) from None
    assert found is not None  # the caller passes non-blank text
    return found


def detect_date_order(values: Iterable[object]) -> DateColumnVerdict:
    """Decide the day/month order of a column of dates from all its values.

    Only numeric text dates (``a/b/yyyy`` and friends) take part; real date cells, ISO text and
    month names are unambiguous anyway, and values that are not dates are ignored here (the
    parser reports them). A value with a first part over 12 proves DMY, one with a second part
    over 12 proves MDY.

    Returns:
        ``order`` DMY or MDY when the values prove it; ``ambiguous`` when some values differ
        between the two readings and none proves either (the user must choose);
        ``inconsistent`` when values prove both.
    """
    dmy_proof: str | None = None
    mdy_proof: str | None = None
    undecided: str | None = None
    for value in values:
        if not isinstance(value, str):
            continue
        parts = numeric_day_month(value)
        if parts is None:
            continue
        first, second = parts
        if first > 12 and second <= 12:
            dmy_proof = dmy_proof or value.strip()
        elif second > 12 and first <= 12:
            mdy_proof = mdy_proof or value.strip()
        elif first != second and first <= 12 and second <= 12:
            undecided = undecided or value.strip()
    if dmy_proof and mdy_proof:
        return DateColumnVerdict(
            order=None,
            ambiguous=False,
            inconsistent=True,
            message=msg(
                'the column mixes day/month dates ("{dmy}") and month/day dates '
                '("{mdy}"): correct the file so all dates use one order',
                dmy=dmy_proof,
                mdy=mdy_proof,
            ),
        )
    if dmy_proof:
        return DateColumnVerdict(order=DateOrder.DMY, ambiguous=False)
    if mdy_proof:
        return DateColumnVerdict(order=DateOrder.MDY, ambiguous=False)
    if undecided:
        return DateColumnVerdict(
            order=None,
            ambiguous=True,
            message=msg(
                "every date in the column fits both day/month and month/day (e.g. "
                '"{example}"): choose which order the file uses',
                example=undecided,
            ),
        )
    return DateColumnVerdict(order=None, ambiguous=False)


# --------------------------------------------------------------------------------------------
# Numbers


_MULTIPLIERS: dict[str, int] = {
    "k": 1_000, "mila": 1_000, "thousand": 1_000, "tsd": 1_000,
    "m": 1_000_000, "mln": 1_000_000, "mio": 1_000_000, "mn": 1_000_000,
    "milioni": 1_000_000, "milione": 1_000_000, "million": 1_000_000, "millions": 1_000_000,
    "millionen": 1_000_000, "millones": 1_000_000,
    "mld": 1_000_000_000, "mrd": 1_000_000_000, "bn": 1_000_000_000,
    "miliardi": 1_000_000_000, "billion": 1_000_000_000,
}  # fmt: skip
_EURO = re.compile(r"€|(?<![^\W\d_])eur(?:o|os)?(?![^\W\d_])", re.IGNORECASE)
_OTHER_CURRENCY = re.compile(r"[$£¥₹]|\b(?:usd|gbp|chf|jpy|cny|sek|nok|dkk|pln)\b", re.IGNORECASE)
_NUMBER_CORE = re.compile(r"^(\d[\d.,]*|[.,]\d+)$")
_NUMBER_EXPECTED = msg("expected a number like 1.234,56")


def parse_decimal(value: object, *, decimal_comma: bool | None = True) -> Decimal | None:
    """Parse a cell into an exact Decimal.

    Understands "1.234,56", "1,234.56", "1.234.567", "1234,5", "€ 1.234,56", "1.234,56 €",
    "EUR 1234", "2,5 M€", "2.5M", "1,2 mln", "3 k€", "-5", "(5)" (accounting negative), spaces
    or apostrophes between thousands, and "12%" which gives Decimal("12") - the number as
    written, not 0.12. Floats go through ``repr`` so 0.1 stays 0.1. Amounts in other
    currencies are refused: they are never converted silently.

    Args:
        value: The cell value.
        decimal_comma: How to read a lone separator followed by exactly three digits ("1,234",
            "1.234"). True (default, Italian): comma is decimal, dot is thousands. False:
            the English reading. None: refuse such values as ambiguous. Values where only one
            reading is possible ("1,5", "1.234,5", "1.234.567") ignore the hint.

    Returns:
        The number, or None for an empty cell.

    Raises:
        ValueParseError: The value is not a number, uses another currency, or is ambiguous.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise _not_a_number(value)
    if isinstance(value, Decimal):
        return _finite(value, value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value.is_integer():
            return Decimal(int(value))
        return _finite(Decimal(repr(value)), value)
    text = normalise_text(str(value))
    if not text:
        return None
    return _decimal_from_text(text, decimal_comma)


def _finite(number: Decimal, shown: object) -> Decimal:
    if not number.is_finite():
        raise _not_a_number(shown)
    return number


def _not_a_number(value: object) -> ValueParseError:
    return ValueParseError(
        msg('"{value}" is not a number: {expected}', value=value, expected=_NUMBER_EXPECTED)
    )


# An amount in euro as Italian offices write it, whose reading needs no hint: digits, maybe
# grouped by dots, maybe a decimal comma (not a lone comma before exactly three digits, which
# the hint decides), maybe a euro sign before or after.
_PLAIN_AMOUNT = re.compile(r"(?:€ ?)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?: ?€)?")


def _plain_amount(text: str) -> Decimal | None:
    """The value of *text* when it has the plain shape above, else None (the general path).

    Gives what :func:`_decimal_from_text` gives for the same text (a test holds them to it).
    """
    found = _PLAIN_AMOUNT.fullmatch(text)
    if found is None:
        return None
    whole, fraction = found.group(1), found.group(2)
    grouped = "." in whole
    if fraction is None:
        return None if grouped else Decimal(whole)  # "1.234" alone: the hint decides
    if not grouped and len(fraction) == 3 and whole != "0" and len(whole) <= 3:
        return None  # "1,234": the hint decides
    return Decimal(whole.replace(".", "") + "." + fraction)


def _decimal_from_text(text: str, decimal_comma: bool | None) -> Decimal:
    plain = _plain_amount(text)
    if plain is not None:
        return plain
    return _decimal_from_any_text(text, decimal_comma)


def _decimal_from_any_text(text: str, decimal_comma: bool | None) -> Decimal:
    """:func:`_decimal_from_text` for any text (the general path)."""
    if _OTHER_CURRENCY.search(text):
        raise ValueParseError(
            msg(
                '"{value}" is not in euro: convert the amount to euro (amounts are never '
                "converted automatically)",
                value=text,
            )
        )
    body = _EURO.sub(" ", text).replace("\u2212", "-")
    body = re.sub(r"(?<=\d)[\s'’](?=\d{3}(?!\d))", "", body).strip()  # 1 234,56 and 1'234.56
    negative, body = _strip_sign(body)
    body = body.removesuffix("%").strip()
    multiplier = 1
    suffix = re.search(r"[^\W\d_]+\.?$", body)
    if suffix:
        word = suffix[0].rstrip(".").casefold()
        if word not in _MULTIPLIERS:
            raise _not_a_number(text)
        multiplier = _MULTIPLIERS[word]
        body = body[: suffix.start()].strip()
    if not _NUMBER_CORE.match(body):
        raise _not_a_number(text)
    number = Decimal(_plain_digits(text, body, decimal_comma))
    if multiplier != 1:
        number *= multiplier
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
    return -number if negative else number


def _strip_sign(body: str) -> tuple[bool, str]:
    """Remove a leading/trailing minus, a plus or accounting parentheses."""
    if body.startswith("(") and body.endswith(")"):
        return True, body[1:-1].strip()
    if body.startswith("-"):
        return True, body[1:].strip()
    if body.endswith("-"):
        return True, body[:-1].strip()
    if body.startswith("+"):
        return False, body[1:].strip()
    return False, body


def _plain_digits(text: str, body: str, decimal_comma: bool | None) -> str:
    """Turn a digits-and-separators string into Decimal syntax, refusing what is unclear."""
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        decimal_sep = "," if body.rfind(",") > body.rfind(".") else "."
        thousands_sep = "." if decimal_sep == "," else ","
        whole, _, fraction = body.rpartition(decimal_sep)
        if decimal_sep in whole or not _grouped(whole, thousands_sep):
            raise _bad_number(text)
        return whole.replace(thousands_sep, "") + "." + fraction
    if not commas and not dots:
        return body
    sep = "," if commas else "."
    whole, _, fraction = body.partition(sep)
    if body.count(sep) > 1:  # 1.234.567 or 1,234,567: only thousands separators fit
        if not _grouped(body, sep):
            raise _bad_number(text)
        return body.replace(sep, "")
    if len(fraction) != 3 or not whole or whole == "0" or len(whole) > 3:
        return (whole or "0") + "." + fraction  # cannot be a thousands separator
    comma_is_decimal = (
        decimal_comma if sep == "," else (None if decimal_comma is None else not decimal_comma)
    )
    if comma_is_decimal is None:
        raise ValueParseError(
            msg(
                '"{value}" is ambiguous: it could be {thousands} or {decimal}; '
                "write it without thousands separators or with a decimal part",
                value=text,
                thousands=whole + fraction,
                decimal=f"{whole}.{fraction}",
            )
        )
    return whole + "." + fraction if comma_is_decimal else whole + fraction


def _grouped(text: str, sep: str) -> bool:
    """True for "1.234.567" style digit groups: 1-3 digits, then groups of exactly three."""
    groups = text.split(sep)
    return (
        1 <= len(groups[0]) <= 3
        and groups[0].isdigit()
        and all(len(g) == 3 and g.isdigit() for g in groups[1:])
    )


def _bad_number(text: str) -> ValueParseError:
    return ValueParseError(
        msg('"{value}" has misplaced separators: {expected}', value=text, expected=_NUMBER_EXPECTED)
    )


def parse_int(value: object, *, decimal_comma: bool | None = True) -> int | None:
    """Parse a cell into a whole number ("1.234" -> 1234, 12.0 -> 12).

    Raises:
        ValueParseError: The value is not a number or has a fractional part.
    """
    number = parse_decimal(value, decimal_comma=decimal_comma)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueParseError(
            msg('"{value}" is not a whole number: expected a number like 12', value=value)
        )
    return int(number)


# --------------------------------------------------------------------------------------------
# Yes / no


_TRUE_WORDS = frozenset("si sì sí yes y true vero ja wahr oui vrai verdadero x ✓ ✔ 1".split())
_FALSE_WORDS = frozenset("no n false falso nein falsch non faux 0".split())


def parse_bool(value: object) -> bool | None:
    """Parse yes/no in Italian, English, German, French and Spanish.

    True: sì, si, yes, y, true, vero, ja, oui, sí, x, 1; false: no, n, false, falso, nein, non, 0.
    Booleans and the numbers 1 and 0 are accepted as they are.

    Raises:
        ValueParseError: Anything else; "-" and "?" are refused rather than read as no.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal) and value in (0, 1):
        return bool(value)
    text = normalise_text(str(value))
    if not text:
        return None
    word = text.casefold().rstrip(".!")
    if word in _TRUE_WORDS or fold_for_search(word) in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS or fold_for_search(word) in _FALSE_WORDS:
        return False
    raise ValueParseError(
        msg('"{value}" is not yes or no: expected sì/no, yes/no, x or 1/0', value=text)
    )


# --------------------------------------------------------------------------------------------
# Organisation types


ORG_TYPES = (
    "company",
    "university",
    "research_org",
    "technology_centre",
    "public_body",
    "association",
    "financial_institution",
    "other",
)

_CORDIS_ACTIVITY = {
    "PRC": "company",
    "HES": "university",
    "REC": "research_org",
    "PUB": "public_body",
    "OTH": "other",
}

# (type, phrases) in priority order: the first rule with a phrase present wins. Specific kinds
# come before generic ones, and a company legal form (S.r.l., GmbH ...) outranks generic words
# such as "ricerca": "Alfa Ricerca S.r.l." is a company, "Banca Alfa S.p.A." is still a bank.
# Phrases are matched as whole words on folded text with dotted initials joined ("S.p.A." ->
# "spa"). Known trade-off: "Fondazione Cassa di Risparmio" reads as a financial institution.
_ORG_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("university", (
        "universita", "university", "universitat", "universite", "universidad", "universidade",
        "politecnico", "polytechnic", "hochschule", "ateneo", "scuola superiore",
        "higher education", "higher or secondary education", "istituto universitario",
    )),
    ("research_org", (
        "cnr", "enea", "infn", "inaf", "ingv", "iit", "research organisation",
        "research organization", "istituto di ricerca", "istituto di ricerche",
        "istituto nazionale", "centro di ricerca", "centro ricerche", "centro di ricerche",
        "ente di ricerca", "ente pubblico di ricerca", "organismo di ricerca",
        "research centre", "research center", "research institute", "research institution",
        "forschungszentrum", "forschungsinstitut", "institut de recherche", "centre de recherche",
        "centro de investigacion",
    )),
    ("public_body", (
        "comune", "regione", "provincia", "citta metropolitana", "camera di commercio", "cciaa",
        "municipality", "municipio", "ministero", "ministry", "public body", "public authority",
        "public administration", "ente pubblico", "pubblica amministrazione",
        "amministrazione pubblica", "agenzia regionale", "azienda sanitaria",
        "azienda ospedaliera", "asl", "gemeinde", "stadt", "landkreis", "commune", "mairie",
        "ayuntamiento", "diputacion", "public", "pubblico", "pubblica",
    )),
    ("financial_institution", (
        "banca", "banche", "bank", "banque", "banco", "sparkasse", "credito", "credit",
        "fondo", "fondi", "fund", "venture capital", "private equity", "sgr", "bcc",
        "cassa di risparmio", "finanziaria", "financial institution", "investor",
        "investment", "business angel", "assicurazioni", "insurance",
    )),
    ("technology_centre", (
        "centro tecnologico", "centri tecnologici", "technology centre", "technology center",
        "technological centre", "technological center", "technologiezentrum",
        "centre technologique", "fraunhofer", "tecnopolo", "competence center",
        "competence centre", "centro di competenza", "digital innovation hub",
        "parco scientifico", "parco tecnologico", "science park", "technology park",
        "technology transfer", "trasferimento tecnologico",
    )),
    ("company", (
        "spa", "srl", "srls", "sas", "snc", "sapa", "scpa", "gmbh", "ag", "kg", "ug", "ltd",
        "limited", "plc", "inc", "llc", "corp", "sa", "sl", "slu", "sarl", "bv", "nv", "oy",
        "ab",
    )),
    ("research_org", ("ricerca", "ricerche", "research", "forschung", "recherche")),
    ("association", (
        "associazione", "associazioni", "association", "associazione di categoria",
        "confindustria", "confartigianato", "confcommercio", "confcooperative", "legacoop",
        "cna", "consorzio", "consortium", "fondazione", "foundation", "stiftung", "fondation",
        "fundacion", "verband", "verein", "ev", "asociacion", "federazione", "federation",
        "non profit", "nonprofit", "no profit", "onlus", "ets", "aps", "terzo settore",
        "cluster", "rete di imprese", "network",
    )),
    ("company", (
        "impresa", "imprese", "pmi", "azienda", "aziende", "ditta", "societa", "company",
        "companies", "enterprise", "private company", "private for profit", "sme", "smes",
        "startup", "start up", "spin off", "spinoff", "grande impresa", "piccola impresa",
        "media impresa", "microimpresa", "micro impresa", "industria", "industry",
        "unternehmen", "firma", "entreprise", "empresa", "soc coop", "cooperativa", "se",
        "business", "private",
    )),
    ("other", ("other", "others", "altro", "altri", "altra", "sonstige", "autre", "otro")),
)  # fmt: skip


def parse_org_type(text: object) -> str | None:
    """Map free words to an organisation type (one of ``ORG_TYPES``).

    Understands type words in Italian, English, German, French and Spanish ("impresa", "PMI",
    "Università", "Ente pubblico", "Associazione" ...), legal forms ("S.p.A." -> company,
    "GmbH" -> company), typical names ("Comune di Trento" -> public_body, "Politecnico di
    Milano" -> university), CORDIS activityType codes (PRC, HES, REC, PUB, OTH) and the type
    values themselves ("research_org").

    Raises:
        ValueParseError: No known word is present; the message lists the accepted types.
    """
    if text is None:
        return None
    raw = normalise_text(str(text))
    if not raw:
        return None
    if raw.upper() in _CORDIS_ACTIVITY:
        return _CORDIS_ACTIVITY[raw.upper()]
    folded = fold_for_search(raw)
    if folded.replace(" ", "_") in ORG_TYPES:
        return folded.replace(" ", "_")
    words = " " + " ".join(name_words(folded)) + " "
    for org_type, phrases in _ORG_RULES:
        if any(f" {phrase} " in words for phrase in phrases):
            return org_type
    raise ValueParseError(
        msg(
            '"{value}" is not a known organisation type: expected a word such as impresa, '
            "università, centro di ricerca, centro tecnologico, ente pubblico, associazione, "
            "banca or altro",
            value=raw,
        )
    )


# --------------------------------------------------------------------------------------------
# VAT, codice fiscale


def _by_rule(rule: Callable[..., str | None], value: object, **options: Any) -> str | None:
    """*rule* (a workbench.rules check) on a cell; its RuleError becomes a ValueParseError."""
    try:
        return rule(value, **options)
    except RuleError as exc:
        raise ValueParseError(exc.message) from None


def parse_vat(value: object, country_default: str = "IT") -> str | None:
    """The one VAT rule (:func:`workbench.rules.vat.normalise_vat`) for a cell.

    Numbers that lost their leading zeros in Excel are padded back (``restore_lost_zeros``),
    as the organisation editor does.

    Raises:
        ValueParseError: Wrong check digit, wrong length or not a VAT number.
    """
    return _by_rule(normalise_vat, value, default_country=country_default, restore_lost_zeros=True)


def parse_fiscal_code(value: object) -> str | None:
    """The one codice fiscale rule (:func:`workbench.rules.vat.normalise_fiscal_code`) for a cell.

    Raises:
        ValueParseError: Wrong check character or not a codice fiscale.
    """
    return _by_rule(normalise_fiscal_code, value, restore_lost_zeros=True)


# --------------------------------------------------------------------------------------------
# Email, URL


def parse_email(value: object) -> str | None:
    """The one e-mail rule (:func:`workbench.rules.addresses.normalise_email`) for a cell.

    Raises:
        ValueParseError: Not an address, or several addresses in one cell.
    """
    return _by_rule(normalise_email, value)


def parse_url(value: object) -> str | None:
    """The one web-address rule (:func:`workbench.rules.addresses.normalise_url`) for a cell.

    Raises:
        ValueParseError: Spaces inside, an email address, a scheme other than http(s), or a
            host name that is not a domain.
    """
    return _by_rule(normalise_url, value)
