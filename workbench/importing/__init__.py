"""Spreadsheet import: read a file, map its columns, preview, apply in one transaction, undo.

The wizard's workflow, all Qt-free::

    table = read_table(path, sheet=...)                      # readers.py
    suggestion = suggest_mapping(table, "members", db=db)    # suggest.py (saved mapping first)
    plan = build_plan(db, table, suggestion.mapping, PlanOptions())   # plan/: nothing written
    for q in plan.questions: options = options.with_answer(q.key, ...)  # then build_plan again
    plan.decide(row.index, ReviewDecision.merge(org_id))     # rows under review
    result = apply_plan(db, plan, file_path=path, progress=..., cancel=...)   # apply.py
    write_error_report(plan, "errors.xlsx", result)          # report.py
    undo_batch(db, result.batch_id)          # batches.py; UndoConflictError -> ask, force
"""

from workbench.importing.apply import (
    ImportCancelled,
    ImportResult,
    PlanNotReady,
    Quarantined,
    StrictImportError,
    apply_plan,
)
from workbench.importing.batches import (
    BatchRow,
    UndoConflict,
    UndoConflictError,
    UndoResult,
    check_undo,
    list_batches,
    undo_batch,
)
from workbench.importing.errors import ImportFileError, ValueParseError, ValueProblem
from workbench.importing.fields import FieldSpec, ImportKind, fields_for
from workbench.importing.mapping import (
    Mapping,
    MappingError,
    find_saved_mapping,
    header_signature,
    load_mapping_file,
    save_mapping,
    write_mapping_file,
)
from workbench.importing.matching import Candidate, MatchHow, MatchResult, OrgIndex, OrgRef
from workbench.importing.plan import (
    FieldChange,
    ImportPlan,
    PlanCounts,
    PlanOptions,
    PlanQuestion,
    PlanRow,
    Problem,
    ReviewAction,
    ReviewDecision,
    RowStatus,
    build_plan,
)
from workbench.importing.presets import PRESETS, Preset, get_preset, plan_cordis
from workbench.importing.readers import RawTable, list_sheets, read_table
from workbench.importing.report import error_rows, write_error_report
from workbench.importing.suggest import ColumnSuggestion, MappingSuggestion, suggest_mapping

__all__ = [
    "PRESETS",
    "BatchRow",
    "Candidate",
    "ColumnSuggestion",
    "FieldChange",
    "FieldSpec",
    "ImportCancelled",
    "ImportFileError",
    "ImportKind",
    "ImportPlan",
    "ImportResult",
    "Mapping",
    "MappingError",
    "MappingSuggestion",
    "MatchHow",
    "MatchResult",
    "OrgIndex",
    "OrgRef",
    "PlanCounts",
    "PlanNotReady",
    "PlanOptions",
    "PlanQuestion",
    "PlanRow",
    "Preset",
    "Problem",
    "Quarantined",
    "RawTable",
    "ReviewAction",
    "ReviewDecision",
    "RowStatus",
    "StrictImportError",
    "UndoConflict",
    "UndoConflictError",
    "UndoResult",
    "ValueParseError",
    "ValueProblem",
    "apply_plan",
    "build_plan",
    "check_undo",
    "error_rows",
    "fields_for",
    "find_saved_mapping",
    "get_preset",
    "header_signature",
    "list_batches",
    "list_sheets",
    "load_mapping_file",
    "plan_cordis",
    "read_table",
    "save_mapping",
    "suggest_mapping",
    "undo_batch",
    "write_error_report",
    "write_mapping_file",
]
