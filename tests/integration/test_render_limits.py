"""The render pool under misbehaving renderers: timeout (504), crashes (422), a full queue (503), rate limits."""

from __future__ import annotations

import concurrent.futures
import os
from pathlib import Path

import pytest
import requests

from pdflet.db.models import ApiKey
from tests.conftest import start_server, stop_server
from tests.helpers import new_key, new_user

PLUGINS_DIR = Path(__file__).resolve().parents[1] / "plugins"


@pytest.fixture(scope="module")
def limited(tmp_path_factory, server):
    """A server with the test renderers, one worker, a 2 s timeout and a queue of two."""
    env = {
        "PYTHONPATH": os.pathsep.join([str(PLUGINS_DIR), os.environ.get("PYTHONPATH", "")]),
        "PDFLET_PLUGIN_MODULES": "pdflet_testplugins",
        "PDFLET_RENDER_TIMEOUT": "2",
        "PDFLET_RENDER_WORKERS": "1",
        "PDFLET_RENDER_QUEUE_SIZE": "2",
        "PDFLET_SECRET_KEY": "limited-server-secret-" + "x" * 20,
    }
    srv = start_server(tmp_path_factory.mktemp("limited"), env, database_url=server.database_url)
    yield srv
    stop_server(srv)


@pytest.fixture
def headers(db):
    return {"X-API-Key": new_key(new_user())}


def render(srv, headers, renderer=None, **extra):
    body = {"html": "<p>Hello</p>", **extra}
    if renderer:
        body["renderer"] = renderer
    return requests.post(srv.url + "/api/v1/pdf/", json=body, headers=headers, timeout=60)


def test_slow_render_times_out_and_the_worker_is_replaced(limited, headers):
    r = render(limited, headers, "test-slow", sleep=30)
    assert r.status_code == 504
    assert r.json()["code"] == "render_timeout"
    ok = render(limited, headers)
    assert ok.status_code == 200, ok.text


@pytest.mark.parametrize(("renderer", "needle"), [
    ("test-crash", "test-crash"),
    ("test-refuse", "refuses every document"),
    ("test-die", "worker died"),
    ("test-garbage", "not a PDF"),
])
def test_failing_renderers_give_422_with_a_reason(limited, headers, renderer, needle):
    r = render(limited, headers, renderer)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "render_failed"
    assert needle in r.json()["detail"]
    assert render(limited, headers).status_code == 200


def test_a_full_queue_answers_503_at_once(limited, headers):
    callers = [{"X-API-Key": new_key(new_user())} for _ in range(8)]  # eight users: no one is over their share
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(render, limited, h, "test-slow", sleep=1.5) for h in callers]
        statuses = [f.result() for f in futures]
    codes = sorted(r.status_code for r in statuses)
    assert 503 in codes and 200 in codes, codes
    busy = next(r for r in statuses if r.status_code == 503)
    assert busy.json()["code"] == "busy"
    assert int(busy.headers["Retry-After"]) >= 1
    assert render(limited, headers).status_code == 200


def test_per_key_rate_limit(limited, db):
    owner = new_user()
    key = new_key(owner, rate_limit=3)
    headers = {"X-API-Key": key}
    first = [render(limited, headers) for _ in range(3)]
    assert [r.status_code for r in first] == [200, 200, 200]
    assert [r.headers["X-RateLimit-Remaining"] for r in first] == ["2", "1", "0"]
    limited_response = render(limited, headers)
    assert limited_response.status_code == 429
    assert limited_response.json()["code"] == "throttled"
    assert int(limited_response.headers["Retry-After"]) >= 1
    assert limited_response.headers["X-RateLimit-Limit"] == "3"
    assert ApiKey.get(ApiKey.user == owner).rate_limit == 3


def test_unlimited_key(limited, db):
    key = new_key(new_user(), rate_limit=0)
    r = render(limited, {"X-API-Key": key})
    assert r.status_code == 200
    assert "X-RateLimit-Limit" not in r.headers


def test_plugin_fields_are_accepted_only_when_declared(limited, server, headers):
    assert render(limited, headers, "test-slow", sleep=0).status_code == 200
    r = requests.post(server.url + "/api/v1/pdf/", json={"html": "<p>x</p>", "sleep": 0}, headers=headers,
                      timeout=30)
    assert r.status_code == 400 and "sleep" in r.json()["detail"]
