"""The render pool: worker processes off the IOLoop, with a timeout, a bounded fair queue and healing.

Each worker has its own pipe (:mod:`pdflet.services.workers`), so a worker that dies —
mid-render, between renders, or while taking its next task — costs at most that one
task, and its slot starts a fresh process. A render lost that way is tried again, once
if the worker had started it (the document itself may be what kills workers: a second
death is the document's 422), up to :data:`HANDOVER_TRIES` times if it died before
starting it (never the document's doing); past that the caller gets a 503.

The queue bound is ours: past ``workers + render_queue_size`` renders in flight the
caller gets a 503 at once instead of piling up latency. Inside the bound, renders wait
in a :class:`~pdflet.services.fairshare.FairQueue` (one FIFO per user, round-robin), and
each key and user may have at most ``max_concurrent_per_key`` renders in flight (429).
A render whose caller went away is dropped from the queue, or its worker killed.
While other tenants have renders in flight, the renders of a tenant that was refused for its
cap lately run at a lower CPU priority (:mod:`pdflet.services.cpu_priority`).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from pdflet.config import Settings
from pdflet.errors import Busy, PdfletError, RenderFailed, RenderTimeout, ServiceUnavailable, Throttled
from pdflet.request import RenderOutput, RenderRequest
from pdflet.services.cpu_priority import InFlight, OverShare
from pdflet.services.fairshare import FairQueue, Shares
from pdflet.services.workers import WorkerLost, WorkerSlot

log = logging.getLogger("pdflet.rendering")

# Imported by the forkserver every worker is forked from; worker_preload warms the built-in renderer there.
PRELOAD = ["pdflet.services.worker", "pdflet.renderers.reportlab.plugin", "pdflet.services.worker_preload"]
HANDOVER_TRIES = 3  # a task lost before its worker started it is handed out at most this many times
START_BACKOFF = 0.5  # seconds a slot rests after failing to start a worker, so a broken setup does not spin
CANARY_HTML = "<p>ready</p>"
CANARY_TENANT = "canary"  # the readiness check's own renders: no user, so no one a flood must make way for
CANARY_FRESH = 5.0  # a render that succeeded this recently proves the pool can render
CANARY_FAILED_FRESH = 1.0  # a failed canary is believed this long before the next one runs
TEND_EVERY = 1.0  # seconds between looks for idle workers that died (killed, OOM-killed) to replace them


@dataclass(eq=False)
class Job:
    """One render on its way through the queue and, perhaps more than once, a worker."""

    request: RenderRequest
    names: tuple[str, ...]
    future: asyncio.Future
    tenant: str = ""
    slot: WorkerSlot | None = None
    attempts: list[bool] = field(default_factory=list)  # one entry per lost attempt: had the worker started it?


class RenderPool:
    """Renders requests in worker processes; one per web process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.timeout = settings.render_timeout
        self.capacity = settings.render_workers + settings.render_queue_size
        self.in_flight = 0
        self.timeouts = 0
        self.busy_refusals = 0
        self.throttled = 0
        self.abandoned = 0
        self.retries = 0
        self.shares = Shares(settings.max_concurrent_per_key)
        self._queue: FairQueue[Job] = FairQueue()
        self._running: dict[str, int] = {}  # renders on a worker now per tenant: the fewest go first
        self.niceness = settings.fair_nice  # for the renders of a tenant over its share; 0 = never demoted
        self.demotions = 0  # renders run at the lower priority, from their start or from another's arrival
        self._over_share = OverShare()
        self._tenants = InFlight()
        self._busy: dict[WorkerSlot, Job] = {}
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        self.slots = [WorkerSlot(context, settings) for _ in range(settings.render_workers)]
        self._idle = list(self.slots)
        self._threads = ThreadPoolExecutor(settings.render_workers, "pdflet-render")
        self._tasks: set[asyncio.Future] = set()
        self._last_success = 0.0
        self._canary: asyncio.Future | None = None
        self._canary_result = (0.0, False)
        self._closed = False
        self._tender: asyncio.Future | None = None
        for slot in self.slots:  # warm workers before the first request; failures show on first use
            self._threads.submit(_start_quietly, slot)

    async def render(self, request: RenderRequest, names: tuple[str, ...] = ()) -> tuple[RenderOutput, float]:
        """Render in a worker; returns the output and the seconds it took, queue included.

        ``names`` are the caller's ``key:<id>`` and ``user:<id>``: the last one is its tenant
        in the fair queue, and each is capped at ``max_concurrent_per_key`` renders in flight.

        Raises:
            Busy: the queue is full (503 with Retry-After).
            Throttled: this key or user already has its share of renders in flight (429).
            RenderTimeout: the render passed ``render_timeout``; its worker was replaced.
            RenderFailed: the document or a plugin failed, or the document killed its worker twice.
            ServiceUnavailable: workers kept dying before they could start the render (503).

        Cancelling the call (the caller's client disconnected) drops the render if it is still
        queued, or kills the worker rendering it.
        """
        if self._closed or self.in_flight >= self.capacity:
            self.busy_refusals += 1
            raise Busy(retry_after=max(1, round(self.timeout / 10)))
        self.check_share(names)
        self._start_tending()
        job = Job(request, names, asyncio.get_running_loop().create_future(), names[-1] if names else "")
        self.shares.add(names)
        counted = job.tenant != CANARY_TENANT
        if counted:
            self._tenants.add(job.tenant)
        self.in_flight += 1
        started = time.perf_counter()
        try:
            self._queue.push(job.tenant, job)
            self._pump()
            self.yield_cpu()  # a newcomer: renders of tenants over their share now make way for it
            output = await job.future
            self._last_success = time.monotonic()
            return output, time.perf_counter() - started
        except asyncio.CancelledError:
            if self._queue.discard(job.tenant, job):
                self.abandoned += 1  # still queued: nobody waits for it, give its turn to the next caller
            elif job.slot is not None:
                job.slot.kill()  # running: stop it in its worker, the slot starts a fresh one
            raise
        finally:
            self.shares.remove(names)
            if counted:
                self._tenants.remove(job.tenant)
            self.in_flight -= 1

    def check_share(self, names: tuple[str, ...]) -> None:
        """Refuse (429) a caller one of whose ``names`` already has its share of renders in flight.

        The web layer also calls this before it reads a request's body, so a flood past the cap
        costs the event loop little more than its authentication.

        Raises:
            Throttled: and the caller's tenant counts as over its share for a while.
        """
        if self.shares.full(names):
            self.throttled += 1
            if names:
                self._over_share.refused(names[-1])
                self.yield_cpu()  # its renders running now make way for the others' at once
            raise Throttled(f"At most {self.shares.cap} renders may be in flight at once for one key or user; "
                            "wait for one to finish.", retry_after=1)

    def _start_tending(self) -> None:
        if self._tender is None:
            self._tender = asyncio.ensure_future(self._tend())

    async def _tend(self) -> None:
        """Replace idle workers that died, so the next renders do not pay for their start."""
        loop = asyncio.get_running_loop()
        while not self._closed:
            await asyncio.sleep(TEND_EVERY)
            for slot in [s for s in self._idle if not s.ready]:
                self._idle.remove(slot)
                try:
                    await loop.run_in_executor(self._threads, slot.ensure_started)
                except Exception as exc:
                    log.error("could not start a render worker: %s", exc)
                finally:
                    self._idle.append(slot)
                    self._pump()

    def _pump(self) -> None:
        """Hand queued jobs to idle workers, fair-queue order."""
        while self._idle and len(self._queue):
            job = self._queue.pop(lambda tenant: self._running.get(tenant, 0))
            if job is None or job.future.done():
                continue
            slot = self._idle.pop()
            job.slot = slot
            self._busy[slot] = job
            self._running[job.tenant] = self._running.get(job.tenant, 0) + 1
            task = asyncio.ensure_future(self._run(slot, job))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _run(self, slot: WorkerSlot, job: Job) -> None:
        """One attempt of ``job`` on ``slot``; then the slot gets a live worker and goes back to work."""
        loop = asyncio.get_running_loop()
        try:
            outcome = await self._attempt(loop, slot, job)
            if outcome is not None and not job.future.done():
                status, value = outcome
                if status == "ok":
                    job.future.set_result(value)
                else:
                    job.future.set_exception(value)
        except Exception:  # a bug here must not strand the caller or lose the slot
            log.exception("render pool failure")
            if not job.future.done():
                job.future.set_exception(ServiceUnavailable("The render pool failed; try again shortly."))
        finally:
            job.slot = None
            self._busy.pop(slot, None)
            left = self._running.pop(job.tenant, 1) - 1
            if left > 0:
                self._running[job.tenant] = left
            try:
                await loop.run_in_executor(self._threads, slot.ensure_started)
            except Exception as exc:
                log.error("could not start a render worker: %s", exc)
                await asyncio.sleep(START_BACKOFF)
            self._idle.append(slot)
            self._pump()

    async def _attempt(self, loop: asyncio.AbstractEventLoop, slot: WorkerSlot,
                       job: Job) -> tuple[str, Any] | None:
        """Run ``job`` once; None when it was lost and queued again (or its caller left).

        Two clocks, each ``render_timeout`` long: the hand-over (a fresh worker starting up and
        reading the task) and then the render itself, as the timeout always meant.
        """
        started = loop.create_future()

        def mark_started() -> None:  # on the event loop
            if not started.done():
                started.set_result(None)
            self.yield_cpu()  # a render of a tenant over its share starts demoted if others render

        def on_started() -> None:
            loop.call_soon_threadsafe(mark_started)

        niceness = self.niceness if self._over_share_now(job.tenant) else 0
        self.demotions += niceness > 0
        run = functools.partial(slot.run, job.request, on_started, niceness=niceness)
        running = loop.run_in_executor(self._threads, run)
        try:
            done, _ = await asyncio.wait({running, started}, timeout=self.timeout,
                                         return_when=asyncio.FIRST_COMPLETED)
            if not done:  # the worker never read its task: lost in the hand-over
                slot.kill()
                await _settle(running)
                raise WorkerLost(False, None)
            done, _ = await asyncio.wait({running}, timeout=self.timeout)
            if not done:
                slot.kill()
                await _settle(running)
                self.timeouts += 1
                return "error", RenderTimeout(f"Rendering took longer than {self.timeout:g} s and was stopped.")
            return running.result()
        except WorkerLost as lost:
            if job.future.done():
                return None  # killed because its caller went away
            return self._after_loss(job, lost)

    def _after_loss(self, job: Job, lost: WorkerLost) -> tuple[str, Any] | None:
        """Queue a lost job again at the front of its FIFO, or give up with the contract's error."""
        job.attempts.append(lost.started)
        deaths_in_render = sum(job.attempts)
        if deaths_in_render >= 2:
            return "error", RenderFailed(
                f"The render worker died twice on this document (exit code {lost.exitcode}); "
                "it may need more memory than allowed."
            )
        if len(job.attempts) - deaths_in_render >= HANDOVER_TRIES:
            return "error", ServiceUnavailable("Render workers keep failing to start; try again shortly.",
                                               headers={"Retry-After": "5"})
        self.retries += 1
        log.warning("%s; trying the render again", lost)
        self._queue.push(job.tenant, job, front=True)
        return None

    def _over_share_now(self, tenant: str) -> bool:
        """Should ``tenant``'s renders yield the CPU now: over its share, and another tenant rendering?"""
        return self.niceness > 0 and self._over_share.over(tenant) and self._tenants.others(tenant)

    def yield_cpu(self) -> None:
        """Lower the CPU priority of running renders whose tenant is over its share while others wait.

        A render handed out while that holds starts at the lower priority (see :meth:`_attempt`);
        this catches the renders that started before another tenant's arrived.
        """
        if self.niceness <= 0:
            return
        for slot, job in list(self._busy.items()):
            if slot.niceness < self.niceness and self._over_share_now(job.tenant) and slot.demote(self.niceness):
                self.demotions += 1

    async def ready(self) -> bool:
        """Can the pool render? A recent success says so; otherwise a small canary render, shared and cached."""
        self._start_tending()
        now = time.monotonic()
        if now - self._last_success < CANARY_FRESH:
            return True
        checked, ok = self._canary_result
        if now - checked < CANARY_FAILED_FRESH:
            return ok
        if self._canary is None or self._canary.done():
            self._canary = asyncio.ensure_future(self._run_canary())
        return await asyncio.shield(self._canary)

    async def _run_canary(self) -> bool:
        try:
            await asyncio.wait_for(self.render(RenderRequest(html=CANARY_HTML), (CANARY_TENANT,)),
                                   min(self.timeout, CANARY_FRESH))
            ok = True
        except (asyncio.TimeoutError, PdfletError) as exc:
            log.warning("readiness canary render failed: %s", exc)
            ok = False
        self._canary_result = (time.monotonic(), ok)
        return ok

    def worker_pids(self) -> list[int]:
        """The live workers' process ids (for tests and operators)."""
        return [pid for pid in (slot.pid for slot in self.slots) if pid is not None]

    def close(self, wait: float = 10.0) -> None:
        """Stop taking work, let running renders finish up to ``wait`` seconds, then stop the workers."""
        self._closed = True
        deadline = time.monotonic() + wait
        for slot in self.slots:
            slot.stop(deadline - time.monotonic())
        self._threads.shutdown(wait=False, cancel_futures=True)


def _start_quietly(slot: WorkerSlot) -> None:
    try:
        slot.ensure_started()
    except Exception as exc:
        log.error("could not start a render worker: %s", exc)


async def _settle(future: asyncio.Future) -> None:
    """Wait for a killed worker's thread to notice, ignoring how it ended."""
    with contextlib.suppress(Exception):
        await future
