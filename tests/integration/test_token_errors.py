"""RFC 6750 token errors: a client can tell "refresh" (token_expired) from "log in again"
(session_revoked, token_not_valid), and every bearer 401 says so in WWW-Authenticate."""

from __future__ import annotations

import re
import time
import uuid

import jwt
import pytest

from pdflet.db.models import AuthSession
from pdflet.services.users import set_active
from tests.helpers import PASSWORD, new_user

HELLO = {"html": "<h1>Hello</h1>"}
CHALLENGE = re.compile(r'^Bearer realm="pdflet", error="invalid_token", error_description="[^"\\]+"$')


def login(server, email):
    r = server.post("/api/v1/auth/jwt/create/", json={"email": email, "password": PASSWORD},
                    headers={"X-Real-Ip": f"198.51.100.{uuid.uuid4().int % 250 + 1}"})
    assert r.status_code == 200, r.text
    return r.json()


def with_bearer(server, token):
    return server.post("/api/v1/pdf/", json=HELLO, headers={"Authorization": f"Bearer {token}"})


def expired(token: str, secret: str) -> str:
    """The same token, signed with the server's key, but past its ``exp``."""
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["iat"], claims["exp"] = int(time.time()) - 900, int(time.time()) - 600
    return jwt.encode(claims, secret, algorithm="HS256")


def assert_code(r, code):
    assert r.status_code == 401, r.text
    assert r.json()["code"] == code, r.text
    assert CHALLENGE.match(r.headers["WWW-Authenticate"]), r.headers["WWW-Authenticate"]


def test_expired_access_token_says_refresh(server, tokens, jwt_secret):
    r = with_bearer(server, expired(tokens["access"], jwt_secret))
    assert_code(r, "token_expired")
    assert server.post("/api/v1/auth/jwt/refresh/", json={"refresh": tokens["refresh"]}).status_code == 200


def test_expired_refresh_token_says_expired(server, tokens, jwt_secret):
    r = server.post("/api/v1/auth/jwt/refresh/", json={"refresh": expired(tokens["refresh"], jwt_secret)})
    assert_code(r, "token_expired")


def test_expired_session_says_expired(server, user, db):
    pair = login(server, user.email)
    sid = jwt.decode(pair["access"], options={"verify_signature": False})["sid"]
    AuthSession.update(expires_at=AuthSession.created_at).where(AuthSession.id == sid).execute()
    assert_code(server.post("/api/v1/auth/jwt/refresh/", json={"refresh": pair["refresh"]}), "token_expired")


@pytest.mark.parametrize("make", [
    lambda t, s: t[:-3] + ("AAA" if not t.endswith("AAA") else "BBB"),   # bad signature
    lambda t, s: jwt.encode(jwt.decode(t, options={"verify_signature": False}), "x" * 40, algorithm="HS256"),
    lambda t, s: "not.a.jwt",
    lambda t, s: "abc",
])
def test_forged_or_malformed_token_is_not_valid(server, tokens, jwt_secret, make):
    assert_code(with_bearer(server, make(tokens["access"], jwt_secret)), "token_not_valid")


def test_expired_token_with_a_bad_signature_is_not_valid_rather_than_expired(server, tokens):
    assert_code(with_bearer(server, expired(tokens["access"], "y" * 40)), "token_not_valid")


def test_wrong_type_is_not_valid(server, tokens):
    assert_code(with_bearer(server, tokens["refresh"]), "token_not_valid")
    assert_code(server.post("/api/v1/auth/jwt/refresh/", json={"refresh": tokens["access"]}), "token_not_valid")


def test_logged_out_session_says_revoked(server, user):
    pair = login(server, user.email)
    assert server.post("/api/v1/auth/jwt/logout/", json={"refresh": pair["refresh"]}).status_code == 204
    assert_code(with_bearer(server, pair["access"]), "session_revoked")
    assert_code(server.post("/api/v1/auth/jwt/refresh/", json={"refresh": pair["refresh"]}), "session_revoked")


def test_deactivated_user_says_revoked(server, db):
    owner = new_user()
    pair = login(server, owner.email)
    set_active(owner, False)
    assert_code(with_bearer(server, pair["access"]), "session_revoked")


def test_no_credentials_is_a_challenge_without_an_error(server):
    r = server.post("/api/v1/pdf/", json=HELLO)
    assert r.json()["code"] == "not_authenticated"
    assert "error=" not in r.headers["WWW-Authenticate"]


def test_verify_reports_the_same_codes(server, tokens, jwt_secret):
    r = server.post("/api/v1/auth/jwt/verify/", json={"token": expired(tokens["access"], jwt_secret)})
    assert_code(r, "token_expired")
