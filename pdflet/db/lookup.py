"""A row and its joined parent by one column, with the SQL built once per database.

peewee builds ``SELECT … FROM child JOIN parent WHERE column = ?`` from Python objects on
every call and hydrates the row through its generic cursor wrapper; that costs several
times the database round trip itself. Authentication runs such a query on every request
(the API key by digest, the session of a JWT by id), and the query never changes, so its
SQL is built once per database (the dialects differ) and the row is turned into model
instances directly, with each field's own ``python_value`` (SQLite hands back text for
datetimes). The database is still asked every time: nothing is cached but the SQL, so a
key or session revoked through any instance is refused by the next request everywhere.
"""

from __future__ import annotations

from typing import Generic, TypeVar

import peewee

Child = TypeVar("Child", bound=peewee.Model)


class JoinedLookup(Generic[Child]):
    """``lookup(value)`` -> the ``child`` row whose ``column`` equals ``value``, its ``parent`` loaded; or None."""

    def __init__(self, child: type[Child], parent: type[peewee.Model], column: peewee.Field, relation: str) -> None:
        self._child, self._parent, self._column, self._relation = child, parent, column, relation
        self._child_fields = list(child._meta.sorted_fields)
        self._parent_fields = list(parent._meta.sorted_fields)
        self._sql: dict[int, str] = {}

    def _statement(self, database: peewee.Database) -> str:
        sql = self._sql.get(id(database))
        if sql is None:
            query = self._child.select(self._child, self._parent).join(self._parent).where(self._column == "x")
            sql = self._sql[id(database)] = database.get_sql_context().sql(query).query()[0]
        return sql

    def __call__(self, value: object) -> Child | None:
        proxy = self._child._meta.database
        database = getattr(proxy, "obj", proxy)  # the DatabaseProxy's current database
        row = database.execute_sql(self._statement(database), (value,)).fetchone()
        if row is None:
            return None
        split = len(self._child_fields)
        parent = self._parent(__no_default__=True)
        parent.__data__ = {f.name: f.python_value(v) for f, v in zip(self._parent_fields, row[split:], strict=True)}
        child = self._child(__no_default__=True)
        child.__data__ = {f.name: f.python_value(v) for f, v in zip(self._child_fields, row[:split], strict=True)}
        child.__rel__[self._relation] = parent
        return child
