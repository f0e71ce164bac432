"""The clock of a job's render: CPU seconds against the render timeout, and the job's lease kept alive.

Job renders run at the lowest CPU priority (:mod:`pdflet.services.job_priority`), so on a
busy machine a job may wait for the CPU far longer than it computes. The wall clock would
fail such a job for the machine's load; what ``PDFLET_RENDER_TIMEOUT`` is there to stop is
a document that needs too much work. So a job's render is stopped when its worker has
*used* ``render_timeout`` seconds of CPU since it took the task, or when ``WALL_FACTOR``
times that has passed on the wall clock (a render waiting on something that is not the
CPU, or a machine so busy that jobs barely move). Meanwhile the job's lease is renewed, so
the sweeper does not take a slow but living job for one whose consumer died.

CPU time is read from ``/proc`` (Linux); elsewhere the render timeout is wall time, as for
sync renders.
"""

from __future__ import annotations

import functools
import os
import time

from pdflet.services import job_sql
from pdflet.services.job_sql import Claimed

WALL_FACTOR = 4  # a job's render may take this many render timeouts of wall time
RENEW_EVERY = 2.0  # seconds between renewals of a running job's lease
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int | None) -> float | None:
    """User and system CPU seconds of process ``pid`` so far, or None where /proc cannot tell."""
    if pid is None:
        return None
    try:  # os.open/read: pathlib's read_text cost several times the read here, once per job and per tick
        fd = os.open(f"/proc/{pid}/stat", os.O_RDONLY | os.O_CLOEXEC)
        try:
            text = os.read(fd, 4096)
        finally:
            os.close(fd)
        fields = text.rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return None


@functools.cache
def measures_cpu() -> bool:
    """Can this system tell a process's CPU time (asked once)?"""
    return cpu_seconds(os.getpid()) is not None


class RenderClock:
    """One job render's ``tick`` for :meth:`WorkerSlot.run`: False once it must stop."""

    def __init__(self, job: Claimed, pid_of: object, cpu_limit: float, lease: float) -> None:
        self.job = job
        self.pid_of = pid_of  # a callable giving the worker's current pid (the slot may start a new one)
        self.cpu_limit = cpu_limit
        self.lease = lease
        self.cpu_at_start: float | None = None
        self.renewed = time.monotonic()
        self.cpu_exceeded = False

    def started(self) -> None:
        """The worker took the task: its CPU time from here on is the render's."""
        self.cpu_at_start = cpu_seconds(self.pid_of())  # type: ignore[operator]

    def tick(self, started: bool) -> bool:
        now = time.monotonic()
        if now - self.renewed >= RENEW_EVERY:
            if not job_sql.renew(self.job, self.lease):
                return False  # another consumer owns the job now: this render is wasted
            self.renewed = now
        if started and self.cpu_at_start is not None:
            used = cpu_seconds(self.pid_of())  # type: ignore[operator]
            if used is not None and used - self.cpu_at_start >= self.cpu_limit:
                self.cpu_exceeded = True
                return False
        return True
