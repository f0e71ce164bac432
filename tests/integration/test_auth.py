"""Authentication over HTTP: API keys and JWTs, the good path and the attacks of the contract."""

from __future__ import annotations

import base64
import datetime as dt
import json
import time
import uuid

import jwt
import pytest

from pdflet.db.models import ApiKey, AuthSession, User
from pdflet.services.keyformat import checksum, generate_key
from pdflet.services.users import set_active
from tests.helpers import FAST, PASSWORD, new_key, new_user

HELLO = {"html": "<h1>Hello</h1>"}


def pdf(server, headers):
    return server.post("/api/v1/pdf/", json=HELLO, headers=headers)


def login(server, email, password=PASSWORD, ip=None):
    """Log in from ``ip`` (a fresh documentation-range address by default, so throttling stays per test)."""
    ip = ip or f"203.0.113.{uuid.uuid4().int % 250 + 1}"
    headers = {"X-Real-Ip": ip}
    return server.post("/api/v1/auth/jwt/create/", json={"email": email, "password": password}, headers=headers)


# -- API keys -----------------------------------------------------------------------------------

def test_no_credentials(server):
    r = pdf(server, {})
    assert r.status_code == 401
    assert r.json()["code"] == "not_authenticated"
    assert "Bearer" in r.headers["WWW-Authenticate"]


@pytest.mark.parametrize("bad", [
    "pk_live_short",
    "sk_live_" + "a" * 32,
    "pk_live_" + "A" * 32,
    "pk_live_" + "a" * 26 + "000000",  # wrong checksum
    "",
    "pk_live_" + "a" * 26 + checksum("a" * 26) + "x",
])
def test_malformed_keys_are_refused(server, bad):
    r = pdf(server, {"X-API-Key": bad})
    assert r.status_code == 401
    assert r.json() == {"detail": "Invalid API key.", "code": "authentication_failed"}


def test_unknown_and_revoked_keys_look_the_same(server, user):
    unknown = pdf(server, {"X-API-Key": generate_key()})
    key = new_key(user)
    ApiKey.update(revoked_at=dt.datetime(2020, 1, 1)).where(ApiKey.user == user).execute()
    revoked = pdf(server, {"X-API-Key": key})
    assert unknown.status_code == revoked.status_code == 401
    assert unknown.json() == revoked.json()


def test_expired_key(server, user):
    key = new_key(user)
    ApiKey.update(expires_at=dt.datetime(2020, 1, 1)).where(ApiKey.user == user).execute()
    assert pdf(server, {"X-API-Key": key}).status_code == 401


def test_key_of_a_deactivated_user_stops_at_once(server, db):
    owner = new_user()
    key = new_key(owner)
    assert pdf(server, {"X-API-Key": key}).status_code == 200
    set_active(owner, False)
    assert pdf(server, {"X-API-Key": key}).status_code == 401


def test_missing_scope_is_403(server, user):
    key = new_key(user, scopes=["keys:read"])
    r = pdf(server, {"X-API-Key": key})
    assert r.status_code == 403
    assert r.json()["code"] == "permission_denied"
    assert "pdf:create" in r.json()["detail"]


def test_last_used_is_recorded(server, user):
    key = new_key(user)
    assert pdf(server, {"X-API-Key": key}).status_code == 200
    record = ApiKey.get(ApiKey.user == user)
    assert record.last_used_at is not None


def test_only_the_digest_is_stored(server, user):
    key = new_key(user)
    record = ApiKey.get(ApiKey.user == user)
    assert key not in json.dumps(record.__data__, default=str)
    assert record.prefix == key[:12] and record.last4 == key[-4:]


# -- JWT: the flow ----------------------------------------------------------------------------

def test_jwt_create_refresh_render(server, user):
    r = login(server, user.email)
    assert r.status_code == 200
    pair = r.json()
    assert set(pair) == {"access", "refresh"}
    r = server.post("/api/v1/auth/jwt/refresh/", json={"refresh": pair["refresh"]})
    assert r.status_code == 200 and set(r.json()) == {"access", "refresh"}  # rotated: a new refresh token too
    assert pdf(server, {"Authorization": f"Bearer {r.json()['access']}"}).status_code == 200
    assert server.post("/api/v1/auth/jwt/verify/", json={"token": pair["access"]}).json() == {}
    assert server.post("/api/v1/auth/jwt/verify/", json={"token": r.json()["refresh"]}).status_code == 200
    assert server.post("/api/v1/auth/jwt/verify/", json={"token": pair["refresh"]}).status_code == 401  # used up


def test_token_claims_and_lifetimes(tokens, jwt_secret):
    access = jwt.decode(tokens["access"], jwt_secret, algorithms=["HS256"])
    refresh = jwt.decode(tokens["refresh"], jwt_secret, algorithms=["HS256"])
    assert access["token_type"] == "access" and refresh["token_type"] == "refresh"
    assert access["exp"] - access["iat"] == 300
    assert refresh["exp"] - refresh["iat"] == 86400
    assert access["sid"] == refresh["sid"]
    assert {"jti", "sub"} <= set(access)
    session = AuthSession.get_by_id(access["sid"])
    assert refresh["jti"] not in session.token_digest  # a digest, never the id itself
    assert tokens["refresh"] not in json.dumps(session.__data__, default=str)


def test_logout_stops_refresh_and_access_at_once(server, tokens):
    bearer = {"Authorization": f"Bearer {tokens['access']}"}
    assert pdf(server, bearer).status_code == 200
    r = server.post("/api/v1/auth/jwt/logout/", json={"refresh": tokens["refresh"]})
    assert r.status_code == 204
    assert pdf(server, bearer).status_code == 401
    assert server.post("/api/v1/auth/jwt/refresh/", json={"refresh": tokens["refresh"]}).status_code == 401
    assert server.post("/api/v1/auth/jwt/verify/", json={"token": tokens["access"]}).status_code == 401


def test_sessions_list_and_revoke(server, user):
    first = login(server, user.email).json()
    second = login(server, user.email).json()
    bearer = {"Authorization": f"Bearer {first['access']}"}
    r = server.get("/api/v1/auth/sessions/", headers=bearer)
    assert r.status_code == 200
    sessions = r.json()["results"]
    assert len(sessions) >= 2
    assert {"id", "created_at", "last_used_at", "ip", "user_agent"} <= set(sessions[0])
    assert sum(s["current"] for s in sessions) == 1
    other_sid = jwt.decode(second["access"], options={"verify_signature": False})["sid"]
    assert server.delete(f"/api/v1/auth/sessions/{other_sid}/", headers=bearer).status_code == 204
    assert pdf(server, {"Authorization": f"Bearer {second['access']}"}).status_code == 401
    assert pdf(server, bearer).status_code == 200
    assert server.delete("/api/v1/auth/sessions/nope/", headers=bearer).status_code == 404


def test_cannot_revoke_another_users_session(server, user, bearer):
    stranger = new_user()
    theirs = login(server, stranger.email).json()
    sid = jwt.decode(theirs["access"], options={"verify_signature": False})["sid"]
    assert server.delete(f"/api/v1/auth/sessions/{sid}/", headers=bearer).status_code == 404
    assert pdf(server, {"Authorization": f"Bearer {theirs['access']}"}).status_code == 200


# -- JWT: attacks -------------------------------------------------------------------------------

def claims_for(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def forge(claims: dict, key: str, algorithm: str = "HS256", headers: dict | None = None) -> str:
    return jwt.encode(claims, key, algorithm=algorithm, headers=headers)


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def assert_token_refused(server, token):
    r = pdf(server, {"Authorization": f"Bearer {token}"})
    assert r.status_code == 401, r.text
    assert r.json()["code"] in ("token_not_valid", "not_authenticated")


def test_alg_none_is_refused(server, tokens):
    claims = claims_for(tokens["access"])
    token = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."
    assert_token_refused(server, token)


def test_hs512_is_refused(server, tokens, jwt_secret):
    assert_token_refused(server, forge(claims_for(tokens["access"]), jwt_secret, "HS512"))


def test_another_secret_is_refused(server, tokens):
    assert_token_refused(server, forge(claims_for(tokens["access"]), "not-the-secret-" * 4))


@pytest.mark.parametrize("claim", ["exp", "jti", "token_type", "sid", "sub", "iat"])
def test_missing_claims_are_refused(server, tokens, jwt_secret, claim):
    claims = claims_for(tokens["access"])
    del claims[claim]
    assert_token_refused(server, forge(claims, jwt_secret))


def test_expired_token_is_refused(server, tokens, jwt_secret):
    claims = claims_for(tokens["access"])
    claims["iat"], claims["exp"] = int(time.time()) - 900, int(time.time()) - 600
    r = pdf(server, {"Authorization": f"Bearer {forge(claims, jwt_secret)}"})
    assert r.status_code == 401 and r.json()["code"] == "token_expired", r.text


def test_tampered_payload_is_refused(server, tokens):
    header, _payload, signature = tokens["access"].split(".")
    claims = claims_for(tokens["access"])
    claims["sub"] = "1"
    assert_token_refused(server, f"{header}.{b64(claims)}.{signature}")


def test_kid_with_a_path_changes_nothing(server, tokens, jwt_secret):
    token = forge(claims_for(tokens["access"]), "x" * 32, headers={"kid": "../../../../dev/null"})
    assert_token_refused(server, token)


def test_refresh_token_is_not_an_access_token(server, tokens):
    assert_token_refused(server, tokens["refresh"])


def test_access_token_is_not_a_refresh_token(server, tokens):
    r = server.post("/api/v1/auth/jwt/refresh/", json={"refresh": tokens["access"]})
    assert r.status_code == 401 and r.json()["code"] == "token_not_valid"


def test_token_of_a_deactivated_user(server, db):
    owner = new_user()
    pair = login(server, owner.email).json()
    set_active(owner, False)
    r = pdf(server, {"Authorization": f"Bearer {pair['access']}"})
    assert r.status_code == 401 and r.json()["code"] == "session_revoked", r.text
    assert server.post("/api/v1/auth/jwt/refresh/", json={"refresh": pair["refresh"]}).status_code == 401


def test_token_of_a_deleted_user(server, db):
    owner = new_user()
    pair = login(server, owner.email).json()
    User.delete().where(User.id == owner.id).execute()
    r = pdf(server, {"Authorization": f"Bearer {pair['access']}"})
    assert r.status_code == 401 and r.json()["code"] in ("session_revoked", "token_not_valid"), r.text


def test_token_for_a_forged_session(server, tokens, jwt_secret):
    claims = claims_for(tokens["access"])
    claims["sid"] = uuid.uuid4().hex
    r = pdf(server, {"Authorization": f"Bearer {forge(claims, jwt_secret)}"})
    assert r.status_code == 401 and r.json()["code"] == "session_revoked", r.text


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc", "Bearer a.b.c"])
def test_malformed_authorization_headers(server, header):
    r = pdf(server, {"Authorization": header})
    assert r.status_code == 401


# -- login errors and throttling ----------------------------------------------------------------

def test_unknown_email_and_wrong_password_look_the_same(server, user):
    wrong = login(server, user.email, "not the password", ip="198.51.100.1")
    unknown = login(server, "nobody-" + uuid.uuid4().hex[:6] + "@example.com", ip="198.51.100.2")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


@pytest.mark.parametrize("body", [{}, {"email": "a@b.co"}, {"email": 1, "password": "x"}, {"password": "x"}])
def test_login_bad_bodies(server, body):
    r = server.post("/api/v1/auth/jwt/create/", json=body)
    assert r.status_code == 400 and r.json()["code"] == "invalid_request"


def test_repeated_failures_for_an_email_are_throttled(server, db):
    victim = new_user()
    for _ in range(5):
        assert login(server, victim.email, "wrong password!").status_code == 401
    r = login(server, victim.email)  # even the right password waits
    assert r.status_code == 429
    assert r.json()["code"] == "throttled"
    assert int(r.headers["Retry-After"]) > 0


def test_repeated_failures_from_an_ip_are_throttled(server, db):
    ip = f"198.51.100.{uuid.uuid4().int % 200 + 20}"
    for _ in range(20):
        assert login(server, f"x{uuid.uuid4().hex[:8]}@example.com", "wrong password!", ip=ip).status_code == 401
    assert login(server, new_user().email, ip=ip).status_code == 429
    assert login(server, new_user().email, ip="192.0.2.77").status_code == 200


def test_inactive_user_cannot_log_in(server, db):
    owner = new_user()
    set_active(owner, False)
    assert login(server, owner.email).status_code == 401


def test_password_hashes_are_argon2id(server, user):
    assert User.get_by_id(user.id).password_hash.startswith("$argon2id$")
    assert FAST.verify(User.get_by_id(user.id).password_hash, PASSWORD)
