"""Service overhead: authentication cost per request, and HTTP throughput with wrk.

Everything is measured in one run, so the ratios hold on a noisy machine:

1. In-process: the cost of authenticating one request with an API key and with a JWT
   (database look-up included, SQLite file), next to the cost of a bare SHA-256 and a
   bare JWT decode.
2. Over HTTP with wrk (loopback, bounded duration): a bare Tornado handler returning a
   fixed PDF, then pdflet rendering the hello document with an API key and with a bearer
   token. Ratios are against the bare handler.

Usage: python bench/service_bench.py [--duration 10] [--connections 16]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def auth_costs(db_url: str, n: int = 3000) -> dict[str, float]:
    """Microseconds per authentication, in this process, against the server's database file."""
    import hashlib

    import jwt

    from pdflet.db import connect_database, migrate
    from pdflet.services.keys import KeyAuthenticator, create_key
    from pdflet.services.tokens import TokenService
    from pdflet.services.users import create_user
    from tests.helpers import FAST

    db = connect_database(db_url)
    migrate(db)
    user = create_user(FAST, f"bench-{time.time_ns()}@example.com", "bench-password")
    key = create_key(user, "bench").secret
    keys = KeyAuthenticator(touch_seconds=60)
    tokens = TokenService("s" * 64)
    access, _refresh = tokens.login(user)
    out = {
        "sha256_us": timeit.timeit(lambda: hashlib.sha256(key.encode()).hexdigest(), number=n) / n * 1e6,
        "jwt_decode_us": timeit.timeit(lambda: jwt.decode(access, "s" * 64, algorithms=["HS256"]), number=n) / n * 1e6,
        "api_key_auth_us": timeit.timeit(lambda: keys.authenticate(key), number=n) / n * 1e6,
        "jwt_auth_us": timeit.timeit(lambda: tokens.authenticate(access), number=n) / n * 1e6,
    }
    db.close()
    return out


LUA = """
wrk.method = "POST"
wrk.body = '{"html": "<h1>Hello</h1>"}'
wrk.headers["Content-Type"] = "application/json"
%s
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("RESULT %%.1f %%.2f %%.2f %%d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
"""


def run_wrk(url: str, header_line: str, duration: int, connections: int, tmp: Path) -> dict[str, float]:
    script = tmp / f"post{abs(hash(header_line))}.lua"
    script.write_text(LUA % header_line)
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "-s", str(script), url],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    ).stdout
    match = re.search(r"RESULT ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", out)
    if not match:
        raise RuntimeError(out)
    rps, p50, p99, errors = match.groups()
    return {"rps": float(rps), "p50_ms": float(p50), "p99_ms": float(p99), "errors": int(errors)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="pdflet-bench-"))
    db_url = f"sqlite:///{tmp / 'pdflet.db'}"
    results: dict[str, object] = {"auth": auth_costs(db_url)}

    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PDFLET_")},
        "PDFLET_DATA_DIR": str(tmp),
        "PDFLET_DATABASE_URL": db_url,
        "PDFLET_RATE_LIMIT_PER_MINUTE": "0",
    }
    bare_port, pdflet_port = free_port(), free_port()
    procs = [
        subprocess.Popen([sys.executable, str(ROOT / "bench" / "bare_server.py"), str(bare_port)], env=env),
        subprocess.Popen(
            [sys.executable, "-m", "pdflet", "serve", "--port", str(pdflet_port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=tmp,
        ),
    ]
    try:
        wait_for(f"http://127.0.0.1:{bare_port}/")
        wait_for(f"http://127.0.0.1:{pdflet_port}/healthz")
        subprocess.run(
            [sys.executable, "-m", "pdflet", "createuser", "bench@example.com", "--password-stdin"],
            input=b"bench-password\n",
            env=env,
            cwd=tmp,
            check=True,
            capture_output=True,
        )
        key = subprocess.run(
            [sys.executable, "-m", "pdflet", "keys", "create", "--user", "bench@example.com", "--name", "bench"],
            env=env,
            cwd=tmp,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        access = requests.post(
            f"http://127.0.0.1:{pdflet_port}/api/v1/auth/jwt/create/",
            json={"email": "bench@example.com", "password": "bench-password"},
            timeout=10,
        ).json()["access"]
        for _ in range(20):  # warm the workers
            requests.post(
                f"http://127.0.0.1:{pdflet_port}/api/v1/pdf/",
                json={"html": "<h1>Hello</h1>"},
                headers={"X-API-Key": key},
                timeout=30,
            )
        bare = run_wrk(f"http://127.0.0.1:{bare_port}/api/v1/pdf/", "", args.duration, args.connections, tmp)
        with_key = run_wrk(
            f"http://127.0.0.1:{pdflet_port}/api/v1/pdf/",
            f'wrk.headers["X-API-Key"] = "{key}"',
            args.duration,
            args.connections,
            tmp,
        )
        with_jwt = run_wrk(
            f"http://127.0.0.1:{pdflet_port}/api/v1/pdf/",
            f'wrk.headers["Authorization"] = "Bearer {access}"',
            args.duration,
            args.connections,
            tmp,
        )
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    results["http"] = {"bare_fixed_pdf": bare, "pdflet_api_key": with_key, "pdflet_jwt": with_jwt}
    auth = results["auth"]
    print(
        f"auth per request: API key {auth['api_key_auth_us']:.0f} us (SHA-256 alone {auth['sha256_us']:.1f} us), "
        f"JWT {auth['jwt_auth_us']:.0f} us (decode alone {auth['jwt_decode_us']:.0f} us)"
    )
    print(f"{'server':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'vs bare':>9}")
    for name, row in results["http"].items():
        print(
            f"{name:<22}{row['rps']:>9.1f}{row['p50_ms']:>9.1f}{row['p99_ms']:>9.1f}{row['errors']:>8}"
            f"{row['rps'] / bare['rps']:>9.3f}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
