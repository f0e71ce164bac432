"""Load benchmark of the scaled set-up: wrk against one instance and against nginx with two.

All on loopback, bounded in time. One run measures, side by side:

* the bare renderer time per document (in this process, no HTTP, no queue), wall and CPU;
* wrk (``bench/load_post.lua``) POSTing each document with an API key (rate-limited through
  Redis, at a limit it never reaches) at 16 and 64 connections against
  - ``single``: one pdflet instance (one web process, ``--workers`` render workers),
  - ``nginx+2``: Debian nginx running ``deploy/nginx/pdflet.conf`` in front of two instances
    (half the workers each), sharing PostgreSQL and Redis;
  requests/s, p50/p99 latency and errors (non-2xx and socket errors), and the service
  overhead: CPU seconds of the instances' process trees (web process, forkserver, render
  workers) per render, over the bare renderer's CPU seconds per render, minus one. CPU time
  rather than wall time, because on a shared machine wall time measures the neighbours;
* ``floor``: the same wrk runs against ``bench/floor_server.py`` (a bare Tornado handler and a
  bare pebble round trip to workers built like pdflet's, with as many workers): no auth, rate
  limit, metering, metrics or log. Its overhead is what HTTP plus the process hop cost on their
  own, the floor under pdflet's own rows;
* a soak (``--soak`` seconds of the hello document at 16 connections on the single
  instance) sampling the RSS of the instance's whole process tree every 5 s.

Documents: ``hello`` (``<h1>Hello</h1>``) and ``invoice`` (``../shared/corpus/invoice.html``,
when that folder exists). PostgreSQL: ``--database-url``, or (as root) a throwaway cluster
started here as in CI. Redis and nginx are started here.

Usage: python bench/load_bench.py [--duration 10] [--soak 60] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))

from tests.scaled_support import Nginx, RedisServer, main_config, metric, site_config  # noqa: E402


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def documents() -> dict[str, str]:
    docs = {"hello": "<h1>Hello</h1>"}
    invoice = CORPUS / "invoice.html"
    if invoice.exists():
        docs["invoice"] = invoice.read_text(encoding="utf-8")
    return docs


def bare_render_seconds(docs: dict[str, str]) -> dict[str, dict[str, float]]:
    """Median wall and mean CPU seconds per render in this process, after a warm-up (fonts, caches)."""
    from pdflet import render_pdf

    out = {}
    for name, html in docs.items():
        for _ in range(3):
            render_pdf(html)
        walls, cpus = [], []
        deadline = time.monotonic() + 5
        while len(walls) < 20 or (time.monotonic() < deadline and len(walls) < 200):
            wall, cpu = time.perf_counter(), time.process_time()
            render_pdf(html)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        out[name] = {"wall": statistics.median(walls), "cpu": statistics.mean(cpus)}
    return out


def _cpu_per_render(html: str, seconds: float) -> float:
    from pdflet import render_pdf

    for _ in range(3):
        render_pdf(html)
    count, cpu, deadline = 0, time.process_time(), time.monotonic() + seconds
    while time.monotonic() < deadline or count < 5:
        render_pdf(html)
        count += 1
    return (time.process_time() - cpu) / count


def bare_parallel_cpu(docs: dict[str, str], workers: int, seconds: float = 4.0) -> dict[str, float]:
    """CPU seconds per render with ``workers`` processes rendering at once, as the pool does.

    Two busy processes on two vCPUs each render more slowly than one alone (shared caches,
    hyperthreads of the host), so this, not the lone render, is the like-for-like floor.
    """
    import concurrent.futures
    import multiprocessing

    out = {}
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        for name, html in docs.items():
            out[name] = statistics.mean(pool.map(_cpu_per_render, [html] * workers, [seconds] * workers))
    return out


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of ``pid`` and its descendants, exited ones included (their parents reaped them)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks  # utime stime cutime cstime
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return total


def renders_done(urls: list[str]) -> float:
    return sum(metric(requests.get(u + "/metrics", timeout=10).text, "pdflet_render_seconds_count") for u in urls)


def floor_renders(url: str) -> float:
    return float(requests.get(url + "/count", timeout=10).json()["renders"])


def wait_floor_idle(url: str, timeout: float = 120) -> None:
    """The floor server has no queue gauge: wait until its render count stops moving."""
    deadline, last = time.monotonic() + timeout, -1.0
    while time.monotonic() < deadline:
        now = floor_renders(url)
        if now == last:
            return
        last = now
        time.sleep(0.3)


def start_floor(tmp: Path, env: dict[str, str], workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    tmp.mkdir(parents=True, exist_ok=True)
    with (tmp / "floor.log").open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "floor_server.py"), str(port), str(workers)],
            env=env, cwd=tmp, stdout=log, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError((tmp / "floor.log").read_text())
        try:
            floor_renders(url)
            return proc, url
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


class Postgres:
    """A throwaway PostgreSQL cluster (the CI recipe); needs root for runuser."""

    def __init__(self) -> None:
        bins = sorted(
            Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")]
        )
        if not bins or os.geteuid() != 0:
            raise SystemExit("no --database-url given and cannot start PostgreSQL here (needs root and postgresql)")
        self.bin, self.port = bins[-1], free_port()
        self.tmp = Path(tempfile.mkdtemp(prefix="pdflet-bench-pg-"))
        shutil.chown(self.tmp, "postgres", "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
        subprocess.run(
            [
                *run_as,
                str(self.bin / "initdb"),
                "-D",
                str(self.tmp / "data"),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                *run_as,
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.tmp / "data"),
                "-l",
                str(self.tmp / "log"),
                "-w",
                "-o",
                f"-p {self.port} -k {self.tmp} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                "start",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "pdflet_bench"],
            check=True,
        )
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/pdflet_bench"

    def stop(self) -> None:
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.tmp / "data"),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
            capture_output=True,
        )
        shutil.rmtree(self.tmp, ignore_errors=True)


def start_instance(tmp: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    tmp.mkdir(parents=True, exist_ok=True)
    with (tmp / "server.log").open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "pdflet", "serve", "--port", str(port), "--xheaders"],
            env={**env, "PDFLET_DATA_DIR": str(tmp / "data")},
            cwd=tmp,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError((tmp / "server.log").read_text())
        try:
            requests.get(url + "/healthz", timeout=2)
            return proc, url
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def tree_rss_kib(pid: int) -> int:
    """RSS of ``pid`` and all its descendants (the web process, the forkserver, the render workers)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, AttributeError):
            continue
    return total


def wait_idle(urls: list[str], timeout: float = 120) -> None:
    """Wait until no render is queued: wrk stops its clients, but renders already queued still run."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = "".join(requests.get(u + "/metrics", timeout=10).text for u in urls)
        if not re.search(r"^pdflet_render_in_flight [1-9]", text, re.M):
            return
        time.sleep(0.2)


def run_wrk(url: str, body: Path, key: str, connections: int, duration: int) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "load_post.lua"),
            url + "/api/v1/pdf/",
        ],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
        env={**os.environ, "PDFLET_BENCH_BODY": str(body), "PDFLET_BENCH_KEY": key},
    ).stdout
    match = re.search(r"RESULT (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+) (\d+)", out)
    if not match:
        raise RuntimeError(out)
    n, rps, p50, p99, status_errors, socket_errors = match.groups()
    return {
        "requests": int(n),
        "rps": float(rps),
        "p50_ms": float(p50),
        "p99_ms": float(p99),
        "errors": int(status_errors) + int(socket_errors),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", default="16,64")
    parser.add_argument("--soak", type=int, default=60, help="seconds of the RSS soak (0 to skip)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="render workers in total")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: start one, as root)")
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args()
    for tool in ("wrk", "redis-server", "nginx"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            print(f"{tool} is not installed", file=sys.stderr)
            return 2
    connections = [int(c) for c in args.connections.split(",")]
    docs = documents()
    cores = os.cpu_count() or 1
    print(f"bare renderer ({cores} cores, {args.workers} render workers in total) ...", flush=True)
    bare = bare_render_seconds(docs)
    for name, cpu in bare_parallel_cpu(docs, args.workers).items():
        bare[name]["cpu_parallel"] = cpu

    tmp = Path(tempfile.mkdtemp(prefix="pdflet-load-"))
    cleanups = []
    results: dict[str, object] = {
        "cores": cores,
        "load_before": os.getloadavg(),
        "bare_render_ms": {k: {m: v * 1000 for m, v in d.items()} for k, d in bare.items()},
        "runs": [],
        "soak": None,
    }
    try:
        pg = None
        db_url = args.database_url
        if not db_url:
            pg = Postgres()
            cleanups.append(pg.stop)
            db_url = pg.url
        (tmp / "redis").mkdir()
        redis_server = RedisServer(tmp / "redis", free_port())
        cleanups.append(redis_server.stop)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PDFLET_")},
            "PDFLET_DATABASE_URL": db_url,
            "PDFLET_REDIS_URL": redis_server.url,
            "PDFLET_SECRET_KEY": "load-bench-secret-" + "z" * 30,
        }
        subprocess.run([sys.executable, "-m", "pdflet", "migrate"], env=env, check=True, capture_output=True)
        subprocess.run(
            [sys.executable, "-m", "pdflet", "createuser", f"bench-{os.getpid()}@example.com", "--password-stdin"],
            input=b"bench-password\n",
            env=env,
            check=True,
            capture_output=True,
        )
        key = subprocess.run(
            [
                sys.executable,
                "-m",
                "pdflet",
                "keys",
                "create",
                "--user",
                f"bench-{os.getpid()}@example.com",
                "--name",
                "load",
                "--rate-limit",
                "1000000",
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        bodies = {}
        for name, html in docs.items():
            bodies[name] = tmp / f"{name}.json"
            bodies[name].write_text(json.dumps({"html": html}))

        single_proc, single_url = start_instance(tmp / "single", {**env, "PDFLET_RENDER_WORKERS": str(args.workers)})
        cleanups.append(lambda: (single_proc.terminate(), single_proc.wait(30)))
        half = str(max(1, args.workers // 2))
        pair = [start_instance(tmp / f"pair{i}", {**env, "PDFLET_RENDER_WORKERS": half}) for i in (1, 2)]
        for proc, _url in pair:
            cleanups.append(lambda proc=proc: (proc.terminate(), proc.wait(30)))
        (tmp / "nginx").mkdir()
        nginx_port = free_port()
        upstreams = [url.removeprefix("http://") for _proc, url in pair]
        proxy = Nginx(main_config(tmp / "nginx", site_config(upstreams, nginx_port)), nginx_port)
        cleanups.append(proxy.stop)

        floor_proc, floor_url = start_floor(tmp / "floor", env, args.workers)
        cleanups.append(lambda: (floor_proc.terminate(), floor_proc.wait(30)))

        targets = {"single": single_url, "nginx+2": proxy.url, "floor": floor_url}
        instances = {"single": [single_url], "nginx+2": [u for _p, u in pair]}
        pids = {"single": [single_proc.pid], "nginx+2": [p.pid for p, _u in pair], "floor": [floor_proc.pid]}
        for url in [single_url, *(u for _p, u in pair), floor_url]:  # warm every worker of every instance
            for name in docs:
                for _ in range(10):
                    requests.post(
                        url + "/api/v1/pdf/",
                        data=bodies[name].read_bytes(),
                        timeout=30,
                        headers={"X-API-Key": key, "Content-Type": "application/json"},
                    )
        for target, url in targets.items():
            for name in docs:
                for conns in connections:
                    print(f"wrk {target} {name} c{conns} ...", flush=True)
                    if target == "floor":
                        idle, count = (lambda: wait_floor_idle(floor_url)), (lambda: floor_renders(floor_url))
                    else:
                        urls = instances[target]
                        idle, count = (lambda urls=urls: wait_idle(urls)), (lambda urls=urls: renders_done(urls))
                    idle()
                    cpu0 = sum(tree_cpu_seconds(pid) for pid in pids[target])
                    done0 = count()
                    row = run_wrk(url, bodies[name], key, conns, args.duration)
                    idle()
                    cpu = sum(tree_cpu_seconds(pid) for pid in pids[target]) - cpu0
                    done = count() - done0
                    per_render = cpu / done if done else float("nan")
                    row.update(
                        target=target,
                        doc=name,
                        connections=conns,
                        renders=done,
                        service_cpu_ms=per_render * 1000,
                        bare_cpu_ms=bare[name]["cpu"] * 1000,
                        bare_parallel_cpu_ms=bare[name]["cpu_parallel"] * 1000,
                        overhead=per_render / bare[name]["cpu_parallel"] - 1,
                        overhead_vs_lone=per_render / bare[name]["cpu"] - 1,
                        load=os.getloadavg()[0],
                    )
                    results["runs"].append(row)

        if args.soak:
            wait_idle([single_url])
            print(f"soak {args.soak} s ...", flush=True)
            wrk = subprocess.Popen(
                [
                    "wrk",
                    "-t1",
                    "-c16",
                    f"-d{args.soak}s",
                    "--timeout",
                    "10s",
                    "-s",
                    str(ROOT / "bench" / "load_post.lua"),
                    single_url + "/api/v1/pdf/",
                ],
                stdout=subprocess.PIPE,
                text=True,
                env={**os.environ, "PDFLET_BENCH_BODY": str(bodies["hello"]), "PDFLET_BENCH_KEY": key},
            )
            samples = []
            started = time.monotonic()
            while wrk.poll() is None:
                samples.append((round(time.monotonic() - started), tree_rss_kib(single_proc.pid)))
                time.sleep(5)
            out = wrk.stdout.read()
            match = re.search(r"RESULT (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+) (\d+)", out)
            first = samples[1][1] if len(samples) > 1 else samples[0][1]  # t=5 s: caches warm
            results["soak"] = {
                "seconds": args.soak,
                "samples_kib": samples,
                "rps": float(match.group(2)) if match else None,
                "errors": int(match.group(5)) + int(match.group(6)) if match else None,
                "growth": max(s for _t, s in samples[1:]) / first - 1 if len(samples) > 1 else None,
                "end_vs_start": samples[-1][1] / first - 1 if len(samples) > 1 else None,
            }
    finally:
        for cleanup in reversed(cleanups):
            try:
                cleanup()
            except Exception as exc:  # keep stopping the rest
                print(f"cleanup: {exc}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)

    print()
    print(
        "bare renderer per document: "
        + ", ".join(
            f"{k} {d['wall'] * 1000:.1f} ms wall, {d['cpu'] * 1000:.2f} ms CPU alone, "
            f"{d['cpu_parallel'] * 1000:.2f} ms CPU with {args.workers} rendering at once"
            for k, d in bare.items()
        )
    )
    print(f"{cores} cores, load average before: {results['load_before'][0]:.1f}")
    print(
        "svc CPU = CPU of the instances' process trees (web processes, render workers) per render; "
        "overhead against the parallel bare render (and against a lone one); "
        "floor = bare Tornado handler + bare pebble round trip (bench/floor_server.py)"
    )
    print(
        f"{'target':<9}{'doc':<9}{'conns':>6}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'svc CPU ms':>11}{'bare par ms':>12}{'overhead':>10}{'vs lone':>9}{'load':>6}"
    )
    for row in results["runs"]:
        print(
            f"{row['target']:<9}{row['doc']:<9}{row['connections']:>6}{row['rps']:>9.1f}{row['p50_ms']:>9.1f}"
            f"{row['p99_ms']:>9.1f}{row['errors']:>8}{row['service_cpu_ms']:>11.2f}"
            f"{row['bare_parallel_cpu_ms']:>12.2f}{row['overhead']:>10.1%}{row['overhead_vs_lone']:>9.1%}{row['load']:>6.1f}"
        )
    soak = results["soak"]
    if soak:
        print(
            f"soak {soak['seconds']} s hello c16 single: {soak['rps']} req/s, {soak['errors']} errors, "
            f"RSS (KiB) {[s for _t, s in soak['samples_kib']]}, max growth over t=5 s {soak['growth']:.1%}, "
            f"end vs t=5 s {soak['end_vs_start']:.1%}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
