"""Metering: requests, pages and bytes per user, key and day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pdflet.db.models import ApiKey, UsageDay, User, utcnow


def record_render(user: User, key_id: int, pages: int, size: int, day: dt.date | None = None) -> None:
    """Add one render to today's row (an atomic upsert, safe with concurrent writers)."""
    day = day or utcnow().date()
    (
        UsageDay.insert(user=user, key_id=key_id, day=day, requests=1, pages=pages, bytes=size)
        .on_conflict(
            conflict_target=[UsageDay.user, UsageDay.key_id, UsageDay.day],
            update={
                UsageDay.requests: UsageDay.requests + 1,
                UsageDay.pages: UsageDay.pages + pages,
                UsageDay.bytes: UsageDay.bytes + size,
            },
        )
        .execute()
    )


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
