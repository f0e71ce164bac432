"""The HTTP server's connection guards: a cap on open connections, and accepting that survives EMFILE.

Tornado keeps every accepted connection until the client closes it or a timeout fires, and its
accept loop lets ``EMFILE`` escape to asyncio, which logs a traceback each time the loop polls
the still-readable listening socket. 1,100 idle connections against ``ulimit -n 1024`` so made
``/healthz`` time out and wrote 55 MB of "Too many open files". Here:

- at most ``max_connections`` connections are open per process. When one more arrives, the
  connection idle longest (no request in progress: waiting for its first or next request line)
  is closed to make room, so clients that hold sockets without sending requests cannot lock
  others out; when every connection has a request in progress the newcomer gets a JSON 503
  ``busy`` and is closed. A request is in progress once its whole head has arrived (parsed, or
  still unread in the socket or Tornado's buffer) until its response is finished: Tornado starts
  reading a new connection only on a later turn of the loop, so a connection accepted a moment
  ago with its request already sent must not count as idle. Part of a head (a slowloris client)
  does not count, and a connection whose client has hung up is idle, so closed keep-alive
  connections Tornado has not noticed yet make room first.
- ``EMFILE``/``ENFILE`` on accept pauses accepting for a moment and is logged at most once per
  :data:`LOG_EVERY` seconds, with the number of further occurrences.

The header, idle and body timeouts are Tornado's own (``idle_connection_timeout``,
``body_timeout``); :func:`make_server` sets them from the settings.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import re
import resource
import socket
import time
from typing import Any

import tornado.httpserver
import tornado.httputil
import tornado.ioloop
import tornado.iostream
import tornado.web

from pdflet.config import Settings
from pdflet.web.raw_responses import answer_malformed_in_json, error_response

log = logging.getLogger("pdflet.connections")

LOG_EVERY = 10.0  # seconds between two log lines about the same resource shortage
ACCEPT_PAUSE = 0.1  # seconds without accepting after EMFILE, so the loop does not spin on a readable socket
FD_RESERVE = 64  # descriptors kept for the database, Redis, logs, the listening sockets
FD_PER_WORKER = 8  # and for each render worker (its pipes and locks)
_NO_DESCRIPTORS = (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM)
HEAD_PEEK_BYTES = 65536  # Tornado's default limit on a request head
_HEAD_END = re.compile(rb"\r?\n\r?\n")  # how Tornado finds the end of a request head


class RateLimitedLog:
    """One log line per ``every`` seconds for a repeating condition, with how often it was dropped."""

    def __init__(self, logger: logging.Logger, every: float = LOG_EVERY) -> None:
        self.logger, self.every = logger, every
        self.last = float("-inf")
        self.dropped = 0

    def warning(self, message: str, *args: Any) -> bool:
        now = time.monotonic()
        if now - self.last < self.every:
            self.dropped += 1
            return False
        if self.dropped:
            message += " (%d more since the last such line)"
            args = (*args, self.dropped)
        self.last, self.dropped = now, 0
        self.logger.warning(message, *args)
        return True


def connection_cap(wanted: int, render_workers: int = 1) -> int:
    """``wanted``, lowered so that the capped connections fit under the process's descriptor limit.

    Kept back: :data:`FD_RESERVE`, and :data:`FD_PER_WORKER` for each render worker's pipes.
    """
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, soft - FD_RESERVE - FD_PER_WORKER * render_workers))


def busy_response() -> bytes:
    """The whole HTTP answer to a connection refused because the process has too many open."""
    return error_response(503, "Service Unavailable", "Too many open connections; try again shortly.", "busy",
                          {"Retry-After": "1"})


def _close_after(write: Any, stream: tornado.iostream.IOStream) -> None:
    """Close ``stream`` once its last write is done; a write that failed is expected, not logged."""
    if not write.cancelled():
        write.exception()  # retrieved, so asyncio does not report it when the future is collected
    stream.close()


def _request_arriving(stream: tornado.iostream.IOStream) -> bool:
    """Whether a whole request head waits on ``stream`` unparsed: in Tornado's buffer or still in the socket.

    Only a complete head counts: a client that sent part of one and stalls (slowloris) stays
    evictable, as does one that hung up (its socket reads as closed or broken).
    """
    buffered = bytes(getattr(stream, "_read_buffer", b"")[:HEAD_PEEK_BYTES])  # Tornado's own (no public accessor)
    pending = b""
    sock = stream.socket
    if sock is not None:
        try:
            pending = sock.recv(HEAD_PEEK_BYTES, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:  # reset by the peer: gone
            return False
    return _HEAD_END.search(buffered + pending) is not None


class _Tracked(tornado.httputil.HTTPMessageDelegate):
    """Passes a request through, marking its connection busy from the moment its headers are in."""

    def __init__(self, inner: tornado.httputil.HTTPMessageDelegate, server: LimitedHTTPServer, conn: object) -> None:
        self.inner, self.server, self.conn = inner, server, conn

    def headers_received(self, start_line: Any, headers: tornado.httputil.HTTPHeaders) -> Any:
        self.server.idle_since.pop(self.conn, None)
        return self.inner.headers_received(start_line, headers)

    def data_received(self, chunk: bytes) -> Any:
        return self.inner.data_received(chunk)

    def finish(self) -> None:
        self.inner.finish()

    def on_connection_close(self) -> None:
        self.inner.on_connection_close()


class LimitedHTTPServer(tornado.httpserver.HTTPServer):
    """Tornado's HTTPServer with a cap on open connections and an accept loop that survives EMFILE."""

    def initialize(self, *args: Any, max_connections: int = 1000, **kwargs: Any) -> None:  # type: ignore[override]
        super().initialize(*args, **kwargs)
        self.max_connections = max_connections
        # connection (its stream) -> when it last started waiting for a request, longest waiting first; set
        # on accept (Tornado starts a connection's request loop only on a later turn of the event loop) and
        # when a response is finished (the loop asks for the next request a few turns later)
        self.idle_since: dict[tornado.iostream.IOStream, float] = {}
        self.evicted: set[tornado.iostream.IOStream] = set()  # closed by us, until Tornado's close callback has run
        self.refused = 0
        self._shortage_log = RateLimitedLog(log)
        self._busy_log = RateLimitedLog(log)

    def start_request(self, server_conn: object, request_conn: tornado.httputil.HTTPConnection) -> Any:
        stream = server_conn.stream  # type: ignore[attr-defined]
        if stream not in self.idle_since:  # called before each request's headers are read
            self.idle_since[stream] = time.monotonic()
        finish = request_conn.finish

        def finished() -> None:  # the response is complete: from now on the connection waits for the next request
            finish()
            self._mark_idle(stream)

        request_conn.finish = finished  # type: ignore[method-assign]
        return _Tracked(super().start_request(server_conn, request_conn), self, stream)

    def _mark_idle(self, stream: tornado.iostream.IOStream) -> None:
        if stream.closed() or stream in self.evicted:
            return
        self.idle_since.pop(stream, None)  # to the end: the dict stays ordered longest waiting first
        self.idle_since[stream] = time.monotonic()

    def on_close(self, server_conn: object) -> None:
        stream = server_conn.stream  # type: ignore[attr-defined]
        self.idle_since.pop(stream, None)
        self.evicted.discard(stream)
        super().on_close(server_conn)

    def handle_stream(self, stream: tornado.iostream.IOStream, address: tuple) -> None:
        open_now = len(self._connections) - len(self.evicted)
        if open_now >= self.max_connections and not self._evict_idle():
            self.refused += 1
            self._busy_log.warning("refusing connections: %d open, every one with a request in progress "
                                   "(PDFLET_MAX_CONNECTIONS=%d)", len(self._connections), self.max_connections)
            with contextlib.suppress(tornado.iostream.StreamClosedError):
                stream.write(busy_response()).add_done_callback(lambda done: _close_after(done, stream))
            return
        answer_malformed_in_json(stream)
        self._mark_idle(stream)
        super().handle_stream(stream, address)

    def _evict_idle(self) -> bool:
        """Close the connection waiting longest for a request; False when every one has a request in progress.

        A connection not yet read whose request has arrived has a request in progress, not an idle one.
        """
        oldest = next((stream for stream in self.idle_since if not _request_arriving(stream)), None)
        if oldest is None:
            return False
        del self.idle_since[oldest]
        self.evicted.add(oldest)
        oldest.close()
        return True

    def add_sockets(self, sockets: Any) -> None:
        for sock in sockets:
            self._sockets[sock.fileno()] = sock
            self._handlers[sock.fileno()] = self._accept_handler(sock)

    def _accept_handler(self, sock: socket.socket) -> Any:
        """Like :func:`tornado.netutil.add_accept_handler`, but out of descriptors it pauses instead of raising."""
        loop = tornado.ioloop.IOLoop.current()
        state = {"removed": False, "paused": False}

        def resume() -> None:
            if not state["removed"] and state["paused"]:
                state["paused"] = False
                loop.add_handler(sock, accept, loop.READ)

        def accept(fd: Any, events: int) -> None:
            for _ in range(128):
                if state["removed"]:
                    return
                try:
                    connection, address = sock.accept()
                except BlockingIOError:
                    return
                except ConnectionAbortedError:
                    continue
                except OSError as exc:
                    if exc.errno not in _NO_DESCRIPTORS:
                        raise
                    self._shortage_log.warning("cannot accept connections: %s; %d open (pausing %g s)",
                                               exc.strerror, len(self._connections), ACCEPT_PAUSE)
                    state["paused"] = True
                    loop.remove_handler(sock)
                    loop.call_later(ACCEPT_PAUSE, resume)
                    return
                self._handle_connection(connection, address)

        def remove() -> None:
            if not state["paused"]:
                loop.remove_handler(sock)
            state["removed"] = True

        loop.add_handler(sock, accept, loop.READ)
        return remove


def make_server(app: tornado.web.Application, settings: Settings, *, xheaders: bool) -> LimitedHTTPServer:
    """The web process's HTTP server with the body limit, the timeouts and the connection cap of ``settings``."""
    return LimitedHTTPServer(
        app, max_body_size=settings.max_body_bytes + 1, xheaders=xheaders,
        idle_connection_timeout=settings.idle_timeout, body_timeout=settings.body_timeout,
        max_connections=connection_cap(settings.max_connections, settings.render_workers),
    )
