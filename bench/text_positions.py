"""Record where every word of every corpus document lands, and compare two such records.

A refactoring or a new feature should leave documents that do not use it unchanged. Usage:

    python bench/text_positions.py record CORPUS_DIR -o before.json    # on the old tree
    python bench/text_positions.py record CORPUS_DIR -o after.json     # on the new tree
    python bench/text_positions.py compare before.json after.json [--tolerance 0.1]

``compare`` prints, per document, the page counts and the largest move of any word in points, and exits
non-zero when a document changed beyond the tolerance.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

Word = tuple[int, str, float, float]  # page, text, x0, top


def words_of(pdf: bytes) -> list[Word]:
    """Every word of a PDF with its page and position, in reading order."""
    import pdfplumber

    out: list[Word] = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages, start=1):
            for word in page.extract_words():
                out.append((number, word["text"], round(word["x0"], 2), round(word["top"], 2)))
    return out


def record(corpus: Path) -> dict[str, list[Word]]:
    from pdflet.renderers.base import RenderJob
    from pdflet.renderers.reportlab.renderer import ReportLabRenderer

    renderer = ReportLabRenderer()
    result = {}
    # a corpus of NAME.html files, or of NAME/index.html folders (tests/realworld)
    paths = {path.stem: path for path in corpus.glob("*.html")}
    paths.update({path.parent.name: path for path in corpus.glob("*/index.html")})
    for name, path in sorted(paths.items()):
        html = path.read_text(encoding="utf-8", errors="replace")
        result[name] = words_of(renderer.render(RenderJob(html=html)).data)
    return result


def compare(before: dict[str, list[Word]], after: dict[str, list[Word]], tolerance: float) -> bool:
    """Print a table of differences; True when every document is unchanged within ``tolerance`` points."""
    same = True
    print(f"{'document':<16} {'pages':>11} {'words':>13} {'max move (pt)':>14}")
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, []), after.get(name, [])
        pages = f"{old[-1][0] if old else 0} -> {new[-1][0] if new else 0}"
        if len(old) != len(new) or any(a[0] != b[0] or a[1] != b[1] for a, b in zip(old, new, strict=True)):
            print(f"{name:<16} {pages:>11} {len(old):>6}/{len(new):<6} {'text differs':>14}")
            same = False
            continue
        move = max((max(abs(a[2] - b[2]), abs(a[3] - b[3])) for a, b in zip(old, new, strict=True)), default=0.0)
        same = same and move <= tolerance
        print(f"{name:<16} {pages:>11} {len(old):>6}/{len(new):<6} {move:>14.2f}")
    return same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="render a corpus folder and write its words' positions as JSON")
    rec.add_argument("corpus", type=Path)
    rec.add_argument("-o", "--out", type=Path, required=True)
    cmp_ = sub.add_parser("compare", help="compare two records")
    cmp_.add_argument("before", type=Path)
    cmp_.add_argument("after", type=Path)
    cmp_.add_argument("--tolerance", type=float, default=0.1)
    args = parser.parse_args()
    if args.command == "record":
        args.out.write_text(json.dumps(record(args.corpus)))
        return 0
    before = {k: [tuple(w) for w in v] for k, v in json.loads(args.before.read_text()).items()}
    after = {k: [tuple(w) for w in v] for k, v in json.loads(args.after.read_text()).items()}
    return 0 if compare(before, after, args.tolerance) else 1  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())
