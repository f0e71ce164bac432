"""Refresh-token rotation with reuse detection, over HTTP.

Each refresh returns a new pair and uses the old refresh token up; presenting a used one
revokes the whole session (every access and refresh token of that login), as OAuth 2.1 and
SimpleJWT's blacklist-after-rotation advise.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import uuid

import jwt
import pytest

from pdflet.db.models import AuditEvent, AuthSession
from tests.helpers import PASSWORD, new_user


def login(server, user) -> dict[str, str]:
    r = server.post("/api/v1/auth/jwt/create/", json={"email": user.email, "password": PASSWORD},
                    headers={"X-Real-Ip": f"203.0.113.{uuid.uuid4().int % 250 + 1}"})
    assert r.status_code == 200, r.text
    return r.json()


def refresh(server, token: str):
    return server.post("/api/v1/auth/jwt/refresh/", json={"refresh": token})


def works(server, access: str) -> bool:
    return server.get("/api/v1/auth/sessions/", headers={"Authorization": f"Bearer {access}"}).status_code == 200


def test_refresh_rotates_and_stores_only_a_digest(server, db, jwt_secret):
    user = new_user()
    first = login(server, user)
    r = refresh(server, first["refresh"])
    assert r.status_code == 200
    second = r.json()
    assert set(second) == {"access", "refresh"} and second["refresh"] != first["refresh"]
    claims = jwt.decode(second["refresh"], jwt_secret, algorithms=["HS256"])
    old_claims = jwt.decode(first["refresh"], jwt_secret, algorithms=["HS256"])
    assert claims["sid"] == old_claims["sid"] and claims["jti"] != old_claims["jti"]
    row = AuthSession.get_by_id(claims["sid"])
    assert row.token_digest == hashlib.sha256(claims["jti"].encode()).hexdigest()
    assert second["refresh"] not in str(row.__data__) and claims["jti"] not in str(row.__data__)
    third = refresh(server, second["refresh"])  # the new one works, once
    assert third.status_code == 200 and works(server, third.json()["access"])


def test_reusing_a_refresh_token_revokes_the_whole_session(server, db):
    user = new_user()
    stolen = login(server, user)
    rotated = refresh(server, stolen["refresh"]).json()  # the legitimate client refreshes first
    assert works(server, rotated["access"])
    replay = refresh(server, stolen["refresh"])  # the thief replays the used token
    assert replay.status_code == 401 and replay.json()["code"] == "token_not_valid"
    assert not works(server, rotated["access"])  # every token of the family is dead
    assert refresh(server, rotated["refresh"]).status_code == 401
    assert not works(server, stolen["access"])
    assert AuditEvent.select().where((AuditEvent.action == "session.refresh_reuse") & (AuditEvent.actor == user)) \
        .exists()
    other = login(server, user)  # another login of the same user is a different family
    assert works(server, other["access"])


def test_parallel_refreshes_of_one_token_yield_at_most_one_pair(server, db):
    user = new_user()
    pair = login(server, user)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        statuses = [r.status_code for r in pool.map(lambda _: refresh(server, pair["refresh"]), range(8))]
    assert statuses.count(200) <= 1 and all(s in (200, 401) for s in statuses)


def test_a_refresh_that_lost_the_race_revokes_the_session(db):
    """Two requests (two processes) read the session before either rotates it: the second to write must not win.

    The interleaving is pinned by handing the second call the row as it was read before the
    first call rotated it; only the UPDATE's condition on the old digest can refuse it then.
    """
    from pdflet.errors import TokenNotValid
    from pdflet.services.tokens import TokenService

    class SeesTheOldRow(TokenService):
        def _live_session(self, claims):
            return snapshot

    service = TokenService("rotation-race-secret-" + "r" * 20)
    user = new_user()
    _access, refresh_token = service.login(user)
    sid = jwt.decode(refresh_token, options={"verify_signature": False})["sid"]
    snapshot = AuthSession.get_by_id(sid)
    service.refresh(refresh_token)  # the first request rotates
    with pytest.raises(TokenNotValid):  # a stale read must not hand out a second token pair
        SeesTheOldRow("rotation-race-secret-" + "r" * 20).refresh(refresh_token)
    assert AuthSession.get_by_id(sid).revoked_at is not None
