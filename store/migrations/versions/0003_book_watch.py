"""The banker's watch list: acknowledgements and closures of alert episodes, and the follow-ups of
the key-client ledger (重點客戶台賬). Both append-only (triggers refuse UPDATE and DELETE, as for
the audit log); each row is also written to the audit log by ``book.watch_store``.

Revision ID: 0003_book_watch
Revises: 0002
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_book_watch"
down_revision = "0002"
branch_labels = None
depends_on = None

_TABLES = ("book_alert_acks", "book_followups")


def _statements(create: bool) -> tuple[str, ...]:
    name = op.get_bind().dialect.name
    out: list[str] = []
    for t in _TABLES:
        if name == "sqlite":
            out += ([f"CREATE TRIGGER IF NOT EXISTS {t}_no_update BEFORE UPDATE ON {t} "
                     f"BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END",
                     f"CREATE TRIGGER IF NOT EXISTS {t}_no_delete BEFORE DELETE ON {t} "
                     f"BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END"] if create else
                    [f"DROP TRIGGER IF EXISTS {t}_no_update",
                     f"DROP TRIGGER IF EXISTS {t}_no_delete"])
        elif name == "postgresql":
            out += ([
                "CREATE OR REPLACE FUNCTION kinfolio_watch_append_only() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME "
                "USING ERRCODE = 'restrict_violation'; END; $$ "
                "LANGUAGE plpgsql",
                f"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} "
                "FOR EACH ROW EXECUTE FUNCTION kinfolio_watch_append_only()"] if create else
                [f"DROP TRIGGER IF EXISTS {t}_append_only ON {t}"])
    return tuple(out)


def upgrade() -> None:
    op.create_table(
        "book_alert_acks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("account_id", sa.String(64), nullable=True),
        sa.Column("first_date", sa.Date, nullable=False),
        sa.Column("last_date", sa.Date, nullable=False),
        sa.Column("episode", sa.String(200), nullable=False),
        sa.Column("note", sa.String(1000), nullable=True),
    )
    op.create_index("ix_book_alert_acks_client", "book_alert_acks", ["client_id"])
    op.create_table(
        "book_followups",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("contact_date", sa.Date, nullable=True),
        sa.Column("channel", sa.String(16), nullable=True),
        sa.Column("what", sa.String(2000), nullable=False),
        sa.Column("next_action", sa.String(500), nullable=True),
        sa.Column("next_date", sa.Date, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_index("ix_book_followups_client", "book_followups", ["client_id"])
    for s in _statements(create=True):
        op.execute(s)


def downgrade() -> None:
    for s in _statements(create=False):
        op.execute(s)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS kinfolio_watch_append_only()")
    op.drop_index("ix_book_followups_client", "book_followups")
    op.drop_table("book_followups")
    op.drop_index("ix_book_alert_acks_client", "book_alert_acks")
    op.drop_table("book_alert_acks")
