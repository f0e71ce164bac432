"""The application factory: routes, settings and the access log."""

from __future__ import annotations

import json
import logging

import tornado.web

from pdflet.web import api_auth, api_jobs, api_keys, api_meta, api_pdf, gotenberg
from pdflet.web.base import BaseHandler, NotFoundHandler
from pdflet.web.context import AppContext
from pdflet.web.static import StaticFiles

access_log = logging.getLogger("pdflet.access")

API_ROUTES: list[tuple[str, type[tornado.web.RequestHandler]]] = [
    (r"/api/v1/pdf/?", api_pdf.PdfHandler),
    (r"/api/v1/pdf/jobs/?", api_jobs.JobsHandler),
    (r"/api/v1/pdf/jobs/([^/]+)/?", api_jobs.JobHandler),
    (r"/api/v1/pdf/jobs/([^/]+)/pdf", api_jobs.JobPdfHandler),
    (r"/api/v1/auth/jwt/create/?", api_auth.JwtCreateHandler),
    (r"/api/v1/auth/jwt/refresh/?", api_auth.JwtRefreshHandler),
    (r"/api/v1/auth/jwt/verify/?", api_auth.JwtVerifyHandler),
    (r"/api/v1/auth/jwt/logout/?", api_auth.JwtLogoutHandler),
    (r"/api/v1/auth/sessions/?", api_auth.SessionsHandler),
    (r"/api/v1/auth/sessions/([^/]+)/?", api_auth.SessionHandler),
    (r"/api/v1/keys/?", api_keys.KeysHandler),
    (r"/api/v1/keys/([^/]+)/?", api_keys.KeyHandler),
    (r"/api/v1/keys/([^/]+)/rotate/?", api_keys.KeyRotateHandler),
    (r"/api/v1/usage/?", api_meta.UsageHandler),
    (r"/api/v1/renderers/?", api_meta.RenderersHandler),
    (r"/api/v1/openapi\.json", api_meta.OpenApiHandler),
    (r"/healthz", api_meta.HealthHandler),
    (r"/readyz", api_meta.ReadyHandler),
    (r"/metrics", api_meta.MetricsHandler),
    *gotenberg.ROUTES,
]


def log_request(handler: tornado.web.RequestHandler) -> None:
    """One structured line per request: never the key, only its id."""
    status = handler.get_status()
    principal = getattr(handler, "principal", None)
    record = {
        "request_id": getattr(handler, "request_id", None),
        "method": (handler.request.method or "")[:16],  # an unknown method may be 30 KB long
        "path": handler.request.path,
        "status": status,
        "ms": round(handler.request.request_time() * 1000, 1),
        "ip": handler.request.remote_ip,
        "user_id": principal.user.id if principal else None,
        "key_id": principal.key.id if principal and principal.key else None,
        "pages": getattr(handler, "pages", None),
    }
    level = logging.INFO if status < 500 else logging.ERROR
    access_log.log(level, json.dumps(record, separators=(",", ":")))


def make_app(ctx: AppContext, extra_routes: list | None = None) -> tornado.web.Application:
    """Build the Tornado application around ``ctx`` (settings, plugin manager, database, pools)."""
    from pdflet.services.signing import derive

    routes = list(API_ROUTES) + list(extra_routes or []) + [(r"/", api_meta.RootHandler)]
    return tornado.web.Application(
        routes,
        pdflet=ctx,
        default_handler_class=NotFoundHandler,
        log_function=log_request,
        cookie_secret=derive(ctx.secret, "cookies"),
        template_path=str(ctx.settings.templates_dir),
        static_path=str(ctx.settings.static_dir),
        static_handler_class=StaticFiles,
        xsrf_cookies=False,
        debug=False,
        compress_response=False,
    )


__all__ = ["BaseHandler", "make_app"]
