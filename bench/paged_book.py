"""Time issue 20's speed bar: a book of about 100 pages with footnotes and ``hyphens: auto`` renders in under 2 s.

The book is generated: chapters that open on a right-hand page, justified and hyphenated paragraphs (English and
German), a footnote in every third paragraph, running headers with the chapter title and page numbers. The same
book without footnotes and hyphenation is timed beside it, interleaved, so the cost of the two features is read
in one run (medians of ``--runs``).

Usage: python bench/paged_book.py [--runs 5] [--chapters 17]   (17 chapters: about 100 A5 pages)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pdflet.renderers.base import RenderJob
from pdflet.renderers.reportlab.renderer import ReportLabRenderer

STYLE = """
@page { size: A5; margin: 18mm 15mm; @top-center { content: string(chapter); font-size: 8pt }
        @bottom-center { content: counter(page) } }
body { font-family: serif; font-size: 10pt; line-height: 1.4 }
h1 { break-before: right; string-set: chapter content() }
p { text-align: justify; margin: 0 0 .5em }
.f { float: footnote; font-size: 8pt }
"""
ENGLISH = ("The administration of the harbour required considerable organisational effort, and the responsibilities "
           "of the individual departments were documented meticulously in the quarterly correspondence. ")
GERMAN = ("Die Donaudampfschifffahrtsgesellschaft veröffentlichte ihre Wirtschaftlichkeitsberechnungen ausführlich, "
          "und die Haftpflichtversicherungsbedingungen wurden regelmäßig überarbeitet. ")


def book(chapters: int, features: bool) -> str:
    """The book's HTML; without ``features`` the same text has no footnotes and no hyphenation."""
    style = STYLE + ("p { hyphens: auto }" if features else ".f { display: none }")
    parts = [f"<html lang=en><head><style>{style}</style></head><body>"]
    for chapter in range(1, chapters + 1):
        parts.append(f"<h1>Chapter {chapter}</h1>")
        for paragraph in range(12):
            text, lang = (GERMAN, "de") if paragraph % 4 == 3 else (ENGLISH, "en")
            note = f"<span class=f>Note {chapter}.{paragraph}: {ENGLISH[:90]}</span>" if paragraph % 3 == 0 else ""
            parts.append(f"<p lang={lang}>{text * 3}{note}{text}</p>")
    parts.append("</body></html>")
    return "".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chapters", type=int, default=17)
    args = parser.parse_args()
    renderer = ReportLabRenderer()
    renderer.render(RenderJob(html="<p>warm</p>"))
    documents = {"plain": book(args.chapters, False), "footnotes+hyphens": book(args.chapters, True)}
    times: dict[str, list[float]] = {name: [] for name in documents}
    pages: dict[str, int] = {}
    for _ in range(args.runs):
        for name, html in documents.items():
            start = time.process_time()
            pages[name] = renderer.render(RenderJob(html=html)).pages
            times[name].append(time.process_time() - start)
    for name in documents:
        print(f"{name:18} {pages[name]:4d} pages  median {statistics.median(times[name]):.2f} s CPU")
    ratio = statistics.median(times["footnotes+hyphens"]) / statistics.median(times["plain"])
    print(f"footnotes and hyphenation cost {ratio:.2f}x the plain book")
    return 0


if __name__ == "__main__":
    sys.exit(main())
