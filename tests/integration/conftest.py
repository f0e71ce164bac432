"""Integration fixtures: users and keys in the running server's database, and JWT helpers."""

from __future__ import annotations

import pytest

from tests.helpers import PASSWORD, new_key, new_user


@pytest.fixture
def user(db):
    return new_user()


@pytest.fixture
def api_key(user) -> str:
    return new_key(user, scopes=["pdf:create", "keys:read", "keys:write", "usage:read"])


@pytest.fixture
def key_headers(api_key) -> dict[str, str]:
    return {"X-API-Key": api_key}


@pytest.fixture
def tokens(server, user) -> dict[str, str]:
    r = server.post("/api/v1/auth/jwt/create/", json={"email": user.email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture
def bearer(tokens) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access']}"}


@pytest.fixture
def jwt_secret(server) -> str:
    from pdflet.services.signing import derive

    secret = (server.data_dir / "secret_key").read_text().strip()
    return derive(secret, "jwt")
