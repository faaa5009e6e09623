"""Households and their immutable versions.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "households",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "household_versions",
        sa.Column("household_id", sa.String(64), sa.ForeignKey("households.id"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("comment", sa.String(500), nullable=True),
        sa.Column("document", sa.Text, nullable=False),
        sa.UniqueConstraint("household_id", "version", name="uq_household_version"),
    )


def downgrade() -> None:
    op.drop_table("household_versions")
    op.drop_table("households")
