"""Rate limits per API key and the login-failure throttle, kept in this process.

Both are small sliding-window counters. With ``PDFLET_REDIS_URL`` set,
:mod:`pdflet.services.redis_limits` stands in behind the same methods and shares the
counts across processes and instances; :func:`pdflet.services.limiters.build_limiters` picks
one (in a module of its own, so this one and the Redis one do not import each other).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

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

    def add(self, name: str) -> float:
        """Record one event now; the returned stamp lets :meth:`discard` take it back."""
        now = self._clock()
        self._prune(name, now).append(now)
        return now

    def discard(self, name: str, stamp: float) -> None:
        """Take back one event recorded at ``stamp`` (a no-op once it left the window)."""
        events = self._events.get(name)
        if events is not None and stamp in events:
            events.remove(stamp)

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


@dataclass(frozen=True)
class LoginAttempt:
    """A login try already counted against each of ``names``; ``tickets`` let a success take it back."""

    names: tuple[str, ...]
    tickets: tuple[object, ...]


class LoginThrottle:
    """Refuse logins (429) after too many tries within ``window`` seconds.

    Names are ``email:…`` or ``ip:…``; an IP gets more tries than an email because
    several people can share an address (an office behind NAT), while one account
    under attack should lock quickly.

    :meth:`attempt` counts a try *before* the password is verified, in one step with the
    check, so parallel guesses cannot all pass the check while the first ones are still
    being verified. A success then clears the email's count and takes the try back from
    the IP (:meth:`passed`); a failure simply stays counted.
    """

    def __init__(self, allowed: int = 5, window: float = 300.0, clock: Callable[[], float] = time.monotonic,
                 ip_allowed: int = 20) -> None:
        self.allowed = allowed
        self.ip_allowed = ip_allowed
        self._window = SlidingWindow(window, clock)
        self._lock = threading.Lock()  # check-then-count is one step for the I/O threads too

    def _allowed(self, name: str) -> int:
        return self.ip_allowed if name.startswith("ip:") else self.allowed

    def attempt(self, names: Iterable[str]) -> LoginAttempt:
        """Count one try against every name, or raise :class:`Throttled` (counting nothing)."""
        names = tuple(names)
        with self._lock:
            self.check(names)
            return LoginAttempt(names, tuple(self._window.add(name) for name in names))

    def passed(self, attempt: LoginAttempt) -> None:
        """The password was right: forget the email's failures, give the IP its try back."""
        with self._lock:
            for name, ticket in zip(attempt.names, attempt.tickets, strict=True):
                if name.startswith("email:"):
                    self._window.clear(name)
                else:
                    self._window.discard(name, ticket)  # type: ignore[arg-type]

    def check(self, names: Iterable[str]) -> None:
        for name in names:
            if self._window.count(name) >= self._allowed(name):
                raise Throttled("Too many failed login attempts; try again later.",
                                retry_after=self._window.retry_after(name))

    def failed(self, names: Iterable[str]) -> None:
        with self._lock:
            for name in names:
                self._window.add(name)

    def succeeded(self, names: Iterable[str]) -> None:
        with self._lock:
            for name in names:
                self._window.clear(name)
