"""Shared building blocks of the editors' undoable commands and conflict comparisons.

* :class:`StateCommands`: undoable create, update and delete of a record that one service call
  saves whole, with its linked lists (an activity with its participants, a project with its
  partners, areas and pillars).
* :func:`versioned_delete`: the *do* of an undoable delete that checks the version once.
* :func:`collect_problem`, :func:`relink_projects`, :func:`warn_restored_in_part`: the undo of
  a delete that cascades (areas, pillars) puts back what it can and says what it could not.
* :func:`form_rows`, :func:`joined_names`: an editor's conflict comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from workbench.errors import WorkbenchError
from workbench.services import base as records
from workbench.services import projects as projects_service
from workbench.ui.context import AppContext
from workbench.ui.dialogs import conflict_compare as cc
from workbench.ui.i18n import error_text
from workbench.ui.undo import ServiceCommand, after_step
from workbench.ui.widgets import messages
from workbench.ui.widgets.record_table import RecordForm, remap_id, resolve_id

S = TypeVar("S")


def versioned_delete(
    ctx: AppContext, model: Any, record_id: int, version: int | None
) -> Callable[[ServiceCommand], None]:
    """The *do* of an undoable delete of the *model* record *record_id*.

    It deletes the record under its current id (see ``resolve_id``). The first run checks
    *version*; later runs (redo after an undo recreated the record) delete whatever version.
    """
    table = model.__tablename__
    first: dict[str, int | None] = {"version": version}

    def do(cmd: ServiceCommand) -> None:
        expected, first["version"] = first["version"], None
        records.delete_record(
            ctx.db, model, resolve_id(ctx, table, record_id), expected_version=expected
        )

    return do


@dataclass(frozen=True)
class StateCommands(Generic[S]):
    """Undoable create, update and delete of a *model* record saved whole from a state *S*.

    ``save(ctx, state, record_id, expected_version)`` writes *state* (fields and linked lists)
    as a new record when *record_id* is None, else over the record *record_id*, checking
    *expected_version* unless it is None; it resolves the ids inside *state* itself and
    returns the saved record.
    """

    model: Any
    save: Callable[[AppContext, S, int | None, int | None], Any]

    @property
    def table(self) -> str:
        """The table of the records (the key of their ids in ``resolve_id``)."""
        return str(self.model.__tablename__)

    def create(self, ctx: AppContext, new: S, text: str) -> ServiceCommand:
        """Creation from *new*; undo deletes the record, redo creates it again (new id)."""
        created: dict[str, int] = {}

        def do(cmd: ServiceCommand) -> Any:
            record = self.save(ctx, new, None, None)
            if "id" in created:
                remap_id(ctx, self.table, created["id"], record.id)
            created["id"] = record.id
            return record

        def undo(cmd: ServiceCommand) -> None:
            records.delete_record(ctx.db, self.model, resolve_id(ctx, self.table, created["id"]))

        return ServiceCommand(text, do, undo, bus=ctx.bus, table=self.table)

    def update(
        self,
        ctx: AppContext,
        record_id: int,
        old: S,
        new: S,
        expected_version: int | None,
        text: str,
    ) -> ServiceCommand:
        """Edit from *old* to *new*; the first run checks *expected_version*, undo writes *old*."""
        first: dict[str, int | None] = {"version": expected_version}

        def do(cmd: ServiceCommand) -> Any:
            version, first["version"] = first["version"], None
            return self.save(ctx, new, resolve_id(ctx, self.table, record_id), version)

        def undo(cmd: ServiceCommand) -> None:
            self.save(ctx, old, resolve_id(ctx, self.table, record_id), None)

        return ServiceCommand(text, do, undo, bus=ctx.bus, table=self.table)

    def delete(self, ctx: AppContext, record: Any, old: S, text: str) -> ServiceCommand:
        """Delete of *record* (state *old*); undo recreates it from *old* under a new id."""

        def undo(cmd: ServiceCommand) -> None:
            again = self.save(ctx, old, None, None)
            remap_id(ctx, self.table, resolve_id(ctx, self.table, record.id), again.id)

        do = versioned_delete(ctx, self.model, record.id, record.version)
        return ServiceCommand(text, do, undo, bus=ctx.bus, table=self.table)


# --------------------------------------------------------------------------- partial restores


@contextmanager
def collect_problem(problems: list[str]) -> Iterator[None]:
    """Run the block; a WorkbenchError it raises is appended to *problems* as text instead."""
    try:
        yield
    except WorkbenchError as exc:
        problems.append(error_text(exc))


def relink_projects(
    ctx: AppContext,
    project_ids: Sequence[int],
    problems: list[str],
    *,
    area_id: int | None = None,
    pillar_id: int | None = None,
) -> None:
    """Add the area *area_id* or the pillar *pillar_id* back to each project of *project_ids*.

    The project's other links are kept; a project that cannot be saved adds to *problems*.
    """
    for project_id in project_ids:
        with collect_problem(problems):
            project = projects_service.load_project(ctx.db, project_id)
            areas = None if area_id is None else [a.id for a in project.areas] + [area_id]
            pillars = None if pillar_id is None else [p.id for p in project.pillars] + [pillar_id]
            projects_service.save_project(
                ctx.db, {}, project_id=project_id, area_ids=areas, pillar_ids=pillars
            )


def warn_restored_in_part(problems: list[str], title: str, intro: str) -> None:
    """When there are *problems*, warn with *title*: *intro* then the first five of them.

    Called inside an undo step (on the write worker): the warning shows once it ended.
    """
    if problems:
        text = intro + "\n" + "\n".join(problems[:5])
        after_step(lambda: messages.warn(None, title, text))


# --------------------------------------------------------------------------- conflicts


def joined_names(names: Iterable[Any]) -> str:
    """*names* sorted and joined, to compare two lists as one field."""
    return ", ".join(sorted(str(n) for n in names))


def form_rows(
    ctx: AppContext, model: Any, record_id: int, form: RecordForm, opened: Mapping[str, Any]
) -> list[cc.CompareRow]:
    """The fields of *form* compared: *opened* values, the saved record *record_id*, the form's."""
    fields = form.fields
    return cc.record_rows(
        ctx.db,
        model,
        record_id,
        {f.name: f.label for f in fields},
        opened,
        form.values(),
        formatters=cc.choice_formatters(fields),
    )
