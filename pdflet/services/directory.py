"""Read-only queries over users for staff screens (the admin's users page)."""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from pdflet.db.ids import row_id
from pdflet.db.models import ApiKey, User
from pdflet.errors import NotFound


@dataclass(frozen=True)
class UserSummary:
    user: User
    keys: int


def list_users(limit: int = 500) -> list[UserSummary]:
    """Users, newest first, with how many keys each holds (one query, not one per user)."""
    count = peewee.fn.COUNT(ApiKey.id)
    rows = (
        User.select(User, count.alias("key_total"))
        .join(ApiKey, peewee.JOIN.LEFT_OUTER, on=(ApiKey.user == User.id))
        .group_by(User.id)
        .order_by(User.created_at.desc(), User.id.desc())
        .limit(limit)
    )
    return [UserSummary(u, u.key_total) for u in rows]


def get_user(user_id: object) -> User:
    number = row_id(user_id)
    user = None if number is None else User.get_or_none(User.id == number)
    if user is None:
        raise NotFound("No such user.")
    return user
