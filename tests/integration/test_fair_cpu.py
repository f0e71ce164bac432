"""CPU priority by fair share, over real HTTP: a tenant asking for more than its share yields the CPU.

One server, two workers, a cap of one render in flight per key or user, ``PDFLET_FAIR_NICE=7``
and the test renderers (``test-slow`` holds its worker for a given time). The nice value of
each thread of each real worker process is read from ``/proc``, as the kernel schedules them.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import sys
import time
from pathlib import Path

import pytest
import requests

from pdflet.web.api_pdf import REFUSAL_DELAY
from tests.chaos_support import worker_pids
from tests.conftest import TEST_DATABASE_URL, start_server, stop_server
from tests.helpers import new_key, new_user

PLUGINS_DIR = Path(__file__).resolve().parents[1] / "plugins"
NICE = 7
pytestmark = [
    pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="database-independent; runs in the SQLite pass"),
    pytest.mark.skipif(sys.platform != "linux", reason="per-thread nice values are Linux's"),
]


@pytest.fixture(scope="module")
def srv(tmp_path_factory, server):
    env = {
        "PYTHONPATH": os.pathsep.join([str(PLUGINS_DIR), os.environ.get("PYTHONPATH", "")]),
        "PDFLET_PLUGIN_MODULES": "pdflet_testplugins",
        "PDFLET_RENDER_WORKERS": "2",
        "PDFLET_MAX_CONCURRENT_PER_KEY": "1",
        "PDFLET_FAIR_NICE": str(NICE),
        "PDFLET_RENDER_TIMEOUT": "20",
        "PDFLET_SECRET_KEY": "fair-cpu-server-secret-" + "x" * 20,
    }
    running = start_server(tmp_path_factory.mktemp("fair-cpu"), env, database_url=server.database_url)
    yield running
    stop_server(running)


def slow(srv, headers, sleep):
    return requests.post(srv.url + "/api/v1/pdf/", json={"html": "<p>x</p>", "renderer": "test-slow", "sleep": sleep},
                         headers=headers, timeout=60)


def headers_of_new_user():
    return {"X-API-Key": new_key(new_user())}


def nice_values(pid: int) -> dict[int, int]:
    """Every thread of process ``pid`` and its nice value (field 19 of its stat line)."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        with contextlib.suppress(OSError):
            stat = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
            out[int(tid)] = int(stat.rsplit(")", 1)[1].split()[16])
    return out


def render_threads(srv) -> dict[int, int]:
    """The render threads (every worker thread but a main one) of the server's workers: tid -> nice."""
    threads = {}
    for pid in worker_pids(srv.process.pid):
        with contextlib.suppress(OSError):
            threads.update({tid: nice for tid, nice in nice_values(pid).items() if tid != pid})
    return threads


def wait_until(predicate, what, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"never {what}")


def new_thread(srv, known: set[int]) -> int:
    return wait_until(lambda: next(iter(set(render_threads(srv)) - known), None), "a new render thread")


def test_a_tenant_over_its_share_renders_at_lower_priority_while_another_renders(srv, db):
    flooder, other = headers_of_new_user(), headers_of_new_user()
    workers = wait_until(lambda: len(worker_pids(srv.process.pid)) >= 2 and worker_pids(srv.process.pid),
                         "2 workers", timeout=30)  # started at boot; on a busy machine that may take a while
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        flood = pool.submit(slow, srv, flooder, 1.2)
        flood_thread = new_thread(srv, set())
        assert slow(srv, flooder, 0).status_code == 429  # more than its share: from now on it yields
        assert render_threads(srv)[flood_thread] == 0  # alone, it keeps full priority
        single = pool.submit(slow, srv, other, 2.4)
        other_thread = new_thread(srv, {flood_thread})
        wait_until(lambda: render_threads(srv).get(flood_thread) == NICE, "the flooder's render demoted")
        assert render_threads(srv)[other_thread] == 0
        assert flood.result().status_code == 200
        # While the other render runs, the flooder's next render yields too: from its start if its
        # last 429 is recent enough, else as soon as it asks for more than its share again.
        again = pool.submit(slow, srv, flooder, 0.8)
        again_thread = new_thread(srv, {other_thread, flood_thread})  # the latter may linger a moment
        assert slow(srv, flooder, 0).status_code == 429
        wait_until(lambda: render_threads(srv).get(again_thread) == NICE, "the flooder's next render demoted")
        assert render_threads(srv)[other_thread] == 0
        assert again.result().status_code == 200 and single.result().status_code == 200
    # The demotion ended with its render: the same workers (none replaced) render at full priority again.
    wait_until(lambda: not render_threads(srv), "the render threads gone")
    assert worker_pids(srv.process.pid) == workers
    assert all(nice_values(pid)[pid] == 0 for pid in workers)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        runs = [pool.submit(slow, srv, headers_of_new_user(), 0.3) for _ in range(2)]  # one on each worker
        threads = wait_until(lambda: len(render_threads(srv)) == 2 and render_threads(srv), "two renders")
        assert set(threads.values()) == {0}
        assert all(run.result().status_code == 200 for run in runs)


def test_a_tenant_within_its_share_is_not_demoted(srv, db):
    heavy, other = headers_of_new_user(), headers_of_new_user()
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        long = pool.submit(slow, srv, heavy, 0.8)
        heavy_thread = new_thread(srv, set())
        short = pool.submit(slow, srv, other, 0.3)
        new_thread(srv, {heavy_thread})
        time.sleep(0.1)  # the other render's start has been handled (that is when a demotion happens)
        assert render_threads(srv).get(heavy_thread) == 0
        assert short.result().status_code == 200 and long.result().status_code == 200


def test_a_caller_at_its_share_is_refused_before_its_body_is_read_and_not_at_once(srv, db):
    """A flood past the cap costs the server its authentication, not parsing every body it sends,
    and a few refusals a second per connection, not hundreds."""
    headers = headers_of_new_user()
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        held = pool.submit(slow, srv, headers, 0.8)
        new_thread(srv, set())
        post = {"data": b"{not json", "headers": {**headers, "Content-Type": "application/json"}, "timeout": 30}
        asked = time.monotonic()
        refused = requests.post(srv.url + "/api/v1/pdf/", **post)
        assert refused.status_code == 429, refused.text  # a parsed body would have been a 400
        assert time.monotonic() - asked >= REFUSAL_DELAY  # a flood ignoring Retry-After gets few of them
        assert refused.json()["code"] == "throttled" and refused.headers["Retry-After"] == "1"
        post["headers"]["Idempotency-Key"] = "k1"
        replay = requests.post(srv.url + "/api/v1/pdf/", **post)
        assert replay.status_code == 400, replay.text  # a possible replay is read: its answer may need no render
        assert held.result().status_code == 200
