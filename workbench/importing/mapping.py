"""Column mapping: which column of a file feeds which field of the records being imported.

A :class:`Mapping` is a plain ``{header: field key}`` dictionary for one
:class:`~workbench.importing.fields.ImportKind`, serialisable to JSON (for ``--mapping FILE``
and for :class:`~workbench.models.SavedMapping`). :mod:`workbench.importing.suggest` proposes
one; the fields and the header synonyms are data in :mod:`workbench.importing.fields`.

This module is Qt-free; only the saved-mapping helpers touch the database.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import WorkbenchError
from workbench.importing.errors import alternatives
from workbench.importing.fields import (
    IDENTITY_FIELDS,
    FieldSpec,
    ImportKind,
    fields_for,
)
from workbench.text import fold_for_search
from workbench.translatable import Message, compose, msg

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.db import Database


class MappingError(WorkbenchError):
    """A mapping (from a file or built by hand) cannot be used; the message says why."""


_YEAR_IN_HEADER = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")

_NOT_AN_OBJECT = msg("A mapping must be a JSON object of column header -> field.")


def field_spec(kind: ImportKind | str, key: str) -> FieldSpec:
    """The :class:`FieldSpec` of *key* in *kind*; MappingError when there is none."""
    for spec in fields_for(kind):
        if spec.key == key:
            return spec
    known = ", ".join(s.key for s in fields_for(kind))
    raise MappingError(
        msg(
            '"{key}" is not a field of a {kind} import ({known}).',
            key=key,
            kind=ImportKind(kind).value,
            known=known,
        )
    )


def field_label(spec: FieldSpec) -> Message:
    """The English label of *spec* as a Message parameter of mapping messages.

    The interface translates it like the wizard's field names (see ``workbench.ui.i18n``).
    """
    return Message(spec.label)


def fold_header(header: str) -> str:
    """A header folded for comparison: camelCase split, accents and punctuation removed.

    "P.IVA" -> "p iva", "Città" -> "citta", "startDate" -> "start date", "N° TVA" -> "n tva".
    """
    text = _CAMEL.sub(" ", header)
    text = fold_for_search(text)
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


def header_year(header: str) -> int | None:
    """A year written in a header ("Fatturato 2023" -> 2023), or None."""
    found = _YEAR_IN_HEADER.findall(header)
    return int(found[0]) if len(set(found)) == 1 else None


# --------------------------------------------------------------------------------------------
# The mapping


@dataclass
class Mapping:
    """Which column (by header name) feeds which field.

    Attributes:
        kind: What the file holds.
        columns: ``{header: field key}``; columns not listed are ignored.
    """

    kind: ImportKind
    columns: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.kind = ImportKind(self.kind)

    def header_for(self, key: str) -> str | None:
        """The header mapped to field *key*, or None."""
        for header, mapped in self.columns.items():
            if mapped == key:
                return header
        return None

    def fields(self) -> dict[str, str]:
        """``{field key: header}`` of the mapped fields."""
        return {key: header for header, key in self.columns.items()}

    def check(self, headers: Sequence[str] | None = None) -> None:
        """Raise MappingError for unknown fields, a field mapped twice or a missing identity.

        With *headers*, headers of the mapping that the file lacks are reported too.
        """
        seen: dict[str, str] = {}
        for header, key in self.columns.items():
            field_spec(self.kind, key)
            if key in seen:
                raise MappingError(
                    msg(
                        'Columns "{first}" and "{second}" are both mapped to '
                        '"{field}": keep one of them.',
                        first=seen[key],
                        second=header,
                        field=field_label(field_spec(self.kind, key)),
                    )
                )
            seen[key] = header
        for choices in IDENTITY_FIELDS[self.kind]:
            if not any(key in seen for key in choices):
                labels = alternatives(
                    compose('"{field}"', field=field_label(field_spec(self.kind, k)))
                    for k in choices
                )
                raise MappingError(
                    msg(
                        "Map a column to {fields}: without it rows cannot be matched.",
                        fields=labels,
                    )
                )
        if headers is not None:
            missing = [h for h in self.columns if h not in set(headers)]
            if missing:
                raise MappingError(
                    msg(
                        "The mapping names columns the file does not have: {columns}. "
                        "Check the sheet, or change the mapping.",
                        columns=", ".join(f'"{h}"' for h in missing),
                    )
                )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``{"kind": ..., "columns": {header: field}}``."""
        return {"kind": self.kind.value, "columns": dict(self.columns)}

    def to_json(self) -> str:
        """The mapping as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: Any, kind: ImportKind | str | None = None) -> Mapping:
        """Read ``{"kind": ..., "columns": {...}}`` or a bare ``{header: field}`` dictionary.

        Raises:
            MappingError: The data is not a mapping of text to field names, or its kind differs
                from *kind*.
        """
        if not isinstance(data, dict):
            raise MappingError(_NOT_AN_OBJECT)
        columns = data.get("columns", data) if "columns" in data else data
        found_kind = data.get("kind") if "columns" in data else None
        if kind is not None and found_kind is not None and ImportKind(kind) != found_kind:
            raise MappingError(
                msg(
                    "The mapping is for a {found} import, not a {kind} one.",
                    found=found_kind,
                    kind=ImportKind(kind).value,
                )
            )
        chosen = kind or found_kind
        if chosen is None:
            raise MappingError(msg('The mapping does not say what it imports (add "kind").'))
        if not isinstance(columns, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in columns.items()
        ):
            raise MappingError(_NOT_AN_OBJECT)
        try:
            return cls(ImportKind(chosen), dict(columns))
        except ValueError:
            raise MappingError(msg('"{kind}" is not a kind of import.', kind=chosen)) from None

    @classmethod
    def from_json(cls, text: str, kind: ImportKind | str | None = None) -> Mapping:
        """Parse JSON text (see :meth:`from_dict`)."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MappingError(
                msg(
                    "The mapping is not valid JSON ({error}, line {line}).",
                    error=exc.msg,
                    line=exc.lineno,
                )
            ) from None
        return cls.from_dict(data, kind)


def load_mapping_file(path: str | Path, kind: ImportKind | str | None = None) -> Mapping:
    """Read a mapping file (JSON) for ``--mapping FILE``; MappingError naming the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise MappingError(
            msg(
                "The mapping file {file} cannot be read ({reason}).",
                file=path.name,
                reason=exc.strerror,
            )
        ) from None
    try:
        mapping = Mapping.from_json(text, kind)
    except MappingError as exc:
        raise _in_file(path, exc) from None
    for key in mapping.columns.values():
        try:
            field_spec(mapping.kind, key)
        except MappingError as exc:
            raise _in_file(path, exc) from None
    return mapping


def _in_file(path: Path, exc: MappingError) -> MappingError:
    """*exc* prefixed with the name of the mapping file it is about."""
    text = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc)
    return MappingError(compose("{file}: {error}", file=path.name, error=text))


def write_mapping_file(mapping: Mapping, path: str | Path) -> None:
    """Write *mapping* as a JSON file that :func:`load_mapping_file` reads back."""
    Path(path).write_text(mapping.to_json() + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Saved mappings


def header_signature(headers: Iterable[str]) -> str:
    """Hash of the set of folded headers: equal for the same columns in any order or case."""
    folded = sorted({fold_header(h) for h in headers if h})
    return hashlib.sha256("\n".join(folded).encode("utf-8")).hexdigest()


def find_saved_mapping(
    session: Session, kind: ImportKind | str, headers: Sequence[str]
) -> tuple[int, Mapping] | None:
    """The saved mapping to re-apply to a file with *headers*, translated to its headers.

    A mapping saved for the same header set wins; otherwise the newest saved mapping whose
    mapped headers are all present (columns added or moved since) is used.
    """
    from sqlalchemy import select

    from workbench.models import SavedMapping

    kind = ImportKind(kind)
    by_fold = {fold_header(h): h for h in headers}
    signature = header_signature(headers)
    rows = session.scalars(
        select(SavedMapping)
        .where(SavedMapping.kind == kind.value)
        .order_by(SavedMapping.updated_at.desc(), SavedMapping.id.desc())
    ).all()
    ordered = sorted(rows, key=lambda r: r.signature != signature)  # stable: exact first
    for row in ordered:
        try:
            saved = Mapping.from_json(row.mapping_json, kind)
        except MappingError:
            continue
        translated: dict[str, str] = {}
        for header, key in saved.columns.items():
            present = by_fold.get(fold_header(header))
            if present is None:
                break
            translated[present] = key
        else:
            if translated:
                return row.id, Mapping(kind, translated)
    return None


def remember_mapping(session: Session, mapping: Mapping, headers: Sequence[str]) -> int:
    """Save *mapping* for files with *headers* (replacing one saved for the same headers)."""
    from sqlalchemy import select

    from workbench.models import SavedMapping, utcnow

    signature = header_signature(headers)
    row = session.scalars(
        select(SavedMapping).where(
            SavedMapping.kind == mapping.kind.value, SavedMapping.signature == signature
        )
    ).first()
    if row is None:
        row = SavedMapping(kind=mapping.kind.value, signature=signature)
        session.add(row)
    row.headers_json = json.dumps(list(headers), ensure_ascii=False)
    row.mapping_json = json.dumps(mapping.to_dict(), ensure_ascii=False)
    row.updated_at = utcnow()
    session.flush()
    return row.id


def save_mapping(db: Database, mapping: Mapping, headers: Sequence[str]) -> int:
    """Save *mapping* in its own unit of work; returns the SavedMapping id."""
    from workbench.services.base import unit_of_work

    mapping.check(headers)
    with unit_of_work(db) as session:
        return remember_mapping(session, mapping, headers)


__all__ = [
    "Mapping",
    "MappingError",
    "field_label",
    "field_spec",
    "find_saved_mapping",
    "fold_header",
    "header_signature",
    "header_year",
    "load_mapping_file",
    "remember_mapping",
    "save_mapping",
    "write_mapping_file",
]
