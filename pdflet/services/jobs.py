"""Asynchronous jobs without HTTP: submit, look up, list, cancel, and the worker's claim and finish.

The job row is the record; the task queue only carries ids. Every state change is one
conditional UPDATE (``WHERE status = …``), so two consumers that got the same id (a
re-enqueued lost job, a duplicate queue entry) cannot both run it: the second claim
changes no row and is dropped.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from pdflet.db.job_models import Job
from pdflet.db.models import User, utcnow
from pdflet.errors import InvalidRequest, NotFound, PdfletError, RenderFailed, Throttled
from pdflet.request import RenderOutput, RenderRequest
from pdflet.services import job_requests, job_sql
from pdflet.services.ids import is_id, new_id
from pdflet.services.job_sql import Claimed
from pdflet.services.results import ResultStore
from pdflet.services.webhook_events import create_event

ACTIVE = ("queued", "running")
PAGE_SIZE = 50


class NotReady(PdfletError):
    status, code, default_detail = 409, "not_ready", "The job has not finished yet."


class Expired(PdfletError):
    status, code, default_detail = 410, "expired", "The job's PDF has expired and was deleted."


def pdf_name(job_id: str) -> str:
    return job_id + ".pdf"


def request_name(job_id: str) -> str:
    return job_id + ".request"


@dataclass(frozen=True)
class Submission:
    """Who submits, with what: the validated request and where to call back."""

    user: User
    key_id: int
    test: bool
    request: RenderRequest
    webhook_url: str | None = None


def submit(store: ResultStore, sub: Submission, max_queued: int) -> Job:
    """Store the request and create the job row (the caller enqueues it).

    Raises:
        Throttled: the user already has ``max_queued`` jobs queued or running.
    """
    job_id = new_id("job")
    data = job_requests.dump(sub.request)
    inline = data if len(data) <= job_requests.INLINE_MAX else None
    if inline is None:
        store.put_new(request_name(job_id), data)
    job = Job(id=job_id, user=sub.user, key_id=sub.key_id, test=sub.test, filename=sub.request.filename,
              webhook_url=sub.webhook_url, created_at=utcnow())
    job.enqueued_at = job.created_at
    if not job_sql.insert(job, inline, max_active=max_queued):
        if inline is None:
            store.delete(request_name(job_id))
        active = job_sql.active_jobs(sub.user.id)
        raise Throttled(f"You have {active} jobs waiting; at most {max_queued} may be queued at once.",
                        retry_after=10)
    return job


def get_job(user: User, job_id: str) -> Job:
    """The user's job, or 404 whether it does not exist or is someone else's."""
    job = Job.get_or_none((Job.id == job_id) & (Job.user == user)) if is_id(job_id, "job") else None
    if job is None:
        raise NotFound("No such job.")
    return job


def list_jobs(user: User, cursor: str | None = None, limit: int = PAGE_SIZE) -> tuple[list[Job], str | None]:
    """The user's jobs, newest first; ``cursor`` is the id of the last job of the previous page."""
    query = Job.select().where(Job.user == user)
    if cursor:
        last = Job.get_or_none((Job.id == cursor) & (Job.user == user)) if is_id(cursor, "job") else None
        if last is None:
            raise InvalidRequest("'cursor' is not a cursor from this list.")
        query = query.where((Job.created_at < last.created_at)
                            | ((Job.created_at == last.created_at) & (Job.id < last.id)))
    rows = list(query.order_by(Job.created_at.desc(), Job.id.desc()).limit(limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more and rows else None)


def pdf_for(store: ResultStore, job: Job, now: dt.datetime | None = None) -> bytes:
    """The finished PDF, or 409 (not finished or failed) / 410 (expired or deleted)."""
    now = now or utcnow()
    if job.status in ACTIVE:
        raise NotReady(f"The job is {job.status}; ask again once it has succeeded.")
    if job.status == "failed":
        raise NotReady("The job failed; it has no PDF (see its 'error').")
    if job.result_deleted or (job.expires_at is not None and job.expires_at <= now):
        raise Expired()
    data = store.get(pdf_name(job.id))
    if data is None:
        raise Expired()
    return data


def cancel_or_delete(store: ResultStore, job: Job) -> None:
    """Cancel a queued job (its row goes), or delete a finished job's PDF (the row stays, 410 after)."""
    if job.status == "queued":
        if Job.delete().where((Job.id == job.id) & (Job.status == "queued")).execute():
            store.delete(request_name(job.id))
            return
        job = Job.get_by_id(job.id)
    if job.status == "running":
        raise NotReady("The job is running; delete it once it has finished.")
    store.delete(pdf_name(job.id))
    Job.update(result_deleted=True, expires_at=utcnow()).where(Job.id == job.id).execute()


# -- the worker's side -------------------------------------------------------------------------
def claim(job_id: str, lease_seconds: float, now: dt.datetime | None = None) -> Claimed | None:
    """Take a queued job (or a running one whose lease passed: its consumer died) for this consumer.

    One conditional UPDATE: of two consumers holding the same id, one gets the row. The
    returned ``attempt`` owns the job; finish/fail by any other attempt change nothing.
    """
    now = now or utcnow()
    return job_sql.claim(job_id, now, now + dt.timedelta(seconds=lease_seconds))


def load_request(store: ResultStore, job: Claimed) -> RenderRequest | None:
    """The claimed job's request: from its row, or from the result store (None when gone from there)."""
    data = job.request if job.request is not None else store.get(request_name(job.id))
    if data is None:
        return None
    try:
        return job_requests.load(data)
    except Exception as exc:  # unreadable (or not a request at all): the job fails, the consumer goes on
        raise RenderFailed("The job's stored request could not be read.") from exc


def finish(store: ResultStore, job: Claimed, output: RenderOutput, ttl: int,
           warnings: list[Any]) -> tuple[str | None, str | None]:
    """Store the PDF, mark the job succeeded, and create its webhook event in the same transaction.

    Returns the job's new status (None when another attempt owns it now) and the id of the
    event to deliver (None without a ``webhook_url``).
    """
    if not job_sql.owned(job):  # a consumer that outlived its lease must not replace the result
        return None, None
    store.put(pdf_name(job.id), output.data)
    now = utcnow()
    return _complete(store, job, "succeeded", now, pages=output.pages, size=len(output.data),
                     renderer=output.renderer, warnings=json.dumps(warnings),
                     expires_at=now + dt.timedelta(seconds=ttl))


def fail(store: ResultStore, job: Claimed, error: PdfletError) -> tuple[str | None, str | None]:
    return _complete(store, job, "failed", utcnow(), error_code=error.code, error_detail=error.detail)


def _complete(store: ResultStore, job: Claimed, status: str, now: dt.datetime,
              **fields: Any) -> tuple[str | None, str | None]:
    event_id = None
    if job.webhook_url:  # the final state and its event: one transaction
        with Job._meta.database.atomic():
            updated = job_sql.complete(job, status, now, returning=True, **fields)
            if updated:
                event_id = create_event(updated)
    else:  # one statement, atomic on its own
        updated = job_sql.complete(job, status, now, **fields)
    if not updated:
        return None, None
    if job.request is None:  # the request was too big for the row: its file goes (the row's went with the UPDATE)
        store.delete(request_name(job.id))
    return status, event_id


# -- sweeping ----------------------------------------------------------------------------------
def lost_jobs(now: dt.datetime | None = None, limit: int = 500) -> list[str]:
    """Running jobs whose lease passed: their consumer died. Set back to queued and returned."""
    now = now or utcnow()
    ids = [j.id for j in Job.select(Job.id).where((Job.status == "running") & (Job.lease_until < now)).limit(limit)]
    if ids:
        Job.update(status="queued", enqueued_at=now).where(
            (Job.id.in_(ids)) & (Job.status == "running") & (Job.lease_until < now)).execute()
    return ids


def stale_queued(older_than: dt.datetime, limit: int = 500) -> list[str]:
    """Queued jobs not picked up since ``older_than`` (their queue entry may be gone)."""
    rows = (Job.select(Job.id).where((Job.status == "queued") & (Job.enqueued_at < older_than))
            .order_by(Job.created_at).limit(limit))
    ids = [j.id for j in rows]
    if ids:
        Job.update(enqueued_at=utcnow()).where(Job.id.in_(ids)).execute()
    return ids


def expire_results(store: ResultStore, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Delete PDFs past ``expires_at``; the rows stay (GET …/pdf answers 410)."""
    now = now or utcnow()
    rows = list(Job.select(Job.id).where((Job.expires_at <= now) & (Job.result_deleted == False))  # noqa: E712
                .limit(limit))
    for job in rows:
        store.delete(pdf_name(job.id))
    if rows:
        Job.update(result_deleted=True).where(Job.id.in_([j.id for j in rows])).execute()
    return len(rows)


def queue_depth() -> int:
    return Job.select().where(Job.status == "queued").count()
