"""Alembic migrations run programmatically (no alembic.ini needed by users)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic Config pointing at the packaged migrations (and at *engine* if given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
        config.attributes["engine"] = engine
    return config


def head_revision() -> str | None:
    """Newest migration revision shipped with this program."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """Revision the database is at (None for a new, empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_known(revision: str | None) -> bool:
    """True when this program ships *revision* (None, an empty database, is always known)."""
    if revision is None:
        return True
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # noqa: BLE001 - Alembic raises several kinds for an unknown revision
        return False


def check_known(revision: str | None, where: object) -> None:
    """Raise NewerSchemaError when *revision* (of the database or backup *where*) is unknown.

    An unknown revision means a newer Cluster Workbench wrote the file: this program must not
    migrate, back up in a loop or replace anything with it.
    """
    if is_known(revision):
        return
    from workbench.storage import NewerSchemaError
    from workbench.translatable import msg

    raise NewerSchemaError(
        msg(
            "{where} was written by a newer version of Cluster Workbench (database version "
            "{revision}; this program knows versions up to {head}). Update Cluster Workbench "
            "to open it; nothing was changed.",
            where=where,
            revision=revision,
            head=head_revision(),
        ),
        revision,
    )


def pending(engine: Engine) -> bool:
    """True when the database is not at the newest revision."""
    return current_revision(engine) != head_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to *revision* in one transaction per migration."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Revert migrations down to *revision* (used by the migration tests)."""
    command.downgrade(alembic_config(engine), revision)
