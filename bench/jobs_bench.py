"""Jobs against sync renders, and what the queue itself costs per job, in one run.

1. Over HTTP, one server with one sync render worker and one job worker process
   (``PDFLET_RENDER_WORKERS=1``, ``PDFLET_JOB_WORKERS=1``): sync renders/s of the hello
   document with 4 concurrent clients, then jobs/s for the same document (submitted by 4
   clients; timed from the first submit to the last job succeeded).
2. In process, on a SQLite file: the queue's own cost per job — submit (row inserted),
   enqueue, dequeue, claim, finish (row updated, usage metered) — with the render replaced
   by a ready PDF, against one in-process hello render; once with the result store in
   memory (the queue alone) and once with the directory store (request and PDF files).

Usage: python bench/jobs_bench.py [--count 100]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pdflet.config import Settings  # noqa: E402
from pdflet.db.job_models import Job  # noqa: E402
from pdflet.pipeline import render_request  # noqa: E402
from pdflet.plugins import make_plugin_manager  # noqa: E402
from pdflet.request import RenderRequest  # noqa: E402
from tests.conftest import start_server, stop_server  # noqa: E402
from tests.helpers import new_key, new_user  # noqa: E402
from tests.jobs_support import bound_database  # noqa: E402

HELLO = {"html": "<h1>Hello</h1>"}


def over_http(count: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="pdflet-jobs-bench-") as tmp_name:
        tmp = Path(tmp_name)
        url = f"sqlite:///{tmp / 'data' / 'pdflet.db'}"
        srv = start_server(tmp, {"PDFLET_RENDER_WORKERS": "1", "PDFLET_JOB_WORKERS": "1",
                                 "PDFLET_MAX_QUEUED_JOBS": str(count * 4)}, database_url=url)
        try:
            with bound_database(url):
                headers = {"X-API-Key": new_key(new_user(), rate_limit=0)}
            for _ in range(5):
                srv.post("/api/v1/pdf/", headers=headers, json=HELLO).raise_for_status()
            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                started = time.perf_counter()
                for r in pool.map(lambda _: srv.post("/api/v1/pdf/", headers=headers, json=HELLO), range(count)):
                    r.raise_for_status()
                sync_seconds = time.perf_counter() - started
            warm = srv.post("/api/v1/pdf/jobs/", headers=headers, json=HELLO).json()["id"]
            with bound_database(url):
                while Job.get_by_id(warm).status != "succeeded":
                    time.sleep(0.01)
                started = time.perf_counter()
                with concurrent.futures.ThreadPoolExecutor(4) as pool:
                    ids = [r.json()["id"] for r in pool.map(
                        lambda _: srv.post("/api/v1/pdf/jobs/", headers=headers, json=HELLO), range(count))]
                submitted = time.perf_counter() - started
                while Job.select().where(Job.id.in_(ids) & (Job.status == "succeeded")).count() < count:
                    time.sleep(0.01)
                jobs_seconds = time.perf_counter() - started
                # another user's backlog of queued jobs: how much slower are this user's sync renders?
                backlog = {"X-API-Key": new_key(new_user(), rate_limit=0)}
                with concurrent.futures.ThreadPoolExecutor(4) as pool:
                    list(pool.map(lambda _: srv.post("/api/v1/pdf/jobs/", headers=backlog, json=HELLO),
                                  range(count * 3)))
                with concurrent.futures.ThreadPoolExecutor(4) as pool:
                    started = time.perf_counter()
                    for r in pool.map(lambda _: srv.post("/api/v1/pdf/", headers=headers, json=HELLO),
                                      range(count)):
                        r.raise_for_status()
                    busy_seconds = time.perf_counter() - started
                left = Job.select().where(Job.status == "queued").count()
        finally:
            stop_server(srv)
    return {"sync_renders_per_s": round(count / sync_seconds, 1), "jobs_per_s": round(count / jobs_seconds, 1),
            "job_submits_per_s": round(count / submitted, 1),
            "sync_renders_per_s_with_a_job_backlog": round(count / busy_seconds, 1),
            "backlog_still_queued_after": left}


class MemoryStore:
    """A result store in a dict: to time the queue without the files."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, name: str, data: bytes) -> None:
        self.files[name] = data

    put_new = put

    def get(self, name: str) -> bytes | None:
        return self.files.get(name)

    def delete(self, name: str) -> None:
        self.files.pop(name, None)


def per_job(settings: Settings, store, output, count: int) -> float:
    from pdflet.services import jobs
    from pdflet.services.job_queue import JobQueue
    from pdflet.services.job_runner import JobRunner

    queue = JobQueue(settings, store)
    runner = JobRunner(settings, queue.store, 1, announce=lambda event_id: None)
    runner.render = lambda request: output  # the queue's cost alone: no render
    queue.runner = runner
    sub = jobs.Submission(new_user(), 0, False, RenderRequest(html=HELLO["html"]))
    started = time.perf_counter()
    for _ in range(count):
        job = jobs.submit(queue.store, sub, max_queued=count * 2)
        queue.enqueue_job(job.id)
        queue.huey.execute(queue.huey.dequeue())
    return (time.perf_counter() - started) / count


def queue_cost(count: int) -> dict:
    from pdflet.db import connect_database, migrate

    with tempfile.TemporaryDirectory(prefix="pdflet-queue-cost-") as tmp_name:
        settings = Settings(data_dir=Path(tmp_name))
        migrate(connect_database(settings.database_url))
        pm = make_plugin_manager(settings)
        hello = RenderRequest(html=HELLO["html"])
        for _ in range(5):
            render_request(pm, hello)
        started = time.perf_counter()
        for _ in range(count):
            output = render_request(pm, hello)
        render_seconds = (time.perf_counter() - started) / count
        in_memory = per_job(settings, MemoryStore(), output, count)
        with_files = per_job(settings, None, output, count)
        assert Job.select().where(Job.status == "succeeded").count() == 2 * count
    return {"hello_render_ms": round(render_seconds * 1000, 2),
            "queue_cost_per_job_ms": round(in_memory * 1000, 2),
            "queue_cost_share_of_render": round(in_memory / render_seconds, 3),
            "queue_and_store_cost_per_job_ms": round(with_files * 1000, 2),
            "queue_and_store_share_of_render": round(with_files / render_seconds, 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    args = parser.parse_args()
    result = {**over_http(args.count), **queue_cost(args.count)}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
