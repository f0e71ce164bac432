"""Chaos bench: 200 worker deaths and memory bombs against a real server while three users render.

    python bench/chaos.py [--events 200] [--workers 2] [--users 3]

Starts ``pdflet serve`` with the test renderers (tests/plugins), creates the users and keys in
its SQLite database, runs :func:`tests.chaos_support.run_chaos` and prints a summary table.
Exits 1 if any user render did not come back 200. The CI test (tests/integration/test_chaos.py)
runs the same events, fewer of them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.chaos_support import chaos_env, run_chaos
from tests.conftest import start_server, stop_server
from tests.helpers import new_key, new_user


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--users", type=int, default=3)
    args = parser.parse_args()
    from pdflet.db import connect_database

    with tempfile.TemporaryDirectory() as tmp:
        srv = start_server(Path(tmp), chaos_env(args.workers))
        db = connect_database(srv.database_url)
        try:
            users = [new_key(new_user()) for _ in range(args.users)]
            attacker = new_key(new_user(), mode="test")
            report = run_chaos(srv.url, srv.process.pid, users, attacker, args.events, workers=args.workers)
            retries = srv.log().count("trying the render again")
        finally:
            db.close()
            stop_server(srv)
    rows = [*report.summary(), ("renders retried (server log)", str(retries))]
    width = max(len(name) for name, _ in rows)
    print(f"chaos: {args.events} events, {args.workers} workers, {args.users} users")
    for name, value in rows:
        print(f"{name:<{width}}  {value:>14}")
    return 1 if report.user_failures else 0


if __name__ == "__main__":
    sys.exit(main())
