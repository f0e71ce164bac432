"""The crash scenario shared by the CI tests and bench/jobs_crash.py.

N jobs (each a document naming its number) are submitted with a webhook; once some have
finished and one is running, the process group consuming them gets SIGKILL and is started
again. Then every job must succeed with its own document, every webhook must arrive with a
valid signature and one event id per job, and the PDF a webhook announced must be the PDF
served.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from pypdf import PdfReader

from pdflet.webhooks import verify
from tests.jobs_support import Receiver, job_post

# a few pages per job, so a render lasts long enough for the kill to land in the middle of one
FILLER = ("<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 12 + "</p>") * 25


@dataclass
class CrashReport:
    jobs: int
    finished_before_kill: int
    rerun_jobs: int
    deliveries: int
    duplicate_deliveries: int
    seconds_to_submit: float
    seconds_to_kill: float
    seconds_to_recover: float
    seconds_total: float


@dataclass
class Consumers:
    """Where jobs are submitted (``api``) and the process group that consumes them (``start()``)."""

    api: list
    start: Callable[[], subprocess.Popen]
    process: subprocess.Popen | None = None
    restarted: list = field(default_factory=list)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def restart(self) -> None:
        self.process = self.start()
        self.restarted.append(self.process)


def first_page_text(data: bytes) -> str:
    """pypdf here: ten times quicker than pdfplumber for a check repeated per job."""
    return PdfReader(io.BytesIO(data)).pages[0].extract_text() or ""


def _announced(receiver: Receiver) -> set[str]:
    return {json.loads(h.body)["data"]["id"] for h in receiver.received}


def run_crash(consumers: Consumers, headers: dict[str, str], secret: str, receiver: Receiver, count: int,
              kill_after: int, progress: Callable[[], tuple[int, int]], timeout: float = 120.0) -> CrashReport:
    """Submit ``count`` jobs; once ``progress()`` (finished, running) shows ``kill_after`` finished and
    one running, SIGKILL the consumers, start them again, and check everything. Raises AssertionError
    on any loss; returns the figures."""
    began = time.monotonic()
    ids = []
    for n in range(count):
        srv = consumers.api[n % len(consumers.api)]
        r = job_post(srv, headers, {"html": f"<h1>Crash job {n}</h1>" + FILLER, "webhook_url": receiver.url})
        assert r.status_code == 202, r.text
        ids.append(r.json()["id"])
    submitted = time.monotonic()
    while True:
        done, running = progress()
        if done >= kill_after and running:
            break
        assert done < count and time.monotonic() - began < timeout, "no moment with a job running"
        time.sleep(0.002)
    consumers.kill()
    done_at_kill = progress()[0]
    killed_at = time.monotonic()
    consumers.restart()
    pending = set(ids)
    while pending:
        assert time.monotonic() - killed_at < timeout, f"{len(pending)} jobs never announced"
        pending -= _announced(receiver)
        time.sleep(0.05)
    recovered = time.monotonic() - killed_at
    return CrashReport(count, done_at_kill, _check(consumers.api, headers, secret, receiver, ids),
                       len(receiver.received), len(receiver.received) - count, round(submitted - began, 2),
                       round(killed_at - began, 2), round(recovered, 2), round(time.monotonic() - began, 2))


def _check(api: list, headers: dict[str, str], secret: str, receiver: Receiver, ids: list[str]) -> int:
    """Every job succeeded with its own PDF, announced by one event; returns how many ran twice."""
    by_job: dict[str, list] = defaultdict(list)
    for hit in receiver.received:
        event = verify(hit.body, hit.headers["Pdflet-Signature"], secret)
        by_job[event["data"]["id"]].append(event)
    rerun = 0
    for n, job_id in enumerate(ids):
        srv = api[(n + 1) % len(api)]  # read from another instance than the one that took it
        events = by_job[job_id]
        assert len({e["id"] for e in events}) == 1, f"{job_id}: more than one event"
        data = events[0]["data"]
        assert data["status"] == "succeeded", data
        pdf = srv.get(f"/api/v1/pdf/jobs/{job_id}/pdf", headers=headers)
        assert pdf.status_code == 200, pdf.text
        assert len(pdf.content) == data["bytes"], f"{job_id}: served PDF is not the announced one"
        assert f"Crash job {n}" in first_page_text(pdf.content)
        rerun += srv.get(f"/api/v1/pdf/jobs/{job_id}/", headers=headers).json()["attempts"] > 1
    return rerun
