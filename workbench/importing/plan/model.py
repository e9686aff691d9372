"""The plan model: what an import preview is made of (rows, operations, problems, questions).

Plain data with no database access: :mod:`~workbench.importing.plan.base` and the planners of
each record kind fill it, :mod:`workbench.importing.apply` writes it, the wizard shows it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from workbench.gcpause import collector_paused
from workbench.importing.fields import ImportKind
from workbench.importing.mapping import Mapping
from workbench.importing.matching import Candidate, MatchResult
from workbench.importing.parsing import DateOrder
from workbench.importing.readers import Cell
from workbench.models import Base
from workbench.services.base import unit_of_work
from workbench.translatable import Message, compose, join, msg

ProgressCallback = Callable[..., None]


def shown_value(value: Any) -> str:
    """A value as a problem or change shows it ("(empty)" for None, enums by their value)."""
    if value is None:
        return msg("(empty)")
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


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
        return f"{self.record}: {self.field} {shown_value(self.old)} -> {shown_value(self.new)}"


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
