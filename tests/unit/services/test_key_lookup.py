"""The prebuilt API-key query returns exactly what peewee's own query returns, and never caches a row."""

from __future__ import annotations

import pytest

from pdflet.db import connect_database, migrate
from pdflet.db.models import ApiKey, User
from pdflet.services.key_lookup import key_lookup
from pdflet.services.keyformat import key_digest
from pdflet.services.keys import create_key, revoke_key
from tests.helpers import new_user


@pytest.fixture
def sqlite_db(tmp_path):
    from pdflet.db.connection import database_proxy

    previous = database_proxy.obj
    db = connect_database(f"sqlite:///{tmp_path / 'lookup.db'}")
    migrate(db)
    yield db
    db.close()
    if previous is not None:
        database_proxy.initialize(previous)


def test_same_row_as_peewee_and_revocation_is_seen_at_once(sqlite_db):
    user = new_user()
    new = create_key(user, "lookup", expires_days=5, rate_limit=7, scopes=["pdf:create", "usage:read"])
    digest = key_digest(new.secret)
    lookup = key_lookup()
    ours = lookup(digest)
    theirs = ApiKey.select(ApiKey, User).join(User).where(ApiKey.digest == digest).get()
    assert ours.__data__ == theirs.__data__
    assert ours.user.__data__ == theirs.user.__data__
    assert ours.user.email == user.email and ours.rate_limit == 7 and ours.scope_list == ["pdf:create", "usage:read"]
    assert ours.expires_at > ours.created_at  # datetimes, not SQLite's text
    revoke_key(ApiKey.get_by_id(new.record.id))
    assert lookup(digest).revoked_at is not None
    assert lookup("0" * 64) is None


def test_session_lookup_matches_peewee_and_sees_revocation(sqlite_db):
    from pdflet.db.models import AuthSession
    from pdflet.services.key_lookup import session_lookup
    from pdflet.services.tokens import TokenService

    user = new_user()
    tokens = TokenService("s" * 64)
    access, _refresh = tokens.login(user, ip="192.0.2.1", user_agent="test")
    sid = tokens.decode(access, "access")["sid"]
    lookup = session_lookup()
    ours = lookup(sid)
    theirs = AuthSession.select(AuthSession, User).join(User).where(AuthSession.id == sid).get()
    assert ours.__data__ == theirs.__data__ and ours.user.email == user.email
    assert ours.expires_at > ours.created_at
    tokens.revoke(AuthSession.get_by_id(sid))
    assert lookup(sid).revoked_at is not None
    assert lookup("nope") is None
