"""Code that runs inside a render worker process.

Each worker builds its own plugin manager once (in :func:`init`) and keeps it in
``_STATE`` for the life of the process: that dictionary is process-local by construction,
never shared with the web process, and is the one piece of module state here.

:func:`serve` is the process's main loop. Each worker has its own pipe to the web process
(see :mod:`pdflet.services.workers`), so a worker that dies, at any point, takes nothing
down with it but the one task it held. A worker retires itself (exits after answering)
when it has done ``render_max_tasks`` renders, when a render ran out of memory, or when its
address space stays above half its cap: it never takes a task while full.
"""

from __future__ import annotations

import logging
import os
import resource
import signal
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
ACK = "ack"  # sent as soon as a task is read: the web process then knows the hand-over is done
RETIRE_FRACTION = 0.5  # past this share of the memory cap after a render, the worker makes way for a fresh one


def init(settings: Settings) -> None:
    """Build the plugin manager, cap memory, and warm fonts and caches with one tiny render.

    SIGINT is ignored: a Ctrl-C in the terminal reaches the whole process group, and the
    web process's graceful shutdown wants the renders in flight to finish. The pool still
    stops a worker with SIGTERM (timeouts) or SIGKILL.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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


def serve(conn: Connection, settings: Settings) -> None:
    """The worker's main loop: read a task, acknowledge it, answer, and retire when it should.

    Each answer is ``(status, value, retiring)``. ``None`` instead of a task, or the web
    process closing the pipe, ends the loop.
    """
    init(settings)
    done = 0
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        conn.send(ACK)
        status, value = _outcome(request)
        done += 1
        retiring = done >= settings.render_max_tasks or should_retire()
        del request
        conn.send((status, value, retiring))
        if retiring:
            return
