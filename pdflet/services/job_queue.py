"""The task queue: huey, with SQLite storage by default and Redis for several machines.

Why huey: one small library (by peewee's author, whose ORM pdflet already uses) with
both of pdflet's set-ups built in: ``SqliteHuey`` is a file in the data directory, so
``pdflet serve`` alone still does everything; ``RedisHuey`` shares one queue between
web instances and separate ``pdflet worker`` machines when ``PDFLET_REDIS_URL`` is set.
Its consumer runs as threads inside ``pdflet serve`` or as a process of its own.

huey takes a task off the queue before running it, so a consumer killed mid-task loses
that entry. The job and event rows are therefore the record and the queue carries only
ids: a sweeper in every consumer re-enqueues running jobs whose lease has passed, and —
once the queue has drained — queued jobs and due events that no entry speaks for.
Duplicates are harmless: claiming a job or an event is a conditional UPDATE.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import huey
from huey.consumer import Consumer
from huey.storage import SqliteStorage

from pdflet.config import Settings
from pdflet.db.models import utcnow
from pdflet.services import idempotency, jobs, webhook_delivery
from pdflet.services.job_runner import JobRunner
from pdflet.services.results import ResultStore, make_result_store

log = logging.getLogger("pdflet.jobs")
SWEEP_SECONDS = 1.0
EVENT_GRACE = dt.timedelta(seconds=5)  # a due event nobody sends (its entry died with a consumer mid-dequeue)
QUEUED_GRACE = dt.timedelta(seconds=10)  # a queued job no entry speaks for: taken off by a consumer that died
# before claiming it, or lost with a Redis restarted without its data (only looked for once the queue is empty)
EXPIRE_EVERY = 60  # sweeps between deletions of expired results and idempotency keys


class _SqliteStorage(SqliteStorage):
    """huey's SQLite storage with ``synchronous=normal`` in WAL mode, like pdflet's own database.

    huey leaves SQLite's default (FULL: an fsync per commit, ~6 ms each here, three commits
    a job); NORMAL keeps everything across a killed process and keeps the file sound on a
    power cut, losing at most the last commits.
    """

    def _create_connection(self):  # type: ignore[no-untyped-def]
        conn = super()._create_connection()
        conn.execute("pragma synchronous=1")
        return conn

    # huey wraps each of these in ``begin exclusive … commit``, and dequeue first looks with a
    # read of its own: three or five statements, and a commit, where one autocommit statement
    # is as atomic (two consumers cannot both take a row: the DELETE takes the write lock).
    def enqueue(self, data: bytes, priority: float | None = None) -> None:
        with self.lock:
            self.conn.execute("insert into task (queue, data, priority) values (?, ?, ?)",
                              (self.name, self.to_blob(data), priority or 0))

    def dequeue(self) -> bytes | None:
        with self.lock:
            rows = self.conn.execute(_DEQUEUE, (self.name,)).fetchall()  # all rows read: the statement committed
        return rows[0][0] if rows else None


_DEQUEUE = ("delete from task where id = (select id from task where queue = ? order by priority desc, id limit 1) "
            "returning data")


class _NoRevokes:
    """huey without revoking: pdflet never revokes a task (the job row says whether it still runs).

    huey looks up a task's revoke flags before running it and deletes them after: a read and
    a write transaction per task (an exclusive lock on SQLite), a third of the queue's own
    statements, for a feature pdflet does not use.
    """

    def is_revoked(self, task: Any, timestamp: Any = None, peek: bool = True) -> bool:
        return False

    def delete(self, key: str) -> Any:
        if key.startswith(_REVOKE_PREFIX):
            return False
        return super().delete(key)  # type: ignore[misc]


_REVOKE_PREFIX = "r:"  # huey's Task.revoke_id


class _Huey(_NoRevokes, huey.Huey):
    pass


class _PriorityRedisHuey(_NoRevokes, huey.PriorityRedisHuey):
    pass


def make_huey(settings: Settings) -> huey.Huey:
    if settings.redis_url:
        # the priority flavour: deliveries go ahead of queued renders there too (plain RedisHuey refuses priorities)
        return _PriorityRedisHuey("pdflet-jobs", url=settings.redis_url, results=False, utc=True)
    path = Path(settings.data_dir) / "queue.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    return _Huey("pdflet-jobs", filename=str(path), results=False, utc=True, storage_class=_SqliteStorage)


class JobQueue:
    """Enqueueing (any web process) and consuming (``serve`` or ``worker``) jobs and deliveries."""

    def __init__(self, settings: Settings, store: ResultStore | None = None) -> None:
        self.settings = settings
        self.store = store or make_result_store(settings.results_dir)
        self.huey = make_huey(settings)
        self.runner: JobRunner | None = None
        self._sweeps = 0
        self.on_delivery: Callable[[webhook_delivery.AttemptResult], None] = lambda result: None
        self._run = self.huey.task(name="pdflet.run_job")(self._run_job)
        # deliveries go ahead of queued jobs (where the storage has priorities), so a backlog of
        # renders does not hold back the webhooks of jobs already done
        self._deliver = self.huey.task(name="pdflet.deliver", priority=10)(self._deliver_event)

    # -- producing
    def enqueue_job(self, job_id: str) -> None:
        self._run(job_id)

    def enqueue_delivery(self, event_id: str, delay: float = 0.0) -> None:
        if delay > 0:
            self._deliver.schedule((event_id,), delay=delay)
        else:
            self._deliver(event_id)

    def pending(self) -> int:
        return self.huey.pending_count()

    # -- consuming (huey calls these in its worker threads)
    def _run_job(self, job_id: str) -> None:
        if self.runner is not None:
            self.runner.run(job_id)

    def _deliver_event(self, event_id: str) -> None:
        attempt, delay = webhook_delivery.deliver(event_id, self.settings)
        if attempt is not None:
            self.on_delivery(attempt)
        if delay is not None:
            self.enqueue_delivery(event_id, delay)

    def sweep(self) -> None:
        """Re-enqueue what the queue lost; delete expired results."""
        for job_id in jobs.lost_jobs():
            log.warning("job %s was running in a consumer that stopped; queued again", job_id)
            self.enqueue_job(job_id)
        if self.pending() == 0:
            now = utcnow()
            for job_id in jobs.stale_queued(now - QUEUED_GRACE):
                self.enqueue_job(job_id)
            for event_id in webhook_delivery.due_events(now - EVENT_GRACE):
                self.enqueue_delivery(event_id)
        self._sweeps += 1
        if self._sweeps % EXPIRE_EVERY == 1:
            jobs.expire_results(self.store)
            idempotency.expire(self.store)


# huey logs two INFO lines per task ("Executing …", "… executed in"): at a hundred jobs a second
# they were most of a server's log, written on the web process's interpreter. pdflet logs what
# matters of a job itself (failures, take-overs); huey's warnings and errors still show.
logging.getLogger("huey").setLevel(logging.WARNING)


class _EmbeddedConsumer(Consumer):
    """huey's consumer without its signal handlers: inside ``pdflet serve`` the server owns the signals."""

    def _set_signal_handlers(self) -> None:
        return None


class ConsumerHost:
    """huey worker threads, huey's scheduler and pdflet's sweeper, started and stopped together."""

    def __init__(self, queue: JobQueue, workers: int, *, embedded: bool) -> None:
        self.queue = queue
        cls = _EmbeddedConsumer if embedded else Consumer
        self.consumer = cls(queue.huey, workers=workers, periodic=False, worker_type="thread",
                            initial_delay=0.05, backoff=1.5, max_delay=1.0, check_worker_health=True,
                            shutdown_timeout=queue.settings.render_timeout + 5)
        self._stop = threading.Event()
        self._sweeper = threading.Thread(target=self._sweep_loop, name="pdflet-sweeper", daemon=True)

    def _sweep_loop(self) -> None:
        while not self._stop.wait(SWEEP_SECONDS):
            try:
                self.queue.sweep()
            except Exception:  # a database hiccup: try again next round
                log.exception("job sweep failed")

    def start(self) -> None:
        self.consumer.start()
        self._sweeper.start()

    def run(self) -> None:
        """Consume in the foreground until SIGINT/SIGTERM (``pdflet worker``)."""
        self._sweeper.start()
        try:
            self.consumer.run()
        finally:
            self._stop.set()

    def stop(self) -> None:
        self._stop.set()
        if self.queue.runner is not None:
            self.queue.runner.closing.set()  # a job held back for sync renders runs now, or the stop would wait
        self.consumer.stop(graceful=True)
