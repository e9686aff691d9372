"""Hypothesis strategies for the values users type into the editor or put in an import file.

Each strategy mixes well-formed values written the ways people write them (prefixes, spaces,
case, lost zeros, display names) with near misses and plain noise, so that both acceptance
and refusal are exercised.
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.provisional import domains, urls
from stdnum import luhn
from stdnum.it import codicefiscale

_NOISE = "IT0123456789 .-/abcXZ@:<>;,_+'àß\u00ad\u200b\u00a0\t"


def _italian_vat(company: int, office: int) -> str:
    body = f"{company:07d}{office:03d}"
    return body + luhn.calc_check_digit(body)


@st.composite
def _written_vat(draw: st.DrawFn) -> str | int:
    number = _italian_vat(draw(st.integers(0, 9_999_999)), draw(st.integers(1, 100)))
    if draw(st.booleans()):  # a wrong check digit
        number = number[:-1] + str((int(number[-1]) + draw(st.integers(1, 9))) % 10)
    style = draw(st.sampled_from(["plain", "prefix", "spaced", "dotted", "stripped", "int"]))
    if style == "int":
        return int(number)
    if style == "stripped":  # a spreadsheet dropped the leading zeros
        number = number.lstrip("0") or "0"
    prefix = draw(st.sampled_from(["", "IT", "it", "IT ", "DE"])) if style != "plain" else ""
    if style == "spaced":
        number = " ".join(number[i : i + 3] for i in range(0, len(number), 3))
    if style == "dotted":
        number = ".".join(number[i : i + 4] for i in range(0, len(number), 4))
    return prefix + number


#: VAT numbers as typed or as found in cells (text, or a number Excel made of it).
vat_values = st.one_of(
    _written_vat(),
    st.text(alphabet="IT0123456789 .", max_size=15),
    st.text(alphabet=_NOISE, max_size=16),
)


@st.composite
def _written_fiscal_code(draw: st.DrawFn) -> str | int:
    if draw(st.booleans()):
        return draw(_written_vat())  # a company's code is its VAT number
    letters = st.text(alphabet="ABCDEFGHILMNOPRSTUVZ", min_size=1, max_size=1)
    digit = st.text(alphabet="0123456789", min_size=1, max_size=1)
    parts = [draw(letters) for _ in range(6)] + [draw(digit) for _ in range(2)]
    parts += [draw(st.sampled_from("ABCDEHLMPRST"))] + [draw(digit) for _ in range(2)]
    parts += [draw(letters)] + [draw(digit) for _ in range(3)]
    code = "".join(parts)
    code += codicefiscale.calc_check_digit(code)
    if draw(st.booleans()):
        code = code[:-1] + draw(letters)  # maybe a wrong check character
    return draw(st.sampled_from([code, code.lower(), f" {code} ", code[:8] + " " + code[8:]]))


#: Codici fiscali of people and companies, well and badly written.
fiscal_code_values = st.one_of(_written_fiscal_code(), st.text(alphabet=_NOISE, max_size=18))


@st.composite
def _written_email(draw: st.DrawFn) -> str:
    local = draw(st.from_regex(r"[a-zA-Z0-9._%+-]{1,12}", fullmatch=True))
    address = f"{local}@{draw(domains())}"
    if draw(st.booleans()):
        address = draw(st.sampled_from(["..", "@", " ", ";a@b.it", "."])).join(
            (address[:3], address[3:])
        )
    written = [address, address.upper(), f"mailto:{address}", f"Anna Rossi <{address}>"]
    return draw(st.sampled_from(written))


#: E-mail addresses with display names, mailto: prefixes, typos and noise.
email_values = st.one_of(_written_email(), st.text(alphabet="ab.@-_ <>:;,mailto", max_size=20))


@st.composite
def _written_url(draw: st.DrawFn) -> str:
    url = draw(urls())
    style = draw(st.sampled_from(["as is", "no scheme", "upper", "ftp", "space", "email"]))
    if style == "no scheme":
        return url.split("://", 1)[1]
    if style == "upper":
        return url.upper()
    if style == "ftp":
        return "ftp://" + url.split("://", 1)[1]
    if style == "space":
        return url.replace(".", ". ", 1)
    if style == "email":
        return "info@" + url.split("://", 1)[1]
    return url


#: Web addresses with and without scheme, other schemes, spaces and noise.
url_values = st.one_of(_written_url(), st.text(alphabet="htps:/w.ab-@ ?#ftp", max_size=20))

#: Organisation names as typed or pasted: accents, legal forms, invisible characters.
name_values = st.one_of(
    st.builds(
        lambda words, form: " ".join(words) + form,
        st.lists(
            st.sampled_from(["Alfa", "Città", "Müller", "ENERGIA", "Ørsted", "Ener\u00adgia",
                             "Ver\u200bde", "Straße", "&", "C.", "A.B.C."]),
            min_size=1, max_size=4,
        ),
        st.sampled_from(["", " S.r.l.", " SRL", " S.p.A.", " Società Cooperativa", " GmbH & Co. KG",
                         " soc. coop. a r.l.", "\u00a0Srl", " Srl unipersonale"]),
    ),
    st.text(max_size=30),
)  # fmt: skip
