"""The render pool: worker processes off the IOLoop, with a timeout, a bounded queue and recycling.

pebble's ProcessPool kills and replaces a worker whose task passes the timeout, and
recycles workers after ``render_max_tasks`` renders (bounding leaks in any plugin).
The queue bound is ours: past ``workers + render_queue_size`` renders in flight the
caller gets a 503 at once instead of piling up latency.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import time

import pebble

from pdflet.config import Settings
from pdflet.errors import Busy, PdfletError, RenderFailed, RenderTimeout
from pdflet.request import RenderOutput, RenderRequest
from pdflet.services import worker

# Imported by the forkserver every worker is forked from; worker_preload warms the built-in renderer there.
PRELOAD = ["pdflet.services.worker", "pdflet.renderers.reportlab.plugin", "pdflet.services.worker_preload"]


def _ignore_outcome(future: asyncio.Future) -> None:
    """Retrieve an abandoned render's outcome so asyncio does not log it as never retrieved."""
    if not future.cancelled():
        future.exception()


class RenderPool:
    """Renders requests in worker processes; one per web process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.timeout = settings.render_timeout
        self.capacity = settings.render_workers + settings.render_queue_size
        self.in_flight = 0
        self.timeouts = 0
        self.busy_refusals = 0
        self.abandoned = 0
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        self._pool = pebble.ProcessPool(
            max_workers=settings.render_workers,
            max_tasks=settings.render_max_tasks,
            initializer=worker.init,
            initargs=(settings,),
            context=context,
        )

    async def render(self, request: RenderRequest) -> tuple[RenderOutput, float]:
        """Render in a worker; returns the output and the seconds it took.

        Raises:
            Busy: the queue is full (503 with Retry-After).
            RenderTimeout: the render passed ``render_timeout``; its worker was replaced.
            RenderFailed: the document, a plugin, or the worker itself failed.

        Cancelling the call (the caller's client disconnected) drops the render if it is still
        queued; one already running finishes in its worker and is thrown away.
        """
        if self.in_flight >= self.capacity:
            self.busy_refusals += 1
            raise Busy(retry_after=max(1, round(self.timeout / 10)))
        self.in_flight += 1
        started = time.perf_counter()
        future = waiter = None
        try:
            future = self._pool.schedule(worker.render, args=(request,), timeout=self.timeout)
            waiter = asyncio.wrap_future(future)
            # shield: cancelling this coroutine (the client went away) must not kill a worker mid-render
            output = await asyncio.shield(waiter)
            return output, time.perf_counter() - started
        except asyncio.CancelledError:
            if waiter is not None:
                waiter.add_done_callback(_ignore_outcome)
            if future is not None and not future.running():
                future.cancel()  # still queued: nobody waits for it, give its turn to the next caller
                self.abandoned += 1
            raise
        except concurrent.futures.TimeoutError:
            self.timeouts += 1
            raise RenderTimeout(f"Rendering took longer than {self.timeout:g} s and was stopped.") from None
        except pebble.ProcessExpired as exc:
            raise RenderFailed(
                f"The render worker died (exit code {exc.exitcode}); the document may need more memory than allowed."
            ) from None
        except PdfletError:
            raise
        except MemoryError:
            raise RenderFailed("The document needs more memory than a render worker is allowed.") from None
        except Exception as exc:
            raise RenderFailed(f"Rendering failed: {type(exc).__name__}: {exc}") from None
        finally:
            self.in_flight -= 1

    def close(self, wait: float = 10.0) -> None:
        """Stop taking work, let running renders finish up to ``wait`` seconds, then stop the workers."""
        self._pool.close()
        try:
            self._pool.join(timeout=wait)
        except TimeoutError:
            self._pool.stop()
            self._pool.join()
