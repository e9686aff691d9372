"""Setting one field of many records at once, and putting the old values back (Qt-free).

The lists' "Edit a field of the selected rows" calls :func:`set_field` once (one transaction:
every record is validated by its model's validator, and one refusal writes nothing) and keeps
the returned old values so that undo is a single :func:`restore_field` call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from workbench.db import Database
from workbench.errors import ValidationError
from workbench.services.audit import record_label
from workbench.services.base import apply_values, check_version, require, unit_of_work, validate
from workbench.translatable import msg


def set_field(
    db: Database,
    model: type,
    ids: Sequence[int],
    field: str,
    value: Any,
    *,
    expected_versions: Mapping[int, int] | None = None,
) -> dict[int, Any]:
    """Set *field* to *value* on the *model* records *ids*; returns their old values by id.

    Records that already hold *value* are left untouched (and are not in the result).
    *expected_versions* (id -> version the caller showed) turns a record changed meanwhile
    into a ConflictError. A value the model refuses for any record raises ValidationError
    naming that record; nothing is written then.
    """
    old: dict[int, Any] = {}
    with unit_of_work(db) as session:
        for record_id in ids:
            obj: Any = require(session, model, record_id)
            if expected_versions is not None:
                check_version(session, obj, expected_versions.get(record_id))
            before = getattr(obj, field)
            if before == value:
                continue
            apply_values(obj, {field: value})
            _validate_named(session, obj)
            old[record_id] = before
        session.flush()
    return old


def restore_field(db: Database, model: type, field: str, old: Mapping[int, Any]) -> None:
    """Write the values *old* (id -> value, as :func:`set_field` returned) back to *field*."""
    with unit_of_work(db, source="undo") as session:
        for record_id, value in old.items():
            obj: Any = require(session, model, record_id)
            apply_values(obj, {field: value})
            _validate_named(session, obj)
        session.flush()


def _validate_named(session: Any, obj: Any) -> None:
    try:
        validate(session, obj)
    except ValidationError as exc:
        raise ValidationError(
            msg("{record}: {problem}", record=record_label(obj), problem=exc.message), exc.field
        ) from exc
