"""The near-miss search at 50,000 varied names: a bounded number of candidates per row, and the
near misses a full scan finds are still found. Candidates are counted, never timed."""

from __future__ import annotations

import random
from typing import Any

import pytest
from rapidfuzz import fuzz, process

import workbench.importing.matching as matching
from tests.support.varied_names import respell, varied_names, with_typo
from workbench.importing.matching import BLOCK_CAP, FUZZY_THRESHOLD, MatchHow, OrgIndex, OrgRef
from workbench.rules.names import name_key

MEMBERS = 50_000


@pytest.fixture(scope="module")
def stored() -> list[str]:
    return list(varied_names(MEMBERS, seed=3))


@pytest.fixture(scope="module")
def index(stored: list[str]) -> OrgIndex:
    return OrgIndex.build(OrgRef(i, name) for i, name in enumerate(stored))


class CountingProcess:
    """rapidfuzz.process as matching uses it, counting the stored names each row is scored with."""

    def __init__(self) -> None:
        self.columns: list[int] = []

        self.pairs = 0

    def cdist(self, queries: list[str], choices: list[str], **kwargs: Any) -> Any:
        self.columns.append(len(choices))
        self.pairs += len(queries) * len(choices)
        return process.cdist(queries, choices, **kwargs)


def test_rows_are_compared_with_a_bounded_number_of_stored_names(
    stored: list[str], index: OrgIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    counting = CountingProcess()
    monkeypatch.setattr(matching, "process", counting)
    new = list(varied_names(3_000, seed=11, avoid={name_key(n) for n in stored}))
    results = [index.match(None, name) for name in new]
    assert all(r.how is not MatchHow.NAME for r in results)  # all went to the near-miss search
    assert len(counting.columns) > 2_500  # rows with no block at all are not scored
    assert max(counting.columns) <= BLOCK_CAP
    # The cap binds: these names share words with thousands of stored ones.
    frequent = max(len(found) for found in index._blocks.values())
    assert frequent > 10 * BLOCK_CAP


def test_the_bound_holds_for_names_made_of_frequent_words(index: OrgIndex) -> None:
    # Every key of these is in thousands of stored names, and so is every pair of them.
    for name in ("Rossi Impianti", "Energia Impianti", "Impianti", "Rossi & Russo Srl"):
        assert 0 < len(index.block_candidates(name_key(name))) <= BLOCK_CAP, name


def test_known_near_misses_are_still_found(stored: list[str], index: OrgIndex) -> None:
    """A typo of a stored name finds it whenever a full scan ranks it first."""
    rng = random.Random(8)
    keys = [name_key(n) for n in stored]
    checked = 0
    for i in rng.sample(range(len(stored)), 120):
        typo = with_typo(stored[i], rng)
        key = name_key(typo)
        if key in index.by_key:
            continue
        best = process.extractOne(
            key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_THRESHOLD
        )
        if best is None or best[2] != i:
            continue  # the typo made it closer to another name, or too far from any
        result = index.match(None, typo)
        assert result.how is MatchHow.REVIEW, typo
        assert i in {c.org_id for c in result.candidates}, (typo, stored[i], result.candidates)
        checked += 1
    assert checked > 60


def test_respelled_names_still_match_by_name(stored: list[str], index: OrgIndex) -> None:
    rng = random.Random(9)
    for i in rng.sample(range(len(stored)), 200):
        result = index.match(None, respell(stored[i]))
        assert (result.how, result.org_id) == (MatchHow.NAME, i), stored[i]


def mixed_rows(stored: list[str], count: int, seed: int) -> list[tuple[str | None, str]]:
    """A member file's names: respelled stored names, typos of stored names, new names."""
    rng = random.Random(seed)
    new = iter(varied_names(count, seed=seed, avoid={name_key(n) for n in stored}))
    shapes = (lambda: respell(rng.choice(stored)), lambda: with_typo(rng.choice(stored), rng))
    return [(None, shapes[i % 2]() if i % 4 < 2 else next(new)) for i in range(count)]


def test_a_file_matched_at_once_gets_the_verdicts_of_row_by_row(
    stored: list[str], index: OrgIndex
) -> None:
    rows = mixed_rows(stored, 3_000, seed=12)
    at_once = index.match_many(rows)
    assert at_once == [index.match(vat, name) for vat, name in rows]
    assert sum(r.how is MatchHow.REVIEW for r in at_once) > 300  # the typos, at least


def test_a_whole_file_scores_a_bounded_number_of_pairs_a_row(
    stored: list[str], index: OrgIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Matched at once, each row is scored against at most BLOCK_CAP names a block, about as
    many in all against 50,000 members as against 5,000 (blocks overlap: a few repeat)."""
    counting = CountingProcess()
    monkeypatch.setattr(matching, "process", counting)
    small = OrgIndex.build(OrgRef(i, name) for i, name in enumerate(stored[:5_000]))
    small.match_many(mixed_rows(stored[:5_000], 3_000, seed=13))
    pairs_small, counting.pairs = counting.pairs, 0
    index.match_many(mixed_rows(stored, 3_000, seed=13))
    assert max(counting.columns) <= BLOCK_CAP
    assert counting.pairs <= 3_000 * BLOCK_CAP
    assert counting.pairs <= 1.3 * pairs_small  # does not grow with the members
