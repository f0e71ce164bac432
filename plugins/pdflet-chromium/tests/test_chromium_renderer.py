"""The chromium renderer against Debian's real chromium: options, page sizes, reuse, and no network."""

from __future__ import annotations

import io
import shutil
import socket
import threading
import time

import pytest
from pdflet.errors import RenderTimeout
from pdflet.renderers.base import RenderJob
from pdflet.renderers.options import PAGE_SIZES, PageOptions
from pypdf import PdfReader

from pdflet_chromium.browser import WarmBrowser
from pdflet_chromium.renderer import ChromiumRenderer, page_overrides, pdf_arguments

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium is not installed")


def test_pdf_arguments_default_to_a4_with_chromium_margins():
    args = pdf_arguments(PageOptions())
    assert args["width"] == "8.2677in" and args["height"] == "11.6929in"
    assert args["margin"] == {"top": "0.4000in", "right": "0.4000in", "bottom": "0.4000in", "left": "0.4000in"}
    assert args["prefer_css_page_size"] is True and "display_header_footer" not in args


def test_pdf_arguments_page_size_orientation_margin_and_templates():
    options = PageOptions(page_size=PAGE_SIZES["letter"], orientation="landscape", margin=(72, 36, 72, 36),
                          footer_html='<span class="pageNumber"></span>')
    args = pdf_arguments(options)
    assert (args["width"], args["height"]) == ("11.0000in", "8.5000in")
    assert args["margin"]["left"] == "0.5000in"
    assert args["display_header_footer"] is True
    assert 'class="pageNumber"' in args["footer_template"] and args["header_template"] == "<span></span>"
    assert page_overrides(options) == (
        "@page { size: 792.000pt 612.000pt; margin: 72.000pt 36.000pt 72.000pt 36.000pt; }"
    )
    assert page_overrides(PageOptions()) == ""
    assert page_overrides(PageOptions(orientation="landscape")) == "@page { size: landscape; }"


@pytest.fixture(scope="module")
def renderer():
    chromium = ChromiumRenderer(WarmBrowser(CHROMIUM, max_renders=50, timeout_s=5))
    yield chromium
    chromium.browser.stop()


def render(renderer: ChromiumRenderer, html: str, **options) -> PdfReader:
    data = renderer.render(RenderJob(html=html, options=PageOptions(**options)))
    return PdfReader(io.BytesIO(data))


def size_of(reader: PdfReader, index: int = 0) -> tuple[int, int]:
    box = reader.pages[index].mediabox
    return (round(float(box.width)), round(float(box.height)))


@needs_chromium
def test_renders_flexbox_text_and_reuses_one_browser(renderer):
    html = '<div style="display:flex;justify-content:space-between"><span>Left</span><span>Right</span></div>'
    for _ in range(3):
        reader = render(renderer, html)
    text = reader.pages[0].extract_text()
    assert "Left" in text and "Right" in text
    assert renderer.browser.launches == 1


@needs_chromium
def test_each_document_may_come_from_a_new_thread(renderer):
    """pdflet's workers render each document on a thread of its own; Playwright's sync API
    belongs to one thread, so the browser must keep serving whichever thread calls."""
    import threading

    texts: list[str] = []

    def one(word: str) -> None:
        texts.append(render(renderer, f"<p>{word}</p>").pages[0].extract_text())

    for word in ("first", "second", "third"):
        thread = threading.Thread(target=one, args=(word,))
        thread.start()
        thread.join()
    assert [text.strip() for text in texts] == ["first", "second", "third"]


@needs_chromium
@pytest.mark.parametrize(("options", "expected"), [
    ({}, (595, 842)),
    ({"page_size": PAGE_SIZES["letter"]}, (612, 792)),
    ({"page_size": PAGE_SIZES["a5"], "orientation": "landscape"}, (595, 420)),
])
def test_page_size_options(renderer, options, expected):
    width, height = size_of(render(renderer, "<p>size</p>", **options))
    assert abs(width - expected[0]) <= 1 and abs(height - expected[1]) <= 1  # Chromium rounds to CSS px


@needs_chromium
def test_css_page_size_wins_only_when_the_option_is_absent(renderer):
    html = "<style>@page { size: 100mm 150mm }</style><p>css size</p>"
    assert size_of(render(renderer, html)) == (283, 425)
    assert size_of(render(renderer, html, page_size=PAGE_SIZES["letter"])) == (612, 792)


@needs_chromium
def test_margin_option_moves_the_text(renderer):
    import pdfplumber

    for margin, left in ((72.0, 72), (144.0, 144)):
        data = renderer.render(RenderJob(html="<body style='margin:0'><p style='margin:0'>Margin</p>",
                                         options=PageOptions(margin=(margin,) * 4)))
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            assert round(pdf.pages[0].chars[0]["x0"]) == left


@needs_chromium
def test_header_and_footer_fill_in_page_numbers_and_metadata_is_written(renderer):
    html = "<title>From the document</title>" + "".join(f"<p style='break-after:page'>Page {i}</p>" for i in range(3))
    reader = render(renderer, html, header_html="<b>Quarterly</b>",
                    footer_html='<span class="pageNumber"></span> of <span class="totalPages"></span>',
                    author="Ada", subject="Tests", keywords="a, b")
    assert len(reader.pages) == 3
    last = reader.pages[2].extract_text()
    assert "Quarterly" in last and "3 of 3" in last
    meta = reader.metadata
    assert meta.title == "From the document" and meta.author == "Ada" and meta.subject == "Tests"
    assert render(renderer, html, title="Given").metadata.title == "Given"


@needs_chromium
def test_css_option_applies_after_the_document(renderer):
    import pdfplumber

    data = renderer.render(RenderJob(html="<p style='color:red'>x</p><h1>Big</h1>", css="h1 { font-size: 40px }"))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        sizes = {round(c["size"]) for c in pdf.pages[0].chars if c["text"] == "B"}
    assert sizes == {30}  # 40px is 30pt


class Listener:
    """A TCP listener on loopback that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(32)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.seen: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            conn.settimeout(1)
            try:
                self.seen.append(conn.recv(200))
            except OSError:
                self.seen.append(b"")
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


NETWORK_HTML = """<!doctype html><html><head><title>net</title>
<link rel="preconnect" href="{u}"><link rel="dns-prefetch" href="{u}"><link rel="prefetch" href="{u}prefetch">
<link rel="stylesheet" href="{u}style.css">
<style>body {{ background: url({u}bg.png) }} p {{ font-family: X }}
@font-face {{ font-family: X; src: url({u}f.woff) }}</style>
<script src="{u}script.js"></script>
<script>fetch("{u}fetch").catch(() => 0); try {{ new WebSocket("{ws}ws") }} catch (e) {{}}
navigator.sendBeacon("{u}beacon", "x");</script>
</head><body><p>Offline</p><img src="{u}img.png"><iframe src="{u}frame"></iframe>
<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/%3E"></body></html>"""


@needs_chromium
def test_no_request_leaves_the_browser_except_data_uris(renderer):
    listener = Listener()
    try:
        url = f"http://127.0.0.1:{listener.port}/"
        template = f'<img src="{url}header.png"><span style="background:url({url}h.png)">Head</span>'
        reader = render(renderer, NETWORK_HTML.format(u=url, ws=url.replace("http", "ws")),
                        header_html=template, footer_html=f'<script src="{url}footer.js"></script>Foot')
        time.sleep(0.5)
    finally:
        listener.close()
    text = reader.pages[0].extract_text()
    assert "Offline" in text and "Head" in text and "Foot" in text
    assert listener.seen == []


@needs_chromium
def test_browser_restarts_after_max_renders(renderer):
    browser = renderer.browser
    browser.close()  # start from a fresh count
    launches, browser.max_renders = browser.launches, 2
    try:
        for _ in range(5):
            render(renderer, "<p>again</p>")
        assert browser.launches - launches == 3
    finally:
        browser.max_renders = 50


@needs_chromium
def test_a_page_that_never_finishes_is_a_timeout_and_the_next_render_works(renderer):
    browser = renderer.browser
    browser.timeout_ms = 1000
    try:
        with pytest.raises(RenderTimeout):
            render(renderer, "<p>x</p><script>while (true) {}</script>")
    finally:
        browser.timeout_ms = 5000
    assert "fine" in render(renderer, "<p>fine</p>").pages[0].extract_text()


@needs_chromium
def test_nothing_of_one_document_reaches_the_next(renderer):
    first = """<title>First</title><p>first</p><script>
      window.secret = "from the first document";
      setInterval(() => { document.title = "hijacked"; document.body.textContent = "hijacked"; }, 5);
      window.open("data:text/html,popup");
      try { document.cookie = "a=b"; } catch (e) {}
    </script>"""
    render(renderer, first)
    reader = render(renderer, "<title>Second</title><p>second</p><script>"
                              "document.write('<p>seen: ' + (typeof window.secret) + '</p>')</script>")
    time.sleep(0.1)
    text = reader.pages[0].extract_text()
    assert "second" in text and "seen: undefined" in text and "hijacked" not in text
    assert reader.metadata.title == "Second"
    page = renderer.browser._page
    assert page is not None and page.context.pages == [page]
