"""Jobs over HTTP on the shared server (which consumes jobs itself, as `pdflet serve` does by default)."""

from __future__ import annotations

import concurrent.futures
import re

from pdflet.db.job_models import Job
from tests.helpers import new_key, new_user, pdf_text
from tests.jobs_support import job_post, wait_job

HELLO = {"html": "<h1>Hello jobs</h1>"}


def test_job_lifecycle_submit_poll_fetch_list_delete(server, key_headers):
    r = job_post(server, key_headers, {**HELLO, "filename": "report.pdf"})
    assert r.status_code == 202, r.text
    job = r.json()
    assert re.fullmatch(r"job_[a-z0-9]{24}", job["id"])
    assert job["status"] == "queued" and job["created_at"].endswith("Z")
    assert r.headers["Location"] == job["links"]["self"] == f"/api/v1/pdf/jobs/{job['id']}/"
    assert job["links"]["pdf"] == f"/api/v1/pdf/jobs/{job['id']}/pdf"
    done = wait_job(server, job["id"], key_headers)
    assert done["status"] == "succeeded", done
    assert done["pages"] == 1 and done["bytes"] > 500 and done["expires_at"] and done["error"] is None
    assert done["warnings"] == [] and done["webhooks"] == []
    pdf = server.get(job["links"]["pdf"], headers=key_headers)
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert 'filename="report.pdf"' in pdf.headers["Content-Disposition"]
    assert len(pdf.content) == done["bytes"] and "Hello jobs" in pdf_text(pdf.content)
    listed = server.get("/api/v1/pdf/jobs/", headers=key_headers).json()
    assert job["id"] in [j["id"] for j in listed["results"]]
    assert server.delete(job["links"]["self"], headers=key_headers).status_code == 204
    gone = server.get(job["links"]["pdf"], headers=key_headers)
    assert gone.status_code == 410 and gone.json()["code"] == "expired"
    assert server.get(job["links"]["self"], headers=key_headers).json()["status"] == "succeeded"


def test_bad_bodies_are_refused_before_queueing(server, key_headers):
    assert job_post(server, key_headers, {}).json()["code"] == "invalid_request"
    assert job_post(server, key_headers, {"html": "x", "bogus": 1}).status_code == 400
    r = server.post("/api/v1/pdf/jobs/", headers={**key_headers, "Content-Type": "text/plain"}, data="x")
    assert r.status_code == 415
    r = server.post("/api/v1/pdf/jobs/", headers={**key_headers, "Content-Type": "application/json"}, data="{")
    assert r.json()["code"] == "invalid_json"
    for url in ("http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "ftp://example.com/",
                "http://127.0.0.1:9/", "http://[::1]/", "http://10.0.0.1/", "not a url", 42, "http://localhost/"):
        r = job_post(server, key_headers, {**HELLO, "webhook_url": url})
        assert r.status_code == 400 and r.json()["code"] == "invalid_request", (url, r.text)
    assert server.post("/api/v1/pdf/jobs/", json=HELLO).status_code == 401


def test_a_user_sees_only_their_own_jobs(server, db, key_headers):
    job = job_post(server, key_headers, HELLO).json()
    other = {"X-API-Key": new_key(new_user())}
    for path in (job["links"]["self"], job["links"]["pdf"]):
        r = server.get(path, headers=other)
        assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert server.delete(job["links"]["self"], headers=other).status_code == 404
    assert server.get("/api/v1/pdf/jobs/", headers=other).json()["results"] == []
    for bad in ("job_x", "job_" + "A" * 24, "x" * 5000, "1"):
        assert server.get(f"/api/v1/pdf/jobs/{bad}/", headers=key_headers).status_code == 404
    wait_job(server, job["id"], key_headers)


def test_listing_pages_with_a_cursor(server, db):
    headers = {"X-API-Key": new_key(new_user())}
    ids = [job_post(server, headers, HELLO).json()["id"] for _ in range(5)]
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = server.get("/api/v1/pdf/jobs/", headers=headers, params=params).json()
        assert len(page["results"]) <= 2
        seen += [j["id"] for j in page["results"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))
    for bad in ({"limit": 0}, {"limit": 101}, {"limit": "x"}, {"cursor": "job_" + "0" * 24}, {"cursor": "zz"}):
        r = server.get("/api/v1/pdf/jobs/", headers=headers, params=bad)
        assert r.status_code == 400 and r.json()["code"] == "invalid_request", bad
    for job_id in ids:
        wait_job(server, job_id, headers)


def test_twenty_concurrent_duplicate_renders_render_once(server, db):
    owner = new_user()
    headers = {"X-API-Key": new_key(owner, scopes=["pdf:create", "usage:read"]), "Idempotency-Key": "order-42"}
    body = {"html": "<h1>Invoice 42</h1>"}

    def send(_: int):
        return server.post("/api/v1/pdf/", headers=headers, json=body)

    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(send, range(20)))
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers if a.status_code != 200]
    assert len({a.content for a in answers}) == 1
    assert sum(a.headers.get("Idempotent-Replayed") == "true" for a in answers) == 19
    usage = server.get("/api/v1/usage/", headers=headers).json()
    assert usage["totals"]["requests"] == 1  # one render, metered once
    again = server.post("/api/v1/pdf/", headers=headers, json=body)
    assert again.content == answers[0].content
    r = server.post("/api/v1/pdf/", headers=headers, json={"html": "<h1>Invoice 43</h1>"})
    assert r.status_code == 422 and r.json()["code"] == "idempotency_mismatch"
    r = server.post("/api/v1/pdf/jobs/", headers=headers, json=body)  # same key, another endpoint
    assert r.status_code == 422 and r.json()["code"] == "idempotency_mismatch"
    for bad in ("", "x" * 256, "caf\u00e9"):
        r = server.post("/api/v1/pdf/", headers={**headers, "Idempotency-Key": bad.encode("utf-8")}, json=body)
        assert r.status_code == 400, bad


def test_twenty_concurrent_duplicate_jobs_make_one_job(server, db):
    owner = new_user()
    headers = {"X-API-Key": new_key(owner), "Idempotency-Key": "batch-7"}

    def send(_: int):
        return job_post(server, headers, HELLO)

    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(send, range(20)))
    assert {a.status_code for a in answers} == {202}
    assert len({a.json()["id"] for a in answers}) == 1
    assert Job.select().where(Job.user == owner.id).count() == 1
    r = job_post(server, headers, {**HELLO, "webhook_url": "https://example.com/hook"})
    assert r.status_code in (400, 422)  # refused (no DNS here) or a mismatch: never a second job
    assert Job.select().where(Job.user == owner.id).count() == 1
    other_user = {"X-API-Key": new_key(new_user()), "Idempotency-Key": "batch-7"}  # keys are per user
    assert job_post(server, other_user, HELLO).json()["id"] != answers[0].json()["id"]
    wait_job(server, answers[0].json()["id"], {"X-API-Key": headers["X-API-Key"]})
