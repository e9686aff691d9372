"""Validation that cannot be skipped: every write path refuses an invalid organisation.

The validators are declared in service modules; they used to be registered only when such a
module happened to be imported, so ``create_record(db, Organisation, {...})`` from a script
stored a blank name and an impossible VAT. Now the list of validator modules is explicit
(``services.base.VALIDATOR_MODULES``) and every session the database makes validates what it
flushes. Each path below is tried with the same bad organisation.
"""

from __future__ import annotations

import ast
import gzip
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select
from stdnum import luhn

from workbench import demo
from workbench.db import open_database
from workbench.errors import DatabaseError, ValidationError
from workbench.models import Organisation
from workbench.services import backup
from workbench.services.base import VALIDATOR_MODULES, unit_of_work

ROOT = Path(__file__).resolve().parents[2]
#: A blank name (after cleaning) and a VAT number whose check digit is wrong.
BAD = {"name": "  ", "vat": "IT99999999999", "country": "IT"}


def test_every_module_declaring_a_validator_is_listed() -> None:
    declaring = set()
    for path in (ROOT / "workbench").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for deco in node.decorator_list:
                    if (
                        isinstance(deco, ast.Call)
                        and isinstance(deco.func, ast.Name)
                        and deco.func.id == "validator"
                    ):
                        module = path.relative_to(ROOT).with_suffix("").as_posix()
                        declaring.add(module.replace("/", "."))
    assert declaring, "the scan found no validators at all"
    assert declaring <= set(VALIDATOR_MODULES), declaring - set(VALIDATOR_MODULES)


def _run_fresh(tmp_path: Path, body: str) -> str:
    """Run *body* in a new interpreter that has imported no service module but the base."""
    head = textwrap.dedent(
        f"""
        import sys
        from workbench.db import open_database
        from workbench.errors import ValidationError
        from workbench.models import Organisation
        db = open_database("sqlite:///{tmp_path / "fresh.db"}", daily_backup=False)
        for name in ("workbench.services.members", "workbench.services.member_validation"):
            assert name not in sys.modules, "the test is not fresh"
        try:
        """
    )
    tail = (
        "except ValidationError as exc:\n"
        '    print("REFUSED", exc.field)\n'
        "else:\n"
        '    print("STORED")\n'
    )
    script = head + textwrap.indent(textwrap.dedent(body).strip() + "\n", "    ") + tail
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_the_generic_service_validates_without_the_members_module(tmp_path: Path) -> None:
    outcome = _run_fresh(
        tmp_path,
        f"""
        from workbench.services.base import create_record
        create_record(db, Organisation, {BAD!r})
        """,
    )
    assert outcome == "REFUSED name"


def test_a_plain_orm_session_is_validated_at_flush(tmp_path: Path) -> None:
    outcome = _run_fresh(
        tmp_path,
        """
        with db.session_factory.begin() as session:
            session.add(Organisation(name="Alfa", vat="IT99999999999", country="IT"))
        """,
    )
    assert outcome == "REFUSED vat"


def test_the_import_fast_path_validates_its_drafts(tmp_path: Path) -> None:
    outcome = _run_fresh(
        tmp_path,
        f"""
        from workbench.importing.bulk import new_draft, validate_draft
        from workbench.services.base import unit_of_work
        with unit_of_work(db) as session:
            validate_draft(session, new_draft(Organisation, {BAD!r}))
        """,
    )
    assert outcome == "REFUSED name"


def test_a_change_after_loading_is_validated_at_flush(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'c.db'}", daily_backup=False)
    with unit_of_work(db) as session:
        session.add(Organisation(name="Alfa S.r.l.", country="IT"))
    with pytest.raises(ValidationError) as refused, unit_of_work(db) as session:
        org = session.scalars(select(Organisation)).one()
        org.country = "Italia"
    assert refused.value.field == "country"
    with unit_of_work(db, write=False) as session:
        assert session.scalars(select(Organisation.country)).one() == "IT"


def test_the_synthetic_demo_validates_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'synthetic.db'}", daily_backup=False)
    # Every VAT the generator draws gets a wrong check digit.
    monkeypatch.setattr(luhn, "calc_check_digit", lambda digits: "X")
    with pytest.raises(ValidationError) as refused:
        demo.build_synthetic(db, members=50, projects=5)
    assert refused.value.field == "vat"
    with db.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Organisation)).scalar() == 0


def test_a_restore_refuses_an_export_with_an_invalid_organisation(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kept.db'}"
    db = open_database(url, daily_backup=False)
    with unit_of_work(db) as session:
        session.add(Organisation(name="Alfa S.r.l.", country="IT"))
    export = tmp_path / "export.json.gz"
    backup.export_records(db, export)
    db.dispose()
    payload = json.loads(gzip.decompress(export.read_bytes()))
    table = payload["tables"]["organisation"]
    table["rows"][0][table["columns"].index("name")] = "   "
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(payload), encoding="utf-8")

    with pytest.raises(DatabaseError) as refused:
        backup.restore(url, edited)
    line = str(refused.value)
    assert "organisation row 1, name" in line and "Nothing was replaced" in line
    db = open_database(url, daily_backup=False)
    with unit_of_work(db, write=False) as session:
        assert session.scalars(select(Organisation.name)).all() == ["Alfa S.r.l."]
    db.dispose()
