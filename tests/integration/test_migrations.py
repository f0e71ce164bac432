"""Schema migrations from an empty database, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit, urlunsplit

import peewee
import pytest

from pdflet.db import connect_database, database_proxy, migrate
from pdflet.db.migrations import MIGRATIONS, current_version
from pdflet.db.models import ALL_MODELS, LATER_MODELS
from tests.conftest import TEST_DATABASE_URL


def check_fresh_database(url: str) -> None:
    previous = database_proxy.obj
    db = connect_database(url)
    try:
        assert current_version(db) == 0
        applied = migrate(db)
        assert applied == [number for number, _name, _step in MIGRATIONS]
        assert current_version(db) == MIGRATIONS[-1][0]
        tables = set(db.get_tables())
        assert {m._meta.table_name for m in ALL_MODELS + LATER_MODELS} <= tables
        assert migrate(db) == []
        digest_indexes = [i for i in db.get_indexes("api_key") if i.columns == ["digest"]]
        assert digest_indexes and digest_indexes[0].unique
    finally:
        db.close()
        if previous is not None:
            database_proxy.initialize(previous)


def test_sqlite_from_empty(tmp_path):
    check_fresh_database(f"sqlite:///{tmp_path / 'fresh.db'}")


@pytest.mark.postgres
@pytest.mark.skipif(not TEST_DATABASE_URL, reason="PDFLET_TEST_DATABASE_URL is not set")
def test_postgresql_from_empty():
    import psycopg2

    name = f"pdflet_migrate_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(TEST_DATABASE_URL)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(TEST_DATABASE_URL)
    try:
        check_fresh_database(urlunsplit(parts._replace(path=f"/{name}")))
    finally:
        admin.cursor().execute(f'DROP DATABASE "{name}"')
        admin.close()


def test_an_existing_version_1_database_gets_migration_2(tmp_path):
    """A database made by the first release (migration 1 only, with rows) upgrades in place."""
    from pdflet.db.migrations import SchemaVersion
    from pdflet.db.models import User

    previous = database_proxy.obj
    db = connect_database(f"sqlite:///{tmp_path / 'v1.db'}")
    try:
        with SchemaVersion.bind_ctx(db):
            db.create_tables([SchemaVersion])
            MIGRATIONS[0][2](db)
            SchemaVersion.create(version=1)
        User.create(email="old@example.com", password_hash="x")
        assert "one_time_secret" not in db.get_tables()
        assert migrate(db) == [n for n, _name, _step in MIGRATIONS if n > 1]
        assert "one_time_secret" in db.get_tables()
        assert User.get(User.email == "old@example.com")
    finally:
        db.close()
        if previous is not None:
            database_proxy.initialize(previous)


def test_a_version_3_database_gets_the_job_request_column_and_quota_index(tmp_path):
    """A database made before job rows held their request (migration 3's job table) upgrades in place."""
    from pdflet.db.job_models import Job
    from pdflet.db.migrations import SchemaVersion
    from pdflet.services import job_sql

    previous = database_proxy.obj
    db = connect_database(f"sqlite:///{tmp_path / 'v3.db'}")
    try:
        migrate(db)
        fresh = {index.name: index.columns for index in db.get_indexes("job")}
        for sql in ('DROP INDEX "job_user_id_status"', "ALTER TABLE job DROP COLUMN request",  # as migration 3 made it
                    'CREATE INDEX "job_user_id" ON "job" ("user_id")', 'CREATE INDEX "job_status" ON "job" ("status")'):
            db.execute_sql(sql)
        with SchemaVersion.bind_ctx(db):
            SchemaVersion.delete().where(SchemaVersion.version > 3).execute()
        assert migrate(db) == [n for n, _name, _step in MIGRATIONS if n > 3]
        assert "request" in {column.name for column in db.get_columns("job")}
        assert {index.name: index.columns for index in db.get_indexes("job")} == fresh  # as a new database's
        assert fresh["job_user_id_status"] == ["user_id", "status"]
        plan = db.execute_sql("EXPLAIN QUERY PLAN " + job_sql.STATEMENTS["active"], (1,)).fetchall()
        assert "job_user_id_status" in str(plan)  # the quota count reads the index alone
        assert Job.select().count() == 0  # the model reads the table
    finally:
        db.close()
        if previous is not None:
            database_proxy.initialize(previous)


def test_database_is_the_server_one(db, server):
    assert isinstance(db, peewee.PostgresqlDatabase if TEST_DATABASE_URL else peewee.SqliteDatabase)
