"""Metering: requests, pages and bytes per user, key and day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee
from peewee import EXCLUDED

from pdflet.db.models import ApiKey, UsageDay, User, utcnow
from pdflet.services.principal import Principal


def _upsert_sql(database: peewee.Database) -> str:
    """The metering upsert for ``database``'s dialect, its values taken from the new row (EXCLUDED)."""
    query = UsageDay.insert(user=0, key_id=0, day="", requests=1, pages=0, bytes=0).on_conflict(
        conflict_target=[UsageDay.user, UsageDay.key_id, UsageDay.day],
        update={
            UsageDay.requests: UsageDay.requests + EXCLUDED.requests,
            UsageDay.pages: UsageDay.pages + EXCLUDED.pages,
            UsageDay.bytes: UsageDay.bytes + EXCLUDED.bytes,
        },
    )
    return database.get_sql_context().sql(query).query()[0]


_UPSERT_SQL: dict[int, str] = {}  # per database object: the statement never changes


def record_render(user: User, key_id: int, pages: int, size: int, day: dt.date | None = None) -> None:
    """Add one render to today's row: one atomic upsert, safe with concurrent writers.

    Every live render pays this, so the SQL is built once per database rather than by
    peewee's query builder on each call (which cost several times the write itself).
    """
    day = day or utcnow().date()
    proxy = UsageDay._meta.database
    database = getattr(proxy, "obj", proxy)
    sql = _UPSERT_SQL.get(id(database))
    if sql is None:
        sql = _UPSERT_SQL[id(database)] = _upsert_sql(database)
    user_id = user.id if isinstance(user, User) else int(user)
    database.execute_sql(sql, (user_id, key_id, day.isoformat(), 1, pages, size))


def record_for(principal: Principal, pages: int, size: int) -> bool:
    """Meter one render of ``principal``, as the API and the admin's "Try it" both do.

    Test keys are not metered (their PDFs are watermarked); a login (bearer token or the
    admin's browser session) counts under key id 0. Returns whether a row was written.
    """
    if principal.is_test:
        return False
    record_render(principal.user, principal.key.id if principal.key is not None else 0, pages, size)
    return True


@dataclass(frozen=True)
class UsageRow:
    day: dt.date
    key_id: int
    key_name: str
    requests: int
    pages: int
    bytes: int


def usage_for(user: User, days: int) -> list[UsageRow]:
    """Rows of the last ``days`` days (today included), newest first."""
    since = utcnow().date() - dt.timedelta(days=days - 1)
    names = {k.id: k.name for k in ApiKey.select(ApiKey.id, ApiKey.name).where(ApiKey.user == user)}
    rows = (
        UsageDay.select()
        .where((UsageDay.user == user) & (UsageDay.day >= since))
        .order_by(UsageDay.day.desc(), UsageDay.key_id)
    )
    return [
        UsageRow(
            day=r.day if isinstance(r.day, dt.date) else dt.date.fromisoformat(str(r.day)),
            key_id=r.key_id,
            key_name=names.get(r.key_id, "bearer token" if r.key_id == 0 else f"key {r.key_id}"),
            requests=r.requests, pages=r.pages, bytes=r.bytes,
        )
        for r in rows
    ]
