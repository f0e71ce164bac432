"""Fair sharing of the render workers between tenants: a cap on renders in flight, and a fair queue.

Without these one API key with a few connections of heavy documents keeps every worker
busy and everyone else waits behind its backlog. :class:`Shares` counts renders in flight
(queued or running) per name — ``key:<id>`` and ``user:<id>`` — and refuses past the cap
(the caller answers 429 ``throttled``). :class:`FairQueue` keeps one FIFO per tenant and
hands the next free worker to the tenant with the fewest renders running, round-robin
among equals, so a tenant's tenth queued render waits behind every other tenant's first.

Both are per web process, like the render pool they feed.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

Job = TypeVar("Job")


class Shares:
    """Renders in flight per name, with one cap for every name (0 = no cap)."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self._counts: dict[str, int] = {}

    def full(self, names: Iterable[str]) -> str | None:
        """The first of ``names`` already at the cap, or None if all have room."""
        if self.cap <= 0:
            return None
        return next((n for n in names if self._counts.get(n, 0) >= self.cap), None)

    def add(self, names: Iterable[str]) -> None:
        for name in names:
            self._counts[name] = self._counts.get(name, 0) + 1

    def remove(self, names: Iterable[str]) -> None:
        for name in names:
            left = self._counts.get(name, 0) - 1
            if left > 0:
                self._counts[name] = left
            else:
                self._counts.pop(name, None)  # idle names are forgotten: the dict stays as small as the load

    def count(self, name: str) -> int:
        return self._counts.get(name, 0)


class FairQueue(Generic[Job]):
    """Per-tenant FIFOs: the next job comes from the tenant with the fewest renders running, then
    from the one served longest ago (or never)."""

    MAX_REMEMBERED = 10_000  # past this many tenants' last turns, those with nothing queued are forgotten

    def __init__(self) -> None:
        self._fifos: OrderedDict[str, deque[Job]] = OrderedDict()
        self._size = 0
        self._turns = itertools.count(1)
        self._last_turn: dict[str, int] = {}

    def __len__(self) -> int:
        return self._size

    def push(self, tenant: str, job: Job, *, front: bool = False) -> None:
        """Queue ``job``; ``front`` puts it first in its tenant's FIFO (a retry keeps its place)."""
        fifo = self._fifos.get(tenant)
        if fifo is None:
            fifo = self._fifos[tenant] = deque()
        if front:
            fifo.appendleft(job)
        else:
            fifo.append(job)
        self._size += 1

    def pop(self, running: Callable[[str], int] = lambda tenant: 0) -> Job | None:
        """The next job, or None when empty; ``running(tenant)`` counts a tenant's renders running now."""
        if not self._fifos:
            return None
        tenant = min(self._fifos, key=lambda t: (running(t), self._last_turn.get(t, 0)))
        self._last_turn[tenant] = next(self._turns)
        if len(self._last_turn) > self.MAX_REMEMBERED:
            self._last_turn = {t: n for t, n in self._last_turn.items() if t in self._fifos}
        fifo = self._fifos[tenant]
        job = fifo.popleft()
        self._size -= 1
        del self._fifos[tenant]
        if fifo:
            self._fifos[tenant] = fifo  # to the back of the round
        return job

    def discard(self, tenant: str, job: Job) -> bool:
        """Drop a queued job (its caller went away); False if it was not queued."""
        fifo = self._fifos.get(tenant)
        if fifo is None or job not in fifo:
            return False
        fifo.remove(job)
        self._size -= 1
        if not fifo:
            del self._fifos[tenant]
        return True
