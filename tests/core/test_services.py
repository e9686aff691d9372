"""Services: validation errors users can cause, as-of queries, yearly figures, bulk actions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from workbench.errors import ConflictError, NotFoundError, ValidationError
from workbench.models import (
    Activity,
    AreaParticipation,
    AuditEntry,
    ClusterProfile,
    CompetenceArea,
    Contact,
    ContactLogEntry,
    Fee,
    GovernanceBody,
    Income,
    IncomeCategory,
    IndicatorValue,
    KpiValue,
    Label,
    MediaItem,
    MembershipPeriod,
    Organisation,
    OrgType,
    PillarObjective,
    Project,
    Recognition,
    SizeData,
    SizeLink,
    SmeClass,
    StaffMember,
    StrategicPillar,
    SuccessStory,
)
from workbench.services import activities, cluster, members, projects, taxonomy
from workbench.services.base import (
    create_record,
    delete_record,
    get_record,
    list_records,
    update_record,
)

VALID_VAT = "IT01234560157"


def org(db, name="Alpha S.p.A.", joined=date(2020, 1, 1), **values):
    return members.create_organisation(db, {"name": name, **values}, join_date=joined)


# --------------------------------------------------------------------------- validation

INVALID_CASES = [
    (Organisation, {"name": "   "}, "name", "cannot be empty"),
    (Organisation, {"name": "X", "vat": "IT01234560150"}, "vat", "wrong check digit"),
    (Organisation, {"name": "X", "vat": "12"}, "vat", "not a valid VAT"),
    (Organisation, {"name": "X", "email": "nobody"}, "email", "not an email"),
    (Organisation, {"name": "X", "website": "not a site"}, "website", "not a web address"),
    (Organisation, {"name": "X", "country": "Italy"}, "country", "two-letter"),
    (Organisation, {"name": "X", "sme_override": SmeClass.SMALL}, "sme_override_reason", "why"),
    (CompetenceArea, {"name": ""}, "name", "cannot be empty"),
    (
        StrategicPillar,
        {"name": "P", "period_start": 2027, "period_end": 2021},
        "period_end",
        "ends before",
    ),
    (Project, {"acronym": ""}, "acronym", "cannot be empty"),
    (Project, {"acronym": "A", "total_budget": Decimal("-1")}, "total_budget", "negative"),
    (
        Project,
        {"acronym": "A", "start_date": date(2024, 1, 1), "end_date": date(2023, 1, 1)},
        "end_date",
        "before the start",
    ),
    (
        Project,
        {"acronym": "A", "total_budget": Decimal(10), "cluster_budget": Decimal(11)},
        "cluster_budget",
        "larger than the total",
    ),
    (Activity, {"title": "", "start_date": date(2024, 1, 1)}, "title", "cannot be empty"),
    (Activity, {"title": "T"}, "start_date", "required"),
    (
        StaffMember,
        {"name": "Anna", "start_date": date(2020, 1, 1), "fte": Decimal("1.5")},
        "fte",
        "at most 1",
    ),
    (
        StaffMember,
        {
            "name": "Anna",
            "start_date": date(2020, 1, 1),
            "end_date": date(2019, 1, 1),
            "fte": Decimal(1),
        },
        "end_date",
        "before the start",
    ),
    (
        Income,
        {"year": 2024, "category": IncomeCategory.EU_GRANT, "amount": Decimal(-5)},
        "amount",
        "negative",
    ),
    (
        Income,
        {"year": 1800, "category": IncomeCategory.EU_GRANT, "amount": Decimal(5)},
        "year",
        "between 1900 and 2100",
    ),
    (
        Label,
        {"level": "gold", "assessment_date": date(2024, 1, 1), "valid_until": date(2023, 1, 1)},
        "valid_until",
        "expires before",
    ),
    (Label, {"level": "gold", "score": Decimal(120)}, "score", "between 0 and 100"),
    (GovernanceBody, {"name": "Board", "seats_public": -1}, "seats_public", "negative"),
    (MediaItem, {"title": "", "item_date": date(2024, 1, 1)}, "title", "cannot be empty"),
    (SuccessStory, {"title": "Story"}, "story_date", "required"),
    (Recognition, {"title": "Award"}, "recognition_date", "required"),
    (ClusterProfile, {"name": ""}, "name", "cannot be empty"),
    (IndicatorValue, {"indicator_id": "4.4", "year": 3000}, "year", "between"),
]


@pytest.mark.parametrize(
    ("model", "values", "field", "message"),
    INVALID_CASES,
    ids=[f"{c[0].__name__}-{c[2]}" for c in INVALID_CASES],
)
def test_invalid_values_are_refused_with_a_message(any_db, model, values, field, message):
    with pytest.raises(ValidationError) as info:
        create_record(any_db, model, values)
    assert info.value.field == field
    assert message in str(info.value)
    assert list_records(any_db, model) == []


def test_child_record_validation(any_db):
    alpha = org(any_db)
    cases = [
        (
            MembershipPeriod,
            {"join_date": date(2021, 1, 1), "leave_date": date(2020, 1, 1)},
            "leave_date",
            "before the join date",
        ),
        (MembershipPeriod, {"join_date": date(2021, 1, 1)}, "join_date", "overlaps"),
        (Fee, {"year": 2024, "amount_due": Decimal(-1)}, "amount_due", "negative"),
        (SizeData, {"year": 2024, "staff_awu": Decimal(-3)}, "staff_awu", "negative"),
        (
            SizeData,
            {"year": 2024, "public_control_pct": Decimal(101)},
            "public_control_pct",
            "between 0 and 100",
        ),
        (Contact, {"last_name": " "}, "last_name", "cannot be empty"),
        (Contact, {"last_name": "Rossi", "email": "rossi@"}, "email", "not an email"),
        (ContactLogEntry, {"subject": "Visit"}, "contact_date", "required"),
        (AreaParticipation, {"area_id": None, "from_date": None}, "from_date", "required"),
    ]
    for model, values, field, message in cases:
        with pytest.raises(ValidationError) as info:
            create_record(any_db, model, {"organisation_id": alpha.id, **values})
        assert (info.value.field, message in str(info.value)) == (field, True), model
    size = create_record(any_db, SizeData, {"organisation_id": alpha.id, "year": 2023})
    with pytest.raises(ValidationError, match="holding"):
        create_record(
            any_db,
            SizeLink,
            {
                "size_data_id": size.id,
                "name": "Parent",
                "relation": "linked",
                "share_pct": Decimal(150),
            },
        )


def test_duplicate_vat_names_the_existing_member(any_db):
    org(any_db, "Alpha S.p.A.", vat=VALID_VAT)
    with pytest.raises(ValidationError, match="already belongs to Alpha S.p.A."):
        org(any_db, "Other", vat="01234560157")
    assert len(list_records(any_db, Organisation)) == 1


def test_duplicate_area_and_pillar_names(any_db):
    create_record(any_db, CompetenceArea, {"name": "Green Building"})
    with pytest.raises(ValidationError, match="already a competence area"):
        create_record(any_db, CompetenceArea, {"name": "green building"})


def test_unknown_field_and_missing_record(any_db):
    with pytest.raises(ValidationError, match="Unknown field"):
        create_record(any_db, Organisation, {"name": "X", "colour": "red"})
    with pytest.raises(NotFoundError):
        get_record(any_db, Organisation, 999)
    with pytest.raises(NotFoundError):
        delete_record(any_db, Organisation, 999)


def test_values_are_normalised(any_db):
    alpha = org(
        any_db, "  Città   Verde  S.r.l. ", vat="01234560157", website="www.cv.it", country="it"
    )
    assert alpha.name == "Città Verde S.r.l."
    assert alpha.vat == VALID_VAT
    assert alpha.website == "https://www.cv.it"
    assert alpha.country == "IT"
    assert alpha.search_key == "citta verde s.r.l. it01234560157"


def test_money_is_exact(any_db):
    project = create_record(
        any_db, Project, {"acronym": "EXACT", "total_budget": Decimal("1234567.89")}
    )
    assert get_record(any_db, Project, project.id).total_budget == Decimal("1234567.89")


# --------------------------------------------------------------------------- versions and history


def test_stale_update_raises_a_conflict_naming_who_changed_what(any_db):
    alpha = org(any_db, city="Milano")
    update_record(any_db, Organisation, alpha.id, {"city": "Brescia"}, expected_version=1)
    with pytest.raises(ConflictError) as info:
        update_record(any_db, Organisation, alpha.id, {"city": "Como"}, expected_version=1)
    assert "tester" in str(info.value)
    assert any("city" in c and "Brescia" in c for c in info.value.changes)
    assert get_record(any_db, Organisation, alpha.id).city == "Brescia"


def test_every_change_is_in_the_history(any_db):
    alpha = org(any_db, city="Milano")
    update_record(any_db, Organisation, alpha.id, {"city": "Bergamo"})
    delete_record(any_db, Organisation, alpha.id)
    entries = list_records(
        any_db,
        AuditEntry,
        where=[AuditEntry.table_name == "organisation"],
        order_by=[AuditEntry.id],
    )
    assert [(e.action, e.field) for e in entries] == [
        ("create", None),
        ("update", "city"),
        ("delete", None),
    ]
    assert entries[1].old_value == '"Milano"' and entries[1].new_value == '"Bergamo"'
    assert {e.user for e in entries} == {"tester"}


# --------------------------------------------------------------------------- as of / per year


def test_members_as_of_a_date_across_membership_periods(any_db):
    a = org(any_db, "Always", joined=date(2019, 1, 1))
    b = org(any_db, "Left 2022", joined=date(2020, 6, 1))
    members.end_membership(any_db, [b.id], date(2022, 3, 31), "closed")
    c = org(any_db, "Rejoined", joined=date(2019, 5, 1))
    members.end_membership(any_db, [c.id], date(2021, 1, 1))
    members.add_membership(any_db, c.id, date(2023, 2, 1))
    org(any_db, "Future", joined=date(2030, 1, 1))

    def names(day):
        return [o.name for o in members.list_organisations(any_db, as_of=day)]

    assert names(date(2020, 12, 31)) == ["Always", "Left 2022", "Rejoined"]
    assert names(date(2021, 1, 1)) == ["Always", "Left 2022"]  # leave date is the first day out
    assert names(date(2022, 12, 31)) == ["Always"]
    assert names(date(2023, 12, 31)) == ["Always", "Rejoined"]
    rows = {r.name: r for r in members.member_rows(any_db, as_of=date(2022, 6, 30))}
    assert rows["Rejoined"].status == "former" and rows["Rejoined"].left_on == date(2021, 1, 1)
    assert rows["Always"].status == "active" and rows["Always"].member_since == date(2019, 1, 1)
    assert rows["Future"].status == "none"
    assert a.id in {r.id for r in rows.values()}


def test_joiners_leavers_and_year_end_totals(any_db):
    org(any_db, "A", joined=date(2021, 3, 1))
    b = org(any_db, "B", joined=date(2021, 7, 1))
    org(any_db, "C", joined=date(2022, 1, 10))
    members.end_membership(any_db, [b.id], date(2022, 9, 1))
    assert [
        (m.year, m.joined, m.left, m.total_at_end)
        for m in members.movements(any_db, [2021, 2022, 2023])
    ] == [(2021, 2, 0, 2), (2022, 1, 1, 2), (2023, 0, 0, 2)]


def test_composition_by_type_and_sme_class(any_db):
    micro = org(any_db, "Micro", org_type=OrgType.COMPANY)
    create_record(
        any_db,
        SizeData,
        {
            "organisation_id": micro.id,
            "year": 2023,
            "staff_awu": Decimal(4),
            "turnover": Decimal(500_000),
        },
    )
    org(any_db, "Nodata", org_type=OrgType.COMPANY)
    org(any_db, "Uni", org_type=OrgType.UNIVERSITY)
    cells = {
        (c.org_type, c.sme_class): c.count for c in members.composition(any_db, date(2023, 12, 31))
    }
    assert cells == {
        (OrgType.COMPANY, SmeClass.MICRO): 1,
        (OrgType.COMPANY, None): 1,
        (OrgType.UNIVERSITY, None): 1,
    }


def test_accent_insensitive_search(any_db):
    org(any_db, "Müller GmbH", city="München")
    org(any_db, "Città Verde S.r.l.")
    assert [o.name for o in members.list_organisations(any_db, search="muller")] == ["Müller GmbH"]
    assert [o.name for o in members.list_organisations(any_db, search="CITTA")] == [
        "Città Verde S.r.l."
    ]
    assert [o.name for o in members.list_organisations(any_db, search="munchen")] == ["Müller GmbH"]


# --------------------------------------------------------------------------- bulk actions


def test_bulk_area_fee_and_membership_actions(any_db):
    a, b = org(any_db, "A"), org(any_db, "B")
    area = create_record(any_db, CompetenceArea, {"name": "Clean Air"})
    assert members.assign_to_area(any_db, [a.id, b.id], area.id, date(2024, 1, 1)) == 2
    assert members.assign_to_area(any_db, [a.id], area.id, date(2024, 2, 1)) == 0
    assert taxonomy.list_areas(any_db, date(2024, 6, 1))[0].members_now == 2
    assert members.remove_from_area(any_db, [a.id], area.id, date(2024, 6, 1)) == 1
    assert taxonomy.list_areas(any_db, date(2024, 7, 1))[0].members_now == 1
    assert (
        members.mark_fee_paid(
            any_db, [a.id, b.id], 2024, date(2024, 3, 1), default_due=Decimal(600)
        )
        == 2
    )
    fees = list_records(any_db, Fee)
    assert all(f.amount_paid == Decimal(600) and f.is_paid for f in fees)
    with pytest.raises(ValidationError, match="after the leave date"):
        members.end_membership(any_db, [a.id], date(2019, 1, 1))
    assert members.end_membership(any_db, [a.id, b.id], date(2024, 12, 31), "moved") == 2


def test_projects_with_partners_areas_pillars_and_totals(any_db):
    a = org(any_db, "A")
    pillar = create_record(any_db, StrategicPillar, {"name": "Hydrogen"})
    area = create_record(any_db, CompetenceArea, {"name": "Smart Energy"})
    saved = projects.save_project(
        any_db,
        {
            "acronym": "H2V",
            "programme": "Interreg Alpine Space",
            "status": "funded",
            "start_date": date(2023, 1, 1),
            "end_date": date(2025, 12, 31),
            "total_budget": Decimal("2000000"),
            "cluster_budget": Decimal("150000"),
            "eu_contribution": Decimal("1500000"),
        },
        partners=[
            projects.PartnerInput(organisation_id=a.id, role="coordinator"),
            projects.PartnerInput(external_name="Universität Graz", external_country="AT"),
        ],
        area_ids=[area.id],
        pillar_ids=[pillar.id],
    )
    loaded = projects.load_project(any_db, saved.id)
    assert sorted(p.display_name for p in loaded.partners) == ["A", "Universität Graz"]
    assert [p.name for p in loaded.pillars] == ["Hydrogen"]
    listed = projects.list_projects(any_db, year=2024, pillar_id=pillar.id)
    assert [p.acronym for p in listed] == ["H2V"]
    assert projects.list_projects(any_db, year=2022) == []
    assert projects.totals(listed).eu_contribution == Decimal("1500000")
    with pytest.raises(ValidationError, match="external partner"):
        projects.save_project(any_db, {"acronym": "BAD"}, partners=[projects.PartnerInput()])
    assert [p.acronym for p in list_records(any_db, Project)] == ["H2V"]


def test_activities_pillars_kpis_and_cluster_inputs(any_db):
    a = org(any_db, "A")
    act = activities.save_activity(
        any_db,
        {"title": "B2B day", "start_date": date(2024, 5, 6), "activity_type": "b2b"},
        participants=[
            activities.ParticipantInput(organisation_id=a.id),
            activities.ParticipantInput(external_organisation="Guest Srl"),
        ],
    )
    assert len(activities.list_activities(any_db, year=2024)[0].participants) == 2
    assert act.id
    pillar = create_record(any_db, StrategicPillar, {"name": "CO2 reduction"})
    objective = create_record(
        any_db, PillarObjective, {"pillar_id": pillar.id, "title": "Cut emissions"}
    )
    taxonomy.set_kpi(any_db, objective.id, 2024, target=Decimal(10), actual=Decimal("7.5"))
    taxonomy.set_kpi(any_db, objective.id, 2024, target=Decimal(12), actual=Decimal("7.5"))
    kpis = list_records(any_db, KpiValue)
    assert [(k.year, k.target) for k in kpis] == [(2024, Decimal(12))]
    cluster.save_profile(any_db, {"name": "Cluster Lombardo Energia", "website": "cluster.it"})
    assert cluster.get_profile(any_db).website == "https://cluster.it"
    create_record(any_db, Label, {"level": "gold", "valid_until": date(2099, 1, 1)})
    create_record(any_db, Label, {"level": "bronze", "valid_until": date(2000, 1, 1)})
    assert [lab.level for lab in cluster.active_labels(any_db)] == ["gold"]
    create_record(
        any_db,
        Label,
        {"level": "silver", "assessment_date": date(2098, 6, 1), "valid_until": date(2100, 6, 1)},
    )
    assert [lab.level for lab in cluster.active_labels(any_db)] == ["gold"]  # planned only
    assert [lab.level for lab in cluster.active_labels(any_db, date(2098, 6, 1))] == [
        "gold",
        "silver",
    ]
    income = create_record(
        any_db, Income, {"year": 2024, "category": "membership_fees", "amount": Decimal(100)}
    )
    assert income.is_private is True
    cluster.set_indicator_value(any_db, "4.4", 2024, value_number=Decimal("4.2"), note="survey")
    cluster.set_threshold(any_db, "1.1.0", Decimal(20))
    cluster.set_threshold(any_db, "1.1.0", None)
