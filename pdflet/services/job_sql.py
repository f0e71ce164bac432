"""The statements a consumer runs for every job, written once per database.

peewee's query builder cost about a millisecond a statement here, several times the
statement itself, and a job runs five of them (the same finding as the usage upsert in
services/usage.py): the hot path of the queue uses these fixed statements instead.
Each is one atomic statement, so the guarantees of the conditional UPDATEs hold as before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import peewee

from pdflet.db.job_models import Job
from pdflet.db.models import utcnow

_CACHE: dict[int, dict[str, str]] = {}  # per database object: the statements never change


@dataclass(frozen=True)
class Claimed:
    """What a consumer needs of the job it claimed; ``attempt`` is the run that owns it."""

    id: str
    user_id: int
    key_id: int
    test: bool
    webhook_url: str | None
    attempt: int
    #: the pickled request kept in the row (None: it is in the result store)
    request: bytes | None = None


def _database() -> peewee.Database:
    proxy = Job._meta.database
    return getattr(proxy, "obj", proxy)


STATEMENTS = {
    "claim": ("UPDATE job SET status = 'running', started_at = ?, attempts = attempts + 1, lease_until = ? "
              "WHERE id = ? AND (status = 'queued' OR (status = 'running' AND lease_until < ?)) "
              "RETURNING id, user_id, key_id, test, webhook_url, attempts, request"),
    "owned": "SELECT 1 FROM job WHERE id = ? AND status = 'running' AND attempts = ?",
    "complete": ("UPDATE job SET status = ?, finished_at = ?, lease_until = NULL, pages = ?, bytes = ?, "
                 "renderer = ?, warnings = ?, expires_at = ?, error_code = ?, error_detail = ?, request = NULL "
                 "WHERE id = ? AND status = 'running' AND attempts = ?"),
    "renew": "UPDATE job SET lease_until = ? WHERE id = ? AND status = 'running' AND attempts = ?",
    "active": "SELECT COUNT(*) FROM job WHERE user_id = ? AND status IN ('queued', 'running')",
    # the row goes in only while the user has fewer than ``?`` jobs queued or running: the quota's
    # look and the insert are one statement (one trip, and on SQLite no submission slips between them)
    "insert": ("INSERT INTO job (id, user_id, key_id, test, status, filename, webhook_url, created_at, enqueued_at, "
               "attempts, warnings, result_deleted, request) SELECT ?, ?, ?, ?, 'queued', ?, ?, ?, ?, 0, '[]', ?, ? "
               "WHERE (SELECT COUNT(*) FROM job WHERE user_id = ? AND status IN ('queued', 'running')) < ?"),
}


# the columns a finished job's webhook event shows (all but the request, which the final UPDATE clears)
_VIEW_FIELDS = [field for field in Job._meta.sorted_fields if field.name != "request"]
STATEMENTS["complete_returning"] = (STATEMENTS["complete"] + " RETURNING "
                                    + ", ".join(field.column_name for field in _VIEW_FIELDS))


def _statements(db: peewee.Database) -> dict[str, str]:
    """STATEMENTS with the driver's placeholder (``?`` for SQLite, ``%s`` for psycopg)."""
    found = _CACHE.get(id(db))
    if found is None:
        found = _CACHE[id(db)] = {name: sql.replace("?", db.param) for name, sql in STATEMENTS.items()}
    return found


def _when(value: dt.datetime | None) -> Any:
    return Job.started_at.db_value(value)


def claim(job_id: str, now: dt.datetime, lease_until: dt.datetime) -> Claimed | None:
    """One ``UPDATE … RETURNING``, atomic on its own: reading all its rows ends the statement,
    which commits it (no BEGIN/COMMIT pair around it)."""
    db = _database()
    rows = db.execute_sql(_statements(db)["claim"], (_when(now), _when(lease_until), job_id, _when(now))).fetchall()
    if not rows:
        return None
    job_id, user_id, key_id, test, webhook_url, attempts, request = rows[0]
    return Claimed(job_id, int(user_id), int(key_id), bool(test), webhook_url, int(attempts),
                   None if request is None else bytes(request))  # psycopg2 reads bytea as a memoryview


def owned(job: Claimed) -> bool:
    db = _database()
    return db.execute_sql(_statements(db)["owned"], (job.id, job.attempt)).fetchone() is not None


def complete(job: Claimed, status: str, finished_at: dt.datetime, *, pages: int | None = None,
             size: int | None = None, renderer: str | None = None, warnings: str = "[]",
             expires_at: dt.datetime | None = None, error_code: str | None = None,
             error_detail: str | None = None, returning: bool = False) -> bool | Job | None:
    """The final state, if ``job.attempt`` still owns the job; True when it did.

    With ``returning``, the finished row itself (or None): what its webhook event shows, from
    the UPDATE rather than a second read.
    """
    db = _database()
    params = (status, _when(finished_at), pages, size, renderer, warnings, _when(expires_at), error_code,
              error_detail, job.id, job.attempt)
    if not returning:
        return db.execute_sql(_statements(db)["complete"], params).rowcount == 1
    rows = db.execute_sql(_statements(db)["complete_returning"], params).fetchall()
    if not rows:
        return None
    return Job(**{field.name: field.python_value(value) for field, value in zip(_VIEW_FIELDS, rows[0], strict=True)})


def renew(job: Claimed, lease_seconds: float) -> bool:
    """Extend a running job's lease, if ``job.attempt`` still owns it; True when it did."""
    db = _database()
    until = utcnow() + dt.timedelta(seconds=lease_seconds)
    return db.execute_sql(_statements(db)["renew"], (_when(until), job.id, job.attempt)).rowcount == 1


def active_jobs(user_id: int) -> int:
    db = _database()
    return int(db.execute_sql(_statements(db)["active"], (user_id,)).fetchone()[0])


def insert(job: Job, request: bytes | None = None, max_active: int = 2**31 - 1) -> bool:
    """Insert a new job row (what ``Job.create`` does, without building the statement each time),
    with its pickled ``request`` when it is kept in the row; False (nothing inserted) when the
    user has ``max_active`` jobs queued or running already.

    One statement commits on its own: no BEGIN/COMMIT pair around it.
    """
    db = _database()
    cursor = db.execute_sql(_statements(db)["insert"], (
        job.id, job.user_id, job.key_id, Job.test.db_value(job.test), job.filename, job.webhook_url,
        _when(job.created_at), _when(job.enqueued_at), Job.result_deleted.db_value(False),
        None if request is None else Job.request.db_value(request), job.user_id, max_active))
    return cursor.rowcount == 1
