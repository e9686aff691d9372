"""The planner base: mapped columns, questions, one plan row per source row.

:class:`Planner` reads and checks the cells (each distinct cell of a column once), asks the
questions the file cannot answer (date order), keeps the rows and turns them into an
:class:`~workbench.importing.plan.model.ImportPlan`; the planner of each record kind
(:mod:`.members`, :mod:`.projects`, :mod:`.activities`) compares them with the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.gcpause import collector_paused
from workbench.importing.errors import ValueParseError
from workbench.importing.fields import ImportKind, ValueKind
from workbench.importing.mapping import Mapping, field_spec
from workbench.importing.parsing import DateOrder, detect_date_order
from workbench.importing.plan.model import (
    ImportPlan,
    PlanOptions,
    PlanQuestion,
    PlanRow,
    Problem,
    ProgressCallback,
    ReviewAction,
    ReviewDecision,
    RowStatus,
)
from workbench.importing.plan.values import CellReader, ColumnLimit, MappedColumn, Targets
from workbench.importing.readers import Cell, RawTable
from workbench.models import Base
from workbench.services.base import in_batches, unit_of_work
from workbench.translatable import Message, msg

if TYPE_CHECKING:
    from workbench.db import Database

_UNSEEN = object()


class Planner:
    """Shared machinery: read cells, ask questions, keep rows; subclasses do the diff."""

    kind: ImportKind
    # Where the fields of this kind land (length limits, decimal scales): set by each kind.
    targets: Targets

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
        self.reader = CellReader(options)
        self.rows: list[PlanRow] = []
        self._rows_of_group: dict[int, list[PlanRow]] | None = None  # built on first decision

    # -- columns and questions ---------------------------------------------------------------
    def _columns(self) -> dict[str, MappedColumn]:
        index = {h: j for j, h in enumerate(self.table.headers)}
        columns: dict[str, MappedColumn] = {}
        for header, key in self.mapping.columns.items():
            spec = field_spec(self.mapping.kind, key)
            order = None
            if spec.value_kind is ValueKind.DATE:
                order = self._date_order(header, index[header])
            columns[key] = MappedColumn(index[header], header, spec, order)
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
        """Create one PlanRow per source row with parsed values and cell problems.

        Column by column: each column's reader and target limits are chosen once, and each
        distinct cell of a column is parsed once (columns repeat their values: types, areas,
        years, dates). A row's problems come in column order, then the date-range check.
        """
        table = self.table
        rows = [
            PlanRow(index=i, row_number=number, values=cells, group=i, file=self.file_label)
            for i, (cells, number) in enumerate(zip(table.rows, table.row_numbers, strict=True))
        ]
        columns = list(self.columns.items())
        for done, (key, column) in enumerate(columns):
            if self.progress is not None:
                self.progress(len(rows) * done // len(columns), len(rows), "Reading values")
            self._read_column(key, column, rows)
        for row in rows:
            start, end = row.parsed.get("start_date"), row.parsed.get("end_date")
            if isinstance(start, date) and isinstance(end, date) and end < start:
                self.problem(
                    row,
                    self.header("end_date"),
                    msg(
                        "the end date {end} is before the start date {start}", end=end, start=start
                    ),
                )
        self.rows.extend(rows)

    def _read_column(self, key: str, column: MappedColumn, rows: Sequence[PlanRow]) -> None:
        """Parse *column* of every row into ``row.parsed[key]`` or a problem of the row."""
        parse = self.column_parser(key, column)
        # A date column whose order the user has yet to choose: its refusals are not errors yet.
        waiting = column.date_order is None and any(
            q.column == column.header for q in self.questions
        )
        # Keys carry the type, as 1, 1.0 and True are equal in Python.
        seen: dict[tuple[type, Cell], Any] = {}
        index = column.index
        for row in rows:
            value = row.values[index]
            if value is None:
                continue
            parsed = seen.get((type(value), value), _UNSEEN)
            if parsed is _UNSEEN:
                parsed = seen[(type(value), value)] = parse(value)
            if isinstance(parsed, ValueParseError):
                if not waiting:
                    self.problem(row, column.header, parsed.message)
            elif isinstance(parsed, Decimal) and parsed < 0:
                self.problem(
                    row,
                    column.header,
                    msg(
                        '"{value}" is negative: amounts and staff numbers cannot be below zero',
                        value=value,
                    ),
                )
            elif parsed is not None:
                row.parsed[key] = parsed

    def column_parser(self, key: str, column: MappedColumn) -> Callable[[Cell], Any]:
        """The reader of *column* with its target's limits: a value, or the ValueParseError."""
        read = self.reader.reader_for(column)
        limit = ColumnLimit.of(key, self.targets)

        def parse(value: Cell) -> Any:
            try:
                found = read(value)
                return found if found is None else limit.apply(found)
            except ValueParseError as exc:
                return exc

        return parse

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
            self._rows_of_group = group_members(self.rows)
        return self._rows_of_group.get(group, [])


def group_members(rows: Iterable[PlanRow]) -> dict[int, list[PlanRow]]:
    groups: dict[int, list[PlanRow]] = defaultdict(list)
    for row in rows:
        groups[row.group].append(row)
    return groups


def run_planner(
    db_or_session: Database | Session, make_planner: Callable[[Session], Planner]
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


def rows_by_ids(
    session: Session,
    model: type[Base],
    column: str,
    ids: Iterable[int],
    *extra: Any,
    columns: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """The rows of *model* whose *column* is in *ids*, as dictionaries of *columns* (or all)."""
    table = model.__table__  # type: ignore[attr-defined]
    wanted = sorted(set(ids))
    found: list[dict[str, Any]] = []
    selected = [table.c[name] for name in columns] if columns is not None else [table]
    connection = session.connection()  # Core rows: no ORM result processing per row
    shared: dict[Any, Any] = {}
    for chunk in in_batches(wanted):
        result = connection.execute(select(*selected).where(table.c[column].in_(chunk), *extra))
        keys = list(result.keys())
        found.extend(dict(zip(keys, share_values(row, shared), strict=True)) for row in result)
    return found


#: Value types equal only to values of the same type, so that one object can stand for all the
#: equal ones (an int would be equal to True, a Decimal to its respellings, 1.0 to 1.00).
_SHAREABLE = frozenset({str, date})


def share_values(row: Iterable[Any], shared: dict[Any, Any]) -> list[Any]:
    """*row*'s values, each text and date replaced by the equal one seen first in *shared*.

    Stored rows repeat the same dates and words thousands of times, and the driver makes a new
    object for each; a preview of 50,000 members keeps them all while it is open.
    """
    return [shared.setdefault(v, v) if type(v) in _SHAREABLE else v for v in row]
