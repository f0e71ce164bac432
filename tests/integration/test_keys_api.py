"""/api/v1/keys/: create, read once, list, revoke, rotate with grace; ownership and scopes."""

from __future__ import annotations

import datetime as dt
import re

from pdflet.db.models import ApiKey
from tests.helpers import new_key, new_user

KEY_RE = re.compile(r"^pk_(live|test)_[a-z0-9]{32}$")
HELLO = {"html": "<h1>Hello</h1>"}


def render(server, key):
    return server.post("/api/v1/pdf/", json=HELLO, headers={"X-API-Key": key}).status_code


def test_create_returns_the_key_once(server, bearer):
    r = server.post("/api/v1/keys/", json={"name": "Production Server"}, headers=bearer)
    assert r.status_code == 201, r.text
    created = r.json()
    assert KEY_RE.match(created["key"])
    assert created["scopes"] == ["pdf:create"]
    assert created["status"] == "active"
    assert created["display"].startswith(created["key"][:12]) and created["display"].endswith(created["key"][-4:])
    listed = server.get("/api/v1/keys/", headers=bearer).json()["results"]
    assert any(k["id"] == created["id"] for k in listed)
    assert created["key"] not in server.get("/api/v1/keys/", headers=bearer).text
    one = server.get(f"/api/v1/keys/{created['id']}/", headers=bearer).json()
    assert "key" not in one and one["name"] == "Production Server"
    assert render(server, created["key"]) == 200


def test_create_with_options(server, bearer):
    body = {"name": "ci", "mode": "test", "scopes": ["pdf:create", "usage:read"], "expires_days": 7,
            "rate_limit": 30}
    created = server.post("/api/v1/keys/", json=body, headers=bearer).json()
    assert created["key"].startswith("pk_test_")
    assert created["mode"] == "test" and created["rate_limit"] == 30
    expires = dt.datetime.fromisoformat(created["expires_at"].rstrip("Z"))
    assert 6 <= (expires - dt.datetime.utcnow()).days <= 7


def test_create_bad_input(server, bearer):
    for body in ({}, {"name": ""}, {"name": 5}, {"name": "x" * 201}, {"name": "a", "scopes": ["root"]},
                 {"name": "a", "scopes": "pdf:create"}, {"name": "a", "mode": "prod"},
                 {"name": "a", "expires_days": 0}, {"name": "a", "expires_days": "3"}, {"name": "a", "bogus": 1},
                 {"name": "a", "rate_limit": -1}, {"name": "a", "scopes": []}):
        r = server.post("/api/v1/keys/", json=body, headers=bearer)
        assert r.status_code == 400, (body, r.text)
        assert r.json()["code"] == "invalid_request"


def test_revoke_stops_the_key(server, bearer):
    created = server.post("/api/v1/keys/", json={"name": "temp"}, headers=bearer).json()
    assert render(server, created["key"]) == 200
    assert server.delete(f"/api/v1/keys/{created['id']}/", headers=bearer).status_code == 204
    assert render(server, created["key"]) == 401
    assert server.get(f"/api/v1/keys/{created['id']}/", headers=bearer).json()["status"] == "revoked"


def test_rotation_keeps_the_old_key_during_the_grace_period(server, bearer):
    created = server.post("/api/v1/keys/", json={"name": "rotating", "scopes": ["pdf:create"]}, headers=bearer).json()
    r = server.post(f"/api/v1/keys/{created['id']}/rotate/", headers=bearer)
    assert r.status_code == 201, r.text
    rotated = r.json()
    assert KEY_RE.match(rotated["key"]) and rotated["key"] != created["key"]
    assert rotated["name"] == "rotating" and rotated["scopes"] == ["pdf:create"]
    assert rotated["previous"]["status"] == "rotating"
    assert render(server, created["key"]) == 200
    assert render(server, rotated["key"]) == 200
    # the grace period ends: the old key stops, the new one goes on
    ApiKey.update(expires_at=dt.datetime(2020, 1, 1)).where(ApiKey.id == created["id"]).execute()
    assert render(server, created["key"]) == 401
    assert render(server, rotated["key"]) == 200


def test_rotation_with_no_grace(server, bearer):
    created = server.post("/api/v1/keys/", json={"name": "now"}, headers=bearer).json()
    r = server.post(f"/api/v1/keys/{created['id']}/rotate/", json={"grace_hours": 0}, headers=bearer)
    assert r.status_code == 201
    assert render(server, created["key"]) == 401
    assert server.post(f"/api/v1/keys/{created['id']}/rotate/", json={"grace_hours": -1},
                       headers=bearer).status_code == 400


def test_another_users_key_is_not_found(server, bearer):
    stranger = new_user()
    new_key(stranger, name="theirs")
    their_id = ApiKey.get(ApiKey.user == stranger).id
    for method in ("get", "delete"):
        r = getattr(server, method)(f"/api/v1/keys/{their_id}/", headers=bearer)
        assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert server.post(f"/api/v1/keys/{their_id}/rotate/", headers=bearer).status_code == 404
    assert ApiKey.get_by_id(their_id).revoked_at is None
    assert server.get("/api/v1/keys/abc/", headers=bearer).status_code == 404


def test_keys_api_with_a_key_needs_scopes(server, user):
    reader = new_key(user, scopes=["keys:read"])
    renderer_only = new_key(user)
    assert server.get("/api/v1/keys/", headers={"X-API-Key": reader}).status_code == 200
    assert server.post("/api/v1/keys/", json={"name": "x"}, headers={"X-API-Key": reader}).status_code == 403
    assert server.get("/api/v1/keys/", headers={"X-API-Key": renderer_only}).status_code == 403
    writer = new_key(user, scopes=["keys:write"])
    assert server.post("/api/v1/keys/", json={"name": "x", "scopes": ["keys:write"]},
                       headers={"X-API-Key": writer}).status_code == 201
    # pdf:create is the default scope: a key without it cannot mint it
    assert server.post("/api/v1/keys/", json={"name": "x"}, headers={"X-API-Key": writer}).status_code == 403


def test_old_keys_are_flagged_for_rotation(server, user, bearer):
    new_key(user, name="ancient")
    ApiKey.update(created_at=dt.datetime.utcnow() - dt.timedelta(days=120)).where(
        (ApiKey.user == user) & (ApiKey.name == "ancient")).execute()
    keys = {k["name"]: k for k in server.get("/api/v1/keys/", headers=bearer).json()["results"]}
    assert keys["ancient"]["needs_rotation"] is True
