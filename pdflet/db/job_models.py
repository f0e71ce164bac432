"""The tables of asynchronous jobs, webhooks and idempotency keys.

A job row is the durable record of a job: the task queue only carries its id, so a job
whose queue entry was lost (a killed consumer, a restarted Redis) is found again from here.
PDFs live in the result store, never in these rows; a queued job's validated request is kept
in its row while it is small (see pdflet.services.job_requests), in the result store otherwise.
"""

from __future__ import annotations

import peewee

from pdflet.db.models import BaseModel, User, utcnow


class Job(BaseModel):
    id = peewee.CharField(max_length=28, primary_key=True)  # job_ + 24
    # no index of its own: (user, created_at) and (user, status) below both start with it
    user = peewee.ForeignKeyField(User, backref="jobs", on_delete="CASCADE", index=False)
    key_id = peewee.IntegerField(default=0)  # 0: a bearer token
    test = peewee.BooleanField(default=False)
    status = peewee.CharField(max_length=10, default="queued")  # queued|running|succeeded|failed (indexed below)
    filename = peewee.CharField(max_length=128, default="document.pdf")
    webhook_url = peewee.TextField(null=True)
    created_at = peewee.DateTimeField(default=utcnow, index=True)
    enqueued_at = peewee.DateTimeField(default=utcnow)
    started_at = peewee.DateTimeField(null=True)
    finished_at = peewee.DateTimeField(null=True)
    lease_until = peewee.DateTimeField(null=True)  # a running job whose lease passed was lost: run it again
    attempts = peewee.IntegerField(default=0)
    pages = peewee.IntegerField(null=True)
    bytes = peewee.BigIntegerField(null=True)
    renderer = peewee.CharField(max_length=64, null=True)
    warnings = peewee.TextField(default="[]")  # JSON list
    error_code = peewee.CharField(max_length=64, null=True)
    error_detail = peewee.TextField(null=True)
    expires_at = peewee.DateTimeField(null=True)
    result_deleted = peewee.BooleanField(default=False)
    request = peewee.BlobField(null=True)  # the pickled request until the job finishes (None: in the result store)

    class Meta:
        # (user, status): a user's queued and running jobs are counted at every submission (the quota),
        # in an index holding only the user's rows, not by reading every job the user ever ran
        indexes = ((("user", "created_at"), False), (("status", "lease_until"), False), (("user", "status"), False))


class WebhookSecret(BaseModel):
    """A user's signing secret; a rolled one keeps signing until ``retires_at``."""

    user = peewee.ForeignKeyField(User, backref="webhook_secrets", on_delete="CASCADE")
    secret = peewee.CharField(max_length=64)
    created_at = peewee.DateTimeField(default=utcnow)
    retires_at = peewee.DateTimeField(null=True)


class WebhookEvent(BaseModel):
    """One event to deliver; its body is fixed at creation so every attempt sends the same bytes."""

    id = peewee.CharField(max_length=28, primary_key=True)  # evt_ + 24
    job = peewee.ForeignKeyField(Job, backref="events", on_delete="CASCADE")
    user = peewee.ForeignKeyField(User, backref="webhook_events", on_delete="CASCADE")
    url = peewee.TextField()
    type = peewee.CharField(max_length=32)
    body = peewee.TextField()
    created_at = peewee.DateTimeField(default=utcnow)
    status = peewee.CharField(max_length=10, default="pending", index=True)  # pending|delivered|failed
    attempts = peewee.IntegerField(default=0)
    next_attempt_at = peewee.DateTimeField(default=utcnow, index=True)
    lease_until = peewee.DateTimeField(null=True)
    delivered_at = peewee.DateTimeField(null=True)


class WebhookAttempt(BaseModel):
    event = peewee.ForeignKeyField(WebhookEvent, backref="attempt_rows", on_delete="CASCADE")
    at = peewee.DateTimeField(default=utcnow)
    status_code = peewee.IntegerField(null=True)
    error = peewee.CharField(max_length=255, default="")
    ms = peewee.IntegerField(default=0)


class IdempotencyRecord(BaseModel):
    """The first response to an ``Idempotency-Key`` of a user, kept for 24 h (Stripe's semantics)."""

    user = peewee.ForeignKeyField(User, backref="idempotency_records", on_delete="CASCADE")
    key = peewee.CharField(max_length=255)
    fingerprint = peewee.CharField(max_length=64)
    created_at = peewee.DateTimeField(default=utcnow)
    state = peewee.CharField(max_length=8, default="started")  # started|done
    status = peewee.IntegerField(null=True)
    response = peewee.TextField(null=True)  # JSON: a job's id, or headers of a stored PDF, or an error

    class Meta:
        indexes = ((("user", "key"), True),)


JOB_MODELS: tuple[type[BaseModel], ...] = (Job, WebhookSecret, WebhookEvent, WebhookAttempt, IdempotencyRecord)
__all__ = ["JOB_MODELS", "IdempotencyRecord", "Job", "WebhookAttempt", "WebhookEvent", "WebhookSecret"]
