"""The one text clean and search fold (workbench.text), used by the services and the importer."""

from __future__ import annotations

from datetime import date

from workbench.importing.parsing import parse_bool
from workbench.models import Organisation
from workbench.services import members
from workbench.services.base import create_record
from workbench.text import clean_text, fold_for_search, normalise_text

SOFT_HYPHEN, ZERO_WIDTH, NBSP = "\u00ad", "\u200b", "\u00a0"


def test_clean_text_drops_invisible_and_control_characters() -> None:
    pasted = f" Al{SOFT_HYPHEN}fa{NBSP}Ener{ZERO_WIDTH}gia\x07\u2003S.r.l.\ufeff "
    assert clean_text(pasted) == "Alfa Energia S.r.l."
    assert normalise_text(pasted) == "Alfa Energia S.r.l."
    assert clean_text(f"{SOFT_HYPHEN}{ZERO_WIDTH} ") is None
    assert normalise_text(f"{SOFT_HYPHEN} ") == ""
    assert clean_text("Citta\u0300") == "Città"  # NFC


def test_fold_ignores_what_clean_text_drops() -> None:
    assert fold_for_search(f"Al{SOFT_HYPHEN}fa{NBSP}Ener{ZERO_WIDTH}gia") == "alfa energia"
    assert fold_for_search("Þór Straße\x00") == "thor strasse"


def test_a_name_pasted_with_a_soft_hyphen_is_found_by_search(sqlite_db) -> None:
    pasted = f"Al{SOFT_HYPHEN}fa Ener{ZERO_WIDTH}gia"
    org = create_record(sqlite_db, Organisation, {"name": pasted, "city": f"Tren{SOFT_HYPHEN}to"})
    assert org.name == "Alfa Energia" and org.city == "Trento"
    found = members.list_organisations(sqlite_db, search="alfa energia")
    assert [o.id for o in found] == [org.id]
    # ... and a search pasted with one finds the typed name, in SQL and in the members list.
    assert [o.id for o in members.list_organisations(sqlite_db, search=pasted)] == [org.id]
    rows = members.member_rows(sqlite_db, as_of=date.today())
    words = fold_for_search(f"ener{SOFT_HYPHEN}gia tren{ZERO_WIDTH}to").split()
    assert [r.id for r in rows if all(w in r.search_key for w in words)] == [org.id]


def test_the_importer_reads_cells_with_the_same_clean() -> None:
    assert parse_bool(f"s{SOFT_HYPHEN}ì") is True
