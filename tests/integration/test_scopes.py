"""Scopes on every API route, over HTTP: a key lacking a route's scope gets 403, a key holding it does not.

The table below names every authenticated (method, route); ``test_the_table_covers_every_route``
fails when a route is added without a row, so deleting any route's scope check turns a row red.
"""

from __future__ import annotations

import time

import pytest
import requests

from pdflet.services.keys import create_key
from pdflet.services.principal import SCOPES, SESSIONS_SCOPE
from pdflet.web.app import API_ROUTES
from pdflet.web.base import ApiHandler
from tests.helpers import PASSWORD, new_key, new_user

HELLO = {"html": "<h1>Hello</h1>"}
FILES = [("files", ("index.html", b"<h1>Hello</h1>"))]  # multipart, as the Gotenberg routes take it
MARKDOWN_FILES = [("files", ("index.html", b'{{ toHTML "a.md" }}')), ("files", ("a.md", b"# Hello"))]

ROUTES = [  # (method, path template, scope, JSON body)
    ("POST", "/api/v1/pdf/", "pdf:create", HELLO),
    ("GET", "/api/v1/renderers/", "pdf:create", None),
    ("GET", "/api/v1/usage/", "usage:read", None),
    ("GET", "/api/v1/keys/", "keys:read", None),
    ("POST", "/api/v1/keys/", "keys:write", {"name": "made by a key", "scopes": ["keys:write"]}),
    ("GET", "/api/v1/keys/{key}/", "keys:read", None),
    ("DELETE", "/api/v1/keys/{key}/", "keys:write", None),
    ("POST", "/api/v1/keys/{key}/rotate/", "keys:write", None),
    ("GET", "/api/v1/auth/sessions/", SESSIONS_SCOPE, None),
    ("DELETE", "/api/v1/auth/sessions/{session}/", SESSIONS_SCOPE, None),
    ("POST", "/api/v1/pdf/jobs/", "pdf:create", HELLO),
    ("GET", "/api/v1/pdf/jobs/", "pdf:create", None),
    ("GET", "/api/v1/pdf/jobs/{job}/", "pdf:create", None),
    ("DELETE", "/api/v1/pdf/jobs/{job}/", "pdf:create", None),
    ("GET", "/api/v1/pdf/jobs/{job}/pdf", "pdf:create", None),
    ("POST", "/forms/chromium/convert/html", "pdf:create", FILES),
    ("POST", "/forms/chromium/convert/markdown", "pdf:create", MARKDOWN_FILES),
]


def call(server, method: str, template: str, body, headers, user):
    """Fill the template with a key and a session of ``user`` (fresh each call), then send the request."""
    key_id = create_key(user, "target", scopes=["keys:write"]).record.id  # rotatable by a keys:write key
    login = server.post("/api/v1/auth/jwt/create/", json={"email": user.email, "password": PASSWORD},
                        headers={"X-Real-Ip": f"192.0.2.{key_id % 250 + 1}"})
    assert login.status_code == 200, login.text
    sessions = server.get("/api/v1/auth/sessions/", headers={"Authorization": f"Bearer {login.json()['access']}"})
    session_id = sessions.json()["results"][0]["id"]
    bearer = {"Authorization": f"Bearer {login.json()['access']}"}
    job = _finished_job(server, bearer) if "{job}" in template else ""
    path = template.format(key=key_id, session=session_id, job=job)
    if isinstance(body, list):
        return requests.request(method, server.url + path, files=body, headers=headers, timeout=60)
    return requests.request(method, server.url + path, json=body, headers=headers, timeout=60)


def _finished_job(server, headers) -> str:
    """A job of the user, rendered (so its PDF can be fetched)."""
    job = server.post("/api/v1/pdf/jobs/", json=HELLO, headers=headers).json()["id"]
    deadline = time.monotonic() + 60
    while server.get(f"/api/v1/pdf/jobs/{job}/", headers=headers).json()["status"] != "succeeded":
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.1)
    return job


@pytest.mark.parametrize(("method", "template", "scope", "body"), ROUTES,
                         ids=[f"{m} {t}" for m, t, _s, _b in ROUTES])
def test_a_key_without_the_scope_is_refused(server, db, method, template, scope, body):
    user = new_user()
    others = [s for s in SCOPES if s != scope]  # every scope a key can hold but this one
    r = call(server, method, template, body, {"X-API-Key": new_key(user, scopes=others)}, user)
    assert r.status_code == 403, r.text
    assert r.json()["code"] == "permission_denied"


@pytest.mark.parametrize(("method", "template", "scope", "body"), ROUTES,
                         ids=[f"{m} {t}" for m, t, _s, _b in ROUTES])
def test_the_scope_is_enough(server, db, method, template, scope, body):
    user = new_user()
    if scope == SESSIONS_SCOPE:  # only a login manages logins
        tokens = server.post("/api/v1/auth/jwt/create/", json={"email": user.email, "password": PASSWORD},
                             headers={"X-Real-Ip": "192.0.2.251"}).json()
        headers = {"Authorization": f"Bearer {tokens['access']}"}
    else:
        headers = {"X-API-Key": new_key(user, scopes=[scope])}
    r = call(server, method, template, body, headers, user)
    assert r.status_code < 300, r.text


def test_the_table_covers_every_route():
    covered = {
        (m, t.replace("{key}", "([^/]+)").replace("{session}", "([^/]+)").replace("{job}", "([^/]+)"))
        for m, t, _s, _b in ROUTES
    }
    for pattern, handler in API_ROUTES:
        if not issubclass(handler, ApiHandler) or handler.public:
            continue
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            if getattr(handler, method.lower()) is getattr(ApiHandler, method.lower()):
                continue
            path = pattern.replace("/?", "/")
            assert (method, path) in covered, f"{method} {pattern} has no row in ROUTES"


def test_no_key_can_be_given_the_sessions_scope(server, bearer):
    r = server.post("/api/v1/keys/", json={"name": "x", "scopes": ["pdf:create", SESSIONS_SCOPE]}, headers=bearer)
    assert r.status_code == 400


def test_the_table_is_what_the_routes_declare():
    """The scopes above are the declarations' (web/declare.py), which the handlers enforce and OpenAPI shows."""
    table = {(m, t.replace("{key}", "([^/]+)").replace("{session}", "([^/]+)").replace("{job}", "([^/]+)")): s
             for m, t, s, _b in ROUTES}
    for pattern, handler in API_ROUTES:
        for method, operation in handler.operations.items():
            if operation.scope is not None:
                assert table.get((method, pattern.replace("/?", "/"))) == operation.scope, (method, pattern)
