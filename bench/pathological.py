"""Time the documents that used to take the whole render timeout: each renders in about a second or is
refused with a reason before layout (``RenderFailed``), never hangs.

Usage: python bench/pathological.py [NAME ...]   (default: all; one fresh process per document)
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time

DOCUMENTS = {
    "narrow_column": lambda: '<div style="width:1px">' + "W" * 20_000 + "</div>",
    "million_empty_elements": lambda: "<i></i>" * 1_000_000,
    "ten_mb_paragraph": lambda: "<p>" + "word " * ((10 * 1024 * 1024 - 64) // 5) + "</p>",
    "paragraph_of_100_pages": lambda: "<p>" + "word " * 100_000 + "</p>",
    "pre_of_145_pages": lambda: "<pre>" + ("x" * 19 + "\n") * 10_000 + "</pre>",
    "table_of_29400_cells": lambda: "<table>" + "".join(
        "<tr>" + f"<td>{i}</td>" * 6 + "</tr>" for i in range(4_900)) + "</table>",
    "absolute_boxes_99000": lambda: "<div style='position:relative'>" + (
        "<span style='position:absolute;top:1px'>a</span>" * 99_000) + "</div>",
    "z_index_2_pow_31": lambda: "".join(
        f"<div style='position:absolute;z-index:{z}'>z</div>" for z in (2**31, -(2**31), 2**31 - 1, -(2**31) - 1)),
    "stacking_contexts_10000": lambda: "".join(
        f"<div style='position:relative;z-index:{i % 7 - 3}'>c</div>" for i in range(10_000)),
    "nested_stacking_contexts_10000": lambda: "<div style='position:absolute;z-index:1'>" * 10_000 + "x" + (
        "</div>" * 10_000),
}


def run_one(name: str) -> None:
    from pdflet.errors import RenderFailed
    from pdflet.renderers.base import RenderJob
    from pdflet.renderers.reportlab.renderer import ReportLabRenderer

    renderer = ReportLabRenderer()
    renderer.render(RenderJob(html="<p>warm</p>"))
    html = DOCUMENTS[name]()
    start, start_cpu = time.perf_counter(), time.process_time()
    try:
        pages = renderer.render(RenderJob(html=html)).pages
        outcome = f"{pages} pages"
    except RenderFailed as exc:
        outcome = f"refused: {exc}"
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{name:24} {wall:6.2f} s wall {cpu:6.2f} s cpu  {rss:5.0f} MiB  {outcome}")


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        run_one(sys.argv[2])
        return 0
    for name in sys.argv[1:] or list(DOCUMENTS):
        subprocess.run([sys.executable, __file__, "--one", name], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
