"""A row whose VAT number is known but whose name is clearly another goes to review.

Issue 12: such a row used to be a plain "Update" renaming the member. Respellings of the
stored name (legal form added or dropped, accents, case) stay plain updates.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.importing.test_plan_apply import make_vat, plan_for, write_xlsx
from workbench.db import Database
from workbench.importing import PlanOptions, ReviewAction, ReviewDecision, RowStatus, apply_plan
from workbench.importing.matching import (
    VAT_NAME_THRESHOLD,
    MatchHow,
    OrgIndex,
    OrgRef,
    name_similarity,
    names_agree,
)
from workbench.models import Organisation
from workbench.services import members
from workbench.services.base import get_record

VAT = make_vat(3141592)


@pytest.mark.parametrize(
    ("file_name", "agree"),
    [
        ("ALFA ENERGIA SRL", True),  # case and legal form
        ("Alfa Energia", True),  # legal form dropped
        ("Àlfa Énergia S.p.A.", True),  # accents, another legal form
        ("Alfa Energy S.r.l.", True),  # a respelling, not another firm
        ("Beta Costruzioni S.p.A.", False),
        ("Omega Holding", False),
    ],
)
def test_names_agree_with_the_stored_name(file_name: str, agree: bool) -> None:
    assert names_agree(file_name, "Alfa Energia S.r.l.") is agree
    assert (name_similarity(file_name, "Alfa Energia S.r.l.") >= VAT_NAME_THRESHOLD) is agree


def test_the_index_reviews_a_vat_match_with_another_name_only_when_asked() -> None:
    index = OrgIndex.build([OrgRef(1, "Alfa Energia S.r.l.", vat=VAT)])
    assert index.match(VAT, "Beta Costruzioni").how is MatchHow.VAT  # partners, CORDIS ...
    found = index.match(VAT, "Beta Costruzioni", name_must_agree=True)
    assert found.how is MatchHow.REVIEW
    assert [c.org_id for c in found.candidates] == [1]
    assert '"Alfa Energia S.r.l."' in found.reason and '"Beta Costruzioni"' in found.reason
    assert index.match(VAT, "ALFA ENERGIA SRL", name_must_agree=True).how is MatchHow.VAT


def test_plan_sends_a_known_vat_with_another_name_to_review(
    sqlite_db: Database, tmp_path: Path
) -> None:
    alfa = members.create_organisation(
        sqlite_db, {"name": "Alfa Energia S.r.l.", "vat": VAT}, join_date=date(2020, 1, 1)
    )
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [
            ["Ragione sociale", "P.IVA", "Comune"],
            ["Beta Costruzioni S.p.A.", VAT, "Pavia"],
        ],
    )
    plan = plan_for(sqlite_db, path)
    (row,) = plan.rows
    assert row.status is RowStatus.REVIEW
    assert [c.org_id for c in row.candidates] == [alfa.id]
    assert (
        "Alfa Energia S.r.l." in row.match.reason and "Beta Costruzioni S.p.A." in row.match.reason
    )
    # "Same as the selected one" keeps the stored name: the file does not rename the member.
    plan.decide(row.index, ReviewDecision(ReviewAction.MERGE, alfa.id))
    (row,) = plan.rows
    assert row.status is RowStatus.UPDATE
    apply_plan(sqlite_db, plan, file_path=path)
    stored = get_record(sqlite_db, Organisation, alfa.id)
    assert stored.name == "Alfa Energia S.r.l." and stored.city == "Pavia"


def test_a_respelt_name_with_the_known_vat_stays_a_plain_update(
    sqlite_db: Database, tmp_path: Path
) -> None:
    alfa = members.create_organisation(
        sqlite_db, {"name": "Alfa Energia S.r.l.", "vat": VAT}, join_date=date(2020, 1, 1)
    )
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [
            ["Ragione sociale", "P.IVA", "Comune"],
            ["ALFA ENERGIA SRL", VAT, "Pavia"],
            ["Àlfa Energia", None, None],
        ],
    )
    plan = plan_for(sqlite_db, path)
    assert plan.rows[0].status is RowStatus.UPDATE
    assert plan.rows[0].target_id == alfa.id
    apply_plan(sqlite_db, plan, file_path=path)
    assert get_record(sqlite_db, Organisation, alfa.id).name == "Alfa Energia S.r.l."


def _vat_and_fuzzy_rows(db: Database, tmp_path: Path) -> tuple[Organisation, Path]:
    """Alfa with a VAT number; a file naming another firm with Alfa's VAT, and a near miss."""
    alfa = members.create_organisation(
        db, {"name": "Alfa Energia S.r.l.", "vat": VAT}, join_date=date(2020, 1, 1)
    )
    members.create_organisation(db, {"name": "Gamma Servizi Ambientali"}, join_date=None)
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [
            ["Ragione sociale", "P.IVA", "Comune"],
            ["Beta Costruzioni S.p.A.", VAT, "Pavia"],
            ["Gamma Servizi Ambiental", None, "Lodi"],  # a near miss, no VAT number
        ],
    )
    return alfa, path


def _organisations(db: Database) -> list[tuple[str, str | None]]:
    from sqlalchemy import select

    from workbench.services.base import unit_of_work

    with unit_of_work(db, write=False) as session:
        return [
            (o.name, o.vat) for o in session.scalars(select(Organisation).order_by(Organisation.id))
        ]


def test_create_new_is_refused_for_a_row_whose_vat_is_a_members(
    sqlite_db: Database, tmp_path: Path
) -> None:
    alfa, path = _vat_and_fuzzy_rows(sqlite_db, tmp_path)
    plan = plan_for(sqlite_db, path)
    beta, gamma = plan.rows
    assert (beta.status, gamma.status) == (RowStatus.REVIEW, RowStatus.REVIEW)
    refused = plan.create_refused(beta.index)
    assert refused is not None and plan.create_refused(gamma.index) is None
    with pytest.raises(ValueError) as caught:
        plan.decide(beta.index, ReviewDecision.create())
    text = str(caught.value.args[0])
    assert "\n" not in text
    assert VAT in text and "Alfa Energia S.r.l." in text and "Row 2" in text, text
    assert plan.rows[0].status is RowStatus.REVIEW  # nothing was decided

    # "Create them all as new" creates the near miss and leaves the VAT row to decide.
    assert plan.decide_all(ReviewAction.CREATE) == 1
    assert [r.status for r in plan.rows] == [RowStatus.REVIEW, RowStatus.CREATE]
    plan.decide(beta.index, ReviewDecision.skip())
    apply_plan(sqlite_db, plan, file_path=path)
    names = _organisations(sqlite_db)
    assert [vat for _n, vat in names].count(VAT) == 1
    assert ("Gamma Servizi Ambiental", None) in names and alfa.vat == VAT


def test_a_blanket_create_decision_leaves_a_known_vat_under_review(
    sqlite_db: Database, tmp_path: Path
) -> None:
    _alfa, path = _vat_and_fuzzy_rows(sqlite_db, tmp_path)
    plan = plan_for(sqlite_db, path, PlanOptions(review=ReviewAction.CREATE))
    assert [r.status for r in plan.rows] == [RowStatus.REVIEW, RowStatus.CREATE]
    assert plan.rows[0].decision is None
