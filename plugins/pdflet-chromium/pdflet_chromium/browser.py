"""One warm headless Chromium per process, driven through Playwright's sync API.

Starting Chromium costs about half a second and tens of MB; printing a page in a browser
that is already running costs tens of milliseconds. So each render worker keeps one
browser, started on its first Chromium render (never in the web process, which only lists
renderers), and restarts it after ``max_renders`` documents to bound whatever a
long-running browser accumulates.

Documents are printed in one page of one browser context, in which every request except
``data:`` is aborted and WebSockets are answered locally, so a document can reach no network
and no file. Opening a page per document would start a renderer process per document (150 ms
and more on a busy machine); instead the page is navigated to ``about:blank`` after each
document, which gives the next one a new document and a new window (no globals, timers or
listeners survive). Documents are loaded with ``set_content`` into ``about:blank``, an
opaque origin without cookies, localStorage or IndexedDB, so nothing is stored for the next
document to read; pop-ups a document opened are closed.
"""

from __future__ import annotations

import contextlib
import os
import resource
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

T = TypeVar("T")

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright, Route, WebSocketRoute

# From the project's CI recipes: headless Debian chromium as root in a container, nothing in the background.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
)
# Every connection Chromium would open itself (preconnect, DNS prefetch, WebRTC) goes to a proxy that
# does not exist, loopback included: the page's own requests are already aborted by the route below.
NO_PROXY = {"server": "http://0.0.0.0:9", "bypass": "<-loopback>"}


def _only_data(route: Route) -> None:
    """Let ``data:`` through, abort everything else before it leaves the browser."""
    if route.request.url[:5].lower() == "data:":
        route.continue_()
    else:
        route.abort("blockedbyclient")


def _no_websocket(ws: WebSocketRoute) -> None:
    """Answer WebSockets inside the browser: never ``connect_to_server``, so no socket opens."""
    ws.close(code=1008, reason="pdflet: no network")


@contextlib.contextmanager
def _address_space_unlimited() -> Iterator[None]:
    """Lift this process's soft address-space cap while the Playwright driver starts.

    pdflet caps a render worker's virtual memory; Node (the Playwright driver) and Chromium
    reserve several GiB of address space they never touch and refuse to start under such a
    cap. Children inherit limits at fork, so lifting the soft limit around the driver's start
    (and restoring it at once) keeps the worker itself capped.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == hard:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class WarmBrowser:
    """A lazily started Chromium, reused across documents, restarted after ``max_renders``.

    Args:
        executable: the Chromium binary (Debian's ``/usr/bin/chromium``); Playwright's own
            browser downloads are never used.
        max_renders: documents per browser before it is restarted.
        timeout_s: Playwright's limit for loading and printing one document.
    """

    def __init__(self, executable: str, max_renders: int = 100, timeout_s: float = 25.0) -> None:
        self.executable = executable
        self.max_renders = max(1, max_renders)
        self.timeout_ms = max(500.0, timeout_s * 1000.0)
        self.renders = 0
        self.launches = 0
        self._pid: int | None = None
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._page: Page | None = None
        self._thread: ThreadPoolExecutor | None = None
        self._thread_pid: int | None = None

    def _call(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function`` on this browser's own thread.

        Playwright's sync API belongs to the thread that started it, and a render worker may
        run each document on a fresh thread (its CPU priority is per thread): every Playwright
        call therefore goes through one long-lived thread of ours, made again after a fork.
        """
        if self._thread is None or self._thread_pid != os.getpid():
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="pdflet-chromium")
            self._thread_pid = os.getpid()
        return self._thread.submit(function, *args).result()

    def _ensure(self) -> Browser:
        if self._pid is not None and self._pid != os.getpid():
            # Forked with a browser that belongs to the parent: forget it, never close it from here.
            self._playwright = self._browser = self._page = None
        self._pid = os.getpid()
        if self._browser is not None and self._browser.is_connected():
            return self._browser
        self._close()
        if self._playwright is None:
            from playwright.sync_api import sync_playwright

            with _address_space_unlimited():
                self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=self.executable,
            args=list(CHROMIUM_ARGS),
            proxy=NO_PROXY,
            timeout=max(30_000.0, self.timeout_ms),
        )
        self.launches += 1
        self.renders = 0
        return self._browser

    def _ready_page(self) -> Page:
        """The page documents are printed in, made on first use in a context that blocks the network."""
        browser = self._ensure()
        if self._page is None or self._page.is_closed():
            context = browser.new_context(service_workers="block", accept_downloads=False)
            context.route("**/*", _only_data)
            context.route_web_socket("**/*", _no_websocket)
            self._page = context.new_page()
        return self._page

    def print_pdf(self, html: str, css: str | None, pdf_args: dict[str, Any]) -> bytes:
        """Load ``html`` (and ``css`` after it) and print it to PDF bytes."""
        return self._call(self._print_pdf, html, css, pdf_args)

    def _print_pdf(self, html: str, css: str | None, pdf_args: dict[str, Any]) -> bytes:
        page = self._ready_page()
        try:
            page.set_default_timeout(self.timeout_ms)
            page.set_content(html, wait_until="load")
            if css:
                page.add_style_tag(content=css)
            data = page.pdf(**pdf_args)
        finally:
            self.renders += 1
        for other in page.context.pages:
            if other is not page:
                other.close()
        page.goto("about:blank", wait_until="commit")  # the next document starts with a new window
        if self.renders >= self.max_renders:
            self._close()
        return data

    def close(self) -> None:
        """Close the browser (the driver stays up for the next launch); safe to call twice."""
        if self._thread is not None and self._thread_pid == os.getpid():
            with contextlib.suppress(RuntimeError):  # no new work at interpreter shutdown
                self._call(self._close)
                return
        self._close()

    def _close(self) -> None:
        browser, self._browser, self._page = self._browser, None, None
        if browser is not None:
            with contextlib.suppress(Exception):
                browser.close()

    def stop(self) -> None:
        """Close the browser and the Playwright driver, at process exit."""
        if self._thread is not None and self._thread_pid == os.getpid():
            with contextlib.suppress(RuntimeError):  # no new work at interpreter shutdown
                self._call(self._stop)
                self._thread.shutdown(wait=False)
                return
        self._stop()

    def _stop(self) -> None:
        self._close()
        playwright, self._playwright = self._playwright, None
        if playwright is not None and self._pid == os.getpid():
            with contextlib.suppress(Exception):
                playwright.stop()
