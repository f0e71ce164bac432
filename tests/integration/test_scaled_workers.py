"""Worker-pool limits that protect the server: a memory cap per worker and recycling after M renders."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import requests

from tests.conftest import TEST_DATABASE_URL, start_server, stop_server
from tests.helpers import new_key, new_user, pdf_text

PLUGINS_DIR = Path(__file__).resolve().parents[1] / "plugins"
# Nothing here depends on the database: run once, in the SQLite pass, to keep CI short.
pytestmark = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="database-independent; runs in the SQLite pass")


@pytest.fixture(scope="module")
def capped(tmp_path_factory, server):
    """One worker capped at 1 GiB of address space, recycled after every 2 renders, at most 2 pages."""
    env = {
        "PYTHONPATH": os.pathsep.join([str(PLUGINS_DIR), os.environ.get("PYTHONPATH", "")]),
        "PDFLET_PLUGIN_MODULES": "pdflet_scaleplugins",
        "PDFLET_RENDER_WORKERS": "1",
        "PDFLET_RENDER_MEMORY_MB": "1024",
        "PDFLET_RENDER_MAX_TASKS": "2",
        "PDFLET_RENDER_TIMEOUT": "20",
        "PDFLET_MAX_PAGES": "2",
        "PDFLET_SECRET_KEY": "capped-server-secret-" + "x" * 20,
    }
    srv = start_server(tmp_path_factory.mktemp("capped"), env, database_url=server.database_url)
    yield srv
    stop_server(srv)


@pytest.fixture
def headers(db):
    return {"X-API-Key": new_key(new_user())}


def render(srv, headers, **body):
    return requests.post(srv.url + "/api/v1/pdf/", json={"html": "<p>x</p>", **body}, headers=headers, timeout=60)


def test_a_render_over_the_memory_cap_is_a_422_and_the_server_lives(capped, headers):
    r = render(capped, headers, renderer="test-hog", megabytes=4096)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "render_failed"
    assert "memory" in r.json()["detail"]
    ok = render(capped, headers, renderer="test-hog", megabytes=50)
    assert ok.status_code == 200, ok.text
    assert render(capped, headers).status_code == 200
    assert capped.process.poll() is None


def test_workers_are_recycled_after_max_tasks(capped, headers):
    pids = set()
    for _ in range(6):
        r = render(capped, headers, renderer="test-pid")
        assert r.status_code == 200, r.text
        pids.add(re.search(r"worker (\d+)", pdf_text(r.content)).group(1))
    assert len(pids) >= 3, pids


def test_several_processes_need_a_server_database(tmp_path):
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("PDFLET_")}
    env.update(PDFLET_DATA_DIR=str(tmp_path / "data"), PDFLET_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    result = subprocess.run([sys.executable, "-m", "pdflet", "serve", "--processes", "2", "--port", "1"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "requires a server database" in result.stderr and "Traceback" not in result.stderr


def test_a_document_over_the_page_limit_is_a_422(capped, headers):
    long = "".join(f"<p>Paragraph {i} of a long document.</p>" for i in range(400))
    r = render(capped, headers, html=long)
    assert r.status_code == 422, r.text
    assert "at most 2" in r.json()["detail"]
    assert render(capped, headers).status_code == 200


def test_rate_limit_headers_stay_on_error_responses(capped, db):
    headers = {"X-API-Key": new_key(new_user(), rate_limit=5), "Content-Type": "application/json"}
    r = requests.post(capped.url + "/api/v1/pdf/", data=b"{not json", headers=headers, timeout=30)
    assert r.status_code == 400 and r.json()["code"] == "invalid_json"
    assert (r.headers["X-RateLimit-Limit"], r.headers["X-RateLimit-Remaining"]) == ("5", "4")
    assert int(r.headers["X-RateLimit-Reset"]) >= 1
