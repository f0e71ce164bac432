"""Connection guards over real sockets: body and idle timeouts, a cap on open connections, EMFILE.

All connections are loopback only and bounded (at most a few hundred), against servers started with
small limits so the guards show within seconds.
"""

from __future__ import annotations

import contextlib
import resource
import socket
import subprocess
import sys
import textwrap
import time

import pytest
import requests

from tests.conftest import free_port, start_server, stop_server

MAX_CONNECTIONS = 20
BODY_TIMEOUT = 3.0  # long enough that the stalled requests are all read and busy before it fires
IDLE_TIMEOUT = 2.0


@pytest.fixture(scope="module")
def guarded(tmp_path_factory, server):
    env = {
        "PDFLET_MAX_CONNECTIONS": str(MAX_CONNECTIONS),
        "PDFLET_BODY_TIMEOUT": str(BODY_TIMEOUT),
        "PDFLET_IDLE_TIMEOUT": str(IDLE_TIMEOUT),
        "PDFLET_SECRET_KEY": "connections-secret-" + "c" * 24,
    }
    srv = start_server(tmp_path_factory.mktemp("connections"), env, database_url=server.database_url)
    yield srv
    stop_server(srv)


def connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def closed_within(sock: socket.socket, seconds: float) -> float | None:
    """How long until the server closed ``sock`` (reading to EOF), or None if it stayed open."""
    sock.settimeout(seconds)
    start = time.monotonic()
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return time.monotonic() - start


def stalled_body(url: str) -> socket.socket:
    """A request whose headers promise a body that never comes."""
    sock = connect(url)
    sock.sendall(b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
    return sock


def test_a_promised_body_that_never_comes_is_closed(guarded):
    with contextlib.closing(stalled_body(guarded.url)) as sock:
        took = closed_within(sock, 10)
    assert took is not None and took < BODY_TIMEOUT + 3, took


def test_a_connection_that_sends_nothing_is_closed(guarded):
    with contextlib.closing(connect(guarded.url)) as sock:
        took = closed_within(sock, 15)
    assert took is not None and took < IDLE_TIMEOUT + 3, took


def test_idle_connections_past_the_cap_do_not_lock_out_healthz(guarded):
    idle = [connect(guarded.url) for _ in range(3 * MAX_CONNECTIONS)]
    try:
        time.sleep(0.2)
        for _ in range(3):
            r = requests.get(guarded.url + "/healthz", timeout=5)
            assert r.status_code == 200, r.text
        first = idle[0]  # the longest idle was closed to make room
        assert closed_within(first, 1) is not None
    finally:
        for sock in idle:
            sock.close()


def test_past_the_cap_with_every_connection_busy_the_answer_is_a_json_503(guarded):
    stalled = [stalled_body(guarded.url) for _ in range(MAX_CONNECTIONS)]
    try:
        time.sleep(1.0)  # the server has read every stalled request's headers
        with contextlib.closing(connect(guarded.url)) as extra:
            extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            extra.settimeout(5)
            answer = b""
            with contextlib.suppress(ConnectionResetError):
                while chunk := extra.recv(4096):
                    answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 503"), answer
        assert b"X-Request-Id: " in head and b"Retry-After: 1" in head
        assert b'"code": "busy"' in body, body
    finally:
        for sock in stalled:
            sock.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the stalled ones are gone: room again
        if requests.get(guarded.url + "/healthz", timeout=5).status_code == 200:
            break
        time.sleep(0.1)
    else:
        pytest.fail("/healthz did not recover")


@pytest.fixture(scope="module")
def few_descriptors(tmp_path_factory, server):
    """A server whose descriptor limit (160, set in the child only) is far below PDFLET_MAX_CONNECTIONS."""
    real_popen = subprocess.Popen

    def limit() -> None:  # runs in the child between fork and exec
        resource.setrlimit(resource.RLIMIT_NOFILE, (160, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))

    def popen(*args, **kwargs):
        return real_popen(*args, preexec_fn=limit, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("tests.conftest.subprocess.Popen", popen)
        srv = start_server(tmp_path_factory.mktemp("fds"), {"PDFLET_SECRET_KEY": "fds-secret-" + "f" * 30},
                           database_url=server.database_url)
    yield srv
    stop_server(srv)


def test_the_cap_fits_under_the_descriptor_limit(few_descriptors):
    idle = [connect(few_descriptors.url) for _ in range(300)]
    try:
        r = requests.get(few_descriptors.url + "/healthz", timeout=5)
        assert r.status_code == 200, (r.text, r.headers, few_descriptors.log()[-3000:])
    finally:
        for sock in idle:
            sock.close()
    assert "Too many open files" not in few_descriptors.log()


ACCEPT_SERVER = textwrap.dedent("""
    import asyncio, resource, sys
    import tornado.web
    from pdflet.web.connections import LimitedHTTPServer

    class Ping(tornado.web.RequestHandler):
        def get(self):
            self.write("pong")

    async def main():
        resource.setrlimit(resource.RLIMIT_NOFILE, (48, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
        server = LimitedHTTPServer(tornado.web.Application([("/ping", Ping)]), max_connections=100000)
        server.listen(int(sys.argv[1]), "127.0.0.1")
        print("ready", flush=True)
        await asyncio.Event().wait()

    import logging
    logging.basicConfig(level=logging.INFO)
    asyncio.run(main())
""")


def test_running_out_of_descriptors_is_logged_once_and_accepting_resumes(tmp_path):
    port = free_port()
    log_path = tmp_path / "accept.log"
    with log_path.open("wb") as handle:
        proc = subprocess.Popen([sys.executable, "-c", ACCEPT_SERVER, str(port)], stdout=handle,
                                stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while b"ready" not in log_path.read_bytes():
            assert time.monotonic() < deadline and proc.poll() is None, log_path.read_text()
            time.sleep(0.05)
        held = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(150)]
        time.sleep(1.0)  # the server is out of descriptors for a while
        for sock in held:
            sock.close()
        deadline = time.monotonic() + 10
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/ping", timeout=2).text == "pong":
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "accepting did not resume"
            time.sleep(0.1)
    finally:
        proc.kill()
        proc.wait()
    text = log_path.read_text()
    assert "cannot accept connections" in text
    assert text.count("Too many open files") <= 2, text[:3000]
    assert "Traceback" not in text


CAP_SERVER = textwrap.dedent("""
    import asyncio, sys, time
    import tornado.web
    from pdflet.web.connections import LimitedHTTPServer

    class Ping(tornado.web.RequestHandler):
        def get(self):
            self.write("pong")

        def post(self):
            self.write("got %d bytes" % len(self.request.body))

    class Stall(tornado.web.RequestHandler):
        def get(self):  # answers, then holds the event loop: the clients act while the server cannot look
            self.finish("stalled")
            time.sleep(float(self.get_argument("seconds")))

    async def main():
        app = tornado.web.Application([("/ping", Ping), ("/stall", Stall)])
        server = LimitedHTTPServer(app, max_connections=2)
        server.listen(int(sys.argv[1]), "127.0.0.1")
        print("ready", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())
""")


@contextlib.contextmanager
def small_server(tmp_path, script: str):
    """A bare LimitedHTTPServer in a process of its own; yields (port, proc)."""
    port = free_port()
    log_path = tmp_path / "small.log"
    with log_path.open("wb") as handle:
        proc = subprocess.Popen([sys.executable, "-c", script, str(port)], stdout=handle, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while b"ready" not in log_path.read_bytes():
            assert time.monotonic() < deadline and proc.poll() is None, log_path.read_text()
            time.sleep(0.05)
        yield port, proc
    finally:
        proc.kill()
        proc.wait()


def read_answer(sock: socket.socket) -> bytes:
    sock.settimeout(5)
    answer = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(4096):
            answer += chunk
            if b"\r\n\r\n" in answer and answer.split(b"\r\n\r\n", 1)[1]:
                break
    return answer


def test_a_request_the_server_has_not_read_yet_is_in_progress_and_a_hung_up_connection_makes_room(tmp_path):
    """Connections accepted in one batch: the ones whose whole request already arrived are not idle.

    The server holds its event loop right after answering a keep-alive request, so when it looks
    again it accepts all new connections in one turn of its loop, before reading any, and before
    its loop has asked the kept connection for its next request. The kept connection, whose client
    hung up meanwhile, is the one closed to make room; the newcomer past the cap is refused, not
    served by closing a connection whose request was already sent.
    """
    with small_server(tmp_path, CAP_SERVER) as (port, _):
        kept = socket.create_connection(("127.0.0.1", port), timeout=5)
        kept.sendall(b"GET /stall?seconds=0.5 HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_answer(kept).startswith(b"HTTP/1.1 200"), "keep-alive request failed"
        kept.close()  # hung up, unnoticed until the server looks again
        sent = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(2)]
        for sock in sent:
            sock.sendall(b"POST /ping HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n")
        with contextlib.closing(socket.create_connection(("127.0.0.1", port), timeout=5)) as extra:
            extra.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = read_answer(extra)
        assert answer.startswith(b"HTTP/1.1 503"), answer
        assert b'"code": "busy"' in answer
        for sock in sent:  # both requests were kept and are answered once their bodies come
            with contextlib.closing(sock):
                sock.sendall(b"body")
                answer = read_answer(sock)
                assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b"got 4 bytes"), answer


def test_part_of_a_request_head_does_not_hold_a_connection_past_the_cap(tmp_path):
    """Slowloris: connections that sent half a head and stall are idle, and the longest waiting makes room."""
    with small_server(tmp_path, CAP_SERVER) as (port, _):
        partial = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(2)]
        try:
            for sock in partial:
                sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            time.sleep(0.2)  # read into Tornado's buffer, waiting for the rest
            with contextlib.closing(socket.create_connection(("127.0.0.1", port), timeout=5)) as extra:
                extra.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
                answer = read_answer(extra)
            assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b"pong"), answer
            assert closed_within(partial[0], 2) is not None  # the first one waited longest
        finally:
            for sock in partial:
                sock.close()
