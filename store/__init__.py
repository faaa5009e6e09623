"""Persistence beside the domain: saved household versions (append-only), banker accounts and
their assignments, the audit log, meeting mode, backup and schema migrations. SQLite by default,
PostgreSQL for a bank's server. Uses only :mod:`household`."""
