"""Running a job in a consumer: claim it, render in a worker process, store, finish, announce.

Renders go to a process pool of the consumer's own (the web process's sync pool is not
touched, so a backlog of jobs never makes a sync render wait), built on first use, with
the same worker code, timeout and memory cap as sync renders.
"""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable

import pebble

from pdflet.config import Settings
from pdflet.errors import PdfletError, RenderFailed, RenderTimeout
from pdflet.request import RenderOutput, RenderRequest
from pdflet.services import jobs, usage, worker
from pdflet.services.results import ResultStore

log = logging.getLogger("pdflet.jobs")
PRELOAD = ["pdflet.services.worker", "pdflet.renderers.reportlab.plugin", "pdflet.services.worker_preload"]
JOB_NICENESS = 10  # jobs can wait; a sync render has a client on the line


def init_job_worker(settings: Settings) -> None:
    """A sync render worker's set-up, at a lower CPU priority: a backlog of jobs yields the CPU to
    sync renders (measured in bench/jobs_bench.py) instead of sharing it evenly."""
    os.nice(JOB_NICENESS)
    worker.init(settings)


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
        self._pool: pebble.ProcessPool | None = None
        self._lock = threading.Lock()

    def _get_pool(self) -> pebble.ProcessPool:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(PRELOAD)
                self._pool = pebble.ProcessPool(
                    max_workers=self.processes, max_tasks=self.settings.render_max_tasks,
                    initializer=init_job_worker, initargs=(self.settings,), context=context)
            return self._pool

    def render(self, request: RenderRequest) -> RenderOutput:
        """Render in a worker process, with the sync path's timeout and error codes."""
        timeout = self.settings.render_timeout
        future = self._get_pool().schedule(worker.render, args=(request,), timeout=timeout)
        try:
            return future.result()
        except concurrent.futures.TimeoutError:
            raise RenderTimeout(f"Rendering took longer than {timeout:g} s and was stopped.") from None
        except pebble.ProcessExpired as exc:
            raise RenderFailed(f"The render worker died (exit code {exc.exitcode}).") from None
        except PdfletError:
            raise
        except MemoryError:
            raise RenderFailed("The document needs more memory than a render worker is allowed.") from None
        except Exception as exc:
            raise RenderFailed(f"Rendering failed: {type(exc).__name__}: {exc}") from None

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

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.stop()
                self._pool.join()
                self._pool = None
