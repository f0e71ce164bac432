"""What a cached remote stylesheet and font cost a render after the first (the bar: under 1 ms).

Serves a stylesheet and a WOFF2 font from a local server (``Cache-Control: max-age``),
allowed by ``PDFLET_FETCH_ALLOW``, and measures per render:

- the fetch layer: a new render's budgets plus both URLs through the plugin hook, as
  the renderer calls it (memory cache; then disk cache only, as a fresh worker sees it);
- a whole render using the remote font, against the same render with the font inlined
  as a ``data:`` URI (the difference is what remote loading adds).

Run: ``PYTHONPATH=. python bench/fetch_cache.py [ROUNDS]``.
"""

from __future__ import annotations

import base64
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pdflet.config import Settings
from pdflet.pipeline import render_request
from pdflet.plugins import make_plugin_manager
from pdflet.renderers.resources import Fetcher
from pdflet.request import RenderRequest
from tests.fetch_server import fetch_server, tiny_woff2

CSS = b"p { font-family: 'Remote Sans'; color: #333 } h1 { font-size: 20pt }" * 20


def per_render_ms(action, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main(rounds: int) -> None:
    font = tiny_woff2("Hello remote fonts 0123456789")
    cache = {"Cache-Control": "max-age=3600"}
    with fetch_server({"/style.css": (200, {"Content-Type": "text/css", **cache}, CSS),
                       "/font.woff2": (200, {"Content-Type": "font/woff2", **cache}, font)}) as srv, \
            tempfile.TemporaryDirectory() as folder:
        css_url, font_url = f"{srv.base}/style.css", f"{srv.base}/font.woff2"
        settings = Settings(fetch_allow=(f"{srv.base}/",), fetch_cache_dir=Path(folder))
        pm = make_plugin_manager(settings, load_entrypoints=False)
        plugin = pm.get_plugin("pdflet.fetch.plugin")

        def fetch_both(plugin=plugin, pm=pm) -> None:
            plugin.start_render()
            fetcher = Fetcher(hook=lambda url: pm.hook.pdflet_fetch_resource(url=url))
            fetcher.fetch(css_url)
            fetcher.fetch(font_url)

        started = time.perf_counter()
        fetch_both()
        first = (time.perf_counter() - started) * 1000
        memory = per_render_ms(fetch_both, rounds)
        disk_only = make_plugin_manager(settings.replace(fetch_cache_bytes=0), load_entrypoints=False)
        disk = per_render_ms(lambda: fetch_both(disk_only.get_plugin("pdflet.fetch.plugin"), disk_only), rounds)
        requests = len(srv.log)

        page = "<style>@font-face {{ font-family: 'Remote Sans'; src: url({}) }} p {{ font-family: 'Remote Sans' }}"
        page += "</style><h1>Hello</h1><p>Hello remote fonts 0123456789</p>"
        remote = RenderRequest(html=page.format(font_url))
        inline = RenderRequest(html=page.format("data:font/woff2;base64," + base64.b64encode(font).decode()))
        render_request(pm, remote)
        render_request(pm, inline)
        remote_ms = per_render_ms(lambda: render_request(pm, remote), rounds)
        inline_ms = per_render_ms(lambda: render_request(pm, inline), rounds)

    print(f"first fetch of stylesheet + font (network)   {first:8.3f} ms")
    print(f"cached, memory (per render, median)          {memory:8.3f} ms")
    print(f"cached, disk only (per render, median)       {disk:8.3f} ms")
    print(f"requests the server saw                      {requests:8d}")
    print(f"render with remote font (median)             {remote_ms:8.3f} ms")
    print(f"render with the same font as data: URI       {inline_ms:8.3f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
