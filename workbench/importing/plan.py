"""The import preview: what applying a file would do, row by row, before anything is written.

:func:`build_plan` turns a :class:`~workbench.importing.readers.RawTable`, a
:class:`~workbench.importing.mapping.Mapping` and :class:`PlanOptions` into an
:class:`ImportPlan`. Every source row is labelled

* ``create``    - a new record (organisation, project or activity) will be written;
* ``update``    - an existing record or its yearly facts/contacts/partners change; the row lists
  every field-level change old -> new;
* ``unchanged`` - everything in the row is already in the database;
* ``review``    - the organisation may be an existing one (similar name, same name with another
  VAT ...): the user decides with :meth:`ImportPlan.decide` (merge into an id, create a new
  one, or skip);
* ``error``     - a cell cannot be read or a rule is broken; the row is not written and goes
  to the error report. Problems name the source row and column header.

Questions the file cannot answer (a date column whose dates fit both day/month and month/day,
the year of fee or size figures, the date members joined a competence area) are
``plan.questions``: they are never guessed, and the plan cannot be applied until they are
answered (``PlanOptions.with_answer`` + :func:`build_plan` again).

Conventions: an empty cell never clears a stored value; a value that differs only in letter
case or spacing from the stored one is not a change; rows that name the same organisation
(same VAT, or same normalised name) are merged: the first row carries the organisation,
later ones add their contacts, fees and areas, and contradicting values are errors.

Nothing here writes to the database; :mod:`workbench.importing.apply` does.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.importing.errors import ValueParseError
from workbench.importing.gcpause import collector_paused
from workbench.importing.mapping import (
    FieldSpec,
    ImportKind,
    Mapping,
    MappingError,
    ValueKind,
    field_spec,
    header_year,
)
from workbench.importing.matching import (
    Candidate,
    MatchHow,
    MatchResult,
    OrgIndex,
    OrgRef,
    group_rows,
)
from workbench.importing.parsing import (
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
from workbench.importing.readers import Cell, RawTable
from workbench.models import (
    Activity,
    ActivityParticipant,
    ActivityType,
    AreaParticipation,
    Base,
    CompetenceArea,
    Contact,
    Fee,
    MembershipPeriod,
    Organisation,
    OrgType,
    Project,
    ProjectPartner,
    ProjectRole,
    ProjectStatus,
    ScaledDecimal,
    SizeData,
)
from workbench.rules.names import name_key
from workbench.services.base import in_batches, unit_of_work
from workbench.text import fold_for_search, normalise_text
from workbench.translatable import Message, compose, join, msg

if TYPE_CHECKING:
    from workbench.db import Database

ProgressCallback = Callable[..., None]


# --------------------------------------------------------------------------------------------
# Public data types


class RowStatus(StrEnum):
    """What applying the plan does with a row."""

    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REVIEW = "review"
    ERROR = "error"
    SKIP = "skip"


class ReviewAction(StrEnum):
    """The user's answer for a row under review."""

    MERGE = "merge"
    CREATE = "create"
    SKIP = "skip"


@dataclass(frozen=True)
class ReviewDecision:
    """Decision for a row under review: merge into ``org_id``, create new, or skip."""

    action: ReviewAction
    org_id: int | None = None

    @classmethod
    def merge(cls, org_id: int) -> ReviewDecision:
        """Treat the row as the existing organisation *org_id*."""
        return cls(ReviewAction.MERGE, org_id)

    @classmethod
    def create(cls) -> ReviewDecision:
        """Create a new organisation (CORDIS: treat the participant as external)."""
        return cls(ReviewAction.CREATE)

    @classmethod
    def skip(cls) -> ReviewDecision:
        """Leave the row out."""
        return cls(ReviewAction.SKIP)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one cell or row, located for the user.

    Attributes:
        row: 1-based row number in the source (as the spreadsheet shows it), or None.
        column: Column header, or None for whole-row problems.
        message: What is wrong and what to do.
        file: File name when the plan reads two files (CORDIS), else None.
    """

    row: int | None
    column: str | None
    message: str
    file: str | None = None

    def describe(self) -> Message:
        """The located problem (``file, row 3, column "P.IVA": ...``) as a translatable Message."""
        where: list[str] = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(msg("row {row}", row=self.row))
        if self.column:
            where.append(msg('column "{column}"', column=self.column))
        if not where:
            return self.message if isinstance(self.message, Message) else Message(self.message)
        return compose("{where}: {problem}", where=join(", ", where), problem=self.message)

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one record that the import sets.

    Attributes:
        record: Which record ("organisation", "fee 2024", "contact Mario Rossi" ...).
        field: Model attribute.
        old: Stored value (None for a new record).
        new: Value after the import.
    """

    record: str
    field: str
    old: Any
    new: Any

    def __str__(self) -> str:
        return f"{self.record}: {self.field} {_shown(self.old)} -> {_shown(self.new)}"


@dataclass(frozen=True)
class PlanQuestion:
    """A decision the file cannot make, asked once for the whole import.

    Attributes:
        key: Identifier to answer with (``PlanOptions.with_answer(key, value)``).
        kind: "date_order" (answer "dmy" or "mdy"), "year" (a year) or "date" (ISO date).
        column: The column concerned, if any.
        message: The question for the user.
        choices: Allowed answers when they are a fixed set.
        examples: Values from the file that show why it is asked.
    """

    key: str
    kind: str
    column: str | None
    message: str
    choices: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


# Values of new records that the record label already says or that nobody typed.
_QUIET_FIELDS = frozenset(
    {"area_id", "year", "source", "is_external", "organisation_id", "project_id", "activity_id"}
)


@dataclass(slots=True)
class RecordOp:
    """One record to create or update (the plan's instructions to ``apply``).

    Attributes:
        model: Model class.
        action: "create" or "update".
        values: Attribute values to set (for updates only the changed ones).
        record: Human label of the record.
        record_id: Id of the record to update.
        expected_version: Its version when the plan was made (no lost updates).
        old: Stored values of the changed attributes (updates).
        link: For records belonging to the row's organisation/project/activity, the
            relationship attribute that points to it ("organisation", "project", "activity");
            None for that root record itself.
    """

    model: type[Base]
    action: str
    values: dict[str, Any]
    record: str
    record_id: int | None = None
    expected_version: int | None = None
    old: dict[str, Any] = field(default_factory=dict)
    link: str | None = None

    def changes(self) -> list[FieldChange]:
        """The field changes this operation makes (bookkeeping values of new records left out)."""
        if self.action == "create":
            return [
                FieldChange(self.record, k, None, v)
                for k, v in self.values.items()
                if v is not None and v is not False and k not in _QUIET_FIELDS
            ]
        return [FieldChange(self.record, k, self.old.get(k), v) for k, v in self.values.items()]


@dataclass(slots=True)
class PlanRow:
    """One source row of the preview.

    Attributes:
        index: Position in ``plan.rows``.
        row_number: Row number in the source file (spreadsheet numbering).
        values: The original cells (in ``plan.headers`` order), for the error report.
        label: Short description (organisation name, project acronym ...).
        status: What applying does with it.
        parsed: Values read from the mapped cells, by field key.
        problems: Why it is an error.
        changes: Field-level changes it makes (computed from ``ops``).
        notes: Things worth knowing that are not problems.
        target_id: Existing organisation/project/activity it updates, if any.
        match: How the organisation was matched (members).
        candidates: Possible organisations while under review.
        decision: The user's review decision, if any.
        group: Index of the first row naming the same record (itself when first).
        duplicate_of: Source row number of that first row, when this row repeats it.
        ops: Records to write (internal to plan/apply).
    """

    index: int
    row_number: int
    values: list[Cell]
    label: str = ""
    status: RowStatus = RowStatus.UNCHANGED
    parsed: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    target_id: int | None = None
    match: MatchResult | None = None
    candidates: tuple[Candidate, ...] = ()
    decision: ReviewDecision | None = None
    group: int = 0
    duplicate_of: int | None = None
    ops: list[RecordOp] = field(default_factory=list)
    file: str | None = None

    @property
    def changes(self) -> list[FieldChange]:
        """Field-level changes (old -> new) the row makes, record by record."""
        return [c for op in self.ops for c in op.changes()]

    @property
    def root_op(self) -> RecordOp | None:
        """The organisation/project/activity operation of the row, if it has one."""
        return self.ops[0] if self.ops and self.ops[0].link is None else None

    def problem_text(self) -> str:
        """All problems on one line (a translatable Message)."""
        return join("; ", (p.message for p in self.problems))


@dataclass(frozen=True)
class PlanCounts:
    """Rows per status."""

    create: int = 0
    update: int = 0
    unchanged: int = 0
    review: int = 0
    error: int = 0
    skip: int = 0

    def as_dict(self) -> dict[str, int]:
        """``{"created": n, ...}`` in the words the CLI prints."""
        return {
            "created": self.create,
            "updated": self.update,
            "unchanged": self.unchanged,
            "review": self.review,
            "errors": self.error,
            "skipped": self.skip,
        }


@dataclass(frozen=True)
class PlanOptions:
    """Choices that steer reading and matching.

    Attributes:
        date_order: Day/month order for every ambiguous date column (CLI ``--date-order``).
        date_orders: Order per column header (the wizard's answers); wins over ``date_order``.
        decimal_comma: Numbers like "1,234" read as 1.234 (True, Italian), 1234 (False), or
            refused as ambiguous (None).
        fee_year: Year of fee figures when the file does not say.
        size_year: Year of size figures (staff, turnover, balance sheet) when the file does not
            say.
        area_from: Date from which competence-area participations count when the file gives
            neither an area date nor a join date.
        review: Decision for every row under review that has no decision of its own
            (CLI ``--review create|skip``); None leaves them for the user.
        decisions: Review decisions by source row number.
        default_country: Country of VAT numbers without a prefix and of new organisations.
    """

    date_order: DateOrder | None = None
    date_orders: dict[str, DateOrder] = field(default_factory=dict)
    decimal_comma: bool | None = True
    fee_year: int | None = None
    size_year: int | None = None
    area_from: date | None = None
    review: ReviewAction | None = None
    decisions: dict[int, ReviewDecision] = field(default_factory=dict)
    default_country: str = "IT"

    def with_answer(self, key: str, value: str | int | date | DateOrder) -> PlanOptions:
        """A copy answering the :class:`PlanQuestion` *key* with *value*.

        Raises:
            ValueError: The value does not answer that question.
        """
        if key.startswith("date_order:"):
            order = DateOrder(str(value).lower())
            return replace(self, date_orders={**self.date_orders, key.split(":", 1)[1]: order})
        if key in ("fee_year", "size_year"):
            year = int(value)  # type: ignore[arg-type]
            if not 1900 <= year <= 2100:
                raise ValueError(msg("{year} is not a plausible year.", year=year))
            if key == "fee_year":
                return replace(self, fee_year=year)
            return replace(self, size_year=year)
        if key == "area_from":
            day = value if isinstance(value, date) else date.fromisoformat(str(value))
            return replace(self, area_from=day)
        raise ValueError(msg('"{key}" is not a question of this import.', key=key))


@dataclass
class ImportPlan:
    """The preview of an import. Nothing has been written.

    Attributes:
        kind: What is imported.
        file_name: Source file name (CORDIS: both names).
        sheet_name: Sheet read, if any.
        headers: Column headers of the source (the error report repeats them).
        mapping: The mapping used.
        options: The options used.
        rows: One :class:`PlanRow` per source row.
        questions: Unanswered questions; the plan cannot be applied while there are any.
        notes: Things to know about the whole file (from the reader and the planner).
    """

    kind: ImportKind
    file_name: str
    sheet_name: str | None
    headers: list[str]
    mapping: Mapping
    options: PlanOptions
    rows: list[PlanRow]
    questions: list[PlanQuestion] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _planner: Any = field(default=None, repr=False)

    @property
    def ready(self) -> bool:
        """True when every question is answered."""
        return not self.questions

    def counts(self) -> PlanCounts:
        """Rows per status."""
        tally: dict[RowStatus, int] = defaultdict(int)
        for row in self.rows:
            tally[row.status] += 1
        return PlanCounts(**{status.value: n for status, n in tally.items()})

    def rows_with(self, *statuses: RowStatus) -> list[PlanRow]:
        """Rows whose status is one of *statuses* (the wizard's status filter)."""
        wanted = set(statuses)
        return [row for row in self.rows if row.status in wanted]

    def problems(self) -> list[Problem]:
        """Every problem of every row, in row order."""
        return [p for row in self.rows for p in row.problems]

    def review_rows(self) -> list[PlanRow]:
        """Rows waiting for a decision."""
        return self.rows_with(RowStatus.REVIEW)

    def decide(self, index: int, decision: ReviewDecision) -> None:
        """Record the user's decision for the row at *index* (and rows repeating it).

        The row (and its group) is planned again: a merge shows the changes to the chosen
        organisation, create shows a new one, skip marks it skipped.

        Raises:
            ValueError: The row is not under review, the organisation is not a candidate, or
                the row cannot become a new record (:meth:`create_refused` says why).
        """
        row = self.rows[index]
        if row.decision is None and row.status is not RowStatus.REVIEW:
            raise ValueError(msg("Row {row} is not waiting for a decision.", row=row.row_number))
        if decision.action is ReviewAction.CREATE:
            refused = self.create_refused(index)
            if refused is not None:
                raise ValueError(refused)
        if decision.action is ReviewAction.MERGE and decision.org_id not in {
            c.org_id for c in row.candidates
        }:
            raise ValueError(
                msg(
                    "Organisation {org_id} is not one of the candidates of row {row}.",
                    org_id=decision.org_id,
                    row=row.row_number,
                )
            )
        self._replan({row.group}, decision)

    def create_refused(self, index: int) -> Message | None:
        """Why the row at *index* cannot become a new record (None: it can).

        A member row whose VAT number already belongs to an organisation cannot: a VAT number
        belongs to one organisation only (the row may only be that one, or be skipped).
        """
        return self._planner.create_refused(self.rows[index].group)

    def decide_all(self, action: ReviewAction) -> int:
        """Create or skip every row still waiting for a decision; returns how many rows.

        Rows that cannot become new records (:meth:`create_refused`) stay under review when
        the action is create. All the groups are planned again in one read-only unit of work.
        """
        if action is ReviewAction.MERGE:
            raise ValueError(msg("A merge needs an organisation: decide row by row."))
        waiting = self.review_rows()
        self._replan({row.group for row in waiting}, ReviewDecision(action))
        return sum(1 for row in waiting if row.status is not RowStatus.REVIEW)

    def _replan(self, groups: set[int], decision: ReviewDecision) -> None:
        """Plan the rows of *groups* again with *decision*, in one unit of work."""
        planner = self._planner
        with collector_paused():
            if planner.db is None:
                for group in sorted(groups):
                    planner.decide(self, group, decision)
                return
            with unit_of_work(planner.db, write=False) as session:
                planner.session = session
                for group in sorted(groups):
                    planner.decide(self, group, decision)


# --------------------------------------------------------------------------------------------
# Building a plan


def build_plan(
    db_or_session: Database | Session,
    table: RawTable,
    mapping: Mapping,
    options: PlanOptions | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> ImportPlan:
    """Preview importing *table* with *mapping*: nothing is written.

    Args:
        db_or_session: The database (a read-only unit of work is opened) or an open session.
        table: The file as read by :func:`~workbench.importing.readers.read_table`.
        mapping: Columns to fields; checked first (MappingError when unusable).
        options: Answers and choices; see :class:`PlanOptions`.
        progress: ``progress(done, total, message)`` while rows are planned.

    Raises:
        MappingError: The mapping names unknown fields or columns, or misses the identity.
    """
    options = options or PlanOptions()
    mapping.check(table.headers)
    if mapping.kind is ImportKind.CORDIS:
        raise MappingError("CORDIS files are planned with presets.plan_cordis (two files).")
    planner_cls = {
        ImportKind.MEMBERS: MemberPlanner,
        ImportKind.PROJECTS: ProjectPlanner,
        ImportKind.ACTIVITIES: ActivityPlanner,
    }[mapping.kind]
    return run_planner(
        db_or_session, lambda session: planner_cls(session, table, mapping, options, progress)
    )


def run_planner(
    db_or_session: Database | Session, make_planner: Callable[[Session], _Planner]
) -> ImportPlan:
    """``make_planner(session).plan()`` in the given session, or in a read-only unit of work.

    A planner made for a database (not a caller's session) remembers it, so the review
    decisions taken later open a unit of work of their own.
    """
    with collector_paused():
        if isinstance(db_or_session, Session):
            return make_planner(db_or_session).plan()
        with unit_of_work(db_or_session, write=False) as session:
            planner = make_planner(session)
            planner.db = db_or_session
            return planner.plan()


# --------------------------------------------------------------------------------------------
# Value reading


# Where each field lands: (model, attribute). Used for length limits and decimal scales.
_TARGETS: dict[str, tuple[type[Base], str]] = {
    **{k: (Organisation, k) for k in (
        "name", "legal_name", "vat", "fiscal_code", "org_type", "nace", "address", "postcode",
        "city", "province", "region", "nuts2", "country", "website", "email", "phone")},
    "join_date": (MembershipPeriod, "join_date"),
    "leave_date": (MembershipPeriod, "leave_date"),
    "category": (MembershipPeriod, "category"),
    "fee_due": (Fee, "amount_due"),
    "fee_paid": (Fee, "amount_paid"),
    "staff_awu": (SizeData, "staff_awu"),
    "turnover": (SizeData, "turnover"),
    "balance_sheet": (SizeData, "balance_sheet"),
    "contact_first_name": (Contact, "first_name"),
    "contact_last_name": (Contact, "last_name"),
    "contact_role": (Contact, "role"),
    "contact_email": (Contact, "email"),
    "contact_phone": (Contact, "phone"),
    "acronym": (Project, "acronym"),
    "title": (Project, "title"),
    "programme": (Project, "programme"),
    "call_id": (Project, "call_id"),
    "total_budget": (Project, "total_budget"),
    "cluster_budget": (Project, "cluster_budget"),
    "eu_contribution": (Project, "eu_contribution"),
    "cordis_id": (Project, "cordis_id"),
    "partner_name": (ProjectPartner, "external_name"),
    "partner_budget": (ProjectPartner, "budget"),
    "partner_contribution": (ProjectPartner, "contribution"),
}  # fmt: skip
_ACTIVITY_TARGETS: dict[str, tuple[type[Base], str]] = {
    "title": (Activity, "title"),
    "location": (Activity, "location"),
    "participant_org": (ActivityParticipant, "external_organisation"),
    "participant_name": (ActivityParticipant, "person_name"),
    "participant_email": (ActivityParticipant, "email"),
}

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

_ROLE_WORDS: dict[str, ProjectRole] = {
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


def _lookup(words: dict[str, Any], value: object, what: str) -> Any:
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


def _text(value: object) -> str | None:
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
    return _text(value)


def _year(value: object) -> int | None:
    year = parse_int(value)
    if year is not None and not 1900 <= year <= 2100:
        raise ValueParseError(msg('"{value}" is not a year: expected e.g. 2024', value=value))
    return year


@dataclass(frozen=True)
class _Column:
    """A mapped column: where it is and how to read it."""

    index: int
    header: str
    spec: FieldSpec
    date_order: DateOrder | None = None


class _Reader:
    """Reads mapped cells of a table into values, collecting problems."""

    def __init__(self, options: PlanOptions) -> None:
        self.options = options

    def read(self, column: _Column, value: Cell) -> Any:
        kind = column.spec.value_kind
        options = self.options
        if kind is ValueKind.TEXT:
            return _text(value)
        if kind is ValueKind.DATE:
            return parse_date(value, order=column.date_order)
        if kind is ValueKind.DECIMAL:
            return parse_decimal(value, decimal_comma=options.decimal_comma)
        if kind is ValueKind.INT:
            return parse_int(value, decimal_comma=options.decimal_comma)
        if kind is ValueKind.YEAR:
            return _year(value)
        if kind is ValueKind.BOOL:
            return parse_bool(value)
        if kind is ValueKind.VAT:
            return parse_vat(value, options.default_country)
        if kind is ValueKind.FISCAL_CODE:
            return parse_fiscal_code(value)
        if kind is ValueKind.EMAIL:
            return parse_email(value)
        if kind is ValueKind.URL:
            return parse_url(value)
        if kind is ValueKind.ORG_TYPE:
            found = parse_org_type(value)
            return OrgType(found) if found else None
        if kind is ValueKind.COUNTRY:
            return parse_country(value)
        if kind is ValueKind.POSTCODE:
            return _postcode(value)
        if kind is ValueKind.PROJECT_STATUS:
            return _lookup(_STATUS_WORDS, value, msg("project status"))
        if kind is ValueKind.PROJECT_ROLE:
            return _lookup(_ROLE_WORDS, value, msg("role"))
        if kind is ValueKind.ACTIVITY_TYPE:
            return _lookup(_ACTIVITY_WORDS, value, msg("activity type"))
        if kind is ValueKind.PAID:
            return self._paid(value)
        raise AssertionError(kind)

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


_UNSEEN = object()


def _limit_and_scale(key: str, value: Any, targets: dict[str, tuple[type[Base], str]]) -> Any:
    """Check text length against the column and round decimals to its scale."""
    target = targets.get(key) or _TARGETS.get(key)
    if target is None or value is None:
        return value
    model, attribute = target
    column = model.__table__.columns[attribute]  # type: ignore[attr-defined]
    if isinstance(value, str):
        length = getattr(column.type, "length", None)
        if length and len(value) > length:
            raise ValueParseError(
                msg(
                    "the text is too long ({length} characters; at most {limit} fit)",
                    length=len(value),
                    limit=length,
                )
            )
    if isinstance(value, Decimal) and isinstance(column.type, ScaledDecimal):
        return value.quantize(column.type._quantum, rounding=ROUND_HALF_UP)
    return value


def _shown(value: Any) -> str:
    if value is None:
        return msg("(empty)")
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _row_label(row: PlanRow) -> Message:
    """The label ("row 12") of a row that names no record."""
    return msg("row {row}", row=row.row_number)


# The organisation types in notes ("type university taken from the name"), translatable.
_ORG_TYPE_WORDS: dict[OrgType, Message] = {
    OrgType.COMPANY: msg("company"),
    OrgType.UNIVERSITY: msg("university"),
    OrgType.RESEARCH_ORG: msg("research_org"),
    OrgType.TECHNOLOGY_CENTRE: msg("technology_centre"),
    OrgType.PUBLIC_BODY: msg("public_body"),
    OrgType.ASSOCIATION: msg("association"),
    OrgType.FINANCIAL_INSTITUTION: msg("financial_institution"),
    OrgType.OTHER: msg("other"),
}


def _fold(text: str | None) -> str:
    return fold_for_search(text) if text else ""


def _same(old: Any, new: Any) -> bool:
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


def _update_values(
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
        if not _same(current, value):
            new[key] = value
            old[key] = current
    return new, old


def _rows_by_ids(
    session: Session, model: type[Base], column: str, ids: Iterable[int], *extra: Any
) -> list[dict[str, Any]]:
    """All rows of *model* whose *column* is in *ids*, as dictionaries."""
    table = model.__table__  # type: ignore[attr-defined]
    wanted = sorted(set(ids))
    found: list[dict[str, Any]] = []
    for chunk in in_batches(wanted):
        stmt = select(table).where(table.c[column].in_(chunk), *extra)
        found.extend(dict(r._mapping) for r in session.execute(stmt))
    return found


# --------------------------------------------------------------------------------------------
# The planner base: columns, questions, rows


class _Planner:
    """Shared machinery: read cells, ask questions, keep rows; subclasses do the diff."""

    kind: ImportKind
    targets: dict[str, tuple[type[Base], str]] = _TARGETS

    def __init__(
        self,
        session: Session,
        table: RawTable,
        mapping: Mapping,
        options: PlanOptions,
        progress: ProgressCallback | None = None,
        *,
        file_label: str | None = None,
    ) -> None:
        self.session = session
        # When the plan was built in its own unit of work, later decisions open a new one on
        # this database instead of reusing the closed session.
        self.db: Database | None = None
        self.table = table
        self.mapping = mapping
        self.options = options
        self.progress = progress
        self.file_label = file_label
        self.questions: list[PlanQuestion] = []
        self.notes: list[str] = list(table.notes)
        self.columns = self._columns()
        self.reader = _Reader(options)
        self.rows: list[PlanRow] = []
        self._rows_of_group: dict[int, list[PlanRow]] | None = None  # built on first decision

    # -- columns and questions ---------------------------------------------------------------
    def _columns(self) -> dict[str, _Column]:
        index = {h: j for j, h in enumerate(self.table.headers)}
        columns: dict[str, _Column] = {}
        for header, key in self.mapping.columns.items():
            spec = field_spec(self.mapping.kind, key)
            order = None
            if spec.value_kind is ValueKind.DATE:
                order = self._date_order(header, index[header])
            columns[key] = _Column(index[header], header, spec, order)
        return columns

    def _date_order(self, header: str, j: int) -> DateOrder | None:
        chosen = self.options.date_orders.get(header) or self.options.date_order
        verdict = detect_date_order(row[j] for row in self.table.rows)
        if verdict.order is not None:
            if chosen is not None and chosen is not verdict.order:
                self.notes.append(
                    msg(
                        'Column "{column}": the dates prove the order {order}, '
                        "so it is used instead of {chosen}.",
                        column=header,
                        order=verdict.order.value,
                        chosen=chosen.value,
                    )
                )
            return verdict.order
        if verdict.inconsistent:
            self.notes.append(
                msg('Column "{column}": {problem}.', column=header, problem=verdict.message)
            )
            return None
        if verdict.ambiguous:
            if chosen is not None:
                return chosen
            examples = tuple(str(row[j]) for row in self.table.rows if isinstance(row[j], str))[:3]
            self.questions.append(
                PlanQuestion(
                    key=f"date_order:{header}",
                    kind="date_order",
                    column=header,
                    message=msg(
                        'Column "{column}": {problem}. Is it day/month/year '
                        "(dmy) or month/day/year (mdy)?",
                        column=header,
                        problem=verdict.message,
                    ),
                    choices=(DateOrder.DMY.value, DateOrder.MDY.value),
                    examples=examples,
                )
            )
        return None

    def ask(self, question: PlanQuestion) -> None:
        """Add *question* once."""
        if all(q.key != question.key for q in self.questions):
            self.questions.append(question)

    # -- rows ----------------------------------------------------------------------------------
    def read_rows(self) -> None:
        """Create one PlanRow per source row with parsed values and cell problems."""
        table = self.table
        total = len(table.rows)
        # Columns repeat their values (types, areas, years, dates): each distinct cell of a
        # column is parsed once. Keys carry the type, as 1, 1.0 and True are equal in Python.
        seen: dict[str, dict[tuple[type, Cell], Any]] = {key: {} for key in self.columns}
        for i, (cells, number) in enumerate(zip(table.rows, table.row_numbers, strict=True)):
            row = PlanRow(index=i, row_number=number, values=cells, group=i, file=self.file_label)
            for key, column in self.columns.items():
                value = cells[column.index]
                if value is None:
                    continue
                parsed = seen[key].get((type(value), value), _UNSEEN)
                if parsed is _UNSEEN:
                    parsed = seen[key][(type(value), value)] = self._parse(key, column, value)
                if isinstance(parsed, ValueParseError):
                    if column.date_order is None and any(
                        q.column == column.header for q in self.questions
                    ):
                        continue  # waiting for the date order: not an error yet
                    self.problem(row, column.header, parsed.message)
                    continue
                if isinstance(parsed, Decimal) and parsed < 0:
                    self.problem(
                        row,
                        column.header,
                        msg(
                            '"{value}" is negative: amounts and staff numbers cannot be below zero',
                            value=value,
                        ),
                    )
                    continue
                if parsed is not None:
                    row.parsed[key] = parsed
            start, end = row.parsed.get("start_date"), row.parsed.get("end_date")
            if isinstance(start, date) and isinstance(end, date) and end < start:
                self.problem(
                    row,
                    self.header("end_date"),
                    msg(
                        "the end date {end} is before the start date {start}", end=end, start=start
                    ),
                )
            self.rows.append(row)
            if self.progress is not None and i % 1000 == 0:
                self.progress(i, total, "Reading values")

    def _parse(self, key: str, column: _Column, value: Cell) -> Any:
        """The value of one cell of *column*, or the ValueParseError saying why it has none."""
        try:
            return _limit_and_scale(key, self.reader.read(column, value), self.targets)
        except ValueParseError as exc:
            return exc

    def problem(self, row: PlanRow, column: str | None, message: str) -> None:
        """Add a problem to *row* (the row becomes an error)."""
        row.problems.append(Problem(row.row_number, column, message, self.file_label))
        row.status = RowStatus.ERROR

    def header(self, key: str) -> str | None:
        """Header of the column mapped to *key*."""
        column = self.columns.get(key)
        return column.header if column else None

    def finish(self, row: PlanRow, root_created: bool) -> None:
        """Set status and changes of a planned row from its operations."""
        if row.problems:
            row.status = RowStatus.ERROR
            row.ops = []
            return
        if not row.ops:
            row.status = RowStatus.UNCHANGED
        elif root_created:
            row.status = RowStatus.CREATE
        else:
            row.status = RowStatus.UPDATE

    def fail_group(self, members: Sequence[PlanRow], failed: PlanRow) -> None:
        """Rows depending on *failed* (which has problems) cannot be imported either."""
        for row in members:
            if row is not failed and not row.problems:
                self.problem(
                    row,
                    None,
                    msg(
                        "row {row} names the same record and has errors: correct that row first",
                        row=failed.row_number,
                    ),
                )
        for row in members:
            self.finish(row, root_created=False)

    def result(self) -> ImportPlan:
        """The plan of the planned rows."""
        return ImportPlan(
            kind=self.mapping.kind,
            file_name=self.table.file_name,
            sheet_name=self.table.sheet_name,
            headers=list(self.table.headers),
            mapping=self.mapping,
            options=self.options,
            rows=self.rows,
            questions=self.questions,
            notes=self.notes,
            _planner=self,
        )

    def decision_for(self, rows: Sequence[PlanRow]) -> ReviewDecision | None:
        """The decision given in the options for any row of a group, or the blanket one."""
        for row in rows:
            found = self.options.decisions.get(row.row_number)
            if found is not None:
                return found
        if self.options.review is not None and self.options.review is not ReviewAction.MERGE:
            return ReviewDecision(self.options.review)
        return None

    def plan(self) -> ImportPlan:
        """Plan every row (subclasses)."""
        raise NotImplementedError

    def decide(self, plan: ImportPlan, group: int, decision: ReviewDecision) -> None:
        """Re-plan the rows of *group* with the user's *decision* (subclasses with review)."""
        raise ValueError(msg("This import has no rows to review."))

    def create_refused(self, group: int) -> Message | None:
        """Why the rows of *group* cannot become a new record (None: they can)."""
        return None

    def group_rows(self, group: int) -> list[PlanRow]:
        """The rows of *group* (the rows naming the same record)."""
        if self._rows_of_group is None:
            self._rows_of_group = _group_members(self.rows)
        return self._rows_of_group.get(group, [])


def _group_members(rows: Iterable[PlanRow]) -> dict[int, list[PlanRow]]:
    groups: dict[int, list[PlanRow]] = defaultdict(list)
    for row in rows:
        groups[row.group].append(row)
    return groups


# --------------------------------------------------------------------------------------------
# Members


_ORG_FIELDS = ("name", "legal_name", "vat", "fiscal_code", "org_type", "nace", "address",
               "postcode", "city", "province", "region", "nuts2", "country", "website", "email",
               "phone")  # fmt: skip
_FEE_FIELDS = ("fee_due", "fee_paid", "fee_paid_date")
_SIZE_FIELDS = ("staff_awu", "turnover", "balance_sheet")
_CONTACT_FIELDS = (
    "contact_name",
    "contact_first_name",
    "contact_last_name",
    "contact_role",
    "contact_email",
    "contact_phone",
    "contact_consent",
)
_SURNAME_PARTICLES = frozenset(
    "de di da del della dello dei degli delle dal dalla dall lo la le van von der den du mac mc "
    "st san santa".split()
)
_TITLES = frozenset(
    "dott dott.ssa dottssa dr dr. ing ing. prof prof. avv avv. arch arch. sig "
    "sig. sig.ra sigra geom geom. rag rag. mr mrs ms dott.".split()
)


def split_person_name(full: str) -> tuple[str | None, str]:
    """(first name, last name) of "Mario Rossi", "Maria Grazia De Luca", "Dott. Anna Bianchi".

    The last word is the surname, with the particles before it (De, Di, Van ...); the rest is
    the first name. A single word is a surname.
    """
    words = [
        w
        for w in normalise_text(full).split()
        if w.casefold().rstrip(".") not in _TITLES and w.casefold() not in _TITLES
    ]
    if not words:
        return None, normalise_text(full)
    if len(words) == 1:
        return None, words[0]
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold().strip("'") in _SURNAME_PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


@dataclass
class _OrgSnapshot:
    """Existing records of the organisations a member import touches."""

    orgs: dict[int, dict[str, Any]]
    periods: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    fees: dict[int, dict[int, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    sizes: dict[int, dict[int, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    contacts: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    areas: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    loaded: set[int] = field(default_factory=set)


@dataclass
class _GroupState:
    """Children planned so far for one organisation in this import (rows repeating it)."""

    periods: list[dict[str, Any]] = field(default_factory=list)
    fees: dict[int, dict[str, Any]] = field(default_factory=dict)
    sizes: dict[int, dict[str, Any]] = field(default_factory=dict)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    areas: list[dict[str, Any]] = field(default_factory=list)


class MemberPlanner(_Planner):
    """Organisations with membership, fees, size data, contacts and competence areas."""

    kind = ImportKind.MEMBERS

    def plan(self) -> ImportPlan:
        self.read_rows()
        self._year_questions()
        self._check_rows()
        self.areas = self._load_areas()
        self._check_areas()
        self.snapshot = _OrgSnapshot(orgs=self._load_orgs())
        self.index = OrgIndex.build(
            OrgRef(o["id"], o["name"], o["legal_name"], o["vat"], o["city"])
            for o in self.snapshot.orgs.values()
        )
        self._group()
        groups = _group_members(r for r in self.rows if r.status is not RowStatus.ERROR)
        matches = {leader: self._match(members) for leader, members in groups.items()}
        wanted = {m.org_id for m in matches.values() if m.org_id is not None}
        wanted |= {c.org_id for m in matches.values() for c in m.candidates}
        self._load_children(wanted)
        total = len(groups)
        for n, (leader, members) in enumerate(groups.items()):
            self._plan_group(members, matches[leader], self.decision_for(members))
            if self.progress is not None and n % 500 == 0:
                self.progress(n, total, "Comparing with the database")
        return self.result()

    # -- questions -----------------------------------------------------------------------------
    def _year_of(self, group: str, fields: Sequence[str]) -> int | None:
        """Year for fee/size figures: the year column, a year in the header, or the answer."""
        for key in fields:
            column = self.columns.get(key)
            if column is not None:
                found = header_year(column.header)
                if found is not None:
                    return found
        return self.options.fee_year if group == "fee" else self.options.size_year

    def _year_questions(self) -> None:
        self.fee_year = self._year_of("fee", _FEE_FIELDS)
        self.size_year = self._year_of("size", _SIZE_FIELDS)
        year_columns = {"fee": ("fee_year", "year"), "size": ("size_year", "year")}
        for group, fields, year in (
            ("fee", _FEE_FIELDS, self.fee_year),
            ("size", _SIZE_FIELDS, self.size_year),
        ):
            if year is not None or any(k in self.columns for k in year_columns[group]):
                continue
            if any(k in r.parsed for r in self.rows for k in fields):
                what = (
                    msg("membership fees")
                    if group == "fee"
                    else msg("staff, turnover and balance sheet")
                )
                self.ask(
                    PlanQuestion(
                        key=f"{group}_year",
                        kind="year",
                        column=None,
                        message=msg(
                            "Which year do the {what} figures refer to? The file has no year "
                            "column and the headers name no year.",
                            what=what,
                        ),
                    )
                )

    # -- row checks ----------------------------------------------------------------------------
    def _check_rows(self) -> None:
        for row in self.rows:
            parsed = row.parsed
            row.label = parsed.get("name") or parsed.get("vat") or _row_label(row)
            if "name" not in parsed and "vat" not in parsed and row.status is not RowStatus.ERROR:
                self.problem(row, None, msg("the row has neither a name nor a VAT number"))
            leave, join = parsed.get("leave_date"), parsed.get("join_date")
            if leave and join and leave < join:
                self.problem(
                    row,
                    self.header("leave_date"),
                    msg(
                        "the leave date {leave} is before the join date {join}",
                        leave=leave,
                        join=join,
                    ),
                )

    def _load_areas(self) -> dict[str, dict[str, Any]]:
        table = CompetenceArea.__table__
        found: dict[str, dict[str, Any]] = {}
        for r in self.session.execute(select(table.c.id, table.c.name, table.c.code)):
            found[fold_for_search(r.name)] = {"id": r.id, "name": r.name}
            if r.code:
                found.setdefault(fold_for_search(r.code), {"id": r.id, "name": r.name})
        return found

    def _check_areas(self) -> None:
        """Turn area cells into area ids; an unknown area is an error, never created."""
        column = self.header("area")
        dated = [self.columns[k].index for k in ("area_from", "join_date") if k in self.columns]
        if (
            self.options.area_from is None
            and column is not None
            and any(
                row.values[self.columns["area"].index] is not None
                and all(row.values[j] is None for j in dated)
                for row in self.rows
            )
        ):
            self.ask(
                PlanQuestion(
                    key="area_from",
                    kind="date",
                    column=column,
                    message=msg(
                        "From which date do the competence-area memberships count? Some rows "
                        "give neither an area date nor a join date."
                    ),
                )
            )
        for row in self.rows:
            text = row.parsed.get("area")
            if text is None:
                continue
            ids, unknown = self._area_ids(text)
            if unknown:
                known = ", ".join(sorted(a["name"] for a in self.areas.values()))
                self.problem(
                    row,
                    column,
                    msg(
                        'competence area "{area}" does not exist (known: '
                        "{known}): correct the name or create the area first",
                        area=unknown,
                        known=known or msg("none yet"),
                    ),
                )
            row.parsed["area_ids"] = ids

    def _area_ids(self, text: str) -> tuple[list[int], str | None]:
        whole = self.areas.get(fold_for_search(text))
        if whole is not None:
            return [whole["id"]], None
        ids: list[int] = []
        for part in re.split(r"[;,|\n/]+", text):
            part = part.strip()
            if not part:
                continue
            found = self.areas.get(fold_for_search(part))
            if found is None:
                return [], part
            if found["id"] not in ids:
                ids.append(found["id"])
        return ids, None

    # -- existing records ----------------------------------------------------------------------
    def _load_orgs(self) -> dict[int, dict[str, Any]]:
        """Existing organisations: what matching needs plus the mapped fields (not all)."""
        table = Organisation.__table__
        wanted = {"id", "name", "legal_name", "vat", "city", "version", "is_external"}
        wanted |= {key for key in self.columns if key in _ORG_FIELDS}
        columns = [table.c[name] for name in sorted(wanted)]
        return {r.id: dict(r._mapping) for r in self.session.execute(select(*columns))}

    def _load_children(self, org_ids: set[int]) -> None:
        snap = self.snapshot
        ids = org_ids - snap.loaded
        if not ids:
            return
        snap.loaded |= ids
        for p in _rows_by_ids(self.session, MembershipPeriod, "organisation_id", ids):
            snap.periods[p["organisation_id"]].append(p)
        years = {y for y in (self.fee_year, self.size_year) if y is not None}
        years |= {
            r.parsed[k]
            for r in self.rows
            for k in ("year", "fee_year", "size_year")
            if k in r.parsed
        }
        if years:
            for f in _rows_by_ids(
                self.session, Fee, "organisation_id", ids, Fee.__table__.c.year.in_(sorted(years))
            ):
                snap.fees[f["organisation_id"]][f["year"]] = f
            for s in _rows_by_ids(
                self.session,
                SizeData,
                "organisation_id",
                ids,
                SizeData.__table__.c.year.in_(sorted(years)),
            ):
                snap.sizes[s["organisation_id"]][s["year"]] = s
        if any(k in self.columns for k in _CONTACT_FIELDS):
            for c in _rows_by_ids(self.session, Contact, "organisation_id", ids):
                snap.contacts[c["organisation_id"]].append(c)
        if "area" in self.columns:
            for a in _rows_by_ids(self.session, AreaParticipation, "organisation_id", ids):
                snap.areas[a["organisation_id"]].append(a)

    # -- grouping and matching -----------------------------------------------------------------
    def _group(self) -> None:
        live = [r for r in self.rows if r.status is not RowStatus.ERROR]
        leaders, _duplicates = group_rows(
            [(r.parsed.get("vat"), r.parsed.get("name")) for r in live]
        )
        for row, leader in zip(live, leaders, strict=True):
            row.group = live[leader].index
            if row.group != row.index:
                row.duplicate_of = self.rows[row.group].row_number

    def _match(self, members: list[PlanRow]) -> MatchResult:
        vat = next((r.parsed["vat"] for r in members if "vat" in r.parsed), None)
        name = next((r.parsed["name"] for r in members if "name" in r.parsed), None)
        # A known VAT number with a clearly different name is reviewed, not a silent rename.
        return self.index.match(vat, name, name_must_agree=True)

    # -- planning a group ----------------------------------------------------------------------
    def create_refused(self, group: int) -> Message | None:
        members = self.group_rows(group)
        vat = next((r.parsed["vat"] for r in members if r.parsed.get("vat")), None)
        owner = self.index.by_vat.get(str(vat).upper()) if vat else None
        if owner is None:
            return None
        return msg(
            "Row {row} cannot be a new organisation: VAT number {vat} already belongs to "
            "{name}, and a VAT number belongs to one organisation only. Choose that "
            "organisation or skip the row.",
            row=members[0].row_number,
            vat=vat,
            name=self.index.orgs[owner].name,
        )

    def decide(self, plan: ImportPlan, group: int, decision: ReviewDecision) -> None:
        members = [r for r in self.group_rows(group) if not r.problems]
        if not members:
            return
        match = members[0].match or MatchResult(MatchHow.NONE)
        if decision.org_id is not None:
            self._load_children({decision.org_id})
        for row in members:
            row.status = RowStatus.UNCHANGED
            row.notes = [n for n in row.notes if not n.startswith("decision:")]
        self._plan_group(members, match, decision)

    def _plan_group(
        self, members: list[PlanRow], match: MatchResult, decision: ReviewDecision | None
    ) -> None:
        leader = members[0]
        for row in members:
            row.match = match
            row.candidates = match.candidates
            row.decision = decision if match.how is MatchHow.REVIEW else None
            row.ops = []
            note = msg("same organisation as row {row}", row=leader.row_number)
            if row is not leader and note not in row.notes:
                row.notes.append(note)
        target: int | None = match.org_id
        if match.how is MatchHow.REVIEW:
            if (
                decision is not None
                and decision.action is ReviewAction.CREATE
                and self.create_refused(leader.group) is not None
            ):
                # "Create them all as new" (or --review create) cannot make a second owner of
                # a VAT number: the row waits for "same as" or "skip".
                decision = None
                for row in members:
                    row.decision = None
            if decision is None:
                for row in members:
                    row.status = RowStatus.REVIEW
                return
            if decision.action is ReviewAction.SKIP:
                for row in members:
                    row.status = RowStatus.SKIP
                    row.notes.append("decision: skipped")
                return
            target = decision.org_id if decision.action is ReviewAction.MERGE else None
            for row in members:
                row.notes.append(f"decision: {decision.action.value}")
        org_values = self._merge_org_values(members)
        if target is not None and match.how is MatchHow.REVIEW:
            # The user said which organisation it is, not how to spell it: the name stays.
            org_values.pop("name", None)
            org_values.pop("legal_name", None)
        live = [r for r in members if not r.problems]
        if not live:
            return
        for row in members:
            row.target_id = target
        state = _GroupState()
        if target is None:
            root = self._create_org(live[0], org_values)
            live[0].ops.append(root)
            if live[0].problems:
                self.fail_group(members, live[0])
                return
        else:
            self._load_children({target})
            update = self._update_org(target, org_values, live)
            if update is not None:
                live[0].ops.append(update)
            existing = self.snapshot
            state.periods = [dict(p) for p in existing.periods.get(target, [])]
            state.fees = {y: dict(f) for y, f in existing.fees.get(target, {}).items()}
            state.sizes = {y: dict(s) for y, s in existing.sizes.get(target, {}).items()}
            state.contacts = [dict(c) for c in existing.contacts.get(target, [])]
            state.areas = [dict(a) for a in existing.areas.get(target, [])]
        for row in live:
            self._children(row, state, created=target is None)
        for row in members:
            self.finish(row, root_created=target is None)

    def _merge_org_values(self, members: list[PlanRow]) -> dict[str, Any]:
        """Organisation fields of the group; a row contradicting an earlier one is an error."""
        merged: dict[str, Any] = {}
        source: dict[str, int] = {}
        for row in members:
            if row.problems:
                continue
            clash = None
            for key in _ORG_FIELDS:
                value = row.parsed.get(key)
                if value is None or key not in merged:
                    continue
                same = (
                    name_key(value) == name_key(merged[key])
                    if key in ("name", "legal_name")
                    else _same(merged[key], value)
                )
                if not same:
                    clash = key
                    break
            if clash is not None:
                self.problem(
                    row,
                    self.header(clash),
                    msg(
                        "this row repeats the organisation of row {row} with a different "
                        "value ({there} there, {here} here): make them agree",
                        row=source[clash],
                        there=_shown(merged[clash]),
                        here=_shown(row.parsed[clash]),
                    ),
                )
                continue
            for key in _ORG_FIELDS:
                if key in row.parsed and key not in merged:
                    merged[key] = row.parsed[key]
                    source[key] = row.row_number
        return merged

    def _create_org(self, row: PlanRow, values: dict[str, Any]) -> RecordOp:
        wanted = {k: v for k, v in values.items() if v is not None}
        if "name" not in wanted:
            self.problem(
                row,
                self.header("vat"),
                msg(
                    "no organisation has VAT number {vat}: add its name to create it",
                    vat=wanted.get("vat"),
                ),
            )
            return RecordOp(Organisation, "create", wanted, msg("organisation"))
        if "org_type" not in wanted:
            try:
                guessed = parse_org_type(wanted["name"])
            except ValueParseError:
                guessed = None
            wanted["org_type"] = OrgType(guessed) if guessed else OrgType.COMPANY
            row.notes.append(
                msg("type {type} taken from the name", type=_ORG_TYPE_WORDS[wanted["org_type"]])
                if guessed
                else msg("type not given: company assumed")
            )
        wanted.setdefault("country", self.options.default_country)
        wanted["is_external"] = False
        return RecordOp(Organisation, "create", wanted, msg("organisation"))

    def _update_org(
        self, org_id: int, values: dict[str, Any], members: list[PlanRow]
    ) -> RecordOp | None:
        existing = self.snapshot.orgs[org_id]
        wanted = dict(values)
        for key in ("name", "legal_name"):
            # The same name spelt another way ("ALFA SRL" for "Alfa S.r.l.") is kept as stored.
            if (
                wanted.get(key)
                and existing.get(key)
                and name_key(wanted[key]) == name_key(existing[key])
            ):
                wanted.pop(key)
        if existing.get("is_external") and any("join_date" in r.parsed for r in members):
            wanted["is_external"] = False
        new, old = _update_values(existing, wanted)
        if not new:
            return None
        return RecordOp(
            Organisation, "update", new, msg("organisation"), org_id, existing["version"], old
        )

    # -- children ------------------------------------------------------------------------------
    def _children(self, row: PlanRow, state: _GroupState, created: bool) -> None:
        self._membership(row, state, created)
        self._fee(row, state)
        self._size(row, state)
        self._contact(row, state)
        self._areas(row, state)

    def _membership(self, row: PlanRow, state: _GroupState, created: bool) -> None:
        p = row.parsed
        join, leave, category = p.get("join_date"), p.get("leave_date"), p.get("category")
        if join is None and leave is None and category is None:
            if created:
                row.notes.append(msg("no join date: recorded, but not as a member"))
            return
        open_periods = [q for q in state.periods if q.get("leave_date") is None]
        if join is not None:
            same = next((q for q in state.periods if q["join_date"] == join), None)
            if same is None and len(open_periods) == 1 and not created:
                same = open_periods[0]
            if same is not None:
                self._child_update(
                    row,
                    MembershipPeriod,
                    "organisation",
                    same,
                    {"join_date": join, "leave_date": leave, "category": category},
                    msg("membership from {date}", date=same["join_date"]),
                )
                return
            if any(q["join_date"] == join for q in state.periods):
                return
            values = {"join_date": join, "leave_date": leave, "category": category}
            state.periods.append(dict(values))
            row.ops.append(
                RecordOp(
                    MembershipPeriod,
                    "create",
                    values,
                    msg("membership from {date}", date=join),
                    link="organisation",
                )
            )
            return
        if len(open_periods) == 1:
            self._child_update(
                row,
                MembershipPeriod,
                "organisation",
                open_periods[0],
                {"leave_date": leave, "category": category},
                msg("membership from {date}", date=open_periods[0]["join_date"]),
            )
            return
        column = self.header("leave_date") if leave is not None else self.header("category")
        self.problem(
            row,
            column,
            msg("the organisation has no open membership to change: add the join date"),
        )

    def _child_update(
        self,
        row: PlanRow,
        model: type[Base],
        link: str,
        existing: dict[str, Any],
        wanted: dict[str, Any],
        label: str,
        clear: frozenset[str] = frozenset(),
    ) -> None:
        """Update a stored (or earlier planned) child record; planned ones are merged."""
        new, old = _update_values(existing, wanted, clear)
        if not new:
            return
        if existing.get("id") is None:
            # Planned earlier in this import by a row naming the same organisation.
            clash = next(iter(new))
            self.problem(
                row,
                None,
                msg(
                    "{record}: {field} is {earlier} in an earlier row and {here} here: "
                    "make the rows agree",
                    record=label,
                    field=clash,
                    earlier=_shown(existing.get(clash)),
                    here=_shown(new[clash]),
                ),
            )
            return
        existing.update(new)
        row.ops.append(
            RecordOp(
                model, "update", new, label, existing["id"], existing.get("version"), old, link=link
            )
        )

    def _year_for(self, row: PlanRow, group: str) -> int | None:
        specific = "fee_year" if group == "fee" else "size_year"
        if specific in row.parsed:
            return int(row.parsed[specific])
        if "year" in row.parsed:
            return int(row.parsed["year"])
        return self.fee_year if group == "fee" else self.size_year

    def _fee(self, row: PlanRow, state: _GroupState) -> None:
        p = row.parsed
        if not any(k in p for k in _FEE_FIELDS):
            return
        year = self._year_for(row, "fee")
        if year is None:
            if self.questions:
                row.notes.append(msg("fee waiting for the year to be chosen"))
            else:
                self.problem(
                    row, self.header("fee_year") or self.header("year"), msg("the fee has no year")
                )
            return
        existing = state.fees.get(year)
        due = p.get("fee_due")
        paid = p.get("fee_paid")
        due_now = due if due is not None else (existing or {}).get("amount_due")
        if isinstance(paid, bool):
            if paid and due_now is None:
                self.problem(
                    row,
                    self.header("fee_paid"),
                    msg("the fee is marked paid but its amount is not given"),
                )
                return
            paid = due_now if paid else Decimal("0.00")
        wanted = {"amount_due": due, "amount_paid": paid, "paid_date": p.get("fee_paid_date")}
        label = msg("fee {year}", year=year)
        if existing is not None:
            self._child_update(row, Fee, "organisation", existing, wanted, label)
            return
        values = {
            "year": year,
            "amount_due": due if due is not None else Decimal("0.00"),
            "amount_paid": paid if paid is not None else Decimal("0.00"),
            "paid_date": p.get("fee_paid_date"),
        }
        state.fees[year] = dict(values)
        row.ops.append(RecordOp(Fee, "create", values, label, link="organisation"))

    def _size(self, row: PlanRow, state: _GroupState) -> None:
        p = row.parsed
        if not any(k in p for k in _SIZE_FIELDS):
            return
        year = self._year_for(row, "size")
        if year is None:
            if self.questions:
                row.notes.append(msg("size data waiting for the year to be chosen"))
            else:
                self.problem(
                    row,
                    self.header("size_year") or self.header("year"),
                    msg("the size figures have no year"),
                )
            return
        wanted = {k: p.get(k) for k in _SIZE_FIELDS}
        existing = state.sizes.get(year)
        label = msg("size data {year}", year=year)
        if existing is not None:
            self._child_update(row, SizeData, "organisation", existing, wanted, label)
            return
        values = {"year": year, **wanted, "source": f"import {self.table.file_name}"[:200]}
        state.sizes[year] = dict(values)
        row.ops.append(RecordOp(SizeData, "create", values, label, link="organisation"))

    def _contact(self, row: PlanRow, state: _GroupState) -> None:
        p = row.parsed
        if not any(k in p for k in _CONTACT_FIELDS):
            return
        first, last = p.get("contact_first_name"), p.get("contact_last_name")
        if last is None and "contact_name" in p:
            split_first, last = split_person_name(p["contact_name"])
            first = first or split_first
        if last is None:
            if first is not None:
                last, first = first, None
            else:
                self.problem(
                    row,
                    self.header("contact_email") or self.header("contact_role"),
                    msg("contact details without the person's name: add the name"),
                )
                return
        email = p.get("contact_email")
        wanted = {
            "first_name": first,
            "last_name": last,
            "role": p.get("contact_role"),
            "email": email,
            "phone": p.get("contact_phone"),
            "consent": p.get("contact_consent"),
        }
        person = " ".join(x for x in (first, last) if x)
        existing = self._find_contact(state.contacts, first, last, email)
        label = msg("contact {person}", person=person)
        # Consent goes with its date (rules.contacts): a file saying "yes" dates the consent
        # on the day of the import unless it was given earlier; "no" withdraws it with its date.
        clear: frozenset[str] = frozenset()
        if wanted["consent"] is True:
            wanted["consent_date"] = (existing or {}).get("consent_date") or date.today()
        elif wanted["consent"] is False:
            wanted["consent_date"] = None
            clear = frozenset({"consent_date"})
        if existing is not None:
            wanted.pop("last_name")
            if existing.get("first_name") is not None:
                wanted.pop("first_name")
            self._child_update(row, Contact, "organisation", existing, wanted, label, clear)
            return
        values = {k: v for k, v in wanted.items() if v is not None}
        values.setdefault("consent", False)
        state.contacts.append(dict(values))
        row.ops.append(RecordOp(Contact, "create", values, label, link="organisation"))

    @staticmethod
    def _find_contact(
        contacts: list[dict[str, Any]], first: str | None, last: str, email: str | None
    ) -> dict[str, Any] | None:
        if email:
            for c in contacts:
                if c.get("email") and c["email"].casefold() == email.casefold():
                    return c
        full = fold_for_search(" ".join(x for x in (first, last) if x))
        for c in contacts:
            theirs = fold_for_search(
                " ".join(x for x in (c.get("first_name"), c.get("last_name")) if x)
            )
            if theirs == full or (
                not first and _fold(c.get("last_name")) == _fold(last) and not c.get("email")
            ):
                return c
        return None

    def _areas(self, row: PlanRow, state: _GroupState) -> None:
        ids = row.parsed.get("area_ids") or []
        if not ids:
            return
        start = row.parsed.get("area_from") or row.parsed.get("join_date") or self.options.area_from
        if start is None:
            row.notes.append(msg("areas waiting for an answer about their start date"))
            return
        for area_id in ids:
            name = next(a["name"] for a in self.areas.values() if a["id"] == area_id)
            current = [
                a
                for a in state.areas
                if a["area_id"] == area_id and (a.get("to_date") is None or a["to_date"] > start)
            ]
            if current:
                continue
            values = {"area_id": area_id, "from_date": start}
            state.areas.append(dict(values))
            row.ops.append(
                RecordOp(
                    AreaParticipation,
                    "create",
                    values,
                    msg("area {name}", name=name),
                    link="organisation",
                )
            )


# --------------------------------------------------------------------------------------------
# Projects (and the CORDIS preset, which feeds the same machinery)


_PROJECT_FIELDS = ("acronym", "title", "programme", "call_id", "status", "cluster_role",
                   "start_date", "end_date", "total_budget", "cluster_budget", "eu_contribution",
                   "cordis_id", "website")  # fmt: skip
_PARTNER_FIELDS = (
    "partner_name",
    "partner_vat",
    "partner_role",
    "partner_country",
    "partner_budget",
    "partner_contribution",
)


@dataclass
class PartnerDraft:
    """A project partner as read from a file.

    Attributes:
        name: Organisation name.
        vat: VAT number, if known.
        role: Role in the project.
        country: Two-letter country code of an external partner.
        budget: Partner budget (total cost of its part).
        contribution: EU/public contribution to the partner.
        org_id: Existing organisation it is (set by the planner, or by a CORDIS decision).
        member_id: The member it certainly is (same VAT or name), for CORDIS.
        candidates: Possible members when the name is only similar (CORDIS review).
        source_row: Row of the partner in its file, for problems.
    """

    name: str | None
    vat: str | None = None
    role: ProjectRole | None = None
    country: str | None = None
    budget: Decimal | None = None
    contribution: Decimal | None = None
    org_id: int | None = None
    member_id: int | None = None
    candidates: tuple[Candidate, ...] = ()
    source_row: int | None = None


class ProjectPlanner(_Planner):
    """Projects with partners: one row per project, or one row per partner of a project."""

    kind = ImportKind.PROJECTS

    def plan(self) -> ImportPlan:
        self.read_rows()
        self.prepare()
        for row in self.rows:
            if row.status is RowStatus.ERROR:
                continue
            p = row.parsed
            row.label = p.get("acronym") or p.get("cordis_id") or _row_label(row)
            if "acronym" not in p and "cordis_id" not in p:
                self.problem(row, None, msg("the row has neither an acronym nor a CORDIS id"))
                continue
            if any(k in p for k in ("partner_name", "partner_vat")):
                row.parsed["partners"] = [self._partner_from_row(row)]
        self._group()
        self.plan_groups()
        return self.result()

    # -- shared with CORDIS ----------------------------------------------------------------------
    def prepare(self) -> None:
        """Load existing projects and organisations."""
        table = Project.__table__
        self.projects = {r.id: dict(r._mapping) for r in self.session.execute(select(table))}
        self.by_cordis: dict[str, int] = {}
        self.by_acronym: dict[str, list[int]] = defaultdict(list)
        for p in self.projects.values():
            if p["cordis_id"]:
                self.by_cordis[str(p["cordis_id"])] = p["id"]
            self.by_acronym[fold_for_search(p["acronym"])].append(p["id"])
        org = Organisation.__table__
        refs = [
            OrgRef(r.id, r.name, r.legal_name, r.vat, r.city)
            for r in self.session.execute(
                select(org.c.id, org.c.name, org.c.legal_name, org.c.vat, org.c.city)
            )
        ]
        self.index = OrgIndex.build(refs)
        self.partner_rows: dict[int, list[dict[str, Any]]] = defaultdict(list)

    def _partner_from_row(self, row: PlanRow) -> PartnerDraft:
        p = row.parsed
        draft = PartnerDraft(
            name=p.get("partner_name"),
            vat=p.get("partner_vat"),
            role=p.get("partner_role"),
            country=p.get("partner_country"),
            budget=p.get("partner_budget"),
            contribution=p.get("partner_contribution"),
            source_row=row.row_number,
        )
        found = self.index.match(draft.vat, draft.name, fuzzy=False)
        draft.org_id = found.org_id
        return draft

    def _group(self) -> None:
        first: dict[str, int] = {}
        for row in self.rows:
            if row.status is RowStatus.ERROR:
                continue
            p = row.parsed
            key = (
                f"c:{p['cordis_id']}"
                if p.get("cordis_id")
                else f"a:{fold_for_search(p['acronym'])}"
            )
            leader = first.setdefault(key, row.index)
            row.group = leader
            if leader != row.index:
                row.duplicate_of = self.rows[leader].row_number

    def plan_groups(self) -> None:
        """Plan every group of rows (one project each)."""
        groups = _group_members(r for r in self.rows if r.status is not RowStatus.ERROR)
        wanted = set()
        for members in groups.values():
            target = self.find_project(members[0])
            members[0].target_id = target
            if target is not None:
                wanted.add(target)
        for p in _rows_by_ids(self.session, ProjectPartner, "project_id", wanted):
            self.partner_rows[p["project_id"]].append(p)
        for members in groups.values():
            self.plan_project(members)

    def find_project(self, row: PlanRow) -> int | None:
        """Existing project of *row*: same CORDIS id, else the only one with the acronym."""
        p = row.parsed
        if p.get("cordis_id") and str(p["cordis_id"]) in self.by_cordis:
            row.notes.append(msg("matched by CORDIS id {cordis_id}", cordis_id=p["cordis_id"]))
            return self.by_cordis[str(p["cordis_id"])]
        if p.get("acronym"):
            same = [
                i
                for i in self.by_acronym.get(fold_for_search(p["acronym"]), [])
                if not (p.get("cordis_id") and self.projects[i]["cordis_id"])
            ]
            if len(same) == 1:
                row.notes.append(msg("matched by acronym"))
                return same[0]
            if len(same) > 1:
                self.problem(
                    row,
                    self.header("acronym"),
                    msg(
                        '{count} projects are called "{acronym}": add the CORDIS id '
                        "or rename one of them first",
                        count=len(same),
                        acronym=p["acronym"],
                    ),
                )
        return None

    def plan_project(self, members: list[PlanRow]) -> None:
        """Plan one project (its rows) against the stored project, if any."""
        leader = members[0]
        if leader.problems:
            self.fail_group(members, leader)
            return
        target = leader.target_id
        values: dict[str, Any] = {}
        source: dict[str, int] = {}
        for row in members:
            row.target_id = target
            row.ops = []
            note = msg("same project as row {row}", row=leader.row_number)
            if row is not leader and note not in row.notes:
                row.notes.append(note)
            for key in _PROJECT_FIELDS:
                value = row.parsed.get(key)
                if value is None:
                    continue
                if key in values and not _same(values[key], value):
                    self.problem(
                        row,
                        self.header(key),
                        msg(
                            "row {row} gives {there} for the same project, this row {here}: "
                            "make them agree",
                            row=source[key],
                            there=_shown(values[key]),
                            here=_shown(value),
                        ),
                    )
                    break
                values.setdefault(key, value)
                source.setdefault(key, row.row_number)
        live = [r for r in members if not r.problems]
        if not live:
            return
        if target is None:
            wanted = {k: v for k, v in values.items() if v is not None}
            if "acronym" not in wanted:
                self.problem(
                    live[0], self.header("cordis_id"), msg("a new project needs an acronym")
                )
                self.fail_group(members, live[0])
                return
            live[0].ops.append(
                RecordOp(
                    Project, "create", wanted, msg("project {acronym}", acronym=wanted["acronym"])
                )
            )
        else:
            existing = self.projects[target]
            new, old = _update_values(existing, values)
            if new:
                live[0].ops.append(
                    RecordOp(
                        Project,
                        "update",
                        new,
                        msg("project {acronym}", acronym=existing["acronym"]),
                        target,
                        existing["version"],
                        old,
                    )
                )
        partners = [dict(p) for p in self.partner_rows.get(target, [])] if target else []
        for row in live:
            for draft in row.parsed.get("partners", []):
                self._partner_op(row, draft, partners)
        for row in members:
            self.finish(row, root_created=target is None)

    def _partner_op(
        self, row: PlanRow, draft: PartnerDraft, partners: list[dict[str, Any]]
    ) -> None:
        name = draft.name
        if draft.org_id is None and not name:
            self.problem(
                row,
                self.header("partner_vat"),
                msg("no organisation has VAT number {vat}: add the partner's name", vat=draft.vat),
            )
            return
        existing = None
        for p in partners:
            if draft.org_id is not None and p.get("organisation_id") == draft.org_id:
                existing = p
                break
            if (
                draft.org_id is None
                and p.get("organisation_id") is None
                and name
                and _fold(p.get("external_name")) == fold_for_search(name)
            ):
                existing = p
                break
        shown = self.index.orgs[draft.org_id].name if draft.org_id in self.index.orgs else name
        label = msg("partner {name}", name=shown)
        wanted: dict[str, Any] = {
            "role": draft.role,
            "budget": draft.budget,
            "contribution": draft.contribution,
        }
        if draft.org_id is None:
            wanted["external_country"] = draft.country
        if existing is not None:
            new, old = _update_values(existing, wanted)
            if not new:
                return
            if existing.get("id") is None:
                self.problem(
                    row, None, msg("{record} appears twice with different values", record=label)
                )
                return
            existing.update(new)
            row.ops.append(
                RecordOp(
                    ProjectPartner,
                    "update",
                    new,
                    label,
                    existing["id"],
                    existing.get("version"),
                    old,
                    link="project",
                )
            )
            return
        values = {k: v for k, v in wanted.items() if v is not None}
        values.setdefault("role", ProjectRole.PARTNER)
        if draft.org_id is not None:
            values["organisation_id"] = draft.org_id
        else:
            values["external_name"] = name
        partners.append(
            {
                **values,
                "organisation_id": draft.org_id,
                "external_name": values.get("external_name"),
            }
        )
        row.ops.append(RecordOp(ProjectPartner, "create", values, label, link="project"))


# --------------------------------------------------------------------------------------------
# Activities


_ACTIVITY_FIELDS = ("start_date", "end_date", "title", "activity_type", "location")
_PARTICIPANT_FIELDS = (
    "participant_org",
    "participant_vat",
    "participant_name",
    "participant_first_name",
    "participant_last_name",
    "participant_email",
)


class ActivityPlanner(_Planner):
    """Activities (one row per activity, or one row per participant)."""

    kind = ImportKind.ACTIVITIES
    targets = {**_TARGETS, **_ACTIVITY_TARGETS}

    def plan(self) -> ImportPlan:
        self.read_rows()
        table = Activity.__table__
        self.activities = {r.id: dict(r._mapping) for r in self.session.execute(select(table))}
        self.by_key: dict[tuple[date, str], list[int]] = defaultdict(list)
        for a in self.activities.values():
            self.by_key[(a["start_date"], fold_for_search(a["title"]))].append(a["id"])
        org = Organisation.__table__
        self.index = OrgIndex.build(
            OrgRef(r.id, r.name, r.legal_name, r.vat, r.city)
            for r in self.session.execute(
                select(org.c.id, org.c.name, org.c.legal_name, org.c.vat, org.c.city)
            )
        )
        first: dict[tuple[date, str], int] = {}
        for row in self.rows:
            p = row.parsed
            row.label = f"{p.get('start_date') or ''} {p.get('title') or ''}".strip()
            if row.status is RowStatus.ERROR:
                continue
            if "start_date" not in p or "title" not in p:
                no_date = "start_date" not in p
                self.problem(
                    row,
                    self.header("start_date" if no_date else "title"),
                    msg("the activity has no date")
                    if no_date
                    else msg("the activity has no title"),
                )
                continue
            key = (p["start_date"], fold_for_search(p["title"]))
            row.group = first.setdefault(key, row.index)
            if row.group != row.index:
                row.duplicate_of = self.rows[row.group].row_number
        groups = _group_members(r for r in self.rows if r.status is not RowStatus.ERROR)
        targets: dict[int, int | None] = {}
        for leader, members in groups.items():
            p = members[0].parsed
            found = self.by_key.get((p["start_date"], fold_for_search(p["title"])), [])
            targets[leader] = found[0] if len(found) == 1 else None
            if len(found) > 1:
                self.problem(
                    members[0],
                    self.header("title"),
                    msg("several activities have this date and title: edit them first"),
                )
        existing: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for part in _rows_by_ids(
            self.session,
            ActivityParticipant,
            "activity_id",
            [t for t in targets.values() if t is not None],
        ):
            existing[part["activity_id"]].append(part)
        for leader, members in groups.items():
            self._plan_activity(members, targets[leader], existing)
        return self.result()

    def _plan_activity(
        self, members: list[PlanRow], target: int | None, existing: dict[int, list[dict[str, Any]]]
    ) -> None:
        leader = members[0]
        if leader.problems:
            self.fail_group(members, leader)
            return
        values: dict[str, Any] = {}
        for row in members:
            row.target_id = target
            if row is not leader:
                row.notes.append(msg("same activity as row {row}", row=leader.row_number))
            for key in _ACTIVITY_FIELDS:
                value = row.parsed.get(key)
                if value is None:
                    continue
                if key in values and not _same(values[key], value):
                    self.problem(
                        row,
                        self.header(key),
                        msg(
                            "row {row} gives {there} for the same activity, this row {here}: "
                            "make them agree",
                            row=leader.row_number,
                            there=_shown(values[key]),
                            here=_shown(value),
                        ),
                    )
                    break
                values.setdefault(key, value)
        live = [r for r in members if not r.problems]
        if not live:
            return
        if target is None:
            live[0].ops.append(
                RecordOp(
                    Activity, "create", dict(values), msg("activity {title}", title=values["title"])
                )
            )
        else:
            new, old = _update_values(self.activities[target], values)
            if new:
                live[0].ops.append(
                    RecordOp(
                        Activity,
                        "update",
                        new,
                        msg("activity {title}", title=values["title"]),
                        target,
                        self.activities[target]["version"],
                        old,
                    )
                )
        people = [dict(p) for p in existing.get(target, [])] if target else []
        for row in live:
            self._participant(row, people)
        for row in members:
            self.finish(row, root_created=target is None)

    def _participant(self, row: PlanRow, people: list[dict[str, Any]]) -> None:
        p = row.parsed
        if not any(k in p for k in _PARTICIPANT_FIELDS):
            return
        person = (
            p.get("participant_name")
            or " ".join(
                x for x in (p.get("participant_first_name"), p.get("participant_last_name")) if x
            )
            or None
        )
        org_name = p.get("participant_org")
        org_id = None
        if org_name or p.get("participant_vat"):
            found = self.index.match(p.get("participant_vat"), org_name, fuzzy=False)
            org_id = found.org_id
        if org_id is None and not org_name and not person:
            self.problem(
                row,
                self.header("participant_email") or self.header("participant_vat"),
                msg("a participant needs a person's name or an organisation"),
            )
            return
        email = p.get("participant_email")
        for other in people:
            if email and other.get("email") and other["email"].casefold() == email.casefold():
                return
            same_org = (
                other.get("organisation_id") == org_id
                if org_id is not None
                else _fold(other.get("external_organisation")) == _fold(org_name)
            )
            if same_org and _fold(other.get("person_name")) == _fold(person):
                if email and not other.get("email") and other.get("id"):
                    row.ops.append(
                        RecordOp(
                            ActivityParticipant,
                            "update",
                            {"email": email},
                            msg("participant {name}", name=person or org_name),
                            other["id"],
                            other.get("version"),
                            {"email": None},
                            link="activity",
                        )
                    )
                    other["email"] = email
                return
        values: dict[str, Any] = {"person_name": person, "email": email}
        if org_id is not None:
            values["organisation_id"] = org_id
            row.notes.append(msg("participant linked to {name}", name=self.index.orgs[org_id].name))
        else:
            values["external_organisation"] = org_name
        values = {k: v for k, v in values.items() if v is not None}
        people.append(
            {
                "organisation_id": org_id,
                "external_organisation": org_name,
                "person_name": person,
                "email": email,
            }
        )
        row.ops.append(
            RecordOp(
                ActivityParticipant,
                "create",
                values,
                msg("participant {name}", name=person or org_name),
                link="activity",
            )
        )


__all__ = [
    "ActivityPlanner",
    "FieldChange",
    "ImportPlan",
    "MemberPlanner",
    "PartnerDraft",
    "PlanCounts",
    "PlanOptions",
    "PlanQuestion",
    "PlanRow",
    "Problem",
    "ProjectPlanner",
    "RecordOp",
    "ReviewAction",
    "ReviewDecision",
    "RowStatus",
    "build_plan",
    "parse_country",
    "split_person_name",
]
