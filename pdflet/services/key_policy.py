"""What a caller may put into a key it creates or rotates: no more than it holds itself.

A key with ``keys:write`` can mint keys, so without these rules one leaked narrow key
would become a key with every scope (or a ``pk_test_`` key a ``pk_live_`` one), and any
user could lift the operator's rate limit by asking for ``rate_limit: 0``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from pdflet.db.models import ApiKey, utcnow
from pdflet.errors import InvalidRequest, PermissionDenied


@dataclass(frozen=True)
class KeyPolicy:
    """Limits on a new key; ``None`` fields do not limit (the CLI, which only an operator runs).

    ``scopes`` / ``mode``: set when a key is the caller, to that key's own scopes and mode.
    ``max_rate_limit``: set for non-staff callers, to the operator's per-minute limit.
    """

    scopes: frozenset[str] | None = None
    mode: str | None = None
    max_rate_limit: int | None = None

    def check(self, scopes: Iterable[str], mode: str, rate_limit: int | None) -> None:
        if self.scopes is not None:
            extra = sorted(set(scopes) - self.scopes)
            if extra:
                raise PermissionDenied(f"A key can only grant scopes it holds itself; not {', '.join(extra)}.")
        if self.mode is not None and mode != self.mode:
            raise PermissionDenied(f"A {self.mode} key can only create {self.mode} keys.")
        if self.max_rate_limit is not None and self.max_rate_limit > 0 and rate_limit is not None and (
            rate_limit == 0 or rate_limit > self.max_rate_limit
        ):
            raise PermissionDenied(
                f"rate_limit must be from 1 to the operator's limit of {self.max_rate_limit} requests per minute; "
                "only staff may set a higher one or 0 (unlimited)."
            )


def policy_for(user_is_staff: bool, key: ApiKey | None, operator_limit: int) -> KeyPolicy:
    """The policy for a caller: a user (``key`` None) or one of the user's keys."""
    return KeyPolicy(
        scopes=frozenset(key.scope_list) if key is not None else None,
        mode=key.mode if key is not None else None,
        max_rate_limit=None if user_is_staff else operator_limit,
    )


def key_status(key: ApiKey, now: dt.datetime | None = None) -> str:
    """``revoked``, ``expired``, ``rotating`` (a successor exists, the grace period runs) or ``active``."""
    now = now or utcnow()
    if key.revoked_at is not None:
        return "revoked"
    if key.expires_at is not None and key.expires_at <= now:
        return "expired"
    if key.rotated_to_id is not None:
        return "rotating"
    return "active"


def needs_rotation(key: ApiKey, max_age_days: int, status: str, now: dt.datetime | None = None) -> bool:
    """The one definition the API and the admin show: an active key older than the maximum age.

    Revoked, expired and already-rotating keys need nothing more (their successor, if any, is judged on its own).
    """
    now = now or utcnow()
    return status == "active" and (now - key.created_at).days >= max_age_days


@dataclass(frozen=True)
class KeyState:
    """What the API's key JSON and the admin's key table both say of a key, computed once."""

    status: str
    needs_rotation: bool
    age_days: int


def key_state(key: ApiKey, max_age_days: int, now: dt.datetime | None = None) -> KeyState:
    """A key's status and rotation flag at ``now`` (the one call the front doors make)."""
    now = now or utcnow()
    status = key_status(key, now)
    return KeyState(status, needs_rotation(key, max_age_days, status, now), (now - key.created_at).days)


def check_rotatable(status: str) -> None:
    """Only an active key can be rotated: an expired or rotated-out key must not become a fresh one."""
    if status == "revoked":
        raise InvalidRequest("A revoked key cannot be rotated.")
    if status == "expired":
        raise InvalidRequest("An expired key cannot be rotated; create a new key instead.")
    if status == "rotating":
        raise InvalidRequest("This key was already rotated; rotate its successor instead.")
