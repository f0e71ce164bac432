"""Over HTTP: a document's CSS past the byte limit is a render_failed with a reason, not a silent cut."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pdfplumber
import pytest
import requests

from tests.conftest import start_server, stop_server

PLUGINS_DIR = Path(__file__).resolve().parents[1] / "plugins"


@pytest.fixture(scope="module")
def fetching(tmp_path_factory, server):
    """A server whose fetcher plugin serves ``https://test-css.invalid/big`` (6 MiB of CSS)."""
    env = {
        "PYTHONPATH": os.pathsep.join([str(PLUGINS_DIR), os.environ.get("PYTHONPATH", "")]),
        "PDFLET_PLUGIN_MODULES": "pdflet_cssplugins",
        "PDFLET_SECRET_KEY": "css-limits-server-secret-" + "x" * 20,
    }
    srv = start_server(tmp_path_factory.mktemp("fetching"), env, database_url=server.database_url)
    yield srv
    stop_server(srv)


def test_css_past_the_limit_through_imports_is_render_failed(fetching, key_headers):
    # 24 MiB in all: past the 20 MiB limit
    four = "".join(f"@import 'https://test-css.invalid/big#{i}';" for i in range(4))
    body = {"html": f"<style>{four}</style><p>x</p>"}
    r = requests.post(fetching.url + "/api/v1/pdf/", json=body, headers=key_headers, timeout=120)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "render_failed"
    assert "CSS is more than" in r.json()["detail"]


def test_modern_css_renders(server, key_headers):
    css = (
        ":root { --brand: oklch(62.8% 0.2577 29.23); --gap: 2rem } "
        ".card { padding-left: calc(var(--gap) * 2); color: var(--brand); & b { color: var(--none, blue) } }"
        " @media (min-width: 2000px) { .card { color: green } }"
    )
    html = "<div class='card'>card <b>bold</b></div>"
    r = server.post("/api/v1/pdf/", json={"html": html, "css": css}, headers=key_headers)
    assert r.status_code == 200, r.text
    with pdfplumber.open(io.BytesIO(r.content)) as doc:
        chars = doc.pages[0].chars
        card = next(c for c in chars if c["text"] == "c")
        bold = next(c for c in chars if c["text"] == "b")
        assert tuple(round(v, 2) for v in card["non_stroking_color"]) == (1.0, 0.0, 0.0)
        assert tuple(round(v, 2) for v in bold["non_stroking_color"]) == (0.0, 0.0, 1.0)
