"""Time the documents that used to take the whole render timeout: each renders in about a second or is
refused with a reason before layout (``RenderFailed``), never hangs.

Usage: python bench/pathological.py [NAME ...]   (default: all; one fresh process per document)
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from typing import Any

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


def run_one(documents: dict[str, Any], name: str, width: int = 24) -> None:
    """Render ``documents[name]`` once, on a warmed renderer, and print its wall and CPU time and peak RSS."""
    from pdflet.errors import RenderFailed
    from pdflet.renderers.base import RenderJob
    from pdflet.renderers.reportlab.renderer import ReportLabRenderer

    renderer = ReportLabRenderer()
    renderer.render(RenderJob(html="<p>warm</p>"))
    html = documents[name]()
    start, start_cpu = time.perf_counter(), time.process_time()
    try:
        outcome = f"{renderer.render(RenderJob(html=html)).pages} pages"
    except RenderFailed as exc:
        outcome = f"refused: {exc}"
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{name:{width}} {wall:6.2f} s wall {cpu:6.2f} s cpu  {rss:5.0f} MiB  {outcome}", flush=True)


def run(script: str, documents: dict[str, Any], width: int = 24) -> int:
    """The command line of a bench of hostile documents: each named (or every) one in a fresh process, so
    one document's peak memory is not another's."""
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        run_one(documents, sys.argv[2], width)
        return 0
    for name in sys.argv[1:] or list(documents):
        subprocess.run([sys.executable, script, "--one", name], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(run(__file__, DOCUMENTS))
