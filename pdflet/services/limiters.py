"""Picks the rate limiter and login throttle of a web process: in-process, or shared through Redis.

It lives apart from :mod:`pdflet.services.limits` (the in-process counters and the types) and
:mod:`pdflet.services.redis_limits` (which builds on those types) so that neither of the two
has to import the other: the choice depends on both, they depend on nothing above them.
"""

from __future__ import annotations

from pdflet.config import Settings
from pdflet.services.limits import LoginThrottle, RateLimiter


def build_limiters(settings: Settings) -> tuple[RateLimiter, LoginThrottle]:
    """The rate limiter and login throttle for one web process: Redis-backed when configured."""
    if settings.redis_url:
        from pdflet.services import redis_limits  # the redis client is imported only when it is used

        return redis_limits.build(  # type: ignore[return-value]
            settings.redis_url, login_allowed=settings.login_failures_allowed,
            login_window=settings.login_window_seconds, login_ip_allowed=settings.login_ip_failures_allowed,
        )
    return RateLimiter(), LoginThrottle(
        settings.login_failures_allowed, settings.login_window_seconds, ip_allowed=settings.login_ip_failures_allowed
    )
