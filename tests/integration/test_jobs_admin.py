"""The admin's Jobs page over HTTP: jobs with their webhook attempts, retrying a delivery, the secret shown once."""

from __future__ import annotations

import time

from pdflet.db.job_models import Job, WebhookEvent
from pdflet.services import webhook_secrets
from pdflet.services.webhook_events import create_event
from tests.helpers import new_key, new_user
from tests.jobs_support import job_post, wait_job
from tests.security.test_admin_http import admin_login


def test_the_jobs_page_lists_jobs_and_retries_a_failed_delivery(server, db):
    user = new_user()
    headers = {"X-API-Key": new_key(user)}
    job = job_post(server, headers, {"html": "<p>admin</p>", "filename": "admin-page.pdf"}).json()
    wait_job(server, job["id"], headers)
    row = Job.get_by_id(job["id"])
    row.webhook_url = "http://127.0.0.1:9/hook"  # refused by the address rules at every attempt
    event_id = create_event(row)
    WebhookEvent.update(status="failed").where(WebhookEvent.id == event_id).execute()
    session = admin_login(server, user.email)
    page = session.get(server.url + "/admin/jobs", timeout=10)
    assert page.status_code == 200
    assert job["id"] in page.text and "admin-page.pdf" in page.text and "succeeded" in page.text
    assert f"/admin/jobs/deliveries/{event_id}/retry" in page.text
    r = session.post(server.url + f"/admin/jobs/deliveries/{event_id}/retry",
                     data={"_xsrf": session.cookies["_xsrf"]}, headers={"HX-Request": "true"}, timeout=10)
    assert r.status_code == 200 and f'id="job-{job["id"]}"' in r.text
    for _ in range(100):
        attempts = WebhookEvent.get_by_id(event_id).attempt_rows
        if attempts.count():
            break
        time.sleep(0.05)
    assert "refused" in attempts[0].error and attempts[0].status_code is None
    other = admin_login(server, new_user().email)
    r = other.post(server.url + f"/admin/jobs/deliveries/{event_id}/retry",
                   data={"_xsrf": other.cookies["_xsrf"]}, timeout=10)
    assert r.status_code == 404
    assert job["id"] not in other.get(server.url + "/admin/jobs", timeout=10).text


def test_the_webhook_secret_is_shown_once_and_can_be_rolled(server, db):
    user = new_user()
    session = admin_login(server, user.email)
    assert "Create secret" in session.get(server.url + "/admin/jobs", timeout=10).text
    r = session.post(server.url + "/admin/jobs/secret", data={"_xsrf": session.cookies["_xsrf"]}, timeout=10)
    first = webhook_secrets.current(user.id).secret
    assert r.status_code == 200 and first in r.text  # after the redirect, once
    again = session.get(server.url + "/admin/jobs", timeout=10).text
    assert first not in again and f"whsec_…{first[-4:]}" in again and "Roll secret" in again
    r = session.post(server.url + "/admin/jobs/secret", data={"_xsrf": session.cookies["_xsrf"]},
                     headers={"HX-Request": "true"}, timeout=10)
    second = webhook_secrets.current(user.id).secret
    assert second != first and second in r.text and 'id="webhook-secret"' in r.text
    assert webhook_secrets.signing_secrets(user.id) == [second, first]  # both sign for 24 h
    r = session.post(server.url + "/admin/jobs/secret", data={}, timeout=10)
    assert r.status_code == 403  # no XSRF token
