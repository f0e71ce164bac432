"""Try it: render HTML from the browser through the same validation, pool and limits as ``POST /api/v1/pdf/``.

Previews are metered like API renders of the same user with a bearer token: they count in
the render metrics, take from the user's per-minute rate limit, and are recorded in usage
(:mod:`pdflet.services.metered_render` and :mod:`pdflet.services.rate_limiting`, the functions
the API calls), so "Try it" is no way around either.

The PDF comes back inside the page as a ``data:`` URL shown in an ``<iframe>``: nothing is
kept on the server, so a preview works whichever instance behind a load balancer renders it.
"""

from __future__ import annotations

import base64

from pdflet.admin.base import AdminHandler
from pdflet.errors import InvalidRequest, PdfletError
from pdflet.pipeline import validate_request
from pdflet.plugins import DEFAULT_RENDERER
from pdflet.request import RenderOutput
from pdflet.services import metered_render, rate_limiting

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


EXAMPLE_CSS = "@page { @bottom-center { content: \"Page \" counter(page) \" of \" counter(pages); } }\n"
ORIENTATIONS = ("portrait", "landscape")
FIELDS = ("html", "css", "renderer", "page_size", "orientation", "margin")


class TryItHandler(AdminHandler):
    nav = "try"
    route_name = "admin_try"

    def form_context(self, form: dict[str, str] | None = None, **extra: object) -> dict[str, object]:
        """The form's values (the example on first view) and its choices."""
        names = sorted(self.ctx.renderers)
        default = DEFAULT_RENDERER if DEFAULT_RENDERER in names else (names or [""])[0]
        values = {"html": EXAMPLE_HTML, "css": EXAMPLE_CSS, "renderer": default, "page_size": "A4",
                  "orientation": "portrait", "margin": ""}
        values.update({k: v for k, v in (form or {}).items() if v or k in ("css", "margin")})
        return {
            "form": values,
            "renderers": names,
            "page_sizes": PAGE_SIZES,
            "orientations": ORIENTATIONS,
            "result": None,
            "error": None,
            **extra,
        }

    def get(self) -> None:
        self.render_template("tryit.html", **self.form_context())

    async def post(self) -> None:
        form = {name: self.get_body_argument(name, "") for name in FIELDS}
        context = self.form_context(form)
        try:
            output, filename = await self.render_preview(form)
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

    @staticmethod
    def request_body(form: dict[str, str]) -> dict[str, object]:
        """The JSON body the API would get for this form (what "copy as curl" sends too)."""
        page_size = form.get("page_size") or "A4"
        if page_size not in PAGE_SIZES:
            raise InvalidRequest(f"Unknown page size {page_size!r}.")
        orientation = form.get("orientation") or "portrait"
        if orientation not in ORIENTATIONS:
            raise InvalidRequest("Orientation must be portrait or landscape.")
        options: dict[str, object] = {"page_size": page_size, "orientation": orientation}
        if form.get("margin", "").strip():
            options["margin"] = form["margin"].strip()
        body: dict[str, object] = {"html": form.get("html", ""), "options": options}
        if form.get("css", "").strip():
            body["css"] = form["css"]
        if form.get("renderer"):
            body["renderer"] = form["renderer"]
        return body

    async def render_preview(self, form: dict[str, str]) -> tuple[RenderOutput, str]:
        """Validate, rate-limit and render like the API does for a bearer token of this user."""
        settings = self.ctx.settings
        if len((form.get("html", "") + form.get("css", "")).encode("utf-8")) > settings.max_body_bytes:
            raise InvalidRequest(f"The document is larger than the {settings.max_body_bytes} bytes the API accepts.")
        request = validate_request(self.ctx.pm, self.request_body(form))
        principal = self.principal
        assert principal is not None  # set with the browser session (AdminHandler.get_current_user)
        await rate_limiting.take(self.ctx.rate_limiter, principal, settings.rate_limit_per_minute, self.run_io)
        output = await metered_render.render(self.ctx.render_pool, self.ctx.metrics, principal, request)
        await metered_render.record_usage(principal, output, self.run_io, self.request_id)
        return output, request.filename
