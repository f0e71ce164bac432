"""Jobs survive SIGKILL of the process running them: none lost, none announced twice with two results."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pdflet.db.job_models import Job
from tests.conftest import TEST_DATABASE_URL, start_server, stop_server
from tests.helpers import new_key, new_user
from tests.jobs_crash import Consumers, run_crash
from tests.jobs_support import Receiver, bound_database

# These servers keep their own SQLite database (and queue): nothing here changes with PostgreSQL, which
# test_jobs_api.py (the shared server) and test_scaled_jobs.py (worker + Redis) cover.
pytestmark = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="own SQLite set-up; runs in the SQLite pass")

JOBS = int(os.environ.get("PDFLET_TEST_CRASH_JOBS", "30"))


@pytest.fixture
def receiver():
    hook = Receiver().start()
    yield hook
    hook.stop()


def crash_env(receiver: Receiver) -> dict[str, str]:
    return {"PDFLET_WEBHOOK_ALLOW": f"127.0.0.1:{receiver.port}", "PDFLET_WEBHOOK_BACKOFF": "0.2",
            "PDFLET_WEBHOOK_TIMEOUT": "2", "PDFLET_RENDER_TIMEOUT": "2", "PDFLET_RENDER_WORKERS": "1",
            "PDFLET_JOB_WORKERS": "2"}


def test_sigkill_mid_batch_loses_nothing(tmp_path: Path, receiver):
    database_url = f"sqlite:///{tmp_path / 'data' / 'pdflet.db'}"
    env = crash_env(receiver)
    consumers = Consumers(api=[], start=lambda: None)

    def start():  # `pdflet serve` consumes its own jobs: the server is what gets killed
        srv = start_server(tmp_path, env, database_url=database_url, new_session=True)
        consumers.api[:] = [srv]
        return srv.process

    consumers.start = start
    consumers.process = start()
    with bound_database(database_url):
        user = new_user()
        headers = {"X-API-Key": new_key(user)}
    out = subprocess.run([sys.executable, "-m", "pdflet", "webhooks", "secret", "--user", user.email],
                         env=consumers.api[0].env, capture_output=True, text=True, timeout=60, check=True)

    def progress() -> tuple[int, int]:  # read with the run's one connection (bound below)
        return (Job.select().where(Job.status.in_(("succeeded", "failed"))).count(),
                Job.select().where(Job.status == "running").count())

    try:
        with bound_database(database_url):
            report = run_crash(consumers, headers, out.stdout.strip(), receiver, count=JOBS,
                               kill_after=JOBS // 3, progress=progress, timeout=60)
    finally:
        stop_server(consumers.api[0])
    assert report.finished_before_kill < JOBS  # killed in the middle
    assert report.rerun_jobs >= 1  # at least one job was running when it was killed, and ran again
    print(report)
