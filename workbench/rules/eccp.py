"""The one rule that puts every member into exactly one ECCP composition category.

The ECCP cluster-organisation profile counts members as SME members, larger companies,
research organisations / universities / technology centres and other ecosystem actors. Every
count of those groups (the ECCP figures, indicator 1.1.1, the assessment's composition tables)
calls :func:`eccp_category`, so the groups always add up to the member total:

* A **company** is an SME member or a larger company by its EU SME class (two-year rule,
  manual override included); a company without any size data has no class and is
  ``NOT_CLASSED`` - counted and listed apart, never dropped.
* **Universities, research organisations and technology centres** are research.
* **Banks and other financial institutions are other ecosystem actors**, never companies,
  whatever their SME class: ECCP profiles list them apart from companies (LE2C's profile:
  108 companies, 8 universities/research centres, 15 associations, 5 public bodies, 4 banks).
  They remain enterprises for the EU SME definition (their size class can be kept), but no
  company count includes them.
* Public bodies, associations and other organisations are other ecosystem actors.
"""

from __future__ import annotations

import enum
import re

from workbench.rules.errors import RuleError
from workbench.sme import SmeClass
from workbench.text import normalise_text
from workbench.translatable import msg

__all__ = [
    "EUROPEAN_COUNTRIES",
    "EccpCategory",
    "counts_as_company",
    "country_code",
    "eccp_category",
    "is_european",
]


class EccpCategory(enum.StrEnum):
    """ECCP composition group of a member (plus the explicit "not classed" line)."""

    SME = "sme"
    LARGER_COMPANY = "larger_company"
    RESEARCH = "research"
    OTHER_ACTOR = "other_actor"
    NOT_CLASSED = "not_classed"


#: Organisation types (``OrgType`` values) ECCP counts as research organisations.
RESEARCH_TYPES = frozenset({"university", "research_org", "technology_centre"})
#: The one organisation type ECCP counts as a company (banks are not among them).
COMPANY_TYPE = "company"


def counts_as_company(org_type: str) -> bool:
    """True when ECCP (and every company count of the program) counts *org_type* as a company.

    Only ``company``: financial institutions are other ecosystem actors (see the module).
    """
    return str(org_type) == COMPANY_TYPE


def eccp_category(org_type: str, sme_class: SmeClass | None) -> EccpCategory:
    """The ECCP group of a member of type *org_type* (an ``OrgType`` value).

    Args:
        org_type: the organisation type.
        sme_class: the company's SME class on the counting day (None: no size data); ignored
            for every type but ``company``.
    """
    kind = str(org_type)
    if counts_as_company(kind):
        if sme_class is None:
            return EccpCategory.NOT_CLASSED
        return EccpCategory.LARGER_COMPANY if sme_class == SmeClass.LARGE else EccpCategory.SME
    if kind in RESEARCH_TYPES:
        return EccpCategory.RESEARCH
    return EccpCategory.OTHER_ACTOR


#: Countries ECCP's "trans-national" (European) cooperation covers: the EU, the EEA and EFTA,
#: the United Kingdom and the candidate and potential candidate countries; every other
#: country is "international". (ISO 3166-1 alpha-2; Greece as GR, not EL.)
EUROPEAN_COUNTRIES = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
    "IS LI NO CH GB AL BA GE MD ME MK RS TR UA XK AD MC SM VA".split()
)


def country_code(value: object) -> str | None:
    """A two-letter country code in capitals (blank -> None).

    Raises:
        RuleError: anything but two letters ("Germany", "DEU").
    """
    text = "" if value is None else normalise_text(str(value))
    if not text:
        return None
    if not re.fullmatch(r"[A-Za-z]{2}", text):
        raise RuleError(
            msg('"{value}" is not a country code: expected two letters such as DE', value=text)
        )
    return text.upper()


def is_european(country: str) -> bool:
    """True when *country* (a two-letter code) is a European, i.e. trans-national, target."""
    return country.upper() in EUROPEAN_COUNTRIES
