"""Webhook events: created once when a job finishes, with the bytes every attempt will send."""

from __future__ import annotations

import calendar
import json

from pdflet.db.job_models import Job, WebhookEvent
from pdflet.services.ids import new_id
from pdflet.services.job_views import job_view


def create_event(job: Job) -> str:
    """Record a ``job.succeeded``/``job.failed`` event for the job's ``webhook_url``; returns its id."""
    event_id = new_id("evt")
    kind = "job.succeeded" if job.status == "succeeded" else "job.failed"
    created = calendar.timegm((job.finished_at or job.created_at).utctimetuple())
    body = json.dumps({"id": event_id, "type": kind, "created": created, "data": job_view(job)},
                      separators=(",", ":"), ensure_ascii=False)
    WebhookEvent.create(id=event_id, job=job.id, user=job.user_id, url=job.webhook_url, type=kind, body=body,
                        next_attempt_at=job.finished_at or job.created_at)
    return event_id
