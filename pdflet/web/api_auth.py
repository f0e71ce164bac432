"""JWT endpoints (SimpleJWT-compatible shapes) and the sessions API."""

from __future__ import annotations

import asyncio

from pdflet.errors import InvalidRequest
from pdflet.services.login import verify_login
from pdflet.services.principal import SESSIONS_SCOPE
from pdflet.web.base import ApiHandler, isoformat


def _string_field(body: dict, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise InvalidRequest(f"'{name}' is required and must be a string.")
    return value


class JwtCreateHandler(ApiHandler):
    route_name = "jwt_create"
    public = True

    async def post(self) -> None:
        body = self.json_body()
        email = _string_field(body, "email")
        password = _string_field(body, "password")
        ip = self.client_ip()
        loop = asyncio.get_running_loop()
        user = await loop.run_in_executor(self.ctx.executor, verify_login, self.ctx.login_throttle,
                                          self.ctx.passwords, email, password, ip)
        access, refresh = self.ctx.tokens.login(
            user, ip=ip, user_agent=self.request.headers.get("User-Agent", "")
        )
        self.write_json({"access": access, "refresh": refresh})


class JwtRefreshHandler(ApiHandler):
    route_name = "jwt_refresh"
    public = True

    def post(self) -> None:
        token = _string_field(self.json_body(), "refresh")
        access, refresh = self.ctx.tokens.refresh(token, ip=self.client_ip())  # the old refresh token is used up
        self.write_json({"access": access, "refresh": refresh})


class JwtVerifyHandler(ApiHandler):
    route_name = "jwt_verify"
    public = True

    def post(self) -> None:
        self.ctx.tokens.verify(_string_field(self.json_body(), "token"))
        self.write_json({})


class JwtLogoutHandler(ApiHandler):
    route_name = "jwt_logout"
    public = True

    def post(self) -> None:
        self.ctx.tokens.logout(_string_field(self.json_body(), "refresh"), ip=self.client_ip())
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
    required_scope = SESSIONS_SCOPE

    def get(self) -> None:
        p = self.principal
        sessions = self.ctx.tokens.list_sessions(p.user)
        self.write_json({"results": [session_json(s, p.session_id) for s in sessions]})


class SessionHandler(ApiHandler):
    route_name = "session"
    required_scope = SESSIONS_SCOPE

    def delete(self, session_id: str) -> None:
        p = self.principal
        session = self.ctx.tokens.get_session(p.user, session_id)
        self.ctx.tokens.revoke(session, actor=p.user, ip=self.client_ip())
        self.set_status(204)
        self.finish()
