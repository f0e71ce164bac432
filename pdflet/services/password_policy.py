"""Which passwords pdflet refuses: too short or long, one of the 10,000 most common, or built on the email.

The list is bundled (``data/common-passwords.txt``, source and licence in ``data/README.md``)
rather than taken from a strength library: a fixed set answers in constant time with no
dependency, and "refuse the passwords attackers try first" is exactly what a guesser's
dictionary is. It is compared case-insensitively, so ``Password`` goes with ``password``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pdflet.errors import InvalidRequest

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024  # argon2 hashes anything, but a megabyte password is an attack, not a password
MIN_LOCAL_PART = 3  # "jo@x.io" must not ban every password with "jo" in it
COMMON_PASSWORDS = Path(__file__).with_name("data") / "common-passwords.txt"


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The bundled list, read once per process (about 10,000 short strings)."""
    return frozenset(COMMON_PASSWORDS.read_text(encoding="utf-8").split())


def validate_password(password: object, email: str | None = None) -> str:
    """``password`` if the policy accepts it for the account ``email``, else :class:`InvalidRequest`."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidRequest(f"The password must be at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidRequest(f"The password must be at most {MAX_PASSWORD_LENGTH} characters.")
    folded = password.casefold()
    if folded in common_passwords() or folded.strip() in common_passwords():
        raise InvalidRequest("This password is one of the most common passwords; choose another.")
    if email:
        address = email.strip().casefold()
        local = address.split("@", 1)[0]
        if address in folded or (len(local) >= MIN_LOCAL_PART and local in folded):
            raise InvalidRequest("The password must not contain the email address or its name part.")
    return password
