"""Render a folder of ``NAME.html`` documents with the built-in renderer and report time, pages, fidelity.

Usage: python bench/render_corpus.py CORPUS_DIR [-o OUT_DIR] [-n REPEAT]
Also usable by the shared comparison harness as ``py:pdflet=bench.render_corpus:render_file``.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from pdflet.renderers.base import RenderJob
from pdflet.renderers.reportlab.renderer import ReportLabRenderer

_RENDERER = ReportLabRenderer()


def render_file(in_path: str, out_path: str) -> None:
    """Render one HTML file to a PDF file in this process."""
    html = Path(in_path).read_text(encoding="utf-8", errors="replace")
    Path(out_path).write_bytes(_RENDERER.render(RenderJob(html=html)).data)


def _expectations(path: Path) -> list[tuple[str, int]]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = re.match(r"^\[>=(\d+)\]\s*(.*)$", line)
        out.append((match.group(2), int(match.group(1))) if match else (line.strip(), 1))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus")
    parser.add_argument("-o", "--out", default="/tmp/pdflet-corpus")
    parser.add_argument("-n", "--repeat", type=int, default=3)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    total = 0.0
    print(f"{'doc':16} {'median s':>9} {'pages':>5} {'phrases':>9}")
    for html in sorted(Path(args.corpus).glob("*.html")):
        pdf = out / (html.stem + ".pdf")
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            render_file(str(html), str(pdf))
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        total += median
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        pages = text.count("\f")
        flat = " ".join(text.split()).casefold()  # as the shared harness: text-transform changes case only
        expected = _expectations(html.with_suffix(".expect.txt"))
        missing = [p for p, n in expected if flat.count(" ".join(p.split()).casefold()) < n]
        found = len(expected) - len(missing)
        print(f"{html.stem:16} {median:9.3f} {pages:5d} {found:4d}/{len(expected):<4d} {missing[:3]}")
    print(f"{'total':16} {total:9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
