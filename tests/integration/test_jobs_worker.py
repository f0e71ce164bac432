"""`PDFLET_JOB_WORKERS=0` keeps `pdflet serve` from consuming; `pdflet worker` consumes alone."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import TEST_DATABASE_URL, start_server, stop_server
from tests.helpers import new_key, new_user
from tests.jobs_support import bound_database, job_post, wait_job

# These servers keep their own SQLite database (and queue): nothing here changes with PostgreSQL, which
# test_jobs_api.py (the shared server) and test_scaled_jobs.py (worker + Redis) cover.
pytestmark = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="own SQLite set-up; runs in the SQLite pass")


def test_a_web_instance_without_consumers_and_a_separate_worker(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'data' / 'pdflet.db'}"
    srv = start_server(tmp_path, {"PDFLET_JOB_WORKERS": "0", "PDFLET_RENDER_WORKERS": "1"},
                       database_url=database_url)
    worker = None
    try:
        with bound_database(database_url):
            headers = {"X-API-Key": new_key(new_user())}
        job = job_post(srv, headers, {"html": "<p>for the worker</p>"}).json()
        time.sleep(1.5)  # a consuming server would have finished it by now
        r = srv.get(job["links"]["pdf"], headers=headers)
        assert r.status_code == 409 and r.json()["code"] == "not_ready"
        assert srv.get(job["links"]["self"], headers=headers).json()["status"] == "queued"
        metrics = srv.get("/metrics").text
        assert 'pdflet_jobs{status="queued"} 1.0' in metrics
        worker = subprocess.Popen([sys.executable, "-m", "pdflet", "worker", "--workers", "1"], env=srv.env,
                                  cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        done = wait_job(srv, job["id"], headers, timeout=60)
        assert done["status"] == "succeeded"
        assert srv.get(job["links"]["pdf"], headers=headers).content.startswith(b"%PDF")
        assert 'pdflet_jobs{status="queued"} 0.0' in srv.get("/metrics").text
        worker.send_signal(signal.SIGINT)  # huey's graceful stop
        assert worker.wait(30) == 0
    finally:
        if worker is not None and worker.poll() is None:
            worker.kill()
        stop_server(srv)
