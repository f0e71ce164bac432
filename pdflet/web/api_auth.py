"""JWT endpoints (SimpleJWT-compatible shapes) and the sessions API."""

from __future__ import annotations

from pdflet.services.login import verify_login
from pdflet.services.principal import SESSIONS_SCOPE
from pdflet.web.base import ApiHandler, isoformat
from pdflet.web.declare import (
    AUTH_ERRORS,
    BODY_ERRORS,
    LOGIN_SECURITY,
    SESSION_ID,
    TEXT,
    Operation,
    error,
    ok,
    ref,
    results,
)


def _fields(*names: str) -> dict:
    """A body holding the named non-empty strings (other fields are ignored, as SimpleJWT does)."""
    return {"type": "object", "required": list(names), "properties": dict.fromkeys(names, TEXT)}


PAIR = ok("Token pair", ref("TokenPair"))


class JwtCreateHandler(ApiHandler):
    route_name = "jwt_create"
    public = True
    operations = {"POST": Operation(
        "createToken", "Log in: email and password for a token pair", None, body=_fields("email", "password"),
        responses={"200": PAIR, **BODY_ERRORS, "401": error("Wrong credentials"), "429": error("Too many failures")},
    )}

    async def post(self) -> None:
        body = self.json_body()
        email, password = body["email"], body["password"]
        ip = self.client_ip()
        user = await verify_login(self.ctx.login_throttle, self.ctx.passwords, email, password, ip,
                                  run_io=self.run_io, run_blocking=self.run_blocking)
        access, refresh = self.ctx.tokens.login(
            user, ip=ip, user_agent=self.request.headers.get("User-Agent", "")
        )
        self.write_json({"access": access, "refresh": refresh})


class JwtRefreshHandler(ApiHandler):
    route_name = "jwt_refresh"
    public = True
    operations = {"POST": Operation(
        "refreshToken", "A new token pair from a refresh token (rotated: the old one is used up; reusing it "
        "revokes the session)", None, body=_fields("refresh"),
        responses={"200": PAIR, **BODY_ERRORS, "401": error("Invalid refresh token")},
    )}

    def post(self) -> None:
        token = self.json_body()["refresh"]
        access, refresh = self.ctx.tokens.refresh(token, ip=self.client_ip())  # the old refresh token is used up
        self.write_json({"access": access, "refresh": refresh})


class JwtVerifyHandler(ApiHandler):
    route_name = "jwt_verify"
    public = True
    operations = {"POST": Operation(
        "verifyToken", "Check a token", None, body=_fields("token"),
        responses={"200": ok("Valid", ref("Empty")), **BODY_ERRORS, "401": error("Invalid token")},
    )}

    def post(self) -> None:
        self.ctx.tokens.verify(self.json_body()["token"])
        self.write_json({})


class JwtLogoutHandler(ApiHandler):
    route_name = "jwt_logout"
    public = True
    operations = {"POST": Operation(
        "logout", "End the session of a refresh token", None, body=_fields("refresh"),
        responses={"204": ok("Logged out"), **BODY_ERRORS, "401": error("Invalid token")},
    )}

    def post(self) -> None:
        self.ctx.tokens.logout(self.json_body()["refresh"], ip=self.client_ip())
        self.set_status(204)
        self.finish()


def session_json(session, current: str | None) -> dict:
    return {
        "id": session.id,
        "kind": session.kind,
        "created_at": isoformat(session.created_at),
        "last_used_at": isoformat(session.last_used_at),
        "expires_at": isoformat(session.expires_at),
        "ip": session.ip,
        "user_agent": session.user_agent,
        "current": session.id == current,
    }


class SessionsHandler(ApiHandler):
    """A user's logins. Only a login may manage logins: no API key holds ``sessions`` (see Principal)."""

    route_name = "sessions"
    operations = {"GET": Operation(
        "listSessions", "The caller's live sessions (bearer tokens only, no API key)", SESSIONS_SCOPE,
        security=LOGIN_SECURITY, responses={"200": ok("Sessions", results("Session")), **AUTH_ERRORS},
    )}

    def get(self) -> None:
        p = self.principal
        sessions = self.ctx.tokens.list_sessions(p.user)
        self.write_json({"results": [session_json(s, p.session_id) for s in sessions]})


class SessionHandler(ApiHandler):
    route_name = "session"
    operations = {"DELETE": Operation(
        "revokeSession", "Revoke one session (its tokens stop at once)", SESSIONS_SCOPE, security=LOGIN_SECURITY,
        parameters=(SESSION_ID,), responses={"204": ok("Revoked"), **AUTH_ERRORS, "404": error("No such session")},
    )}

    def delete(self, session_id: str) -> None:
        p = self.principal
        session = self.ctx.tokens.get_session(p.user, session_id)
        self.ctx.tokens.revoke(session, actor=p.user, ip=self.client_ip())
        self.set_status(204)
        self.finish()
