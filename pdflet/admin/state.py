"""Short-lived, per-process memory of the admin: one-time messages and PDF previews.

Both are owned by the application (built in :func:`pdflet.admin.routes.admin_routes`),
never module globals. They hold things that must not outlive a page view: the full API
key shown once after a plain-HTML form post (Post/Redirect/Get), and rendered PDFs of
"Try it" served to an ``<iframe>``.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Flash:
    """A message for the next page of one browser session; ``secret`` is a just-created API key."""

    kind: str  # "ok" | "error"
    text: str
    secret: str | None = None
    key_name: str | None = None


class FlashStore:
    """One-time messages keyed by browser session id; read once, then gone."""

    def __init__(self, ttl: float = 120.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._items: dict[str, tuple[float, list[Flash]]] = {}

    def add(self, session_id: str, flash: Flash) -> None:
        self._prune()
        _, items = self._items.get(session_id, (0.0, []))
        self._items[session_id] = (self._clock(), [*items, flash][-5:])

    def pop(self, session_id: str) -> list[Flash]:
        self._prune()
        return self._items.pop(session_id, (0.0, []))[1]

    def _prune(self) -> None:
        cutoff = self._clock() - self.ttl
        for sid in [s for s, (at, _) in self._items.items() if at < cutoff]:
            del self._items[sid]


@dataclass
class Preview:
    user_id: int
    data: bytes
    filename: str
    pages: int
    created: float = field(default_factory=time.monotonic)


class PreviewStore:
    """Rendered "Try it" PDFs, reachable by an unguessable token and only by their owner.

    Bounded in count and age so previews cannot pile up in the web process.
    """

    def __init__(self, max_items: int = 32, ttl: float = 600.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_items = max_items
        self.ttl = ttl
        self._clock = clock
        self._items: OrderedDict[str, Preview] = OrderedDict()

    def put(self, preview: Preview) -> str:
        self._prune()
        token = secrets.token_urlsafe(18)
        preview.created = self._clock()
        self._items[token] = preview
        while len(self._items) > self.max_items:
            self._items.popitem(last=False)
        return token

    def get(self, user_id: int, token: str) -> Preview | None:
        self._prune()
        preview = self._items.get(token)
        if preview is None or preview.user_id != user_id:
            return None
        return preview

    def _prune(self) -> None:
        cutoff = self._clock() - self.ttl
        for token in [t for t, p in self._items.items() if p.created < cutoff]:
            del self._items[token]


@dataclass
class AdminState:
    """Everything the admin keeps between requests in this process."""

    flashes: FlashStore = field(default_factory=FlashStore)
    previews: PreviewStore = field(default_factory=PreviewStore)
