"""The render pool heals: workers that run out of memory or are killed, in any phase, are replaced.

Each test runs its own server with the test renderers and a small memory cap, and kills or
starves its workers for real (SIGKILL, SIGSTOP, a plugin that leaks up to the cap).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import signal
import time
from pathlib import Path

import pytest
import requests

from tests.chaos_support import forkserver_pid
from tests.chaos_support import worker_pids as chaos_pids
from tests.conftest import TEST_DATABASE_URL, start_server, stop_server
from tests.helpers import new_key, new_user, pdf_text

PLUGINS_DIR = Path(__file__).resolve().parents[1] / "plugins"
# Nothing here depends on the database: run once, in the SQLite pass, to keep CI short.
pytestmark = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="database-independent; runs in the SQLite pass")
BIG_CSS = "/*" + "x" * 2_000_000 + "*/"  # a 2 MB task: more than a full worker can read


def pool_server(tmp_path, database_url, **extra):
    env = {
        "PYTHONPATH": os.pathsep.join([str(PLUGINS_DIR), os.environ.get("PYTHONPATH", "")]),
        "PDFLET_PLUGIN_MODULES": "pdflet_testplugins",
        "PDFLET_RENDER_MEMORY_MB": "300",
        "PDFLET_RENDER_TIMEOUT": "5",
        "PDFLET_MAX_CONCURRENT_PER_KEY": "8",
        "PDFLET_SECRET_KEY": "pool-server-secret-" + "x" * 20,
        **extra,
    }
    return start_server(tmp_path, env, database_url=database_url)


def worker_pids(srv) -> set[int]:
    return chaos_pids(srv.process.pid)


def wait_for_workers(srv, count: int, exclude: set[int] = frozenset(), timeout: float = 15.0) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = worker_pids(srv) - set(exclude)
        if len(pids) >= count:
            return pids
        time.sleep(0.05)
    raise AssertionError(f"fewer than {count} new workers after {timeout} s: {worker_pids(srv)}")


def render(srv, headers, html="<p>Hello</p>", **extra):
    return requests.post(srv.url + "/api/v1/pdf/", json={"html": html, **extra}, headers=headers, timeout=60)


@pytest.fixture(scope="module")
def srv(tmp_path_factory, server):
    """One server for the module: that it keeps serving after each test's abuse is part of the point."""
    running = pool_server(tmp_path_factory.mktemp("pool"), server.database_url, PDFLET_RENDER_WORKERS="2")
    yield running
    stop_server(running)


@pytest.fixture
def headers(db):
    return {"X-API-Key": new_key(new_user())}


def kill_all(pids, signum=signal.SIGKILL) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)


def test_a_worker_full_after_a_memory_bomb_does_not_break_the_pool(srv, headers):
    """The critical bug: full worker, next task dies in the hand-over, every render after fails or hangs."""
    for _ in range(2):
        before = wait_for_workers(srv, 2)
        hog = render(srv, headers, renderer="test-hog")
        assert hog.status_code == 422, hog.text
        assert "memory" in hog.json()["detail"]
        fresh = wait_for_workers(srv, 1, exclude=before, timeout=10)  # its worker retired, nobody killed it
        assert len(fresh) == 1
        big = render(srv, headers, css=BIG_CSS)
        assert big.status_code == 200, big.text
    for _ in range(3):
        ok = render(srv, headers)
        assert ok.status_code == 200, ok.text
        assert "Hello" in pdf_text(ok.content)
    assert srv.get("/readyz").status_code == 200
    assert "Unexpected error" not in srv.log()


def test_killed_idle_workers_are_replaced(srv, headers):
    first = wait_for_workers(srv, 2)
    kill_all(first)
    for _ in range(4):
        r = render(srv, headers)
        assert r.status_code == 200, r.text
    assert not wait_for_workers(srv, 2) & first


def test_workers_killed_mid_render_lose_nothing(srv, headers):
    before = wait_for_workers(srv, 2)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        slow = pool.submit(render, srv, headers, renderer="test-slow", sleep=0.8)
        time.sleep(0.4)  # the slow render has started
        kill_all(before)
        r = slow.result(timeout=30)
    assert r.status_code == 200, r.text
    assert "slow" in pdf_text(r.content)


def test_workers_killed_in_the_hand_over_lose_nothing(srv, headers):
    """Stopped workers get a 2 MB task they never read (the send blocks), then SIGKILL: a fresh worker renders it."""
    before = wait_for_workers(srv, 2)
    kill_all(before, signal.SIGSTOP)
    try:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pending = pool.submit(render, srv, headers, css=BIG_CSS)
            time.sleep(0.3)
            kill_all(before)
            r = pending.result(timeout=30)
    finally:
        kill_all(before, signal.SIGCONT)
    assert r.status_code == 200, r.text


def test_a_document_that_kills_its_worker_twice_is_a_422_not_a_loop(srv, headers):
    r = render(srv, headers, renderer="test-die")
    assert r.status_code == 422 and r.json()["code"] == "render_failed"
    assert "died twice" in r.json()["detail"]
    assert render(srv, headers).status_code == 200


def test_the_forkserver_and_every_worker_killed_at_once_are_all_replaced(srv, headers):
    """The whole pool gone, the process workers are forked from included: the next render still works."""
    workers = wait_for_workers(srv, 2)
    server = forkserver_pid(srv.process.pid)
    assert server is not None
    kill_all([server, *workers])
    r = render(srv, headers)
    assert r.status_code == 200, r.text
    assert forkserver_pid(srv.process.pid) not in (None, server)
    assert not wait_for_workers(srv, 2) & workers


def test_readyz_fails_while_the_pool_cannot_render_and_recovers(tmp_path, server, headers):
    one = pool_server(tmp_path, server.database_url, PDFLET_RENDER_WORKERS="1", PDFLET_RENDER_TIMEOUT="1")
    try:
        (pid,) = wait_for_workers(one, 1)  # no render yet: /readyz must run its canary
        os.kill(pid, signal.SIGSTOP)
        try:
            r = one.get("/readyz")
            assert r.status_code == 503, r.text
            assert r.json()["code"] == "unavailable"
            assert one.get("/healthz").status_code == 200
        finally:
            kill_all([pid], signal.SIGCONT)
        deadline = time.monotonic() + 10
        while one.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, "readyz never recovered"
            time.sleep(0.2)
        assert render(one, headers).status_code == 200
    finally:
        stop_server(one)


def test_a_slow_worker_start_does_not_count_against_the_render_timeout(tmp_path, server, headers):
    """Start-up (1.6 s) and render (1.8 s) each fit the 3 s timeout; together they would not."""
    slow = pool_server(tmp_path, server.database_url, PDFLET_RENDER_WORKERS="1", PDFLET_RENDER_TIMEOUT="3",
                       PDFLET_PLUGIN_MODULES="pdflet_testplugins,pdflet_slowstart", PDFLET_TEST_SLOW_IMPORT="1.6")
    try:
        kill_all(wait_for_workers(slow, 1))  # the next render waits for a fresh worker's start-up
        r = render(slow, headers, renderer="test-slow", sleep=1.8)
        assert r.status_code == 200, r.text
    finally:
        stop_server(slow)
