"""The one e-mail / web-address rule (workbench.rules.addresses): services and importer agree."""

from __future__ import annotations

import pytest

from workbench.errors import ValidationError
from workbench.importing.errors import ValueParseError
from workbench.importing.parsing import parse_email, parse_url
from workbench.models import Contact, Organisation
from workbench.rules.addresses import normalise_email, normalise_url
from workbench.rules.errors import RuleError
from workbench.services import cluster
from workbench.services.base import create_record


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Info@Acme.IT", "Info@acme.it"),
        ("mailto:info@acme.it", "info@acme.it"),
        ("Mario Rossi <mario@acme.it>", "mario@acme.it"),
        (" ", None),
    ],
)
def test_email(value: str, expected: str | None) -> None:
    assert normalise_email(value) == parse_email(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("www.Acme.it", "https://www.acme.it"), ("HTTP://acme.it/Chi", "http://acme.it/Chi")],
)
def test_url(value: str, expected: str) -> None:
    assert normalise_url(value) == parse_url(value) == expected


@pytest.mark.parametrize(
    ("rule", "parser", "value", "words"),
    [
        (normalise_url, parse_url, "ftp://acme.it", "must start with http(s)://"),
        (normalise_url, parse_url, "info@acme.it", "looks like an email address"),
        (normalise_url, parse_url, "acme", "not a web address"),
        (normalise_email, parse_email, "mailto:info@acme..it", "not an email address"),
        (normalise_email, parse_email, "a@acme.it; b@acme.it", "more than one"),
    ],
)
def test_refused_with_one_message(rule: object, parser: object, value: str, words: str) -> None:
    with pytest.raises(RuleError) as by_rule:
        rule(value)  # type: ignore[operator]
    with pytest.raises(ValueParseError) as by_parser:
        parser(value)  # type: ignore[operator]
    assert words in by_rule.value.message
    assert by_parser.value.message == by_rule.value.message


def test_the_services_store_and_refuse_like_the_import(sqlite_db) -> None:
    with pytest.raises(ValidationError) as info:
        create_record(sqlite_db, Organisation, {"name": "Acme", "website": "ftp://acme.it"})
    assert info.value.field == "website" and "http(s)://" in info.value.message
    with pytest.raises(ValidationError) as info:
        create_record(sqlite_db, Organisation, {"name": "Acme", "email": "mailto:info@acme..it"})
    assert info.value.field == "email"
    org = create_record(
        sqlite_db, Organisation,
        {"name": "Acme", "email": "mailto:Info@ACME.it", "website": "WWW.acme.it"},
    )  # fmt: skip
    assert (org.email, org.website) == (parse_email("mailto:Info@ACME.it"), "https://www.acme.it")
    contact = create_record(
        sqlite_db, Contact,
        {"organisation_id": org.id, "last_name": "Rossi", "email": "Mario <m@Acme.it>"},
    )  # fmt: skip
    assert contact.email == "m@acme.it"
    with pytest.raises(ValidationError) as info:
        cluster.save_profile(sqlite_db, {"name": "Cluster", "website": "ftp://cluster.it"})
    assert info.value.field == "website"
