"""Silver improvement areas.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 09:45:00

Adds ``improvement_area`` (the three documented improvements of the Silver label, one per slot
1-3: Gold indicator, baseline value and date, action, result value and date, note) and
``improvement_evidence`` (their evidence files, each a stored file of the database). Nothing
existing changes, so the downgrade only drops the two new tables — and refuses while improvement
areas are recorded, rather than throw them away.

Self-contained (no imports from the program), like every migration.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _bookkeeping() -> list[sa.Column]:
    """The columns every user-edited record has (``models.base.Versioned``)."""
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "improvement_area",
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(length=16), nullable=False),
        sa.Column("baseline_value", sa.String(length=300), nullable=False),
        sa.Column("baseline_date", sa.Date(), nullable=False),
        sa.Column("action", sa.Text(), nullable=True),
        sa.Column("result_value", sa.String(length=300), nullable=True),
        sa.Column("result_date", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        *_bookkeeping(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_area")),
        sa.UniqueConstraint("position", name="uq_improvement_area_position"),
    )
    op.create_table(
        "improvement_evidence",
        sa.Column("improvement_area_id", sa.Integer(), nullable=False),
        sa.Column("stored_file_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        *_bookkeeping(),
        sa.ForeignKeyConstraint(
            ["improvement_area_id"],
            ["improvement_area.id"],
            name=op.f("fk_improvement_evidence_improvement_area_id_improvement_area"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["stored_file_id"],
            ["stored_file.id"],
            name=op.f("fk_improvement_evidence_stored_file_id_stored_file"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_evidence")),
    )
    with op.batch_alter_table("improvement_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_improvement_evidence_improvement_area_id"),
            ["improvement_area_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_improvement_evidence_stored_file_id"), ["stored_file_id"], unique=False
        )


def downgrade() -> None:
    bind = op.get_bind()
    count = bind.execute(sa.text("SELECT count(*) FROM improvement_area")).scalar_one()
    if count:
        raise RuntimeError(
            f"The database holds {count} Silver improvement area(s) that version 0002 cannot "
            "keep; restore the backup made before the upgrade instead of downgrading."
        )
    with op.batch_alter_table("improvement_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_improvement_evidence_stored_file_id"))
        batch_op.drop_index(batch_op.f("ix_improvement_evidence_improvement_area_id"))
    op.drop_table("improvement_evidence")
    op.drop_table("improvement_area")
