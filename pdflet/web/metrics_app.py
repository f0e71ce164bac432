"""``/metrics`` on a port of its own (``PDFLET_METRICS_PORT``), so a firewall can keep scrapes internal.

The main port then answers 404 for ``/metrics``; the token (``PDFLET_METRICS_TOKEN``) still
applies when both are set. With several web processes the supervisor binds this port once and
every process serves it: each exposes the sum over all of them, so any one may answer.
"""

from __future__ import annotations

import socket

import tornado.httpserver
import tornado.netutil
import tornado.web

from pdflet.web.api_meta import MetricsHandler
from pdflet.web.base import NotFoundHandler
from pdflet.web.context import AppContext


def bind_metrics_sockets(host: str, port: int) -> list[socket.socket]:
    """The listening sockets of the metrics port (none when it is not set)."""
    return tornado.netutil.bind_sockets(port, host) if port else []


def start_metrics_server(ctx: AppContext, sockets: list[socket.socket]) -> tornado.httpserver.HTTPServer | None:
    """Serve ``/metrics`` (and JSON 404s) on ``sockets``; None when there are none."""
    if not sockets:
        return None
    app = tornado.web.Application(
        [(r"/metrics", MetricsHandler)], pdflet=ctx, metrics_only=True,
        default_handler_class=NotFoundHandler, log_function=lambda handler: None,
    )
    server = tornado.httpserver.HTTPServer(app, idle_connection_timeout=ctx.settings.idle_timeout,
                                           body_timeout=ctx.settings.body_timeout, max_body_size=1024)
    server.add_sockets(sockets)
    return server
