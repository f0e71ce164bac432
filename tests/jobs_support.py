"""Helpers for job and webhook tests: waiting for jobs, and real webhook receivers on loopback."""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import requests


def wait_job(server, job_id: str, headers: dict[str, str], timeout: float = 30.0,
             until: tuple[str, ...] = ("succeeded", "failed")) -> dict:
    """Poll a job until it reaches one of ``until``."""
    deadline = time.monotonic() + timeout
    while True:
        r = server.get(f"/api/v1/pdf/jobs/{job_id}/", headers=headers)
        assert r.status_code == 200, r.text
        job = r.json()
        if job["status"] in until:
            return job
        assert time.monotonic() < deadline, f"job {job_id} still {job['status']}"
        time.sleep(0.05)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A webhook receiver: ``respond(n)`` says what the n-th request (0-based) gets."""

    respond: Callable[[int, http.server.BaseHTTPRequestHandler], None] | None = None
    received: list[Received] = field(default_factory=list)
    event: threading.Event = field(default_factory=threading.Event)

    def start(self) -> Receiver:
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                index = len(outer.received)
                outer.received.append(Received(self.path, dict(self.headers), body))
                outer.event.set()
                if outer.respond is None:
                    self.send_response(204)
                    self.end_headers()
                else:
                    outer.respond(index, self)

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def wait(self, count: int, timeout: float = 30.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            assert time.monotonic() < deadline, f"{len(self.received)} of {count} deliveries arrived"
            self.event.wait(0.05)
            self.event.clear()
        return self.received

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None):
    def respond(_index: int, handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return respond


def job_post(server, headers: dict[str, str], body: dict, **kwargs) -> requests.Response:
    return server.post("/api/v1/pdf/jobs/", headers=headers, json=body, **kwargs)


@contextlib.contextmanager
def bound_database(url: str) -> Iterator[object]:
    """Point the models at another server's database for a while, then back (the proxy is global)."""
    from pdflet.db import connect_database, database_proxy

    previous = database_proxy.obj
    database = connect_database(url)
    try:
        yield database
    finally:
        database.close()
        if previous is not None:
            database_proxy.initialize(previous)
