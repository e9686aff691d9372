"""Suggesting a column mapping for a file the user has not mapped yet.

:func:`suggest_mapping` proposes one automatically:

1. a mapping the user saved for a file with the same headers (matched by header *names*, so
   reordered columns and added columns do not matter);
2. header names in Italian, English, German, French and Spanish (folded: case, accents and
   punctuation do not matter; near spellings accepted with rapidfuzz), from the synonym tables
   of :mod:`workbench.importing.fields`;
3. the values of columns whose header says nothing (a column of valid VAT numbers, e-mail
   addresses, web addresses or dates).

Every suggestion carries its reason so the wizard can show it; the user can change any of them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from workbench.importing.fields import (
    GENERIC_CONTACT_WORDS,
    GENERIC_FIRST_NAME_WORDS,
    HEADER_STOPWORDS,
    PLURAL_CONTACT_HEADERS,
    REPORT_COLUMNS,
    FieldSpec,
    ImportKind,
    fields_for,
)
from workbench.importing.parsing import (
    parse_email,
    parse_fiscal_code,
    parse_org_type,
    parse_url,
    parse_vat,
)
from workbench.translatable import msg

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.db import Database
    from workbench.importing.readers import RawTable


from workbench.importing.mapping import (
    Mapping,
    field_label,
    field_spec,
    find_saved_mapping,
    fold_header,
)

#: Scores (0-100) of the suggestion sources; suggestions under ``MIN_SCORE`` are dropped.
EXACT_SCORE = 100.0
MIN_SCORE = 75.0
VALUE_SCORE = 70.0


def _core(folded: str) -> str:
    """Folded header without years, bare numbers and stop words ("quota 2024" -> "quota")."""
    words = [w for w in folded.split() if w not in HEADER_STOPWORDS and not w.isdigit()]
    return " ".join(words) or folded


@dataclass(frozen=True)
class ColumnSuggestion:
    """Why a column is (or is not) mapped.

    Attributes:
        header: The column.
        field: Suggested field key, or None when nothing fits.
        score: Confidence 0-100 (100 = exact header or saved mapping).
        reason: "saved", "header", "values" or "" (not mapped), for the wizard.
        detail: Human explanation ('header "P.IVA" means VAT number').
    """

    header: str
    field: str | None
    score: float
    reason: str
    detail: str = ""


@dataclass
class MappingSuggestion:
    """A proposed mapping with the reason for every column.

    Attributes:
        mapping: The proposal (the user may change it).
        columns: One :class:`ColumnSuggestion` per header, in file order.
        saved_id: Id of the SavedMapping that was re-applied, or None.
    """

    mapping: Mapping
    columns: list[ColumnSuggestion]
    saved_id: int | None = None


def suggest_mapping(
    table: RawTable,
    kind: ImportKind | str,
    *,
    db: Database | None = None,
    session: Session | None = None,
) -> MappingSuggestion:
    """Propose a mapping for *table*: saved mapping first, then headers, then values.

    Args:
        table: The file as read.
        kind: What the file holds.
        db: With a database, a mapping saved for the same headers is re-applied; columns it
            does not cover are suggested as usual.
        session: An open session to use instead of *db*.
    """
    kind = ImportKind(kind)
    saved: tuple[int, Mapping] | None = None
    if session is not None:
        saved = find_saved_mapping(session, kind, table.headers)
    elif db is not None:
        from workbench.services.base import unit_of_work

        with unit_of_work(db, write=False) as s:
            saved = find_saved_mapping(s, kind, table.headers)
    fixed = dict(saved[1].columns) if saved else {}
    automatic = _suggest(table, kind, fixed)
    columns: list[ColumnSuggestion] = []
    result: dict[str, str] = {}
    for header in table.headers:
        if header in fixed:
            key = fixed[header]
            columns.append(
                ColumnSuggestion(
                    header,
                    key,
                    EXACT_SCORE,
                    "saved",
                    msg("as in the mapping saved for these columns"),
                )
            )
            result[header] = key
        elif header in automatic:
            columns.append(automatic[header])
            if automatic[header].field:
                result[header] = automatic[header].field  # type: ignore[assignment]
        else:
            columns.append(ColumnSuggestion(header, None, 0.0, ""))
    return MappingSuggestion(Mapping(kind, result), columns, saved[0] if saved else None)


def _suggest(
    table: RawTable, kind: ImportKind, fixed: dict[str, str]
) -> dict[str, ColumnSuggestion]:
    specs = fields_for(kind)
    taken_fields = set(fixed.values())
    free = [
        (j, h)
        for j, h in enumerate(table.headers)
        if h not in fixed and fold_header(h) not in REPORT_COLUMNS
    ]
    scored: list[tuple[float, int, int, str, str]] = []  # score, -order, column, key, synonym
    per_column: dict[int, list[tuple[float, str, str]]] = {}
    for j, header in free:
        folded = fold_header(header)
        if folded.startswith("column ") and len(folded.split()) == 2:
            continue  # "Column C": no header in the file
        per_column[j] = _not_one_person(folded, _header_scores(folded, specs))
    context = _context(per_column, set(fixed.values()))
    for j, candidates in per_column.items():
        for score, key, synonym in candidates:
            score = _adjust(score, key, synonym, context)
            if score >= MIN_SCORE:
                scored.append((score, -len(synonym), j, key, synonym))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    chosen: dict[int, ColumnSuggestion] = {}
    for score, _order, j, key, _synonym in scored:
        if j in chosen or key in taken_fields:
            continue
        header = table.headers[j]
        spec = field_spec(kind, key)
        chosen[j] = ColumnSuggestion(
            header,
            key,
            round(score, 1),
            "header",
            msg('header "{header}" reads as {field}', header=header, field=field_label(spec)),
        )
        taken_fields.add(key)
    _resolve_by_values(table, kind, chosen, taken_fields)
    for j, header in free:
        if j not in chosen:
            guess = _value_guess(table, j, kind, taken_fields, person=context.contact_person)
            if guess is not None:
                label = field_label(field_spec(kind, guess))
                chosen[j] = ColumnSuggestion(
                    header,
                    guess,
                    VALUE_SCORE,
                    "values",
                    msg("its values look like {field}", field=label),
                )
                taken_fields.add(guess)
    return {table.headers[j]: s for j, s in chosen.items()}


def _header_scores(folded: str, specs: Sequence[FieldSpec]) -> list[tuple[float, str, str]]:
    """(score, field, synonym) for every field whose synonyms resemble the header.

    A synonym scores ``EXACT_SCORE`` when it folds to the header, one less when it is equal
    once years and little words are ignored, ``ratio - 2`` when the two are at least 88%
    alike (both 4 letters or more), and 78-95 when the header holds all its words (the more
    of the header it explains, the better). Each field keeps its best synonym, the first one
    listed on a tie. The synonyms are looked up in an index built once per field list (see
    :class:`_SynonymIndex`), so scoring a header costs the same however many synonyms there
    are, and a header row costs O(columns).
    """
    index = _synonym_index(tuple(specs))
    core = _core(folded)
    words = set(core.split())
    # spec position -> (score, -synonym order, synonym): max() keeps the first synonym on a tie
    best: dict[int, tuple[float, int, str]] = {}

    def offer(entries: Iterable[_Synonym], score: float) -> None:
        for entry in entries:
            candidate = (score, -entry.order, entry.synonym)
            if candidate > best.get(entry.spec, (0.0, 0, "")):
                best[entry.spec] = candidate

    offer(index.by_folded.get(folded, ()), EXACT_SCORE)
    offer(index.by_core.get(core, ()), EXACT_SCORE - 1)  # equal without years, little words
    if len(core) >= 4:
        for syn, ratio, _ in process.extract(
            core, index.fuzzy_cores, scorer=fuzz.ratio, processor=None, score_cutoff=88,
            limit=None,
        ):  # fmt: skip
            offer(index.by_core[syn], ratio - 2)
    # The header contains the synonym plus other words ("Quota associativa 2024 (€)"): good,
    # and better the more of the header it explains.
    seen: set[int] = set()
    for word in words:
        for entry in index.by_word.get(word, ()):
            if entry.order not in seen and entry.words <= words:
                seen.add(entry.order)
                offer((entry,), 78 + 17 * (len(entry.core) / max(len(core), 1)))
    return [
        (score, specs[position].key, synonym)
        for position, (score, _order, synonym) in sorted(best.items())
    ]


@dataclass(frozen=True)
class _Synonym:
    spec: int  # position of its field in the field list
    order: int  # position among all synonyms of the list, for "first listed wins"
    synonym: str  # as written in the field list
    core: str  # _core(fold_header(synonym))
    words: frozenset[str]  # the words of core


@dataclass(frozen=True)
class _SynonymIndex:
    """The synonyms of one field list, folded once and filed by every key a header may match.

    Attributes:
        by_folded: Folded synonym -> its entries (exact matches).
        by_core: Core of a synonym (years and little words removed) -> its entries.
        by_word: Each word of a core -> the entries of 3 letters or more whose core has it.
        fuzzy_cores: The distinct cores of 4 letters or more, for the similarity search.
    """

    by_folded: dict[str, tuple[_Synonym, ...]]
    by_core: dict[str, tuple[_Synonym, ...]]
    by_word: dict[str, tuple[_Synonym, ...]]
    fuzzy_cores: tuple[str, ...]


@functools.lru_cache(maxsize=16)
def _synonym_index(specs: tuple[FieldSpec, ...]) -> _SynonymIndex:
    by_folded: dict[str, list[_Synonym]] = {}
    by_core: dict[str, list[_Synonym]] = {}
    by_word: dict[str, list[_Synonym]] = {}
    order = 0
    for position, spec in enumerate(specs):
        for synonym in spec.synonyms:
            folded = fold_header(synonym)
            core = _core(folded)
            if not core:
                continue
            entry = _Synonym(position, order, synonym, core, frozenset(core.split()))
            order += 1
            by_folded.setdefault(folded, []).append(entry)
            by_core.setdefault(core, []).append(entry)
            if len(core) >= 3:
                for word in entry.words:
                    by_word.setdefault(word, []).append(entry)
    return _SynonymIndex(
        by_folded={k: tuple(v) for k, v in by_folded.items()},
        by_core={k: tuple(v) for k, v in by_core.items()},
        by_word={k: tuple(v) for k, v in by_word.items()},
        fuzzy_cores=tuple(core for core in by_core if len(core) >= 4),
    )


#: Fields holding the name of one person.
_ONE_PERSON = frozenset({"contact_name", "contact_first_name", "contact_last_name"})


def _not_one_person(
    folded: str, candidates: list[tuple[float, str, str]]
) -> list[tuple[float, str, str]]:
    """*candidates* of a header without the one-person fields when the header is a plural."""
    if _core(folded) not in PLURAL_CONTACT_HEADERS:
        return candidates
    return [c for c in candidates if c[1] not in _ONE_PERSON]


@dataclass(frozen=True)
class _Context:
    contact_person: bool
    last_name: bool


def _context(per_column: dict[int, list[tuple[float, str, str]]], fixed: set[str]) -> _Context:
    def strong(key: str) -> bool:
        return key in fixed or any(
            score >= 90 and k == key and syn not in GENERIC_FIRST_NAME_WORDS
            for candidates in per_column.values()
            for score, k, syn in candidates
        )

    last = strong("contact_last_name") or strong("participant_last_name")
    person = last or strong("contact_name")
    return _Context(contact_person=person, last_name=last)


def _adjust(score: float, key: str, synonym: str, context: _Context) -> float:
    """Resolve words shared by two fields ("Email", "Nome") from the other columns."""
    syn = fold_header(synonym)
    if syn in GENERIC_CONTACT_WORDS:
        # With a contact person in the file a bare "Email" is the person's address.
        if key in ("contact_email", "contact_phone"):
            return score if context.contact_person else score - 10
        if key in ("email", "phone"):
            return score - 10 if context.contact_person else score
    if syn in GENERIC_FIRST_NAME_WORDS:
        # "Nome" beside "Cognome" is a first name; alone it names the organisation.
        if key in ("contact_first_name", "participant_first_name"):
            return score if context.last_name else score - 40
        if key in ("name", "participant_name"):
            return score - 40 if context.last_name else score
    return score


# --------------------------------------------------------------------------------------------
# Values


@dataclass(frozen=True)
class ValueProfile:
    """Share of a column's non-empty values (sampled) that read as each kind of value."""

    filled: int
    vat: float
    fiscal_code: float
    email: float
    url: float
    date: float
    org_type: float


def profile_column(values: Iterable[object], sample: int = 200) -> ValueProfile:
    """Look at up to *sample* non-empty values of a column."""
    cells = [v for v in values if v is not None and v != ""][:sample]
    n = len(cells) or 1

    def share(check: Any, only_text: bool = True) -> float:
        ok = 0
        for value in cells:
            if only_text and not isinstance(value, str | int):
                continue
            try:
                if check(value) is not None:
                    ok += 1
            except ValueError:
                pass
        return ok / n

    date_like = (
        sum(
            1
            for v in cells
            if isinstance(v, date | datetime)
            or (isinstance(v, str) and re.fullmatch(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}", v.strip()))
        )
        / n
    )
    return ValueProfile(
        filled=len(cells),
        vat=share(lambda v: parse_vat(v) if re.search(r"\d{8}", str(v)) else None),
        fiscal_code=share(lambda v: parse_fiscal_code(v) if len(str(v).strip()) == 16 else None),
        email=share(parse_email),
        url=share(lambda v: parse_url(v) if re.search(r"www\.|https?://", str(v), re.I) else None),
        date=date_like,
        org_type=share(parse_org_type),
    )


def _column_values(table: RawTable, j: int) -> list[object]:
    return [row[j] for row in table.rows[:500]]


def _resolve_by_values(
    table: RawTable, kind: ImportKind, chosen: dict[int, ColumnSuggestion], taken: set[str]
) -> None:
    """A "Categoria" column holding organisation types is the type, not the membership class."""
    if kind is not ImportKind.MEMBERS or "org_type" in taken:
        return
    for j, suggestion in list(chosen.items()):
        if suggestion.field == "category":
            profile = profile_column(_column_values(table, j))
            if profile.filled and profile.org_type >= 0.8:
                chosen[j] = ColumnSuggestion(
                    suggestion.header,
                    "org_type",
                    suggestion.score,
                    "header",
                    msg('header "{header}" holds organisation types', header=suggestion.header),
                )
                taken.discard("category")
                taken.add("org_type")


_VALUE_FIELDS: dict[ImportKind, dict[str, tuple[str, ...]]] = {
    ImportKind.MEMBERS: {
        "vat": ("vat",),
        "fiscal_code": ("fiscal_code",),
        "email": ("email", "contact_email"),
        "url": ("website",),
        "date": ("join_date",),
    },
    ImportKind.PROJECTS: {
        "vat": ("partner_vat",),
        "url": ("website",),
        "date": ("start_date", "end_date"),
    },
    ImportKind.CORDIS: {"vat": ("partner_vat",), "date": ("start_date", "end_date")},
    ImportKind.ACTIVITIES: {
        "vat": ("participant_vat",),
        "email": ("participant_email",),
        "date": ("start_date",),
    },
}


def _value_guess(
    table: RawTable, j: int, kind: ImportKind, taken: set[str], *, person: bool = True
) -> str | None:
    """The field a column of unrecognised header holds, judged by its values.

    Without a contact-person column (*person* False) e-mail addresses are never taken for a
    contact's: a second office address ("PEC" beside "E-mail") would otherwise make every row
    without a contact person an error.
    """
    profile = profile_column(_column_values(table, j))
    if profile.filled == 0:
        return None
    options = _VALUE_FIELDS[kind]
    for what in ("vat", "fiscal_code", "email", "url", "date"):
        if getattr(profile, what) >= 0.8 and what in options:
            for key in options[what]:
                if key not in taken and (person or key not in _PERSON_ONLY):
                    return key
    return None


#: Fields a value guess may choose only when the file names a contact person.
_PERSON_ONLY = frozenset({"contact_email"})


__all__ = [
    "EXACT_SCORE",
    "MIN_SCORE",
    "VALUE_SCORE",
    "ColumnSuggestion",
    "MappingSuggestion",
    "ValueProfile",
    "profile_column",
    "suggest_mapping",
]
