"""Hostile assets over HTTP: each is a clear 4xx or a render with warnings, never a 500, a hang or a crash."""

from __future__ import annotations

import base64
import time

import brotli

from pdflet.renderers.reportlab.fonts_faces import woff2_directory
from tests.resources_support.template import make_woff2
from tests.security.conftest import RENDER_TIMEOUT
from tests.security.test_nasty_documents import assert_still_serving


def render(srv, headers, html: str, assets: dict[str, bytes]):
    encoded = {name: base64.b64encode(data).decode() for name, data in assets.items()}
    started = time.monotonic()
    r = srv.post("/api/v1/pdf/", json={"html": html, "assets": encoded, "report": True}, headers=headers)
    assert time.monotonic() - started < RENDER_TIMEOUT + 5
    assert r.status_code == 200, r.text
    return r.json()["warnings"]


def test_import_loops_and_chains(nasty_server, nasty_headers):
    assets = {"a.css": b'@import "b.css"; @import "a.css";', "b.css": b'@import url("./sub/../a.css");',
              **{f"d{i}.css": f'@import "d{i + 1}.css"; @import "d{i + 1}.css";'.encode() for i in range(40)}}
    html = "<link rel=stylesheet href=a.css><link rel=stylesheet href=d0.css><p>x</p>"
    warnings = render(nasty_server, nasty_headers, html, assets)
    messages = " ".join(w["message"] for w in warnings)
    assert "@import loop" in messages and ("@import nested" in messages or "stylesheets" in messages)
    assert_still_serving(nasty_server, nasty_headers)


def test_woff2_bomb_and_garbage_fonts(nasty_server, nasty_headers):
    good = make_woff2()
    start, _ = woff2_directory(good)
    stream = brotli.compress(b"\0" * (32 * 1024 * 1024), quality=1)
    bomb = bytearray(good[:start] + stream)
    bomb[8:12] = len(bomb).to_bytes(4, "big")
    bomb[20:24] = len(stream).to_bytes(4, "big")
    css = "".join(f"@font-face{{font-family:F{i};src:url(f{i}.woff2)}} p.c{i}{{font-family:F{i}}}" for i in range(3))
    html = f"<style>{css}</style>" + "".join(f"<p class=c{i}>text</p>" for i in range(3))
    warnings = render(nasty_server, nasty_headers, html,
                      {"f0.woff2": bytes(bomb), "f1.woff2": b"wOF2" + b"\xff" * 200, "f2.woff2": good[:100]})
    assert sum(1 for w in warnings if w["type"] == "font" and "no usable source" in w["message"]) == 3
    assert_still_serving(nasty_server, nasty_headers)


def test_urls_that_try_to_leave_the_asset_tree(nasty_server, nasty_headers):
    html = ('<img src="../../../../etc/passwd"><img src="/etc/hostname"><img src="file:///etc/passwd">'
            '<img src="%2e%2e/%2e%2e/etc/passwd"><link rel=stylesheet href="..%5c..%5cwin.ini"><p>x</p>')
    warnings = render(nasty_server, nasty_headers, html, {"ok.png": b"x"})
    assert len(warnings) == 5 and all(w["type"] == "resource" for w in warnings)
    assert_still_serving(nasty_server, nasty_headers)
