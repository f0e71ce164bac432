"""The renderers page: installed renderers and plugins, with their versions."""

from __future__ import annotations

from pdflet.admin.base import AdminHandler
from pdflet.plugins import DEFAULT_RENDERER, list_plugins


class RenderersHandler(AdminHandler):
    nav = "renderers"
    route_name = "admin_renderers"

    def get(self) -> None:
        renderers = sorted(self.ctx.renderers.values(), key=lambda r: (r.name != DEFAULT_RENDERER, r.name))
        self.render_template("renderers.html", renderers=renderers, default=DEFAULT_RENDERER,
                             plugins=list_plugins(self.ctx.pm))
