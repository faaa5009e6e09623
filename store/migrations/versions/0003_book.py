"""The banker's book beside the households: clients, accounts and relationships as append-only
versions (a changed row is a new version, as households are), and the log of book imports.
Transactions and balances are not here: they live in Parquet files managed through DuckDB.

Revision ID: 0003_book
Revises: 0002
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_book"
down_revision = "0002"
branch_labels = None
depends_on = None

_TABLES = ("book_clients", "book_accounts", "book_relationships", "book_imports")


def _statements(create: bool) -> tuple[str, ...]:
    name = op.get_bind().dialect.name
    out: list[str] = []
    for t in _TABLES:
        if name == "sqlite":
            if create:
                out += [f"CREATE TRIGGER IF NOT EXISTS {t}_no_update BEFORE UPDATE ON {t} "
                        f"BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END",
                        f"CREATE TRIGGER IF NOT EXISTS {t}_no_delete BEFORE DELETE ON {t} "
                        f"BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END"]
            else:
                out += [f"DROP TRIGGER IF EXISTS {t}_no_update",
                        f"DROP TRIGGER IF EXISTS {t}_no_delete"]
        elif name == "postgresql":
            # kinfolio_append_only() was created by revision 0002
            out.append(f"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} FOR EACH "
                       f"ROW EXECUTE FUNCTION kinfolio_append_only()" if create else
                       f"DROP TRIGGER IF EXISTS {t}_append_only ON {t}")
    return tuple(out)


def _versioned() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("book_imports.id"), nullable=False),
        sa.Column("removed", sa.Boolean, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "book_imports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("source", sa.String(1000), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
    )
    op.create_table(
        "book_clients",
        sa.Column("client_id", sa.String(64), primary_key=True),
        *_versioned(),
        sa.Column("kind", sa.String(16), nullable=True),
        sa.Column("name", sa.String(500), nullable=True),
        sa.Column("birth_date", sa.Date, nullable=True),
        sa.Column("sex", sa.String(1), nullable=True),
        sa.Column("banker", sa.String(200), nullable=True),
        sa.Column("branch", sa.String(200), nullable=True),
        sa.Column("opened", sa.Date, nullable=True),
        sa.Column("risk_level", sa.String(2), nullable=True),
        sa.Column("kyc_review_due", sa.Date, nullable=True),
        sa.Column("employees", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_book_clients_banker", "book_clients", ["banker"])
    op.create_table(
        "book_accounts",
        sa.Column("account_id", sa.String(64), primary_key=True),
        *_versioned(),
        sa.Column("client_id", sa.String(64), nullable=True),
        sa.Column("kind", sa.String(32), nullable=True),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.Column("opened", sa.Date, nullable=True),
        sa.Column("closed", sa.Date, nullable=True),
        sa.Column("maturity", sa.Date, nullable=True),
        sa.Column("product_id", sa.String(200), nullable=True),
        sa.Column("limit", sa.Float, nullable=True),
    )
    op.create_index("ix_book_accounts_client", "book_accounts", ["client_id"])
    op.create_table(
        "book_relationships",
        sa.Column("from_client", sa.String(64), primary_key=True),
        sa.Column("to_client", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        *_versioned(),
        sa.Column("share", sa.Float, nullable=True),
        sa.Column("since", sa.Date, nullable=True),
    )
    for s in _statements(create=True):
        op.execute(s)


def downgrade() -> None:
    for s in _statements(create=False):
        op.execute(s)
    op.drop_table("book_relationships")
    op.drop_index("ix_book_accounts_client", "book_accounts")
    op.drop_table("book_accounts")
    op.drop_index("ix_book_clients_banker", "book_clients")
    op.drop_table("book_clients")
    op.drop_table("book_imports")
