"""Value parsers: table-driven examples for every documented case, plus hypothesis round trips."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from workbench.importing.errors import ImportFileError, ValueParseError, ValueProblem
from workbench.importing.parsing import (
    ORG_TYPES,
    DateOrder,
    detect_date_order,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_email,
    parse_fiscal_code,
    parse_int,
    parse_org_type,
    parse_url,
    parse_vat,
)
from workbench.rules.names import name_key
from workbench.text import fold_for_search, normalise_text


def italian_vat(company: str, office: str = "001") -> str:
    """A valid Italian VAT number: 7-digit company number, office code, Luhn check digit."""
    body = company.zfill(7) + office
    return body + luhn.calc_check_digit(body)


VAT = italian_vat("0123456")  # 01234560017
VAT_LEADING_ZEROS = italian_vat("0048841", "001")


# --------------------------------------------------------------------------------------------
# errors


def test_import_file_error_message() -> None:
    error = ImportFileError(
        "VAT checksum is wrong",
        file="members.xlsx",
        sheet="Soci",
        row=12,
        column="P.IVA",
        hint="Check the number or leave the cell empty",
    )
    assert str(error) == (
        'members.xlsx, sheet "Soci", row 12, column "P.IVA": VAT checksum is wrong. '
        "Check the number or leave the cell empty."
    )
    assert (error.file, error.sheet, error.row, error.column) == (
        "members.xlsx",
        "Soci",
        12,
        "P.IVA",
    )
    assert str(ImportFileError("the file is empty", file="a.csv")) == "a.csv: the file is empty."
    assert str(ImportFileError("bad", row=3)) == "row 3: bad."
    assert str(ImportFileError("nothing to say.")) == "nothing to say."
    assert ValueProblem("Quota", "x").column == "Quota"
    assert issubclass(ValueParseError, ValueError)


# --------------------------------------------------------------------------------------------
# dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        (date(2021, 3, 4), date(2021, 3, 4)),
        (datetime(2021, 3, 4, 10, 30), date(2021, 3, 4)),
        (44927, date(2023, 1, 1)),
        (44927.75, date(2023, 1, 1)),
        (Decimal("44927"), date(2023, 1, 1)),
        ("2024-12-31", date(2024, 12, 31)),
        ("2024/12/31", date(2024, 12, 31)),
        ("2024-12-31 10:20:30", date(2024, 12, 31)),
        ("2024-12-31T10:20:30+01:00", date(2024, 12, 31)),
        ("20241231", date(2024, 12, 31)),
        ("31/12/2024", date(2024, 12, 31)),
        ("31.12.2024", date(2024, 12, 31)),
        ("31-12-2024", date(2024, 12, 31)),
        ("31/12/24", date(2024, 12, 31)),
        ("1/2/69", None),  # ambiguous without an order: see the next test
        ("13/1/69", date(2069, 1, 13)),
        ("13/1/70", date(1970, 1, 13)),
        ("13/1/99", date(1999, 1, 13)),
        ("13/1/00", date(2000, 1, 13)),
        ("05/05/2021", date(2021, 5, 5)),  # same either way
        ("12/31/2024", date(2024, 12, 31)),  # only month/day fits
        ("31/12/2024 18:00", date(2024, 12, 31)),
        ("3 marzo 2021", date(2021, 3, 3)),
        ("3 Mar 2021", date(2021, 3, 3)),
        ("lunedì 1° marzo 2021", date(2021, 3, 1)),
        ("March 3, 2021", date(2021, 3, 3)),
        ("3rd March 2021", date(2021, 3, 3)),
        ("Wednesday, March 3, 2021", date(2021, 3, 3)),
        ("03-Mar-21", date(2021, 3, 3)),
        ("1 de marzo de 2021", date(2021, 3, 1)),
        ("3. März 2021", date(2021, 3, 3)),
        ("1er août 2021", date(2021, 8, 1)),
        ("25 dicembre 2020", date(2020, 12, 25)),
        ("7 settembre 2020", date(2020, 9, 7)),
    ],
)
def test_parse_date(value: object, expected: date | None) -> None:
    if value == "1/2/69":
        with pytest.raises(ValueParseError):
            parse_date(value)
        assert parse_date(value, order=DateOrder.DMY) == date(2069, 2, 1)
        return
    assert parse_date(value) == expected


def test_parse_date_ambiguous_needs_an_order() -> None:
    with pytest.raises(ValueParseError, match="could be 4 March or 3 April"):
        parse_date("04/03/2021")
    assert parse_date("04/03/2021", order=DateOrder.DMY) == date(2021, 3, 4)
    assert parse_date("04/03/2021", order=DateOrder.MDY) == date(2021, 4, 3)
    # with an order the order is followed strictly
    with pytest.raises(ValueParseError, match="not a real calendar date"):
        parse_date("12/31/2024", order=DateOrder.DMY)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2021", "not a real calendar date"),
        ("2021-13-01", "not a real calendar date"),
        ("domani", "is not a date"),
        ("Mar 2021", "is not a date"),
        ("31/12.2024", "is not a date"),
        ("44927", "is not a date"),
        (2021, "looks like a year"),
        (12, "is not a date"),
        (99999999, "is not a date"),
        (float("nan"), "is not a date"),
        (True, "is not a date"),
    ],
)
def test_parse_date_rejects(value: object, message: str) -> None:
    with pytest.raises(ValueParseError, match=message):
        parse_date(value)


def test_detect_date_order() -> None:
    ambiguous = detect_date_order(["01/02/2021", "03/04/2021", None, "", "05/05/2021"])
    assert ambiguous.order is None and ambiguous.ambiguous and not ambiguous.inconsistent
    assert ambiguous.message and "choose" in ambiguous.message
    dmy = detect_date_order(["01/02/2021", "25/12/2021", date(2021, 1, 1)])
    assert dmy.order is DateOrder.DMY and not dmy.ambiguous
    mdy = detect_date_order(["01/02/2021", "12/25/2021"])
    assert mdy.order is DateOrder.MDY and not mdy.ambiguous
    mixed = detect_date_order(["25/12/2021", "12/25/2021"])
    assert mixed.order is None and mixed.inconsistent and not mixed.ambiguous
    assert mixed.message and "25/12/2021" in mixed.message
    plain = detect_date_order(["2021-01-02", datetime(2021, 1, 1), "05/05/2021", "abc"])
    assert plain.order is None and not plain.ambiguous and not plain.inconsistent


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)))
def test_date_round_trip(day: date) -> None:
    assert parse_date(day.strftime("%d/%m/%Y"), order=DateOrder.DMY) == day
    assert parse_date(day.strftime("%d.%m.%Y"), order=DateOrder.DMY) == day
    assert parse_date(day.strftime("%m/%d/%Y"), order=DateOrder.MDY) == day
    assert parse_date(day.isoformat()) == day
    serial = (day - date(1899, 12, 30)).days
    assert parse_date(serial) == day


@given(st.lists(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)), min_size=1))
def test_detect_date_order_never_contradicts_the_data(days: list[date]) -> None:
    verdict = detect_date_order([d.strftime("%d/%m/%Y") for d in days])
    assert verdict.order in (DateOrder.DMY, None)
    assert not verdict.inconsistent
    if any(d.day > 12 for d in days):
        assert verdict.order is DateOrder.DMY
    elif any(d.day != d.month for d in days):
        assert verdict.ambiguous


# --------------------------------------------------------------------------------------------
# numbers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        (12, Decimal(12)),
        (0.1, Decimal("0.1")),
        (1234.5, Decimal("1234.5")),
        (3.0, Decimal(3)),
        (Decimal("1.50"), Decimal("1.50")),
        ("1.234,56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),
        ("1.234.567", Decimal("1234567")),
        ("1,234,567", Decimal("1234567")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("1234,5", Decimal("1234.5")),
        ("1234.5", Decimal("1234.5")),
        ("€ 1.234,56", Decimal("1234.56")),
        ("€1.234,56", Decimal("1234.56")),
        ("1.234,56 €", Decimal("1234.56")),
        ("EUR 1234", Decimal("1234")),
        ("1234 euro", Decimal("1234")),
        ("2,5 M€", Decimal("2500000")),
        ("2.5M", Decimal("2500000")),
        ("1,2 mln", Decimal("1200000")),
        ("1,2 Mio.", Decimal("1200000")),
        ("3 k€", Decimal("3000")),
        ("1,5 mld", Decimal("1500000000")),
        ("12%", Decimal("12")),
        ("12,5 %", Decimal("12.5")),
        ("-5", Decimal("-5")),
        ("\u22125", Decimal("-5")),
        ("+5", Decimal("5")),
        ("5-", Decimal("-5")),
        ("(5)", Decimal("-5")),
        ("(€ 1.000)", Decimal("-1000")),
        ("- € 1.000,00", Decimal("-1000.00")),
        ("1 234,56", Decimal("1234.56")),
        ("1\u00a0234,56", Decimal("1234.56")),
        ("1'234.56", Decimal("1234.56")),
        ("0,5", Decimal("0.5")),
        (",5", Decimal("0.5")),
        ("0,123", Decimal("0.123")),  # a leading 0 cannot start a thousands group
        ("0.123", Decimal("0.123")),
        ("1234,567", Decimal("1234.567")),  # four digits before: not a thousands group
        # the documented Italian default for a lone separator with three digits after it
        ("1,234", Decimal("1.234")),
        ("1.234", Decimal("1234")),
    ],
)
def test_parse_decimal(value: object, expected: Decimal | None) -> None:
    assert parse_decimal(value) == expected


def test_parse_decimal_locale_hint() -> None:
    assert parse_decimal("1,234", decimal_comma=False) == Decimal("1234")
    assert parse_decimal("1.234", decimal_comma=False) == Decimal("1.234")
    with pytest.raises(ValueParseError, match="ambiguous"):
        parse_decimal("1,234", decimal_comma=None)
    with pytest.raises(ValueParseError, match="ambiguous"):
        parse_decimal("1.234", decimal_comma=None)
    # one reading only: the hint does not matter
    for hint in (True, False, None):
        assert parse_decimal("1.234,5", decimal_comma=hint) == Decimal("1234.5")
        assert parse_decimal("1,5", decimal_comma=hint) == Decimal("1.5")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "is not a number"),
        ("12 mele", "is not a number"),
        ("1e5", "is not a number"),
        ("3 5", "is not a number"),
        ("1,23,4", "misplaced separators"),
        ("1.2.3,4", "misplaced separators"),
        ("1,234.567,8", "misplaced separators"),
        ("$ 100", "not in euro"),
        ("100 USD", "not in euro"),
        ("£5", "not in euro"),
        (True, "is not a number"),
        (float("inf"), "is not a number"),
        (Decimal("NaN"), "is not a number"),
    ],
)
def test_parse_decimal_rejects(value: object, message: str) -> None:
    with pytest.raises(ValueParseError, match=message):
        parse_decimal(value)


def _italian(number: Decimal) -> str:
    """Format like Italian Excel: dot for thousands, comma for decimals."""
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return sign + groups + ("," + fraction if fraction else "")


decimals = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False
)


@given(decimals)
def test_decimal_round_trip_italian(number: Decimal) -> None:
    text = _italian(number)
    assert parse_decimal(text) == number
    assert parse_decimal(f"€ {text}") == number
    assert parse_decimal(f"{text} €") == number
    assert parse_decimal(f"EUR {text}") == number


@given(decimals)
def test_decimal_round_trip_english(number: Decimal) -> None:
    text = f"{number:,f}"
    if "." not in text and text.count(",") == 1:
        return  # "1,234" is exactly the case the locale hint decides; covered above
    assert parse_decimal(text, decimal_comma=False) == number


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_floats_are_parsed_without_binary_noise(number: float) -> None:
    assert parse_decimal(number) == Decimal(repr(number))


def test_parse_int() -> None:
    assert parse_int("1.234") == 1234
    assert parse_int(12.0) == 12
    assert parse_int("12,0") == 12
    assert parse_int(None) is None
    with pytest.raises(ValueParseError, match="whole number"):
        parse_int("12,5")


# --------------------------------------------------------------------------------------------
# yes / no


@pytest.mark.parametrize(
    "value",
    ["sì", "Si", "SI", "yes", "Y", "true", "TRUE", "vero", "ja", "oui", "sí", "x", "X", "1", 1, 1.0,
     True, "✓"],
)  # fmt: skip
def test_parse_bool_true(value: object) -> None:
    assert parse_bool(value) is True


@pytest.mark.parametrize(
    "value",
    ["no", "No", "n", "false", "falso", "nein", "non", "0", 0, 0.0, False, "faux", "falsch"],
)
def test_parse_bool_false(value: object) -> None:
    assert parse_bool(value) is False


def test_parse_bool_rejects_and_empty() -> None:
    assert parse_bool(None) is None and parse_bool(" ") is None
    for value in ("-", "?", "forse", "2", 2):
        with pytest.raises(ValueParseError, match="not yes or no"):
            parse_bool(value)


# --------------------------------------------------------------------------------------------
# organisation types


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("S.p.A.", "company"),
        ("SpA", "company"),
        ("Srl", "company"),
        ("S.r.l.", "company"),
        ("impresa", "company"),
        ("Piccola impresa", "company"),
        ("PMI", "company"),
        ("azienda", "company"),
        ("GmbH", "company"),
        ("Alfa Ricerca S.r.l.", "company"),
        ("Startup innovativa", "company"),
        ("Università", "university"),
        ("Università degli Studi di Padova", "university"),
        ("Politecnico di Milano", "university"),
        ("University", "university"),
        ("Universität Stuttgart", "university"),
        ("CNR", "research_org"),
        ("ENEA", "research_org"),
        ("Istituto di ricerca", "research_org"),
        ("Research centre", "research_org"),
        ("Ente di ricerca", "research_org"),
        ("Centro tecnologico", "technology_centre"),
        ("Technology Centre", "technology_centre"),
        ("Fraunhofer", "technology_centre"),
        ("Fraunhofer-Institut für Windenergiesysteme", "technology_centre"),
        ("Comune di Trento", "public_body"),
        ("Regione Emilia-Romagna", "public_body"),
        ("Provincia autonoma di Bolzano", "public_body"),
        ("Camera di Commercio di Bologna", "public_body"),
        ("Municipality", "public_body"),
        ("Public body", "public_body"),
        ("Ente pubblico", "public_body"),
        ("Associazione", "association"),
        ("Confindustria Emilia", "association"),
        ("Consorzio", "association"),
        ("Fondazione", "association"),
        ("Association", "association"),
        ("Non-profit", "association"),
        ("Banca", "financial_institution"),
        ("Banca Alfa S.p.A.", "financial_institution"),
        ("Bank", "financial_institution"),
        ("Credito cooperativo", "financial_institution"),
        ("Fondo di investimento", "financial_institution"),
        ("PRC", "company"),
        ("HES", "university"),
        ("REC", "research_org"),
        ("PUB", "public_body"),
        ("OTH", "other"),
        ("oth", "other"),
        ("Altro", "other"),
        ("research_org", "research_org"),
        ("technology centre", "technology_centre"),
        (None, None),
        ("", None),
    ],
)
def test_parse_org_type(text: str | None, expected: str | None) -> None:
    result = parse_org_type(text)
    assert result == expected
    assert result is None or result in ORG_TYPES


@pytest.mark.parametrize("text", ["xyz", "Mario Rossi", "42", "Ente"])
def test_parse_org_type_rejects_unknown(text: str) -> None:
    with pytest.raises(ValueParseError, match="not a known organisation type"):
        parse_org_type(text)


# --------------------------------------------------------------------------------------------
# VAT and codice fiscale


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (VAT, "IT" + VAT),
        ("IT" + VAT, "IT" + VAT),
        ("it" + VAT, "IT" + VAT),
        (f"IT {VAT[:3]} {VAT[3:6]} {VAT[6:9]} {VAT[9:]}", "IT" + VAT),
        (f"{VAT[:3]}.{VAT[3:6]}.{VAT[6:]}", "IT" + VAT),
        (int(VAT), "IT" + VAT),  # Excel dropped the leading zero
        (float(int(VAT)), "IT" + VAT),
        (VAT.lstrip("0"), "IT" + VAT),  # ... and the CSV kept it dropped
        (int(VAT_LEADING_ZEROS), "IT" + VAT_LEADING_ZEROS),
        ("DE136695976", "DE136695976"),
        ("FR40303265045", "FR40303265045"),
        (None, None),
        ("  ", None),
    ],
)
def test_parse_vat(value: object, expected: str | None) -> None:
    assert parse_vat(value) == expected


def test_parse_vat_errors() -> None:
    wrong = VAT[:-1] + str((int(VAT[-1]) + 1) % 10)
    with pytest.raises(ValueParseError) as info:
        parse_vat(wrong)
    assert str(info.value) == (
        f"VAT number IT{wrong} has a wrong check digit: check it against the company's "
        "invoices, or leave it empty"
    )
    with pytest.raises(ValueParseError, match="wrong check digit"):
        parse_vat("DE136695977")
    for bad in ("12345", "abc", "IT0123456001", "XX123", True, "IT00000000000"):
        with pytest.raises(ValueParseError, match="not a valid VAT number"):
            parse_vat(bad)


@given(st.integers(min_value=1, max_value=9_999_999), st.integers(min_value=1, max_value=100))
def test_parse_vat_accepts_every_valid_italian_number(company: int, office: int) -> None:
    number = italian_vat(str(company), f"{office:03d}")
    assert parse_vat(number) == "IT" + number
    assert parse_vat(int(number)) == "IT" + number
    wrong = number[:-1] + str((int(number[-1]) + 3) % 10)
    with pytest.raises(ValueParseError, match="wrong check digit"):
        parse_vat(wrong)


def test_parse_fiscal_code() -> None:
    assert parse_fiscal_code("RSSMRA85T10A562S") == "RSSMRA85T10A562S"
    assert parse_fiscal_code(" rssmra85t10a562s ") == "RSSMRA85T10A562S"
    assert parse_fiscal_code(VAT) == VAT  # companies use the 11-digit number
    assert parse_fiscal_code(int(VAT)) == VAT
    assert parse_fiscal_code(None) is None
    with pytest.raises(ValueParseError, match="wrong check character"):
        parse_fiscal_code("RSSMRA85T10A562X")
    with pytest.raises(ValueParseError, match="not a valid codice fiscale"):
        parse_fiscal_code("RSSMRA85")


# --------------------------------------------------------------------------------------------
# email and URL


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("info@alfa.it", "info@alfa.it"),
        ("  Info@Alfa.IT ", "Info@alfa.it"),
        ("mario.rossi+soci@università.it", "mario.rossi+soci@università.it"),
        ("Mario Rossi <mario@alfa.it>", "mario@alfa.it"),
        ("mailto:mario@alfa.it", "mario@alfa.it"),
        (None, None),
        ("", None),
    ],
)
def test_parse_email(value: str | None, expected: str | None) -> None:
    assert parse_email(value) == expected


@pytest.mark.parametrize(
    "value", ["mario", "mario@alfa", "@alfa.it", "mario@@alfa.it", "mario@alfa..it",
              "a@b.it; c@d.it", "a@b.it c@d.it", ".mario@alfa.it"],
)  # fmt: skip
def test_parse_email_rejects(value: str) -> None:
    with pytest.raises(ValueParseError):
        parse_email(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("www.alfa.it", "https://www.alfa.it"),
        ("alfa.it/chi-siamo", "https://alfa.it/chi-siamo"),
        ("http://WWW.Alfa.it/Path?q=1", "http://www.alfa.it/Path?q=1"),
        ("https://alfa.it", "https://alfa.it"),
        (None, None),
    ],
)
def test_parse_url(value: str | None, expected: str | None) -> None:
    assert parse_url(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("www.alfa .it", "contains spaces"),
        ("info@alfa.it", "email address"),
        ("ftp://alfa.it", "http"),
        ("alfa", "not a web address"),
        ("https://", "not a web address"),
        ("http://alfa.it:99999", "not a web address"),
    ],
)
def test_parse_url_rejects(value: str, message: str) -> None:
    with pytest.raises(ValueParseError, match=message):
        parse_url(value)


# --------------------------------------------------------------------------------------------
# text and names


def test_normalise_text() -> None:
    assert normalise_text("  Città\u00a0 di\n Castello\u200b ") == "Città di Castello"
    assert normalise_text("Citta\u0300") == "Città"  # NFC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Müller", "muller"),
        ("Città", "citta"),
        ("Straße", "strasse"),
        ("  ÉCOLE   Polytechnique ", "ecole polytechnique"),
        ("Ørsted", "orsted"),
        ("Łódź", "lodz"),
        ("ﬁne", "fine"),
    ],
)
def test_fold_for_search(text: str, expected: str) -> None:
    assert fold_for_search(text) == expected


@given(st.text())
def test_fold_for_search_is_idempotent(text: str) -> None:
    once = fold_for_search(text)
    assert fold_for_search(once) == once


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Alfa S.p.A.", "alfa"),
        ("ALFA SPA", "alfa"),
        ("Alfa S.p.a", "alfa"),
        ("Alfa s.r.l.", "alfa"),
        ("Alfa Srl", "alfa"),
        ("Alfa S.r.l.s.", "alfa"),
        ("Alfa S.a.s. ", "alfa"),
        ("Alfa & C. S.n.c.", "alfa c"),
        ("Alfa Soc. Coop.", "alfa"),
        ("Alfa Società Cooperativa", "alfa"),
        ("Alfa Soc. Coop. a r.l.", "alfa"),
        ("Alfa S.r.l. unipersonale", "alfa"),
        ("Alfa S.r.l. in liquidazione", "alfa"),
        ("Müller GmbH", "muller"),
        ("Müller GmbH & Co. KG", "muller"),
        ("Siemens AG", "siemens"),
        ("Acme Ltd.", "acme"),
        ("Acme Limited", "acme"),
        ("Acme, Inc.", "acme"),
        ("Acme LLC", "acme"),
        ("Iberdrola S.A.", "iberdrola"),
        ("Talgo SL", "talgo"),
        ("Philips B.V.", "philips"),
        ("Wärtsilä Oy", "wartsila"),
        ("Volvo AB", "volvo"),
        ("Airbus SE", "airbus"),
        ("Dassault S.A.S.", "dassault"),
        ("Consorzio Alfa", "consorzio alfa"),  # leading words distinguish entities
        ("Fondazione Bruno Kessler", "fondazione bruno kessler"),
        ("Città dell'Energia S.r.l.", "citta dell energia"),
        ("A.B.C. Consulting", "abc consulting"),
        ("SpA", "spa"),  # a name that is only a legal form keeps it
    ],
)
def test_name_key(name: str, expected: str) -> None:
    assert name_key(name) == expected


def test_name_key_matches_spelling_variants() -> None:
    variants = ["ALFA ENERGIA S.P.A.", "Alfa Energia SpA", "alfa energia s.p.a", "Alfa  Energia"]
    assert {name_key(v) for v in variants} == {"alfa energia"}


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_fold_fast_paths_agree_with_the_general_fold(text: str) -> None:
    from workbench import text as core_text

    # The importer has no fold of its own any more: it calls the one in workbench.text.
    assert core_text.fold_for_search(text) == core_text._fold_unicode(text)
