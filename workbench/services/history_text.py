"""Readable history: what a change belongs to, its field by label, values as the interface shows.

The change history (:mod:`workbench.services.audit`) stores table names, record ids, column
names and JSON values. People read "Fee 2025 of Alfa S.r.l. · Amount paid · 600,00 €", not
"fee 651 · amount_paid · "600.00"". This module turns entries into that text, in English or
Italian, without Qt: the History dialog, the organisation editor's History tab and the
``workbench history`` command all show what :func:`describe_entries` returns.

* **Field labels** are declared once per model in :data:`FIELD_LABELS` (translatable
  :func:`~workbench.translatable.msg` texts; the Italian is in ``core.json``), with the words the
  organisation editor uses for the same fields.
* **Records** are named with the organisation (or project, activity, pillar, objective) they
  belong to, found in the database or, for records deleted since, in their own history.
* **Values** are formatted by kind: dates dd/mm/yyyy, money with € and separators, numbers and
  percentages with the language's separators, enums by their label, yes/no, references to
  other records by the referenced record's name ("area_id 1" -> "Green Building").
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Enum, inspect, select
from sqlalchemy.orm import Session

from workbench.models import AuditEntry, Base, ChangeAction
from workbench.models.base import ScaledDecimal
from workbench.reports import i18n as report_i18n
from workbench.services import eccp_profile
from workbench.services.base import in_batches
from workbench.translatable import Message, msg, translate

__all__ = [
    "FIELD_LABELS",
    "NAME_COLUMNS",
    "OWNERS",
    "LANGUAGES",
    "ReadableChange",
    "action_label",
    "describe_entries",
    "field_label",
    "format_json",
    "text_in",
]

LANGUAGES = ("en", "it")

# --------------------------------------------------------------------------- labels

_COMMON: dict[str, Message] = {
    "name": msg("Name"),
    "title": msg("Title"),
    "description": msg("Description"),
    "notes": msg("Notes"),
    "role": msg("Role"),
    "year": msg("Year"),
    "email": msg("E-mail"),
    "phone": msg("Phone"),
    "website": msg("Website"),
    "code": msg("Code"),
    "first_name": msg("First name"),
    "last_name": msg("Last name"),
    "organisation_id": msg("Organisation"),
    "turnover": msg("Turnover"),
    "balance_sheet": msg("Balance-sheet total"),
    "staff_awu": msg("Staff (annual work units)"),
    "start_date": msg("Start date"),
    "end_date": msg("End date"),
    "address": msg("Address"),
    "country": msg("Country"),
    "nuts2": msg("NUTS-2 region"),
    "vat": msg("VAT number"),
    "legal_name": msg("Legal name"),
    "url": msg("Web address"),
    "source": msg("Source"),
    "amount": msg("Amount"),
    "note": msg("Note"),
    "indicator_id": msg("Indicator"),
    "meetings_per_year": msg("Meetings per year"),
}

#: Label of each recorded field, per table (fields not listed use :data:`_COMMON`).
FIELD_LABELS: dict[str, dict[str, Message]] = {
    "organisation": {
        "legal_name": msg("Legal name"),
        "vat": msg("VAT number"),
        "fiscal_code": msg("Fiscal code"),
        "org_type": msg("Type"),
        "nace": msg("NACE code"),
        "address": msg("Address"),
        "postcode": msg("Postcode"),
        "city": msg("City"),
        "province": msg("Province"),
        "region": msg("Region"),
        "nuts2": msg("NUTS-2 region"),
        "country": msg("Country"),
        "is_external": msg("External"),
        "sme_override": msg("SME class set by hand"),
        "sme_override_reason": msg("Reason for the SME class"),
    },
    "membership_period": {
        "join_date": msg("Joined on"),
        "leave_date": msg("Left on"),
        "leave_reason": msg("Reason for leaving"),
        "category": msg("Category"),
        "agreement_signed": msg("Membership agreement signed"),
        "commitment_evidence": msg("Commitment evidence"),
    },
    "fee": {
        "amount_due": msg("Amount due"),
        "amount_paid": msg("Amount paid"),
        "paid_date": msg("Paid on"),
    },
    "size_data": {
        "public_control_pct": msg("Held by public bodies"),
        "source": msg("Source of the figures"),
    },
    "size_link": {"relation": msg("Relation"), "share_pct": msg("Holding")},
    "contact": {
        "is_primary": msg("Main contact"),
        "consent": msg("Agreed to be contacted and listed"),
        "consent_date": msg("Consent given on"),
    },
    "contact_log": {
        "contact_date": msg("Date of the contact"),
        "channel": msg("Channel"),
        "subject": msg("Subject"),
        "staff_name": msg("Staff member"),
    },
    "area_participation": {
        "area_id": msg("Competence area"),
        "from_date": msg("From"),
        "to_date": msg("To"),
    },
    "competence_area": {
        "coordinator": msg("Coordinator"),
        "meetings_per_year": msg("Meetings per year"),
    },
    "strategic_pillar": {"period_start": msg("From year"), "period_end": msg("To year")},
    "pillar_objective": {
        "pillar_id": msg("Strategic pillar"),
        "kpi_name": msg("KPI"),
        "kpi_unit": msg("KPI unit"),
    },
    "kpi_value": {
        "objective_id": msg("Objective"),
        "target": msg("Target"),
        "actual": msg("Actual"),
    },
    "project": {
        "acronym": msg("Acronym"),
        "programme": msg("Programme"),
        "call_id": msg("Call"),
        "status": msg("Status"),
        "cluster_role": msg("Role of the cluster"),
        "total_budget": msg("Total budget"),
        "cluster_budget": msg("Cluster budget"),
        "eu_contribution": msg("EU / public contribution"),
        "cordis_id": msg("CORDIS project id"),
    },
    "project_partner": {
        "project_id": msg("Project"),
        "organisation_id": msg("Partner"),
        "external_name": msg("Partner (not in the database)"),
        "external_country": msg("Country"),
        "budget": msg("Budget"),
        "contribution": msg("EU / public contribution"),
    },
    "activity": {
        "activity_type": msg("Type"),
        "location": msg("Location"),
        "anonymous_participants": msg("Participants without a name"),
        "area_id": msg("Competence area"),
        "start_date": msg("Date"),
    },
    "cluster_profile": {
        "founding_date": msg("Founded on"),
        "sector": msg("Sector"),
        "region_name": msg("Region"),
        "website_en": msg("English website"),
        "eccp_url": msg("ECCP profile"),
        "logo_path": msg("Logo"),
        "planned_yearly_budget": msg("Planned yearly budget"),
    },
    "label": {
        "level": msg("Level"),
        "body": msg("Awarded by"),
        "assessment_date": msg("Assessed on"),
        "valid_until": msg("Valid until"),
        "score": msg("Score"),
    },
    "governance_body": {
        "seats_companies": msg("Seats of companies"),
        "seats_research": msg("Seats of research organisations"),
        "seats_public": msg("Seats of public bodies"),
        "seats_other": msg("Other seats"),
    },
    "staff_member": {
        "fte": msg("FTE"),
        "degree": msg("Degree"),
        "experience_years": msg("Years of experience"),
        "languages": msg("Languages"),
        "training_days": msg("Training days"),
    },
    "income": {"category": msg("Category"), "is_private": msg("Private")},
    "media_item": {"item_date": msg("Date"), "outlet": msg("Outlet"), "scope": msg("Scope")},
    "success_story": {
        "story_date": msg("Date"),
        "summary": msg("Summary"),
        "organisations": msg("Organisations"),
    },
    "recognition": {
        "recognition_date": msg("Date"),
        "kind": msg("Kind"),
        "issuer": msg("Issued by"),
    },
    "indicator_value": {
        "value_number": msg("Value"),
        "value_text": msg("Value (text)"),
        "passed": msg("Passed"),
    },
    "indicator_evidence": {"file_name": msg("File"), "file_path": msg("File path")},
    "indicator_threshold": {"value": msg("Threshold")},
    "improvement_area": {
        "position": msg("Improvement area"),
        "baseline_value": msg("Baseline value"),
        "baseline_date": msg("Baseline date"),
        "action": msg("Action taken"),
        "result_value": msg("Result value"),
        "result_date": msg("Result date"),
    },
    "improvement_evidence": {
        "improvement_area_id": msg("Improvement area"),
        "stored_file_id": msg("File"),
        "file_name": msg("File"),
    },
    "organisation_attachment": {
        "organisation_id": msg("Organisation"),
        "stored_file_id": msg("File"),
        "file_name": msg("File"),
    },
    "activity_participant": {
        "activity_id": msg("Activity"),
        "external_organisation": msg("Organisation (not in the database)"),
        "person_name": msg("Person"),
    },
}

#: Fields holding euro amounts and percentages (stored as plain decimals like other numbers).
_MONEY = frozenset(
    {
        "amount_due",
        "amount_paid",
        "turnover",
        "balance_sheet",
        "total_budget",
        "cluster_budget",
        "eu_contribution",
        "budget",
        "contribution",
        "amount",
        "planned_yearly_budget",
    }
)
_PERCENT = frozenset({"public_control_pct", "share_pct"})
_YEARS = frozenset({"year", "period_start", "period_end"})
#: Report label groups of the stored enums (the same labels the interface shows).
_ENUM_GROUPS = {
    "OrgType": "org_type",
    "SmeClass": "sme",
    "ProjectStatus": "project_status",
    "ProjectRole": "role",
    "ActivityType": "activity_type",
    "IncomeCategory": "income",
    "LabelLevel": "label",
}
#: Labels of the enums the reports do not name (nothing else in the program shows them).
_OTHER_ENUMS: dict[str, dict[str, Message]] = {
    "channel": {
        "meeting": msg("Meeting"),
        "visit": msg("Visit"),
        "call": msg("Phone call"),
        "email": msg("E-mail"),
        "event": msg("Event"),
        "other": msg("Other"),
        "reminder": msg("Fee reminder"),
    },
    "relation": {
        "partner": msg("Partner enterprise"),
        "linked": msg("Linked enterprise"),
    },
}
_ENUM_GROUPS["ContactChannel"] = "channel"
_ENUM_GROUPS["EnterpriseRelation"] = "relation"
_ENUM_GROUPS.update(eccp_profile.HISTORY_ENUM_GROUPS)
for _table, _labels in eccp_profile.HISTORY_LABELS.items():
    FIELD_LABELS.setdefault(_table, {}).update(_labels)
#: How a referenced record is named: table -> column (contacts by first and last name).
NAME_COLUMNS = {
    "organisation": "name",
    "project": "acronym",
    "activity": "title",
    "competence_area": "name",
    "strategic_pillar": "name",
    "pillar_objective": "title",
}


def text_in(message: object, lang: str) -> str:
    """*message* (a :class:`~workbench.translatable.Message`) in *lang*."""
    return translate(message, lang)


_ACTIONS = {"create": msg("Created"), "update": msg("Changed"), "delete": msg("Deleted")}


def action_label(action: object, lang: str = "en") -> str:
    """The kind of change in *lang* ("update" -> "Changed")."""
    text = str(getattr(action, "value", action))
    found = _ACTIONS.get(text)
    return text_in(found, lang) if found is not None else text


def field_label(table: str | None, field: str | None, lang: str = "en") -> str:
    """The label of *field* of *table* in *lang* ("staff_awu" -> "Staff (annual work units)")."""
    if not field:
        return ""
    label = FIELD_LABELS.get(table or "", {}).get(field) or _COMMON.get(field)
    if label is None:
        text = field.replace("_", " ").strip()
        return text[:1].upper() + text[1:]
    return text_in(label, lang)


# --------------------------------------------------------------------------- value kinds


@cache
def _models() -> dict[str, Any]:
    return {
        mapper.class_.__tablename__: mapper.class_
        for mapper in Base.registry.mappers
        if hasattr(mapper.class_, "__tablename__")
    }


@cache
def _kind(table: str | None, field: str) -> tuple[str, str]:
    """(kind, detail) of a field: ("ref", "competence_area"), ("enum", "org_type") ..."""
    if field in _MONEY:
        return "money", ""
    if field in _PERCENT:
        return "percent", ""
    if field in _YEARS:
        return "year", ""
    model = _models().get(table or "")
    column = None
    if model is not None:
        attribute = inspect(model).column_attrs.get(field)
        column = attribute.columns[0] if attribute is not None else None
    if column is not None:
        for key in column.foreign_keys:
            return "ref", key.column.table.name
        kind = column.type
        if isinstance(kind, Boolean):
            return "bool", ""
        if isinstance(kind, DateTime):
            return "datetime", ""
        if isinstance(kind, Date):
            return "date", ""
        if isinstance(kind, Enum) and kind.enum_class is not None:
            return "enum", _ENUM_GROUPS.get(kind.enum_class.__name__, "")
        if isinstance(kind, ScaledDecimal):
            return "number", ""
    if field.endswith("_date"):
        return "date", ""
    return "text", ""


def _number(value: Any, lang: str, *, places: int = 2) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    text = report_i18n.format_number(number, lang, places)
    point = "," if lang == "it" else "."
    if point in text:
        text = text.rstrip("0").rstrip(point)
    return text


def _money(value: Any, lang: str) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    text = report_i18n.format_money(abs(number), lang)
    sign = "-" if number < 0 else ""
    # As the interface shows amounts: "1.234,50 €" in Italian, "€1,234.50" in English.
    return f"{sign}{text} €" if lang == "it" else f"{sign}€{text}"


def _day(text: str) -> str:
    try:
        return report_i18n.short_date(date.fromisoformat(text[:10]))
    except ValueError:
        return text


def _moment(text: str) -> str:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return text
    return f"{report_i18n.short_date(value.date())} {value:%H:%M}"


def format_value(
    table: str | None,
    field: str,
    value: Any,
    lang: str = "en",
    names: Callable[[str, int], str | None] | None = None,
) -> str:
    """One stored (JSON-decoded) value of *table*.*field* as the interface shows it.

    *names* answers the name of a referenced record (table, id); without it, or when it does
    not know the record, the reference reads "#id".
    """
    if value is None or value == "":
        return ""
    kind, detail = _kind(table, field)
    if isinstance(value, bool) or kind == "bool":
        return text_in(msg("Yes") if value else msg("No"), lang)
    if kind == "ref" and isinstance(value, int):
        found = names(detail, value) if names is not None else None
        return found if found else f"#{value}"
    if kind == "money":
        return _money(value, lang)
    if kind == "percent":
        return f"{_number(value, lang)} %" if lang == "it" else f"{_number(value, lang)}%"
    if kind == "number":
        return _number(value, lang, places=4)
    if kind == "enum":
        other = _OTHER_ENUMS.get(detail, {}).get(str(value))
        return (
            text_in(other, lang)
            if other is not None
            else report_i18n.enum_label(detail, value, lang)
        )
    if kind == "year":
        return str(value)
    if isinstance(value, str):
        if kind == "date" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return _day(value)
        if kind == "datetime" or re.match(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", value):
            return _moment(value)
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return _number(value, lang, places=4) if kind != "text" else str(value)
    if isinstance(value, list):
        return ", ".join(format_value(table, field, v, lang, names) for v in value)
    return str(value)


def _decode(text: str | None) -> Any:
    if text is None or text == "":
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _record_text(
    table: str | None,
    data: dict[str, Any],
    lang: str,
    names: Callable[[str, int], str | None] | None,
    skip: Iterable[str] = (),
) -> str:
    skipped = {"id", *skip}
    parts = []
    for key, value in data.items():
        if key in skipped or value in (None, "", False):
            continue
        if key.endswith("_id") and isinstance(value, int) and not isinstance(value, bool):
            # A reference is worth showing by name only; a bare id means nothing to people.
            kind, detail = _kind(table, key)
            found = names(detail, value) if names is not None and kind == "ref" else None
            if found:
                parts.append(f"{field_label(table, key, lang)}: {found}")
            continue
        shown = format_value(table, key, value, lang, names)
        if shown:
            parts.append(f"{field_label(table, key, lang)}: {shown}")
    return ", ".join(parts)


def format_json(
    text: str | None,
    table: str | None = None,
    lang: str = "en",
    names: Callable[[str, int], str | None] | None = None,
    field: str | None = None,
) -> str:
    """A stored JSON value (one field's, or a whole record's) as plain text in *lang*.

    Whole records (created or deleted) read "Label: value, Label: value" without empty values
    and without ids.
    """
    data = _decode(text)
    if isinstance(data, dict):
        return _record_text(table, data, lang, names)
    if data is None:
        return ""
    if field is None:
        return (
            format_value(None, "", data, lang, names)
            if not isinstance(data, str)
            else (format_value(None, "value", data, lang, names))
        )
    return format_value(table, field, data, lang, names)


# --------------------------------------------------------------------------- records


#: Records that belong to another: table -> (foreign key, owner table).
OWNERS: dict[str, tuple[str, str]] = {
    "membership_period": ("organisation_id", "organisation"),
    "fee": ("organisation_id", "organisation"),
    "size_data": ("organisation_id", "organisation"),
    "contact": ("organisation_id", "organisation"),
    "contact_log": ("organisation_id", "organisation"),
    "area_participation": ("organisation_id", "organisation"),
    "size_link": ("size_data_id", "size_data"),
    "project_partner": ("project_id", "project"),
    "activity_participant": ("activity_id", "activity"),
    "pillar_objective": ("pillar_id", "strategic_pillar"),
    "kpi_value": ("objective_id", "pillar_objective"),
}


def _describe_child(
    table: str, values: dict[str, Any], owner: str, lang: str, names: Callable[[str, int], Any]
) -> Message:
    person = " ".join(p for p in (values.get("first_name"), values.get("last_name")) if p)
    year = values.get("year") or ""
    if table == "fee":
        return msg("Fee {year} of {owner}", year=year, owner=owner)
    if table == "size_data":
        return msg("Size data {year} of {owner}", year=year, owner=owner)
    if table == "membership_period":
        return msg("Membership period of {owner}", owner=owner)
    if table == "contact":
        return msg("Contact {person} of {owner}", person=person, owner=owner)
    if table == "contact_log":
        return msg(
            "Contact log entry “{subject}” of {owner}",
            subject=values.get("subject") or "",
            owner=owner,
        )
    if table == "area_participation":
        area = format_value(table, "area_id", values.get("area_id"), lang, names)
        return msg("Participation of {owner} in {area}", owner=owner, area=area)
    if table == "size_link":
        return msg(
            "Linked enterprise {name} of {owner}", name=values.get("name") or "", owner=owner
        )
    if table == "project_partner":
        partner = values.get("external_name") or format_value(
            table, "organisation_id", values.get("organisation_id"), lang, names
        )
        return msg("Partner {partner} of {owner}", partner=partner, owner=owner)
    if table == "activity_participant":
        who = values.get("person_name") or values.get("external_organisation") or ""
        if not who and values.get("organisation_id"):
            who = format_value(table, "organisation_id", values["organisation_id"], lang, names)
        return msg("Participant {person} of {owner}", person=who, owner=owner)
    if table == "pillar_objective":
        return msg("Objective {title} of {owner}", title=values.get("title") or "", owner=owner)
    return msg("KPI value {year} of {owner}", year=year, owner=owner)


@dataclass(frozen=True, slots=True)
class ReadableChange:
    """One history entry as people read it (all plain text in one language).

    Attributes:
        record: The record with what it belongs to ("Fee 2025 of Alfa S.r.l.").
        field: The field's label ("" for a created or deleted record).
        before: The old value, formatted ("" when there was none).
        after: The new value, formatted.
    """

    record: str
    field: str
    before: str
    after: str


class _Lookup:
    """Values and names of the records a page of history mentions, in a few queries."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.values: dict[tuple[str, int], dict[str, Any]] = {}
        self.names: dict[tuple[str, int], str] = {}

    def load_values(self, wanted: dict[str, set[int]]) -> None:
        """Each record's current values, or those its own history last recorded."""
        models = _models()
        for table, ids in wanted.items():
            model = models.get(table)
            missing = set(ids)
            if model is not None:
                columns = model.__table__.c
                for part in in_batches(sorted(ids)):
                    for row in self.session.execute(
                        select(model.__table__).where(columns.id.in_(part))
                    ):
                        data = dict(row._mapping)
                        self.values[(table, data["id"])] = data
                        missing.discard(data["id"])
            for part in in_batches(sorted(missing)):
                for record_id, old, new in self.session.execute(
                    select(AuditEntry.record_id, AuditEntry.old_value, AuditEntry.new_value)
                    .where(
                        AuditEntry.table_name == table,
                        AuditEntry.record_id.in_(part),
                        AuditEntry.action.in_([ChangeAction.CREATE, ChangeAction.DELETE]),
                    )
                    .order_by(AuditEntry.id)
                ):
                    data = _decode(old or new)
                    if isinstance(data, dict):
                        self.values[(table, record_id)] = data

    def load_names(self, wanted: dict[str, set[int]]) -> None:
        """Names of referenced records; deleted ones by the label their history recorded."""
        models = _models()
        for table, ids in wanted.items():
            ids = {i for i in ids if (table, i) not in self.names}
            model = models.get(table)
            column = NAME_COLUMNS.get(table)
            missing = set(ids)
            if model is not None and (column is not None or table == "contact"):
                c = model.__table__.c
                shown = [c.first_name, c.last_name] if table == "contact" else [c[column]]
                for part in in_batches(sorted(ids)):
                    for row in self.session.execute(select(c.id, *shown).where(c.id.in_(part))):
                        text = " ".join(str(v) for v in row[1:] if v)
                        self.names[(table, row[0])] = text
                        missing.discard(row[0])
            for part in in_batches(sorted(missing)):
                for record_id, label in self.session.execute(
                    select(AuditEntry.record_id, AuditEntry.record_label)
                    .where(AuditEntry.table_name == table, AuditEntry.record_id.in_(part))
                    .order_by(AuditEntry.id)
                ):
                    if label:
                        self.names[(table, record_id)] = label

    def name(self, table: str, record_id: int) -> str | None:
        return self.names.get((table, record_id))


def _references(
    table: str | None, data: Any, field: str | None = None
) -> Iterable[tuple[str, int]]:
    """(table, id) of the records a value refers to."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _references(table, value, key)
    elif field is not None and isinstance(data, int) and not isinstance(data, bool):
        kind, detail = _kind(table, field)
        if kind == "ref":
            yield detail, data


def describe_entries(
    session: Session, entries: Sequence[Any], lang: str = "en"
) -> list[ReadableChange]:
    """The readable text of each of *entries* (AuditEntry rows or objects with its attributes).

    Runs a few batched queries in *session* whatever the number of entries (a page of the
    History dialog holds thousands).
    """
    lookup = _Lookup(session)
    children: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.table_name in OWNERS:
            children[entry.table_name].add(entry.record_id)
    # A linked enterprise belongs to size data, which belongs to an organisation.
    lookup.load_values(children)
    size_ids = {
        v["size_data_id"]
        for (t, _i), v in lookup.values.items()
        if t == "size_link" and v.get("size_data_id")
    }
    if size_ids:
        lookup.load_values({"size_data": size_ids})
    wanted: dict[str, set[int]] = defaultdict(set)
    for (table, _record_id), values in lookup.values.items():
        for ref in _references(table, values):
            wanted[ref[0]].add(ref[1])
    # Histories repeat the same few values ("Milano", true, one fee amount) thousands of
    # times: each distinct (table, field, JSON text) is decoded and formatted once.
    values_seen: dict[tuple[str, str | None, str | None], Any] = {}
    for entry in entries:
        for text in (entry.old_value, entry.new_value):
            key = (entry.table_name, entry.field, text)
            if key not in values_seen:
                data = values_seen[key] = _decode(text)
                for ref in _references(entry.table_name, data, entry.field):
                    wanted[ref[0]].add(ref[1])
    lookup.load_names(wanted)
    names = lookup.name
    shown: dict[tuple[str, str | None, str | None], str] = {}
    labels: dict[tuple[str, str | None], str] = {}

    def text_of(table: str, field: str | None, text: str | None) -> str:
        key = (table, field, text)
        found = shown.get(key)
        if found is None:
            owner_key = OWNERS.get(table, ("", ""))[0]
            found = shown[key] = _shown(table, field, values_seen[key], lang, names, owner_key)
        return found

    result = []
    for entry in entries:
        table = entry.table_name
        label_key = (table, entry.field)
        if label_key not in labels:
            labels[label_key] = field_label(table, entry.field, lang) if entry.field else ""
        result.append(
            ReadableChange(
                record=_describe(entry, lookup, lang),
                field=labels[label_key],
                before=text_of(table, entry.field, entry.old_value),
                after=text_of(table, entry.field, entry.new_value),
            )
        )
    return result


def _shown(
    table: str,
    field: str | None,
    data: Any,
    lang: str,
    names: Callable[[str, int], str | None],
    owner_key: str,
) -> str:
    if isinstance(data, dict):
        # The record's own line already names its owner.
        return _record_text(table, data, lang, names, skip=(owner_key,) if owner_key else ())
    if data is None:
        return ""
    return format_value(table, field or "", data, lang, names)


def _describe(entry: Any, lookup: _Lookup, lang: str) -> str:
    table = entry.table_name
    label = entry.record_label or ""
    if table not in OWNERS:
        model = _models().get(table)
        # audit.record_label's fallback for records without a name ("ClusterProfile 1").
        if not label or (model is not None and label == f"{model.__name__} {entry.record_id}"):
            return f"#{entry.record_id}"
        return label
    values = lookup.values.get((table, entry.record_id), {})
    fk, owner_table = OWNERS[table]
    owner_id = values.get(fk)
    if table == "size_link" and owner_id is not None:
        size = lookup.values.get(("size_data", owner_id), {})
        owner_table, owner_id = "organisation", size.get("organisation_id")
    owner = lookup.name(owner_table, owner_id) if owner_id is not None else None
    if table == "contact" and not values:
        values = {"last_name": label}
    return text_in(_describe_child(table, values, owner or "?", lang, lookup.name), lang)
