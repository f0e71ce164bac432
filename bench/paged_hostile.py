"""Time issue 20's hostile paged-media documents: each ends in a PDF or a ``RenderFailed`` reason, well within
the render timeout, with memory bounded (wall time, CPU time and peak RSS printed per document).

Usage: python bench/paged_hostile.py [NAME ...]   (default: all; one fresh process per document)
"""

from __future__ import annotations

import sys
from pathlib import Path

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


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench.pathological import run

    sys.exit(run(__file__, DOCUMENTS, width=42))
