"""Rate limits per API key and the login-failure throttle, kept in this process.

Both are small sliding-window counters. With ``PDFLET_REDIS_URL`` set,
:mod:`pdflet.services.redis_limits` stands in behind the same methods and shares the
counts across processes and instances; :func:`build_limiters` picks one.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pdflet.config import Settings
from pdflet.errors import Throttled


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_seconds),
        }


class SlidingWindow:
    """Counts events per name over the last ``window`` seconds."""

    def __init__(self, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self._clock = clock
        self._events: dict[str, deque[float]] = {}

    def _prune(self, name: str, now: float) -> deque[float]:
        events = self._events.setdefault(name, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(self._events) > 200_000:  # forget idle names in a long-running process
            for other in [n for n, e in self._events.items() if not e]:
                del self._events[other]
        return events

    def count(self, name: str) -> int:
        return len(self._prune(name, self._clock()))

    def add(self, name: str) -> None:
        now = self._clock()
        self._prune(name, now).append(now)

    def retry_after(self, name: str) -> int:
        events = self._prune(name, self._clock())
        if not events:
            return 0
        return max(1, math.ceil(events[0] + self.window - self._clock()))

    def clear(self, name: str) -> None:
        self._events.pop(name, None)


class RateLimiter:
    """Requests per minute per key (``limit`` 0 = unlimited)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._window = SlidingWindow(60.0, clock)
        self._lock = threading.Lock()  # count-then-add is one step even when called from I/O threads

    def hit(self, name: str, limit: int) -> RateDecision:
        if limit <= 0:
            return RateDecision(True, 0, 0, 0)
        with self._lock:
            used = self._window.count(name)
            if used >= limit:
                return RateDecision(False, limit, 0, self._window.retry_after(name))
            self._window.add(name)
            return RateDecision(True, limit, limit - used - 1, self._window.retry_after(name))


class LoginThrottle:
    """Refuse logins (429) after too many failures within ``window`` seconds.

    Names are ``email:…`` or ``ip:…``; an IP gets more tries than an email because
    several people can share an address (an office behind NAT), while one account
    under attack should lock quickly.
    """

    def __init__(self, allowed: int = 5, window: float = 300.0, clock: Callable[[], float] = time.monotonic,
                 ip_allowed: int = 20) -> None:
        self.allowed = allowed
        self.ip_allowed = ip_allowed
        self._window = SlidingWindow(window, clock)

    def check(self, names: Iterable[str]) -> None:
        for name in names:
            allowed = self.ip_allowed if name.startswith("ip:") else self.allowed
            if self._window.count(name) >= allowed:
                raise Throttled("Too many failed login attempts; try again later.",
                                retry_after=self._window.retry_after(name))

    def failed(self, names: Iterable[str]) -> None:
        for name in names:
            self._window.add(name)

    def succeeded(self, names: Iterable[str]) -> None:
        for name in names:
            self._window.clear(name)


def build_limiters(settings: Settings) -> tuple[RateLimiter, LoginThrottle]:
    """The rate limiter and login throttle for one web process: Redis-backed when configured."""
    if settings.redis_url:
        from pdflet.services import redis_limits

        return redis_limits.build(  # type: ignore[return-value]
            settings.redis_url, login_allowed=settings.login_failures_allowed,
            login_window=settings.login_window_seconds, login_ip_allowed=settings.login_ip_failures_allowed,
        )
    return RateLimiter(), LoginThrottle(
        settings.login_failures_allowed, settings.login_window_seconds, ip_allowed=settings.login_ip_failures_allowed
    )
