"""Versioned schema migrations, applied in order on ``pdflet serve`` and ``pdflet migrate``.

Each migration is a function of the database, numbered; the applied number lives in the
``schema_version`` table. Never edit a released migration: add the next one.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee

from pdflet.db.job_models import JOB_MODELS
from pdflet.db.models import ALL_MODELS, OneTimeSecret


class SchemaVersion(peewee.Model):
    version = peewee.IntegerField()

    class Meta:
        table_name = "schema_version"


def _initial(db: peewee.Database) -> None:
    db.create_tables(ALL_MODELS)


def _one_time_secrets(db: peewee.Database) -> None:
    db.create_tables([OneTimeSecret])


def _jobs(db: peewee.Database) -> None:
    db.create_tables(JOB_MODELS)


def _job_requests_and_quota_index(db: peewee.Database) -> None:
    """The job row holds its request while it waits; a user's active jobs are counted in an index
    of (user, status), which replaces the single-column ones it and (status, lease_until) cover.
    Migration 3 made the table from today's model: a database created since has all this already."""
    from playhouse.migrate import SchemaMigrator
    from playhouse.migrate import migrate as run

    if "request" not in {column.name for column in db.get_columns("job")}:
        run(SchemaMigrator.from_database(db).add_column("job", "request", peewee.BlobField(null=True)))
    db.execute_sql('DROP INDEX IF EXISTS "job_user_id"')
    db.execute_sql('DROP INDEX IF EXISTS "job_status"')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "job_user_id_status" ON "job" ("user_id", "status")')


MIGRATIONS: list[tuple[int, str, Callable[[peewee.Database], None]]] = [
    (1, "users, api keys, sessions, usage, audit", _initial),
    (2, "one-time store for keys the admin shows after a redirect", _one_time_secrets),
    (3, "jobs, webhooks, idempotency keys", _jobs),
    (4, "a queued job's request in its row; active jobs counted by (user, status)", _job_requests_and_quota_index),
]


def current_version(db: peewee.Database) -> int:
    with SchemaVersion.bind_ctx(db):
        if not db.table_exists("schema_version"):
            return 0
        row = SchemaVersion.select(peewee.fn.MAX(SchemaVersion.version)).scalar()
        return int(row or 0)


def migrate(db: peewee.Database) -> list[int]:
    """Apply every pending migration, each in its own transaction; return the numbers applied."""
    applied: list[int] = []
    with SchemaVersion.bind_ctx(db):
        db.create_tables([SchemaVersion], safe=True)
        for number, _name, step in MIGRATIONS:
            if number <= current_version(db):
                continue
            with db.atomic():
                step(db)
                SchemaVersion.create(version=number)
            applied.append(number)
    return applied
