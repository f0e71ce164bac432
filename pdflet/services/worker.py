"""Code that runs inside a render worker process.

Each worker builds its own plugin manager once (in :func:`init`) and keeps it in
``_STATE`` for the life of the process: that dictionary is process-local by construction,
never shared with the web process, and is the one piece of module state here.
"""

from __future__ import annotations

import logging
import resource
import signal
from typing import Any

from pdflet.config import Settings
from pdflet.errors import RenderFailed
from pdflet.pipeline import render_request
from pdflet.plugins import make_plugin_manager
from pdflet.request import RenderOutput, RenderRequest

log = logging.getLogger(__name__)
_STATE: dict[str, Any] = {}
MIB = 1024 * 1024


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
        exc.__cause__ = exc.__context__ = None
        exc.__traceback__ = None
        raise
