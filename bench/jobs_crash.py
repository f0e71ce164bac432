"""The full crash bar of issue 13: 200 jobs, SIGKILL of the process group running them, restart.

Every job must succeed with its own document, every webhook must arrive signed with one
event id per job, and the PDF a webhook announced must be the one served. The CI test
(tests/integration/test_jobs_crash.py) runs the same scenario with 30 jobs.

Usage: python bench/jobs_crash.py [--jobs 200] [--kill-after 70]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pdflet.db.job_models import Job  # noqa: E402
from tests.conftest import start_server, stop_server  # noqa: E402
from tests.helpers import new_key, new_user  # noqa: E402
from tests.jobs_crash import Consumers, run_crash  # noqa: E402
from tests.jobs_support import Receiver, bound_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--kill-after", type=int, default=70)
    args = parser.parse_args()
    receiver = Receiver().start()
    with tempfile.TemporaryDirectory(prefix="pdflet-crash-") as tmp_name:
        tmp = Path(tmp_name)
        database_url = f"sqlite:///{tmp / 'data' / 'pdflet.db'}"
        env = {"PDFLET_WEBHOOK_ALLOW": f"127.0.0.1:{receiver.port}", "PDFLET_WEBHOOK_BACKOFF": "0.5",
               "PDFLET_WEBHOOK_TIMEOUT": "2", "PDFLET_RENDER_TIMEOUT": "5", "PDFLET_RENDER_WORKERS": "1",
               "PDFLET_JOB_WORKERS": "2"}
        consumers = Consumers(api=[], start=lambda: None)

        def start():
            srv = start_server(tmp, env, database_url=database_url, new_session=True)
            consumers.api[:] = [srv]
            return srv.process

        consumers.start = start
        consumers.process = start()
        with bound_database(database_url):
            user = new_user()
            headers = {"X-API-Key": new_key(user, rate_limit=0)}
        secret = subprocess.run([sys.executable, "-m", "pdflet", "webhooks", "secret", "--user", user.email],
                                env=consumers.api[0].env, capture_output=True, text=True, check=True).stdout.strip()

        def progress() -> tuple[int, int]:  # read with the run's one connection (bound below)
            return (Job.select().where(Job.status.in_(("succeeded", "failed"))).count(),
                    Job.select().where(Job.status == "running").count())

        try:
            with bound_database(database_url):
                report = run_crash(consumers, headers, secret, receiver, count=args.jobs,
                                   kill_after=args.kill_after, progress=progress, timeout=300)
        finally:
            stop_server(consumers.api[0])
    receiver.stop()
    print(json.dumps(dataclasses.asdict(report), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
