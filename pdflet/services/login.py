"""Logging in with an email and a password, as the JWT API and the admin's login form both do.

The throttle counts a try as the request arrives, before its password is verified, so
parallel guesses cannot race the check: forty guesses sent at once are counted at once,
and a success that clears the email's count comes too late to let queued guesses through.
A failure leaves one audit record whichever door it came through, and a success gives the
IP its try back. Nothing here blocks the event loop: a Redis throttle is called through
``run_io``, argon2 and the database through ``run_blocking``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from pdflet.db.models import User
from pdflet.errors import AuthenticationFailed, Throttled
from pdflet.services import audit
from pdflet.services.limits import LoginThrottle
from pdflet.services.passwords import Passwords
from pdflet.services.rate_limiting import call
from pdflet.services.users import check_credentials

LOGIN_FAILED = "No active account found with the given credentials."  # SimpleJWT's words
Runner = Callable[..., Awaitable[Any]]


class LoginFailed(AuthenticationFailed):
    """Wrong email or password (one answer whether the account exists or not).

    ``lockout`` is the throttle's refusal when this try used up the allowance, so a form can
    say so now rather than on the next try; the JSON API answers 401 either way.
    """

    def __init__(self, lockout: Throttled | None = None) -> None:
        super().__init__(LOGIN_FAILED)
        self.lockout = lockout


def throttle_names(email: str, ip: str) -> list[str]:
    """The counters a login try is charged to: the (normalised) email and the client's IP."""
    return [f"email:{email.strip().lower()[:254]}", f"ip:{ip}"]


def check_password(passwords: Passwords, email: str, password: str, ip: str) -> User | None:
    """The user, or None after recording the failure in the audit trail; blocking (argon2, database)."""
    user = check_credentials(passwords, email, password) if email and password else None
    if user is None:
        audit.record("login.failed", ip=ip, detail=audit.login_name(email))
    return user


async def verify_login(throttle: LoginThrottle, passwords: Passwords, email: str, password: str, ip: str, *,
                       run_io: Runner, run_blocking: Runner) -> User:
    """The user whose email and password these are.

    Raises:
        Throttled: too many recent tries for this email or IP (nothing was verified).
        LoginFailed: wrong or missing email or password (audited as ``login.failed``).
    """
    names = throttle_names(email, ip)
    attempt = await call(throttle, run_io, throttle.attempt, names)
    user = await run_blocking(check_password, passwords, email, password, ip)
    if user is None:
        try:
            await call(throttle, run_io, throttle.check, names)
        except Throttled as exc:
            raise LoginFailed(lockout=exc) from None
        raise LoginFailed()
    await call(throttle, run_io, throttle.passed, attempt)
    return user
