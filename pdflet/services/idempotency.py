"""``Idempotency-Key`` with Stripe's semantics, for ``/api/v1/pdf/`` and ``/api/v1/pdf/jobs/``.

The first request with a key claims it by inserting a row (unique per user and key);
that insert is the lock, so of concurrent duplicates exactly one renders while the rest
wait for its outcome and replay it. The same key with a different request (compared as a
digest of the validated request, so a multipart boundary or JSON key order do not
matter) is a 422 ``idempotency_mismatch``. Keys are kept 24 hours. As at Stripe, requests
that fail validation claim nothing, and outcomes worth retrying (busy, timeouts, a lost
database) release the key; a ``render_failed`` is an answer and is replayed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from typing import Any

import peewee

from pdflet.db.job_models import IdempotencyRecord
from pdflet.db.models import User, utcnow
from pdflet.errors import InvalidRequest, PdfletError
from pdflet.services.results import ResultStore

WINDOW = dt.timedelta(hours=24)
MAX_KEY = 255


class IdempotencyMismatch(PdfletError):
    status, code = 422, "idempotency_mismatch"
    default_detail = "This Idempotency-Key was used with a different request."


def check_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY or not key.isascii() or not key.isprintable():
        raise InvalidRequest(f"Idempotency-Key must be 1 to {MAX_KEY} printable ASCII characters.")
    return key


def _default(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray)):
        return hashlib.sha256(value).hexdigest()
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    return repr(value)


def fingerprint(route: str, request: Any, **extra: Any) -> str:
    """A digest of what the request asks for, independent of how the body was encoded."""
    data = dataclasses.asdict(request) if dataclasses.is_dataclass(request) else request
    canonical = json.dumps({"route": route, "request": data, **extra}, sort_keys=True, default=_default)
    return hashlib.sha256(canonical.encode()).hexdigest()


def begin(user: User, key: str, digest: str, now: dt.datetime | None = None) -> tuple[bool, IdempotencyRecord]:
    """Claim ``key`` for this request (True) or return the record of the first one (False).

    Raises:
        IdempotencyMismatch: the key was used within 24 h with a different request.
    """
    now = now or utcnow()
    IdempotencyRecord.delete().where((IdempotencyRecord.user == user) & (IdempotencyRecord.key == key)
                                     & (IdempotencyRecord.created_at < now - WINDOW)).execute()
    try:
        with IdempotencyRecord._meta.database.atomic():
            return True, IdempotencyRecord.create(user=user, key=key, fingerprint=digest, created_at=now)
    except peewee.IntegrityError:
        pass
    record = IdempotencyRecord.get_or_none((IdempotencyRecord.user == user) & (IdempotencyRecord.key == key))
    if record is None:  # released between our insert and this read: try once more
        return begin(user, key, digest, now)
    if record.fingerprint != digest:
        raise IdempotencyMismatch()
    return False, record


def reload(record_id: int) -> IdempotencyRecord | None:
    return IdempotencyRecord.get_or_none(IdempotencyRecord.id == record_id)


def take_over(record: IdempotencyRecord, stale: dt.timedelta, now: dt.datetime | None = None) -> bool:
    """Claim a key whose first request never finished (its process died); True if this request now owns it."""
    now = now or utcnow()
    return IdempotencyRecord.update(created_at=now).where(
        (IdempotencyRecord.id == record.id) & (IdempotencyRecord.state == "started")
        & (IdempotencyRecord.created_at == record.created_at)
        & (IdempotencyRecord.created_at < now - stale)).execute() == 1


def complete(record: IdempotencyRecord, status: int, response: dict[str, Any]) -> None:
    IdempotencyRecord.update(state="done", status=status, response=json.dumps(response)).where(
        IdempotencyRecord.id == record.id).execute()


def release(record: IdempotencyRecord) -> None:
    """Forget the key: the outcome was worth retrying (busy, a timeout, a crash)."""
    IdempotencyRecord.delete().where(IdempotencyRecord.id == record.id).execute()


def response_of(record: IdempotencyRecord) -> dict[str, Any]:
    return json.loads(record.response or "{}")


def expire(store: ResultStore, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Drop keys older than 24 h with the PDFs stored for their replays."""
    now = now or utcnow()
    rows = list(IdempotencyRecord.select().where(IdempotencyRecord.created_at < now - WINDOW).limit(limit))
    for row in rows:
        name = response_of(row).get("stored") if row.response else None
        if name:
            store.delete(name)
    if rows:
        IdempotencyRecord.delete().where(IdempotencyRecord.id.in_([r.id for r in rows])).execute()
    return len(rows)
