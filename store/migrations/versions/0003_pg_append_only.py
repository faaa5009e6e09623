"""PostgreSQL: a refused UPDATE or DELETE of an append-only row is an integrity error (SQLSTATE
23001 restrict_violation), as SQLite's RAISE(ABORT) is, so callers see one error class on both.
Revision 0002's function raised the default P0001 (an "internal error" to the driver).

A branch of its own from 0002 (other revisions after 0002 are independent of it): the store
upgrades to every head.

Revision ID: 0003_pg_append_only
Revises: 0002
Create Date: 2026-12-04
"""

from alembic import op

revision = "0003_pg_append_only"
down_revision = "0002"
branch_labels = None
depends_on = None

_BODY = ("CREATE OR REPLACE FUNCTION kinfolio_append_only() RETURNS trigger AS $$ BEGIN "
         "RAISE EXCEPTION '% is append-only', TG_TABLE_NAME{using}; END; $$ LANGUAGE plpgsql")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_BODY.format(using=" USING ERRCODE = 'restrict_violation'"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_BODY.format(using=""))
