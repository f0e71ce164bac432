"""Request assets over real HTTP: multipart and JSON bodies, the render report, budgets and hostile names."""

from __future__ import annotations

import base64
import json

import pytest

from tests.integration.test_pdf_api import assert_error
from tests.resources_support.template import layout_signature, png, template_files


def multipart(files: dict[str, bytes], **fields: str) -> list:
    parts = [("files", (name, data)) for name, data in files.items()]
    parts += [(name, (None, value)) for name, value in fields.items()]
    return parts


@pytest.fixture(scope="module")
def template():
    return template_files()


def test_template_is_identical_as_multipart_json_and_gotenberg(server, key_headers, template):
    r_multi = server.post("/api/v1/pdf/", files=multipart(template), headers=key_headers)
    assert r_multi.status_code == 200, r_multi.text
    assert r_multi.headers["X-Pdflet-Warnings"] == "0"
    html = template["index.html"].decode()
    assets = {k: base64.b64encode(v).decode() for k, v in template.items() if k != "index.html"}
    r_json = server.post("/api/v1/pdf/", json={"html": html, "assets": assets}, headers=key_headers)
    assert r_json.status_code == 200, r_json.text
    r_got = server.post("/forms/chromium/convert/html", headers=key_headers,
                        files=multipart(template, paperWidth="210mm", paperHeight="297mm", marginTop="0",
                                        marginBottom="0", marginLeft="0", marginRight="0", printBackground="true"))
    assert r_got.status_code == 200, r_got.text
    ours = server.post("/api/v1/pdf/", headers=key_headers,
                       files=multipart(template, options=json.dumps({"margin": "0"})))
    sig = layout_signature(r_multi.content)
    assert sig == layout_signature(r_json.content)
    assert layout_signature(ours.content) == layout_signature(r_got.content)
    assert sig["fonts"][0].startswith("UserFont-") and len(sig["images"]) == 2


def test_options_and_fields_in_a_multipart_body(server, key_headers):
    files = [("html", (None, "<h1>Hi</h1><p>there</p>")), ("css", (None, "h1 { color: red }")),
             ("filename", (None, "x.pdf")), ("options", (None, '{"page_size": "A5", "title": "T"}'))]
    r = server.post("/api/v1/pdf/", files=files, headers=key_headers)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Disposition"] == 'inline; filename="x.pdf"'
    bad = server.post("/api/v1/pdf/", files=[("html", (None, "<p>x</p>")), ("options", (None, "{nope"))],
                      headers=key_headers)
    assert_error(bad, 400, "invalid_json")
    typo = server.post("/api/v1/pdf/", files=[("html", (None, "<p>x</p>")), ("colour", (None, "red"))],
                       headers=key_headers)
    assert "colour" in assert_error(typo, 400, "invalid_request")["detail"]


def test_report_as_json_by_field_and_by_accept(server, key_headers):
    html = '<p>x</p><img src="missing.png"><img src="https://example.com/a.png">'
    r = server.post("/api/v1/pdf/", json={"html": html, "report": True}, headers=key_headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert base64.b64decode(body["pdf"]).startswith(b"%PDF-") and body["pages"] == 1
    assert [w["url"] for w in body["warnings"]] == ["missing.png", "https://example.com/a.png"]
    assert all(w["type"] == "resource" and w["message"] for w in body["warnings"])
    assert r.headers["X-Pdflet-Warnings"] == "2"
    r = server.post("/api/v1/pdf/", json={"html": html}, headers={**key_headers, "Accept": "application/json"})
    assert r.json()["pages"] == 1
    r = server.post("/api/v1/pdf/", json={"html": html}, headers=key_headers)
    assert r.headers["Content-Type"] == "application/pdf" and r.headers["X-Pdflet-Warnings"] == "2"
    assert_error(server.post("/api/v1/pdf/", json={"html": "x", "report": "yes"}, headers=key_headers),
                 400, "invalid_request")


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "a\\b.png", "x\x00.png", "..", "c:/boot.ini"])
def test_hostile_asset_names_are_a_400(server, key_headers, name):
    r = server.post("/api/v1/pdf/", json={"html": "<p>x</p>", "assets": {name: "eA=="}}, headers=key_headers)
    assert_error(r, 400, "invalid_request")
    r = server.post("/api/v1/pdf/", files=multipart({"index.html": b"<p>x</p>", name: b"x"}), headers=key_headers)
    assert_error(r, 400, "invalid_request")


def test_bad_asset_values(server, key_headers):
    for assets in ({"a.png": 5}, {"a.png": "not base64!"}, ["a.png"]):
        r = server.post("/api/v1/pdf/", json={"html": "<p>x</p>", "assets": assets}, headers=key_headers)
        assert_error(r, 400, "invalid_request")
    r = server.post("/api/v1/pdf/", headers=key_headers,
                    files=[("files", ("a.png", b"1")), ("files", ("./a.png", b"2")), ("html", (None, "<p>x</p>"))])
    assert "more than once" in assert_error(r, 400, "invalid_request")["detail"]


def test_ten_thousand_tiny_assets_are_a_413(server, key_headers):
    files = {"index.html": b"<p>x</p>", **{f"a/{i}.txt": b"x" for i in range(10_000)}}
    r = server.post("/api/v1/pdf/", files=multipart(files), headers=key_headers)
    assert_error(r, 413, "payload_too_large")
    r = server.post("/api/v1/pdf/", headers=key_headers,
                    json={"html": "<p>x</p>", "assets": {f"{i}.txt": "eA==" for i in range(10_000)}})
    assert_error(r, 413, "payload_too_large")
    assert server.get("/healthz").status_code == 200


def test_other_content_types_are_a_415(server, key_headers):
    for content_type in ("text/plain", "application/x-www-form-urlencoded", ""):
        r = server.post("/api/v1/pdf/", data=b"html=x", headers={**key_headers, "Content-Type": content_type})
        assert_error(r, 415, "unsupported_media_type")
    r = server.post("/forms/chromium/convert/html", json={"html": "x"}, headers=key_headers)
    assert_error(r, 415, "unsupported_media_type")


def test_svg_and_srcset_over_http(server, key_headers):
    html = '<img srcset="small.png 1x, big.png 2x" src="none.png">'
    r = server.post("/api/v1/pdf/", headers=key_headers,
                    files=multipart({"index.html": html.encode(), "big.png": png(size=(80, 40))}))
    assert r.status_code == 200 and r.headers["X-Pdflet-Warnings"] == "0"


@pytest.fixture(scope="module")
def small_server(tmp_path_factory, server):
    from tests.conftest import start_server, stop_server

    env = {"PDFLET_MAX_BODY_BYTES": "50000", "PDFLET_MAX_ASSETS_BYTES": "300000", "PDFLET_RENDER_WORKERS": "1"}
    srv = start_server(tmp_path_factory.mktemp("small"), env, database_url=server.database_url)
    yield srv
    stop_server(srv)


@pytest.fixture
def small_headers(small_server, db):
    from tests.helpers import new_key, new_user

    return {"X-API-Key": new_key(new_user(), scopes=["pdf:create"])}


def test_assets_have_their_own_budget(small_server, small_headers):
    font = b"\0" * 200_000  # bigger than the whole body limit, within the assets' one
    html = b'<style>@font-face{font-family:F;src:url(f.ttf)}</style><p>x</p>'
    r = small_server.post("/api/v1/pdf/", files=multipart({"index.html": html, "f.ttf": font}),
                          headers=small_headers)
    assert r.status_code == 200, r.text
    assert int(r.headers["X-Pdflet-Warnings"]) >= 1  # not a font: reported, not fatal
    r = small_server.post("/api/v1/pdf/", headers=small_headers,
                          json={"html": "<p>x</p>", "assets": {"f.ttf": base64.b64encode(font).decode()}})
    assert r.status_code == 200, r.text
    over = small_server.post("/api/v1/pdf/", headers=small_headers,
                             files=multipart({"index.html": html, "f.ttf": font, "g.ttf": font}))
    assert "PDFLET_MAX_ASSETS_BYTES" in assert_error(over, 413, "payload_too_large")["detail"]
    big_html = b"<p>" + b"x" * 60_000 + b"</p>"
    for response in (
        small_server.post("/api/v1/pdf/", files=multipart({"index.html": big_html}), headers=small_headers),
        small_server.post("/api/v1/pdf/", json={"html": big_html.decode()}, headers=small_headers),
    ):
        assert_error(response, 413, "payload_too_large")
    whole = small_server.post("/api/v1/pdf/", data=b"x" * 2_000_000, headers={**small_headers,
                              "Content-Type": "multipart/form-data; boundary=b"})
    assert_error(whole, 413, "payload_too_large")
    assert small_server.get("/healthz").status_code == 200
