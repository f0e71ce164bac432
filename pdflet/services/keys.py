"""API keys: create, list, revoke, rotate, and authenticate a presented key."""

from __future__ import annotations

import datetime as dt
import hmac
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass

from pdflet.db.ids import row_id
from pdflet.db.models import ApiKey, User, utcnow
from pdflet.errors import AuthenticationFailed, InvalidRequest, NotFound
from pdflet.services import audit
from pdflet.services.key_lookup import key_lookup
from pdflet.services.key_policy import KeyPolicy, check_rotatable, key_status
from pdflet.services.keyformat import display_parts, generate_key, key_digest, parse_key
from pdflet.services.principal import DEFAULT_SCOPES, SCOPES, Principal

MAX_NAME = 200
MAX_EXPIRES_DAYS = 3650
BAD_KEY = "Invalid API key."  # one message for malformed, unknown, revoked and expired keys
_ROTATED_SUFFIX = re.compile(r" \(rotated \d{4}-\d{2}-\d{2}\)$")


@dataclass(frozen=True)
class NewKey:
    """A just-created key: the only moment the full ``secret`` exists outside its owner's hands."""

    record: ApiKey
    secret: str


def validate_scopes(scopes: Iterable[str] | None) -> tuple[str, ...]:
    if scopes is None:
        return DEFAULT_SCOPES
    if isinstance(scopes, str) or not all(isinstance(s, str) for s in scopes):
        raise InvalidRequest("scopes must be a list of strings.")
    scopes = tuple(dict.fromkeys(scopes))
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise InvalidRequest(f"Unknown scope(s): {', '.join(unknown)}. Known: {', '.join(SCOPES)}.")
    if not scopes:
        raise InvalidRequest("A key needs at least one scope.")
    return scopes


def validate_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidRequest("name is required and must be a non-empty string.")
    if len(name) > MAX_NAME:
        raise InvalidRequest(f"name must be at most {MAX_NAME} characters.")
    return name.strip()


def create_key(
    user: User,
    name: object,
    *,
    mode: str = "live",
    scopes: Iterable[str] | None = None,
    expires_days: int | None = None,
    rate_limit: int | None = None,
    actor: User | None = None,
    ip: str = "",
    policy: KeyPolicy | None = None,
) -> NewKey:
    """Create a key for ``user``; the returned secret is shown once and never stored.

    ``policy`` bounds what the caller may grant (see :mod:`pdflet.services.key_policy`).
    """
    name = validate_name(name)
    if mode not in ("live", "test"):
        raise InvalidRequest("mode must be 'live' or 'test'.")
    scope_tuple = validate_scopes(scopes)
    expires_at = None
    if expires_days is not None:
        if isinstance(expires_days, bool) or not isinstance(expires_days, int) or not (
            1 <= expires_days <= MAX_EXPIRES_DAYS
        ):
            raise InvalidRequest(f"expires_days must be a whole number from 1 to {MAX_EXPIRES_DAYS}.")
        expires_at = utcnow() + dt.timedelta(days=expires_days)
    if rate_limit is not None and (
        isinstance(rate_limit, bool) or not isinstance(rate_limit, int) or not 0 <= rate_limit <= 1_000_000
    ):
        raise InvalidRequest("rate_limit must be a whole number of requests per minute (0 = unlimited).")
    if policy is not None:
        policy.check(scope_tuple, mode, rate_limit)
    secret = generate_key(mode)
    prefix, last4 = display_parts(secret)
    record = ApiKey.create(
        user=user,
        name=name,
        digest=key_digest(secret),
        prefix=prefix,
        last4=last4,
        mode=mode,
        scopes=" ".join(scope_tuple),
        expires_at=expires_at,
        rate_limit=rate_limit,
    )
    audit.record("key.create", actor=actor or user, target=f"key:{record.id}", ip=ip, detail=name)
    return NewKey(record, secret)


def list_keys(user: User) -> list[ApiKey]:
    return list(ApiKey.select().where(ApiKey.user == user).order_by(ApiKey.created_at.desc(), ApiKey.id.desc()))


def get_key(user: User, key_id: object) -> ApiKey:
    """The key ``key_id`` if ``user`` owns it; another user's key is a 404, like a missing one."""
    number = row_id(key_id)
    key = None if number is None else ApiKey.get_or_none((ApiKey.id == number) & (ApiKey.user == user))
    if key is None:
        raise NotFound("No such key.")
    return key


def revoke_key(key: ApiKey, *, actor: User | None = None, ip: str = "") -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        key.save(only=[ApiKey.revoked_at])
        audit.record("key.revoke", actor=actor or key.user, target=f"key:{key.id}", ip=ip, detail=key.name)
    return key


def rotated_name(name: str, day: dt.date) -> str:
    """The successor's name: the old name with "(rotated YYYY-MM-DD)", so the pair is told apart in lists.

    A key rotated again replaces its earlier suffix instead of stacking them, and the base name
    is shortened when needed so the result still fits ``MAX_NAME``. The API, the CLI and the
    admin all rotate through here, so a rotated key is named the same way wherever it was made.
    """
    suffix = f" (rotated {day.isoformat()})"
    base = _ROTATED_SUFFIX.sub("", name).rstrip()
    return base[: MAX_NAME - len(suffix)].rstrip() + suffix


def rotate_key(key: ApiKey, *, grace_hours: int = 24, actor: User | None = None, ip: str = "",
               policy: KeyPolicy | None = None) -> NewKey:
    """Issue a successor with the same scopes and limits, named after the old key (see :func:`rotated_name`);
    the old key expires after ``grace_hours``.

    Only an active key rotates. Through ``policy`` a narrow key cannot rotate a broader one
    (the successor would be a fresh secret with scopes the caller does not hold).
    """
    check_rotatable(key_status(key))
    if policy is not None:
        policy.check(key.scope_list, key.mode, None)
    if isinstance(grace_hours, bool) or not isinstance(grace_hours, int) or not 0 <= grace_hours <= 24 * 30:
        raise InvalidRequest("grace_hours must be a whole number from 0 to 720.")
    days_left = None
    if key.expires_at is not None:
        days_left = max(1, (key.expires_at - utcnow()).days)
    deadline = utcnow() + dt.timedelta(hours=grace_hours)
    expires_at = min(key.expires_at, deadline) if key.expires_at else deadline
    with ApiKey._meta.database.atomic():
        new = create_key(
            key.user, rotated_name(key.name, utcnow().date()), mode=key.mode, scopes=key.scope_list,
            expires_days=days_left,
            rate_limit=key.rate_limit, actor=actor, ip=ip,
        )
        # Only one of two racing rotations wins the key; the other's successor is rolled back.
        won = ApiKey.update(expires_at=expires_at, rotated_to=new.record).where(
            (ApiKey.id == key.id) & ApiKey.rotated_to.is_null() & ApiKey.revoked_at.is_null()
        ).execute()
        if not won:
            raise InvalidRequest("This key was already rotated; rotate its successor instead.")
    key.expires_at, key.rotated_to = expires_at, new.record
    audit.record("key.rotate", actor=actor or key.user, target=f"key:{key.id}", ip=ip,
                 detail=f"successor key:{new.record.id}, grace {grace_hours}h")
    return new


class KeyAuthenticator:
    """Turns an ``X-API-Key`` header into a :class:`Principal`.

    ``last_used_at`` is written at most once per ``touch_seconds`` per key, so a busy key
    does not turn every request into a database write.
    """

    def __init__(self, touch_seconds: int = 60) -> None:
        self.touch_seconds = touch_seconds
        self._touched: dict[int, float] = {}
        self._lookup = key_lookup()  # prebuilt SQL: the query costs a fraction of peewee's per-call build

    def authenticate(self, presented: str) -> Principal:
        if parse_key(presented) is None:
            raise AuthenticationFailed(BAD_KEY)
        digest = key_digest(presented)
        key = self._lookup(digest)
        if key is None or not hmac.compare_digest(key.digest, digest):
            raise AuthenticationFailed(BAD_KEY)
        now = utcnow()
        if key_status(key, now) in ("revoked", "expired") or not key.user.is_active:
            raise AuthenticationFailed(BAD_KEY)
        self._touch(key, now)
        return Principal(user=key.user, scopes=frozenset(key.scope_list), key=key)

    def _touch(self, key: ApiKey, now: dt.datetime) -> None:
        mono = time.monotonic()
        last = self._touched.get(key.id)
        if last is not None and mono - last < self.touch_seconds:
            return
        self._touched[key.id] = mono
        if len(self._touched) > 100_000:  # bound the memory of a long-running process
            self._touched.clear()
        ApiKey.update(last_used_at=now).where(ApiKey.id == key.id).execute()
        key.last_used_at = now
