"""Jobs against sync renders, and what the queue itself costs per job, in one run.

1. Over HTTP, one server with one sync render worker and one job worker process
   (``PDFLET_RENDER_WORKERS=1``, ``PDFLET_JOB_WORKERS=1``): sync renders/s of the hello
   document with 4 concurrent clients, then jobs/s for the same document (submitted by 4
   clients; timed from the first submit to the last job succeeded), ``--rounds`` times in
   turn, medians reported. The queue's cost over HTTP is the time (and the server's CPU
   time) per job minus that per sync render. Job renders run at ``SCHED_IDLE``: on a machine
   that other processes keep busy they wait for idle CPU, so the wall-time figures then
   measure the machine's load more than the queue; the CPU figures do not. Then ``--rounds`` pairs of sync
   runs, alternating without and with another user's backlog of 300 queued jobs (the pairs
   alternate so that other load on the machine falls on both alike; the backlog left is
   deleted after each pair).
2. In process, on a SQLite file: the queue's own cost per job — submit (row inserted),
   enqueue, dequeue, claim, finish (row updated, usage metered) — with the render replaced
   by a ready PDF, against one in-process hello render; once with the result store in
   memory (the queue alone) and once with the directory store (the PDF file), ``--rounds``
   times in turn with the render, medians reported (other load on the machine falls on all
   three alike).

Usage: python bench/jobs_bench.py [--count 100] [--rounds 3]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import statistics
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
from pdflet.services.job_queue import make_huey  # noqa: E402
from tests.conftest import start_server, stop_server  # noqa: E402
from tests.helpers import new_key, new_user  # noqa: E402
from tests.jobs_support import bound_database  # noqa: E402

HELLO = {"html": "<h1>Hello</h1>"}
BACKLOG = 300


def tree_cpu(root: int) -> float:
    """CPU seconds used so far by a process and all its descendants (those alive, and those they reaped).

    Unlike wall time, this hardly changes with other load on the machine: the robust measure of cost.
    """
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
            times[int(entry.name)] = sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    tree = {root}
    while True:
        more = {pid for pid, ppid in parents.items() if ppid in tree} - tree
        if not more:
            return sum(times.get(pid, 0.0) for pid in tree)
        tree |= more


def sync_seconds(srv, headers: dict[str, str], count: int) -> float:
    """Seconds for ``count`` sync renders of the hello document from 4 concurrent clients."""
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        started = time.perf_counter()
        for r in pool.map(lambda _: srv.post("/api/v1/pdf/", headers=headers, json=HELLO), range(count)):
            r.raise_for_status()
        return time.perf_counter() - started


def drop_backlog(srv) -> int:
    """Delete the queued jobs left and wait until the consumer is idle; returns how many were left."""
    queue = make_huey(Settings(data_dir=srv.data_dir))
    left = Job.delete().where(Job.status == "queued").execute()
    while queue.pending_count() or Job.select().where(Job.status == "running").count():
        time.sleep(0.02)
    return left


def throughput(srv, headers: dict[str, str], count: int) -> tuple[float, float, float, float, float]:
    """One sync run, then one run of jobs: seconds and server CPU seconds of each, and seconds to submit."""
    pid = srv.process.pid
    cpu = tree_cpu(pid)
    sync = sync_seconds(srv, headers, count)
    sync_cpu = tree_cpu(pid) - cpu
    cpu = tree_cpu(pid)
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        ids = [r.json()["id"] for r in pool.map(
            lambda _: srv.post("/api/v1/pdf/jobs/", headers=headers, json=HELLO), range(count))]
    submitted = time.perf_counter() - started
    while Job.select().where(Job.id.in_(ids) & (Job.status == "succeeded")).count() < count:
        time.sleep(0.01)
    return sync, sync_cpu, time.perf_counter() - started, tree_cpu(pid) - cpu, submitted


def over_http(count: int, rounds: int) -> dict:
    """Throughput, then ``rounds`` pairs of sync runs without and with another user's backlog.

    The pairs alternate so that the load of anything else on the machine falls on both alike.
    """
    with tempfile.TemporaryDirectory(prefix="pdflet-jobs-bench-") as tmp_name:
        tmp = Path(tmp_name)
        url = f"sqlite:///{tmp / 'data' / 'pdflet.db'}"
        srv = start_server(tmp, {"PDFLET_RENDER_WORKERS": "1", "PDFLET_JOB_WORKERS": "1",
                                 "PDFLET_MAX_QUEUED_JOBS": str(BACKLOG * 2),
                                 "PDFLET_MAX_CONCURRENT_PER_KEY": "4"}, database_url=url)
        try:
            with bound_database(url):
                headers = {"X-API-Key": new_key(new_user(), rate_limit=0)}
                backlog = {"X-API-Key": new_key(new_user(), rate_limit=0)}
            for _ in range(5):
                srv.post("/api/v1/pdf/", headers=headers, json=HELLO).raise_for_status()
            warm = srv.post("/api/v1/pdf/jobs/", headers=headers, json=HELLO).json()["id"]
            with bound_database(url):
                while Job.get_by_id(warm).status != "succeeded":
                    time.sleep(0.01)
                runs = [throughput(srv, headers, count) for _ in range(rounds)]
                sync, sync_cpu, jobs_seconds, jobs_cpu, submitted = (
                    statistics.median(column) for column in zip(*runs, strict=True))
                pairs, left = [], 0
                for _ in range(rounds):
                    idle = sync_seconds(srv, headers, count)
                    with concurrent.futures.ThreadPoolExecutor(4) as pool:  # another user's backlog
                        for r in pool.map(lambda _: srv.post("/api/v1/pdf/jobs/", headers=backlog, json=HELLO),
                                          range(BACKLOG)):
                            r.raise_for_status()
                    pairs.append((idle, sync_seconds(srv, headers, count)))
                    left += drop_backlog(srv)
        finally:
            stop_server(srv)
    job_ms, sync_ms = 1000 * jobs_seconds / count, 1000 * sync / count
    job_cpu_ms, sync_cpu_ms = 1000 * jobs_cpu / count, 1000 * sync_cpu / count
    idle_all, busy_all = sum(p[0] for p in pairs), sum(p[1] for p in pairs)
    return {"sync_renders_per_s": round(count / sync, 1), "jobs_per_s": round(count / jobs_seconds, 1),
            "queue_cost_over_http_ms": round(job_ms - sync_ms, 2),
            "queue_cost_over_http_share": round((job_ms - sync_ms) / sync_ms, 3),
            "cpu_ms_per_sync_render": round(sync_cpu_ms, 2), "cpu_ms_per_job": round(job_cpu_ms, 2),
            "queue_cpu_cost_ms": round(job_cpu_ms - sync_cpu_ms, 2),
            "queue_cpu_cost_share": round((job_cpu_ms - sync_cpu_ms) / sync_cpu_ms, 3),
            "job_submits_per_s": round(count / submitted, 1),
            "sync_renders_per_s_alternating_without_backlog": round(rounds * count / idle_all, 1),
            f"sync_renders_per_s_with_a_{BACKLOG}_job_backlog": round(rounds * count / busy_all, 1),
            "backlog_slowdown": round(1 - idle_all / busy_all, 3),
            "backlog_slowdown_median_of_pairs": round(statistics.median(1 - i / b for i, b in pairs), 3),
            "backlog_still_queued_after_each_round": round(left / rounds)}


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


def per_job(settings: Settings, store, output, count: int) -> tuple[float, float]:
    """Seconds and CPU seconds per job of the queue (and ``store``), the render replaced by ``output``."""
    from pdflet.services import jobs
    from pdflet.services.job_queue import JobQueue
    from pdflet.services.job_runner import JobRunner

    queue = JobQueue(settings, store)
    runner = JobRunner(settings, queue.store, 1, announce=lambda event_id: None)
    runner.render = lambda request, slot=None, job=None: output  # the queue's cost alone: no render
    queue.runner = runner
    sub = jobs.Submission(new_user(), 0, False, RenderRequest(html=HELLO["html"]))
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(count):
        job = jobs.submit(queue.store, sub, max_queued=count * 2)
        queue.enqueue_job(job.id)
        queue.huey.execute(queue.huey.dequeue())
    return (time.perf_counter() - started) / count, (time.process_time() - cpu) / count


def queue_cost(count: int, rounds: int) -> dict:
    from pdflet.db import connect_database, migrate

    with tempfile.TemporaryDirectory(prefix="pdflet-queue-cost-") as tmp_name:
        settings = Settings(data_dir=Path(tmp_name))
        migrate(connect_database(settings.database_url))
        pm = make_plugin_manager(settings)
        hello = RenderRequest(html=HELLO["html"])
        for _ in range(5):
            render_request(pm, hello)
        runs = []
        for _ in range(rounds):
            started, cpu = time.perf_counter(), time.process_time()
            for _ in range(count):
                output = render_request(pm, hello)
            render = ((time.perf_counter() - started) / count, (time.process_time() - cpu) / count)
            runs.append(render + per_job(settings, MemoryStore(), output, count)
                        + per_job(settings, None, output, count))
        render_seconds, render_cpu, in_memory, in_memory_cpu, with_files, with_files_cpu = (
            statistics.median(column) for column in zip(*runs, strict=True))
        assert Job.select().where(Job.status == "succeeded").count() == 2 * count * rounds
    return {"hello_render_ms": round(render_seconds * 1000, 2),
            "queue_cost_per_job_ms": round(in_memory * 1000, 2),
            "queue_cost_share_of_render": round(in_memory / render_seconds, 3),
            "queue_and_store_cost_per_job_ms": round(with_files * 1000, 2),
            "queue_and_store_share_of_render": round(with_files / render_seconds, 3),
            # CPU time of this process: what the queue costs, hardly moved by other load on the machine
            "hello_render_cpu_ms": round(render_cpu * 1000, 2),
            "queue_cpu_per_job_ms": round(in_memory_cpu * 1000, 2),
            "queue_cpu_share_of_render": round(in_memory_cpu / render_cpu, 3),
            "queue_and_store_cpu_share_of_render": round(with_files_cpu / render_cpu, 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3,
                        help="runs of each measure, in turn (medians); pairs of runs without and with a backlog")
    args = parser.parse_args()
    result = {**over_http(args.count, args.rounds), **queue_cost(args.count, args.rounds),
              "load_average_at_end": os.getloadavg()[0]}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
