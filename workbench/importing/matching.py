"""Matching imported rows to existing organisations, and finding duplicates inside a file.

Rules, in order (nothing uncertain is decided silently):

1. **VAT number**: an organisation with the same VAT number is the same organisation. When
   the caller asks (``name_must_agree``, the member import), a row whose name is clearly
   another (:func:`names_agree`: name keys less than :data:`VAT_NAME_THRESHOLD` alike) goes
   to review instead of renaming the stored organisation; respellings of its name or legal
   name (legal form, accents, case, punctuation) have the same key and stay matches.
2. **Normalised name** (:func:`~workbench.rules.names.name_key`: case, accents,
   punctuation and legal forms ignored, so "Città Verde Srl" = "Citta' Verde S.r.l."), compared
   with the name and the legal name of existing organisations. One hit is a match, unless both
   sides carry different VAT numbers: then the user reviews it. Several hits go to review.
3. **Near misses** (rapidfuzz ``token_sort_ratio`` >= :data:`FUZZY_THRESHOLD` on normalised
   names) go to review with their candidates. Names whose numbers differ ("Alfa 2" / "Alfa 3")
   are never near misses, and neither are organisations with different VAT numbers.

Speed: exact rules are dictionary look-ups. Near misses are searched only among organisations
sharing a *block* with the name, and never among more than :data:`BLOCK_CAP` of them, however
many members are stored, so an import grows with the file and not with file x members:

* a block is the names sharing a blocking key (the first and last three letters of a word,
  :func:`blocking_keys`), or, for keys too frequent to use alone ("p:ene" of "energia" in
  thousands of names), the names sharing *two* such keys ("p:ros" + "p:ene");
* a row takes its blocks rarest first (the most telling ones, as IDF weighting would rank
  them) while they fit in the cap. A near miss with one typo keeps most of its keys, and the
  rare ones are the surname and brand words that tell names apart, so it is in those blocks;
* a name made only of words hundreds of members share, in every pair, is compared with the
  first :data:`BLOCK_CAP` names of its smallest block (see :meth:`OrgIndex.block_candidates`);
* a block is scored at once with ``rapidfuzz.process.cdist``: :meth:`OrgIndex.match_many`
  (a whole file) scores each block in one call against every row that searches it.

Two-key blocks rather than IDF weights alone: weights rank the blocks but cannot shrink a
block, and without pairs a row whose surviving keys are all frequent would find nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz, process

from workbench.rules.names import name_key
from workbench.translatable import msg, nmsg

#: Minimum rapidfuzz token_sort_ratio for a near miss.
FUZZY_THRESHOLD = 88.0
#: A row matched by VAT number whose name is less alike than this (rapidfuzz
#: token_set_ratio of the name keys, 0-100) to the stored name and legal name is reviewed:
#: "Alfa Energy" for "Alfa Energia S.r.l." (87) or "Politecnico Milano" for "Politecnico di
#: Milano" (100) are the same organisation, "Beta S.p.A." for "Alfa S.r.l." (25) or "Rossi
#: Costruzioni" for "Rossi Impianti" (58) are not decided silently.
VAT_NAME_THRESHOLD = 70.0
#: Most candidates shown for a row under review.
MAX_CANDIDATES = 5
#: Most stored names a row is compared with in the near-miss search, whatever the member
#: count: a block larger than this is too frequent to use alone (see the module docstring).
BLOCK_CAP = 256
#: Most rows scored in one ``cdist`` call (its score matrix: rows x block, 8 bytes a cell).
_SCORED_AT_ONCE = 1024
_DIGITS = re.compile(r"\d+")
#: A one-key block ("p:ros") or a two-key block (("p:ene", "p:ros")).
_BlockKey = str | tuple[str, str]
#: A block a row is searched in, and how many of its first names (None: all).
_BlockRef = tuple[_BlockKey, int | None]
# Reasons shown to the user (translatable), made once: matching runs for every row.
_SAME_NAME = msg("same name")
_SIMILAR_NAME = msg("similar name")


class MatchHow(StrEnum):
    """How a row was matched."""

    VAT = "vat"
    NAME = "name"
    REVIEW = "review"
    NONE = "none"


@dataclass(frozen=True)
class OrgRef:
    """What matching needs to know about an existing organisation."""

    id: int
    name: str
    legal_name: str | None = None
    vat: str | None = None
    city: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A possible existing organisation for a row under review.

    Attributes:
        org_id: Id of the organisation.
        name: Its name.
        vat: Its VAT number, if any.
        city: Its city, if any.
        score: Similarity 0-100 of the normalised names (100 = same name).
        reason: Why it is a candidate, for the user.
    """

    org_id: int
    name: str
    vat: str | None
    city: str | None
    score: float
    reason: str


@dataclass(frozen=True)
class MatchResult:
    """The verdict for one row.

    Attributes:
        how: VAT or NAME (decided: ``org_id`` is set), REVIEW (the user decides among
            ``candidates``) or NONE (a new organisation).
        org_id: The matched organisation when decided.
        candidates: Possible organisations when under review (best first).
        reason: Human explanation ("same VAT number IT01234560017").
    """

    how: MatchHow
    org_id: int | None = None
    candidates: tuple[Candidate, ...] = ()
    reason: str = ""


_NO_MATCH = MatchResult(MatchHow.NONE)  # frozen, so one serves every new organisation


@dataclass
class OrgIndex:
    """Existing organisations indexed for matching.

    Build it once per import with :meth:`build`; :meth:`match` is then cheap.
    """

    orgs: dict[int, OrgRef] = field(default_factory=dict)
    by_vat: dict[str, int] = field(default_factory=dict)
    by_key: dict[str, list[int]] = field(default_factory=dict)
    _keys: list[str] = field(default_factory=list)
    _key_owner: list[int] = field(default_factory=list)
    _blocks: dict[str, list[int]] = field(default_factory=dict)
    _pairs: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, orgs: Iterable[OrgRef]) -> OrgIndex:
        """Index *orgs* by VAT, normalised name (and legal name) and blocks."""
        index = cls()
        for org in orgs:
            index.add(org)
        index._index_pairs()
        return index

    def add(self, org: OrgRef) -> None:
        """Add one organisation (used by :meth:`build`).

        :meth:`build` indexes the two-key blocks after the last one; an organisation added
        later is found by its one-key blocks only.
        """
        self.orgs[org.id] = org
        if org.vat:
            self.by_vat[org.vat.upper()] = org.id
        for name in {org.name, org.legal_name}:
            if not name:
                continue
            key = name_key(name)
            if not key:
                continue
            owners = self.by_key.setdefault(key, [])
            if org.id not in owners:
                owners.append(org.id)
            position = len(self._keys)
            self._keys.append(key)
            self._key_owner.append(org.id)
            for block in blocking_keys(key):
                self._blocks.setdefault(block, []).append(position)

    def match(
        self,
        vat: str | None,
        name: str | None,
        *,
        fuzzy: bool = True,
        name_must_agree: bool = False,
    ) -> MatchResult:
        """Match one row by VAT, then normalised name, then near misses (to review).

        With *name_must_agree* a VAT match whose *name* is clearly another organisation's
        (see :func:`names_agree`) goes to review with that organisation as the candidate.
        """
        return self.match_many([(vat, name)], fuzzy=fuzzy, name_must_agree=name_must_agree)[0]

    def match_many(
        self,
        rows: Sequence[tuple[str | None, str | None]],
        *,
        fuzzy: bool = True,
        name_must_agree: bool = False,
    ) -> list[MatchResult]:
        """:meth:`match` for every ``(vat, name)`` of *rows*, in order, with the same verdicts.

        Faster for a file: the near-miss search scores each block once against all the rows
        that search it (see :meth:`near_misses_many`) instead of once per row.
        """
        results: list[MatchResult | None] = []
        searched: list[int] = []
        queries: list[tuple[str, str | None]] = []
        for vat, name in rows:
            decided, key = self._match_exactly(vat, name, name_must_agree)
            if decided is None and fuzzy and key:
                searched.append(len(results))
                queries.append((key, vat))
            results.append(decided)
        for i, candidates in zip(searched, self.near_misses_many(queries), strict=True):
            if candidates:
                results[i] = MatchResult(
                    MatchHow.REVIEW,
                    candidates=candidates,
                    reason=msg(
                        "similar name: {names}",
                        names=", ".join(f'"{c.name}" ({c.score:.0f} %)' for c in candidates[:3]),
                    ),
                )
        return [_NO_MATCH if r is None else r for r in results]

    def _match_exactly(
        self, vat: str | None, name: str | None, name_must_agree: bool
    ) -> tuple[MatchResult | None, str]:
        """The verdict of the VAT and name rules (None: not decided by them), and the name key."""
        if vat:
            found = self.by_vat.get(vat.upper())
            if found is not None:
                org = self.orgs[found]
                if name_must_agree and name and not names_agree(name, org.name, org.legal_name):
                    return self._vat_with_other_name(vat, name, org), ""
                verdict = MatchResult(
                    MatchHow.VAT, found, reason=msg("same VAT number {vat}", vat=vat)
                )
                return verdict, ""
        key = name_key(name) if name else ""
        owners = self.by_key.get(key) if key else None
        if owners:
            return self._by_name(vat, key, owners), key
        return None, key

    def _vat_with_other_name(self, vat: str, name: str, org: OrgRef) -> MatchResult:
        score = max(name_similarity(name, n) for n in (org.name, org.legal_name) if n)
        candidate = self._candidate(
            org.id, score, msg("same VAT number {vat}, another name", vat=vat)
        )
        return MatchResult(
            MatchHow.REVIEW,
            candidates=(candidate,),
            reason=msg(
                'same VAT number {vat} as "{stored}" in the database, but the file names it '
                '"{name}"',
                vat=vat,
                stored=org.name,
                name=name,
            ),
        )

    def _by_name(self, vat: str | None, key: str, owners: list[int]) -> MatchResult:
        usable = [o for o in owners if not (vat and self.orgs[o].vat and self.orgs[o].vat != vat)]
        if len(owners) == 1 and len(usable) == 1:
            org = self.orgs[owners[0]]
            return MatchResult(
                MatchHow.NAME, org.id, reason=msg('same name as "{name}"', name=org.name)
            )
        candidates = tuple(self._candidate(o, 100.0, self._name_reason(o, vat)) for o in owners)[
            :MAX_CANDIDATES
        ]
        if usable:
            reason = nmsg(
                "{n} organisation has this name", "{n} organisations have this name", len(owners)
            )
        else:
            reason = msg("an organisation with this name has another VAT number")
        return MatchResult(MatchHow.REVIEW, candidates=candidates, reason=reason)

    def _name_reason(self, org_id: int, vat: str | None) -> str:
        other = self.orgs[org_id].vat
        if vat and other and other != vat:
            return msg("same name, but VAT number {vat}", vat=other)
        return _SAME_NAME

    def _candidate(self, org_id: int, score: float, reason: str) -> Candidate:
        org = self.orgs[org_id]
        return Candidate(org.id, org.name, org.vat, org.city, round(score, 1), reason)

    def _index_pairs(self) -> None:
        """Two-key blocks: the names sharing two keys that are each too frequent alone."""
        frequent = sorted(k for k, found in self._blocks.items() if len(found) > BLOCK_CAP)
        # Read from the frequent blocks themselves: no name's keys computed a second time.
        keys_of: dict[int, list[str]] = defaultdict(list)
        for block_key in frequent:
            for position in self._blocks[block_key]:
                keys_of[position].append(block_key)
        pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
        for position in sorted(keys_of):  # each pair's names in index order, as one-key blocks
            for pair in combinations(keys_of[position], 2):
                pairs[pair].append(position)
        self._pairs = dict(pairs)

    def near_misses(self, key: str, vat: str | None = None) -> tuple[Candidate, ...]:
        """Existing organisations whose normalised name is close to *key* (best first)."""
        return self.near_misses_many([(key, vat)])[0]

    def near_misses_many(
        self, queries: Sequence[tuple[str, str | None]]
    ) -> list[tuple[Candidate, ...]]:
        """:meth:`near_misses` of every ``(key, vat)`` of *queries*, in order.

        Each block is scored with one ``cdist`` call against all the distinct keys that
        search it: rapidfuzz converts the block's names once, not once per row, and scores
        many rows at a time (about 20x less per row than one call per row, measured).
        """
        keys = list(dict.fromkeys(key for key, _vat in queries))
        searching: dict[_BlockRef, list[int]] = defaultdict(list)
        for k, key in enumerate(keys):
            for block in self._chosen_blocks(key):
                searching[block].append(k)
        scores: list[dict[int, float]] = [{} for _ in keys]
        for block, searchers in searching.items():
            positions = self._block_positions(block)
            choices = [self._keys[p] for p in positions]
            for start in range(0, len(searchers), _SCORED_AT_ONCE):
                chunk = searchers[start : start + _SCORED_AT_ONCE]
                matrix = process.cdist(
                    [keys[k] for k in chunk],
                    choices,
                    scorer=fuzz.token_sort_ratio,
                    score_cutoff=FUZZY_THRESHOLD,
                    dtype=np.float64,
                )
                rows, cols = np.nonzero(matrix)
                hits = zip(rows.tolist(), cols.tolist(), matrix[rows, cols].tolist(), strict=True)
                for row, col, score in hits:
                    scores[chunk[row]][positions[col]] = score
        slot = {key: k for k, key in enumerate(keys)}
        return [self._candidates(key, vat, scores[slot[key]]) for key, vat in queries]

    def _candidates(
        self, key: str, vat: str | None, scores: dict[int, float]
    ) -> tuple[Candidate, ...]:
        """The near misses among the scored stored names (position -> score), best first."""
        if not scores:
            return ()
        digits = _DIGITS.findall(key)
        found: dict[int, Candidate] = {}
        for position, score in sorted(scores.items(), key=lambda hit: (-hit[1], hit[0])):
            owner = self._key_owner[position]
            org = self.orgs[owner]
            if owner in found or _DIGITS.findall(self._keys[position]) != digits:
                continue
            if vat and org.vat and org.vat != vat:
                continue  # two VAT numbers: two organisations, however alike the names
            found[owner] = self._candidate(owner, score, _SIMILAR_NAME)
        return tuple(sorted(found.values(), key=lambda c: -c.score)[:MAX_CANDIDATES])

    def block_candidates(self, key: str) -> list[int]:
        """Positions of the stored names *key* is compared with: at most :data:`BLOCK_CAP`."""
        chosen: set[int] = set()
        for block in self._chosen_blocks(key):
            chosen.update(self._block_positions(block))
        return sorted(chosen)

    def _chosen_blocks(self, key: str) -> list[_BlockRef]:
        """The blocks *key* is searched in: their names add up to at most :data:`BLOCK_CAP`.

        Its one-key and two-key blocks, rarest first (ties in key order, so a file gives the
        same review list every run), while their union fits in the cap; when not even the
        smallest fits, the first :data:`BLOCK_CAP` names of that block.
        """
        keys = sorted(blocking_keys(key))
        blocks: list[tuple[_BlockKey, list[int]]] = [
            (k, found) for k in keys if (found := self._blocks.get(k))
        ]
        if self._pairs:
            blocks += [(p, found) for p in combinations(keys, 2) if (found := self._pairs.get(p))]
        if not blocks:
            return []
        blocks.sort(key=lambda block: len(block[1]))  # stable: ties stay in key order
        chosen: list[_BlockRef] = []
        total = 0  # names in the chosen blocks, counted with repeats: the union is no larger
        union: set[int] | None = None  # made only once *total* no longer proves the fit
        for block_key, found in blocks:
            if union is None and total + len(found) > BLOCK_CAP:
                union = set().union(*(self._block_positions(block) for block in chosen))
            if union is not None:
                if len(found) > BLOCK_CAP - len(union):
                    break  # the rest are larger still
                union.update(found)
            chosen.append((block_key, None))
            total += len(found)
        return chosen or [(blocks[0][0], BLOCK_CAP)]

    def _block_positions(self, block: _BlockRef) -> list[int]:
        block_key, limit = block
        found = self._pairs[block_key] if isinstance(block_key, tuple) else self._blocks[block_key]
        return found if limit is None else found[:limit]


def name_similarity(a: str, b: str) -> float:
    """How alike two organisation names are, 0-100: rapidfuzz token_set_ratio of their keys.

    Equal keys (the same name with another legal form, accents, case or punctuation) give
    100, and so does a name that is the other plus words ("Alfa" / "Alfa Italia").
    """
    key_a, key_b = name_key(a), name_key(b)
    if key_a == key_b:
        return 100.0
    return float(fuzz.token_set_ratio(key_a, key_b))


def names_agree(name: str, stored: str, legal_name: str | None = None) -> bool:
    """True when *name* may be the organisation stored as *stored* (or its *legal_name*)."""
    return any(
        name_similarity(name, known) >= VAT_NAME_THRESHOLD
        for known in (stored, legal_name)
        if known
    )


def blocking_keys(key: str) -> set[str]:
    """Keys that a near miss of *key* very likely shares: first/last 3 letters of each word."""
    keys: set[str] = set()
    for word in key.split():
        if word.isdigit():
            continue
        if len(word) <= 3:
            keys.add("w:" + word)
        else:
            keys.add("p:" + word[:3])
            keys.add("s:" + word[-3:])
    return keys


@dataclass(frozen=True)
class FileDuplicate:
    """A row that names the same organisation as an earlier row of the file.

    Attributes:
        index: Position of the later row (0-based, in the input order).
        first: Position of the earlier row it repeats.
        reason: "same VAT number IT..." or "same name".
    """

    index: int
    first: int
    reason: str


def group_rows(
    rows: Sequence[tuple[str | None, str | None]],
) -> tuple[list[int], list[FileDuplicate]]:
    """Group rows that name the same organisation (same VAT, or same normalised name).

    Args:
        rows: ``(vat, name)`` of each row; either may be None.

    Returns:
        For every row the position of the first row of its group (itself when it is the
        first), and the duplicates found. A row without VAT joins the group of a row with
        the same normalised name; rows with different VAT numbers never join, even with the
        same name.
    """
    first_by_vat: dict[str, int] = {}
    first_by_key: dict[str, list[int]] = defaultdict(list)
    group_vat: dict[int, str | None] = {}
    leaders: list[int] = []
    duplicates: list[FileDuplicate] = []
    for i, (vat, name) in enumerate(rows):
        key = name_key(name) if name else ""
        leader: int | None = None
        reason: str = ""
        if vat and vat in first_by_vat:
            leader, reason = first_by_vat[vat], msg("same VAT number {vat}", vat=vat)
        elif key:
            for other in first_by_key.get(key, []):
                other_vat = group_vat.get(other)
                if not vat or not other_vat:
                    leader, reason = other, _SAME_NAME
                    break
        if leader is None:
            leader = i
            group_vat[i] = vat
        else:
            duplicates.append(FileDuplicate(i, leader, reason))
            if vat and not group_vat.get(leader):
                group_vat[leader] = vat
        if vat:
            first_by_vat.setdefault(vat, leader)
        if key and leader not in first_by_key[key]:
            first_by_key[key].append(leader)
        leaders.append(leader)
    return leaders, duplicates


__all__ = [
    "BLOCK_CAP",
    "FUZZY_THRESHOLD",
    "VAT_NAME_THRESHOLD",
    "Candidate",
    "FileDuplicate",
    "MatchHow",
    "MatchResult",
    "OrgIndex",
    "OrgRef",
    "blocking_keys",
    "group_rows",
    "name_similarity",
    "names_agree",
]
