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

from pdflet.config import Settings
from pdflet.errors import PdfletError, RenderFailed, RenderTimeout
from pdflet.request import RenderOutput, RenderRequest
from pdflet.services import jobs, usage
from pdflet.services.job_priority import serve_job_worker
from pdflet.services.results import ResultStore
from pdflet.services.workers import WorkerLost, WorkerSlot, WorkerTimedOut

log = logging.getLogger("pdflet.jobs")
PRELOAD = ["pdflet.services.worker", "pdflet.renderers.reportlab.plugin", "pdflet.services.worker_preload"]
HANDOVER_TRIES = 3  # a worker that dies (or hangs) before it took the task is replaced this many times


class JobRunner:
    """Runs jobs for one consumer; ``announce(event_id)`` hands finished jobs' events to delivery."""

    def __init__(self, settings: Settings, store: ResultStore, processes: int,
                 announce: Callable[[str], None], observe: Callable[[str, float], None] | None = None) -> None:
        self.settings = settings
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

    def render(self, request: RenderRequest) -> RenderOutput:
        """Render in a worker process, with the sync path's timeout and error codes."""
        free = self._free_slots()
        slot = free.get()  # one per consumer thread: there is always one
        try:
            return self._render_on(slot, request)
        finally:
            free.put(slot)

    def _render_on(self, slot: WorkerSlot, request: RenderRequest) -> RenderOutput:
        timeout = self.settings.render_timeout
        for _ in range(HANDOVER_TRIES):
            try:
                status, value = slot.run(request, timeout=timeout)
            except WorkerTimedOut as exc:
                if exc.started:
                    raise RenderTimeout(f"Rendering took longer than {timeout:g} s and was stopped.") from None
                continue  # the worker never took the task: a fresh one tries
            except WorkerLost as lost:
                if lost.started:
                    raise RenderFailed(f"The render worker died (exit code {lost.exitcode}).") from None
                continue
            if status == "ok":
                return value
            if isinstance(value, PdfletError):
                raise value
            raise RenderFailed(f"Rendering failed: {value}")
        raise RenderFailed("Render workers kept failing to start.")

    def run(self, job_id: str) -> None:
        """Run ``job_id`` if this consumer can claim it (a duplicate queue entry is a no-op)."""
        job = jobs.claim(job_id, self.lease)
        if job is None:
            return
        started = time.perf_counter()
        request = jobs.load_request(self.store, job_id)
        try:
            if request is None:
                raise RenderFailed("The job's request is no longer in the result store.")
            if job.test:
                request.watermark = "TEST"
            output = self.render(request)
        except PdfletError as exc:
            status, event_id = jobs.fail(self.store, job, exc)
        else:
            status, event_id = jobs.finish(self.store, job, output, self.settings.result_ttl,
                                           list(getattr(output, "warnings", []) or []))
            if status == "succeeded" and not job.test:
                try:
                    usage.record_render(job.user_id, job.key_id, output.pages, len(output.data))
                except Exception:  # metering must never fail the job
                    log.exception("could not record usage of %s", job_id)
        if status is None:
            log.warning("job %s was taken over by another consumer; this run's result is dropped", job_id)
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
