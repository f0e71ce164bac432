"""The admin's URL map, handed to the app by ``pdflet serve``."""

from __future__ import annotations

from typing import Any

from pdflet.admin import audit, auth, jobs, keys, renderers, sessions, setup, tryit, usage, users
from pdflet.admin.base import AdminNotFoundHandler
from pdflet.admin.templating import make_environment
from pdflet.web.context import AppContext


def admin_routes(ctx: AppContext) -> list[tuple[str, type, dict[str, Any]]]:
    """Routes of the admin, sharing one Jinja environment per app.

    The admin keeps no state of its own between requests (sessions live in the database,
    one-time messages in a signed cookie), so any number of instances can serve it.
    """
    shared = {"env": make_environment(ctx.settings.templates_dir)}
    table: list[tuple[str, type]] = [
        (r"/admin/?", auth.IndexHandler),
        (r"/admin/login/?", auth.LoginHandler),
        (r"/admin/logout/?", auth.LogoutHandler),
        (r"/admin/keys/?", keys.KeysHandler),
        (r"/admin/keys/([0-9]+)/revoke/?", keys.KeyRevokeHandler),
        (r"/admin/keys/([0-9]+)/rotate/?", keys.KeyRotateHandler),
        (r"/admin/sessions/?", sessions.SessionsHandler),
        (r"/admin/sessions/([0-9a-f]{1,32})/revoke/?", sessions.SessionRevokeHandler),
        (r"/admin/usage/?", usage.UsageHandler),
        (r"/admin/jobs/?", jobs.JobsHandler),
        (r"/admin/jobs/secret/?", jobs.WebhookSecretHandler),
        (r"/admin/jobs/deliveries/([^/]{1,40})/retry/?", jobs.DeliveryRetryHandler),
        (r"/admin/try/?", tryit.TryItHandler),
        (r"/admin/renderers/?", renderers.RenderersHandler),
        (r"/admin/users/?", users.UsersHandler),
        (r"/admin/users/([0-9]+)/(deactivate|activate|password|staff|unstaff)/?", users.UserActionHandler),
        (r"/admin/audit/?", audit.AuditHandler),
        (r"/admin/setup/([A-Za-z0-9_-]{1,100})/?", setup.SetupHandler),
        (r"/admin/.*", AdminNotFoundHandler),
    ]
    return [(pattern, handler, shared) for pattern, handler in table]
