"""Time issue 20's hostile paged-media documents: each ends in a PDF or a ``RenderFailed`` reason, well within
the render timeout, with memory bounded (wall time, CPU time and peak RSS printed per document).

Usage: python bench/paged_hostile.py [NAME ...]   (default: all; one fresh process per document)
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time

FOOTNOTE = "<style>.f { float: footnote }</style>"
DOCUMENTS = {
    "ten_thousand_footnotes_on_a_page": lambda: FOOTNOTE
    + "<p>" + "".join(f"w<span class=f>n{i}</span> " for i in range(10_000)) + "</p>",
    "footnote_in_a_footnote": lambda: FOOTNOTE + "<p>a<span class=f>outer<span class=f>inner</span> tail</span> b</p>",
    "break_after_right_on_99990_empty_elements": lambda: "<style>i { display: block; break-after: right }</style>"
    + "<i></i>" * 99_990 + "<p>end</p>",
    "page_nth_1000000n_on_3000_pages": lambda: "<style>@page :nth(1000000n) { margin: 0 }"
    " @page :nth(1000000n+3) { size: A5 }</style>" + "<p style='break-after: page'>x</p>" * 3_000,
    "ten_mb_word_hyphens_auto": lambda: "<p lang=en style='hyphens: auto; width: 100px'>"
    + "hyphenation" * (10 * 1024 * 1024 // 11) + "</p>",
    "half_mb_word_hyphens_auto": lambda: "<p lang=en style='hyphens: auto; width: 100px'>"
    + "hyphenation" * 45_000 + "</p>",
    "orphans_1000000": lambda: "<style>p { orphans: 1000000; widows: 1000000 }</style><p>" + "word " * 100_000 + "</p>",
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
        outcome = f"{renderer.render(RenderJob(html=html)).pages} pages"
    except RenderFailed as exc:
        outcome = f"refused: {exc}"
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{name:42} {wall:6.2f} s wall {cpu:6.2f} s cpu  {rss:5.0f} MiB  {outcome}", flush=True)


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        run_one(sys.argv[2])
        return 0
    for name in sys.argv[1:] or list(DOCUMENTS):
        subprocess.run([sys.executable, __file__, "--one", name], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
