"""A key made through the plain (non-htmx) admin form is shown once after the redirect, and never sits in a cookie."""

from __future__ import annotations

import base64
import contextlib
import re

from pdflet.db.models import OneTimeSecret
from tests.helpers import new_user
from tests.security.test_admin_http import admin_login, page_token

KEY = re.compile(r'id="new-key-value"[^>]*value="(pk_(?:live|test)_[a-z0-9]{32})"')


def cookie_payloads(response) -> str:
    """Every Set-Cookie value of ``response``, with the base64 parts of Tornado's signed values decoded."""
    out = []
    for header in response.raw.headers.getlist("Set-Cookie"):
        value = header.split(";", 1)[0]
        out.append(value)
        for part in value.strip('"').split("|"):
            _, _, body = part.partition(":")
            with contextlib.suppress(ValueError):
                out.append(base64.b64decode(body + "==", validate=False).decode("utf-8", "replace"))
    return "\n".join(out)


def test_a_key_from_the_plain_form_is_shown_once_and_never_in_a_cookie(server, db):
    browser = admin_login(server, new_user().email)
    token = page_token(browser, server)
    r = browser.post(server.url + "/admin/keys", data={"name": "plain", "scopes": "pdf:create", "_xsrf": token},
                     allow_redirects=False, timeout=10)
    assert r.status_code == 303
    assert "pk_" not in cookie_payloads(r) and "pdflet_flash" in cookie_payloads(r)
    stored = [row.masked for row in OneTimeSecret.select()]
    copied_cookies = browser.cookies.copy()
    shown = browser.get(server.url + "/admin/keys", timeout=10)
    secret = KEY.search(shown.text).group(1)
    assert "pk_" not in cookie_payloads(shown)
    assert not any(secret in masked or secret.encode().hex() in masked for masked in stored)
    assert KEY.search(browser.get(server.url + "/admin/keys", timeout=10).text) is None  # once only
    assert server.post("/api/v1/pdf/", json={"html": "<p>x</p>"}, headers={"X-API-Key": secret}).status_code == 200
    replay = browser.get(server.url + "/admin/keys", cookies=copied_cookies.get_dict(), timeout=10)
    assert KEY.search(replay.text) is None  # the copied one-time message finds nothing left


def test_a_key_rotated_through_the_plain_form_is_shown_once(server, db):
    browser = admin_login(server, new_user().email)
    token = page_token(browser, server)
    browser.post(server.url + "/admin/keys", data={"name": "to rotate", "scopes": "pdf:create", "_xsrf": token},
                 timeout=10)
    key_id = re.search(r'/admin/keys/([0-9]+)/rotate', browser.get(server.url + "/admin/keys", timeout=10).text)[1]
    r = browser.post(f"{server.url}/admin/keys/{key_id}/rotate", data={"_xsrf": token}, allow_redirects=False,
                     timeout=10)
    assert r.status_code == 303 and "pk_" not in cookie_payloads(r)
    assert KEY.search(browser.get(server.url + "/admin/keys", timeout=10).text)
    assert KEY.search(browser.get(server.url + "/admin/keys", timeout=10).text) is None


def test_another_session_cannot_take_the_key(server, db):
    from pdflet.services import reveal

    reveal_id = reveal.put("a" * 32, "pk_live_" + "x" * 32)
    assert reveal.take("b" * 32, reveal_id) is None
    assert reveal.take("a" * 32, "not-the-id-but-long-enough") is None
    assert reveal.take("a" * 32, reveal_id) == "pk_live_" + "x" * 32
    assert reveal.take("a" * 32, reveal_id) is None
