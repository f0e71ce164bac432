"""Fair sharing of the render workers between tenants: a cap on renders in flight, and a fair queue.

Without these one API key with a few connections of heavy documents keeps every worker
busy and everyone else waits behind its backlog. :class:`Shares` counts renders in flight
(queued or running) per name — ``key:<id>`` and ``user:<id>`` — and refuses past the cap
(the caller answers 429 ``throttled``). :class:`FairQueue` keeps one FIFO per tenant and
hands jobs out round-robin, so a tenant's tenth queued render waits behind every other
tenant's first.

Both are per web process, like the render pool they feed.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Iterable
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
    """Per-tenant FIFOs, served round-robin: the next job comes from the tenant served longest ago."""

    def __init__(self) -> None:
        self._fifos: OrderedDict[str, deque[Job]] = OrderedDict()
        self._size = 0

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

    def pop(self) -> Job | None:
        """The next job in round-robin order between tenants, or None when empty."""
        if not self._fifos:
            return None
        tenant, fifo = next(iter(self._fifos.items()))
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
