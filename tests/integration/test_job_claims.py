"""The job state machine in process on a SQLite file: one owner per job, takeover after a lost lease,
a late finisher that cannot replace the new owner's result, expiry deleting files, cancel vs run."""

from __future__ import annotations

import datetime as dt

import pytest

from pdflet.config import Settings
from pdflet.db import migrate
from pdflet.db.job_models import Job
from pdflet.db.models import utcnow
from pdflet.errors import RenderFailed
from pdflet.request import RenderOutput, RenderRequest
from pdflet.services import jobs
from pdflet.services.results import make_result_store
from tests.conftest import TEST_DATABASE_URL
from tests.helpers import new_user
from tests.jobs_support import bound_database

pytestmark = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="own SQLite set-up; runs in the SQLite pass")


@pytest.fixture
def store(tmp_path):
    settings = Settings(data_dir=tmp_path)
    with bound_database(settings.database_url) as database:
        migrate(database)
        yield make_result_store(settings.results_dir)


def submit(store, **kwargs):
    return jobs.submit(store, jobs.Submission(new_user(), 0, False, RenderRequest(html="<p>x</p>"), **kwargs), 10)


def test_one_claim_wins_and_a_lost_lease_is_taken_over(store):
    job = submit(store)
    first = jobs.claim(job.id, lease_seconds=30)
    assert first is not None and first.attempt == 1
    assert jobs.claim(job.id, lease_seconds=30) is None  # a duplicate queue entry
    later = utcnow() + dt.timedelta(seconds=31)
    second = jobs.claim(job.id, lease_seconds=30, now=later)  # the first consumer died (its lease passed)
    assert second is not None and second.attempt == 2
    late = jobs.finish(store, first, RenderOutput(b"%PDF-late", 1, "r"), 60, [])
    assert late == (None, None)  # the outlived attempt changes nothing
    assert store.get(jobs.pdf_name(job.id)) is None
    assert jobs.finish(store, second, RenderOutput(b"%PDF-new", 2, "r"), 60, []) == ("succeeded", None)
    done = Job.get_by_id(job.id)
    assert (done.status, done.pages, done.bytes, done.attempts) == ("succeeded", 2, 8, 2)
    assert jobs.pdf_for(store, done) == b"%PDF-new"
    assert store.get(jobs.request_name(job.id)) is None  # the request file goes once the job is done
    assert jobs.fail(store, second, RenderFailed("x")) == (None, None)  # final states are final


def test_lost_jobs_are_found_after_their_lease(store):
    job = submit(store)
    jobs.claim(job.id, lease_seconds=30)
    assert jobs.lost_jobs() == []
    assert jobs.lost_jobs(now=utcnow() + dt.timedelta(seconds=31)) == [job.id]
    assert Job.get_by_id(job.id).status == "queued"


def test_results_expire_and_their_files_go(store):
    job = submit(store, webhook_url="https://example.com/hook")
    claimed = jobs.claim(job.id, lease_seconds=30)
    status, event_id = jobs.finish(store, claimed, RenderOutput(b"%PDF", 1, "r"), 1, [])
    assert status == "succeeded" and event_id and event_id.startswith("evt_")
    assert store.get(jobs.pdf_name(job.id)) == b"%PDF"
    assert jobs.expire_results(store, now=utcnow() + dt.timedelta(seconds=2)) == 1
    assert store.get(jobs.pdf_name(job.id)) is None
    with pytest.raises(jobs.Expired):
        jobs.pdf_for(store, Job.get_by_id(job.id))


def test_a_cancelled_job_is_never_run_and_a_running_one_cannot_be_cancelled(store):
    job = submit(store)
    jobs.cancel_or_delete(store, job)
    assert Job.get_or_none(Job.id == job.id) is None and jobs.claim(job.id, 30) is None
    running = submit(store)
    jobs.claim(running.id, 30)
    with pytest.raises(jobs.NotReady):
        jobs.cancel_or_delete(store, Job.get_by_id(running.id))


def test_a_running_job_keeps_its_lease_only_while_its_attempt_owns_it(store):
    from pdflet.services import job_sql

    job = submit(store)
    first = jobs.claim(job.id, lease_seconds=1)
    assert job_sql.renew(first, 60)
    assert Job.get_by_id(job.id).lease_until > utcnow() + dt.timedelta(seconds=50)
    assert jobs.lost_jobs(utcnow() + dt.timedelta(seconds=30)) == []  # renewed: not taken for lost
    second = jobs.claim(job.id, lease_seconds=30, now=utcnow() + dt.timedelta(seconds=61))
    assert second is not None and second.attempt == 2
    assert not job_sql.renew(first, 60)  # the old attempt cannot hold on to it


def test_a_job_render_is_stopped_by_the_cpu_it_uses(store):
    import os
    import time

    from pdflet.services.job_clock import RenderClock, cpu_seconds

    if cpu_seconds(os.getpid()) is None:
        pytest.skip("no /proc")
    job = jobs.claim(submit(store).id, lease_seconds=30)
    clock = RenderClock(job, os.getpid, cpu_limit=0.2, lease=30)
    clock.started()
    time.sleep(0.3)  # waiting is not working: the wall clock alone stops nothing
    assert clock.tick(True) and not clock.cpu_exceeded
    deadline = time.monotonic() + 20
    while clock.tick(True):  # this process is the "worker": burn CPU until the clock says stop
        assert time.monotonic() < deadline
        sum(range(10_000))
    assert clock.cpu_exceeded


def test_a_job_is_claimed_only_once_the_runner_may_start_it(store, tmp_path):
    from pdflet.services.job_runner import JobRunner

    job = submit(store)
    seen = []

    def may_start() -> bool:
        seen.append(Job.get_by_id(job.id).status)
        return len(seen) >= 3

    runner = JobRunner(Settings(data_dir=tmp_path), store, 1, announce=lambda event_id: None, may_start=may_start)
    try:
        runner.run(job.id)
    finally:
        runner.close()
    assert seen == ["queued"] * 3  # held back, unclaimed, until allowed
    assert Job.get_by_id(job.id).status == "succeeded"


def test_a_small_request_lives_in_its_row_and_a_big_one_in_the_store(store):
    from pdflet.services import job_requests

    small = submit(store)
    assert store.get(jobs.request_name(small.id)) is None and Job.get_by_id(small.id).request is not None
    big_request = RenderRequest(html="<p>" + "x" * job_requests.INLINE_MAX + "</p>")
    big = jobs.submit(store, jobs.Submission(new_user(), 0, False, big_request), 10)
    assert store.get(jobs.request_name(big.id)) is not None and Job.get_by_id(big.id).request is None
    for job, request in ((small, RenderRequest(html="<p>x</p>")), (big, big_request)):
        claimed = jobs.claim(job.id, lease_seconds=30)
        assert jobs.load_request(store, claimed) == request
        assert jobs.finish(store, claimed, RenderOutput(b"%PDF", 1, "r"), 60, [])[0] == "succeeded"
        assert Job.get_by_id(job.id).request is None  # gone with the final UPDATE
        assert store.get(jobs.request_name(job.id)) is None  # the big one's file too


def test_a_job_whose_stored_request_is_not_a_request_fails_and_runs_nothing(store, tmp_path):
    import os
    import pickle

    from pdflet.services.job_runner import JobRunner

    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.mkdir, (str(marker),))

    job = submit(store)
    Job.update(request=pickle.dumps(Payload())).where(Job.id == job.id).execute()  # someone wrote to the database
    runner = JobRunner(Settings(data_dir=tmp_path), store, 1, announce=lambda event_id: None)
    try:
        runner.run(job.id)
    finally:
        runner.close()
    done = Job.get_by_id(job.id)
    assert (done.status, done.error_code) == ("failed", "render_failed") and not marker.exists()


def test_the_queue_quota_counts_queued_and_running_jobs_and_leaves_nothing_behind(store):
    from pdflet.errors import Throttled
    from pdflet.services import job_requests

    user = new_user()
    small = jobs.Submission(user, 0, False, RenderRequest(html="<p>x</p>"))
    big = jobs.Submission(user, 0, False, RenderRequest(html="<p>" + "x" * job_requests.INLINE_MAX + "</p>"))
    first, second = jobs.submit(store, small, 2), jobs.submit(store, small, 2)
    claimed = jobs.claim(first.id, lease_seconds=30)  # running counts as much as queued
    for sub in (small, big):
        with pytest.raises(Throttled, match="You have 2 jobs waiting"):
            jobs.submit(store, sub, 2)
    assert Job.select().where(Job.user == user).count() == 2
    assert sorted(p.name for p in store.root.iterdir()) == []  # the refused big request's file went too
    jobs.finish(store, claimed, RenderOutput(b"%PDF", 1, "r"), 60, [])
    assert jobs.submit(store, big, 2).status == "queued"  # a finished job frees its place
    assert second.status == "queued"


def test_a_webhook_event_shows_the_finished_row_as_the_api_does(store):
    import json

    from pdflet.db.job_models import WebhookEvent
    from pdflet.services.job_views import job_view

    for outcome in ("succeeded", "failed"):
        job = submit(store, webhook_url="https://example.com/hook")
        claimed = jobs.claim(job.id, lease_seconds=30)
        if outcome == "succeeded":
            status, event_id = jobs.finish(store, claimed, RenderOutput(b"%PDF", 3, "r"), 60, [{"type": "w"}])
        else:
            status, event_id = jobs.fail(store, claimed, RenderFailed("bad"))
        body = json.loads(WebhookEvent.get_by_id(event_id).body)
        assert status == outcome and body["type"] == f"job.{outcome}"
        assert body["data"] == job_view(Job.get_by_id(job.id))  # what GET …/jobs/{id}/ answers
