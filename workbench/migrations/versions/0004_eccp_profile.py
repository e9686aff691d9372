"""ECCP profile fields.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 14:15:00

Adds what the ECCP cluster-organisation profile page asks for: ``eccp_list_entry`` (one value
of one list: sectoral industries, technology fields, S3 EU priority areas, emerging industries,
networks and partnerships, support services, languages), ``eccp_major_player`` (name, link,
ECCP type), ``eccp_target_country`` (country, trans-national or international, activities),
``eccp_collaborating_cluster`` and ``eccp_team_role``, plus the profile column
``specialisation_not_covered``. Nothing existing changes; the downgrade drops the new tables
and column and refuses while any of them holds data, rather than throw it away.

Self-contained (no imports from the program), like every migration.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NEW_TABLES = (
    "eccp_list_entry",
    "eccp_major_player",
    "eccp_target_country",
    "eccp_collaborating_cluster",
    "eccp_team_role",
)


def _bookkeeping() -> list[sa.Column]:
    """The columns every user-edited record has (``models.base.Versioned``)."""
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
    ]


def _enum(*values: str) -> sa.Enum:
    return sa.Enum(*values, native_enum=False, create_constraint=False, length=32)


def upgrade() -> None:
    op.create_table(
        "eccp_list_entry",
        sa.Column(
            "kind",
            _enum(
                "sectoral_industry",
                "technology_field",
                "s3_priority_area",
                "emerging_industry",
                "network",
                "support_service",
                "language",
            ),
            nullable=False,
        ),
        sa.Column("value", sa.String(length=300), nullable=False),
        *_bookkeeping(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eccp_list_entry")),
    )
    with op.batch_alter_table("eccp_list_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_eccp_list_entry_kind"), ["kind"], unique=False)
    op.create_table(
        "eccp_major_player",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column(
            "player_type",
            _enum("sme", "larger_company", "research", "other_actor", "not_classed"),
            nullable=False,
        ),
        *_bookkeeping(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eccp_major_player")),
    )
    op.create_table(
        "eccp_target_country",
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("scope", _enum("trans_national", "international"), nullable=False),
        sa.Column("missions", sa.Boolean(), nullable=False),
        sa.Column("events", sa.Boolean(), nullable=False),
        sa.Column("study_visits", sa.Boolean(), nullable=False),
        sa.Column("fairs", sa.Boolean(), nullable=False),
        sa.Column("other_activities", sa.Text(), nullable=True),
        *_bookkeeping(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eccp_target_country")),
        sa.UniqueConstraint("country", name=op.f("uq_eccp_target_country_country")),
    )
    op.create_table(
        "eccp_collaborating_cluster",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        *_bookkeeping(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eccp_collaborating_cluster")),
    )
    op.create_table(
        "eccp_team_role",
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("person", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        *_bookkeeping(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eccp_team_role")),
    )
    with op.batch_alter_table("cluster_profile", schema=None) as batch_op:
        batch_op.add_column(sa.Column("specialisation_not_covered", sa.Text(), nullable=True))


def downgrade() -> None:
    bind = op.get_bind()
    held = {
        table: bind.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
        for table in NEW_TABLES
    }
    held["cluster_profile"] = bind.execute(
        sa.text("SELECT count(*) FROM cluster_profile WHERE specialisation_not_covered IS NOT NULL")
    ).scalar_one()
    kept = {table: count for table, count in held.items() if count}
    if kept:
        listed = ", ".join(f"{count} in {table}" for table, count in kept.items())
        raise RuntimeError(
            f"The database holds ECCP profile data ({listed}) that version 0003 cannot keep; "
            "restore the backup made before the upgrade instead of downgrading."
        )
    with op.batch_alter_table("cluster_profile", schema=None) as batch_op:
        batch_op.drop_column("specialisation_not_covered")
    with op.batch_alter_table("eccp_list_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_eccp_list_entry_kind"))
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
