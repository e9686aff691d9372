"""ValidationCache: the importer's in-memory answers to the validators' database questions."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.errors import ValidationError
from workbench.models import MembershipPeriod, Organisation
from workbench.services import members
from workbench.services.base import unit_of_work, validate
from workbench.services.member_validation import ValidationCache

ALPHA_VAT = "IT00743110157"
OTHER_VAT = "IT01234560157"


@pytest.fixture
def alpha(any_db):
    return members.create_organisation(
        any_db, {"name": "Alpha S.p.A.", "vat": ALPHA_VAT}, join_date=date(2020, 1, 1)
    )


def test_load_covers_the_asked_vats_and_periods(any_db, alpha):
    with unit_of_work(any_db, write=False) as session:
        cache = ValidationCache.load(session, [ALPHA_VAT, OTHER_VAT], [alpha.id, 424242])
        assert cache.vat_owners == {ALPHA_VAT: (alpha.id, "Alpha S.p.A."), OTHER_VAT: None}
        assert [p.join_date for p in cache.periods_by_org[alpha.id]] == [date(2020, 1, 1)]
        assert cache.periods_by_org[424242] == []


def test_the_vat_check_answers_from_the_cache_when_it_covers_the_number(any_db, alpha):
    with unit_of_work(any_db, write=False) as session:
        session.info[ValidationCache.KEY] = ValidationCache(
            vat_owners={OTHER_VAT: (alpha.id + 1, "Owner Known To The Cache")}
        )
        with pytest.raises(ValidationError, match="already belongs to Owner Known To The Cache"):
            validate(session, Organisation(name="New", vat=OTHER_VAT))
        # The owner itself may keep its number.
        validate(session, Organisation(id=alpha.id + 1, name="Owner", vat=OTHER_VAT))


def test_a_number_the_cache_does_not_cover_is_asked_of_the_database(any_db, alpha):
    with unit_of_work(any_db, write=False) as session:
        session.info[ValidationCache.KEY] = ValidationCache(vat_owners={OTHER_VAT: None})
        with pytest.raises(ValidationError, match="already belongs to Alpha S.p.A."):
            validate(session, Organisation(name="Copy", vat=ALPHA_VAT))


def test_overlapping_membership_found_through_the_cache(any_db, alpha):
    with unit_of_work(any_db, write=False) as session:
        session.info[ValidationCache.KEY] = ValidationCache.load(session, [], [alpha.id])
        overlapping = MembershipPeriod(organisation_id=alpha.id, join_date=date(2022, 5, 1))
        with pytest.raises(ValidationError, match="overlaps the membership from 01/01/2020"):
            validate(session, overlapping)
        stored = session.info[ValidationCache.KEY].periods_by_org[alpha.id][0]
        stored.leave_date = date(2021, 1, 1)  # editing the stored period itself is no overlap
        validate(session, stored)
        validate(session, overlapping)  # now after the (changed) stored period
