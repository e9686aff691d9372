"""Matching rows to existing organisations, and duplicates inside a file."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from workbench.importing.matching import (
    FUZZY_THRESHOLD,
    MatchHow,
    OrgIndex,
    OrgRef,
    blocking_keys,
    group_rows,
)
from workbench.rules.names import LEGAL_FORMS, name_key, name_words

ORGS = [
    OrgRef(1, "Alfa Energia S.p.A.", vat="IT00743110157", city="Milano"),
    OrgRef(2, "Citta' Verde S.r.l.", city="Brescia"),
    OrgRef(3, "Termoidraulica Brambilla S.r.l."),
    OrgRef(4, "Omega Sistemi S.r.l.", vat="IT01234560017"),
    OrgRef(5, "Consorzio Alfa"),
    OrgRef(6, "Beta 2 S.r.l."),
    OrgRef(7, "Gamma Soluzioni", legal_name="Gamma Soluzioni Industriali S.p.A."),
    OrgRef(8, "Delta S.r.l."),
    OrgRef(9, "DELTA SRL"),
]


def index() -> OrgIndex:
    return OrgIndex.build(ORGS)


def test_vat_first() -> None:
    result = index().match("IT00743110157", "A completely different name")
    assert (result.how, result.org_id) == (MatchHow.VAT, 1)
    assert "IT00743110157" in result.reason


def test_normalised_name_ignores_case_accents_punctuation_and_legal_forms() -> None:
    for name in ("Città Verde Srl", "CITTA VERDE", "Citta' Verde S.R.L.", "città  verde srl"):
        result = index().match(None, name)
        assert (result.how, result.org_id) == (MatchHow.NAME, 2), name
    # the legal name counts too
    assert index().match(None, "GAMMA SOLUZIONI INDUSTRIALI SPA").org_id == 7
    # a VAT number not in the database does not stop a name match with an org without VAT
    assert index().match("IT09876543218", "Citta Verde").org_id == 2


def test_leading_words_tell_organisations_apart() -> None:
    assert index().match(None, "Alfa S.r.l.").how is MatchHow.NONE  # not "Consorzio Alfa"


def test_uncertain_cases_go_to_review_with_candidates() -> None:
    near = index().match(None, "Termoidraulica Brambila Srl")
    assert near.how is MatchHow.REVIEW and near.org_id is None
    assert [c.org_id for c in near.candidates] == [3]
    assert near.candidates[0].score >= FUZZY_THRESHOLD
    # two organisations with the same normalised name
    twins = index().match(None, "Delta")
    assert twins.how is MatchHow.REVIEW and {c.org_id for c in twins.candidates} == {8, 9}
    # same name, another VAT number
    other = index().match("IT09876543218", "OMEGA SISTEMI")
    assert other.how is MatchHow.REVIEW and "another VAT number" in other.reason
    assert "IT01234560017" in other.candidates[0].reason


def test_no_near_miss_across_numbers_or_vat_numbers() -> None:
    assert index().match(None, "Beta 3 S.r.l.").how is MatchHow.NONE
    assert index().match(None, "Beta 2 srl").org_id == 6
    # a similar name with a different VAT number is another organisation
    assert index().match("IT09876543218", "Omeja Sistemi S.r.l.").how is MatchHow.NONE
    assert index().match(None, "Omeja Sistemi S.r.l.").how is MatchHow.REVIEW
    assert index().match(None, "Something else entirely").how is MatchHow.NONE
    assert index().match(None, "Brambila", fuzzy=False).how is MatchHow.NONE


def test_group_rows_finds_duplicates_in_the_file() -> None:
    rows = [
        ("IT00743110157", "Alfa Energia SpA"),  # 0
        (None, "Città Verde"),  # 1
        ("IT00743110157", "ALFA ENERGIA"),  # 2 same VAT as 0
        (None, "Citta' Verde S.r.l."),  # 3 same name as 1
        (None, "Alfa Energia S.p.A."),  # 4 same name as 0, which has a VAT
        ("IT01234560017", "Citta Verde"),  # 5 same name as 1 (no VAT there): joins
        ("IT09876543218", "Citta Verde"),  # 6 another VAT than the group of 1: new
        (None, None),  # 7 nothing to go by
    ]
    leaders, duplicates = group_rows(rows)
    assert leaders == [0, 1, 0, 1, 0, 1, 6, 7]
    assert [(d.index, d.first, d.reason) for d in duplicates] == [
        (2, 0, "same VAT number IT00743110157"),
        (3, 1, "same name"),
        (4, 0, "same name"),
        (5, 1, "same name"),
    ]


def test_blocking_finds_what_a_full_scan_finds() -> None:
    """The blocked search agrees with rapidfuzz over all names on single typos."""
    rng = random.Random(4)
    words = [
        "energia",
        "solare",
        "verde",
        "tecno",
        "impianti",
        "sistemi",
        "lombarda",
        "idro",
        "termo",
        "servizi",
        "ambiente",
        "green",
        "power",
        "brianza",
        "valtellina",
    ]
    surnames = [
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 9)))
        for _ in range(400)
    ]
    names = sorted(
        {f"{rng.choice(surnames)} {rng.choice(words)} {rng.choice(words)}" for _ in range(3000)}
    )
    idx = OrgIndex.build(OrgRef(i, n) for i, n in enumerate(names))
    keys = {i: name_key(n) for i, n in enumerate(names)}
    checked = 0
    for i in rng.sample(range(len(names)), 150):
        word = names[i]
        pos = rng.randrange(len(word))
        typo = word[:pos] + rng.choice("aeiou") + word[pos + 1 :]
        key = name_key(typo)
        if key in idx.by_key:
            continue
        full = {
            k
            for _t, _s, k in process.extract(
                key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_THRESHOLD, limit=None
            )
        }
        found = {c.org_id for c in idx.near_misses(key)}
        best = sorted(full, key=lambda k: -fuzz.token_sort_ratio(key, keys[k]))[:5]
        assert set(best) & found or not full, (typo, best, found)
        checked += 1
    assert checked > 100


def test_blocking_keys() -> None:
    assert blocking_keys("citta verde") == {"p:cit", "s:tta", "p:ver", "s:rde"}
    assert blocking_keys("abb 2") == {"w:abb"}


def test_ten_thousand_against_ten_thousand_runs() -> None:
    """Exercises the blocked search at benchmark scale (timing lives in benchmarks/)."""
    rng = random.Random(1)
    syllables = ["ra", "mo", "ti", "ve", "lu", "ca", "so", "ne", "pa", "gi", "to", "re"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))

    existing = [OrgRef(i, f"{word()} {word()} S.r.l.") for i in range(10_000)]
    idx = OrgIndex.build(existing)
    results = [idx.match(None, f"{word()} {word()}") for _ in range(10_000)]
    assert len(results) == 10_000
    assert any(r.how is MatchHow.REVIEW for r in results)


NAMES = [
    "Alfa S.r.l.",
    "ALFA SRL",
    "Alfa S.p.A. unipersonale",
    "Città Verde S.r.l.",
    "Citta' Verde Srl",
    "Consorzio Alfa",
    "Beta GmbH & Co. KG",
    "Gamma Soc. Coop. a r.l.",
    "Delta S.A.S. di Rossi Mario & C.",
    "S.r.l.",
    "  Multiple   spaces  S.N.C. ",
    "Ünïcödé Straße GmbH",
    "Omega_Sistemi s.r.l.s.",
    "X",
    "Fondazione Y ONLUS",
    "ACME Ltd.",
    "ACME Limited",
    "Société Générale S.A.",
    "a.b.c. srl",
    "1.2.3 Srl",
]


def strip_every_form(name: str) -> str:
    """The name key the slow, obvious way: try every legal form, longest first, until none."""
    words = name_words(name)
    stripped = True
    while stripped and len(words) > 1:
        stripped = False
        for form in LEGAL_FORMS:
            if len(form) < len(words) and tuple(words[-len(form) :]) == form:
                words, stripped = words[: -len(form)], True
                break
    return " ".join(words)


@pytest.mark.parametrize("name", NAMES)
def test_name_key_agrees_with_trying_every_form(name: str) -> None:
    assert name_key(name) == strip_every_form(name)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("abcAB .'-&_,/()sSrRlLpPaA1") + ["à", "ß"]), max_size=40)
)
def test_name_key_agrees_on_any_text(name: str) -> None:
    assert name_key(name) == strip_every_form(name)


def test_a_file_matched_at_once_gets_the_verdicts_of_row_by_row() -> None:
    rows = [
        ("IT00743110157", "A completely different name"),
        (None, "Città Verde Srl"),
        (None, "Termoidraulica Brambila Srl"),
        (None, "Delta"),
        ("IT09876543218", "OMEGA SISTEMI"),
        ("IT09876543218", "Omeja Sistemi S.r.l."),
        (None, "Omeja Sistemi S.r.l."),
        (None, "Termoidraulica Brambila Srl"),  # the same near miss twice: scored once
        (None, "Beta 3 S.r.l."),
        (None, None),
        (None, "Something else entirely"),
    ]
    for kwargs in ({}, {"fuzzy": False}, {"name_must_agree": True}):
        alone = [index().match(vat, name, **kwargs) for vat, name in rows]  # type: ignore[arg-type]
        assert index().match_many(rows, **kwargs) == alone, kwargs  # type: ignore[arg-type]


def test_the_names_searched_do_not_depend_on_the_run() -> None:
    """Blocks of equal size are taken in key order, not in the (per-run) order of a set."""
    rng = random.Random(2)

    def filler() -> str:
        return "".join(rng.choice("bcdfgkmnpqvwxz") for _ in range(8))  # no "tig", "zeb"

    tigers = [f"{filler()} tiger" for _ in range(200)]
    zebras = [f"{filler()} zebra" for _ in range(200)]
    idx = OrgIndex.build(OrgRef(i, n) for i, n in enumerate(tigers + zebras))
    # p:tig, p:zeb, s:bra and s:ger hold 200 names each: only one fits in the cap, the first
    assert idx.block_candidates("tiger zebra") == list(range(200))
