"""The crash scenario shared by the CI test and bench/jobs_crash.py.

N jobs (each a document naming its number) are submitted with a webhook; once some have
finished, the whole process group running them gets SIGKILL; a new process starts on the
same data directory and database. Then every job must succeed with its own document, every
webhook must arrive with a valid signature and one event id per job, and the PDF a
webhook announced must be the PDF served.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from pdflet.webhooks import verify
from tests.helpers import pdf_text
from tests.jobs_support import Receiver, job_post


@dataclass
class CrashReport:
    jobs: int
    finished_before_kill: int
    rerun_jobs: int
    deliveries: int
    duplicate_deliveries: int
    seconds_to_recover: float
    seconds_total: float


def run_crash(start: Callable[[], object], headers: dict[str, str], secret: str, receiver: Receiver,
              count: int, kill_after: int, progress: Callable[[], tuple[int, int]],
              timeout: float = 120.0) -> CrashReport:
    """Submit ``count`` jobs to ``start()``'s server; once ``progress()`` (finished, running) shows
    ``kill_after`` finished and one running, SIGKILL its process group, restart, and check
    everything; returns the figures. Raises AssertionError on any loss."""
    began = time.monotonic()
    srv = start()
    ids = []
    for n in range(count):
        r = job_post(srv, headers, {"html": f"<h1>Crash job {n}</h1>", "webhook_url": receiver.url})
        assert r.status_code == 202, r.text
        ids.append(r.json()["id"])
    while True:
        done, running = progress()
        if done >= kill_after and running:
            break
        assert done < count and time.monotonic() - began < timeout, "no moment with a job running"
        time.sleep(0.002)
    os.killpg(srv.process.pid, signal.SIGKILL)
    srv.process.wait()
    done_at_kill = progress()[0]
    killed_at = time.monotonic()
    srv = start()
    try:
        number = {job_id: n for n, job_id in enumerate(ids)}
        pending = set(ids)
        while pending:
            assert time.monotonic() - killed_at < timeout, f"{len(pending)} jobs never finished"
            delivered = {json.loads(h.body)["data"]["id"] for h in receiver.received}
            pending -= delivered
            time.sleep(0.05)
        recovered = time.monotonic() - killed_at
        by_job: dict[str, list] = defaultdict(list)
        for hit in receiver.received:
            event = verify(hit.body, hit.headers["Pdflet-Signature"], secret)
            by_job[event["data"]["id"]].append(event)
        rerun = 0
        for job_id in ids:
            events = by_job[job_id]
            assert len({e["id"] for e in events}) == 1, f"{job_id}: more than one event"
            data = events[0]["data"]
            assert data["status"] == "succeeded", data
            pdf = srv.get(f"/api/v1/pdf/jobs/{job_id}/pdf", headers=headers)
            assert pdf.status_code == 200, pdf.text
            assert len(pdf.content) == data["bytes"], f"{job_id}: served PDF is not the announced one"
            assert f"Crash job {number[job_id]}" in pdf_text(pdf.content)
            job = srv.get(f"/api/v1/pdf/jobs/{job_id}/", headers=headers).json()
            assert job["status"] == "succeeded"
            rerun += bool(job.get("attempts", 1) > 1)
        return CrashReport(count, done_at_kill, rerun, len(receiver.received), len(receiver.received) - count,
                           round(recovered, 2), round(time.monotonic() - began, 2))
    finally:
        srv.process.terminate()
        srv.process.wait(20)
