"""The admin's Try it page lists the render report's warnings, escaped."""

from __future__ import annotations

from tests.helpers import new_user
from tests.security.test_admin_http import admin_login


def test_try_it_lists_warnings_escaped(server, db):
    session = admin_login(server, new_user().email)
    html = '<p>x</p><img src="missing-<b>.png"><p style="font-family: NoSuchFont">y</p>'
    r = session.post(server.url + "/admin/try", timeout=60,
                     data={"html": html, "page_size": "A4", "_xsrf": session.cookies["_xsrf"]})
    assert r.status_code == 200, r.text
    assert "2 warnings" in r.text
    assert "missing-%3Cb%3E.png was not loaded" in r.text or "missing-&lt;b&gt;.png" in r.text
    assert "<b>.png" not in r.text
    assert "NoSuchFont" in r.text
    clean = session.post(server.url + "/admin/try", timeout=60,
                         data={"html": "<p>ok</p>", "page_size": "A4", "_xsrf": session.cookies["_xsrf"]})
    assert "warning" not in clean.text.split('id="tryit-result"', 1)[1]
