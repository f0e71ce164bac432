"""Public ids of jobs and events: a prefix and 24 random characters of ``[a-z0-9]`` (about 124 bits)."""

from __future__ import annotations

import re
import secrets
import string

_ALPHABET = string.ascii_lowercase + string.digits


def new_id(prefix: str) -> str:
    return prefix + "_" + "".join(secrets.choice(_ALPHABET) for _ in range(24))


def is_id(value: str, prefix: str) -> bool:
    """Shape check before any database look-up (a 10 KB path segment never reaches a query)."""
    return bool(re.fullmatch(prefix + r"_[a-z0-9]{24}", value))
