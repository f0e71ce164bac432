"""Everything a handler needs, built once per web process by the CLI and read through ``self.ctx``."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import peewee
import pluggy

from pdflet.config import Settings
from pdflet.renderers.base import Renderer
from pdflet.services.keys import KeyAuthenticator
from pdflet.services.limiters import build_limiters
from pdflet.services.limits import LoginThrottle, RateLimiter
from pdflet.services.passwords import Passwords
from pdflet.services.rendering import RenderPool
from pdflet.services.tokens import TokenService
from pdflet.web.metrics import Metrics


@dataclass
class AppContext:
    settings: Settings
    pm: pluggy.PluginManager
    db: peewee.Database
    secret: str
    render_pool: RenderPool
    passwords: Passwords = field(default_factory=Passwords)
    tokens: TokenService | None = None
    keys: KeyAuthenticator | None = None
    rate_limiter: RateLimiter | None = None
    login_throttle: LoginThrottle | None = None
    renderers: dict[str, Renderer] = field(default_factory=dict)
    metrics: Metrics = field(default_factory=Metrics)
    executor: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(4, "pdflet-auth"))
    # Database and Redis round trips of the API's hot path: off the IOLoop, so a slow answer
    # delays one request, not every request of the process (each thread has its own connection).
    io_executor: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(4, "pdflet-io"))
    extras: dict[str, Any] = field(default_factory=dict)
    requests_in_flight: int = 0  # counted by BaseHandler, so a graceful shutdown knows when to stop
    draining: bool = False

    def __post_init__(self) -> None:
        s = self.settings
        from pdflet.services.signing import derive

        if self.tokens is None:
            self.tokens = TokenService(derive(self.secret, "jwt"), s.access_token_seconds, s.refresh_token_seconds)
        if self.keys is None:
            self.keys = KeyAuthenticator(s.key_touch_seconds)
        if self.rate_limiter is None or self.login_throttle is None:
            rate_limiter, login_throttle = build_limiters(s)  # Redis-backed when PDFLET_REDIS_URL is set
            self.rate_limiter = self.rate_limiter or rate_limiter
            self.login_throttle = self.login_throttle or login_throttle
