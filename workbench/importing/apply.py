"""Applying an import plan in one transaction.

:func:`apply_plan` takes a backup, then writes the whole plan in ONE transaction: the
:class:`~workbench.models.ImportBatch` row first (its id is stamped on every history entry),
then the records, through the services' validators. A row that a validator or the database
refuses is quarantined with the reason (it goes to the error report) and the other rows go in.
A crash or a kill at any point leaves the database as it was: the transaction never commits.

For speed the rows are written in chunks, each inside a SAVEPOINT, by :mod:`.bulk`: every
record is checked by its validator as plain values, then the chunk goes in with a few
whole-table statements and its history rows. A row a validator refuses never reaches the
database. Only when the database itself refuses something in a chunk (a constraint, a
concurrent edit) is the chunk rolled back and replayed row by row through the ORM, each row
in its own savepoint, to find and quarantine the culprit.

Undoing a batch and listing past batches is :mod:`workbench.importing.batches`.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

# Importing the services registers the validators that apply runs.
import workbench.services.activities
import workbench.services.members
import workbench.services.projects
import workbench.services.taxonomy  # noqa: F401
from workbench.db import Database
from workbench.errors import ValidationError, WorkbenchError
from workbench.gcpause import collector_paused
from workbench.importing.bulk import (
    Draft,
    IdAllocator,
    load_drafts,
    new_draft,
    record_columns,
    validate_draft,
    write_drafts,
)
from workbench.importing.fields import ImportKind
from workbench.importing.mapping import remember_mapping
from workbench.importing.plan.activities import ACTIVITY_TARGETS
from workbench.importing.plan.members import MEMBER_TARGETS
from workbench.importing.plan.model import ImportPlan, PlanRow, Problem, RecordOp, RowStatus
from workbench.importing.plan.projects import PROJECT_TARGETS
from workbench.models import (
    Base,
    BatchStatus,
    ImportBatch,
    MembershipPeriod,
    Organisation,
    utcnow,
)
from workbench.services.base import unit_of_work, validate
from workbench.services.member_validation import ValidationCache
from workbench.translatable import compose, join, msg

ProgressCallback = Callable[..., None]
CancelCallback = Callable[[], bool]

#: Rows written per SAVEPOINT.
CHUNK_ROWS = 500
_FOREIGN_KEY_OF = {
    "organisation": "organisation_id",
    "project": "project_id",
    "activity": "activity_id",
}
_DB_REFUSALS = (IntegrityError, DataError, StaleDataError)


class ImportCancelled(WorkbenchError):
    """The user cancelled while the import was being written; nothing was written."""


class PlanNotReady(WorkbenchError):
    """The plan still has questions to answer (date order, year ...)."""


class StrictImportError(WorkbenchError):
    """Strict mode: some rows have errors, so nothing was written.

    Attributes:
        problems: The problems that stopped the import.
    """

    def __init__(self, message: str, problems: Sequence[Problem]) -> None:
        super().__init__(message)
        self.problems = list(problems)


# --------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Quarantined:
    """A row that was not written at apply time, and why."""

    row_index: int
    row_number: int
    problems: tuple[Problem, ...]


@dataclass
class ImportResult:
    """What an applied import did.

    Attributes:
        batch_id: The recorded batch (None when there was nothing to write).
        created, updated, unchanged, review, skipped, errors: Rows by outcome; ``errors``
            counts rows with errors in the plan plus rows quarantined while writing.
        quarantined: Rows refused while writing, with the reasons.
        backup: The safety copy taken before writing: a file copy on SQLite, an export on
            PostgreSQL (see ``Database.backup``); None when nothing was written.
        changed: Ids of the organisations/projects/activities created or updated, by table,
            for the wizard's links to changed records.
        file_name: Source file name(s).
        file_hash: SHA-256 of the source file(s).
    """

    batch_id: int | None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    review: int = 0
    skipped: int = 0
    errors: int = 0
    quarantined: list[Quarantined] = field(default_factory=list)
    backup: Path | None = None
    changed: dict[str, list[int]] = field(default_factory=dict)
    file_name: str = ""
    file_hash: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Counts and batch id for printing (the CLI's --json)."""
        return {
            "batch_id": self.batch_id,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "review": self.review,
            "skipped": self.skipped,
            "errors": self.errors,
            "backup": str(self.backup) if self.backup else None,
        }


def file_sha256(paths: Path | str | Sequence[Path | str]) -> str:
    """SHA-256 of a file (of the concatenated hashes when several files are imported)."""
    if isinstance(paths, str | Path):
        paths = [paths]
    digests = []
    for path in paths:
        h = hashlib.sha256()
        with Path(path).open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        digests.append(h.hexdigest())
    if len(digests) == 1:
        return digests[0]
    return hashlib.sha256("".join(digests).encode()).hexdigest()


# --------------------------------------------------------------------------------------------
# Apply


def apply_plan(
    db: Database,
    plan: ImportPlan,
    *,
    file_path: Path | str | Sequence[Path | str],
    user: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    strict: bool = False,
    record_history: bool = True,
    save_mapping: bool = True,
    chunk_rows: int = CHUNK_ROWS,
) -> ImportResult:
    """Write *plan* to *db*: backup, then one transaction recorded as an import batch.

    Args:
        db: The database.
        plan: A plan from :func:`~workbench.importing.plan.build_plan` (or a preset) whose
            questions are answered. Rows still under review are left out (counted as review).
        file_path: The imported file(s), hashed into the batch record.
        user: Name recorded on the batch and in the history (default: the database's user).
        progress: ``progress(done, total, message)`` while writing.
        cancel: Called between chunks; when it returns True the transaction is rolled back and
            :class:`ImportCancelled` raised. A cancel callback that raises instead (the UI's
            TaskState) works as well.
        strict: Write nothing (StrictImportError) when any row has an error or is refused.
        record_history: False turns off the history of this import (benchmarks only).
        save_mapping: Remember the mapping for files with the same headers.
        chunk_rows: Rows per savepoint.

    Returns:
        The counts, the batch id, the quarantined rows and the backup path.

    Raises:
        PlanNotReady: Questions are unanswered.
        StrictImportError: *strict* and some rows have errors.
        ImportCancelled: *cancel* returned True.
    """
    if not plan.ready:
        raise PlanNotReady(
            msg(
                "Answer these questions before importing: {questions}",
                questions=join(" ", (q.message for q in plan.questions)),
            )
        )
    counts = plan.counts()
    if strict and counts.error:
        raise StrictImportError(
            msg(
                "{count} rows have errors, so nothing was imported (strict mode).",
                count=counts.error,
            ),
            plan.problems(),
        )
    paths = [file_path] if isinstance(file_path, str | Path) else list(file_path)
    result = ImportResult(
        batch_id=None,
        unchanged=counts.unchanged,
        review=counts.review,
        skipped=counts.skip,
        errors=counts.error,
        file_name=" + ".join(Path(p).name for p in paths),
        file_hash=file_sha256(paths),
    )
    todo = [
        row for row in plan.rows if row.ops and row.status in (RowStatus.CREATE, RowStatus.UPDATE)
    ]
    if not todo:
        return result
    result.backup = db.backup(reason="pre-import")
    who = user or db.user
    with collector_paused(), unit_of_work(db, source="import") as session:
        session.info["user"] = who
        if not record_history:
            session.info["history"] = False
        batch = ImportBatch(
            kind=plan.kind.value,
            file_name=result.file_name[:500],
            file_hash=result.file_hash,
            sheet_name=plan.sheet_name,
            user=who,
            status=BatchStatus.APPLIED,
            mapping_json=plan.mapping.to_json(),
        )
        session.add(batch)
        session.flush()
        session.info["batch_id"] = batch.id
        if save_mapping and plan.kind is not ImportKind.CORDIS and plan.mapping.columns:
            remember_mapping(session, plan.mapping, plan.headers)
        writer = _Writer(session, plan, progress, cancel, chunk_rows)
        writer.run(todo)
        if strict and writer.quarantined:
            raise StrictImportError(
                msg(
                    "{count} rows were refused while writing, so nothing was imported "
                    "(strict mode).",
                    count=len(writer.quarantined),
                ),
                [p for q in writer.quarantined for p in q.problems],
            )
        refused = {q.row_index for q in writer.quarantined}
        result.created = sum(
            1 for r in todo if r.status is RowStatus.CREATE and r.index not in refused
        )
        result.updated = sum(
            1 for r in todo if r.status is RowStatus.UPDATE and r.index not in refused
        )
        result.errors += len(refused)
        result.quarantined = writer.quarantined
        batch.created_count = result.created
        batch.updated_count = result.updated
        batch.unchanged_count = result.unchanged
        batch.review_count = result.review + result.skipped
        batch.error_count = result.errors
        batch.finished_at = utcnow()
        session.flush()
        result.batch_id = batch.id
        result.changed = writer.changed_ids()
    return result


class _RowRefused(Exception):
    """A row cannot be written; carries the problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _Writer:
    """Writes the rows of a plan inside an open transaction."""

    def __init__(
        self,
        session: Session,
        plan: ImportPlan,
        progress: ProgressCallback | None,
        cancel: CancelCallback | None,
        chunk_rows: int,
    ) -> None:
        self.session = session
        self.plan = plan
        self.progress = progress
        self.cancel = cancel
        self.chunk_rows = max(1, chunk_rows)
        self.roots: dict[int, Any] = {}
        self.stored: dict[tuple[type[Base], int], Draft] = {}
        self.changed: dict[str, set[int]] = defaultdict(set)
        self.root_table = {
            ImportKind.MEMBERS: "organisation",
            ImportKind.ACTIVITIES: "activity",
        }.get(plan.kind, "project")
        # New records get their ids before they are written, on both paths (see IdAllocator).
        self.ids = IdAllocator(session)
        self.failed_roots: set[int] = set()
        self.quarantined: list[Quarantined] = []
        # The field key of each (model, attribute), to name the column a refused value came from.
        self.field_of: dict[tuple[type[Base], str], str] = {}
        for targets in (MEMBER_TARGETS, PROJECT_TARGETS, ACTIVITY_TARGETS):
            for key, (model, attr) in targets.items():
                self.field_of.setdefault((model, attr), key)

    # -- driving ---------------------------------------------------------------------------------
    def run(self, rows: list[PlanRow]) -> None:
        total = len(rows)
        done = 0
        for chunk in self._chunks(rows):
            if self.cancel is not None and self.cancel():
                raise ImportCancelled(msg("The import was cancelled; nothing was written."))
            self._write_chunk(chunk)
            done += len(chunk)
            if self.progress is not None:
                self.progress(done, total, "Writing records")

    def _chunks(self, rows: list[PlanRow]) -> Iterable[list[PlanRow]]:
        """Chunks of about ``chunk_rows`` rows that never split rows of one record."""
        chunk: list[PlanRow] = []
        for row in rows:
            if len(chunk) >= self.chunk_rows and row.group == row.index:
                yield chunk
                chunk = []
            chunk.append(row)
        if chunk:
            yield chunk

    def _write_chunk(self, chunk: list[PlanRow]) -> None:
        """Write *chunk* the fast way; if the database refuses any of it, row by row."""
        if not (_bulk_writable(chunk) and self._write_bulk_or_roll_back(chunk)):
            self._write_row_by_row(chunk)
        self._forget_objects(chunk)

    def _write_bulk_or_roll_back(self, chunk: list[PlanRow]) -> bool:
        """Write *chunk* with bulk.py in a savepoint; False (nothing written) if refused."""
        session = self.session
        roots_before = dict(self.roots)
        failed_before = set(self.failed_roots)
        quarantined_before = len(self.quarantined)
        try:
            with session.begin_nested():
                self._write_bulk(chunk)
            return True
        except _DB_REFUSALS:
            self.roots = roots_before
            self.failed_roots = failed_before
            del self.quarantined[quarantined_before:]
            return False
        finally:
            session.info.pop(ValidationCache.KEY, None)
            self.stored = {}

    def _write_row_by_row(self, chunk: list[PlanRow]) -> None:
        """Write each row through the ORM in its own savepoint, quarantining what is refused.

        The validators ask the database itself here (no cache): this path finds the row the
        database refused in a chunk, so it must see exactly what the database holds.
        """
        session = self.session
        for row in chunk:
            try:
                with session.begin_nested(), session.no_autoflush:
                    self._write_row(row)
                    session.flush()
            except _DB_REFUSALS as exc:
                session.info.pop("_history_pending", None)
                if row.group == row.index:
                    self.roots.pop(row.index, None)
                    self.failed_roots.add(row.index)
                self._quarantine(row, Problem(row.row_number, None, _db_message(exc), row.file))

    def _forget_objects(self, chunk: list[PlanRow]) -> None:
        """Keep ids, not records, of the roots *chunk* wrote: memory stays flat over 10,000 rows.

        Rows naming one record are never split across chunks, so later chunks only need ids;
        the roots of earlier chunks are ids already, so only this chunk's are visited (all of
        them made every chunk cost the rows written so far: quadratic at 50,000 rows).
        """
        for key in [row.index for row in chunk if row.index in self.roots]:
            root = self.roots[key]
            if isinstance(root, Draft):
                self.changed[root.model.__tablename__].add(root.record_id)  # type: ignore[attr-defined,arg-type]
                self.roots[key] = root.record_id
            elif isinstance(root, Base):
                record_id = root.id  # type: ignore[attr-defined]
                self.changed[type(root).__tablename__].add(record_id)  # type: ignore[attr-defined]
                self.roots[key] = record_id
            elif isinstance(root, int):
                self.changed[self.root_table].add(root)

    def _validation_cache(self, chunk: list[PlanRow]) -> ValidationCache:
        """What the validators will ask about the chunk's records, in two queries, not 10,000."""
        vats: set[str] = set()
        organisation_ids: set[int] = set()
        for row in chunk:
            for op in row.ops:
                if op.model is Organisation and op.values.get("vat"):
                    # The planner stored the VAT number already normalised (parse_vat), as the
                    # validator will: a number it would still change is asked of the database.
                    vats.add(op.values["vat"])
                elif op.model is MembershipPeriod:
                    parent = self._parent_of(row)
                    if isinstance(parent, int):
                        organisation_ids.add(parent)
        # Updated organisations keep their stored VAT number, which the validator checks too.
        vats.update(
            draft.fields.vat
            for (model, _id), draft in self.stored.items()
            if model is Organisation and draft.fields.vat
        )
        cache = ValidationCache.load(self.session, vats, organisation_ids)
        # A later row re-joining after a period this chunk ends is no overlap.
        cache.use_pending_periods(
            {
                record_id: draft.fields
                for (model, record_id), draft in self.stored.items()
                if model is MembershipPeriod
            }
        )
        return cache

    # -- the fast path (bulk.py) ----------------------------------------------------------------
    def _write_bulk(self, chunk: list[PlanRow]) -> None:
        """Check every row of *chunk* as drafts, then write them with a few statements.

        Rows a validator refuses are quarantined and leave nothing behind; a refusal by the
        database raises out of here and the caller replays the chunk through the ORM.
        """
        session = self.session
        wanted: dict[type[Base], set[int]] = defaultdict(set)
        for row in chunk:
            for op in row.ops:
                if op.action == "update" and op.record_id is not None:
                    wanted[op.model].add(op.record_id)
        self.stored = {
            (model, record_id): draft
            for model, ids in wanted.items()
            for record_id, draft in load_drafts(session, model, ids).items()
        }
        session.info[ValidationCache.KEY] = self._validation_cache(chunk)
        creates: list[Draft] = []
        for row in chunk:
            try:
                creates.extend(self._stage_row(row))
            except _RowRefused as refused:
                if row.group == row.index:
                    self.failed_roots.add(row.index)
                self._quarantine(row, refused.problem)
        write_drafts(
            session,
            creates,
            list(self.stored.values()),
            ids=self.ids,
            user=session.info.get("user"),
            history=session.info.get("history") is not False,
        )
        # Mapped objects loaded on the way (the validators' cache) may be stale now.
        session.expire_all()

    def _stage_row(self, row: PlanRow) -> list[Draft]:
        """The drafts *row* creates, checked; updates change the chunk's stored drafts.

        Mirrors :meth:`_apply_ops`: a refused row puts back the drafts it changed.
        """
        parent = self._parent_of(row)
        created: list[Draft] = []
        touched: list[tuple[Draft, dict[str, Any]]] = []
        root: Any = None
        try:
            for op in row.ops:
                if op.action == "create":
                    draft = new_draft(op.model, op.values)
                    if op.link is not None:
                        self._link(row, draft, op.link, root if root is not None else parent)
                    self._validate_draft(row, op, draft)
                    created.append(draft)
                else:
                    draft = self._stored_draft(row, op)
                    touched.append((draft, draft.state()))
                    draft.set(op.values)
                    self._validate_draft(row, op, draft)
                if op.link is None:
                    root = draft
        except _RowRefused:
            for draft, state in reversed(touched):  # the earliest state of a record wins
                draft.restore(state)
            raise
        if row.group == row.index:
            self.roots[row.index] = root if root is not None else row.target_id
        return created

    def _link(self, row: PlanRow, draft: Draft, link: str, owner: Any) -> None:
        """Point *draft* at the record it belongs to (an id, or a draft written before it)."""
        key = _FOREIGN_KEY_OF[link]
        if owner is None:
            raise self._owner_not_written(row)
        if isinstance(owner, int):
            setattr(draft.fields, key, owner)
        elif isinstance(owner, Draft) and owner.is_new:
            draft.owner, draft.owner_key = owner, key
        else:
            setattr(draft.fields, key, owner.record_id)

    def _stored_draft(self, row: PlanRow, op: RecordOp) -> Draft:
        """The chunk's draft of the stored record *op* updates, checked against the preview."""
        draft = self.stored.get((op.model, op.record_id or 0))
        if draft is None:
            raise self._deleted_since_preview(row, op)
        self._check_version(row, op, draft.version, draft.updated_by)
        return draft

    # -- one row ---------------------------------------------------------------------------------
    def _write_row(self, row: PlanRow) -> None:
        try:
            self._apply_ops(row)
        except _RowRefused as refused:
            if row.group == row.index:
                self.failed_roots.add(row.index)
            self._quarantine(row, refused.problem)

    def _apply_ops(self, row: PlanRow) -> None:
        session = self.session
        parent = self._parent_of(row)
        created: list[Base] = []
        links: list[tuple[Base, str]] = []
        touched: list[tuple[Base, dict[str, Any]]] = []
        root: Any = None
        try:
            for op in row.ops:
                if op.action == "create":
                    obj = op.model(**op.values)
                    obj.id = self.ids.next(op.model)  # type: ignore[attr-defined]
                    if op.link is not None:
                        owner = root if root is not None else parent
                        if owner is None:
                            raise self._owner_not_written(row)
                        if isinstance(owner, int):
                            setattr(obj, _FOREIGN_KEY_OF[op.link], owner)
                        elif inspect(owner).persistent:
                            setattr(obj, _FOREIGN_KEY_OF[op.link], owner.id)
                        else:
                            links.append((obj, op.link))
                    self._validate(row, op, obj)
                    created.append(obj)
                else:
                    obj = self._existing(row, op)
                    touched.append((obj, _column_state(obj)))
                    for key, value in op.values.items():
                        setattr(obj, key, value)
                    self._validate(row, op, obj)
                if op.link is None:
                    root = obj
        except _RowRefused:
            for obj, state in reversed(touched):  # the earliest state of a record wins
                _restore(obj, state)
            raise
        owner = root if root is not None else parent
        for obj, link in links:
            setattr(obj, link, owner)  # a new root: the ORM sets the key when it flushes
        session.add_all(created)
        if row.group == row.index:
            self.roots[row.index] = root if root is not None else row.target_id

    def _parent_of(self, row: PlanRow) -> Any:
        if row.group in self.roots:
            return self.roots[row.group]
        if row.group in self.failed_roots and row.target_id is None:
            return None
        return row.target_id

    def _leader_number(self, row: PlanRow) -> int:
        return self.plan.rows[row.group].row_number

    def _existing(self, row: PlanRow, op: RecordOp) -> Any:
        obj = self.session.get(op.model, op.record_id)
        if obj is None:
            raise self._deleted_since_preview(row, op)
        self._check_version(
            row, op, getattr(obj, "version", None), getattr(obj, "updated_by", None)
        )
        return obj

    # -- refusals --------------------------------------------------------------------------------
    def _owner_not_written(self, row: PlanRow) -> _RowRefused:
        return self._refused(
            row,
            None,
            msg(
                "row {row} holding this record was not written",
                row=self._leader_number(row),
            ),
        )

    def _deleted_since_preview(self, row: PlanRow, op: RecordOp) -> _RowRefused:
        return self._refused(
            row, None, msg("{record} was deleted after the preview was made", record=op.record)
        )

    def _check_version(
        self, row: PlanRow, op: RecordOp, version: int | None, who: str | None
    ) -> None:
        """Refuse *row* when the stored record is no longer the one the preview showed."""
        if op.expected_version is None or version == op.expected_version:
            return
        raise self._refused(
            row,
            None,
            msg(
                "{record} was changed by {who} after the preview was made: make the preview "
                "again to see the current values",
                record=op.record,
                who=who or msg("someone"),
            ),
        )

    def _validate(self, row: PlanRow, op: RecordOp, obj: Base) -> None:
        self._check(row, op, type(obj), lambda: validate(self.session, obj))

    def _validate_draft(self, row: PlanRow, op: RecordOp, draft: Draft) -> None:
        self._check(row, op, draft.model, lambda: validate_draft(self.session, draft))

    def _check(
        self, row: PlanRow, op: RecordOp, model: type[Base], run: Callable[[], None]
    ) -> None:
        """Run a validator; its ValidationError refuses *row*, naming the file's column."""
        try:
            run()
        except ValidationError as exc:
            key = self.field_of.get((model, exc.field or ""))
            column = self.plan.mapping.header_for(key) if key else None
            problem = compose("{record}: {problem}", record=op.record, problem=exc.message)
            raise self._refused(row, column, problem) from None

    def _refused(self, row: PlanRow, column: str | None, message: str) -> _RowRefused:
        return _RowRefused(Problem(row.row_number, column, message, row.file))

    def _quarantine(self, row: PlanRow, problem: Problem) -> None:
        self.quarantined.append(Quarantined(row.index, row.row_number, (problem,)))

    def changed_ids(self) -> dict[str, list[int]]:
        """Ids of the organisations/projects/activities created or changed, by table."""
        return {table: sorted(ids) for table, ids in self.changed.items() if ids}


def _bulk_writable(chunk: list[PlanRow]) -> bool:
    """True when every operation of *chunk* sets only plain columns (what bulk.py writes)."""
    return all(set(op.values) <= set(record_columns(op.model)) for row in chunk for op in row.ops)


def _column_state(obj: Any) -> dict[str, Any]:
    mapper = inspect(type(obj))
    return {attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs}


def _restore(obj: Any, state: dict[str, Any]) -> None:
    for key, value in state.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)


def _db_message(exc: Exception) -> str:
    if isinstance(exc, StaleDataError):
        return msg("the record was changed by someone else while importing: import the row again")
    text = str(getattr(exc, "orig", exc)).splitlines()[0]
    if "UNIQUE" in text.upper() or "duplicate key" in text:
        return msg("the database already holds a record with the same key ({detail})", detail=text)
    if "FOREIGN KEY" in text.upper() or "foreign key" in text:
        return msg("the row refers to a record that no longer exists")
    return msg("the database refused the row ({detail})", detail=text)


__all__ = [
    "CHUNK_ROWS",
    "ImportCancelled",
    "ImportResult",
    "PlanNotReady",
    "Quarantined",
    "StrictImportError",
    "apply_plan",
    "file_sha256",
]
