"""Files attached to organisations.

Revision ID: 0006
Revises: 0004 (chained after main's 0004 on merging)
Create Date: 2026-12-03 14:10:00

Adds ``organisation_attachment``: a file attached to an organisation (signed membership
agreement, statute ...), its bytes a row of ``stored_file`` like every evidence file, so that
backups and exports carry it. Nothing existing changes; the downgrade refuses while
attachments are recorded rather than throw them away.

Self-contained (no imports from the program), like every migration.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisation_attachment",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("stored_file_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_organisation_attachment_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["stored_file_id"],
            ["stored_file.id"],
            name=op.f("fk_organisation_attachment_stored_file_id_stored_file"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_attachment")),
    )
    with op.batch_alter_table("organisation_attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisation_attachment_organisation_id"),
            ["organisation_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_organisation_attachment_stored_file_id"),
            ["stored_file_id"],
            unique=False,
        )


def downgrade() -> None:
    bind = op.get_bind()
    count = bind.execute(sa.text("SELECT count(*) FROM organisation_attachment")).scalar_one()
    if count:
        raise RuntimeError(
            f"The database holds {count} organisation attachment(s) that version 0004 cannot "
            "keep; restore the backup made before the upgrade instead of downgrading."
        )
    with op.batch_alter_table("organisation_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_attachment_stored_file_id"))
        batch_op.drop_index(batch_op.f("ix_organisation_attachment_organisation_id"))
    op.drop_table("organisation_attachment")
