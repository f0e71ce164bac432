"""What a caller may put into a key: a key no more than itself, a user no more than the operator's rate limit."""

from __future__ import annotations

import datetime as dt

import pytest

from pdflet.admin.keys import key_view
from pdflet.db.models import ApiKey
from pdflet.services.keys import create_key, rotate_key
from pdflet.services.principal import SCOPES
from pdflet.web.api_keys import key_json
from tests.helpers import PASSWORD, new_key, new_user

OPERATOR_LIMIT = 600  # the test server runs with the default PDFLET_RATE_LIMIT_PER_MINUTE


def bearer_of(server, user) -> dict[str, str]:
    r = server.post("/api/v1/auth/jwt/create/", json={"email": user.email, "password": PASSWORD},
                    headers={"X-Real-Ip": "192.0.2.240"})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access']}"}


def test_a_key_cannot_grant_scopes_it_lacks(server, db):
    headers = {"X-API-Key": new_key(new_user(), scopes=["keys:write"])}
    r = server.post("/api/v1/keys/", json={"name": "escalate", "scopes": list(SCOPES)}, headers=headers)
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    assert server.post("/api/v1/keys/", json={"name": "default"}, headers=headers).status_code == 403  # pdf:create
    same = server.post("/api/v1/keys/", json={"name": "same", "scopes": ["keys:write"]}, headers=headers)
    assert same.status_code == 201, same.text


def test_a_test_key_cannot_create_a_live_key(server, db):
    headers = {"X-API-Key": new_key(new_user(), mode="test", scopes=["pdf:create", "keys:write"])}
    r = server.post("/api/v1/keys/", json={"name": "live", "mode": "live"}, headers=headers)
    assert r.status_code == 403
    made = server.post("/api/v1/keys/", json={"name": "test"}, headers=headers)
    assert made.status_code == 201 and made.json()["key"].startswith("pk_test_")


@pytest.mark.parametrize("limit", [0, OPERATOR_LIMIT + 1, 1_000_000])
def test_users_cannot_lift_the_operators_rate_limit(server, db, limit):
    user = new_user()
    r = server.post("/api/v1/keys/", json={"name": "fast", "rate_limit": limit}, headers=bearer_of(server, user))
    assert r.status_code == 403, r.text
    key_headers = {"X-API-Key": new_key(user, scopes=["keys:write", "pdf:create"])}
    assert server.post("/api/v1/keys/", json={"name": "fast", "rate_limit": limit}, headers=key_headers).status_code \
        == 403
    ok = server.post("/api/v1/keys/", json={"name": "slow", "rate_limit": OPERATOR_LIMIT},
                     headers=bearer_of(server, user))
    assert ok.status_code == 201


def test_staff_may_set_any_rate_limit(server, db):
    staff = new_user(staff=True)
    for limit in (0, 1_000_000):
        r = server.post("/api/v1/keys/", json={"name": "ops", "rate_limit": limit}, headers=bearer_of(server, staff))
        assert r.status_code == 201 and r.json()["rate_limit"] == limit


def test_expired_and_rotated_out_keys_cannot_be_rotated(server, db):
    user = new_user()
    headers = bearer_of(server, user)
    first = server.post("/api/v1/keys/", json={"name": "r"}, headers=headers).json()
    rotated = server.post(f"/api/v1/keys/{first['id']}/rotate/", json={"grace_hours": 1}, headers=headers)
    assert rotated.status_code == 201
    again = server.post(f"/api/v1/keys/{first['id']}/rotate/", headers=headers)
    assert again.status_code == 400 and "already rotated" in again.json()["detail"]
    lapsed = create_key(user, "lapsed").record
    ApiKey.update(expires_at=dt.datetime(2020, 1, 1)).where(ApiKey.id == lapsed.id).execute()
    expired = server.post(f"/api/v1/keys/{lapsed.id}/rotate/", headers=headers)
    assert expired.status_code == 400 and "expired" in expired.json()["detail"]
    assert ApiKey.select().where(ApiKey.user == user).count() == 3  # no fresh key came out of either


def test_a_narrow_key_cannot_rotate_a_broad_one(server, db):
    user = new_user()
    broad = create_key(user, "broad", scopes=list(SCOPES)).record
    headers = {"X-API-Key": new_key(user, scopes=["keys:write"])}
    r = server.post(f"/api/v1/keys/{broad.id}/rotate/", headers=headers)
    assert r.status_code == 403
    assert ApiKey.get_by_id(broad.id).rotated_to_id is None


def test_needs_rotation_has_one_meaning_in_api_and_admin(db):
    user = new_user()
    old = dt.datetime(2020, 1, 1)
    active = create_key(user, "active").record
    rotating = create_key(user, "rotating").record
    rotate_key(rotating, grace_hours=24)
    expired = create_key(user, "expired").record
    revoked = create_key(user, "revoked").record
    ApiKey.update(created_at=old).where(ApiKey.user == user).execute()
    ApiKey.update(expires_at=old).where(ApiKey.id == expired.id).execute()
    ApiKey.update(revoked_at=old).where(ApiKey.id == revoked.id).execute()
    expected = {active.id: True, rotating.id: False, expired.id: False, revoked.id: False}
    for key_id, needs in expected.items():
        key = ApiKey.get_by_id(key_id)
        assert key_json(key, 90)["needs_rotation"] is needs, key.name
        assert key_view(key, 90).needs_rotation is needs, key.name
    fresh = create_key(user, "fresh").record
    assert key_json(fresh, 90)["needs_rotation"] is False and key_view(fresh, 90).needs_rotation is False


def test_a_rotation_that_lost_the_race_is_rolled_back(db):
    """Two rotations of one key read it before either wrote: the second must not mint a second successor."""
    from pdflet.errors import InvalidRequest

    user = new_user()
    key_id = create_key(user, "raced").record.id
    stale = ApiKey.get_by_id(key_id)  # read by the second request before the first one writes
    rotate_key(ApiKey.get_by_id(key_id), grace_hours=1)
    with pytest.raises(InvalidRequest, match="already rotated"):
        rotate_key(stale, grace_hours=1)
    assert ApiKey.select().where(ApiKey.user == user).count() == 2
