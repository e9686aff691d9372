"""The one name key (workbench.rules.names): importer matching and suspected duplicates agree."""

from __future__ import annotations

import pytest

from workbench.importing.matching import MatchHow, OrgIndex, OrgRef
from workbench.models import Organisation
from workbench.rules.names import ends_with_legal_form, name_key
from workbench.services import members
from workbench.services.base import create_record

SAME = [
    ("Alfa Società Cooperativa", "Alfa"),
    ("Gamma Soc. Coop. a r.l.", "GAMMA"),
    ("Müller GmbH & Co. KG", "Muller"),
    ("Città Verde S.r.l.", "Citta' Verde SRL"),
    ("Beta S.p.A. in liquidazione", "beta spa"),
]


@pytest.mark.parametrize(("stored", "typed"), SAME)
def test_the_importer_matches_respellings(stored: str, typed: str) -> None:
    assert name_key(stored) == name_key(typed)
    result = OrgIndex.build([OrgRef(7, stored)]).match(None, typed, fuzzy=False)
    assert result.how == MatchHow.NAME and result.org_id == 7


def test_suspected_duplicates_are_what_the_importer_matches(sqlite_db) -> None:
    ids = {}
    for stored, typed in SAME:
        for name in (stored, typed):
            ids[name] = create_record(sqlite_db, Organisation, {"name": name}).id
    create_record(sqlite_db, Organisation, {"name": "Consorzio Alfa"})  # another entity
    groups = {tuple(sorted(g)) for g in members.duplicate_name_groups(sqlite_db)}
    assert groups == {tuple(sorted((ids[a], ids[b]))) for a, b in SAME}


def test_legal_forms() -> None:
    assert ends_with_legal_form("Total Italia S.p.A.") and ends_with_legal_form("Alfa GmbH")
    assert not ends_with_legal_form("Consorzio Alfa") and not ends_with_legal_form("SpA")
    assert name_key("SpA") == "spa"  # a name made only of a legal form keeps it
