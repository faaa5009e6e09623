"""Shared fixtures: the demo households and a temporary store."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from household import DEMO_IDS, demo

# CI explores the same examples on every run, so a landing never hinges on a lucky draw; set
# HYPOTHESIS_PROFILE=explore (optionally with --hypothesis-seed) to search new ground locally.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(params=DEMO_IDS)
def demo_household(request):
    return demo(request.param)


@pytest.fixture
def cn_demo():
    return demo("demo-cn-chen")


# ----------------------------------------------------------------------------- databases
@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a PostgreSQL server for the run: ``KINFOLIO_TEST_PG_URL`` (``dev.py test``
    starts one and exports it), else a throw-away one started here for the session."""
    url = os.environ.get("KINFOLIO_TEST_PG_URL")
    if url:
        yield url
        return
    from tests.postgres_server import PostgresUnavailable, TempPostgres

    try:
        server = TempPostgres()
    except PostgresUnavailable as e:
        pytest.skip(f"the PostgreSQL half of the storage tests needs a server: {e}")
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """A fresh, empty database for one test, as the string ``Store(...)`` and ``--db`` take:
    an SQLite file, or a new database on the PostgreSQL server (dropped afterwards)."""
    if request.param == "sqlite":
        return str(tmp_path / "k.db")
    import uuid

    import sqlalchemy as sa

    server = sa.engine.make_url(request.getfixturevalue("postgres_server"))
    name = f"kinfolio_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    request.addfinalizer(drop)
    return server.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def store(db):
    from store.storage import Store

    s = Store(db)
    yield s
    s.engine.dispose()
