"""Write side-by-side PNGs of our pages and a reference renderer's (Chromium's) for a visual check.

Usage: python bench/compare_pages.py CORPUS_DIR [-o OUT_DIR] [--pages N] [--docs a,b]
For each ``NAME.html`` with ``CORPUS_DIR/chromium/NAME.pdf``, renders ours and writes
``OUT_DIR/NAME-pK.png``: our page K on the left, the reference on the right (pdftoppm + ImageMagick).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.render_corpus import render_file


def _pngs(pdf: Path, prefix: Path, pages: int, dpi: int) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", str(pages), str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus")
    parser.add_argument("-o", "--out", default="/tmp/pdflet-compare")
    parser.add_argument("--pages", type=int, default=2)
    parser.add_argument("--dpi", type=int, default=50)
    parser.add_argument("--docs", default="")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    wanted = {d for d in args.docs.split(",") if d}
    for html in sorted(corpus.glob("*.html")):
        reference = corpus / "chromium" / (html.stem + ".pdf")
        if (wanted and html.stem not in wanted) or not reference.exists():
            continue
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            ours_pdf = work / "ours.pdf"
            render_file(str(html), str(ours_pdf))
            ours = _pngs(ours_pdf, work / "ours", args.pages, args.dpi)
            theirs = _pngs(reference, work / "ref", args.pages, args.dpi)
            for index, (left, right) in enumerate(zip(ours, theirs, strict=False), start=1):
                target = out / f"{html.stem}-p{index}.png"
                subprocess.run(["convert", str(left), str(right), "+append", str(target)], check=True)
                print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
