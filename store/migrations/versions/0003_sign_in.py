"""Failed sign-ins counted in the store, per account name and per client address (issue 18.3).

One row per (kind, subject): how many failures in a row, when the last one was, and when the
subject was locked (accounts only; an administrator unlocks). Counters are mutable state; the
history of every failure is in the append-only audit log.

Revision ID: 0003_sign_in
Revises: 0002
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_sign_in"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("subject", sa.String(200), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("login_failures")
