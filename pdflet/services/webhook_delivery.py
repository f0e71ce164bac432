"""Delivering one webhook event: claim it, POST it signed, record the attempt, plan the retry.

At-least-once: an event stays ``pending`` until a 2xx answer, retried with exponential
backoff and jitter until ``webhook_max_age`` after it was created, then ``failed``. Every
attempt is a row (status code or error, milliseconds). A receiver that hangs is cut off at
``webhook_timeout`` (a watchdog shuts the socket, so a slow drip of header bytes cannot
hold a consumer); its body is never read (a 1 GB answer costs nothing); redirects are not
followed (a 3xx is a failed attempt); each attempt checks the address rules again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import random
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from pdflet.config import Settings
from pdflet.db.job_models import WebhookAttempt, WebhookEvent
from pdflet.db.models import utcnow
from pdflet.errors import InvalidRequest
from pdflet.services.webhook_secrets import signing_secrets
from pdflet.services.webhook_targets import check_url
from pdflet.webhooks import HEADER, sign

MAX_DELAY = 3600.0
USER_AGENT = "pdflet-webhooks/1"


@dataclass(frozen=True)
class AttemptResult:
    status_code: int | None
    error: str
    ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def backoff(base: float, attempts: int, rng: random.Random | None = None) -> float:
    """Seconds before retry ``attempts`` + 1: ``base * 2**(attempts-1)``, capped, with half of it jittered."""
    rng = rng or random.Random()
    delay = min(MAX_DELAY, base * (2 ** max(0, attempts - 1)))
    return delay / 2 + rng.uniform(0, delay / 2)


def post(url: str, body: bytes, signature: str, allow: tuple[str, ...], timeout: float) -> AttemptResult:
    """One signed POST to ``url``; never raises, never reads the answer's body."""
    started = time.perf_counter()

    def result(code: int | None, error: str) -> AttemptResult:
        return AttemptResult(code, error[:255], int((time.perf_counter() - started) * 1000))

    try:
        target = check_url(url, allow)[0]
    except InvalidRequest as exc:
        return result(None, exc.detail)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if target.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(target.host, target.port, timeout=timeout)
    # connect to the address that was checked, never to a second DNS answer (Host and SNI keep the name)
    conn._create_connection = lambda _addr, t=None, src=None: socket.create_connection(  # type: ignore[attr-defined]
        (target.ip, target.port), t, src)
    fired = threading.Event()
    watchdog = threading.Timer(timeout, _cut, args=(conn, fired))
    watchdog.daemon = True
    watchdog.start()
    try:
        conn.request("POST", path, body=body, headers={
            "Content-Type": "application/json", HEADER: signature, "User-Agent": USER_AGENT})
        status = conn.getresponse().status
    except (OSError, http.client.HTTPException, ValueError) as exc:
        timed_out = isinstance(exc, TimeoutError) or fired.is_set()
        return result(None, f"timed out after {timeout:g} s" if timed_out else f"{type(exc).__name__}: {exc}")
    finally:
        watchdog.cancel()
        conn.close()
    if fired.is_set():  # cut mid-headers, the answer can look complete: it is not
        return result(None, f"timed out after {timeout:g} s")
    if 300 <= status < 400:
        return result(status, "redirect not followed")
    return result(status, "" if 200 <= status < 300 else f"HTTP {status}")


def _cut(conn: http.client.HTTPConnection, fired: threading.Event) -> None:
    """The deadline passed: shut the socket so a blocked read returns (close() alone would not wake it)."""
    fired.set()
    sock = conn.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def claim(event_id: str, lease_seconds: float, now: dt.datetime) -> WebhookEvent | None:
    """Take a due, pending event that no other consumer is sending right now."""
    free = WebhookEvent.lease_until.is_null() | (WebhookEvent.lease_until < now)
    changed = (WebhookEvent.update(lease_until=now + dt.timedelta(seconds=lease_seconds))
               .where((WebhookEvent.id == event_id) & (WebhookEvent.status == "pending")
                      & (WebhookEvent.next_attempt_at <= now) & free).execute())
    return WebhookEvent.get_by_id(event_id) if changed == 1 else None


def deliver(event_id: str, settings: Settings) -> tuple[AttemptResult | None, float | None]:
    """Attempt one delivery; returns the attempt (None if not due or taken) and the retry delay, if any."""
    now = utcnow()
    event = claim(event_id, settings.webhook_timeout + 5, now)
    if event is None:
        return None, None
    body = event.body.encode()
    attempt = post(event.url, body, sign(body, signing_secrets(event.user_id)),
                   settings.webhook_allow, settings.webhook_timeout)
    done = utcnow()
    WebhookAttempt.create(event=event.id, at=done, status_code=attempt.status_code, error=attempt.error,
                          ms=attempt.ms)
    attempts = event.attempts + 1
    if attempt.ok:
        event_update(event.id, status="delivered", delivered_at=done, attempts=attempts)
        return attempt, None
    delay = backoff(settings.webhook_backoff, attempts)
    if (done - event.created_at).total_seconds() + delay > settings.webhook_max_age:
        event_update(event.id, status="failed", attempts=attempts)
        return attempt, None
    event_update(event.id, attempts=attempts, next_attempt_at=done + dt.timedelta(seconds=delay))
    return attempt, delay


def event_update(event_id: str, **fields: object) -> None:
    WebhookEvent.update(lease_until=None, **fields).where(WebhookEvent.id == event_id).execute()


def due_events(before: dt.datetime, limit: int = 500) -> list[str]:
    """Pending events due before ``before`` and not being sent (their queue entry may be gone)."""
    free = WebhookEvent.lease_until.is_null() | (WebhookEvent.lease_until < before)
    rows = (WebhookEvent.select(WebhookEvent.id)
            .where((WebhookEvent.status == "pending") & (WebhookEvent.next_attempt_at <= before) & free)
            .order_by(WebhookEvent.next_attempt_at).limit(limit))
    return [r.id for r in rows]


def retry_now(event_id: str) -> bool:
    """An admin's "retry": a failed (or waiting) event becomes due now; True if it was retryable."""
    changed = (WebhookEvent.update(status="pending", next_attempt_at=utcnow(), lease_until=None)
               .where((WebhookEvent.id == event_id) & (WebhookEvent.status != "delivered")).execute())
    return changed == 1
