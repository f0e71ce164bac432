"""Webhooks, failures, quotas, expiry and `pdflet worker`, on servers of their own (own SQLite, own queue).

The receivers are real HTTP servers on loopback, allowed by PDFLET_WEBHOOK_ALLOW by exact
host and port; every signature is checked with pdflet.webhooks.verify and the secret the
CLI printed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pdflet.webhooks import WebhookSignatureError, verify
from tests.conftest import TEST_DATABASE_URL, start_server, stop_server
from tests.helpers import new_key, new_user
from tests.jobs_support import Receiver, answer, bound_database, job_post, wait_job

# These servers keep their own SQLite database (and queue): nothing here changes with PostgreSQL, which
# test_jobs_api.py (the shared server) and test_scaled_jobs.py (worker + Redis) cover.
pytestmark = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="own SQLite set-up; runs in the SQLite pass")

PLUGINS_DIR = Path(__file__).resolve().parents[1] / "plugins"
HELLO = {"html": "<h1>Hello hooks</h1>"}


def plugin_env() -> dict[str, str]:
    return {"PYTHONPATH": os.pathsep.join([str(PLUGINS_DIR), os.environ.get("PYTHONPATH", "")]),
            "PDFLET_PLUGIN_MODULES": "pdflet_testplugins"}


@pytest.fixture(scope="module")
def receivers():
    main, trap = Receiver().start(), Receiver().start()
    yield main, trap
    main.stop()
    trap.stop()


@pytest.fixture(scope="module")
def hooked(tmp_path_factory, receivers):
    main, trap = receivers
    tmp = tmp_path_factory.mktemp("hooked")
    env = {**plugin_env(), "PDFLET_WEBHOOK_ALLOW": f"127.0.0.1:{main.port} 127.0.0.1:{trap.port}",
           "PDFLET_WEBHOOK_BACKOFF": "0.2", "PDFLET_WEBHOOK_TIMEOUT": "1", "PDFLET_MAX_QUEUED_JOBS": "3",
           "PDFLET_RENDER_WORKERS": "1", "PDFLET_JOB_WORKERS": "2", "PDFLET_RESULT_TTL": "3"}
    srv = start_server(tmp, env, database_url=f"sqlite:///{tmp / 'data' / 'pdflet.db'}")
    with bound_database(srv.database_url):
        yield srv
    stop_server(srv)


@pytest.fixture
def account(hooked):
    user = new_user()
    return user, {"X-API-Key": new_key(user)}


def cli(srv, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pdflet", *args], env=srv.env, input=stdin,
                          capture_output=True, text=True, timeout=60, cwd=srv.data_dir.parent)


def secret_for(srv, user) -> str:
    out = cli(srv, "webhooks", "secret", "--user", user.email)
    assert out.returncode == 0, out.stderr
    secret = out.stdout.strip()
    assert secret.startswith("whsec_") and len(secret) == 38
    again = cli(srv, "webhooks", "secret", "--user", user.email)  # shown once only
    assert again.returncode == 2 and secret not in again.stdout + again.stderr
    return secret


def test_a_succeeded_job_is_delivered_signed(hooked, receivers, account):
    main, _ = receivers
    main.received.clear()
    main.respond = None
    user, headers = account
    secret = secret_for(hooked, user)
    job = job_post(hooked, headers, {**HELLO, "webhook_url": main.url + "?job=1"}).json()
    hit = main.wait(1)[0]
    assert hit.path == "/hook?job=1"
    event = verify(hit.body, hit.headers["Pdflet-Signature"], secret)
    assert event["type"] == "job.succeeded" and event["id"].startswith("evt_") and len(event["id"]) == 28
    assert event["data"]["id"] == job["id"] and event["data"]["status"] == "succeeded"
    assert isinstance(event["created"], int)
    with pytest.raises(WebhookSignatureError):
        verify(hit.body, hit.headers["Pdflet-Signature"], "whsec_" + "x" * 32)
    with pytest.raises(WebhookSignatureError):
        verify(hit.body + b" ", hit.headers["Pdflet-Signature"], secret)
    with pytest.raises(WebhookSignatureError):  # a replay an hour later
        verify(hit.body, hit.headers["Pdflet-Signature"], secret, now=time.time() + 3600)
    shown = wait_job(hooked, job["id"], headers)
    for _ in range(100):
        shown = hooked.get(f"/api/v1/pdf/jobs/{job['id']}/", headers=headers).json()
        if shown["webhooks"] and shown["webhooks"][0]["status"] == "delivered":
            break
        time.sleep(0.05)
    attempt = shown["webhooks"][0]["attempts"][0]
    assert shown["webhooks"][0]["id"] == event["id"] and attempt["status_code"] == 204 and attempt["ms"] >= 0


def test_a_failed_job_is_announced_too(hooked, receivers, account):
    main, _ = receivers
    main.received.clear()
    main.respond = None
    _user, headers = account
    job = job_post(hooked, headers, {**HELLO, "renderer": "test-crash", "webhook_url": main.url}).json()
    done = wait_job(hooked, job["id"], headers)
    assert done["status"] == "failed" and done["error"]["code"] == "render_failed"
    assert "boom" in done["error"]["detail"]
    r = hooked.get(f"/api/v1/pdf/jobs/{job['id']}/pdf", headers=headers)
    assert r.status_code == 409 and r.json()["code"] == "not_ready"
    import json

    event = json.loads(main.wait(1)[0].body)
    assert event["type"] == "job.failed" and event["data"]["error"]["code"] == "render_failed"


def test_500s_are_retried_with_backoff_and_the_same_event_id(hooked, receivers, account):
    main, _ = receivers
    main.received.clear()
    ok = answer(200)
    main.respond = lambda n, handler: (answer(500, b"oops") if n < 2 else ok)(n, handler)
    user, headers = account
    secret = secret_for(hooked, user)
    job = job_post(hooked, headers, {**HELLO, "webhook_url": main.url}).json()
    hits = main.wait(3)
    events = [verify(h.body, h.headers["Pdflet-Signature"], secret) for h in hits]
    assert len({e["id"] for e in events}) == 1 and len({h.body for h in hits}) == 1
    time.sleep(0.2)
    hooks = hooked.get(f"/api/v1/pdf/jobs/{job['id']}/", headers=headers).json()["webhooks"][0]
    assert [a["status_code"] for a in hooks["attempts"]] == [500, 500, 200] and hooks["status"] == "delivered"
    main.respond = None
    metrics = hooked.get("/metrics").text
    failed = re.search(r'^pdflet_webhook_deliveries_total\{result="failed"\} (\S+)$', metrics, re.M)
    assert failed and float(failed.group(1)) >= 2
    assert re.search(r'^pdflet_job_seconds_count\{status="succeeded"\} [1-9]', metrics, re.M)


def test_after_a_roll_both_secrets_sign(hooked, receivers, account):
    main, _ = receivers
    main.received.clear()
    main.respond = None
    user, headers = account
    old = secret_for(hooked, user)
    rolled = cli(hooked, "webhooks", "secret", "--user", user.email, "--rotate")
    assert rolled.returncode == 0
    new = rolled.stdout.strip()
    assert new != old and new.startswith("whsec_")
    job_post(hooked, headers, {**HELLO, "webhook_url": main.url})
    hit = main.wait(1)[0]
    assert hit.headers["Pdflet-Signature"].count("v1=") == 2
    assert verify(hit.body, hit.headers["Pdflet-Signature"], old) == verify(
        hit.body, hit.headers["Pdflet-Signature"], new)


def test_hostile_receivers_cost_one_timeout_at_most(hooked, receivers, account):
    main, trap = receivers
    _user, headers = account
    trap.received.clear()

    def hang(_n, handler):
        time.sleep(5)

    def huge(_n, handler):
        handler.send_response(500)
        handler.send_header("Content-Length", str(1 << 30))
        handler.end_headers()
        chunk = b"x" * 65536
        try:
            for _ in range(1 << 14):  # 1 GiB, unless the client hangs up first
                handler.wfile.write(chunk)
        except OSError:
            pass

    def drip(_n, handler):  # a header line every 0.4 s: each read is quick, the whole answer never ends
        try:
            handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for _ in range(25):
                handler.wfile.write(b"X-Drip: 1\r\n")
                handler.wfile.flush()
                time.sleep(0.4)
        except OSError:
            pass

    redirect = answer(302, headers={"Location": trap.url})
    cases = [("hang", hang, "timed out"), ("drip", drip, "timed out"), ("huge", huge, "HTTP 500"),
             ("redirect", redirect, "redirect")]
    for name, respond, expected in cases:
        main.received.clear()
        main.respond = respond
        started = time.monotonic()
        job = job_post(hooked, headers, {**HELLO, "webhook_url": main.url}).json()
        main.wait(1)
        for _ in range(200):
            hooks = hooked.get(f"/api/v1/pdf/jobs/{job['id']}/", headers=headers).json()["webhooks"]
            if hooks and hooks[0]["attempts"]:
                break
            time.sleep(0.05)
        attempt = hooks[0]["attempts"][0]
        assert expected in attempt["error"], (name, attempt)
        assert time.monotonic() - started < 8, name
        assert hooks[0]["status"] == "pending"  # will be retried
        hooked.delete(f"/api/v1/pdf/jobs/{job['id']}/", headers=headers)
    assert trap.received == []  # the redirect was not followed
    main.respond = None
    r = hooked.get("/healthz")
    assert r.status_code == 200


def test_queue_quota_answers_429_and_queued_jobs_can_be_cancelled(hooked, account):
    _user, headers = account
    slow = {"html": "x", "renderer": "test-slow", "sleep": 1}
    ids = [job_post(hooked, headers, slow).json()["id"] for _ in range(3)]
    r = job_post(hooked, headers, slow)
    assert r.status_code == 429 and r.json()["code"] == "throttled" and "Retry-After" in r.headers
    other = {"X-API-Key": new_key(new_user())}
    assert job_post(hooked, other, HELLO).status_code == 202  # the quota is per user
    states = {i: hooked.get(f"/api/v1/pdf/jobs/{i}/", headers=headers).json()["status"] for i in ids}
    queued = [i for i, s in states.items() if s == "queued"]
    running = [i for i, s in states.items() if s == "running"]
    assert queued, states  # two consumer threads: the third waits
    assert hooked.delete(f"/api/v1/pdf/jobs/{queued[-1]}/", headers=headers).status_code == 204
    assert hooked.get(f"/api/v1/pdf/jobs/{queued[-1]}/", headers=headers).status_code == 404
    if running:
        r = hooked.delete(f"/api/v1/pdf/jobs/{running[0]}/", headers=headers)
        assert r.status_code in (204, 409)
        r = hooked.get(f"/api/v1/pdf/jobs/{running[0]}/pdf", headers=headers)
        assert r.status_code in (200, 409, 410)


def test_a_result_expires_after_the_ttl(hooked, account):
    _user, headers = account
    job = job_post(hooked, headers, HELLO).json()
    done = wait_job(hooked, job["id"], headers)
    assert hooked.get(f"/api/v1/pdf/jobs/{job['id']}/pdf", headers=headers).status_code == 200
    expires = time.mktime(time.strptime(done["expires_at"], "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
    time.sleep(max(0.0, expires - time.time()) + 1.1)
    r = hooked.get(f"/api/v1/pdf/jobs/{job['id']}/pdf", headers=headers)
    assert r.status_code == 410 and r.json()["code"] == "expired"
