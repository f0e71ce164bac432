"""The tables: users, API keys, sessions, daily usage and the audit trail.

Secrets never touch the database: API keys and refresh-token ids are stored as
SHA-256 digests, passwords as argon2id hashes.
"""

from __future__ import annotations

import datetime as dt

import peewee

from pdflet.db.connection import database_proxy


def utcnow() -> dt.datetime:
    """Naive UTC, the one datetime convention of the tables (SQLite has no time zones)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class BaseModel(peewee.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class User(BaseModel):
    email = peewee.CharField(max_length=254, unique=True)
    password_hash = peewee.CharField(max_length=255)
    is_staff = peewee.BooleanField(default=False)
    is_active = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField(default=utcnow)
    last_login_at = peewee.DateTimeField(null=True)


class ApiKey(BaseModel):
    user = peewee.ForeignKeyField(User, backref="api_keys", on_delete="CASCADE")
    name = peewee.CharField(max_length=200)
    digest = peewee.CharField(max_length=64, unique=True)
    prefix = peewee.CharField(max_length=16)
    last4 = peewee.CharField(max_length=4)
    mode = peewee.CharField(max_length=4)  # live | test
    scopes = peewee.CharField(max_length=255)  # space-separated
    rate_limit = peewee.IntegerField(null=True)  # requests per minute; None = the settings default
    created_at = peewee.DateTimeField(default=utcnow)
    last_used_at = peewee.DateTimeField(null=True)
    expires_at = peewee.DateTimeField(null=True)
    revoked_at = peewee.DateTimeField(null=True)
    rotated_to = peewee.ForeignKeyField("self", null=True, on_delete="SET NULL", backref="rotated_from")

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    @property
    def display(self) -> str:
        return f"{self.prefix}…{self.last4}"


class AuthSession(BaseModel):
    """One login: a refresh-token family (``kind='jwt'``) or a browser session (``kind='browser'``)."""

    id = peewee.CharField(max_length=32, primary_key=True)
    user = peewee.ForeignKeyField(User, backref="sessions", on_delete="CASCADE")
    kind = peewee.CharField(max_length=8, default="jwt")
    token_digest = peewee.CharField(max_length=64, index=True)
    created_at = peewee.DateTimeField(default=utcnow)
    last_used_at = peewee.DateTimeField(default=utcnow)
    expires_at = peewee.DateTimeField()
    revoked_at = peewee.DateTimeField(null=True)
    ip = peewee.CharField(max_length=64, default="")
    user_agent = peewee.CharField(max_length=255, default="")


class UsageDay(BaseModel):
    """Metered renders per user, key and day; ``key_id`` 0 stands for bearer-token requests."""

    user = peewee.ForeignKeyField(User, backref="usage", on_delete="CASCADE")
    key_id = peewee.IntegerField(default=0)
    day = peewee.DateField()
    requests = peewee.IntegerField(default=0)
    pages = peewee.IntegerField(default=0)
    bytes = peewee.BigIntegerField(default=0)

    class Meta:
        indexes = ((("user", "key_id", "day"), True),)


class AuditEvent(BaseModel):
    at = peewee.DateTimeField(default=utcnow, index=True)
    actor = peewee.ForeignKeyField(User, null=True, backref="audit_events", on_delete="SET NULL")
    action = peewee.CharField(max_length=64, index=True)
    target = peewee.CharField(max_length=255, default="")
    ip = peewee.CharField(max_length=64, default="")
    detail = peewee.TextField(default="")


ALL_MODELS: tuple[type[BaseModel], ...] = (User, ApiKey, AuthSession, UsageDay, AuditEvent)


class OneTimeSecret(BaseModel):
    """A just-created API key waiting to be shown once by the admin page after a redirect (migration 2).

    Stored masked: ``masked`` is the key XOR a pad derived from a random reveal id that only the
    browser's one-time message holds, and the row is found by a digest of that id. Neither the
    database nor the cookie alone holds the key; the row is deleted when read or after two minutes.
    """

    id = peewee.CharField(max_length=64, primary_key=True)  # sha256 of the reveal id
    session_id = peewee.CharField(max_length=32)
    masked = peewee.CharField(max_length=255)
    expires_at = peewee.DateTimeField(index=True)


# Tables added after the first release, each by its own migration (migration 1 creates ALL_MODELS).
LATER_MODELS: tuple[type[BaseModel], ...] = (OneTimeSecret,)
