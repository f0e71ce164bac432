"""Which renders yield the CPU: those of a tenant that asks for more than its share, while others render.

The cap on renders in flight and the fair queue share out *workers*. They do not share out
the *cores*: with two workers on two cores, a tenant at its cap of one render keeps one
core busy back to back, and another user's small render, the web process answering it and
everyone's requests all compete for what is left. So a tenant that asked for more than its
share lately (a render of its was refused with 429 ``throttled`` within the last
:data:`OVER_SHARE_SECONDS`) renders at a lower CPU priority (``PDFLET_FAIR_NICE``) whenever
another tenant has a render in flight, or had one within the last second: the kernel then gives a contended core to the
others first. Alone, or on an idle core, its renders run at full speed as before; and a
tenant that stays within its share is never demoted, however heavy its documents.

The demotion is applied to the render's own thread in the worker, by the web process, at the
moment it applies: when the demoted tenant's render starts, or when another tenant's render
arrives while it runs (see :meth:`pdflet.services.workers.WorkerSlot.demote`). It ends with
that render.
"""

from __future__ import annotations

import time
from collections.abc import Callable

OVER_SHARE_SECONDS = 2.0  # a 429 for its cap marks a tenant as asking for more than its share this long
RECENT_SECONDS = 1.0  # a tenant whose last render ended this recently still counts as rendering


class OverShare:
    """When each tenant was last refused for its cap; those refused lately are over their share."""

    MAX_REMEMBERED = 10_000  # past this many tenants, those refused longer ago than the window are forgotten

    def __init__(self, seconds: float = OVER_SHARE_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._refused: dict[str, float] = {}

    def refused(self, tenant: str) -> None:
        """``tenant`` was just refused a render for having its share in flight."""
        now = self._clock()
        self._refused[tenant] = now
        if len(self._refused) > self.MAX_REMEMBERED:
            self._refused = {t: when for t, when in self._refused.items() if now - when < self.seconds}

    def over(self, tenant: str) -> bool:
        """Was ``tenant`` refused for its cap within the window?"""
        when = self._refused.get(tenant)
        return when is not None and self._clock() - when < self.seconds


class InFlight:
    """Renders in flight (queued or running) per tenant, and who rendered last: is anyone else rendering?

    A tenant counts as rendering for :data:`RECENT_SECONDS` after its last render ended too: a
    user sending one request after another spends part of each round trip outside the pool
    (the network, authentication, the response), and is still there to be served.
    """

    def __init__(self, recent: float = RECENT_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.recent = recent
        self._clock = clock
        self._counts: dict[str, int] = {}
        self._last_ended: list[tuple[str, float]] = []  # the two latest tenants to go idle, latest first

    def add(self, tenant: str) -> None:
        self._counts[tenant] = self._counts.get(tenant, 0) + 1

    def remove(self, tenant: str) -> None:
        left = self._counts.get(tenant, 0) - 1
        if left > 0:
            self._counts[tenant] = left
            return
        self._counts.pop(tenant, None)
        latest = [(tenant, self._clock())] + [entry for entry in self._last_ended if entry[0] != tenant]
        self._last_ended = latest[:2]

    def others(self, tenant: str) -> bool:
        """Has any tenant but ``tenant`` a render in flight, or had one within the recent window?"""
        if len(self._counts) > (1 if tenant in self._counts else 0):
            return True
        now = self._clock()
        return any(other != tenant and now - ended < self.recent for other, ended in self._last_ended)
