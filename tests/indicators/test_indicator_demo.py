"""The engine on the demo cluster: every indicator computes and agrees with the services."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from tests.indicators.indicator_fixtures import new_db
from workbench import demo
from workbench.db import Database
from workbench.indicators import Kind, Status, assess, eccp_figures
from workbench.rules.eccp import counts_as_company
from workbench.services import members as member_service

TODAY = date(2025, 6, 30)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    db = new_db(tmp_path_factory.mktemp("demo"))
    demo.build_demo(db, seed=2009, today=TODAY)
    return db


def test_every_auto_indicator_has_a_value_on_the_demo(demo_db: Database) -> None:
    assessment = assess(demo_db, 2025, today=TODAY)
    assert assessment.total == 31
    for result in assessment.results:
        assert [p.label for p in result.periods] == ["2023", "2024", "current"]
        if result.definition.kind is Kind.AUTO:
            assert result.period("2024").value is not None, result.definition.id
            assert result.status is not Status.UNKNOWN, result.definition.id
    assert 0 < assessment.passing <= assessment.assessed <= 31


def test_demo_figures_agree_with_services_and_eccp(demo_db: Database) -> None:
    assessment = assess(demo_db, 2025, today=TODAY)
    day = date(2024, 12, 31)
    figures = eccp_figures(demo_db, day)
    composition = assessment.result("1.1.1").period("2024")
    assert len(composition.input_ids["organisation"]) == figures.total_members
    assert (
        figures.sme_members
        + figures.larger_companies
        + figures.unclassified_companies
        + figures.research_orgs
        + figures.other_actors
        == figures.total_members
    )
    # SME classes of companies (banks are other ecosystem actors by the one ECCP rule): the
    # engine's input line against the members service
    cells = member_service.composition(demo_db, day)
    service: Counter[str] = Counter()
    for cell in cells:
        if counts_as_company(cell.org_type):
            service[cell.sme_class.value if cell.sme_class else "without size data"] += cell.count
    line = next(i for i in composition.inputs if i.startswith("SME classes"))
    engine = Counter(
        {name: int(n) for n, name in re.findall(r"(\d+) ([a-z ]+?)(?:,|$)", line.split(": ")[1])}
    )
    assert engine == service
    # joiners and leavers per year against the members service
    for move in member_service.movements(demo_db, [2023, 2024]):
        line = assessment.result("2.3").period(str(move.year)).inputs[-1]
        assert line == (
            f"in {move.year}: {move.joined} joined, {move.left} left; "
            f"{move.total_at_end} members on {move.year}-12-31"
        )
