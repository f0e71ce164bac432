"""``POST /api/v1/pdf/``: the product."""

from __future__ import annotations

import asyncio
import base64
import logging

from pdflet.errors import PdfletError, Throttled
from pdflet.request import RenderRequest
from pdflet.services import usage
from pdflet.web import idempotent
from pdflet.web.base import ApiHandler
from pdflet.web.multipart import RenderBody, build_request, parse_render_body, request_limit

log = logging.getLogger("pdflet.render")
# A refusal for the cap is answered this late. Its Retry-After says a second, so a client that
# honours it loses nothing; one that asks again at once (a flood) gets a few refusals a second
# per connection instead of hundreds, each costing the web process what its authentication costs.
REFUSAL_DELAY = 0.25


def wants_report(body: RenderBody, accept: str) -> bool:
    """``"report": true`` in the body, or a client that accepts JSON and not PDF."""
    if body.report:
        return True
    accepted = [part.split(";", 1)[0].strip().lower() for part in accept.split(",")]
    return "application/json" in accepted and "application/pdf" not in accepted


class PdfHandler(ApiHandler):
    route_name = "pdf"
    required_scope = "pdf:create"
    _render: asyncio.Future | None = None

    def body_limit(self) -> int:
        """The document's budget plus the assets' (``PDFLET_MAX_ASSETS_BYTES``); each is checked on its own."""
        return request_limit(self.ctx.settings)

    async def admit(self, limit: int) -> None:
        """Also refuse (429) a caller that has its share of renders in flight, before its body is read,
        and after :data:`REFUSAL_DELAY`.

        A request that may be an idempotent replay is let through: its answer may need no render.
        """
        await super().admit(limit)
        if (self.principal is not None and self.request.method == "POST"
                and "Idempotency-Key" not in self.request.headers):
            try:
                self.ctx.render_pool.check_share(self.principal.share_names())
            except Throttled:
                await asyncio.sleep(REFUSAL_DELAY)  # costs no CPU; the body waits unread meanwhile
                raise

    def on_connection_close(self) -> None:
        """A client that gave up (a timeout, a closed tab) should not keep a render queued or running."""
        if self._render is not None and not self._render.done():
            self._render.cancel()
        super().on_connection_close()

    def parse_body(self) -> RenderBody:
        """The body (JSON or multipart) split into fields and assets, both within their budgets."""
        raw = self.body_bytes()
        return parse_render_body(self.request.headers.get("Content-Type", ""), raw, self.ctx.settings)

    async def post(self) -> None:
        body = self.parse_body()
        request = build_request(self.ctx.pm, body)
        await self.render_and_respond(request, wants_report(body, self.request.headers.get("Accept", "")))

    async def render_and_respond(self, request: RenderRequest, report: bool) -> None:
        """Render in the pool, meter it, and answer with the PDF or the JSON report."""
        principal = self.principal
        assert principal is not None
        if principal.is_test:
            request.watermark = "TEST"
        record, replay = await idempotent.claim(self, "pdf", request)
        if replay is not None:
            await idempotent.replay_pdf(self, replay)
            return
        metrics = self.ctx.metrics
        metrics.queue_depth.inc()
        self._render = asyncio.ensure_future(self.ctx.render_pool.render(request, principal.share_names()))
        try:
            output, seconds = await self._render
        except PdfletError as exc:
            metrics.render_errors.labels(exc.code).inc()
            await idempotent.remember_error(self, record, exc)
            raise
        except asyncio.CancelledError:  # the client disconnected (on_connection_close)
            metrics.render_errors.labels("client_closed").inc()
            await idempotent.remember_error(self, record, ConnectionAbortedError())
            self.set_status(499, "Client Closed Request")
            return
        finally:
            metrics.queue_depth.dec()
        metrics.render_seconds.labels(output.renderer).observe(seconds)
        metrics.pages.inc(output.pages)
        metrics.bytes.inc(len(output.data))
        self.pages = output.pages
        if record is not None:
            await idempotent.remember_pdf(self, record, output, request.filename)
        try:
            await self.run_io(usage.record_for, principal, output.pages, len(output.data))
        except Exception:  # metering must never cost the caller their PDF
            log.exception("could not record usage [%s]", self.request_id)
        self.set_header("X-Pdflet-Pages", str(output.pages))
        self.set_header("X-Pdflet-Renderer", output.renderer)
        self.set_header("X-Pdflet-Warnings", str(len(output.warnings)))
        self.set_header("Cache-Control", "no-store")
        if report:
            pdf = base64.b64encode(output.data).decode("ascii")
            self.write_json({"pdf": pdf, "pages": output.pages, "warnings": output.warnings})
            return
        self.set_header("Content-Type", "application/pdf")
        self.set_header("Content-Disposition", f'inline; filename="{request.filename}"')
        self.finish(output.data)
