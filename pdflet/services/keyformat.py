"""The API key format of the contract: ``pk_live_``/``pk_test_`` + 26 random + 6 checksum characters.

The checksum lets a mistyped or truncated key be refused before any database look-up,
so garbage in the ``X-API-Key`` header costs a CRC, not a query.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import zlib

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
PREFIXES = {"live": "pk_live_", "test": "pk_test_"}
BODY_LEN, CHECK_LEN = 26, 6
_KEY = re.compile(r"^pk_(live|test)_([a-z0-9]{32})$")


def _base36(value: int, width: int) -> str:
    digits = []
    for _ in range(width):
        value, rest = divmod(value, 36)
        digits.append(ALPHABET[rest])
    return "".join(reversed(digits))


def checksum(body: str) -> str:
    """``zlib.crc32`` of the 26 body characters, modulo 36**6, in zero-padded base36."""
    return _base36(zlib.crc32(body.encode("ascii")) % 36**CHECK_LEN, CHECK_LEN)


def generate_key(mode: str = "live") -> str:
    """A fresh key: 26 characters from ``secrets`` (134 bits) plus their checksum."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LEN))
    return f"{PREFIXES[mode]}{body}{checksum(body)}"


def parse_key(key: str) -> str | None:
    """The key's mode (``live``/``test``) if it is well-formed with a valid checksum, else None."""
    match = _KEY.match(key)
    if not match:
        return None
    tail = match.group(2)
    if not secrets.compare_digest(checksum(tail[:BODY_LEN]), tail[BODY_LEN:]):
        return None
    return match.group(1)


def key_digest(key: str) -> str:
    """SHA-256 hex digest: what the database stores and looks up instead of the key."""
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def display_parts(key: str) -> tuple[str, str]:
    """(prefix, last 4) for showing a key without revealing it: ``pk_live_a1b2`` and ``o5p6``."""
    return key[:12], key[-4:]
