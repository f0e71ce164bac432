"""A real HTTP server on 127.0.0.1 for the remote fetcher's tests, with a log of every request.

Routes map a path to ``(status, headers, body)`` or to a callable taking the handler
and returning that triple (a header set to None is left out: ``"Content-Length": None``
sends a body of undeclared length) (to look at the request's headers, or to stall). The log
lists ``(path, headers)`` of each request received, which is how a test proves a
refused URL was never fetched.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = tuple[int, dict[str, str], bytes]


@dataclass
class FetchServer:
    port: int
    routes: dict[str, Answer | Callable[[Any], Answer]]
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    httpd: Any = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def paths(self) -> list[str]:
        return [path for path, _ in self.log]


def _handler(state: FetchServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            state.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = state.routes.get(self.path.split("?", 1)[0], (404, {}, b"not found"))
            status, headers, body = route(self) if callable(route) else route
            self.send_response(status)
            for name, value in headers.items():
                if value is not None:
                    self.send_header(name, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            else:  # None: no length, the body ends when the connection closes
                self.close_connection = True
            self.end_headers()
            with suppress(OSError):
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up mid-answer is what several tests do on purpose."""


@contextmanager
def fetch_server(routes: dict[str, Any] | None = None) -> Iterator[FetchServer]:
    state = FetchServer(0, dict(routes or {}))
    httpd = _QuietServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    state.httpd = httpd
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def tiny_png() -> bytes:
    """A 4 by 4 red PNG."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (255, 0, 0)).save(out, "PNG")
    return out.getvalue()


def tiny_woff2(text: str = "Remote font ABC") -> bytes:
    """A WOFF2 subset of a bundled font holding just the glyphs of ``text``."""
    import io
    from pathlib import Path

    from fontTools import subset
    from fontTools.ttLib import TTFont

    source = Path(__file__).resolve().parents[1] / "pdflet/renderers/reportlab/fonts/DejaVuSerif-BoldItalic.ttf"
    font = TTFont(source)
    options = subset.Options()
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def local_resolver(names: dict[str, str]):
    """getaddrinfo, except that ``names`` resolve to the given loopback addresses (there is no DNS here)."""
    import socket

    def resolve(host, port, family=0, type=0, proto=0, flags=0):
        if host in names:
            ip = names[host]
            fam = socket.AF_INET6 if ":" in ip else socket.AF_INET
            sockaddr = (ip, port) if fam == socket.AF_INET else (ip, port, 0, 0)
            return [(fam, socket.SOCK_STREAM, 6, "", sockaddr)]
        return socket.getaddrinfo(host, port, family, type, proto, flags)

    return resolve
