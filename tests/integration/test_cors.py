"""CORS on /api/v1/ over HTTP: allowed origins read responses, refused ones get no CORS header, the admin none."""

from __future__ import annotations

import pytest
import requests

from tests.conftest import stop_server
from tests.integration.servers import shared_server

APP = "http://app.example.test:5173"
EVIL = "http://evil.example.test"
ROUTES = ["/api/v1/pdf/", "/api/v1/auth/jwt/create/", "/api/v1/auth/jwt/refresh/", "/api/v1/auth/jwt/verify/",
          "/api/v1/auth/jwt/logout/", "/api/v1/auth/sessions/", "/api/v1/auth/sessions/abc/", "/api/v1/keys/",
          "/api/v1/keys/1/", "/api/v1/keys/1/rotate/", "/api/v1/usage/", "/api/v1/renderers/",
          "/api/v1/openapi.json"]


@pytest.fixture(scope="module")
def cors(server, tmp_path_factory):
    other = shared_server(server, tmp_path_factory, "cors", {"PDFLET_CORS_ORIGINS": f"{APP} https://other.example.test"})
    yield other
    stop_server(other)


@pytest.fixture(scope="module")
def anywhere(server, tmp_path_factory):
    other = shared_server(server, tmp_path_factory, "cors-any", {"PDFLET_CORS_ORIGINS": "*"})
    yield other
    stop_server(other)


def preflight(srv, path, origin=APP, method="POST", headers="authorization,content-type"):
    return requests.options(srv.url + path, timeout=10, headers={
        "Origin": origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers})


@pytest.mark.parametrize("path", ROUTES)
def test_preflight_is_answered_on_every_api_route(cors, path):
    r = preflight(cors, path)
    assert r.status_code == 204, r.text
    assert r.headers["Access-Control-Allow-Origin"] == APP
    assert r.headers["Access-Control-Allow-Credentials"] == "true"
    allowed = {h.strip().lower() for h in r.headers["Access-Control-Allow-Headers"].split(",")}
    assert allowed == {"authorization", "x-api-key", "content-type", "idempotency-key"}
    assert "OPTIONS" in r.headers["Access-Control-Allow-Methods"]
    assert int(r.headers["Access-Control-Max-Age"]) > 0
    assert "Origin" in r.headers["Vary"]


def methods(r) -> set[str]:
    return set(r.headers["Access-Control-Allow-Methods"].split(", "))


def test_preflight_lists_the_routes_methods(cors):
    assert methods(preflight(cors, "/api/v1/pdf/")) == {"POST", "OPTIONS"}
    assert methods(preflight(cors, "/api/v1/keys/1/", method="DELETE")) == {"GET", "DELETE", "OPTIONS"}


def test_allowed_origin_reads_a_pdf_and_its_headers(cors, api_key):
    r = requests.post(cors.url + "/api/v1/pdf/", json={"html": "<p>x</p>"}, timeout=60,
                      headers={"Origin": APP, "X-API-Key": api_key})
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert r.headers["Access-Control-Allow-Origin"] == APP
    exposed = {h.strip() for h in r.headers["Access-Control-Expose-Headers"].split(",")}
    assert exposed == {"Content-Disposition", "X-Request-Id", "X-Pdflet-Pages", "X-Pdflet-Warnings",
                       "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"}
    assert "Origin" in r.headers["Vary"]


def test_errors_carry_cors_headers_so_a_page_can_read_them(cors):
    r = requests.post(cors.url + "/api/v1/pdf/", json={"html": "x"}, timeout=10,
                      headers={"Origin": APP, "Authorization": "Bearer nope"})
    assert r.status_code == 401 and r.json()["code"] == "token_not_valid"
    assert r.headers["Access-Control-Allow-Origin"] == APP


@pytest.mark.parametrize("origin", [EVIL, APP + ".evil.test", "http://app.example.test", "null", APP.upper()])
def test_refused_origin_gets_no_cors_headers(cors, origin):
    r = preflight(cors, "/api/v1/pdf/", origin=origin)
    assert not [h for h in r.headers if h.lower().startswith("access-control-")]
    r = requests.post(cors.url + "/api/v1/pdf/", json={"html": "x"}, headers={"Origin": origin}, timeout=10)
    assert r.status_code == 401  # still authenticated as usual
    assert not [h for h in r.headers if h.lower().startswith("access-control-")]


def test_refused_origin_with_a_key_is_still_served(cors, api_key):
    r = requests.post(cors.url + "/api/v1/pdf/", json={"html": "<p>x</p>"}, timeout=60,
                      headers={"Origin": EVIL, "X-API-Key": api_key})
    assert r.status_code == 200 and "Access-Control-Allow-Origin" not in r.headers


def test_preflight_needs_no_credentials_but_the_request_does(cors):
    assert preflight(cors, "/api/v1/keys/").status_code == 204
    r = requests.get(cors.url + "/api/v1/keys/", headers={"Origin": APP}, timeout=10)
    assert r.status_code == 401 and r.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("path", ["/admin/login", "/admin/keys", "/healthz", "/"])
def test_the_admin_and_other_routes_never_answer_cross_origin(cors, path):
    for r in (preflight(cors, path), requests.get(cors.url + path, headers={"Origin": APP}, timeout=10,
                                                  allow_redirects=False)):
        assert not [h for h in r.headers if h.lower().startswith("access-control-")], (path, r.headers)


def test_wildcard_never_allows_credentials(anywhere):
    r = preflight(anywhere, "/api/v1/pdf/", origin=EVIL)
    assert r.status_code == 204
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in r.headers


def test_without_the_setting_no_origin_is_allowed(server):
    r = preflight(server, "/api/v1/pdf/")
    assert r.status_code == 204
    assert "Access-Control-Allow-Origin" not in r.headers
