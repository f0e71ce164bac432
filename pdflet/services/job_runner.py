"""Running a job in a consumer: claim it, render in a worker process, store, finish, announce.

Renders go to worker processes of the consumer's own (the web process's sync pool is not
touched), one :class:`~pdflet.services.workers.WorkerSlot` per consumer thread, started on
first use, with the same worker code, timeout and memory cap as sync renders, at the CPU
priority ``PDFLET_JOB_PRIORITY`` (:mod:`pdflet.services.job_priority`). The consumer thread
talks to its worker over the slot's own pipe and waits on it: no pool threads in between, so
a job costs the web process's interpreter (shared with its event loop under ``pdflet serve``)
only the consumer thread's own work, and a worker dying in the hand-over loses nothing else.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from pdflet.config import Settings
from pdflet.errors import PdfletError, RenderFailed, RenderTimeout
from pdflet.request import RenderOutput, RenderRequest
from pdflet.services import jobs, usage
from pdflet.services.job_clock import WALL_FACTOR, RenderClock, measures_cpu
from pdflet.services.job_priority import serve_job_worker
from pdflet.services.job_sql import Claimed
from pdflet.services.results import ResultStore
from pdflet.services.workers import WorkerLost, WorkerSlot, WorkerTimedOut

log = logging.getLogger("pdflet.jobs")
PRELOAD = ["pdflet.services.worker", "pdflet.renderers.reportlab.plugin", "pdflet.services.worker_preload"]
GATE_FIRST_WAIT, GATE_MAX_WAIT = 0.005, 0.05  # seconds between looks while a job is held back
HANDOVER_TRIES = 3  # a worker that dies (or hangs) before it took the task is replaced this many times


class JobRunner:
    """Runs jobs for one consumer; ``announce(event_id)`` hands finished jobs' events to delivery."""

    def __init__(self, settings: Settings, store: ResultStore, processes: int,
                 announce: Callable[[str], None], observe: Callable[[str, float], None] | None = None,
                 may_start: Callable[[], bool] | None = None) -> None:
        self.settings = settings
        # asked before each job: False while the renders it would compete with need the machine
        # (under ``pdflet serve``: while no sync render worker is idle, see pdflet.job_host)
        self.may_start = may_start
        self.closing = threading.Event()  # set at shutdown: a job held back waits no longer
        self.store = store
        self.processes = max(1, processes)
        self.announce = announce
        self.observe = observe or (lambda status, seconds: None)
        self.lease = settings.render_timeout + 5
        self.slots: list[WorkerSlot] = []
        self._free: queue.LifoQueue[WorkerSlot] | None = None
        self._lock = threading.Lock()

    def _free_slots(self) -> queue.LifoQueue[WorkerSlot]:
        with self._lock:
            if self._free is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(PRELOAD)
                self.slots = [WorkerSlot(context, self.settings, serve_job_worker) for _ in range(self.processes)]
                self._free = queue.LifoQueue()
                for slot in self.slots:
                    self._free.put(slot)
            return self._free

    def render(self, request: RenderRequest, slot: WorkerSlot | None = None,
               job: Claimed | None = None) -> RenderOutput:
        """Render in a worker process (``slot``'s, or the next free one), with the sync path's error codes.

        For a claimed ``job`` the timeout counts the worker's CPU time and the lease is kept
        alive (:mod:`pdflet.services.job_clock`); otherwise it is wall time.
        """
        if slot is None:
            free = self._free_slots()
            slot = free.get()
            try:
                return self.render(request, slot, job)
            finally:
                free.put(slot)
        for _ in range(HANDOVER_TRIES):
            clock = RenderClock(job, lambda: slot.pid, self.settings.render_timeout, self.lease) \
                if job is not None and measures_cpu() else None
            try:
                return self._attempt(slot, request, clock)
            except WorkerTimedOut as exc:
                if exc.started:
                    raise RenderTimeout(self._timeout_detail(clock)) from None
            except WorkerLost as lost:
                if lost.started:
                    raise RenderFailed(f"The render worker died (exit code {lost.exitcode}).") from None
            # the worker never took the task (it died or hung starting): a fresh one tries
        raise RenderFailed("Render workers kept failing to start.")

    def _attempt(self, slot: WorkerSlot, request: RenderRequest, clock: RenderClock | None) -> RenderOutput:
        timeout = self.settings.render_timeout
        if clock is None:
            status, value = slot.run(request, timeout=timeout)
        else:
            status, value = slot.run(request, clock.started, timeout * WALL_FACTOR, clock.tick)
        if status == "ok":
            return value
        if isinstance(value, PdfletError):
            raise value
        raise RenderFailed(f"Rendering failed: {value}")

    def _timeout_detail(self, clock: RenderClock | None) -> str:
        timeout = self.settings.render_timeout
        if clock is None or clock.cpu_exceeded:
            return f"Rendering took longer than {timeout:g} s and was stopped."
        return (f"Rendering did not finish within {timeout * WALL_FACTOR:g} s (it waits for something, or the "
                "machine is too busy to give jobs CPU time) and was stopped.")

    def run(self, job_id: str) -> None:
        """Run ``job_id`` if this consumer can claim it (a duplicate queue entry is a no-op).

        The worker is taken before the claim (so the lease covers only the render, never a
        wait for a worker) and given back before the result is stored: with one consumer
        thread more than workers (see :mod:`pdflet.job_host`), storing and announcing one job
        overlaps the next job's render instead of leaving the worker idle.
        """
        self._wait_for_capacity()
        free = self._free_slots()
        slot = free.get()
        try:
            claimed = self._claim_and_render(job_id, slot)
        finally:
            free.put(slot)
        if claimed is not None:
            self._finish(*claimed)

    def _wait_for_capacity(self) -> None:
        """Hold the job back (unclaimed: a crash here loses nothing) until ``may_start`` allows it."""
        if self.may_start is None:
            return
        delay = GATE_FIRST_WAIT
        while not self.may_start() and not self.closing.is_set():
            self.closing.wait(delay)
            delay = min(delay * 2, GATE_MAX_WAIT)

    def _claim_and_render(self, job_id: str, slot: WorkerSlot) -> tuple[Claimed, float, Any] | None:
        """The claimed job, when its run started, and its output (or the PdfletError it failed with)."""
        job = jobs.claim(job_id, self.lease)
        if job is None:
            return None
        started = time.perf_counter()
        try:
            request = jobs.load_request(self.store, job)
            if request is None:
                raise RenderFailed("The job's request is no longer in the result store.")
            if job.test:
                request.watermark = "TEST"
            return job, started, self.render(request, slot, job)
        except PdfletError as exc:
            return job, started, exc

    def _finish(self, job: Claimed, started: float, outcome: Any) -> None:
        """Store the result, meter it, and announce the job's event."""
        if isinstance(outcome, PdfletError):
            status, event_id = jobs.fail(self.store, job, outcome)
        else:
            status, event_id = jobs.finish(self.store, job, outcome, self.settings.result_ttl,
                                           list(getattr(outcome, "warnings", []) or []))
            if status == "succeeded" and not job.test:
                try:
                    usage.record_render(job.user_id, job.key_id, outcome.pages, len(outcome.data))
                except Exception:  # metering must never fail the job
                    log.exception("could not record usage of %s", job.id)
        if status is None:
            log.warning("job %s was taken over by another consumer; this run's result is dropped", job.id)
            return
        self.observe(status, time.perf_counter() - started)
        if event_id:
            self.announce(event_id)

    def close(self, wait: float = 1.0) -> None:
        """Stop the workers (the consumer has let running jobs finish first)."""
        with self._lock:
            slots, self.slots, self._free = self.slots, [], None
        for slot in slots:
            slot.stop(wait)
