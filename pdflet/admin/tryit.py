"""Try it: render HTML from the browser through the same validation, pool and limits as ``POST /api/v1/pdf/``.

Previews are metered like API renders of the same user with a bearer token: they count in
the render metrics, take from the user's per-minute rate limit, and are recorded in usage
(``services.usage.record_for``, the function the API calls), so "Try it" is no way around
either.

The PDF comes back inside the page as a ``data:`` URL shown in an ``<iframe>``: nothing is
kept on the server, so a preview works whichever instance behind a load balancer renders it.
"""

from __future__ import annotations

import base64

from pdflet.admin.base import AdminHandler
from pdflet.errors import InvalidRequest, PdfletError, Throttled
from pdflet.pipeline import validate_request
from pdflet.plugins import DEFAULT_RENDERER
from pdflet.request import RenderOutput
from pdflet.services import usage

PAGE_SIZES = ("A4", "Letter", "Legal", "A3", "A5")
EXAMPLE_HTML = """<!doctype html>
<html>
<head>
  <title>Invoice 2024-001</title>
  <style>
    body { font-family: sans-serif; color: #222; }
    h1 { color: #1f4e79; }
    table { border-collapse: collapse; width: 100%; }
    td, th { border-bottom: 1px solid #ccc; padding: 4pt; text-align: left; }
  </style>
</head>
<body>
  <h1>Invoice 2024-001</h1>
  <p>Thank you for your order.</p>
  <table>
    <tr><th>Item</th><th>Qty</th><th>Price</th></tr>
    <tr><td>Widget</td><td>2</td><td>€ 20.00</td></tr>
    <tr><td>Gadget</td><td>1</td><td>€ 35.00</td></tr>
  </table>
  <p><strong>Total: € 75.00</strong></p>
</body>
</html>
"""


class TryItHandler(AdminHandler):
    nav = "try"
    route_name = "admin_try"

    def form_context(self, html: str = EXAMPLE_HTML, renderer: str | None = None, page_size: str = "A4",
                     **extra: object) -> dict[str, object]:
        names = sorted(self.ctx.renderers)
        return {
            "html": html,
            "renderers": names,
            "renderer": renderer or (DEFAULT_RENDERER if DEFAULT_RENDERER in names else (names or [""])[0]),
            "page_sizes": PAGE_SIZES,
            "page_size": page_size,
            "result": None,
            "error": None,
            **extra,
        }

    def get(self) -> None:
        self.render_template("tryit.html", **self.form_context())

    async def post(self) -> None:
        html = self.get_body_argument("html", "")
        renderer = self.get_body_argument("renderer", "") or None
        page_size = self.get_body_argument("page_size", "A4")
        context = self.form_context(html=html, renderer=renderer, page_size=page_size)
        try:
            output, filename = await self.render_preview(html, renderer, page_size)
            context["result"] = {
                "data_url": "data:application/pdf;base64," + base64.b64encode(output.data).decode("ascii"),
                "filename": filename, "pages": output.pages, "size": len(output.data),
                "warnings": output.warnings,
            }
            status = 200
        except PdfletError as exc:
            context["error"] = exc.detail
            status = exc.status
        self.render_page("tryit.html", "_tryit_result.html", status=status, **context)

    async def render_preview(self, html: str, renderer: str | None, page_size: str) -> tuple[RenderOutput, str]:
        """Validate, rate-limit and render like the API does for a bearer token of this user."""
        settings = self.ctx.settings
        if len(html.encode("utf-8")) > settings.max_body_bytes:
            raise InvalidRequest(f"The document is larger than the {settings.max_body_bytes} bytes the API accepts.")
        if page_size not in PAGE_SIZES:
            raise InvalidRequest(f"Unknown page size {page_size!r}.")
        body: dict[str, object] = {"html": html, "options": {"page_size": page_size}}
        if renderer:
            body["renderer"] = renderer
        request = validate_request(self.ctx.pm, body)
        user = self.current_user
        decision = self.ctx.rate_limiter.hit(f"user:{user.id}", settings.rate_limit_per_minute)
        if not decision.allowed:
            raise Throttled(f"Rate limit of {decision.limit} renders per minute reached; try again in "
                            f"{decision.reset_seconds} s.", retry_after=decision.reset_seconds)
        metrics = self.ctx.metrics
        metrics.queue_depth.inc()
        try:
            output, seconds = await self.ctx.render_pool.render(request, (f"user:{user.id}",))
        except PdfletError as exc:
            metrics.render_errors.labels(exc.code).inc()
            raise
        finally:
            metrics.queue_depth.dec()
        metrics.render_seconds.labels(output.renderer).observe(seconds)
        metrics.pages.inc(output.pages)
        metrics.bytes.inc(len(output.data))
        await self.run_blocking(usage.record_for, self.principal, output.pages, len(output.data))
        return output, request.filename
