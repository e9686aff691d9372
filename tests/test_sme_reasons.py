"""The SME reasons and classes of 600 varied histories, word for word as they were written.

``tests/data/sme_reasons.json`` holds what :func:`workbench.sme.classify` returned for the
histories :func:`cases` draws (a fixed seed) before its reasons became lazy: the class, the
reason, the year, whether overridden, the aggregated figures. A change to a rule or to a
sentence fails here; so does a lazy reason that is not the text the eager one was.

Regenerate (only when a rule or a sentence changes on purpose):
``PYTHONPATH=. python tests/test_sme_reasons.py > tests/data/sme_reasons.json``.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
import random
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from workbench import sme

GOLDEN = Path(__file__).parent / "data" / "sme_reasons.json"

#: Values near the ceilings (staff 10/50/250; 2/10/43/50 M) and far from them.
_STAFF = ["0", "3", "9.5", "10", "12", "49", "50", "60", "249.9", "250", "900", None]
_MONEY = [
    "0", "850000", "1999999.99", "2000000", "2000000.01", "2004000", "8200000", "10000000",
    "10000000.5", "42999999", "43000000", "49999999", "50000000", "50000001", "1500000000",
    None,
]  # fmt: skip


def _money(rng: random.Random) -> Decimal | None:
    value = rng.choice(_MONEY)
    return None if value is None else Decimal(value)


def _figures(rng: random.Random, year: int) -> sme.YearFigures:
    staff = rng.choice(_STAFF)
    links = tuple(
        sme.LinkedEnterprise(
            relation=rng.choice(list(sme.EnterpriseRelation)),
            share_pct=Decimal(rng.choice(["25", "33.3", "50", "75", "100"])),
            staff_awu=Decimal(rng.choice(["1", "8", "40", "200"])) if rng.random() < 0.9 else None,
            turnover=_money(rng),
            balance_sheet=_money(rng),
            name=f"Link {year}",
        )
        for _ in range(rng.choice([0, 0, 0, 1, 2]))
    )
    public = rng.choice([None, None, None, "0", "24.9", "25", "60"])
    return sme.YearFigures(
        year=year,
        staff_awu=None if staff is None else Decimal(staff),
        turnover=_money(rng),
        balance_sheet=_money(rng),
        public_control_pct=None if public is None else Decimal(public),
        links=links,
    )


def cases(n: int = 600, seed: int = 20261204) -> list[dict[str, Any]]:
    """*n* classification requests: histories of 0-6 years with gaps, overrides, as-of years."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        years = sorted(rng.sample(range(2015, 2027), rng.choice([0, 1, 2, 3, 3, 4, 5, 6])))
        if rng.random() < 0.5 and years:  # consecutive years: the two-year rule at work
            years = list(range(years[0], years[0] + len(years)))
        history = [_figures(rng, y) for y in years]
        rng.shuffle(history)
        override = rng.choice([None] * 8 + list(sme.SmeClass))
        out.append(
            {
                "history": history,
                "org_is_enterprise": rng.random() < 0.9,
                "override": override,
                "override_reason": rng.choice(["Checked by the auditor", "Group, see file."])
                if override
                else "",
                "as_of_year": rng.choice([None, 2018, 2021, 2023, 2024, 2026]),
            }
        )
    return out


def _text(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _text(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_text(v) for v in value]
    return value


def outcome(result: sme.SmeResult) -> dict[str, Any]:
    """A result as JSON: every field, the reason included."""
    return _text(result)


def _classify(case: dict[str, Any]) -> sme.SmeResult:
    return sme.classify(
        case["history"],
        org_is_enterprise=case["org_is_enterprise"],
        override=case["override"],
        override_reason=case["override_reason"],
        as_of_year=case["as_of_year"],
    )


def test_reasons_and_classes_are_those_written_before() -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = [outcome(_classify(case)) for case in cases()]
    assert len(got) == len(expected)
    for number, (mine, theirs) in enumerate(zip(got, expected, strict=True)):
        assert mine == theirs, f"case {number}"
    # The cases reach every class, every reason kind, overrides and the two-year rule.
    reasons = " ".join(e["reason"] for e in expected)
    for phrase in (
        "kept under the two-consecutive-years rule",
        "Changed from",
        "public bodies",
        "manual override",
        "not an enterprise",
        "no size data",
        "partner and linked",
        "decided on headcount alone",
        "one financial ceiling suffices",
    ):
        assert phrase in reasons
    assert {e["sme_class"] for e in expected} == {*sme.SmeClass, None}


@pytest.mark.parametrize("number", [0, 7, 42, 99])
def test_a_lazy_reason_is_a_plain_field(number: int) -> None:
    """Equality, hash, repr, replace, copy and pickle see the text, read or not yet read."""
    case = [c for c in cases() if c["history"] and c["org_is_enterprise"]][number]
    fresh, read = _classify(case), _classify(case)
    text = read.reason
    eager = sme.SmeResult(fresh.sme_class, text, fresh.year, fresh.overridden, fresh.aggregated)
    assert pickle.loads(pickle.dumps(_classify(case))) == eager
    assert copy.deepcopy(_classify(case)) == eager
    assert dataclasses.replace(_classify(case), year=1) == dataclasses.replace(eager, year=1)
    assert repr(_classify(case)) == repr(eager)
    assert hash(_classify(case)) == hash(eager)
    assert fresh == eager and fresh == read and fresh.reason == text
    assert [f.name for f in dataclasses.fields(fresh)][:3] == ["sme_class", "reason", "year"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        fresh.reason = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        _ = fresh.nothing  # type: ignore[attr-defined]


def test_the_classifier_gives_each_organisation_the_rule_s_result_once() -> None:
    """SmeClassifier: classify_sme's result for any as-of year, one per latest year seen."""
    from workbench.rules import size

    drawn = [c for c in cases() if c["override"] is None][:200]
    history = {org_id: case["history"] for org_id, case in enumerate(drawn)}
    classes = size.SmeClassifier(history)
    for org_id, case in enumerate(drawn):
        results = {}
        for year in (None, 2016, 2018, 2020, 2022, 2024, 2026):
            choices = {
                "org_is_enterprise": case["org_is_enterprise"],
                "override": None,
                "override_reason": None,
            }
            mine = classes.classify(org_id, as_of_year=year, **choices)
            rule = size.classify_sme(case["history"], as_of_year=year, **choices)
            assert mine == rule and mine.reason == rule.reason
            seen = max(
                (f.year for f in case["history"] if year is None or f.year <= year), default=0
            )
            assert results.setdefault(seen, mine) is mine, "classified twice"
        assert classes.has_figures(org_id) == bool(case["history"])


if __name__ == "__main__":
    json.dump([outcome(_classify(case)) for case in cases()], sys.stdout, indent=0)
    sys.stdout.write("\n")
