"""Banker accounts, household assignments and the append-only audit log.

Also makes saved household versions append-only in the database itself (triggers refusing UPDATE
and DELETE on ``household_versions`` and ``audit_log``; SQLite and PostgreSQL).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The trigger statements are repeated here (not imported) so this revision never changes.
_SQLITE = (
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS household_versions_no_update BEFORE UPDATE ON household_versions "
    "BEGIN SELECT RAISE(ABORT, 'saved versions are append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS household_versions_no_delete BEFORE DELETE ON household_versions "
    "BEGIN SELECT RAISE(ABORT, 'saved versions are append-only'); END",
)
_SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS audit_log_no_update",
    "DROP TRIGGER IF EXISTS audit_log_no_delete",
    "DROP TRIGGER IF EXISTS household_versions_no_update",
    "DROP TRIGGER IF EXISTS household_versions_no_delete",
)
_POSTGRES = (
    "CREATE OR REPLACE FUNCTION kinfolio_append_only() RETURNS trigger AS $$ BEGIN "
    "RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION kinfolio_append_only()",
    "CREATE TRIGGER household_versions_append_only BEFORE UPDATE OR DELETE ON household_versions "
    "FOR EACH ROW EXECUTE FUNCTION kinfolio_append_only()",
)
_POSTGRES_DROP = (
    "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
    "DROP TRIGGER IF EXISTS household_versions_append_only ON household_versions",
    "DROP FUNCTION IF EXISTS kinfolio_append_only()",
)


def _statements(create: bool) -> tuple[str, ...]:
    name = op.get_bind().dialect.name
    if name == "sqlite":
        return _SQLITE if create else _SQLITE_DROP
    if name == "postgresql":
        return _POSTGRES if create else _POSTGRES_DROP
    return ()


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("display_name", sa.String(200), nullable=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(300), nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "assignments",
        sa.Column("household_id", sa.String(64), primary_key=True),
        sa.Column("account", sa.String(200), sa.ForeignKey("accounts.name"), primary_key=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("household_id", sa.String(64), nullable=True),
        sa.Column("version", sa.Integer, nullable=True),
        sa.Column("detail", sa.String(1000), nullable=True),
    )
    op.create_index("ix_audit_household", "audit_log", ["household_id"])
    op.create_index("ix_audit_at", "audit_log", ["at"])
    for s in _statements(create=True):
        op.execute(s)


def downgrade() -> None:
    for s in _statements(create=False):
        op.execute(s)
    op.drop_index("ix_audit_at", "audit_log")
    op.drop_index("ix_audit_household", "audit_log")
    op.drop_table("audit_log")
    op.drop_table("assignments")
    op.drop_table("accounts")
