"""Row ids as they arrive from URLs and forms."""

from __future__ import annotations

MAX_ROW_ID = 2**63 - 1  # BIGINT / SQLite INTEGER: a larger number overflows the driver (a 500, not a 404)


def row_id(value: object) -> int | None:
    """A positive integer id the database can hold, or None for anything else (letters, signs, 2**64...)."""
    raw = str(value)
    if not (raw.isascii() and raw.isdigit()):
        return None
    number = int(raw)
    return number if 0 < number <= MAX_ROW_ID else None
