"""Delivery retries against a real receiver, in process on a SQLite file: backoff, and giving up at the max age."""

from __future__ import annotations

import itertools
import time

import pytest

from pdflet.config import Settings
from pdflet.db import migrate
from pdflet.db.job_models import Job, WebhookEvent
from pdflet.db.models import utcnow
from pdflet.services import webhook_delivery
from pdflet.services.webhook_events import create_event
from tests.conftest import TEST_DATABASE_URL
from tests.helpers import new_user
from tests.jobs_support import Receiver, answer, bound_database

# These servers keep their own SQLite database (and queue): nothing here changes with PostgreSQL, which
# test_jobs_api.py (the shared server) and test_scaled_jobs.py (worker + Redis) cover.
pytestmark = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="own SQLite set-up; runs in the SQLite pass")


def test_retries_back_off_and_stop_after_the_max_age(tmp_path):
    receiver = Receiver(respond=answer(500)).start()
    settings = Settings(data_dir=tmp_path, webhook_allow=(f"127.0.0.1:{receiver.port}",), webhook_backoff=0.05,
                        webhook_max_age=1, webhook_timeout=1)
    try:
        with bound_database(settings.database_url) as database:
            migrate(database)
            user = new_user()
            job = Job.create(id="job_" + "a" * 24, user=user, status="succeeded", finished_at=utcnow(),
                             webhook_url=receiver.url)
            event_id = create_event(job)
            delays = []
            while WebhookEvent.get_by_id(event_id).status == "pending":
                attempt, delay = webhook_delivery.deliver(event_id, settings)
                if delay is not None:
                    assert webhook_delivery.deliver(event_id, settings) == (None, None)  # not due yet
                    delays.append(delay)
                    time.sleep(delay)
            event = WebhookEvent.get_by_id(event_id)
            assert event.status == "failed" and event.attempts == len(delays) + 1 >= 3
            assert [a.status_code for a in event.attempt_rows] == [500] * event.attempts
            assert all(b > a * 0.9 for a, b in itertools.pairwise(delays))  # growing (with jitter)
            assert len({h.body for h in receiver.received}) == 1
            assert webhook_delivery.retry_now(event_id)  # the admin's retry: one more attempt
            attempt, _delay = webhook_delivery.deliver(event_id, settings)
            assert attempt is not None and attempt.status_code == 500
    finally:
        receiver.stop()
