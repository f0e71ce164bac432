"""``/api/v1/pdf/jobs/``: asynchronous renders, their status and their PDFs (a user sees only their own)."""

from __future__ import annotations

import logging
from typing import Any

from pdflet.errors import InvalidRequest
from pdflet.services import idempotency, jobs
from pdflet.services.job_queue import JobQueue
from pdflet.services.job_views import job_view, webhook_view
from pdflet.services.webhook_targets import check_url
from pdflet.web import idempotent
from pdflet.web.base import ApiHandler
from pdflet.web.multipart import build_request, parse_render_body, request_limit
from pdflet.web.openapi_jobs import CREATE_JOB, DELETE_JOB, GET_JOB, GET_JOB_PDF, LIST_JOBS

log = logging.getLogger("pdflet.jobs")


def job_queue(ctx: Any) -> JobQueue:
    """The process's queue handle (made by ``pdflet serve``; on first use otherwise)."""
    queue = ctx.extras.get("job_queue")
    if queue is None:
        queue = ctx.extras["job_queue"] = JobQueue(ctx.settings, idempotent.result_store(ctx))
    return queue


def submit_and_enqueue(queue: JobQueue, sub: jobs.Submission, max_queued: int) -> jobs.Job:
    """The job row, then its queue entry, in one trip to an I/O thread (each trip costs the event loop a
    thread switch). The row is the record: an entry that fails here is made by the sweeper later."""
    job = jobs.submit(queue.store, sub, max_queued)
    try:
        queue.enqueue_job(job.id)
    except Exception:
        log.exception("could not enqueue job %s; the sweeper will", job.id)
    return job


class JobsHandler(ApiHandler):
    route_name = "jobs"
    operations = {"POST": CREATE_JOB, "GET": LIST_JOBS}

    def body_limit(self) -> int:
        """A job takes what a render takes: the document's budget plus the assets'."""
        return request_limit(self.ctx.settings)

    async def post(self) -> None:
        principal = self.principal
        assert principal is not None
        body = parse_render_body(self.request.headers.get("Content-Type", ""), self.body_bytes(), self.ctx.settings)
        webhook_url = body.fields.pop("webhook_url", None)
        body.fields.pop("report", None)  # a job's warnings are always kept with it
        request = build_request(self.ctx.pm, body)
        if webhook_url is not None:
            await self.run_io(check_url, webhook_url, self.ctx.settings.webhook_allow)
        record, replay = await idempotent.claim(self, "jobs", request, webhook_url=webhook_url,
                                                test=principal.is_test)
        if replay is not None:
            job = await self.run_io(jobs.get_job, principal.user, idempotency.response_of(replay)["job"])
            self.set_header("Idempotent-Replayed", "true")
            return self._accepted(job)
        sub = jobs.Submission(principal.user, principal.key.id if principal.key else 0, principal.is_test,
                              request, webhook_url)
        try:
            job = await self.run_io(submit_and_enqueue, job_queue(self.ctx), sub, self.ctx.settings.max_queued_jobs)
        except Exception as exc:
            await idempotent.remember_error(self, record, exc)
            raise
        if record is not None:
            await self.run_io(idempotency.complete, record, 202, {"job": job.id})
        self._accepted(job)

    def _accepted(self, job: jobs.Job) -> None:
        view = job_view(job)
        self.set_header("Location", view["links"]["self"])
        self.write_json({k: view[k] for k in ("id", "status", "created_at", "links")}, status=202)

    async def get(self) -> None:
        principal = self.principal
        assert principal is not None
        raw = self.get_query_argument("limit", str(jobs.PAGE_SIZE))
        if not raw.isdigit() or not 1 <= int(raw) <= 100:
            raise InvalidRequest("'limit' must be a whole number from 1 to 100.")
        cursor = self.get_query_argument("cursor", None)
        rows, next_cursor = await self.run_io(jobs.list_jobs, principal.user, cursor, int(raw))
        self.write_json({"results": [job_view(j) for j in rows], "next_cursor": next_cursor})


class JobHandler(ApiHandler):
    route_name = "job"
    operations = {"GET": GET_JOB, "DELETE": DELETE_JOB}

    async def get(self, job_id: str) -> None:
        job = await self.run_io(jobs.get_job, self.principal.user, job_id)
        view = job_view(job)
        view["webhooks"] = await self.run_io(webhook_view, job)
        self.write_json(view)

    async def delete(self, job_id: str) -> None:
        job = await self.run_io(jobs.get_job, self.principal.user, job_id)
        await self.run_io(jobs.cancel_or_delete, job_queue(self.ctx).store, job)
        self.set_status(204)
        self.finish()


class JobPdfHandler(ApiHandler):
    route_name = "job_pdf"
    operations = {"GET": GET_JOB_PDF}

    async def get(self, job_id: str) -> None:
        job = await self.run_io(jobs.get_job, self.principal.user, job_id)
        data = await self.run_io(jobs.pdf_for, job_queue(self.ctx).store, job)
        self.set_header("Content-Type", "application/pdf")
        self.set_header("Content-Disposition", f'inline; filename="{job.filename}"')
        self.set_header("X-Pdflet-Pages", str(job.pages))
        self.set_header("Cache-Control", "no-store")
        self.finish(data)
