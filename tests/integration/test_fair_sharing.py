"""Fair sharing over real HTTP: a cap on renders in flight per key and user, a fair queue, cancelled renders.

One server with one worker and a cap of 2 renders in flight per key or user, the test renderers loaded.
"""

from __future__ import annotations

import concurrent.futures
import os
import time
from pathlib import Path

import pytest
import requests

from pdflet.db.models import ApiKey
from tests.conftest import TEST_DATABASE_URL, start_server, stop_server
from tests.helpers import new_key, new_user

PLUGINS_DIR = Path(__file__).resolve().parents[1] / "plugins"
pytestmark = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="database-independent; runs in the SQLite pass")


@pytest.fixture(scope="module")
def srv(tmp_path_factory, server):
    env = {
        "PYTHONPATH": os.pathsep.join([str(PLUGINS_DIR), os.environ.get("PYTHONPATH", "")]),
        "PDFLET_PLUGIN_MODULES": "pdflet_testplugins",
        "PDFLET_RENDER_WORKERS": "1",
        "PDFLET_MAX_CONCURRENT_PER_KEY": "2",
        "PDFLET_RENDER_TIMEOUT": "20",
        "PDFLET_SECRET_KEY": "fair-server-secret-" + "x" * 20,
    }
    running = start_server(tmp_path_factory.mktemp("fair"), env, database_url=server.database_url)
    yield running
    stop_server(running)


def slow(srv, headers, sleep, timeout=60):
    """A render taking ``sleep`` seconds in its worker; returns the response and when it ended."""
    r = requests.post(srv.url + "/api/v1/pdf/", json={"html": "<p>x</p>", "renderer": "test-slow", "sleep": sleep},
                      headers=headers, timeout=timeout)
    return r, time.monotonic()


def key_headers(user=None, **kwargs):
    return {"X-API-Key": new_key(user or new_user(), **kwargs)}


def wait_in_flight(srv, count, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if f"pdflet_render_in_flight {float(count)}" in srv.get("/metrics").text:
            return
        time.sleep(0.02)
    raise AssertionError(f"never {count} renders in flight")


@pytest.mark.parametrize("mode", ["live", "test"])
def test_a_key_past_its_share_of_renders_in_flight_gets_429(srv, db, mode):
    headers = key_headers(mode=mode)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        held = [pool.submit(slow, srv, headers, 0.6) for _ in range(2)]
        wait_in_flight(srv, 2)
        refused, _ = slow(srv, headers, 0)
        assert refused.status_code == 429, refused.text
        assert refused.json()["code"] == "throttled"
        assert int(refused.headers["Retry-After"]) >= 1
        assert "2 renders" in refused.json()["detail"]
        assert all(f.result()[0].status_code == 200 for f in held)
    assert slow(srv, headers, 0)[0].status_code == 200  # the share is back once they finished


def test_a_users_keys_share_one_cap(srv, db):
    owner = new_user()
    first, second = key_headers(owner), key_headers(owner)
    assert ApiKey.select().where(ApiKey.user == owner).count() == 2
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        held = [pool.submit(slow, srv, h, 0.6) for h in (first, first)]
        wait_in_flight(srv, 2)
        refused, _ = slow(srv, second, 0)
        assert refused.status_code == 429, refused.text
        assert all(f.result()[0].status_code == 200 for f in held)


def test_another_users_single_render_goes_before_a_backlog(srv, db):
    """One worker; the flooder has one running and one queued; a newcomer's render is served next."""
    flooder, newcomer = key_headers(), key_headers()
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        running = pool.submit(slow, srv, flooder, 0.6)
        wait_in_flight(srv, 1)
        backlog = pool.submit(slow, srv, flooder, 0.3)
        wait_in_flight(srv, 2)
        single = pool.submit(slow, srv, newcomer, 0.3)
        (r1, _), (r2, backlog_done), (r3, single_done) = running.result(), backlog.result(), single.result()
    assert [r1.status_code, r2.status_code, r3.status_code] == [200, 200, 200]
    assert single_done < backlog_done


def test_a_render_whose_client_hung_up_is_stopped_in_its_worker(srv, db):
    headers = key_headers()
    with pytest.raises(requests.Timeout):
        slow(srv, headers, 15, timeout=0.6)  # running in the only worker when the client gives up
    started = time.monotonic()
    ok, _ = slow(srv, headers, 0)
    assert ok.status_code == 200, ok.text
    assert time.monotonic() - started < 8  # not the 15 s the abandoned render would have taken
    assert "client_closed" in srv.get("/metrics").text
