"""The look-ups every authenticated request pays: an API key by digest, a JWT's session by id."""

from __future__ import annotations

from pdflet.db.lookup import JoinedLookup
from pdflet.db.models import ApiKey, AuthSession, User


def key_lookup() -> JoinedLookup[ApiKey]:
    """``lookup(digest)`` -> the ``ApiKey`` with that digest (its ``user`` loaded), or None."""
    return JoinedLookup(ApiKey, User, ApiKey.digest, "user")


def session_lookup() -> JoinedLookup[AuthSession]:
    """``lookup(session_id)`` -> the ``AuthSession`` (its ``user`` loaded), or None."""
    return JoinedLookup(AuthSession, User, AuthSession.id, "user")
