"""Chaos against a running server: render workers killed and starved in every phase while users render.

Used by tests/integration/test_chaos.py (a few dozen events) and bench/chaos.py (200). Events
rotate through four kinds, one at a time:

- ``sigkill``: SIGKILL one worker at a random moment (idle, reading its task, or rendering);
- ``handover``: SIGSTOP one worker so a task sent to it is never read, then SIGKILL it;
- ``mid-render``: start a slow render, then SIGKILL every worker while it runs;
- ``memory``: a render that fills its worker's memory to the cap and leaks it (answered 422).

Between events the driver waits until the pool is whole again and every user has finished
a render it started after the event, so no render is hit twice (a render killed twice is
taken for a document that kills workers, a 422). Every user render must come back 200.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

PLUGINS_DIR = Path(__file__).resolve().parent / "plugins"
KINDS = ("sigkill", "handover", "mid-render", "memory")
USER_DOCS = (
    {"html": "<h1>Hello</h1><p>world</p>"},
    {"html": "<table>" + "<tr><td>cell</td><td>value</td></tr>" * 20 + "</table>", "css": "td { color: red }"},
)


def chaos_env(workers: int = 2) -> dict[str, str]:
    """Server settings for chaos: the test renderers, a small memory cap, room for every user's render."""
    return {
        "PYTHONPATH": os.pathsep.join([str(PLUGINS_DIR), os.environ.get("PYTHONPATH", "")]),
        "PDFLET_PLUGIN_MODULES": "pdflet_testplugins",
        "PDFLET_RENDER_WORKERS": str(workers),
        "PDFLET_RENDER_MEMORY_MB": "300",
        "PDFLET_RENDER_TIMEOUT": "15",
        "PDFLET_MAX_CONCURRENT_PER_KEY": "4",
        "PDFLET_SECRET_KEY": "chaos-server-secret-" + "x" * 20,
    }


def _parents() -> dict[int, int]:
    """Every process's parent id, from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                found[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    return found


def worker_pids(server_pid: int) -> set[int]:
    """A server's render workers: the children of its forkserver (its one child process)."""
    parents = _parents()
    children = {pid for pid, ppid in parents.items() if ppid == server_pid}
    return {pid for pid, ppid in parents.items() if ppid in children}


def forkserver_pid(server_pid: int) -> int | None:
    """The multiprocessing forkserver the server's workers are forked from."""
    for pid, ppid in _parents().items():
        if ppid == server_pid:
            with contextlib.suppress(OSError):
                if b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    return pid
    return None


def signal_all(pids, signum: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)


@dataclass
class ChaosReport:
    events: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    user_statuses: list[int] = field(default_factory=list)
    user_seconds: list[float] = field(default_factory=list)
    attacker_statuses: dict[str, list[int]] = field(default_factory=lambda: {"mid-render": [], "memory": []})
    recovery_seconds: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def user_failures(self) -> list[int]:
        return [s for s in self.user_statuses if s != 200]

    def summary(self) -> list[tuple[str, str]]:
        lat = sorted(self.user_seconds) or [0.0]
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        return [
            ("events", str(sum(self.events.values()))),
            *[(f"  {k}", str(v)) for k, v in self.events.items()],
            ("user renders", str(len(self.user_statuses))),
            ("user renders not 200", str(len(self.user_failures))),
            ("user p50 / p99 (ms)", f"{statistics.median(lat) * 1000:.0f} / {p99 * 1000:.0f}"),
            ("mid-render victims 200", f"{self.attacker_statuses['mid-render'].count(200)}"
                                       f"/{len(self.attacker_statuses['mid-render'])}"),
            ("memory bombs 422", f"{self.attacker_statuses['memory'].count(422)}"
                                 f"/{len(self.attacker_statuses['memory'])}"),
            ("recovery p50 / max (ms)", f"{statistics.median(self.recovery_seconds or [0]) * 1000:.0f} / "
                                        f"{max(self.recovery_seconds or [0]) * 1000:.0f}"),
            ("wall time (s)", f"{self.seconds:.1f}"),
        ]


class _User(threading.Thread):
    """Renders small documents back to back, recording when each started and ended."""

    def __init__(self, url: str, key: str, report: ChaosReport, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.url, self.headers, self.report, self.stop = url, {"X-API-Key": key}, report, stop
        self.finished_started_at = 0.0  # start time of the last render that came back
        self.session = requests.Session()

    def run(self) -> None:
        rng = random.Random(id(self))
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                r = self.session.post(self.url, json=rng.choice(USER_DOCS), headers=self.headers, timeout=60)
                status = r.status_code
            except requests.RequestException:
                status = -1
            self.report.user_statuses.append(status)
            self.report.user_seconds.append(time.monotonic() - started)
            self.finished_started_at = started
            time.sleep(rng.uniform(0, 0.03))


def _event(kind: str, url: str, server_pid: int, attacker: dict[str, str], report: ChaosReport,
           pending: list, rng: random.Random) -> None:
    pids = sorted(worker_pids(server_pid))
    if kind == "sigkill":
        time.sleep(rng.uniform(0, 0.05))
        signal_all(pids[:1] if len(pids) < 2 else [rng.choice(pids)], signal.SIGKILL)
    elif kind == "handover":
        victim = [rng.choice(pids)] if pids else []
        signal_all(victim, signal.SIGSTOP)
        time.sleep(0.15)
        signal_all(victim, signal.SIGKILL)
    elif kind == "mid-render":
        body = {"html": "<p>x</p>", "renderer": "test-slow", "sleep": 0.4}
        result: dict[str, int] = {}
        thread = threading.Thread(target=lambda: result.update(
            status=requests.post(url, json=body, headers=attacker, timeout=60).status_code), daemon=True)
        thread.start()
        time.sleep(0.2)
        signal_all(pids, signal.SIGKILL)
        pending.append((thread, result))
    else:
        r = requests.post(url, json={"html": "<p>x</p>", "renderer": "test-hog"}, headers=attacker, timeout=60)
        report.attacker_statuses["memory"].append(r.status_code)
    report.events[kind] += 1


def run_chaos(server_url: str, server_pid: int, user_keys: list[str], attacker_key: str, events: int,
              workers: int = 2, seed: int = 16) -> ChaosReport:
    """Run ``events`` chaos events against a server while ``user_keys`` render; see the module doc."""
    report = ChaosReport()
    url = server_url + "/api/v1/pdf/"
    stop = threading.Event()
    users = [_User(url, key, report, stop) for key in user_keys]
    attacker = {"X-API-Key": attacker_key}
    rng = random.Random(seed)
    pending: list = []
    started = time.monotonic()
    for user in users:
        user.start()
    try:
        for index in range(events):
            _event(KINDS[index % len(KINDS)], url, server_pid, attacker, report, pending, rng)
            mark = time.monotonic()
            deadline = mark + 30
            while not (len(worker_pids(server_pid)) == workers
                       and all(u.finished_started_at > mark for u in users)
                       and not any(thread.is_alive() for thread, _ in pending)):
                if time.monotonic() > deadline:
                    raise AssertionError(f"the pool did not recover within 30 s of event {index}")
                time.sleep(0.01)
            report.recovery_seconds.append(time.monotonic() - mark)
    finally:
        stop.set()
        for user in users:
            user.join(60)
        for thread, result in pending:
            thread.join(60)
            report.attacker_statuses["mid-render"].append(result.get("status", -1))
    report.seconds = time.monotonic() - started
    return report
