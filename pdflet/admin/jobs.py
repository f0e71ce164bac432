"""The Jobs page: the user's jobs (status, duration, pages, webhook attempts), retrying a
delivery, and the webhook signing secret (shown once when created or rolled)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pdflet.admin.base import AdminHandler
from pdflet.db.job_models import Job, WebhookEvent
from pdflet.errors import NotFound
from pdflet.services import jobs as job_service
from pdflet.services import webhook_delivery, webhook_secrets
from pdflet.services.ids import is_id
from pdflet.services.job_views import webhook_view

PAGE = 50


@dataclass(frozen=True)
class JobRow:
    job: Job
    seconds: float | None
    events: list[dict[str, Any]]


def job_row(job: Job) -> JobRow:
    seconds = None
    if job.started_at and job.finished_at:
        seconds = round((job.finished_at - job.started_at).total_seconds(), 2)
    return JobRow(job, seconds, webhook_view(job))


class JobsBase(AdminHandler):
    nav = "jobs"
    route_name = "admin_jobs"

    def jobs_context(self, **extra: Any) -> dict[str, Any]:
        rows, _ = job_service.list_jobs(self.current_user, None, PAGE)
        current = webhook_secrets.current(self.current_user)
        return {"rows": [job_row(j) for j in rows], "secret": webhook_secrets.masked(current) if current else None,
                "created": None, **extra}


class JobsHandler(JobsBase):
    def get(self) -> None:
        created, flashes = self.take_revealed()  # the cookie names the secret; the store holds it, once
        self.render_template("jobs.html", **self.jobs_context(created=created, flashes=flashes))


class WebhookSecretHandler(JobsBase):
    """Create the secret, or roll it (the old one keeps signing for 24 h); either way it is shown once."""

    def post(self) -> None:
        had = webhook_secrets.current(self.current_user) is not None
        row = webhook_secrets.roll(self.current_user) if had else webhook_secrets.ensure(self.current_user)[0]
        text = ("Webhook secret rolled. The previous one keeps signing for 24 hours." if had
                else "Webhook secret created.")
        if not self.is_htmx:
            self.reveal_after_redirect("/admin/jobs", text, row.secret, "webhook signing secret")
            return
        created = {"secret": row.secret, "key_name": "webhook signing secret", "text": text}
        self.render_template("_webhook_secret.html", **self.jobs_context(created=created))


class DeliveryRetryHandler(JobsBase):
    """Make a failed (or waiting) delivery due now and queue it."""

    def post(self, event_id: str) -> None:
        event = WebhookEvent.get_or_none((WebhookEvent.id == event_id) & (WebhookEvent.user == self.current_user.id)) \
            if is_id(event_id, "evt") else None
        if event is None:
            raise NotFound("No such webhook event.")
        if webhook_delivery.retry_now(event.id):
            queue = self.ctx.extras.get("job_queue")
            if queue is not None:  # without one here, a consumer's sweep finds it due
                queue.enqueue_delivery(event.id)
        if self.is_htmx:
            self.render_template("_job_row.html", row=job_row(Job.get_by_id(event.job_id)))
        else:
            self.done("/admin/jobs", "Delivery queued again.")
