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

The package, one module per job:

* :mod:`.model` - the plan's data (rows, operations, problems, questions, options);
* :mod:`.values` - value coercion (word tables, cell readers, length and scale checks);
* :mod:`.base` - the planner base (columns, questions, rows) and :func:`run_planner`;
* :mod:`.members` (+ :mod:`.member_children`), :mod:`.projects`, :mod:`.activities` - one
  planner per record kind, each with its field tables;
* :mod:`.build` - :func:`build_plan`, which picks the planner.

This module names the public API; code inside the importer imports from the module that
defines a name.
"""

from workbench.importing.plan.activities import ActivityPlanner
from workbench.importing.plan.build import build_plan
from workbench.importing.plan.member_children import split_person_name
from workbench.importing.plan.members import MemberPlanner
from workbench.importing.plan.model import (
    FieldChange,
    ImportPlan,
    PlanCounts,
    PlanOptions,
    PlanQuestion,
    PlanRow,
    Problem,
    RecordOp,
    ReviewAction,
    ReviewDecision,
    RowStatus,
)
from workbench.importing.plan.projects import PartnerDraft, ProjectPlanner
from workbench.importing.plan.values import parse_country

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
