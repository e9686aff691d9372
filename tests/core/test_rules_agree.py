"""Property tests: the editor's validation and the import's parsing agree on every value.

For any value (hypothesis), the two paths accept and refuse the same, refuse with the same
message and store the same form:

* the editor checks a field with the rule it calls (workbench.rules) and saves through the
  services, whose validator normalises what is stored;
* the importer parses the cell (workbench.importing.parsing) and writes the parsed value
  through the same validator (the import's fast path runs it on every draft).

So "what the editor stores" is validator(value) and "what the import stores" is
validator(parse(value)); both also refuse text longer than its column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.value_strategies import (
    email_values,
    fiscal_code_values,
    name_values,
    url_values,
    vat_values,
)

from workbench.db import Database, open_database
from workbench.errors import ValidationError
from workbench.importing.errors import ValueParseError
from workbench.importing.matching import MatchHow, OrgIndex, OrgRef
from workbench.importing.parsing import parse_email, parse_fiscal_code, parse_url, parse_vat
from workbench.models import Organisation
from workbench.rules.addresses import normalise_email, normalise_url
from workbench.rules.errors import RuleError
from workbench.rules.names import name_key
from workbench.rules.vat import normalise_fiscal_code, normalise_vat
from workbench.services.base import unit_of_work, validate
from workbench.services.member_validation import search_key_for
from workbench.text import clean_text, fold_for_search, normalise_text

SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(tmp_path_factory.mktemp("agree") / "agree.db")
    yield database
    database.dispose()


def stored(db: Database, field: str, value: Any) -> tuple[str, Any]:
    """What the services store for an organisation whose *field* is *value*.

    ``("ok", stored value)`` or ``("refused", message)``; nothing is written.
    """
    with unit_of_work(db, write=False) as session:
        org = Organisation(**{"name": "Agree", field: value})
        try:
            validate(session, org)
        except ValidationError as exc:
            assert exc.field == field
            return "refused", str(exc.message)
        return "ok", getattr(org, field)


def outcome(check: Callable[[Any], Any], value: Any) -> tuple[str, Any]:
    """``("ok", result)`` or ``("refused", message)`` of a rule or parser on *value*."""
    try:
        return "ok", check(value)
    except (RuleError, ValueParseError) as exc:
        return "refused", str(exc.message)


def editor_and_import_agree(
    db: Database, field: str, value: Any, editor_check: Callable[[Any], Any], parse: Callable
) -> None:
    """The property: same verdict, same message, same stored form (see the module docstring)."""
    edited = outcome(editor_check, value)
    imported = outcome(parse, value)
    assert edited == imported, value
    saved_by_editor = stored(db, field, value)
    # The import writes the parsed value through the same validator (a refused cell is not
    # written: the row reports the parser's message).
    saved_by_import = imported if imported[0] == "refused" else stored(db, field, imported[1])
    assert saved_by_editor == saved_by_import
    if saved_by_import[0] == "ok":
        assert saved_by_import == imported  # the stored form is the parsed form


#: Field -> (values, the check the editor calls, the importer's parser).
CASES: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], Any], Callable[[Any], Any]]] = {
    "vat": (
        vat_values,
        lambda v: normalise_vat(v, default_country="IT", restore_lost_zeros=True),
        parse_vat,
    ),
    "fiscal_code": (fiscal_code_values, normalise_fiscal_code, parse_fiscal_code),
    "email": (email_values, normalise_email, parse_email),
    "website": (url_values, normalise_url, parse_url),
}


@pytest.mark.parametrize("field", sorted(CASES))
@SETTINGS
@given(data=st.data())
def test_identifiers_and_addresses(db: Database, field: str, data: st.DataObject) -> None:
    values, editor_check, parse = CASES[field]
    editor_and_import_agree(db, field, data.draw(values), editor_check, parse)


@SETTINGS
@given(name_values)
def test_names(db: Database, value: str) -> None:
    # The importer reads a text cell with the one clean; the services store a name with it.
    imported = normalise_text(value) or None
    assert clean_text(value) == imported
    saved = stored(db, "name", value)
    if imported is None:
        assert saved[0] == "refused"
        return
    assert saved == ("ok", imported) == stored(db, "name", imported)
    # Both sides key the stored name as the raw one: an import row matches the typed record.
    assert name_key(value) == name_key(imported)
    if name_key(imported):  # a name of punctuation alone has no key and matches nothing
        match = OrgIndex.build([OrgRef(1, imported)]).match(None, value, fuzzy=False)
        assert (match.how, match.org_id) == (MatchHow.NAME, 1)


@SETTINGS
@given(name_values, name_values)
def test_folds(db: Database, name: str, city: str) -> None:
    clean_name = clean_text(name)
    if clean_name is None:
        return
    key = search_key_for(clean_name, None, clean_text(city))
    # Pasted or typed, a name is found by the key of the name as stored.
    assert fold_for_search(name) == fold_for_search(clean_name)
    assert fold_for_search(name) in key
    assert fold_for_search(key) == key  # stable: folding a key changes nothing
