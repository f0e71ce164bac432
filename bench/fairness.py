"""Fairness bench: one key floods SVG <use> bombs on 4 connections; how much slower is another user's hello?

    python bench/fairness.py [--workers 2] [--rounds 5] [--samples 40] [--max-concurrent N] [--env NAME=VALUE]

Starts ``pdflet serve`` (default settings but ``--workers``), then alternates rounds of an idle
phase (the user renders a hello document back to back, nobody else) and a flood phase (the
same while a ``pk_test_`` key sends heavy documents on 4 connections, from 4 other processes,
ignoring 429s but for a 10 ms pause). Prints p50/p99 of the user's
hello in both phases (as the client saw them, and as the server's access log timed them) and the
ratio of the client-side p99s; the bar is a flood p99 under 2x the idle p99.
``--max-concurrent`` sets PDFLET_MAX_CONCURRENT_PER_KEY (e.g. 4: what a flood does without a share);
``--env`` any other setting (``--env PDFLET_FAIR_NICE=0``: the cores shared without CPU priorities).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import start_server, stop_server
from tests.helpers import new_key, new_user


def use_bomb() -> str:
    """About 1.4 kB of nested <use>: 100,000 rectangles and most of a second in a worker."""
    levels = ['<g id="l0">' + '<rect x="1" y="1" width="2" height="2"/>' * 10 + "</g>"]
    levels += [f'<g id="l{i}">' + f'<use href="#l{i - 1}"/>' * 10 + "</g>" for i in range(1, 6)]
    return '<svg width="400" height="400"><defs>' + "".join(levels) + '</defs><use href="#l5"/></svg>'


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def flood_connection(url: str, key: str, stop, results, ready) -> None:
    """One flooding connection, in its own process: back to back bombs, 10 ms pause after a 429.

    The process runs at the lowest CPU priority: the attacker's own CPU is not the server's (it
    would be another machine), and on one box it would otherwise be part of what is measured.
    """
    os.nice(19)
    session, headers, body, counts = requests.Session(), {"X-API-Key": key}, {"html": use_bomb()}, {}
    ready.release()
    while not stop.is_set():
        status = session.post(url, json=body, headers=headers, timeout=120).status_code
        counts[status] = counts.get(status, 0) + 1
        if status == 429:
            time.sleep(0.01)
    results.put(counts)


class Flood:
    """``connections`` processes flooding (processes, so the measuring thread never waits for their GIL)."""

    def __init__(self, url: str, key: str, connections: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.stop, self.results, self.ready = context.Event(), context.Queue(), context.Semaphore(0)
        self.counts: dict[int, int] = {}
        self.processes = [context.Process(target=flood_connection, args=(url, key, self.stop, self.results, self.ready))
                          for _ in range(connections)]

    def __enter__(self) -> Flood:
        for process in self.processes:
            process.start()
        for _ in self.processes:  # their start-up (a Python interpreter and its imports, at nice 0) is not the flood
            if not self.ready.acquire(timeout=120):
                raise SystemExit("a flooding process did not start")
        time.sleep(1.5)  # the flood is running before the first measured render
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for _ in self.processes:
            for status, count in self.results.get(timeout=120).items():
                self.counts[status] = self.counts.get(status, 0) + count
        for process in self.processes:
            process.join(30)


def hellos(url: str, key: str, samples: int) -> list[float]:
    session, headers, out = requests.Session(), {"X-API-Key": key}, []
    for _ in range(samples):
        started = time.perf_counter()
        r = session.post(url, json={"html": "<h1>Hello</h1><p>world</p>"}, headers=headers, timeout=120)
        out.append(time.perf_counter() - started)
        if r.status_code != 200:
            raise SystemExit(f"the user's hello failed: {r.status_code} {r.text}")
    return out


def server_ms(log_text: str, user_id: int) -> list[float]:
    """Server-side milliseconds of the user's renders, from the access log lines in ``log_text``."""
    out = []
    for line in log_text.splitlines():
        _, _, record = line.partition(" pdflet.access ")
        if record:
            entry = json.loads(record)
            if entry.get("user_id") == user_id and entry.get("path") == "/api/v1/pdf/":
                out.append(entry["ms"] / 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--max-concurrent", type=int, default=0)
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="a server setting")
    args = parser.parse_args()
    from pdflet.db import connect_database

    env = {"PDFLET_RENDER_WORKERS": str(args.workers), "PDFLET_RATE_LIMIT_PER_MINUTE": "0"}
    if args.max_concurrent:
        env["PDFLET_MAX_CONCURRENT_PER_KEY"] = str(args.max_concurrent)
    env.update(item.split("=", 1) for item in args.env)
    idle: list[float] = []
    flooded: list[float] = []
    served: dict[str, list[float]] = {"idle": [], "flood": []}
    flood_counts: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        srv = start_server(Path(tmp), env)
        db = connect_database(srv.database_url)
        try:
            account = new_user()
            user, flooder = new_key(account), new_key(new_user(), mode="test")
            url = srv.url + "/api/v1/pdf/"
            hellos(url, user, 5)  # warm
            for _ in range(args.rounds):
                mark = len(srv.log())
                idle += hellos(url, user, args.samples)
                served["idle"] += server_ms(srv.log()[mark:], account.id)
                with Flood(url, flooder, args.connections) as flood:
                    mark = len(srv.log())
                    flooded += hellos(url, user, args.samples)
                    served["flood"] += server_ms(srv.log()[mark:], account.id)
                for status, count in flood.counts.items():
                    flood_counts[status] = flood_counts.get(status, 0) + count
        finally:
            db.close()
            stop_server(srv)
    rows = [("idle", idle), (f"flood ({args.connections} conns)", flooded),
            ("  server side idle", served["idle"]), ("  server side flood", served["flood"])]
    print(f"fairness: {args.workers} workers, cap {args.max_concurrent or 'default'}, "
          f"{args.rounds} rounds x {args.samples} hellos per phase {' '.join(args.env)}")
    print(f"{'phase':<20} {'n':>4} {'p50 ms':>8} {'p99 ms':>8}")
    for name, values in rows:
        print(f"{name:<20} {len(values):>4} {statistics.median(values) * 1000:>8.1f} "
              f"{percentile(values, 0.99) * 1000:>8.1f}")
    ratio = percentile(flooded, 0.99) / percentile(idle, 0.99)
    print(f"p99 flood / idle: {ratio:.2f}x (bar: under 2x); flood answers by status: {flood_counts}")
    return 0 if ratio < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
