"""Remote resources through the real service: PDFLET_FETCH_ALLOW reaches the render workers, and only it."""

from __future__ import annotations

import io

import pdfplumber
import pytest
import requests

from tests.conftest import start_server, stop_server
from tests.fetch_server import fetch_server, tiny_png
from tests.helpers import new_key, new_user


@pytest.fixture(scope="module")
def assets():
    with fetch_server() as srv:
        srv.routes["/public/logo.png"] = (200, {"Content-Type": "image/png", "Cache-Control": "max-age=600"},
                                          tiny_png())
        srv.routes["/public/to-secret"] = (302, {"Location": f"http://localhost:{srv.port}/secret.png"}, b"")
        yield srv


@pytest.fixture(scope="module")
def fetching(tmp_path_factory, server, assets):
    env = {"PDFLET_FETCH_ALLOW": f"{assets.base}/public/", "PDFLET_RENDER_WORKERS": "1",
           "PDFLET_SECRET_KEY": "fetching-server-secret-" + "x" * 20}
    srv = start_server(tmp_path_factory.mktemp("fetching"), env, database_url=server.database_url)
    yield srv
    stop_server(srv)


def test_a_worker_fetches_the_allowed_prefix_once_and_nothing_else(fetching, assets, db):
    headers = {"X-API-Key": new_key(new_user())}
    html = (f'<img src="{assets.base}/public/logo.png" width="40" height="40">'
            f'<img src="{assets.base}/secret.png"><img src="http://0x7f.1:{assets.port}/public/logo.png">'
            f'<img src="{assets.base}/public/to-secret"><p>done</p>')
    for _ in range(2):
        r = requests.post(fetching.url + "/api/v1/pdf/", json={"html": html}, headers=headers, timeout=60)
        assert r.status_code == 200, r.text
        with pdfplumber.open(io.BytesIO(r.content)) as pdf:
            assert len(pdf.pages[0].images) == 1
    assert assets.paths().count("/public/logo.png") == 1  # the second render used the worker's cache
    assert "/secret.png" not in assets.paths()
    assert assets.paths().count("/public/to-secret") == 2  # no-cache redirect: asked again, refused again
