"""Health, readiness, metrics, renderers, usage and the OpenAPI document."""

from __future__ import annotations

import datetime as dt

from openapi_spec_validator import validate

from pdflet.db.models import UsageDay
from tests.helpers import new_key, new_user

HELLO = {"html": "<h1>Hello</h1>"}


def test_health_and_readiness(server):
    assert server.get("/healthz").json() == {"status": "ok"}
    assert server.get("/readyz").json() == {"status": "ready"}


def test_openapi_document_is_valid_and_covers_every_route(server):
    from pdflet.web.app import API_ROUTES

    r = server.get("/api/v1/openapi.json")
    assert r.status_code == 200
    spec = r.json()
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    documented = set(spec["paths"])
    for pattern, _handler in API_ROUTES:
        path = pattern.replace("([^/]+)", "{id}").replace("/?", "/").replace("\\", "")
        assert path in documented, path


def test_renderers_list(server, key_headers):
    r = server.get("/api/v1/renderers/", headers=key_headers)
    assert r.status_code == 200
    results = r.json()["results"]
    default = [x for x in results if x["default"]]
    assert [x["name"] for x in default] == ["reportlab"]
    assert all(x["version"] and x["description"] for x in results)
    assert server.get("/api/v1/renderers/").status_code == 401


def test_usage_per_day_and_key(server, db):
    owner = new_user()
    key = new_key(owner, name="billing", scopes=["pdf:create", "usage:read"])
    for _ in range(3):
        assert server.post("/api/v1/pdf/", json=HELLO, headers={"X-API-Key": key}).status_code == 200
    UsageDay.create(user=owner, key_id=0, day=dt.date.today() - dt.timedelta(days=40), requests=9, pages=9, bytes=9)
    r = server.get("/api/v1/usage/?days=30", headers={"X-API-Key": key})
    assert r.status_code == 200, r.text
    usage = r.json()
    assert usage["totals"]["requests"] == 3 and usage["totals"]["pages"] == 3
    assert usage["by_key"][0]["name"] == "billing"
    assert usage["daily"][0]["requests"] == 3
    assert server.get("/api/v1/usage/?days=90", headers={"X-API-Key": key}).json()["totals"]["requests"] == 12
    for bad in ("0", "abc", "1000", "-1"):
        assert server.get(f"/api/v1/usage/?days={bad}", headers={"X-API-Key": key}).status_code == 400


def test_usage_needs_its_scope(server, user):
    key = new_key(user)
    assert server.get("/api/v1/usage/", headers={"X-API-Key": key}).status_code == 403


def test_metrics_count_requests_and_renders(server, key_headers):
    assert server.post("/api/v1/pdf/", json=HELLO, headers=key_headers).status_code == 200
    text = server.get("/metrics").text
    assert 'pdflet_http_requests_total{method="POST",route="pdf",status="200"}' in text
    assert "pdflet_render_seconds_bucket" in text
    assert "pdflet_pages_rendered_total" in text
