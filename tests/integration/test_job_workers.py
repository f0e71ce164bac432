"""Job render workers: their CPU priority (PDFLET_JOB_PRIORITY), their timeout and their deaths."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from pdflet.config import Settings, SettingsError
from pdflet.request import RenderRequest
from pdflet.services.job_runner import JobRunner
from pdflet.services.results import make_result_store
from pdflet.services.workers import WorkerSlot
from tests.conftest import start_server, stop_server
from tests.helpers import new_key, new_user, run_async
from tests.jobs_support import job_post, wait_job

PLUGINS_DIR = Path(__file__).resolve().parents[1] / "plugins"
HELLO = {"html": "<h1>Hello jobs</h1>"}
linux_only = pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="SCHED_IDLE is Linux's")


def job_worker_pid(tmp_path: Path, priority: str) -> tuple[JobRunner, int]:
    """A consumer's runner after one real render: its worker process is alive."""
    settings = Settings(data_dir=tmp_path, job_priority=priority)
    runner = JobRunner(settings, make_result_store(tmp_path / "results"), 1, announce=lambda event_id: None)
    output = runner.render(RenderRequest(html="<p>priority</p>"))
    assert output.data.startswith(b"%PDF")
    pid = runner.slots[0].pid
    assert pid is not None
    return runner, pid


@linux_only
def test_job_renders_run_only_on_cpu_nobody_else_wants(tmp_path):
    runner, pid = job_worker_pid(tmp_path, "idle")
    try:
        assert os.sched_getscheduler(pid) == os.SCHED_IDLE
        assert os.getpriority(os.PRIO_PROCESS, pid) == 19
    finally:
        runner.close()


@pytest.mark.parametrize(("priority", "nice"), [("low", 19), ("normal", None)])
def test_the_job_priority_setting(tmp_path, priority, nice):
    runner, pid = job_worker_pid(tmp_path, priority)
    try:
        assert os.sched_getscheduler(pid) == os.SCHED_OTHER
        assert os.getpriority(os.PRIO_PROCESS, pid) == (os.getpriority(os.PRIO_PROCESS, 0) if nice is None else nice)
    finally:
        runner.close()


def test_sync_render_workers_keep_the_normal_priority(tmp_path):
    slot = WorkerSlot(multiprocessing.get_context("forkserver"), Settings(data_dir=tmp_path))
    try:
        assert slot.run(RenderRequest(html="<p>sync</p>"))[0] == "ok"
        assert os.sched_getscheduler(slot.pid) == os.SCHED_OTHER
        assert os.getpriority(os.PRIO_PROCESS, slot.pid) == os.getpriority(os.PRIO_PROCESS, 0)
    finally:
        slot.stop(1.0)


def test_a_bad_priority_is_refused():
    with pytest.raises(SettingsError, match="PDFLET_JOB_PRIORITY"):
        Settings.from_env({"PDFLET_JOB_PRIORITY": "realtime"})
    assert Settings.from_env({"PDFLET_JOB_PRIORITY": "LOW"}).job_priority == "low"
    assert Settings.from_env({}).job_priority == "idle"


@pytest.fixture(scope="module")
def misbehaving(tmp_path_factory, server):
    """A server consuming jobs with the test renderers and a 1 s render timeout."""
    env = {"PYTHONPATH": os.pathsep.join([str(PLUGINS_DIR), os.environ.get("PYTHONPATH", "")]),
           "PDFLET_PLUGIN_MODULES": "pdflet_testplugins", "PDFLET_RENDER_TIMEOUT": "1",
           "PDFLET_RENDER_WORKERS": "1", "PDFLET_JOB_WORKERS": "1",
           "PDFLET_SECRET_KEY": "job-workers-secret-" + "x" * 24}
    srv = start_server(tmp_path_factory.mktemp("job-workers"), env, database_url=server.database_url)
    yield srv
    stop_server(srv)


@pytest.mark.parametrize(("renderer", "extra", "status", "code"), [
    ("test-slow", {"sleep": 30}, "failed", "render_timeout"),  # past 4 render timeouts of wall time
    ("test-slow", {"sleep": 1.5}, "succeeded", None),  # waiting is not working: CPU time is what counts
    ("test-die", {}, "failed", "render_failed"),
])
def test_a_job_that_hangs_waits_or_kills_its_worker_and_the_next_job(misbehaving, db, renderer, extra, status, code):
    headers = {"X-API-Key": new_key(new_user())}
    first = job_post(misbehaving, headers, {**HELLO, "renderer": renderer, **extra}).json()
    good = job_post(misbehaving, headers, HELLO).json()
    done = wait_job(misbehaving, first["id"], headers, timeout=20)
    assert done["status"] == status and (done["error"] or {}).get("code") == code, done
    assert wait_job(misbehaving, good["id"], headers, timeout=20)["status"] == "succeeded"


def test_the_sync_pool_says_when_a_worker_is_idle(tmp_path):
    import asyncio

    from pdflet.job_host import sync_worker_idle
    from pdflet.services.rendering import RenderPool

    async def main() -> None:
        pool = RenderPool(Settings(data_dir=tmp_path, render_workers=1))
        try:
            assert sync_worker_idle(pool)
            render = asyncio.ensure_future(pool.render(RenderRequest(html="<p>sync</p>")))
            await asyncio.sleep(0)
            assert not sync_worker_idle(pool)  # a client waits on the only worker: jobs hold back
            await render
            assert sync_worker_idle(pool)
        finally:
            pool.close(wait=1.0)

    run_async(main())


def test_jobs_wait_while_sync_renders_need_the_workers(misbehaving, db):
    import re
    import threading

    import requests

    headers = {"X-API-Key": new_key(new_user(), rate_limit=0)}
    sync = threading.Thread(target=lambda: requests.post(
        misbehaving.url + "/api/v1/pdf/", headers=headers, json={**HELLO, "renderer": "test-slow", "sleep": 30},
        timeout=30))
    sync.start()

    def in_flight() -> float:
        text = misbehaving.get("/metrics").text
        return float(re.search(r"^pdflet_render_in_flight (\S+)$", text, re.M).group(1))

    try:
        import time

        deadline = time.monotonic() + 10
        while in_flight() < 1:  # the sync render (1 s until its timeout) holds the only sync worker
            assert time.monotonic() < deadline
            time.sleep(0.02)
        job = job_post(misbehaving, headers, HELLO).json()
        seen = []
        while True:
            status = misbehaving.get(job["links"]["self"], headers=headers).json()["status"]
            if in_flight() < 1:
                break
            seen.append(status)
            time.sleep(0.05)
        assert seen and set(seen) == {"queued"}, seen
    finally:
        sync.join()
    assert wait_job(misbehaving, job["id"], headers, timeout=20)["status"] == "succeeded"
