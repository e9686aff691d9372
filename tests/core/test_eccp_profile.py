"""The ECCP rule (one category per member, banks apart) and the ECCP profile's validators."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from workbench import migrate
from workbench.errors import ValidationError
from workbench.models import (
    ClusterProfile,
    CooperationScope,
    EccpCollaboratingCluster,
    EccpListEntry,
    EccpListKind,
    EccpMajorPlayer,
    EccpTargetCountry,
    EccpTeamRole,
    OrgType,
    SmeClass,
)
from workbench.rules.eccp import EccpCategory, counts_as_company, eccp_category, is_european
from workbench.services import base as records
from workbench.services import cluster as cluster_service
from workbench.services import eccp_profile


@pytest.mark.parametrize("org_type", list(OrgType))
@pytest.mark.parametrize("sme_class", [None, *SmeClass])
def test_every_member_gets_exactly_one_category(org_type: OrgType, sme_class: object) -> None:
    category = eccp_category(org_type, sme_class)  # type: ignore[arg-type]
    assert category in EccpCategory
    if org_type is OrgType.COMPANY:
        expected = {
            None: EccpCategory.NOT_CLASSED,
            SmeClass.LARGE: EccpCategory.LARGER_COMPANY,
        }.get(sme_class, EccpCategory.SME)  # type: ignore[arg-type]
        assert category is expected
    elif org_type.is_research:
        assert category is EccpCategory.RESEARCH
    else:
        assert category is EccpCategory.OTHER_ACTOR


def test_banks_are_never_companies_whatever_their_size_class() -> None:
    for sme_class in (None, *SmeClass):
        assert eccp_category("financial_institution", sme_class) is EccpCategory.OTHER_ACTOR
    assert not counts_as_company(OrgType.FINANCIAL_INSTITUTION)
    assert OrgType.FINANCIAL_INSTITUTION.is_enterprise  # still an enterprise for the SME rule
    assert counts_as_company(OrgType.COMPANY) and counts_as_company("company")


def test_european_countries_are_trans_national() -> None:
    assert is_european("de") and is_european("CH") and is_european("GB")
    assert not is_european("US") and not is_european("CN")


def test_list_values_are_cleaned_and_duplicates_refused(any_db) -> None:
    entry = records.create_record(
        any_db, EccpListEntry, {"kind": EccpListKind.LANGUAGE, "value": "  English "}
    )
    assert entry.value == "English"
    with pytest.raises(ValidationError, match="'English' is already in this list") as err:
        records.create_record(
            any_db, EccpListEntry, {"kind": EccpListKind.LANGUAGE, "value": "english"}
        )
    assert err.value.field == "value"
    # the same text in another list is fine
    records.create_record(any_db, EccpListEntry, {"kind": EccpListKind.NETWORK, "value": "English"})
    with pytest.raises(ValidationError, match="cannot be empty"):
        records.create_record(any_db, EccpListEntry, {"kind": EccpListKind.NETWORK, "value": " "})
    with pytest.raises(ValidationError, match="Choose the list"):
        records.create_record(any_db, EccpListEntry, {"kind": None, "value": "x"})
    assert [e.value for e in eccp_profile.list_entries(any_db, EccpListKind.LANGUAGE)] == [
        "English"
    ]


def test_target_country_code_scope_and_duplicates(any_db) -> None:
    de = records.create_record(any_db, EccpTargetCountry, {"country": " de ", "missions": True})
    assert (de.country, de.scope, de.events) == ("DE", CooperationScope.TRANS_NATIONAL, False)
    us = records.create_record(any_db, EccpTargetCountry, {"country": "us"})
    assert us.scope == CooperationScope.INTERNATIONAL
    with pytest.raises(ValidationError, match="DE is already a target country"):
        records.create_record(any_db, EccpTargetCountry, {"country": "DE"})
    with pytest.raises(ValidationError, match='"Germany" is not a country code') as err:
        records.create_record(any_db, EccpTargetCountry, {"country": "Germany"})
    assert err.value.field == "country"
    with pytest.raises(ValidationError, match="The country is required"):
        records.create_record(any_db, EccpTargetCountry, {"country": ""})


def test_players_clusters_and_roles_are_validated(any_db) -> None:
    player = records.create_record(
        any_db,
        EccpMajorPlayer,
        {"name": "Politecnico", "url": "www.polimi.it", "player_type": EccpCategory.RESEARCH},
    )
    assert player.url == "https://www.polimi.it"
    for no_type in (None, EccpCategory.NOT_CLASSED):
        with pytest.raises(ValidationError, match="Choose the type"):
            records.create_record(any_db, EccpMajorPlayer, {"name": "X", "player_type": no_type})
    with pytest.raises(ValidationError, match="not a web address") as err:
        records.create_record(
            any_db,
            EccpCollaboratingCluster,
            {"name": "Basque Energy Cluster", "url": "not a site"},
        )
    assert err.value.field == "url"
    with pytest.raises(ValidationError, match="The person cannot be empty"):
        records.create_record(any_db, EccpTeamRole, {"role": "Cluster Manager", "person": ""})


def test_read_eccp_profile_gives_every_list_and_table(any_db) -> None:
    cluster_service.save_profile(
        any_db, {"name": "C", "specialisation_not_covered": "Clean air in cities"}
    )
    records.create_record(
        any_db, EccpListEntry, {"kind": EccpListKind.S3_PRIORITY_AREA, "value": "Energy"}
    )
    records.create_record(any_db, EccpTargetCountry, {"country": "US", "fairs": True})
    records.create_record(any_db, EccpTargetCountry, {"country": "FR", "events": True})
    records.create_record(any_db, EccpTeamRole, {"role": "Cluster Manager", "person": "Anna"})
    data = eccp_profile.read_eccp_profile(any_db)
    assert set(data.lists) == {k.value for k in EccpListKind}
    assert data.lists["s3_priority_area"] == ["Energy"] and data.lists["language"] == []
    assert data.specialisation_not_covered == "Clean air in cities"
    assert [(c.country, c.activities) for c in data.target_countries] == [
        ("FR", ["events"]),  # European targets first
        ("US", ["fairs"]),
    ]
    assert data.team_roles == [{"role": "Cluster Manager", "person": "Anna", "email": None}]
    assert records.get_record(any_db, ClusterProfile, 1).specialisation_not_covered


def test_migration_0004_adds_the_tables_and_refuses_to_drop_kept_fields(any_db) -> None:
    new_tables = {
        "eccp_list_entry",
        "eccp_major_player",
        "eccp_target_country",
        "eccp_collaborating_cluster",
        "eccp_team_role",
    }
    migrate.downgrade(any_db.engine, "0003")
    assert not new_tables & set(inspect(any_db.engine).get_table_names())
    columns = {c["name"] for c in inspect(any_db.engine).get_columns("cluster_profile")}
    assert "specialisation_not_covered" not in columns
    migrate.upgrade(any_db.engine, "0004")
    assert new_tables <= set(inspect(any_db.engine).get_table_names())
    records.create_record(any_db, EccpTeamRole, {"role": "Cluster Manager", "person": "Anna"})
    with pytest.raises(RuntimeError, match="1 in eccp_team_role"):
        migrate.downgrade(any_db.engine, "0003")
    assert migrate.current_revision(any_db.engine) == "0004"
    assert len(records.list_records(any_db, EccpTeamRole)) == 1


def test_eccp_edits_read_well_in_the_italian_history(sqlite_db, capsys) -> None:
    from workbench.cli import run

    records.create_record(
        sqlite_db, EccpListEntry, {"kind": EccpListKind.S3_PRIORITY_AREA, "value": "Energia"}
    )
    records.create_record(sqlite_db, EccpTargetCountry, {"country": "JP", "fairs": True})
    path = str(sqlite_db.path)
    sqlite_db.dispose()
    assert run(["history", "--db", path, "--lang", "it"]) == 0
    out = capsys.readouterr().out
    assert "Energia (#1) Elenco: Aree prioritarie S3 UE, Valore: Energia" in out
    assert "JP (#1) Paese: JP, Ambito di cooperazione: Internazionale (fuori Europa)" in out
    assert "Fiere: Sì" in out
