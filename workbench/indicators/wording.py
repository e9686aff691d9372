"""The indicator engine's words: counts of organisation types, kinds, names, amounts.

The engine's texts are catalogue messages (:func:`workbench.translatable.msg`/``nmsg``) so a
report shows them in its language; this module holds the pieces several computations share.
Numbers go into messages as numbers (:func:`number`, :class:`Eur`), so a translation writes
them the reader's way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from workbench.indicators.formatting import fmt_eur, fmt_number
from workbench.models import OrgType
from workbench.translatable import Message, join, msg, nmsg

_LISTED = 8  # names listed in an input line before "..."

_TYPE_COUNTS: dict[OrgType, Callable[[int], Message]] = {
    OrgType.COMPANY: lambda n: nmsg("{n} company", "{n} companies", n),
    OrgType.UNIVERSITY: lambda n: nmsg("{n} university", "{n} universities", n),
    OrgType.RESEARCH_ORG: lambda n: nmsg(
        "{n} research organisation", "{n} research organisations", n
    ),
    OrgType.TECHNOLOGY_CENTRE: lambda n: nmsg("{n} technology centre", "{n} technology centres", n),
    OrgType.PUBLIC_BODY: lambda n: nmsg("{n} public body", "{n} public bodies", n),
    OrgType.ASSOCIATION: lambda n: nmsg("{n} association", "{n} associations", n),
    OrgType.FINANCIAL_INSTITUTION: lambda n: nmsg(
        "{n} financial institution", "{n} financial institutions", n
    ),
    OrgType.OTHER: lambda n: nmsg("{n} other organisation", "{n} other organisations", n),
}

#: The words of the kinds the inputs count by (channels, activity types, income categories,
#: SME classes): their stored values, marked here for the catalogue.
_KIND_WORDS = {
    "meeting": msg("meeting"),
    "visit": msg("visit"),
    "call": msg("call"),
    "email": msg("email"),
    "event": msg("event"),
    "other": msg("other"),
    "networking": msg("networking"),
    "matchmaking": msg("matchmaking"),
    "training": msg("training"),
    "internationalisation": msg("internationalisation"),
    "info day": msg("info day"),
    "b2b": msg("b2b"),
    "conference": msg("conference"),
    "workshop": msg("workshop"),
    "strategy": msg("strategy"),
    "newsletter": msg("newsletter"),
    "membership fees": msg("membership fees"),
    "paid services": msg("paid services"),
    "sponsorship": msg("sponsorship"),
    "other private": msg("other private"),
    "regional grant": msg("regional grant"),
    "national grant": msg("national grant"),
    "eu grant": msg("eu grant"),
    "other public": msg("other public"),
    "micro": msg("micro"),
    "small": msg("small"),
    "medium": msg("medium"),
    "large": msg("large"),
    "local": msg("local"),
    "regional": msg("regional"),
    "national": msg("national"),
    "international": msg("international"),
    "award": msg("award"),
    "mou": msg("MoU"),
    "network membership": msg("network membership"),
    "network": msg("network"),
}


def kind_word(value: str) -> str:
    """The stored kind *value* as a translatable word (itself when the catalogue lacks it)."""
    return _KIND_WORDS.get(value) or Message(value)


def counts(counter: Counter[str]) -> Message:
    """Each kind's count, most frequent first ("4 visit, 3 event")."""
    return join(", ", (msg("{n} {kind}", n=n, kind=kind_word(k)) for k, n in counter.most_common()))


def number(value: int | Decimal, decimals: int = 1) -> Decimal:
    """*value* rounded as :func:`fmt_number` shows it, as a number (messages localise it)."""
    return Decimal(fmt_number(value, decimals))


class Eur(Decimal):
    """An amount a message shows compactly ("65.9 k EUR"), localised like any number."""

    def __format__(self, spec: str, *args: Any) -> str:
        return fmt_eur(Decimal(self))

    def __str__(self) -> str:
        return fmt_eur(Decimal(self))


def type_count(org_type: OrgType, count: int) -> Message:
    """Return a count of organisations of a type: "3 universities", "1 company"."""
    return _TYPE_COUNTS[org_type](count)


def listing(names: list[str]) -> Message:
    shown = ", ".join(names[:_LISTED])
    if len(names) <= _LISTED:
        return Message(shown)
    return msg("{names} and {n} more", names=shown, n=len(names) - _LISTED)
