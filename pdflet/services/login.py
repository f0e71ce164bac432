"""Logging in with an email and a password, as the JWT API and the admin's login form both do.

The throttle counts a try before the password is verified (parallel guesses cannot race
the check), a failure leaves one audit record whichever door it came through, and a
success gives the IP its try back. :func:`verify_login` blocks (argon2, the database, a
Redis throttle): the front doors run it in a thread, never on the event loop.
"""

from __future__ import annotations

from pdflet.db.models import User
from pdflet.errors import AuthenticationFailed, Throttled
from pdflet.services import audit
from pdflet.services.limits import LoginThrottle
from pdflet.services.passwords import Passwords
from pdflet.services.users import check_credentials

LOGIN_FAILED = "No active account found with the given credentials."  # SimpleJWT's words


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


def verify_login(throttle: LoginThrottle, passwords: Passwords, email: str, password: str, ip: str) -> User:
    """The user whose email and password these are, or :class:`LoginFailed`; blocking.

    Raises:
        Throttled: too many recent tries for this email or IP (nothing was verified).
        LoginFailed: wrong or missing email or password (audited as ``login.failed``).
    """
    names = throttle_names(email, ip)
    attempt = throttle.attempt(names)
    user = check_credentials(passwords, email, password) if email and password else None
    if user is None:
        audit.record("login.failed", ip=ip, detail=audit.login_name(email))
        try:
            throttle.check(names)
        except Throttled as exc:
            raise LoginFailed(lockout=exc) from None
        raise LoginFailed()
    throttle.passed(attempt)
    return user
