"""Alembic environment: uses the engine handed over by :func:`store.migrate.upgrade`."""

from alembic import context

from store.storage import metadata

config = context.config
engine = config.attributes.get("engine")


def run() -> None:
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run()
