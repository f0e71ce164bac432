"""A job as the API shows it (also the ``data`` of its webhook events)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pdflet.db.job_models import Job, WebhookAttempt, WebhookEvent


def stamp(value: dt.datetime | None) -> str | None:
    """Naive-UTC database datetimes as RFC 3339 with ``Z``."""
    return None if value is None else value.replace(microsecond=0).isoformat() + "Z"


def job_links(job_id: str) -> dict[str, str]:
    base = f"/api/v1/pdf/jobs/{job_id}/"
    return {"self": base, "pdf": base + "pdf"}


def job_view(job: Job) -> dict[str, Any]:
    """The contract's job object: status, pages, bytes, warnings, error, expires_at, links."""
    error = {"detail": job.error_detail, "code": job.error_code} if job.error_code else None
    seconds = None
    if job.started_at and job.finished_at:
        seconds = round((job.finished_at - job.started_at).total_seconds(), 3)
    return {
        "id": job.id,
        "status": job.status,
        "created_at": stamp(job.created_at),
        "started_at": stamp(job.started_at),
        "finished_at": stamp(job.finished_at),
        "seconds": seconds,
        "attempts": job.attempts,
        "filename": job.filename,
        "renderer": job.renderer,
        "pages": job.pages,
        "bytes": job.bytes,
        "warnings": json.loads(job.warnings or "[]"),
        "error": error,
        "expires_at": stamp(job.expires_at),
        "webhook_url": job.webhook_url,
        "links": job_links(job.id),
    }


def webhook_view(job: Job) -> list[dict[str, Any]]:
    """The job's webhook events with every delivery attempt (status, latency), for its owner."""
    events = list(WebhookEvent.select().where(WebhookEvent.job == job.id).order_by(WebhookEvent.created_at))
    out = []
    for event in events:
        attempts = WebhookAttempt.select().where(WebhookAttempt.event == event.id).order_by(WebhookAttempt.id)
        out.append({
            "id": event.id, "type": event.type, "status": event.status,
            "next_attempt_at": stamp(event.next_attempt_at) if event.status == "pending" else None,
            "attempts": [{"at": stamp(a.at), "status_code": a.status_code, "error": a.error or None, "ms": a.ms}
                         for a in attempts],
        })
    return out
