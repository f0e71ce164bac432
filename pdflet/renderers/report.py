"""The render report: what a render dropped, refused or replaced, told to the caller instead of hidden.

A warning is a plain dict ``{"type": "resource"|"font"|"css"|"limit", "message": ..., ...}`` so it pickles
across the worker boundary and serialises to JSON as is. The same warning is kept once (a missing logo used
on every page is one warning, with a count), and a report holds at most :data:`MAX_WARNINGS` distinct ones:
a hostile document cannot grow the response without bound.
"""

from __future__ import annotations

from typing import Any

MAX_WARNINGS = 100
TYPES = frozenset({"resource", "font", "css", "limit"})


class RenderReport:
    """Collects the warnings of one render."""

    def __init__(self) -> None:
        self._items: dict[tuple[Any, ...], dict[str, Any]] = {}
        self.dropped = 0

    def warn(self, kind: str, message: str, **details: Any) -> None:
        """Record a warning; repeats of the same one only raise its ``count``."""
        if kind not in TYPES:
            raise ValueError(f"unknown warning type {kind!r}")
        key = (kind, message, *sorted((k, repr(v)) for k, v in details.items()))
        found = self._items.get(key)
        if found is not None:
            found["count"] = found.get("count", 1) + 1
            return
        if len(self._items) >= MAX_WARNINGS:
            self.dropped += 1
            return
        self._items[key] = {"type": kind, "message": message, **details}

    def __len__(self) -> int:
        return len(self._items) + (1 if self.dropped else 0)

    def warnings(self) -> list[dict[str, Any]]:
        """The warnings in the order they happened (plus one saying how many were left out)."""
        out = [dict(item) for item in self._items.values()]
        if self.dropped:
            out.append({"type": "limit", "message": f"{self.dropped} more warnings were left out of this report."})
        return out
