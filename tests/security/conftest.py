"""One server for the attack suite: a short render timeout, two workers, built-in plugins only."""

from __future__ import annotations

import pytest

from tests.conftest import Server, start_server, stop_server
from tests.helpers import new_key, new_user

RENDER_TIMEOUT = 5.0


@pytest.fixture(scope="package")
def nasty_server(tmp_path_factory: pytest.TempPathFactory, server: Server):
    env = {
        "PDFLET_RENDER_TIMEOUT": str(RENDER_TIMEOUT),
        "PDFLET_RENDER_WORKERS": "2",
        "PDFLET_RATE_LIMIT_PER_MINUTE": "0",
        "PDFLET_PLUGINS": "",
        "PDFLET_SECRET_KEY": "nasty-documents-secret-" + "n" * 20,
    }
    srv = start_server(tmp_path_factory.mktemp("nasty"), env, database_url=server.database_url)
    yield srv
    stop_server(srv)


@pytest.fixture(scope="package")
def nasty_headers(nasty_server, db) -> dict[str, str]:
    return {"X-API-Key": new_key(new_user())}


