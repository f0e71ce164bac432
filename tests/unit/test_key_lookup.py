"""The prebuilt API-key query returns exactly what peewee's own query returns, and never caches a row."""

from __future__ import annotations

import pytest

from pdflet.db import connect_database, migrate
from pdflet.db.models import ApiKey, User
from pdflet.services.key_lookup import KeyLookup
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
    lookup = KeyLookup()
    ours = lookup(digest)
    theirs = ApiKey.select(ApiKey, User).join(User).where(ApiKey.digest == digest).get()
    assert ours.__data__ == theirs.__data__
    assert ours.user.__data__ == theirs.user.__data__
    assert ours.user.email == user.email and ours.rate_limit == 7 and ours.scope_list == ["pdf:create", "usage:read"]
    assert ours.expires_at > ours.created_at  # datetimes, not SQLite's text
    revoke_key(ApiKey.get_by_id(new.record.id))
    assert lookup(digest).revoked_at is not None
    assert lookup("0" * 64) is None
