"""The API-key look-up that every authenticated request pays, without rebuilding its SQL each time.

peewee builds ``SELECT … FROM api_key JOIN user WHERE digest = ?`` from Python objects on
every call and hydrates the row through its generic cursor wrapper; that costs several
times the database round trip itself. The query never changes, so its SQL is built once
per database (the dialects differ) and the row is turned into ``ApiKey`` + ``User``
instances directly, with each field's own ``python_value`` (SQLite hands back text for
datetimes). The database is still asked on every request: a key revoked through any
instance is refused by the next request everywhere.
"""

from __future__ import annotations

import peewee

from pdflet.db.models import ApiKey, User


class KeyLookup:
    """``lookup(digest)`` -> the ``ApiKey`` with that digest (its ``user`` loaded), or ``None``."""

    def __init__(self) -> None:
        self._sql: dict[int, str] = {}
        self._key_fields = list(ApiKey._meta.sorted_fields)
        self._user_fields = list(User._meta.sorted_fields)

    def _statement(self, database: peewee.Database) -> str:
        sql = self._sql.get(id(database))
        if sql is None:
            query = ApiKey.select(ApiKey, User).join(User).where(ApiKey.digest == "x")
            sql, _params = database.get_sql_context().sql(query).query()
            self._sql[id(database)] = sql
        return sql

    def __call__(self, digest: str) -> ApiKey | None:
        database = ApiKey._meta.database
        real = getattr(database, "obj", database)  # the DatabaseProxy's current database
        row = real.execute_sql(self._statement(real), (digest,)).fetchone()
        if row is None:
            return None
        split = len(self._key_fields)
        user = User(__no_default__=True)
        user.__data__ = {f.name: f.python_value(v) for f, v in zip(self._user_fields, row[split:], strict=True)}
        key = ApiKey(__no_default__=True)
        key.__data__ = {f.name: f.python_value(v) for f, v in zip(self._key_fields, row[:split], strict=True)}
        key.__rel__["user"] = user
        return key
