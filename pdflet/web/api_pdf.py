"""``POST /api/v1/pdf/``: the product."""

from __future__ import annotations

import asyncio
import logging

from pdflet.errors import PdfletError
from pdflet.pipeline import validate_request
from pdflet.services import usage
from pdflet.web.base import ApiHandler

log = logging.getLogger("pdflet.render")


class PdfHandler(ApiHandler):
    route_name = "pdf"
    required_scope = "pdf:create"
    _render: asyncio.Future | None = None

    def on_connection_close(self) -> None:
        """A client that gave up (a timeout, a closed tab) should not keep a render queued."""
        if self._render is not None and not self._render.done():
            self._render.cancel()
        super().on_connection_close()

    async def post(self) -> None:
        principal = self.principal
        assert principal is not None
        request = validate_request(self.ctx.pm, self.json_body())
        if principal.is_test:
            request.watermark = "TEST"
        metrics = self.ctx.metrics
        metrics.queue_depth.inc()
        self._render = asyncio.ensure_future(self.ctx.render_pool.render(request))
        try:
            output, seconds = await self._render
        except PdfletError as exc:
            metrics.render_errors.labels(exc.code).inc()
            raise
        except asyncio.CancelledError:  # the client disconnected (on_connection_close)
            metrics.render_errors.labels("client_closed").inc()
            self.set_status(499, "Client Closed Request")
            return
        finally:
            metrics.queue_depth.dec()
        metrics.render_seconds.labels(output.renderer).observe(seconds)
        metrics.pages.inc(output.pages)
        metrics.bytes.inc(len(output.data))
        self.pages = output.pages
        try:
            await self.run_io(usage.record_for, principal, output.pages, len(output.data))
        except Exception:  # metering must never cost the caller their PDF
            log.exception("could not record usage [%s]", self.request_id)
        self.set_header("Content-Type", "application/pdf")
        self.set_header("Content-Disposition", f'inline; filename="{request.filename}"')
        self.set_header("X-Pdflet-Pages", str(output.pages))
        self.set_header("X-Pdflet-Renderer", output.renderer)
        self.set_header("Cache-Control", "no-store")
        self.finish(output.data)
