"""Public ids of jobs and events: a prefix and 24 random characters of ``[a-z0-9]`` (about 124 bits)."""

from __future__ import annotations

import re
import secrets
import string

_ALPHABET = string.ascii_lowercase + string.digits


_SPACE = len(_ALPHABET) ** 24


def new_id(prefix: str) -> str:
    """One uniform draw from the 36**24 ids, written in base 36 (24 draws of a character cost ~20x as much)."""
    value = secrets.randbelow(_SPACE)
    chars = []
    for _ in range(24):
        value, digit = divmod(value, 36)
        chars.append(_ALPHABET[digit])
    return prefix + "_" + "".join(chars)


def is_id(value: str, prefix: str) -> bool:
    """Shape check before any database look-up (a 10 KB path segment never reaches a query)."""
    return bool(re.fullmatch(prefix + r"_[a-z0-9]{24}", value))
