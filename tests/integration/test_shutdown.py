"""Graceful shutdown: SIGTERM stops accepting, lets the render in flight finish with its 200, exits 0."""

from __future__ import annotations

import concurrent.futures
import os
import signal
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import TEST_DATABASE_URL, start_server, stop_server
from tests.helpers import new_key, new_user, pdf_text

PLUGINS_DIR = Path(__file__).resolve().parents[1] / "plugins"
# Nothing here depends on the database: run once, in the SQLite pass, to keep CI short.
pytestmark = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="database-independent; runs in the SQLite pass")


def slow_server(tmp_path, database_url, **extra):
    env = {
        "PYTHONPATH": os.pathsep.join([str(PLUGINS_DIR), os.environ.get("PYTHONPATH", "")]),
        "PDFLET_PLUGIN_MODULES": "pdflet_testplugins",
        "PDFLET_RENDER_TIMEOUT": "20",
        "PDFLET_SECRET_KEY": "shutdown-server-secret-" + "x" * 20,
        **extra,
    }
    return start_server(tmp_path, env, database_url=database_url)


def wait_in_flight(srv, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = srv.get("/metrics").text
        if "pdflet_render_in_flight 1.0" in text:
            return
        time.sleep(0.05)
    raise AssertionError("the slow render never started")


def test_sigterm_finishes_the_render_in_flight_and_refuses_new_connections(tmp_path, server, db):
    srv = slow_server(tmp_path, server.database_url)
    headers = {"X-API-Key": new_key(new_user())}
    try:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            future = pool.submit(requests.post, srv.url + "/api/v1/pdf/", timeout=60, headers=headers,
                                 json={"html": "<p>x</p>", "renderer": "test-slow", "sleep": 2.5})
            wait_in_flight(srv)
            started = time.monotonic()
            srv.process.send_signal(signal.SIGTERM)
            time.sleep(0.3)
            with pytest.raises(requests.ConnectionError):
                requests.get(srv.url + "/healthz", timeout=2)
            response = future.result(timeout=30)
        assert response.status_code == 200, response.text
        assert "slow" in pdf_text(response.content)
        assert srv.process.wait(timeout=20) == 0
        assert time.monotonic() - started < 15
        log = srv.log()
        assert "shutting down" in log and "stopped" in log
        assert "Traceback" not in log
    finally:
        if srv.process.poll() is None:
            stop_server(srv)


def test_the_shutdown_deadline_bounds_the_wait(tmp_path, server, db):
    srv = slow_server(tmp_path, server.database_url, PDFLET_SHUTDOWN_TIMEOUT="1")
    headers = {"X-API-Key": new_key(new_user())}
    try:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            future = pool.submit(requests.post, srv.url + "/api/v1/pdf/", timeout=60, headers=headers,
                                 json={"html": "<p>x</p>", "renderer": "test-slow", "sleep": 30})
            wait_in_flight(srv)
            started = time.monotonic()
            srv.process.send_signal(signal.SIGTERM)
            assert srv.process.wait(timeout=20) == 0
            assert time.monotonic() - started < 10
            with pytest.raises(requests.ConnectionError):
                future.result(timeout=30)
        assert "shutdown deadline passed" in srv.log()
    finally:
        if srv.process.poll() is None:
            stop_server(srv)


def test_a_client_that_gives_up_does_not_keep_its_render_queued(tmp_path, server, db):
    """One worker busy for 2 s; a caller queued behind it times out; the next caller should not wait for it."""
    srv = slow_server(tmp_path, server.database_url, PDFLET_RENDER_WORKERS="1")
    headers = {"X-API-Key": new_key(new_user())}
    url = srv.url + "/api/v1/pdf/"
    try:
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            busy = pool.submit(requests.post, url, timeout=60, headers=headers,
                               json={"html": "<p>x</p>", "renderer": "test-slow", "sleep": 2})
            wait_in_flight(srv)
            other = {"X-API-Key": new_key(new_user())}  # another user: the first one has its share in flight
            with pytest.raises(requests.Timeout):  # queued behind the busy worker, then abandoned
                requests.post(url, timeout=0.5, headers=other,
                              json={"html": "<p>x</p>", "renderer": "test-slow", "sleep": 8})
            started = time.monotonic()
            after = requests.post(url, timeout=60, headers=other, json={"html": "<p>next</p>"})
            assert after.status_code == 200
            assert time.monotonic() - started < 6  # not 2 s + the abandoned 8 s
            assert busy.result().status_code == 200
        assert 'pdflet_render_errors_total{code="client_closed"} 1.0' in srv.get("/metrics").text
        assert "Traceback" not in srv.log()
    finally:
        stop_server(srv)
