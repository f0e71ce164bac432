"""The floor a renderer of ours is held to: html5lib parse + bare ReportLab paragraphs, timed beside our render.

The renderer issue's speed bar for ``long.html`` is "within 2x of html5lib parse + bare ReportLab paragraphs".
Timings on a shared machine drift, so the three are measured interleaved in one process and one run:

- ``parse``: html5lib to an ElementTree, nothing else;
- ``floor``: parse, then one ReportLab ``Paragraph`` per block element's text (escaped, one shared style per
  tag, a standard PDF font) laid out on A4 by ``SimpleDocTemplate``;
- ``floor-ttf``: the same with one of our embedded TrueType faces (font subsetting and embedding are costs
  any renderer with real fonts pays; shown for information);
- ``floor-lean``: ``floor`` without ReportLab's markup parser (one ready-made fragment per paragraph, as our
  renderer builds them): the leanest ReportLab can lay out this text, so the strictest ratio;
- ``render``: our full renderer (``ReportLabRenderer.render``).

Usage: python bench/floor.py [HTML ...] [-n RUNS]   (default: ../shared/corpus/long.html, 7 runs)
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import html5lib
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate
from reportlab.platypus.paraparser import ParaFrag

from pdflet.renderers.base import RenderJob
from pdflet.renderers.reportlab.fonts import get_font_library
from pdflet.renderers.reportlab.renderer import ReportLabRenderer

BLOCKS = ("p", "h1", "h2", "h3", "h4", "li", "td", "th", "div", "pre")
SIZES = {"h1": 20.0, "h2": 14.0, "h3": 12.0}
DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "long.html"


def parse(html: str):
    return html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)


def bare(html: str, font: str, lean: bool = False) -> bytes:
    """Parse, then the text of each block element as one plain Paragraph."""
    root = parse(html)
    styles = {tag: ParagraphStyle(tag, fontName=font, fontSize=SIZES.get(tag, 11.0),
                                  leading=SIZES.get(tag, 11.0) * 1.3, spaceAfter=6) for tag in BLOCKS}
    story = []
    for element in root.iter():
        if element.tag in styles:
            text = " ".join("".join(element.itertext()).split())
            if not text:
                continue
            style = styles[element.tag]
            if lean:
                frag = ParaFrag(text=text, fontName=font, fontSize=style.fontSize, textColor=style.textColor,
                                rise=0, greek=0, bold=0, italic=0, link=[], us_lines=[])
                story.append(Paragraph("", style, frags=[frag]))
            else:
                story.append(Paragraph(escape(text), style))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                      bottomMargin=20 * mm).build(story)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("html", nargs="*", default=[str(DEFAULT)])
    parser.add_argument("-n", "--runs", type=int, default=7)
    args = parser.parse_args()
    renderer = ReportLabRenderer()
    ttf = get_font_library().resolve(["serif"], False, False)
    for path in args.html:
        html = Path(path).read_text(encoding="utf-8")
        cases: dict[str, Callable[[], object]] = {
            "parse": lambda html=html: parse(html),
            "floor": lambda html=html: bare(html, "Times-Roman"),
            "floor-ttf": lambda html=html: bare(html, ttf),
            "floor-lean": lambda html=html: bare(html, "Times-Roman", lean=True),
            "render": lambda html=html: renderer.render(RenderJob(html=html)),
        }
        for case in cases.values():  # warm-up: imports, fonts, caches
            case()
        wall: dict[str, list[float]] = {name: [] for name in cases}
        cpu: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, case in cases.items():
                start, start_cpu = time.perf_counter(), time.process_time()
                case()
                wall[name].append(time.perf_counter() - start)
                cpu[name].append(time.process_time() - start_cpu)
        print(f"{Path(path).name}: median of {args.runs} interleaved runs (CPU time is steadier on a busy machine)")
        print(f"  {'':10} {'wall s':>7} {'cpu s':>7}  cpu min-max")
        med = {name: statistics.median(values) for name, values in wall.items()}
        med_cpu = {name: statistics.median(values) for name, values in cpu.items()}
        for name in cases:
            spread = f"{min(cpu[name]):.3f}-{max(cpu[name]):.3f}"
            print(f"  {name:10} {med[name]:7.3f} {med_cpu[name]:7.3f}  {spread}")
        for floor in ("floor", "floor-ttf", "floor-lean"):
            print(f"  render / {floor:9} = {med['render'] / med[floor]:.2f}x wall, "
                  f"{med_cpu['render'] / med_cpu[floor]:.2f}x cpu")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process (all cases): {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
