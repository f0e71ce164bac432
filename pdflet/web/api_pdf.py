"""``POST /api/v1/pdf/``: the product."""

from __future__ import annotations

import asyncio
import base64

from pdflet.errors import PdfletError, Throttled
from pdflet.request import RenderRequest
from pdflet.services import metered_render
from pdflet.web import idempotent
from pdflet.web.base import ApiHandler
from pdflet.web.declare import (
    AUTH_ERRORS,
    BODY_ERRORS,
    IDEMPOTENCY,
    JSON,
    PDF,
    RATE_HEADERS,
    RENDER_ERRORS,
    REQUEST_ID,
    Operation,
    ref,
)
from pdflet.web.multipart import RenderBody, build_request, parse_render_body, request_limit

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


RENDERED = {  # the 200 of every render route
    "description": "The PDF, or the render report when asked for",
    "headers": {**REQUEST_ID, "X-Pdflet-Pages": {"schema": {"type": "integer"}},
                "X-Pdflet-Warnings": {"schema": {"type": "integer"}},
                "Content-Disposition": {"schema": {"type": "string"}}, **RATE_HEADERS},
    "content": {**PDF, JSON: {"schema": ref("RenderReport")}},
}
RENDER_FORM = {"multipart/form-data": {"schema": {"type": "object", "description": (
    "index.html (or a field html), other file parts as assets by file name, an options part "
    "with the JSON options, other fields as text; see docs/resources.md.")}}}


class PdfHandler(ApiHandler):
    route_name = "pdf"
    operations = {"POST": Operation(
        "createPdf", "Render HTML to PDF", "pdf:create", parameters=(IDEMPOTENCY,),
        forms={JSON: {"schema": ref("RenderRequest")}, **RENDER_FORM},  # validated by parse_render_body
        responses={"200": RENDERED, **BODY_ERRORS, **AUTH_ERRORS, **RENDER_ERRORS},
    )}
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
        record, replay = await idempotent.claim(self, "pdf", request)
        if replay is not None:
            await idempotent.replay_pdf(self, replay)
            return
        self._render = asyncio.ensure_future(metered_render.render(self.ctx.render_pool, self.ctx.metrics,
                                                                   principal, request))
        try:
            output = await self._render
        except PdfletError as exc:
            await idempotent.remember_error(self, record, exc)
            raise
        except asyncio.CancelledError:  # the client disconnected (on_connection_close)
            await idempotent.remember_error(self, record, ConnectionAbortedError())
            self.set_status(499, "Client Closed Request")
            return
        self.pages = output.pages
        if record is not None:
            await idempotent.remember_pdf(self, record, output, request.filename)
        await metered_render.record_usage(principal, output, self.run_io, self.request_id)
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
