"""The CPU priority of job renders: a backlog of jobs runs on the CPU that sync renders leave.

A sync render has a client waiting on the line; a job can wait. ``PDFLET_JOB_PRIORITY``:

- ``idle`` (default): the job render process runs under Linux's ``SCHED_IDLE`` — only when no
  ordinary process wants that CPU, and a waking sync render takes the CPU from it at once
  (the scheduler counts such a CPU as idle). Elsewhere it falls back to ``low``.
- ``low``: niceness 19, the lowest ordinary priority (a small share of a busy CPU).
- ``normal``: the sync renders' own priority (a machine that only runs jobs may want this,
  though ``idle`` costs nothing there either).

Set in the worker process itself, before its first render, so every worker a job slot
starts (after a crash, a timeout or retirement) starts with it.
"""

from __future__ import annotations

import contextlib
import os
from multiprocessing.connection import Connection

from pdflet.config import Settings
from pdflet.services import worker

LOWEST_NICE = 19


def lower_priority(priority: str) -> None:
    """Give this process the CPU priority ``priority`` names (never raises: a priority is not worth a job)."""
    if priority == "normal":
        return
    with contextlib.suppress(OSError):
        os.nice(LOWEST_NICE - os.nice(0))
    if priority == "idle" and hasattr(os, "SCHED_IDLE"):
        with contextlib.suppress(OSError):
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


def serve_job_worker(conn: Connection, settings: Settings) -> None:
    """A render worker's main loop (:func:`pdflet.services.worker.serve`), at the jobs' priority."""
    lower_priority(settings.job_priority)
    worker.serve(conn, settings)
