"""The remote fetcher against a real server on 127.0.0.1: limits, budgets, headers, caching, Google Fonts."""

from __future__ import annotations

import gzip
import io
import threading
import time

import pdfplumber
import pytest

from pdflet.config import Settings, SettingsError
from pdflet.fetch.plugin import RemoteFetcher
from pdflet.pipeline import render_request
from pdflet.plugins import make_plugin_manager
from pdflet.renderers.resources import ResourceError
from pdflet.request import RenderRequest
from tests.fetch_server import fetch_server, local_resolver, tiny_woff2

KIB = 1024
FOREVER = {"Cache-Control": "max-age=3600"}


def fetcher_for(server, **changes) -> RemoteFetcher:
    fetcher = RemoteFetcher(Settings(fetch_allow=(f"{server.base}/",), **changes))
    fetcher.start_render()
    return fetcher


def test_settings_from_the_environment():
    settings = Settings.from_env({
        "PDFLET_FETCH_ALLOW": " https://fonts.googleapis.com/  https://fonts.gstatic.com/ ",
        "PDFLET_FETCH_MAX_BYTES": "1000", "PDFLET_FETCH_TOTAL_BYTES": "5000", "PDFLET_FETCH_TIME_BUDGET": "2.5",
        "PDFLET_FETCH_CACHE_BYTES": "0", "PDFLET_FETCH_CACHE_DIR": "/tmp/x", "PDFLET_FETCH_CACHE_DISK_BYTES": "9",
    })
    assert settings.fetch_allow == ("https://fonts.googleapis.com/", "https://fonts.gstatic.com/")
    assert (settings.fetch_max_bytes, settings.fetch_total_bytes, settings.fetch_time_budget) == (1000, 5000, 2.5)
    assert settings.fetch_cache_dir is not None and settings.fetch_cache_disk_bytes == 9
    assert Settings.from_env({}).fetch_allow == ()
    with pytest.raises(SettingsError):
        Settings.from_env({"PDFLET_FETCH_MAX_BYTES": "0"})


def test_the_time_budget_stays_inside_the_render_timeout():
    assert RemoteFetcher(Settings(render_timeout=4.0, fetch_time_budget=10.0)).seconds == 2.0
    assert RemoteFetcher(Settings(render_timeout=30.0, fetch_time_budget=3.0)).seconds == 3.0


def test_no_cookies_credentials_or_proxies(monkeypatch):
    with fetch_server() as proxy, fetch_server() as srv:
        srv.routes["/a"] = (200, {"Set-Cookie": "session=1; Path=/", "Content-Type": "text/plain"}, b"a")
        for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "ALL_PROXY"):
            monkeypatch.setenv(name, proxy.base)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        fetcher = fetcher_for(srv, fetch_cache_bytes=0)
        assert fetcher.pdflet_fetch_resource(f"{srv.base}/a").data == b"a"
        assert fetcher.pdflet_fetch_resource(f"{srv.base}/a").data == b"a"
        assert proxy.log == []
        sent = [headers for _, headers in srv.log]
        assert len(sent) == 2 and not any("cookie" in h or "authorization" in h for h in sent)
        assert sent[0]["host"] == f"127.0.0.1:{srv.port}" and sent[0]["user-agent"].startswith("pdflet/")


def test_a_resource_over_the_size_cap_is_refused_declared_or_not():
    with fetch_server() as srv:
        srv.routes["/declared"] = (200, {}, b"x" * 20 * KIB)
        srv.routes["/undeclared"] = (200, {"Content-Length": None}, b"x" * 20 * KIB)
        srv.routes["/bomb"] = (200, {"Content-Encoding": "gzip"}, gzip.compress(b"\0" * 4 * 1024 * KIB))
        srv.routes["/fits"] = (200, {}, b"x" * 10 * KIB)
        fetcher = fetcher_for(srv, fetch_max_bytes=16 * KIB)
        for path in ("/declared", "/undeclared", "/bomb"):
            with pytest.raises(ResourceError, match="too large"):
                fetcher.pdflet_fetch_resource(srv.base + path)
        assert len(fetcher.pdflet_fetch_resource(srv.base + "/fits").data) == 10 * KIB


def test_the_total_bytes_of_a_render_are_bounded_and_reset_by_the_next_render():
    with fetch_server({"/a": (200, FOREVER, b"a" * 40 * KIB), "/b": (200, {}, b"b" * 40 * KIB)}) as srv:
        fetcher = fetcher_for(srv, fetch_total_bytes=100 * KIB)
        fetcher.pdflet_fetch_resource(srv.base + "/a")
        fetcher.pdflet_fetch_resource(srv.base + "/b")
        with pytest.raises(ResourceError, match=r"too large|total remote bytes"):
            fetcher.pdflet_fetch_resource(srv.base + "/a?again")
        with pytest.raises(ResourceError, match="total remote bytes"):
            fetcher.pdflet_fetch_resource(srv.base + "/a")  # a cache hit still counts
        fetcher.start_render()
        assert len(fetcher.pdflet_fetch_resource(srv.base + "/b").data) == 40 * KIB


def test_a_stalling_server_cannot_hold_a_render_past_its_fetch_budget():
    release = threading.Event()

    def stall(handler):
        release.wait(5)
        return 200, {}, b"late"

    def drip(handler):  # headers at once, then the body a byte at a time
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        for _ in range(1000):
            if release.wait(0.05):
                break
            handler.wfile.write(b"x")
            handler.wfile.flush()
        handler.close_connection = True
        return 200, {"X-Done": "1"}, b""

    def slow_headers(handler):  # every read returns at once, so only a deadline stops it
        handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for index in range(1000):
            if release.wait(0.02):
                break
            handler.wfile.write(b"X-%d: y\r\n" % index)
            handler.wfile.flush()
        handler.close_connection = True
        return 200, {}, b""

    with fetch_server({"/stall": stall, "/drip": drip, "/slow-headers": slow_headers}) as srv:
        try:
            for path in ("/stall", "/drip", "/slow-headers"):
                fetcher = fetcher_for(srv, fetch_time_budget=0.4)
                started = time.monotonic()
                with pytest.raises(ResourceError, match=r"time budget|transfer failed|cannot connect"):
                    fetcher.pdflet_fetch_resource(srv.base + path)
                assert time.monotonic() - started < 1.5, path
                with pytest.raises(ResourceError, match="time budget"):
                    fetcher.pdflet_fetch_resource(srv.base + "/other")
        finally:
            release.set()


def test_status_and_redirect_handling():
    with fetch_server() as srv:
        srv.routes.update({
            "/missing": (404, {}, b"no"),
            "/moved": (301, {"Location": "/final"}, b""),
            "/final": (200, {"Content-Type": "text/css; charset=utf-8"}, b"p{}"),
            "/nowhere": (302, {}, b""),
        })
        fetcher = fetcher_for(srv)
        with pytest.raises(ResourceError, match="HTTP 404"):
            fetcher.pdflet_fetch_resource(srv.base + "/missing")
        with pytest.raises(ResourceError, match="without Location"):
            fetcher.pdflet_fetch_resource(srv.base + "/nowhere")
        resource = fetcher.pdflet_fetch_resource(srv.base + "/moved")
        assert (resource.data, resource.mime_type) == (b"p{}", "text/css")


def test_cached_responses_skip_the_network_until_they_expire():
    with fetch_server() as srv:
        srv.routes.update({
            "/kept": (200, FOREVER, b"kept"),
            "/nostore": (200, {"Cache-Control": "no-store, max-age=60"}, b"n"),
            "/nocache": (200, {"Cache-Control": "no-cache"}, b"n"),
            "/expired": (200, {"Expires": "Thu, 01 Jan 1970 00:00:00 GMT"}, b"e"),
        })
        fetcher = fetcher_for(srv)
        for _ in range(3):
            fetcher.start_render()
            for path in ("/kept", "/nostore", "/nocache", "/expired"):
                fetcher.pdflet_fetch_resource(srv.base + path)
        counts = {path: srv.paths().count(path) for path in ("/kept", "/nostore", "/nocache", "/expired")}
        assert counts == {"/kept": 1, "/nostore": 3, "/nocache": 3, "/expired": 3}


def test_the_disk_cache_is_shared_between_workers(tmp_path):
    with fetch_server({"/font": (200, FOREVER, b"font-bytes")}) as srv:
        first = fetcher_for(srv, fetch_cache_dir=tmp_path)
        second = fetcher_for(srv, fetch_cache_dir=tmp_path)
        assert first.pdflet_fetch_resource(srv.base + "/font").data == b"font-bytes"
        assert second.pdflet_fetch_resource(srv.base + "/font").data == b"font-bytes"
        assert srv.paths() == ["/font"]


GOOGLE_CSS = """/* latin */
@font-face {{
  font-family: 'Remote Sans';
  font-style: normal;
  font-weight: 400;
  font-display: swap;
  src: url({base}/s/remotesans/v1/font.woff2) format('woff2');
  unicode-range: U+0000-00FF;
}}
"""


def test_google_fonts_css_api_end_to_end():
    """fonts.googleapis.com answers a modern browser with woff2 (an unknown agent gets a TTF it does not list)."""
    with fetch_server() as srv:
        def css2(handler):
            modern = "Chrome/" in handler.headers.get("User-Agent", "")
            right_host = handler.headers.get("Host") == f"fonts.googleapis.com:{srv.port}"
            if not (modern and right_host):
                return 200, {"Content-Type": "text/css"}, b"@font-face { src: url(/nothing.ttf) }"
            body = GOOGLE_CSS.format(base=srv.base).encode()
            return 200, {"Content-Type": "text/css; charset=utf-8",
                         "Cache-Control": "private, max-age=86400, stale-while-revalidate=604800"}, body

        srv.routes["/css2"] = css2
        srv.routes["/s/remotesans/v1/font.woff2"] = (200, {"Content-Type": "font/woff2", **FOREVER}, tiny_woff2())
        settings = Settings(fetch_allow=(f"http://fonts.googleapis.com:{srv.port}/", f"{srv.base}/s/"))
        pm = make_plugin_manager(settings, load_entrypoints=False)
        plugin = pm.get_plugin("pdflet.fetch.plugin")
        plugin.resolver = local_resolver({"fonts.googleapis.com": "127.0.0.1"})
        plugin.start_render()
        # what <link href="https://fonts.googleapis.com/css2?family=..."> loads once linked sheets are wired
        sheet = plugin.pdflet_fetch_resource(f"http://fonts.googleapis.com:{srv.port}/css2?family=Remote+Sans")
        assert b"format('woff2')" in sheet.data and sheet.mime_type == "text/css"
        html = f"<style>{sheet.data.decode()} p {{ font-family: 'Remote Sans' }}</style><p>Remote font ABC</p>"
        output = render_request(pm, RenderRequest(html=html))
        with pdfplumber.open(io.BytesIO(output.data)) as pdf:
            fonts = {char["fontname"] for char in pdf.pages[0].chars}
        assert any("UserFont" in name for name in fonts), fonts
        assert srv.paths() == ["/css2?family=Remote+Sans", "/s/remotesans/v1/font.woff2"]
        assert plugin.refused == []
