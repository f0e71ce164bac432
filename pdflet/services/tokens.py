"""JWT access/refresh tokens bound to server-side sessions.

Each login creates an :class:`AuthSession` row; its id is the ``sid`` claim of every token
of that login, and the row holds a SHA-256 digest of the refresh token's ``jti``. Because
access tokens are checked against the row on every request, logout or revocation stops
them at once rather than when they expire.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
import uuid
from typing import Any

import jwt

from pdflet.db.models import AuthSession, User, utcnow
from pdflet.errors import NotFound, SessionRevoked, TokenExpired, TokenNotValid
from pdflet.services import audit
from pdflet.services.key_lookup import session_lookup
from pdflet.services.principal import SCOPES, Principal

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["exp", "iat", "jti", "sub", "sid", "token_type"]
TOUCH_SECONDS = 60


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class TokenService:
    """Issue, verify and revoke tokens and the sessions they belong to."""

    def __init__(self, secret: str, access_seconds: int = 300, refresh_seconds: int = 86400) -> None:
        self._secret = secret
        self.access_seconds = access_seconds
        self.refresh_seconds = refresh_seconds
        self._touched: dict[str, float] = {}
        self._session = session_lookup()  # prebuilt SQL: every bearer request looks its session up

    # -- encoding ---------------------------------------------------------------------------
    def _encode(self, session: AuthSession, token_type: str, lifetime: int, jti: str | None = None) -> str:
        now = int(time.time())
        claims = {
            "token_type": token_type,
            "exp": now + lifetime,
            "iat": now,
            "jti": jti or uuid.uuid4().hex,
            "sub": str(session.user_id),
            "sid": session.id,
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def decode(self, token: object, token_type: str) -> dict[str, Any]:
        """Verify signature (HS256 only), expiry, required claims and type; any failure is a 401."""
        if not isinstance(token, str) or not token or len(token) > 4096:
            raise TokenNotValid("Token is invalid or expired.")
        try:
            claims = jwt.decode(
                token, self._secret, algorithms=[ALGORITHM],
                options={"require": REQUIRED_CLAIMS, "verify_exp": True, "verify_iat": True},
            )
        except jwt.ExpiredSignatureError:  # PyJWT checks the signature first: only a genuine token gets here
            raise TokenExpired(f"The {token_type} token has expired.") from None
        except jwt.PyJWTError:
            raise TokenNotValid("Token is invalid or expired.") from None
        if claims.get("token_type") != token_type:
            raise TokenNotValid(f"Token has wrong type; expected an {token_type} token.")
        if not isinstance(claims.get("sid"), str) or not isinstance(claims.get("jti"), str):
            raise TokenNotValid("Token is invalid or expired.")
        return claims

    # -- sessions ---------------------------------------------------------------------------
    def login(self, user: User, *, ip: str = "", user_agent: str = "") -> tuple[str, str]:
        """Start a session for ``user`` and return its (access, refresh) pair."""
        jti = uuid.uuid4().hex
        session = AuthSession.create(
            id=uuid.uuid4().hex, user=user, kind="jwt", token_digest=_digest(jti),
            expires_at=utcnow() + dt.timedelta(seconds=self.refresh_seconds),
            ip=ip[:64], user_agent=user_agent[:255],
        )
        audit.record("login", actor=user, target=f"session:{session.id}", ip=ip, detail="jwt")
        refresh = self._encode(session, "refresh", self.refresh_seconds, jti=jti)
        return self._encode(session, "access", self.access_seconds), refresh

    def _live_session(self, claims: dict[str, Any]) -> AuthSession:
        """The token's session, or the error that tells the client what to do: an expired session
        is ``token_expired`` (log in), a logged-out, revoked or deactivated one ``session_revoked``."""
        session = self._session(claims["sid"])
        if session is not None and str(session.user_id) != str(claims["sub"]):
            raise TokenNotValid("Token is invalid or expired.")
        if session is None or session.revoked_at is not None or not session.user.is_active:
            raise SessionRevoked("This session has been logged out or revoked; log in again.")
        if session.expires_at <= utcnow():
            raise TokenExpired("This session has expired; log in again.")
        return session

    def refresh(self, refresh_token: object, *, ip: str = "") -> tuple[str, str]:
        """A new (access, refresh) pair; the presented refresh token is used up.

        Rotation with reuse detection (OAuth 2.1, SimpleJWT's blacklist after rotation): the
        session row keeps the digest of the one current refresh ``jti``. A correctly signed
        refresh token of this session whose ``jti`` is not the current one can only be one we
        issued and already rotated out, so someone is replaying it (a stolen copy, or the thief
        refreshed first): the whole session family is revoked, its access tokens included.
        """
        claims = self.decode(refresh_token, "refresh")
        session = self._live_session(claims)
        presented = _digest(claims["jti"])
        if not hmac.compare_digest(session.token_digest, presented):
            self._reused(session, ip)
        jti = uuid.uuid4().hex
        won = AuthSession.update(token_digest=_digest(jti), last_used_at=utcnow()).where(
            (AuthSession.id == session.id) & (AuthSession.token_digest == presented) & AuthSession.revoked_at.is_null()
        ).execute()
        if not won:  # the same token was refreshed concurrently and the other request won: a replay too
            self._reused(session, ip)
        refresh = self._encode(session, "refresh", self.refresh_seconds, jti=jti)
        return self._encode(session, "access", self.access_seconds), refresh

    def _reused(self, session: AuthSession, ip: str) -> None:
        """A used refresh token came back: end its session family and refuse."""
        self.revoke(session, actor=None, ip=ip)
        audit.record("session.refresh_reuse", actor=session.user, target=f"session:{session.id}", ip=ip)
        raise TokenNotValid("Token is invalid or expired.")

    def authenticate(self, access_token: str) -> Principal:
        claims = self.decode(access_token, "access")
        session = self._live_session(claims)
        self._touch(session)
        return Principal(user=session.user, scopes=frozenset(SCOPES), session_id=session.id)

    def verify(self, token: object) -> None:
        """Check any token (access or refresh) for ``/verify/``, including its session."""
        if not isinstance(token, str):
            raise TokenNotValid("Token is invalid or expired.")
        try:
            header = jwt.get_unverified_header(token)
            kind = jwt.decode(token, options={"verify_signature": False}).get("token_type")
        except jwt.PyJWTError:
            raise TokenNotValid("Token is invalid or expired.") from None
        if header.get("alg") != ALGORITHM or kind not in ("access", "refresh"):
            raise TokenNotValid("Token is invalid or expired.")
        claims = self.decode(token, kind)
        session = self._live_session(claims)
        if kind == "refresh" and not hmac.compare_digest(session.token_digest, _digest(claims["jti"])):
            raise TokenNotValid("Token is invalid or expired.")

    def logout(self, refresh_token: object, *, ip: str = "") -> None:
        claims = self.decode(refresh_token, "refresh")
        session = self._live_session(claims)
        if not hmac.compare_digest(session.token_digest, _digest(claims["jti"])):
            raise TokenNotValid("Token is invalid or expired.")
        self.revoke(session, actor=session.user, ip=ip)

    def _touch(self, session: AuthSession, force: bool = False) -> None:
        mono = time.monotonic()
        if not force and mono - self._touched.get(session.id, -1e9) < TOUCH_SECONDS:
            return
        self._touched[session.id] = mono
        if len(self._touched) > 100_000:
            self._touched.clear()
        AuthSession.update(last_used_at=utcnow()).where(AuthSession.id == session.id).execute()

    # -- browser sessions (the admin's cookie) -----------------------------------------------
    def browser_login(self, user: User, *, ip: str = "", user_agent: str = "",
                      lifetime: int = 12 * 3600) -> tuple[AuthSession, str]:
        """A cookie session: returns the row and the opaque token the cookie carries."""
        token = secrets.token_urlsafe(32)
        session = AuthSession.create(
            id=uuid.uuid4().hex, user=user, kind="browser", token_digest=_digest(token),
            expires_at=utcnow() + dt.timedelta(seconds=lifetime), ip=ip[:64], user_agent=user_agent[:255],
        )
        audit.record("login", actor=user, target=f"session:{session.id}", ip=ip, detail="browser")
        return session, f"{session.id}.{token}"

    def browser_session(self, cookie: str | None, idle_seconds: int = 3600) -> AuthSession | None:
        """The live session a cookie names, or None (expired, idle too long, revoked, or forged)."""
        if not cookie or "." not in cookie:
            return None
        sid, token = cookie.split(".", 1)
        session = (
            AuthSession.select(AuthSession, User).join(User)
            .where((AuthSession.id == sid) & (AuthSession.kind == "browser")).get_or_none()
        )
        now = utcnow()
        if (
            session is None
            or not hmac.compare_digest(session.token_digest, _digest(token))
            or session.revoked_at is not None
            or session.expires_at <= now
            or (now - session.last_used_at).total_seconds() > idle_seconds
            or not session.user.is_active
        ):
            return None
        self._touch(session)
        return session

    # -- listing and revocation ------------------------------------------------------------
    def list_sessions(self, user: User) -> list[AuthSession]:
        return list(
            AuthSession.select()
            .where((AuthSession.user == user) & AuthSession.revoked_at.is_null() & (AuthSession.expires_at > utcnow()))
            .order_by(AuthSession.created_at.desc())
        )

    def get_session(self, user: User, session_id: str) -> AuthSession:
        session = AuthSession.get_or_none((AuthSession.id == str(session_id)[:32]) & (AuthSession.user == user))
        if session is None:
            raise NotFound("No such session.")
        return session

    def revoke(self, session: AuthSession, *, actor: User | None = None, ip: str = "") -> None:
        if session.revoked_at is None:
            AuthSession.update(revoked_at=utcnow()).where(AuthSession.id == session.id).execute()
            session.revoked_at = utcnow()
            audit.record("session.revoke", actor=actor, target=f"session:{session.id}", ip=ip)
