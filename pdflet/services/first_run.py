"""First run: while there is no user at all, a one-time link lets the first admin be created in a browser.

``pdflet serve`` makes a random token when the database has no user and prints
``/admin/setup/<token>``; the link works until an account exists (from it, or from
``pdflet createuser``) or for an hour, whichever comes first, so a leaked start-up log
is not a standing way in. Nothing is stored: a restart makes a new token.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

from pdflet.db.models import User
from pdflet.errors import InvalidRequest, NotFound
from pdflet.services.passwords import Passwords
from pdflet.services.users import create_user

LIFETIME_SECONDS = 3600
_create_lock = threading.Lock()  # two browsers posting at once: only the first becomes the admin


@dataclass
class SetupToken:
    """The secret of one setup link and when it stops working (wall-clock seconds)."""

    value: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    expires_at: float = field(default_factory=lambda: time.time() + LIFETIME_SECONDS)

    def matches(self, presented: object) -> bool:
        return (isinstance(presented, str) and time.time() < self.expires_at
                and hmac.compare_digest(presented.encode(), self.value.encode()))


def needs_setup() -> bool:
    """True while the database has no user at all."""
    return not User.select().exists()


def setup_token_if_needed() -> SetupToken | None:
    """A fresh token when the database has no user; None otherwise."""
    return SetupToken() if needs_setup() else None


def check_link(token: SetupToken | None, presented: object) -> None:
    """Raise NotFound unless ``presented`` opens a setup link that is still usable."""
    if token is None or not token.matches(presented) or not needs_setup():
        raise NotFound("This setup link has expired or was already used.")


def create_first_admin(passwords: Passwords, token: SetupToken | None, presented: object, email: object,
                       password: object, password_again: object) -> User:
    """The first staff user, with the CLI's email and password rules. Blocking (argon2): run it off the loop."""
    if password != password_again:
        raise InvalidRequest("The two passwords do not match.")
    with _create_lock:
        check_link(token, presented)
        return create_user(passwords, email, password, is_staff=True)
