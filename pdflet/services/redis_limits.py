"""Rate limits and the login throttle shared through Redis, across processes and instances.

Same methods as the in-process :class:`~pdflet.services.limits.RateLimiter` and
:class:`~pdflet.services.limits.LoginThrottle`, so handlers do not know which one they use.

Each counter is a sorted set of event times (a sliding log) changed by one Lua script, so
"count, compare, add" is atomic however many pdflet processes share the Redis: two
instances can never both take the last request of a window. Time comes from Redis
(``TIME``), not from the callers, so instances whose clocks drift still agree. Memory is
bounded by the limit: a key's set never holds more than ``limit`` entries, and expires
with its window.

When Redis cannot be reached the limiter falls back to counting in this process (and
says so in the log, at most every 30 s, retrying Redis after a short pause). That keeps
the API answering during a Redis outage — a quota is worth less than the service — while
a password guesser still meets a per-process throttle rather than none. The cost is that
during an outage the effective limit is per process (N times the configured one).
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable, Iterable
from typing import Any

import redis

from pdflet.errors import Throttled
from pdflet.services.limits import LoginAttempt, LoginThrottle, RateDecision, RateLimiter

log = logging.getLogger(__name__)

# KEYS[1]: the sorted set. ARGV: window ms, limit (0 = no limit), a unique member, "1" to record an event.
# Returns {allowed (1/0), events in the window after this call, ms until the oldest event leaves}.
SLIDING_LOG = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local allowed = 1
if ARGV[4] == '1' then
  if limit > 0 and count >= limit then
    allowed = 0
  else
    redis.call('ZADD', KEYS[1], now, ARGV[3])
    redis.call('PEXPIRE', KEYS[1], window)
    count = count + 1
  end
end
local reset = 0
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if oldest[2] then reset = tonumber(oldest[2]) + window - now end
return {allowed, count, reset}
"""

PREFIX = "pdflet:"
RETRY_AFTER_FAILURE = 5.0  # seconds before trying Redis again after it failed
LOG_EVERY = 30.0


class SharedLog:
    """The Redis sliding log plus the in-process stand-in used while Redis is down."""

    def __init__(self, client: redis.Redis, clock: Callable[[], float] = time.monotonic) -> None:
        self._client = client
        self._script = client.register_script(SLIDING_LOG)
        self._clock = clock
        self._down_until = 0.0
        self._last_log = -math.inf
        self.failures = 0

    def call(self, key: str, window_ms: int, limit: int, record: bool,
             member: str | None = None) -> tuple[bool, int, int] | None:
        """Run the script; ``None`` when Redis is unavailable (the caller falls back)."""
        now = self._clock()
        if now < self._down_until:
            return None
        member = member or os.urandom(8).hex()
        try:
            allowed, count, reset_ms = self._script(
                keys=[PREFIX + key], args=[window_ms, limit, member, "1" if record else "0"]
            )
        except redis.RedisError as exc:
            self.failures += 1
            self._down_until = now + RETRY_AFTER_FAILURE
            if now - self._last_log >= LOG_EVERY:
                self._last_log = now
                log.warning("Redis unavailable (%s: %s): counting rate limits in this process for now",
                            type(exc).__name__, exc)
            return None
        return bool(allowed), int(count), int(reset_ms)

    def remove(self, key: str, member: str) -> None:
        """Take back one recorded event (best effort: during an outage it simply ages out)."""
        if self._clock() < self._down_until:
            return
        try:
            self._client.zrem(PREFIX + key, member)
        except redis.RedisError:
            self._down_until = self._clock() + RETRY_AFTER_FAILURE

    def delete(self, key: str) -> bool:
        if self._clock() < self._down_until:
            return False
        try:
            self._client.delete(PREFIX + key)
        except redis.RedisError:
            self._down_until = self._clock() + RETRY_AFTER_FAILURE
            return False
        return True


def _seconds(ms: int) -> int:
    return max(1, math.ceil(ms / 1000)) if ms > 0 else 0


class RedisRateLimiter:
    """Requests per minute per key, counted in Redis (``limit`` 0 = unlimited)."""

    window_ms = 60_000
    remote = True  # each call is a network round trip: callers on an event loop run it in a thread

    def __init__(self, shared: SharedLog, fallback: RateLimiter | None = None) -> None:
        self._shared = shared
        self._fallback = fallback or RateLimiter()

    def hit(self, name: str, limit: int) -> RateDecision:
        if limit <= 0:
            return RateDecision(True, 0, 0, 0)
        result = self._shared.call("rate:" + name, self.window_ms, limit, record=True)
        if result is None:
            return self._fallback.hit(name, limit)
        allowed, count, reset_ms = result
        return RateDecision(allowed, limit, max(0, limit - count), _seconds(reset_ms))


class RedisLoginThrottle:
    """Failed logins per ``email:…`` / ``ip:…`` name, counted in Redis; see :class:`LoginThrottle`."""

    def __init__(self, shared: SharedLog, allowed: int = 5, window: float = 300.0, ip_allowed: int = 20,
                 fallback: LoginThrottle | None = None) -> None:
        self._shared = shared
        self.allowed = allowed
        self.ip_allowed = ip_allowed
        self.window_ms = int(window * 1000)
        self._fallback = fallback or LoginThrottle(allowed, window, ip_allowed=ip_allowed)

    def attempt(self, names: Iterable[str]) -> LoginAttempt:
        """Count one try against every name before the password is checked; see :meth:`LoginThrottle.attempt`.

        Each name's check-and-count is one Lua call, so however many requests and instances
        race, no name is counted past its limit; if a later name refuses, the earlier
        names get their try back.
        """
        names = tuple(names)
        tickets: list[str] = []
        for name in names:
            member = os.urandom(8).hex()
            result = self._shared.call("login:" + name, self.window_ms, self._allowed(name), record=True,
                                       member=member)
            if result is None:  # Redis is down: this process counts, atomically, on its own
                self._release(names[: len(tickets)], tickets)
                return self._fallback.attempt(names)
            allowed, _count, reset_ms = result
            if not allowed:
                self._release(names[: len(tickets)], tickets)
                raise Throttled("Too many failed login attempts; try again later.", retry_after=_seconds(reset_ms))
            tickets.append(member)
        return LoginAttempt(names, tuple(tickets))

    def _release(self, names: Iterable[str], tickets: Iterable[str]) -> None:
        for name, member in zip(names, tickets, strict=True):
            self._shared.remove("login:" + name, member)

    def passed(self, attempt: LoginAttempt) -> None:
        """The password was right: clear the email's count, give the IP its try back."""
        if not all(isinstance(t, str) for t in attempt.tickets):  # counted by the fallback
            self._fallback.passed(attempt)
            return
        for name, member in zip(attempt.names, attempt.tickets, strict=True):
            if name.startswith("email:"):
                self.succeeded([name])
            else:
                self._shared.remove("login:" + name, member)  # type: ignore[arg-type]

    def _allowed(self, name: str) -> int:
        return self.ip_allowed if name.startswith("ip:") else self.allowed

    def check(self, names: Iterable[str]) -> None:
        names = list(names)
        for name in names:
            result = self._shared.call("login:" + name, self.window_ms, 0, record=False)
            if result is None:
                self._fallback.check(names)
                return
            _ok, count, reset_ms = result
            if count >= self._allowed(name):
                raise Throttled("Too many failed login attempts; try again later.",
                                retry_after=_seconds(reset_ms))

    def failed(self, names: Iterable[str]) -> None:
        for name in names:
            if self._shared.call("login:" + name, self.window_ms, 0, record=True) is None:
                self._fallback.failed([name])

    def succeeded(self, names: Iterable[str]) -> None:
        names = list(names)
        self._fallback.succeeded(names)
        for name in names:
            self._shared.delete("login:" + name)


def connect(url: str, timeout: float = 0.25) -> redis.Redis:
    """A client with short timeouts: a slow Redis must cost a request milliseconds, not seconds."""
    return redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout,
                                health_check_interval=30)


def build(url: str, *, login_allowed: int, login_window: float, login_ip_allowed: int,
          **client_options: Any) -> tuple[RedisRateLimiter, RedisLoginThrottle]:
    """The pair of Redis-backed limiters for one web process (one connection pool between them)."""
    shared = SharedLog(connect(url, **client_options))
    return (
        RedisRateLimiter(shared),
        RedisLoginThrottle(shared, login_allowed, login_window, login_ip_allowed),
    )
