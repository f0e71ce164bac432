"""Who is calling: the authenticated user and what they may do."""

from __future__ import annotations

from dataclasses import dataclass

from pdflet.db.models import ApiKey, User
from pdflet.errors import PermissionDenied

SCOPES = ("pdf:create", "keys:read", "keys:write", "usage:read")
DEFAULT_SCOPES = ("pdf:create",)
# Listing and revoking logins (IPs, user agents): held by every login (bearer token, browser
# session) and by no API key, whatever its scopes -- a leaked key must not see or end sessions.
SESSIONS_SCOPE = "sessions"


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: through an API key (``key`` set) or a bearer token / browser session."""

    user: User
    scopes: frozenset[str]
    key: ApiKey | None = None
    session_id: str | None = None

    @property
    def is_test(self) -> bool:
        return self.key is not None and self.key.mode == "test"

    def holds(self, scope: str) -> bool:
        if scope == SESSIONS_SCOPE:
            return self.key is None
        return scope in self.scopes
    def share_names(self) -> tuple[str, ...]:
        """The names its renders in flight are counted under (fair sharing): its key, if any, then its user."""
        user = f"user:{self.user.id}"
        return (f"key:{self.key.id}", user) if self.key is not None else (user,)

    def require(self, scope: str) -> None:
        if not self.holds(scope):
            raise PermissionDenied(f"This credential lacks the {scope!r} scope.")

    def require_staff(self) -> None:
        if not self.user.is_staff:
            raise PermissionDenied("Only staff may do this.")
