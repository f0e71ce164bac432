"""The scaled set-up end to end: PostgreSQL, Redis, two pdflet instances and Debian's nginx, all on loopback.

Instance A is one web process; instance B is `serve --processes 2` (a supervisor and two web
processes on one port). Both share the database, the Redis and the signing secret, as
deploy/ describes; nginx runs deploy/nginx/pdflet.conf with the upstreams pointed at them.
"""

from __future__ import annotations

import concurrent.futures
import signal
import threading
import time

import pytest
import requests

from tests.conftest import TEST_DATABASE_URL, free_port, stop_server
from tests.helpers import PASSWORD, new_key, new_user
from tests.scaled_support import (
    NGINX,
    Nginx,
    main_config,
    metric,
    redis_for_tests,
    site_config,
    skip_unless,
    start_instance,
)

pytestmark = pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PDFLET_TEST_DATABASE_URL (PostgreSQL): "
                                "several instances cannot share SQLite")
HELLO = {"html": "<h1>Hello</h1>"}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, server):
    skip_unless("nginx", NGINX is not None)
    tmp = tmp_path_factory.mktemp("scaled")
    (tmp / "redis").mkdir()
    redis_server = redis_for_tests(tmp / "redis", free_port())
    env = {
        "PDFLET_REDIS_URL": redis_server.url,
        "PDFLET_SECRET_KEY": "scaled-cluster-secret-" + "y" * 24,
        "PDFLET_RENDER_WORKERS": "1",
        "PDFLET_MAX_CONCURRENT_PER_KEY": "8",  # the load test's 4 clients share one key
    }
    started = []
    try:
        (tmp / "a").mkdir()
        (tmp / "b").mkdir()
        a = start_instance(tmp / "a", env, database_url=server.database_url)
        started.append(a)
        b = start_instance(tmp / "b", {**env, "PDFLET_PROCESSES": "2"}, database_url=server.database_url)
        started.append(b)
        (tmp / "nginx").mkdir()
        port = free_port()
        upstreams = [a.url.removeprefix("http://"), b.url.removeprefix("http://")]
        proxy = Nginx(main_config(tmp / "nginx", site_config(upstreams, port)), port)
        yield {"a": a, "b": b, "nginx": proxy.url}
        proxy.stop()
    finally:
        for srv in started:
            if srv.process.poll() is None:
                stop_server(srv)
        redis_server.stop()


@pytest.fixture
def account(db):
    return new_user()


def bearer(srv, user):
    r = srv.post("/api/v1/auth/jwt/create/", json={"email": user.email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access']}"}


def test_a_key_created_on_one_instance_works_on_the_other(cluster, account):
    a, b = cluster["a"], cluster["b"]
    created = a.post("/api/v1/keys/", json={"name": "cross"}, headers=bearer(a, account))
    assert created.status_code == 201, created.text
    key = created.json()["key"]
    r = b.post("/api/v1/pdf/", json=HELLO, headers={"X-API-Key": key})
    assert r.status_code == 200, r.text
    assert r.content.startswith(b"%PDF")


def test_a_key_revoked_on_one_instance_is_refused_by_the_other_at_once(cluster, account):
    a, b = cluster["a"], cluster["b"]
    created = a.post("/api/v1/keys/", json={"name": "to revoke"}, headers=bearer(a, account)).json()
    headers = {"X-API-Key": created["key"]}
    for srv in (a, b, a, b):  # both instances have used (and may cache) the key
        assert srv.get("/api/v1/renderers/", headers=headers).status_code == 200
    assert b.delete(f"/api/v1/keys/{created['id']}/", headers=bearer(b, account)).status_code in (200, 204)
    refused = a.get("/api/v1/renderers/", headers=headers)
    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed"
    assert b.get("/api/v1/renderers/", headers=headers).status_code == 401


def test_the_rate_limit_is_global_across_instances(cluster, account):
    a, b = cluster["a"], cluster["b"]
    key = a.post("/api/v1/keys/", json={"name": "limited", "rate_limit": 6}, headers=bearer(a, account)).json()["key"]
    headers = {"X-API-Key": key}
    responses = [(a if i % 2 == 0 else b).get("/api/v1/renderers/", headers=headers) for i in range(6)]
    assert [r.status_code for r in responses] == [200] * 6
    assert [r.headers["X-RateLimit-Remaining"] for r in responses] == ["5", "4", "3", "2", "1", "0"]
    for srv in (a, b):
        r = srv.get("/api/v1/renderers/", headers=headers)
        assert r.status_code == 429 and r.json()["code"] == "throttled"
        assert r.headers["X-RateLimit-Limit"] == "6" and int(r.headers["Retry-After"]) >= 1


def test_the_login_throttle_is_global_across_instances(cluster, account):
    a, b = cluster["a"], cluster["b"]
    wrong = {"email": account.email, "password": "not the password"}
    statuses = [(a if i % 2 == 0 else b).post("/api/v1/auth/jwt/create/", json=wrong).status_code for i in range(5)]
    assert statuses == [401] * 5
    for srv in (a, b):
        assert srv.post("/api/v1/auth/jwt/create/", json={**wrong, "password": PASSWORD}).status_code == 429


def test_metrics_of_each_instance_count_what_it_served(cluster, account):
    a, b = cluster["a"], cluster["b"]
    key = new_key(account, name="metered", rate_limit=0)  # unlimited: only an operator (or staff) may say so
    headers = {"X-API-Key": key}

    def served(srv):
        text = srv.get("/metrics").text
        return metric(text, "pdflet_http_requests_total", route="pdf", status="200"), \
            metric(text, "pdflet_pages_rendered_total")

    before = {name: served(cluster[name]) for name in ("a", "b")}
    for _ in range(5):
        assert a.post("/api/v1/pdf/", json=HELLO, headers=headers).status_code == 200
    for _ in range(4):  # B's two web processes share one /metrics
        assert b.post("/api/v1/pdf/", json=HELLO, headers=headers).status_code == 200
    with requests.Session() as session:
        for _ in range(6):
            r = session.post(cluster["nginx"] + "/api/v1/pdf/", json=HELLO, headers=headers, timeout=30)
            assert r.status_code == 200, r.text
    after = {name: served(cluster[name]) for name in ("a", "b")}
    delta = {name: (after[name][0] - before[name][0], after[name][1] - before[name][1]) for name in after}
    assert delta["a"][0] >= 5 and delta["b"][0] >= 4
    assert delta["a"][0] + delta["b"][0] == 15
    assert delta["a"][1] + delta["b"][1] == 15  # one page each


def test_request_ids_pass_through_nginx(cluster, account):
    r = requests.get(cluster["nginx"] + "/healthz", headers={"X-Request-Id": "scaled-test-1234"}, timeout=10)
    assert r.status_code == 200 and r.headers["X-Request-Id"] == "scaled-test-1234"
    generated = requests.get(cluster["nginx"] + "/healthz", timeout=10).headers["X-Request-Id"]
    assert len(generated) >= 16


def test_stopping_one_instance_under_load_keeps_the_service_answering(cluster, account):
    """A bounded load (4 clients, about 4 s) through nginx; instance A gets SIGTERM a second in."""
    a, b = cluster["a"], cluster["b"]
    key = new_key(account, name="load", rate_limit=0)  # unlimited: only an operator (or staff) may say so
    headers = {"X-API-Key": key}
    stop_at = time.monotonic() + 4.0
    stopped = threading.Event()

    def client() -> list[tuple[float, int]]:
        results = []
        with requests.Session() as session:
            while time.monotonic() < stop_at:
                try:
                    status = session.post(cluster["nginx"] + "/api/v1/pdf/", json=HELLO, headers=headers,
                                          timeout=30).status_code
                except requests.RequestException:
                    status = -1
                results.append((time.monotonic(), status, stopped.is_set()))
        return results

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(client) for _ in range(4)]
        time.sleep(1.0)
        a.process.send_signal(signal.SIGTERM)
        stopped.set()
        results = [r for f in futures for r in f.result(timeout=60)]
    assert a.process.wait(timeout=30) == 0
    statuses = [status for _t, status, _after in results]
    assert statuses.count(200) == len(statuses), {s: statuses.count(s) for s in set(statuses)}
    assert sum(1 for _t, _s, after in results if after) >= 10  # B kept answering after A left
    assert b.get("/healthz").status_code == 200


def test_the_supervisor_passes_sigterm_on_and_exits_cleanly(cluster):
    b = cluster["b"]
    b.process.send_signal(signal.SIGTERM)
    assert b.process.wait(timeout=30) == 0
    log = b.log()
    assert log.count("web process") >= 2 and log.count("stopped") >= 3  # two web processes + the supervisor
    assert "Traceback" not in log
    assert not list((b.data_dir / "run").glob("metrics-*"))  # the per-run metrics files are gone
