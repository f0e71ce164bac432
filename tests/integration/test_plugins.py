"""The three plugins of plugins/, installed with pip, over HTTP: listed, chosen per request, applied.

They load through the ``pdflet`` entry-point group, so they must be installed in this environment
(``.ci/run`` does ``pip install -e plugins/pdflet-…``); without them this module is skipped.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import threading
import time
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import start_server, stop_server
from tests.helpers import new_key, new_user, pdf_text

PLUGINS = ("pdflet-chromium", "pdflet-markdown", "pdflet-stamp")
INSTALLED = {ep.name for ep in entry_points(group="pdflet")}
MISSING = [name for name in PLUGINS if name not in INSTALLED]
if MISSING:
    pytest.skip(f"plugins not installed ({', '.join(MISSING)}): pip install -e plugins/<name>",
                allow_module_level=True)
if not Path("/usr/bin/chromium").exists():
    pytest.skip("Debian chromium is not installed at /usr/bin/chromium", allow_module_level=True)

if os.environ.get("PDFLET_TEST_DATABASE_URL"):
    pytest.skip("plugins touch no database: the SQLite run covers them", allow_module_level=True)

TEST_PLUGINS = Path(__file__).resolve().parents[1] / "plugins"


@pytest.fixture(scope="module")
def srv(tmp_path_factory, server):
    """A server with the installed plugins, the failing test plugin, and a short render timeout."""
    env = {
        "PYTHONPATH": os.pathsep.join([str(TEST_PLUGINS), os.environ.get("PYTHONPATH", "")]),
        "PDFLET_PLUGIN_MODULES": "pdflet_hookfailures",
        "PDFLET_RENDER_TIMEOUT": "5",
        "PDFLET_SECRET_KEY": "plugins-server-secret-" + "x" * 20,
    }
    started = start_server(tmp_path_factory.mktemp("plugins"), env, database_url=server.database_url)
    yield started
    stop_server(started)


@pytest.fixture(scope="module")
def headers(db):
    return {"X-API-Key": new_key(new_user())}


def pdf(srv, headers, **body):
    body.setdefault("html", "<p>Hello</p>")
    r = srv.post("/api/v1/pdf/", json=body, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/pdf"
    return r.content


def error(srv, headers, status, **body):
    r = srv.post("/api/v1/pdf/", json=body, headers=headers)
    assert r.status_code == status, r.text
    return r.json()


def test_renderers_and_plugins_are_listed_with_versions(srv, headers):
    data = srv.get("/api/v1/renderers/", headers=headers).json()
    renderers = {r["name"]: r for r in data["results"]}
    assert renderers["chromium"]["version"] == "0.1.0" and not renderers["chromium"]["default"]
    assert renderers["reportlab"]["default"]
    plugins = {p["name"]: p for p in data["plugins"]}
    for name in PLUGINS:
        assert plugins[name]["version"] == "0.1.0" and plugins[name]["builtin"] is False
    assert "pdflet_hookfailures" in plugins


def cli_renderers(**env_extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PDFLET_")}
    result = subprocess.run([sys.executable, "-m", "pdflet", "renderers"], capture_output=True, text=True,
                            timeout=60, env={**env, **env_extra}, check=True)
    return result.stdout


def test_pdflet_renderers_lists_them_and_honours_allow_and_block_lists():
    everything = cli_renderers()
    assert "chromium" in everything and all(name in everything for name in PLUGINS)
    allowed = cli_renderers(PDFLET_PLUGINS="pdflet-markdown")
    assert "pdflet-markdown" in allowed and "chromium" not in allowed and "pdflet-stamp" not in allowed
    assert "reportlab" in allowed  # built-ins stay
    blocked = cli_renderers(PDFLET_DISABLE_PLUGINS="pdflet-chromium")
    assert "chromium" not in blocked and "pdflet-stamp" in blocked


def test_renderer_is_chosen_per_request_with_the_right_page_size(srv, headers):
    chromium = PdfReader(io.BytesIO(pdf(srv, headers, renderer="chromium",
                                        options={"page_size": "Letter", "title": "Browser"})))
    assert chromium.metadata.producer.startswith("Skia/PDF")
    assert chromium.metadata.title == "Browser"
    box = chromium.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    landscape = PdfReader(io.BytesIO(pdf(srv, headers, renderer="chromium",
                                         options={"page_size": "A5", "orientation": "landscape"})))
    box = landscape.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 1.5 and abs(float(box.height) - 419.5) < 1.5
    default = PdfReader(io.BytesIO(pdf(srv, headers)))
    assert "Skia" not in str(default.metadata.producer)


def test_unknown_renderer_lists_the_available_ones(srv, headers):
    detail = error(srv, headers, 400, html="<p>x</p>", renderer="chromeum")["detail"]
    assert "chromeum" in detail and "chromium" in detail and "reportlab" in detail


def test_chromium_header_footer_and_test_watermark(srv, db):
    html = "".join(f"<p style='break-after:page'>Page {i}</p>" for i in range(2))
    data = pdf(srv, {"X-API-Key": new_key(new_user(), mode="test")}, html=html, renderer="chromium",
               options={"footer_html": '<span class="pageNumber"></span>/<span class="totalPages"></span>'})
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    assert "2/2" in reader.pages[1].extract_text()
    assert "TEST" in reader.pages[1].extract_text()


def test_markdown_is_rendered_by_either_renderer(srv, headers):
    source = "# Quarterly report\n\nSales are **up**.\n\n<script>alert(1)</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    for renderer in ("reportlab", "chromium"):
        data = pdf(srv, headers, html=None, markdown=source, renderer=renderer)
        text = pdf_text(data)
        assert "Quarterly report" in text and "Sales are up" in text and "<script>alert(1)</script>" in text
        assert PdfReader(io.BytesIO(data)).metadata.title == "Quarterly report"
    body = error(srv, headers, 400, markdown=7)
    assert body["code"] == "invalid_request" and "markdown" in body["detail"]


def test_stamp_is_visible_in_the_extracted_text(srv, headers):
    for renderer in ("reportlab", "chromium"):
        data = pdf(srv, headers, renderer=renderer, options={"stamp": {"text": "CONFIDENTIAL", "opacity": 0.2}})
        assert "CONFIDENTIAL" in PdfReader(io.BytesIO(data)).pages[0].extract_text()  # pypdf reads it diagonally


@pytest.mark.parametrize("stamp", [{"text": "x", "opacity": 7}, {"text": ""}, {"txt": "x"}, 12])
def test_a_bad_stamp_is_a_400_not_a_422_or_500(srv, headers, stamp):
    body = error(srv, headers, 400, html="<p>x</p>", options={"stamp": stamp})
    assert body["code"] == "invalid_request" and "options.stamp" in body["detail"]


def test_encrypted_pdf_needs_the_password(srv, headers):
    data = pdf(srv, headers, options={"stamp": "DRAFT",
                                      "encrypt": {"user_password": "open sesame", "permissions": ["print"]}})
    reader = PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    assert reader.decrypt("not it") == 0
    with pytest.raises(Exception):  # pypdf refuses to read an encrypted page before decrypting
        PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert reader.decrypt("open sesame") != 0
    assert "Hello" in reader.pages[0].extract_text() and "DRAFT" in reader.pages[0].extract_text()
    assert error(srv, headers, 400, html="<p>x</p>", options={"encrypt": {"permissions": ["fly"]}})


@pytest.mark.parametrize(("stage", "words"), [("prepare", "preparing the request: RuntimeError"),
                                              ("process", "post-processing the PDF: ZeroDivisionError")])
def test_a_plugin_that_raises_is_a_422_naming_it(srv, headers, stage, words):
    body = error(srv, headers, 422, html="<p>x</p>", explode=stage)
    assert body["code"] == "render_failed"
    assert "pdflet_hookfailures" in body["detail"] and words in body["detail"]
    assert srv.get("/healthz").status_code == 200
    pdf(srv, headers)


class Listener:
    """A loopback TCP listener that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(32)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


def test_chromium_makes_no_network_request(srv, headers):
    listener = Listener()
    url = f"http://127.0.0.1:{listener.port}/"
    html = (f'<html><head><link rel="stylesheet" href="{url}site.css"><script src="{url}app.js"></script>'
            f'<style>body {{ background-image: url({url}bg.png) }}</style></head>'
            f'<body><p>Offline please</p><img src="{url}logo.png"></body></html>')
    try:
        data = pdf(srv, headers, html=html, renderer="chromium")
        time.sleep(0.5)
    finally:
        listener.close()
    assert "Offline please" in pdf_text(data)
    assert listener.connections == 0


def test_a_page_that_never_loads_is_a_504_and_chromium_keeps_working(srv, headers):
    started = time.monotonic()
    body = error(srv, headers, 504, html="<script>while (true) {}</script>", renderer="chromium")
    assert body["code"] == "render_timeout" and time.monotonic() - started < 10
    assert "after" in pdf_text(pdf(srv, headers, html="<p>after</p>", renderer="chromium"))


def descendants(pid: int) -> set[int]:
    """Every process below ``pid``, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_stopping_the_server_leaves_no_browser_behind(tmp_path, server, headers):
    own = start_server(tmp_path, {"PDFLET_RENDER_WORKERS": "1", "PDFLET_SECRET_KEY": "own-server-" + "y" * 30},
                       database_url=server.database_url)
    try:
        pdf(own, headers, renderer="chromium")
        browsers = {pid for pid in descendants(own.process.pid) if b"chromium" in cmdline(pid)}
        assert browsers, "the worker should keep a warm browser"
    finally:
        stop_server(own)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in browsers):
        time.sleep(0.2)
    assert not [pid for pid in browsers if alive(pid)]
