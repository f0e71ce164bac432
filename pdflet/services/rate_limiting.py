"""The per-minute rate limit of a caller, as the API and the admin's "Try it" both apply it.

One function decides which bucket a caller counts in and takes one request from it, so
the two front doors cannot drift apart again: "Try it" once used its own bucket name and
called a Redis-backed limiter on the event loop, where a slow Redis stalls every request
of the process. A limiter that says it is ``remote`` is always called through ``run_io``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from pdflet.errors import Throttled
from pdflet.services.limits import RateDecision, RateLimiter
from pdflet.services.principal import Principal

RunIO = Callable[..., Awaitable[Any]]


async def call(limiter: object, run_io: RunIO, fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` of a limiter or throttle: through ``run_io`` when it is remote (Redis), else at once.

    An in-process counter is a lock and a deque, cheaper than a thread hop, and being called at
    once keeps requests counted in the order they arrived.
    """
    if getattr(limiter, "remote", False):
        return await run_io(fn, *args)
    return fn(*args)


def bucket(principal: Principal, default_limit: int) -> tuple[str, int]:
    """The counter a caller takes from and its limit: a key's own (or the default), else its user's."""
    if principal.key is not None:
        limit = default_limit if principal.key.rate_limit is None else principal.key.rate_limit
        return f"key:{principal.key.id}", limit
    return f"user:{principal.user.id}", default_limit


async def take(limiter: RateLimiter, principal: Principal, default_limit: int, run_io: RunIO) -> RateDecision:
    """Count one request; raise :class:`Throttled` (with the rate headers) when the limit is reached.

    ``run_io`` runs a blocking call off the event loop; a remote (Redis) limiter is always
    called through it, an in-process one directly (a lock and a deque: cheaper than a thread hop).
    """
    name, limit = bucket(principal, default_limit)
    decision = await call(limiter, run_io, limiter.hit, name, limit) if limit > 0 else limiter.hit(name, limit)
    if not decision.allowed:
        raise Throttled(f"Rate limit of {limit} requests per minute exceeded; try again in "
                        f"{decision.reset_seconds} s.", retry_after=decision.reset_seconds,
                        headers=decision.headers())
    return decision
