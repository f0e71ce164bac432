"""One render as both front doors do it: in the pool, counted in the metrics, metered in usage.

``POST /api/v1/pdf/`` and the admin's "Try it" call these functions, so a preview is no
way around the render metrics, the fair-share caps or the usage report. The metrics are
passed in (the web layer owns the Prometheus registry); this module only needs the five
instruments named in :class:`RenderMetrics`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from pdflet.errors import PdfletError
from pdflet.request import RenderOutput, RenderRequest
from pdflet.services import usage
from pdflet.services.principal import Principal
from pdflet.services.rendering import RenderPool

log = logging.getLogger("pdflet.render")

CLIENT_CLOSED = "client_closed"  # the error label of a render whose caller went away


class RenderMetrics(Protocol):
    """The instruments of :class:`pdflet.web.metrics.Metrics` a render touches."""

    queue_depth: Any
    render_errors: Any
    render_seconds: Any
    pages: Any
    bytes: Any


async def render(pool: RenderPool, metrics: RenderMetrics, principal: Principal,
                 request: RenderRequest) -> RenderOutput:
    """Render ``request`` for ``principal`` in the pool, counting it (or its error) in the metrics.

    A test key's PDF is watermarked. Cancelling the call (a client that went away) counts
    as ``client_closed`` and cancels the render in the pool.
    """
    if principal.is_test:
        request.watermark = "TEST"
    metrics.queue_depth.inc()
    try:
        output, seconds = await pool.render(request, principal.share_names())
    except PdfletError as exc:
        metrics.render_errors.labels(exc.code).inc()
        raise
    except asyncio.CancelledError:
        metrics.render_errors.labels(CLIENT_CLOSED).inc()
        raise
    finally:
        metrics.queue_depth.dec()
    metrics.render_seconds.labels(output.renderer).observe(seconds)
    metrics.pages.inc(output.pages)
    metrics.bytes.inc(len(output.data))
    return output


async def record_usage(principal: Principal, output: RenderOutput, run_io: Callable[..., Awaitable[Any]],
                       request_id: str = "-") -> None:
    """Meter one finished render (a database write, through ``run_io``); never raises.

    Metering must never cost the caller a PDF that was already made: a failure is logged.
    """
    try:
        await run_io(usage.record_for, principal, output.pages, len(output.data))
    except Exception:
        log.exception("could not record usage [%s]", request_id)
