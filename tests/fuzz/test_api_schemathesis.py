"""schemathesis against a live ``pdflet serve``, from its own ``/api/v1/openapi.json``.

Every operation is fuzzed with valid and invalid data (examples, coverage, fuzzing and
stateful phases, all checks): no 500, every status and body as documented, invalid data
refused and valid data accepted. Two runs: one with a bearer token (re-issued through the
login endpoint whenever a test revokes its own session), one with an API key. Seeded and
bounded; ``PDFLET_FUZZ_EXAMPLES`` and ``PDFLET_FUZZ_SEED`` turn it into a longer local run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Server, start_server, stop_server
from tests.fuzz import knobs
from tests.helpers import PASSWORD, new_key, new_user

# Deliberate behaviour the generic checks would flag, each with its reason.
CONFIG = """
# A revoked key stays readable (status "revoked", for the audit trail): GET after DELETE is 200.
[checks.use_after_free]
enabled = false

# Rotating a revoked key is a 400 (a request the key's state makes invalid), not a schema problem.
[[operations]]
include-operation-id = "rotateKey"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404"]

# A key's rate_limit above the operator's (or 0) needs staff, and a key grants only its own scopes and
# mode: well-formed requests for more are a 403 (what the caller may grant), not a schema problem.
[[operations]]
include-operation-id = "createKey"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403"]

# page_size and margin are checked for physical range (36pt to 200in), which JSON Schema cannot
# say: a well-formed but out-of-range length is a 400 naming the option.
[[operations]]
include-operation-id = "createPdf"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "422", "429", "503", "504"]

# Gotenberg's forms need an index.html file part (and Markdown files) the schema can only describe in words.
[[operations]]
include-operation-id = "gotenbergHtml"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "413", "422", "429", "503", "504"]

[[operations]]
include-operation-id = "gotenbergMarkdown"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "413", "422", "429", "503", "504"]

# A job takes a render's body (the same range checks: 400) and an Idempotency-Key the fuzzer reuses with other
# bodies (422 idempotency_mismatch, as Stripe answers); a cursor is opaque, so a made-up one is a 400.
[[operations]]
include-operation-id = "createJob"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "422", "429"]

[[operations]]
include-operation-id = "listJobs"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403"]
"""


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, server: Server):
    env = {
        "PDFLET_RENDER_TIMEOUT": "10",
        "PDFLET_RATE_LIMIT_PER_MINUTE": "0",
        "PDFLET_RENDER_WORKERS": "2",
        "PDFLET_SECRET_KEY": "schemathesis-server-secret-" + "s" * 20,
        # pdflet's own API: plugins that happen to be installed on this machine add fields whose types
        # the document cannot know (RequestFields declares names only)
        "PDFLET_PLUGINS": "",
    }
    srv = start_server(tmp_path_factory.mktemp("schemathesis"), env, database_url=server.database_url)
    yield srv
    stop_server(srv)


def run_schemathesis(srv: Server, workdir: Path, config: str, *args: str) -> subprocess.CompletedProcess:
    config_file = workdir / "schemathesis.toml"
    config_file.write_text(CONFIG + config)
    command = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(config_file), "run",
        f"{srv.url}/api/v1/openapi.json",
        "--checks", "all",
        "--max-examples", str(knobs.examples()),
        "--seed", str(knobs.seed()),
        "--workers", "1",
        "--request-timeout", "30",
        "--generation-database", "none",
        "--output-sanitize", "false",
        "--no-color",
        *args,
    ]
    return subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=600)


def assert_clean(result: subprocess.CompletedProcess, srv: Server) -> None:
    summary = result.stdout[-6000:]
    assert result.returncode == 0, f"{result.stdout[-20000:]}\n{result.stderr[-3000:]}\n--- server log\n" \
                                   f"{srv.log()[-5000:]}"
    assert " passed" in summary and "failures" not in summary.split("SUMMARY")[-1]
    assert srv.process.poll() is None and srv.get("/healthz").status_code == 200
    assert "Traceback" not in srv.log(), srv.log()[-5000:]


def test_every_operation_with_a_bearer_token(live, db, tmp_path):
    """The whole API as a token user; the token is fetched again when fuzzing revokes its session."""
    owner = new_user()
    config = f"""
[auth.dynamic.openapi.Bearer]
path = "/api/v1/auth/jwt/create/"
payload = {{ email = {json.dumps(owner.email)}, password = {json.dumps(PASSWORD)} }}
extract_selector = "/access"
"""
    # Logging in is fuzzed in the key run: here its failures would throttle the token's own log-ins.
    result = run_schemathesis(live, tmp_path, config, "--exclude-operation-id", "createToken")
    assert_clean(result, live)


def test_every_operation_with_an_api_key(live, db, tmp_path):
    """The whole API as a key holder; revoking or rotating keys is left to the token run, so the key lives."""
    key = new_key(new_user(), scopes=["pdf:create", "keys:read", "keys:write", "usage:read"])
    config = f"""
[auth.openapi.ApiKey]
api_key = "{key}"
"""
    result = run_schemathesis(live, tmp_path, config, "--exclude-operation-id", "revokeKey",
                              "--exclude-operation-id", "rotateKey")
    assert_clean(result, live)
