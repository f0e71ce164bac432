"""The admin keeps no state in a process: behind a load balancer any instance serves any request.

A second ``pdflet serve`` shares the database and the secret of the first, as two instances
behind nginx do; a browser (here: one cookie jar) talks to both in turn.
"""

from __future__ import annotations

import re

import pytest
import requests

from tests.browser.conftest import next_ip
from tests.conftest import start_server, stop_server
from tests.helpers import PASSWORD, new_user

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def second(server, tmp_path_factory):
    secret = (server.data_dir / "secret_key").read_text().strip()
    other = start_server(tmp_path_factory.mktemp("second"), {"PDFLET_SECRET_KEY": secret, "PDFLET_RENDER_WORKERS": "1"},
                         database_url=server.database_url)
    yield other
    stop_server(other)


def test_a_key_created_on_one_instance_is_shown_once_by_another(server, second, db):
    user = new_user()
    browser = requests.Session()
    browser.headers["X-Real-Ip"] = next_ip()
    browser.get(server.url + "/admin/login", timeout=10)
    xsrf = browser.cookies["_xsrf"]
    r = browser.post(server.url + "/admin/login", data={"email": user.email, "password": PASSWORD, "_xsrf": xsrf},
                     allow_redirects=False, timeout=10)
    assert r.status_code == 303
    browser.get(server.url + "/admin/keys", timeout=10)
    xsrf = browser.cookies["_xsrf"]  # once logged in, the token is the session's
    r = browser.post(server.url + "/admin/keys", data={"name": "balanced", "scopes": "pdf:create", "_xsrf": xsrf},
                     allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["Location"] == "/admin/keys"

    shown = browser.get(second.url + "/admin/keys", timeout=10)  # the redirect lands on the other instance
    assert shown.status_code == 200
    secret = re.search(r'id="new-key-value"[^>]*value="(pk_live_[a-z0-9]{32})"', shown.text)
    assert secret, shown.text[:2000]
    again = browser.get(server.url + "/admin/keys", timeout=10)
    assert secret.group(1) not in again.text and 'id="new-key-value"' not in again.text
    assert server.post("/api/v1/pdf/", json={"html": "<p>x</p>"},
                       headers={"X-API-Key": secret.group(1)}).status_code == 200

    preview = browser.post(second.url + "/admin/try", headers={"HX-Request": "true"}, timeout=60,
                           data={"html": "<p>preview</p>", "page_size": "A4", "_xsrf": xsrf})
    assert preview.status_code == 200 and 'src="data:application/pdf;base64,' in preview.text
