"""Jobs on the scaled set-up: PostgreSQL + Redis, two web instances that do not consume
(`PDFLET_JOB_WORKERS=0`) and one separate `pdflet worker`, sharing a results directory.

The worker's process group is SIGKILLed mid-batch and started again: every job still
succeeds, is announced once per event id with a valid signature, and serves the PDF its
webhook announced from either instance. The cluster gets a database of its own (and a Redis
database of its own), so the session's other servers never see these jobs.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

from pdflet.db.job_models import Job
from tests.conftest import TEST_DATABASE_URL, free_port, stop_server
from tests.helpers import new_key, new_user
from tests.jobs_crash import Consumers, run_crash
from tests.jobs_support import Receiver, bound_database
from tests.scaled_support import redis_for_tests, start_instance

pytestmark = pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PDFLET_TEST_DATABASE_URL (PostgreSQL)")
JOBS = 30


@pytest.fixture(scope="module")
def own_database():
    import psycopg2

    name = "pdflet_jobs_" + uuid.uuid4().hex[:8]
    admin = psycopg2.connect(TEST_DATABASE_URL)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(TEST_DATABASE_URL)
    yield urlunsplit(parts._replace(path="/" + name))
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture
def receiver():
    hook = Receiver().start()
    yield hook
    hook.stop()


def test_a_separate_worker_killed_mid_batch_loses_nothing(tmp_path, own_database, receiver):
    (tmp_path / "redis").mkdir()
    redis_server = redis_for_tests(tmp_path / "redis", free_port())
    redis_url = redis_server.url.rsplit("/", 1)[0] + "/7"  # a Redis database of its own
    env = {"PDFLET_REDIS_URL": redis_url, "PDFLET_RESULTS_DIR": str(tmp_path / "results"),
           "PDFLET_SECRET_KEY": "scaled-jobs-secret-" + "z" * 24, "PDFLET_JOB_WORKERS": "0",
           "PDFLET_RENDER_WORKERS": "1", "PDFLET_RENDER_TIMEOUT": "2", "PDFLET_WEBHOOK_BACKOFF": "0.2",
           "PDFLET_WEBHOOK_ALLOW": f"127.0.0.1:{receiver.port}", "PDFLET_WEBHOOK_TIMEOUT": "2"}
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    instances: list = []
    consumers = None
    try:
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            instances.append(start_instance(tmp_path / name, env, database_url=own_database))
        worker_env = {**instances[0].env, "PDFLET_DATA_DIR": str(tmp_path / "worker")}

        def start_worker() -> subprocess.Popen:
            with (tmp_path / "worker.log").open("ab") as log:  # the child keeps its own descriptor
                return subprocess.Popen([sys.executable, "-m", "pdflet", "worker", "--workers", "2"],
                                        env=worker_env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path,
                                        start_new_session=True)

        consumers = Consumers(api=instances, start=start_worker, process=start_worker())
        with bound_database(own_database):
            user = new_user()
            headers = {"X-API-Key": new_key(user, rate_limit=0)}
        out = subprocess.run([sys.executable, "-m", "pdflet", "webhooks", "secret", "--user", user.email],
                             env=instances[0].env, capture_output=True, text=True, timeout=60, check=True)

        def progress() -> tuple[int, int]:  # read with the run's one connection (bound below)
            return (Job.select().where(Job.status.in_(("succeeded", "failed"))).count(),
                    Job.select().where(Job.status == "running").count())

        with bound_database(own_database):
            report = run_crash(consumers, headers, out.stdout.strip(), receiver, count=JOBS,
                               kill_after=JOBS // 3, progress=progress, timeout=90)
        assert report.finished_before_kill < JOBS and report.rerun_jobs >= 1
        print(report)
    finally:
        if consumers is not None and consumers.process is not None:
            consumers.process.terminate()
            consumers.process.wait(30)
        for srv in instances:
            stop_server(srv)
        redis_server.stop()
