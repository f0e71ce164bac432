"""services/key_policy.py: a key's status and rotation flag, and what a caller may grant."""

from __future__ import annotations

import datetime as dt

import pytest

from pdflet.db.models import ApiKey
from pdflet.errors import PermissionDenied
from pdflet.services.key_policy import KeyPolicy, key_state, key_status, policy_for

NOW = dt.datetime(2026, 12, 1, 12, 0)
OLD = NOW - dt.timedelta(days=100)


def key(**fields) -> ApiKey:
    return ApiKey(id=1, created_at=fields.pop("created_at", OLD), mode="live", scopes="pdf:create", **fields)


@pytest.mark.parametrize(("fields", "status", "needs"), [
    ({}, "active", True),
    ({"created_at": NOW - dt.timedelta(days=3)}, "active", False),
    ({"revoked_at": NOW - dt.timedelta(days=1)}, "revoked", False),
    ({"expires_at": NOW - dt.timedelta(seconds=1)}, "expired", False),
    ({"expires_at": NOW + dt.timedelta(hours=3), "rotated_to_id": 2}, "rotating", False),
])
def test_status_and_rotation_flag(fields, status, needs):
    state = key_state(key(**fields), 90, NOW)
    assert (state.status, state.needs_rotation) == (status, needs)
    assert key_status(key(**fields), NOW) == status


def test_the_age_is_counted_in_whole_days():
    assert key_state(key(created_at=NOW - dt.timedelta(days=90, hours=-1)), 90, NOW).age_days == 89
    assert key_state(key(created_at=NOW - dt.timedelta(days=90)), 90, NOW).needs_rotation is True


def test_a_key_grants_no_more_than_it_holds():
    policy = policy_for(False, key(), 60)
    policy.check(["pdf:create"], "live", 30)
    with pytest.raises(PermissionDenied):
        policy.check(["pdf:create", "keys:write"], "live", None)
    with pytest.raises(PermissionDenied):
        policy.check(["pdf:create"], "test", None)
    with pytest.raises(PermissionDenied):
        policy.check(["pdf:create"], "live", 0)
    KeyPolicy().check(["keys:write"], "test", 0)  # the operator's CLI: no limit
