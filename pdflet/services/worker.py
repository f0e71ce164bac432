"""Code that runs inside a render worker process.

Each worker builds its own plugin manager once (in :func:`init`) and keeps it in
``_STATE`` for the life of the process: that dictionary is process-local by construction,
never shared with the web process, and is the one piece of module state here.

:func:`serve` is the process's main loop. Each worker has its own pipe to the web process
(see :mod:`pdflet.services.workers`), so a worker that dies, at any point, takes nothing
down with it but the one task it held. A worker retires itself (exits after answering)
when it has done ``render_max_tasks`` renders, when a render ran out of memory, or when its
address space stays above half its cap: it never takes a task while full.

Each render runs on a thread of its own, started for that task: the web process may lower
that thread's CPU priority while the render runs (a tenant past its fair share, see
:mod:`pdflet.services.cpu_priority`). On Linux the nice value belongs to the thread, and an
unprivileged process can raise it but never lower it again; so the demotion ends with the
render's thread, and the next task's thread starts at the worker's own priority, without
the cost of a fresh worker.
"""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import signal
import sys
import threading
from multiprocessing.connection import Connection
from typing import Any

from pdflet.config import Settings
from pdflet.errors import PdfletError, RenderFailed
from pdflet.pipeline import render_request
from pdflet.plugins import make_plugin_manager
from pdflet.request import RenderOutput, RenderRequest

log = logging.getLogger(__name__)
_STATE: dict[str, Any] = {}
MIB = 1024 * 1024
ACK = "ack"  # sent as (ACK, render thread id) as soon as a task is read: the hand-over is done
RENDER_STACK_BYTES = 8 * MIB  # a render thread's stack: Linux's usual main-thread stack, whatever the libc default
RETIRE_FRACTION = 0.5  # past this share of the memory cap after a render, the worker makes way for a fresh one


def init(settings: Settings) -> None:
    """Build the plugin manager, cap memory, and warm fonts and caches with one tiny render.

    SIGINT is ignored: a Ctrl-C in the terminal reaches the whole process group, and the
    web process's graceful shutdown wants the renders in flight to finish. The pool still
    stops a worker with SIGTERM (timeouts) or SIGKILL.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.stack_size(RENDER_STACK_BYTES)
    if settings.render_memory_mb > 0:
        limit = settings.render_memory_mb * MIB
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    pm = make_plugin_manager(settings)
    _STATE["pm"] = pm
    _STATE["max_pages"] = settings.max_pages
    _STATE["memory_limit"] = settings.render_memory_mb * MIB
    try:
        render_request(pm, RenderRequest(html="<p>pdflet</p>"))
    except Exception:  # a broken plugin shows on the first real request, with its reason
        log.exception("render worker warm-up failed")


def render(request: RenderRequest) -> RenderOutput:
    """Render one request with this worker's plugin manager.

    A failure's chained exceptions are dropped before it leaves: their tracebacks hold the
    renderer's frames, and with them whatever the document allocated (after a MemoryError,
    up to the whole memory cap), which the pool would otherwise keep alive into the next render.
    """
    try:
        output = render_request(_STATE["pm"], request)
        limit = _STATE.get("max_pages", 0)
        if limit and output.pages > limit:
            raise RenderFailed(f"The document has {output.pages} pages; this server renders at most {limit}.")
        return output
    except Exception as exc:
        if _ran_out_of_memory(exc):
            _STATE["out_of_memory"] = True
        exc.__cause__ = exc.__context__ = None
        exc.__traceback__ = None
        raise


def _ran_out_of_memory(exc: BaseException | None) -> bool:
    """True if ``exc`` or anything it was raised from or during is a MemoryError (renderers wrap it)."""
    seen = 0
    while exc is not None and seen < 50:
        if isinstance(exc, MemoryError):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def address_space() -> int:
    """This process's virtual size in bytes (what RLIMIT_AS counts); 0 where /proc is missing."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def should_retire() -> bool:
    """A render ran out of memory, or the process stayed large: the next task gets a fresh worker."""
    limit = _STATE.get("memory_limit", 0)
    return bool(_STATE.pop("out_of_memory", False)) or (limit > 0 and address_space() > limit * RETIRE_FRACTION)


def _outcome(request: RenderRequest) -> tuple[str, Any]:
    """Render and turn any failure into something that pickles: a PdfletError."""
    try:
        return "ok", render(request)
    except PdfletError as exc:
        return "error", exc
    except MemoryError:
        _STATE["out_of_memory"] = True
        return "error", RenderFailed("The document needs more memory than a render worker is allowed.")
    except Exception as exc:
        return "error", RenderFailed(f"Rendering failed: {type(exc).__name__}: {exc}")


def _render_on_thread(conn: Connection, request: RenderRequest, niceness: int = 0) -> tuple[str, Any]:
    """Render ``request`` on a fresh thread, which first acknowledges it with its own thread id.

    The acknowledgement comes before the render begins, so a render that kills its worker is
    known to have started. ``niceness`` above 0 lowers the thread's CPU priority first (Linux
    only: elsewhere the nice value is the whole process's, and would stay). If no thread can
    be started (the memory cap reached), the render runs here, on the main thread, whose
    priority is never lowered (the id sent is then None).
    """
    result: list[tuple[str, Any]] = []

    def run() -> None:
        if niceness > 0 and sys.platform == "linux":
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, 0, niceness)  # this thread only
        conn.send((ACK, threading.get_native_id()))
        result.append(_outcome(request))

    thread = threading.Thread(target=run, name="pdflet-render", daemon=True)
    try:
        thread.start()
    except RuntimeError:  # "can't start new thread"
        conn.send((ACK, None))
        return _outcome(request)
    thread.join()
    return result[0] if result else ("error", RenderFailed("Rendering failed: the render thread ended early."))


def serve(conn: Connection, settings: Settings) -> None:
    """The worker's main loop: read a task, acknowledge it, answer, and retire when it should.

    Each answer is ``(status, value, retiring)``. ``None`` instead of a task, or the web
    process closing the pipe, ends the loop.
    """
    init(settings)
    done = 0
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        request, niceness = task
        del task
        status, value = _render_on_thread(conn, request, niceness)
        done += 1
        retiring = done >= settings.render_max_tasks or should_retire()
        del request
        conn.send((status, value, retiring))
        if retiring:
            return
