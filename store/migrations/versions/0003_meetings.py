"""Meeting mode held per banker in the store (survives reloads and new tabs).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("account", sa.String(200), primary_key=True),
        sa.Column("household_id", sa.String(64), nullable=False),
        sa.Column("pin_hash", sa.String(300), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("meetings")
