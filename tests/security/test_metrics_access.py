"""/metrics cannot be grown by clients (fixed label sets), and can be locked with a token and a port of its own."""

from __future__ import annotations

import re
import time

import pytest
import requests

from tests.conftest import free_port, start_server, stop_server

TOKEN = "metrics-token-" + "m" * 30


def labels(text: str, name: str = "pdflet_http_requests_total") -> set[str]:
    return {m.group(1) for m in re.finditer(rf"^{name}{{(.*?)}}", text, re.M)}


def test_unknown_methods_and_routes_are_counted_as_other(server):
    for index in range(50):
        requests.request(f"X{index}" + "Y" * 2000, server.url + "/healthz", timeout=10)
        requests.get(server.url + f"/no/such/path/{index}", timeout=10)
    text = server.get("/metrics").text
    seen = labels(text)
    assert not any("YYYY" in label or "/no/such" in label for label in seen), seen
    methods = {re.search(r'method="([^"]*)"', label).group(1) for label in seen}
    routes = {re.search(r'route="([^"]*)"', label).group(1) for label in seen}
    assert "other" in methods and methods <= {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"}
    assert 'route="other",status="404"' in text.replace('method="GET",', "")
    assert "not_found" not in routes


def test_a_long_method_name_is_cut_in_the_access_log(server):
    requests.request("LONGMETHOD" + "L" * 30_000, server.url + "/healthz", timeout=10)
    deadline = time.monotonic() + 5
    while '"method":"LONGMETHODLLLLLL"' not in server.log():  # written just after the answer
        assert time.monotonic() < deadline, server.log()[-2000:]
        time.sleep(0.05)
    assert "L" * 100 not in server.log()


def test_many_odd_methods_do_not_grow_metrics(server):
    def size() -> int:
        return len(server.get("/metrics").text.splitlines())

    requests.request("ZZZ", server.url + "/healthz", timeout=10)
    before = size()
    for index in range(100):
        requests.request(f"M{index:03d}" + "Q" * 500, server.url + "/healthz", timeout=10)
    assert size() == before


@pytest.fixture(scope="module")
def locked(tmp_path_factory, server):
    port = free_port()
    env = {"PDFLET_METRICS_TOKEN": TOKEN, "PDFLET_METRICS_PORT": str(port),
           "PDFLET_SECRET_KEY": "metrics-secret-" + "s" * 30}
    srv = start_server(tmp_path_factory.mktemp("metrics"), env, database_url=server.database_url)
    srv.metrics_url = f"http://127.0.0.1:{port}/metrics"
    yield srv
    stop_server(srv)


@pytest.fixture(scope="module")
def token_only(tmp_path_factory, server):
    env = {"PDFLET_METRICS_TOKEN": TOKEN, "PDFLET_SECRET_KEY": "metrics-secret-" + "t" * 30}
    srv = start_server(tmp_path_factory.mktemp("metrics-token"), env, database_url=server.database_url)
    yield srv
    stop_server(srv)


def test_with_a_metrics_port_the_main_port_has_no_metrics(locked):
    r = locked.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 404
    assert r.json()["code"] == "not_found" and r.headers["X-Request-Id"]


def test_the_metrics_port_serves_metrics_with_the_token(locked):
    r = requests.get(locked.metrics_url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    assert r.status_code == 200
    assert "pdflet_http_requests_total" in r.text


def test_the_metrics_port_serves_only_metrics(locked):
    r = requests.get(locked.metrics_url.replace("/metrics", "/healthz"), timeout=10)
    assert r.status_code == 404 and r.json()["code"] == "not_found"


@pytest.mark.parametrize("auth", [None, "Bearer wrong", f"Bearer {TOKEN}x", f"Basic {TOKEN}", "Bearer ", TOKEN])
def test_metrics_without_the_right_token_is_401(token_only, locked, auth):
    headers = {"Authorization": auth} if auth is not None else {}
    for url in (token_only.url + "/metrics", locked.metrics_url):
        r = requests.get(url, headers=headers, timeout=10)
        assert r.status_code == 401, (url, r.text)
        assert r.json()["code"] == "not_authenticated"
        assert "pdflet_" not in r.text


def test_metrics_with_the_token_on_the_main_port(token_only):
    r = token_only.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and "pdflet_http_requests_total" in r.text
