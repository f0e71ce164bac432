"""Renderers, usage, health, readiness, metrics and the OpenAPI document."""

from __future__ import annotations

import hmac

from pdflet.errors import InvalidRequest, NotAuthenticated, NotFound, ServiceUnavailable
from pdflet.plugins import DEFAULT_RENDERER, list_plugins
from pdflet.services.usage_report import report_json, usage_report
from pdflet.web.base import ApiHandler, BaseHandler, PreflightMixin
from pdflet.web.declare import AUTH_ERRORS, Operation, error, ok, ref
from pdflet.web.openapi import build_openapi, route_table

MAX_USAGE_DAYS = 366


class RenderersHandler(ApiHandler):
    route_name = "renderers"
    operations = {"GET": Operation(  # pdf:create: the list is for choosing a renderer to create PDFs with
        "listRenderers", "Installed renderers and plugins", "pdf:create",
        responses={"200": ok("Renderers", ref("Renderers")), **AUTH_ERRORS},
    )}

    def get(self) -> None:
        renderers = [
            {
                "name": r.name,
                "version": r.version,
                "description": r.description,
                "default": r.name == DEFAULT_RENDERER,
            }
            for r in self.ctx.renderers.values()
        ]
        plugins = [{"name": p.name, "version": p.version, "builtin": p.builtin} for p in list_plugins(self.ctx.pm)]
        self.write_json({"results": renderers, "plugins": plugins})


class UsageHandler(ApiHandler):
    route_name = "usage"
    operations = {"GET": Operation(
        "getUsage", "Requests, pages and bytes per day and per key", "usage:read",
        parameters=({"name": "days", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_USAGE_DAYS, "default": 30}},),
        responses={"200": ok("Usage", ref("Usage")), "400": error("Bad days"), **AUTH_ERRORS},
    )}

    def get(self) -> None:
        raw = self.get_query_argument("days", "30")
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_USAGE_DAYS:
            raise InvalidRequest(f"days must be a whole number from 1 to {MAX_USAGE_DAYS}.")
        self.write_json(report_json(usage_report(self.principal.user, int(raw))))


class HealthHandler(BaseHandler):
    route_name = "healthz"
    operations = {"GET": Operation("healthz", "The process is up", None, responses={"200": ok("Up", ref("Status"))})}

    def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.write({"status": "ok"})


class ReadyHandler(BaseHandler):
    """Ready: the database answers and the render pool can render (a cached canary, see RenderPool.ready)."""

    route_name = "readyz"
    operations = {"GET": Operation("readyz", "The database is reachable", None,
                                   responses={"200": ok("Ready", ref("Status")), "503": error("Not ready")})}

    async def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        try:
            self.ctx.db.execute_sql("SELECT 1").fetchone()
        except Exception:
            if not self.ctx.db.is_closed():
                self.ctx.db.close()  # a broken connection is reopened by the next query
            raise ServiceUnavailable("The database is not reachable.") from None
        if not await self.ctx.render_pool.ready():
            raise ServiceUnavailable("The render workers cannot render right now.", headers={"Retry-After": "1"})
        self.write({"status": "ready"})


class MetricsHandler(BaseHandler):
    """Prometheus text; behind ``PDFLET_METRICS_TOKEN`` and/or on ``PDFLET_METRICS_PORT`` when set."""

    route_name = "metrics"
    operations = {"GET": Operation("metrics", "Prometheus metrics", None, responses={"200": {
        "description": "Text exposition format", "content": {"text/plain": {"schema": {"type": "string"}}}}})}

    def prepare(self) -> None:
        settings = self.ctx.settings
        if settings.metrics_port and not self.application.settings.get("metrics_only"):
            raise NotFound(f"No route for {self.request.path}.")
        if settings.metrics_token:
            scheme, _, token = self.request.headers.get("Authorization", "").partition(" ")
            given = token.strip().encode("utf-8", "replace") if scheme.lower() == "bearer" else b""
            if not hmac.compare_digest(given, settings.metrics_token.encode()):
                raise NotAuthenticated("Send 'Authorization: Bearer <PDFLET_METRICS_TOKEN>' to read the metrics.")

    def get(self) -> None:
        self.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        self.finish(self.ctx.metrics.exposition())


class OpenApiHandler(PreflightMixin, BaseHandler):
    route_name = "openapi"
    operations = {"GET": Operation("openapi", "This document", None,
                                   responses={"200": ok("OpenAPI 3.1", {"type": "object"})})}

    def get(self) -> None:
        self.set_header("Content-Type", "application/json")
        self.write(build_openapi(self.ctx, route_table(self.application)))


class RootHandler(BaseHandler):
    """``/``: people type the bare address; the admin is what they are looking for."""

    route_name = "root"

    def get(self) -> None:
        self.redirect("/admin/")

    head = get
