"""Value coercion: a mapped cell read into the value a record stores.

The word tables (project statuses, partner roles, activity types, country names in the
languages files come in), the text, postcode and year readers, :class:`CellReader` (one
reader per :class:`~workbench.importing.fields.ValueKind`), the length and scale check
against the target column, and the comparisons an update is planned with (case and spacing of
text do not count as a change).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from workbench.importing.errors import ValueParseError
from workbench.importing.fields import FieldSpec, ValueKind
from workbench.importing.parsing import (
    DateOrder,
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
from workbench.importing.plan.model import PlanOptions, PlanRow
from workbench.importing.readers import Cell
from workbench.models import ActivityType, Base, OrgType, ProjectRole, ProjectStatus, ScaledDecimal
from workbench.text import fold_for_search, normalise_text
from workbench.translatable import Message, msg

# Where a field lands, (model, attribute), for its length limit and decimal scale; each
# planner declares its own table next to it (members, projects, activities).
Targets = dict[str, tuple[type[Base], str]]

_COUNTRY_NAMES = {
    "italia": "IT", "italy": "IT", "italien": "IT", "italie": "IT",
    "germania": "DE", "germany": "DE", "deutschland": "DE", "allemagne": "DE", "alemania": "DE",
    "francia": "FR", "france": "FR", "frankreich": "FR",
    "spagna": "ES", "spain": "ES", "spanien": "ES", "espagne": "ES", "espana": "ES",
    "austria": "AT", "osterreich": "AT", "autriche": "AT",
    "svizzera": "CH", "switzerland": "CH", "schweiz": "CH", "suisse": "CH", "suiza": "CH",
    "belgio": "BE", "belgium": "BE", "belgien": "BE", "belgique": "BE", "belgica": "BE",
    "paesi bassi": "NL", "olanda": "NL", "netherlands": "NL", "niederlande": "NL",
    "pays bas": "NL", "paises bajos": "NL",
    "portogallo": "PT", "portugal": "PT", "grecia": "EL", "greece": "EL", "griechenland": "EL",
    "grece": "EL", "slovenia": "SI", "croazia": "HR", "croatia": "HR", "polonia": "PL",
    "poland": "PL", "polen": "PL", "regno unito": "UK", "united kingdom": "UK", "uk": "UK",
    "gran bretagna": "UK", "irlanda": "IE", "ireland": "IE", "danimarca": "DK", "denmark": "DK",
    "svezia": "SE", "sweden": "SE", "finlandia": "FI", "finland": "FI", "norvegia": "NO",
    "norway": "NO", "lussemburgo": "LU", "luxembourg": "LU", "repubblica ceca": "CZ",
    "czechia": "CZ", "czech republic": "CZ", "ungheria": "HU", "hungary": "HU",
    "romania": "RO", "bulgaria": "BG", "slovacchia": "SK", "slovakia": "SK", "estonia": "EE",
    "lettonia": "LV", "latvia": "LV", "lituania": "LT", "lithuania": "LT", "cipro": "CY",
    "cyprus": "CY", "malta": "MT", "turchia": "TR", "turkey": "TR", "israele": "IL",
    "israel": "IL", "stati uniti": "US", "united states": "US", "usa": "US",
}  # fmt: skip

_STATUS_WORDS: dict[str, ProjectStatus] = {
    **{w: ProjectStatus.IDEA for w in ("idea", "idee", "proposta idea", "concept")},
    **{w: ProjectStatus.SPECIAL for w in ("special", "special project", "progetto speciale",
                                          "speciale")},
    **{w: ProjectStatus.SUBMITTED for w in (
        "submitted", "presentato", "inviato", "candidato", "in valutazione", "under evaluation",
        "eingereicht", "soumis", "presentado", "proposal", "proposta")},
    **{w: ProjectStatus.FUNDED for w in (
        "funded", "finanziato", "approvato", "in corso", "attivo", "ongoing", "running",
        "signed", "active", "granted", "gefordert", "laufend", "finance", "en cours",
        "financiado", "en curso")},
    **{w: ProjectStatus.REJECTED for w in (
        "rejected", "respinto", "non finanziato", "bocciato", "not funded", "abgelehnt",
        "rejete", "rechazado")},
    **{w: ProjectStatus.CLOSED for w in (
        "closed", "chiuso", "concluso", "terminato", "completato", "completed", "finished",
        "terminated", "abgeschlossen", "beendet", "termine", "cloture", "cerrado",
        "finalizado")},
}  # fmt: skip

ROLE_WORDS: dict[str, ProjectRole] = {
    **{w: ProjectRole.COORDINATOR for w in (
        "coordinator", "coordinatore", "capofila", "lead", "lead partner", "leader",
        "lead beneficiary", "koordinator", "coordinateur", "coordinador", "coo", "coord")},
    **{w: ProjectRole.PARTNER for w in (
        "partner", "participant", "beneficiary", "beneficiario", "partecipante", "socio",
        "beneficiaire", "partenaire", "teilnehmer", "internationalpartner",
        "international partner", "ben", "pa")},
    **{w: ProjectRole.ASSOCIATED for w in (
        "associated", "associated partner", "associatedpartner", "associato",
        "partner associato", "assoziierter partner", "partenaire associe", "socio asociado")},
    **{w: ProjectRole.SUBCONTRACTOR for w in ("subcontractor", "subcontraente", "subappaltatore",
                                              "unterauftragnehmer", "sous traitant")},
    **{w: ProjectRole.THIRD_PARTY for w in ("third party", "thirdparty", "terza parte",
                                            "terzo", "linked third party")},
    **{w: ProjectRole.OBSERVER for w in ("observer", "osservatore", "beobachter", "observateur")},
}  # fmt: skip

_ACTIVITY_WORDS: dict[str, ActivityType] = {
    **{w: ActivityType.NETWORKING for w in ("networking", "incontro", "meeting", "aperitivo",
                                            "networking event")},
    **{w: ActivityType.MATCHMAKING for w in ("matchmaking", "match making", "brokerage",
                                             "brokerage event")},
    **{w: ActivityType.TRAINING for w in ("training", "formazione", "corso", "seminario",
                                          "webinar", "schulung", "formation", "formacion",
                                          "course", "seminar")},
    **{w: ActivityType.INTERNATIONALISATION for w in (
        "internationalisation", "internationalization", "internazionalizzazione", "missione",
        "missione estera", "trade mission", "fiera", "fair", "trade fair", "delegation")},
    **{w: ActivityType.INFO_DAY for w in ("info day", "infoday", "giornata informativa",
                                          "information day", "infotag")},
    **{w: ActivityType.B2B for w in ("b2b", "business to business", "incontri b2b",
                                     "b2b meetings")},
    **{w: ActivityType.CONFERENCE for w in ("conference", "conferenza", "convegno", "congresso",
                                            "forum", "konferenz", "congres", "congreso",
                                            "tagung", "symposium")},
    **{w: ActivityType.WORKSHOP for w in ("workshop", "laboratorio", "tavolo", "tavolo tecnico",
                                          "focus group", "atelier", "taller")},
    **{w: ActivityType.STRATEGY for w in ("strategy", "strategia", "assemblea", "board",
                                          "steering committee", "strategic workshop")},
    **{w: ActivityType.NEWSLETTER for w in ("newsletter", "mailing", "comunicazione")},
    **{w: ActivityType.OTHER for w in ("other", "altro", "sonstige", "autre", "otro")},
}  # fmt: skip


def _word(value: object) -> str:
    return " ".join(re.sub(r"[^\w]+|_", " ", fold_for_search(str(value))).split())


def parse_country(value: object) -> str | None:
    """A two-letter country code from a code or a country name in IT/EN/DE/FR/ES."""
    if value is None:
        return None
    text = normalise_text(str(value))
    if not text:
        return None
    if re.fullmatch(r"[A-Za-z]{2}", text):
        return text.upper()
    found = _COUNTRY_NAMES.get(_word(text))
    if found:
        return found
    raise ValueParseError(
        msg('"{value}" is not a country: expected a two-letter code such as IT', value=text)
    )


def lookup_word(words: dict[str, Any], value: object, what: str) -> Any:
    """The value of *words* that *value* names; *what* (a Message) names the kind of word."""
    if value is None:
        return None
    text = normalise_text(str(value))
    if not text:
        return None
    key = _word(text)
    if key in words:
        return words[key]
    spaced = " ".join(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text).split()).lower()
    if _word(spaced) in words:
        return words[_word(spaced)]
    known = sorted({str(v.value) for v in words.values()})
    raise ValueParseError(
        msg(
            '"{value}" is not a known {what}: expected one of {known}',
            value=text,
            what=what,
            known=", ".join(known),
        )
    )


def cell_text(value: object) -> str | None:
    """A cell as stored text: cleaned (workbench.text), whole floats as integers, None if empty."""
    if value is None:
        return None
    if type(value) is str and value.isascii() and "  " not in value and value.isprintable():
        return value.strip() or None  # the reader already trimmed it: the common case
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()
    text = normalise_text(str(value))
    return text or None


def _postcode(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 100_000:
        return f"{value:05d}"  # Excel drops the leading zero of 00184
    return cell_text(value)


def _year(value: object) -> int | None:
    year = parse_int(value)
    if year is not None and not 1900 <= year <= 2100:
        raise ValueParseError(msg('"{value}" is not a year: expected e.g. 2024', value=value))
    return year


@dataclass(frozen=True)
class MappedColumn:
    """A mapped column: where it is and how to read it."""

    index: int
    header: str
    spec: FieldSpec
    date_order: DateOrder | None = None


class CellReader:
    """Reads mapped cells of a table into values, collecting problems."""

    def __init__(self, options: PlanOptions) -> None:
        self.options = options

    def read(self, column: MappedColumn, value: Cell) -> Any:
        """The value of one cell of *column*; ValueParseError says why it has none."""
        return self.reader_for(column)(value)

    def reader_for(self, column: MappedColumn) -> Callable[[Cell], Any]:
        """The reader of *column*'s cells (chosen once per column, called once per value)."""
        kind = column.spec.value_kind
        comma = self.options.decimal_comma
        country = self.options.default_country
        readers: dict[ValueKind, Callable[[Cell], Any]] = {
            ValueKind.TEXT: cell_text,
            ValueKind.DATE: lambda value: parse_date(value, order=column.date_order),
            ValueKind.DECIMAL: lambda value: parse_decimal(value, decimal_comma=comma),
            ValueKind.INT: lambda value: parse_int(value, decimal_comma=comma),
            ValueKind.YEAR: _year,
            ValueKind.BOOL: parse_bool,
            ValueKind.VAT: lambda value: parse_vat(value, country),
            ValueKind.FISCAL_CODE: parse_fiscal_code,
            ValueKind.EMAIL: parse_email,
            ValueKind.URL: parse_url,
            ValueKind.ORG_TYPE: _org_type,
            ValueKind.COUNTRY: parse_country,
            ValueKind.POSTCODE: _postcode,
            ValueKind.PROJECT_STATUS: lambda v: lookup_word(
                _STATUS_WORDS, v, msg("project status")
            ),
            ValueKind.PROJECT_ROLE: lambda v: lookup_word(ROLE_WORDS, v, msg("role")),
            ValueKind.ACTIVITY_TYPE: lambda v: lookup_word(
                _ACTIVITY_WORDS, v, msg("activity type")
            ),
            ValueKind.PAID: self._paid,
        }
        return readers[kind]

    def _paid(self, value: Cell) -> bool | Decimal | None:
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str):
            try:
                flag = parse_bool(value)
            except ValueParseError:
                flag = None
            if flag is not None and value.strip() not in ("0", "1"):
                return flag
        try:
            return parse_decimal(value, decimal_comma=self.options.decimal_comma)
        except ValueParseError:
            raise ValueParseError(
                msg(
                    '"{value}" is neither an amount nor yes/no: expected e.g. 600 or sì',
                    value=value,
                )
            ) from None


def _org_type(value: Cell) -> OrgType | None:
    found = parse_org_type(value)
    return OrgType(found) if found else None


@dataclass(frozen=True)
class ColumnLimit:
    """What the target column of a field allows: a text length, a decimal scale."""

    length: int | None = None
    quantum: Decimal | None = None

    @classmethod
    def of(cls, key: str, targets: Targets) -> ColumnLimit:
        """The limit of the column *key* lands in (none when it has no target)."""
        target = targets.get(key)
        if target is None:
            return cls()
        model, attribute = target
        column = model.__table__.columns[attribute]  # type: ignore[attr-defined]
        quantum = column.type._quantum if isinstance(column.type, ScaledDecimal) else None
        return cls(getattr(column.type, "length", None), quantum)

    def apply(self, value: Any) -> Any:
        """*value* checked against the length and rounded to the scale (ValueParseError)."""
        if isinstance(value, str) and self.length and len(value) > self.length:
            raise ValueParseError(
                msg(
                    "the text is too long ({length} characters; at most {limit} fit)",
                    length=len(value),
                    limit=self.length,
                )
            )
        if isinstance(value, Decimal) and self.quantum is not None:
            return value.quantize(self.quantum, rounding=ROUND_HALF_UP)
        return value


def row_label(row: PlanRow) -> Message:
    """The label ("row 12") of a row that names no record."""
    return msg("row {row}", row=row.row_number)


def folded(text: str | None) -> str:
    """*text* folded for comparison (case, accents, spacing); "" for None or empty."""
    return fold_for_search(text) if text else ""


def same_value(old: Any, new: Any) -> bool:
    """Equal for the purposes of an update: case and spacing of text do not count."""
    if old is None or new is None:
        return old is new
    if isinstance(old, str) and isinstance(new, str):
        return fold_for_search(old) == fold_for_search(new)
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        try:
            return Decimal(old) == Decimal(new)
        except (ArithmeticError, TypeError, ValueError):
            return False
    return bool(old == new)


def changed_values(
    existing: dict[str, Any], wanted: dict[str, Any], clear: frozenset[str] = frozenset()
) -> tuple[dict, dict]:
    """(new values, old values) of the attributes in *wanted* that differ from *existing*.

    None in *wanted* leaves the stored value alone, except for the keys in *clear*.
    """
    new: dict[str, Any] = {}
    old: dict[str, Any] = {}
    for key, value in wanted.items():
        if value is None and key not in clear:
            continue  # an empty cell never clears a stored value
        current = existing.get(key)
        if not same_value(current, value):
            new[key] = value
            old[key] = current
    return new, old
