"""Wiring the job queue into a process: ``pdflet serve`` (embedded consumer) and ``pdflet worker``.

On the default SQLite set-up ``pdflet serve`` consumes jobs in threads of its own
(``PDFLET_JOB_WORKERS``, default 1: that many render processes for jobs, apart from the sync
render pool, and one consumer thread more), so one command still does everything. ``PDFLET_JOB_WORKERS=0``
keeps a web instance from consuming; ``pdflet worker`` then runs consumers alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from pdflet.config import Settings
from pdflet.services.job_queue import ConsumerHost, JobQueue
from pdflet.services.job_runner import JobRunner
from pdflet.services.results import make_result_store

log = logging.getLogger("pdflet.jobs")


def consumer_for(settings: Settings, workers: int, *, embedded: bool, metrics: Any = None,
                 may_start: Callable[[], bool] | None = None) -> ConsumerHost:
    """A consumer host with ``workers`` render processes and one consumer thread more.

    The extra thread stores and announces one job while the next renders (the worker does
    not idle between jobs), and runs a webhook delivery — which may wait on a slow receiver
    for ``PDFLET_WEBHOOK_TIMEOUT`` — without holding up the renders.
    """
    queue = JobQueue(settings, make_result_store(settings.results_dir))
    observe = metrics.observe_job if metrics is not None else None
    queue.runner = JobRunner(settings, queue.store, workers, announce=queue.enqueue_delivery, observe=observe,
                             may_start=may_start)
    if metrics is not None:
        queue.on_delivery = metrics.observe_delivery
    return ConsumerHost(queue, workers + 1, embedded=embedded)


def sync_worker_idle(pool: Any) -> bool:
    """Does the web process's sync render pool have a worker nobody waits for?

    The embedded consumer starts a job only then (unless ``PDFLET_JOB_PRIORITY=normal``): a
    job render, however low its CPU priority, still costs this process's interpreter (claim,
    hand-over, storing the PDF) next to its event loop, so while clients wait for sync renders
    the backlog of jobs waits. Read from a consumer thread: a plain int the event loop updates.
    """
    return pool.in_flight < pool.settings.render_workers


def start_embedded(ctx: Any) -> ConsumerHost | None:
    """Start consuming inside a web process (unless ``job_workers`` is 0); the queue goes into ``ctx``."""
    from pdflet.web.job_metrics import JobMetrics

    settings = ctx.settings
    metrics = JobMetrics(ctx.metrics)
    if settings.job_workers <= 0:
        ctx.extras["job_queue"] = JobQueue(settings, make_result_store(settings.results_dir))
        return None
    pool = ctx.render_pool
    gate = None if settings.job_priority == "normal" else (lambda: sync_worker_idle(pool))
    host = consumer_for(settings, settings.job_workers, embedded=True, metrics=metrics, may_start=gate)
    ctx.extras["job_queue"] = host.queue
    host.start()
    log.info("consuming jobs with %d worker(s) (%s queue)", settings.job_workers,
             "Redis" if settings.redis_url else "SQLite")
    return host


def stop_embedded(host: ConsumerHost | None) -> None:
    if host is None:
        return
    host.stop()
    if host.queue.runner is not None:
        host.queue.runner.close()


def run_worker(settings: Settings, workers: int) -> int:
    """``pdflet worker``: consume until SIGINT/SIGTERM (a running job finishes first)."""
    from pdflet.db import connect_database, migrate

    migrate(connect_database(settings.database_url))
    host = consumer_for(settings, workers, embedded=False)
    log.info("pdflet worker: %d consumer(s) on the %s queue", workers, "Redis" if settings.redis_url else "SQLite")
    try:
        host.run()
    finally:
        if host.queue.runner is not None:
            host.queue.runner.close()
    return 0
