"""Render worker processes, one pipe each: the blocking half of the render pool.

Why not a pool library with one shared task pipe (pebble, multiprocessing.Pool): there,
every worker reads tasks from the same pipe under one shared lock. A worker that dies
inside that hand-over — SIGKILLed, or out of memory while unpickling the next task —
leaves the lock held or half a message in the pipe, and every other worker is stuck
with it; pebble then marks the whole pool broken ("Unexpected error within the Pool")
for good. Here each :class:`WorkerSlot` owns one process and one pipe: a death, whenever
it happens, loses at most the one task that worker held, and the slot starts a new
process for the next one.

Every method here blocks; :mod:`pdflet.services.rendering` calls them from threads and
keeps the scheduling, timeouts and retries on the event loop.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from typing import Any

from pdflet.config import Settings
from pdflet.request import RenderRequest
from pdflet.services import worker

log = logging.getLogger("pdflet.workers")
TICK = 0.5  # seconds between a caller's checks (``WorkerSlot.run(tick=…)``) while a render runs


class WorkerLost(Exception):
    """The worker died, or could not be started, before it answered.

    ``started`` tells whether it had acknowledged the task (the render itself may have
    killed it) or died before that (the hand-over: never the document's doing).
    """

    def __init__(self, started: bool, exitcode: int | None) -> None:
        super().__init__(f"render worker lost (exit code {exitcode}, task {'started' if started else 'not started'})")
        self.started = started
        self.exitcode = exitcode


class WorkerTimedOut(Exception):
    """``WorkerSlot.run``'s timeout passed, in the hand-over (``started`` False) or in the render."""

    def __init__(self, started: bool) -> None:
        super().__init__(f"render worker timed out ({'rendering' if started else 'taking its task'})")
        self.started = started


class WorkerSlot:
    """One worker process and its pipe; replaced whenever it dies or retires."""

    def __init__(self, context: BaseContext, settings: Settings,
                 target: Callable[[Connection, Settings], None] = worker.serve) -> None:
        self._context = context
        self._settings = settings
        self._target = target  # the worker's main loop (jobs' workers first lower their CPU priority)
        self._lock = threading.Lock()  # kill() from the event loop vs. reaping in a worker thread
        self._starting = threading.Lock()  # the warm-up start at boot vs. a first task on the same slot
        self.process: Any = None
        self.conn: Connection | None = None
        self.retiring = False
        self.started_count = 0  # processes started in this slot over its life
        self.render_thread: int | None = None  # the worker's thread rendering the current task, once acknowledged
        self.niceness = 0  # the current render's nice value: set at its hand-over, raised by :meth:`demote`

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    @property
    def ready(self) -> bool:
        return self.process is not None and not self.retiring and self.process.is_alive()

    def ensure_started(self) -> None:
        """Start a worker if this slot has none alive (it died, retired or was killed)."""
        with self._starting:
            if self.ready:
                return
            self._reap()
            parent, child = self._context.Pipe(duplex=True)
            process = self._context.Process(target=self._target, args=(child, self._settings),
                                            name="pdflet-render-worker", daemon=True)
            try:
                process.start()
            except BaseException:
                parent.close()
                raise
            finally:
                child.close()  # the worker holds the only other end: its death reads as EOF here
            with self._lock:
                self.process, self.conn, self.retiring = process, parent, False
                self.started_count += 1

    def run(self, request: RenderRequest, on_started: Callable[[], None] = lambda: None,
            timeout: float | None = None, tick: Callable[[bool], bool] | None = None,
            niceness: int = 0) -> tuple[str, Any]:
        """Hand ``request`` to this slot's worker and wait for its answer, however long it takes.

        ``niceness`` above 0 makes the worker render it at that lower CPU priority (on the
        render's own thread; see :meth:`demote`).

        ``on_started`` is called when the worker has read the task (its start-up is over: the
        render timeout runs from then). The caller bounds the wait by calling :meth:`kill`
        (timeouts, cancelled requests), or with ``timeout``: that long for the hand-over and
        as long again for the render, past which the worker is killed (a caller in a thread of
        its own needs no second thread to watch the clock). ``tick(started)``, if given, is
        called every :data:`TICK` seconds of waiting; the worker is killed when it returns False.

        Raises:
            WorkerLost: the worker died (or could not be started) before answering.
            WorkerTimedOut: ``timeout`` passed; the worker was killed.
        """
        try:
            self.ensure_started()
        except Exception as exc:
            log.error("could not start a render worker: %s", exc)
            raise WorkerLost(False, None) from None
        conn, process = self.conn, self.process
        assert conn is not None and process is not None
        started = False
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            conn.send((request, niceness))
            while True:
                if not conn.poll(0):
                    wait_for = None if deadline is None else max(0.0, deadline - time.monotonic())
                    if tick is not None:
                        wait_for = TICK if wait_for is None else min(wait_for, TICK)
                    if not wait([conn, process.sentinel], wait_for):
                        if (deadline is None or time.monotonic() < deadline) and (tick is None or tick(started)):
                            continue
                        self.kill()
                        self._reap()
                        raise WorkerTimedOut(started)
                    if not conn.poll(0):  # the sentinel fired: the process is gone, nothing left to read
                        raise EOFError
                message = conn.recv()
                if message[0] == worker.ACK:
                    started = True
                    if timeout is not None:
                        deadline = time.monotonic() + timeout
                    with self._lock:
                        self.render_thread, self.niceness = message[1], niceness if message[1] is not None else 0
                    on_started()
                    continue
                self._forget_render_thread()
                status, value, retiring = message
                self.retiring = bool(retiring)
                return status, value
        except (EOFError, OSError):
            self._forget_render_thread()
            self._reap()
            raise WorkerLost(started, process.exitcode) from None

    def _forget_render_thread(self) -> None:
        with self._lock:
            self.render_thread, self.niceness = None, 0

    def demote(self, niceness: int) -> bool:
        """Lower the CPU priority of the render running now to ``niceness`` (raise its nice value).

        Only the render's own thread is changed, and it ends with the render (see
        :mod:`pdflet.services.worker`): the worker's next task runs at its usual priority.
        False if there was nothing to demote (no render running, already that low, or the
        thread is gone).
        """
        with self._lock:
            process, thread = self.process, self.render_thread
            if process is None or thread is None or niceness <= self.niceness:
                return False
            if not os.path.exists(f"/proc/{process.pid}/task/{thread}"):
                return False  # not (or no longer) a thread of this worker: never touch another process
            try:
                os.setpriority(os.PRIO_PROCESS, thread, niceness)
            except OSError:  # ended meanwhile
                return False
            self.niceness = niceness
            return True

    def kill(self) -> None:
        """SIGKILL the current worker (a timed-out or abandoned render); the slot starts another."""
        with self._lock:
            process = self.process
            if process is not None and process.exitcode is None:
                process.kill()

    def _reap(self) -> None:
        """Forget a dead or retiring worker: close its pipe and collect its exit status."""
        with self._lock:
            process, conn = self.process, self.conn
            self.process = self.conn = None
            self.retiring = False
        if conn is not None:
            conn.close()
        if process is not None:
            process.join(5)
            if process.exitcode is None:
                process.kill()
                process.join()

    def stop(self, wait_seconds: float) -> None:
        """Ask the worker to exit after its current task; kill it past ``wait_seconds``."""
        with self._lock:
            process, conn = self.process, self.conn
        if process is None:
            return
        if conn is not None:
            with contextlib.suppress(OSError, ValueError):
                conn.send(None)
        process.join(max(0.0, wait_seconds))
        if process.exitcode is None:
            process.kill()
            process.join()
        with self._lock:
            self.process = self.conn = None
        if conn is not None:
            conn.close()
