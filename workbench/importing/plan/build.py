"""Building a plan: the planner of the mapping's record kind, in a read-only unit of work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from workbench.importing.fields import ImportKind
from workbench.importing.mapping import Mapping, MappingError
from workbench.importing.plan.activities import ActivityPlanner
from workbench.importing.plan.base import run_planner
from workbench.importing.plan.members import MemberPlanner
from workbench.importing.plan.model import ImportPlan, PlanOptions, ProgressCallback
from workbench.importing.plan.projects import ProjectPlanner
from workbench.importing.readers import RawTable

if TYPE_CHECKING:
    from workbench.db import Database


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
