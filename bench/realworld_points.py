"""Check a paged-media document's points (its points.json) against a PDF, read back with pdfplumber and poppler.

A point is one thing a print designer expects to be true of the PDF ("footnote text at the page bottom",
"every page is A5", "the TOC lists page numbers"). Each has a `check` naming one of the functions below and its
own fields; `why` says what CSS it exercises. The checks read positions as fractions of the page (0 = top/left),
so they hold for any renderer that does the right thing, Chromium and WeasyPrint included.

Usage: python bench/realworld_points.py tests/realworld/DOC/points.json OUR.pdf [OTHER.pdf ...]
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber

MM = 72 / 25.4


class Doc:
    """A PDF's pages with their sizes, words and per-page text (pdftotext, which keeps columns apart)."""

    def __init__(self, pdf: Path) -> None:
        self.path = pdf
        with pdfplumber.open(pdf) as doc:
            self.sizes = [(float(p.width), float(p.height)) for p in doc.pages]
            self.words = [p.extract_words(keep_blank_chars=False, use_text_flow=True) for p in doc.pages]
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=False).stdout
        self.texts = text.split("\f")[: len(self.sizes)]
        self.texts += [""] * (len(self.sizes) - len(self.texts))

    def flat(self, i: int) -> str:
        return " ".join(self.texts[i].split())

    def find(self, i: int, text: str) -> list[tuple[float, float, float]]:
        """(x0, top, x1) of each place where `text` starts on page i (word sequence match, case kept)."""
        want = [_bare(w) for w in text.split()]
        words = self.words[i]
        bare = [_bare(w["text"]) for w in words]
        hits = []
        for k in range(len(words) - len(want) + 1):
            if all(bare[k + j] == w for j, w in enumerate(want)):
                last = words[k + len(want) - 1]
                hits.append((words[k]["x0"], words[k]["top"], last["x1"]))
        return hits

    def pages(self, spec: Any) -> list[int]:
        """0-based page indexes for "all", "even", "odd", "last", "N", "N-" (1-based in the data)."""
        n = len(self.sizes)
        spec = str(spec)
        if spec == "all":
            return list(range(n))
        if spec == "even":
            return [i for i in range(n) if (i + 1) % 2 == 0]
        if spec == "odd":
            return [i for i in range(n) if (i + 1) % 2 == 1]
        if spec == "last":
            return [n - 1] if n else []
        if spec.endswith("-"):
            return list(range(int(spec[:-1]) - 1, n))
        return [int(spec) - 1] if 0 < int(spec) <= n else []


Result = tuple[bool, str]


def _bare(word: str) -> str:
    """A word without the punctuation around it ("archive," is "archive")."""
    return word.strip(".,;:!?\"'()[]")


def page_size(d: Doc, p: dict) -> Result:
    w, h = (v * MM for v in p["size_mm"])
    tol = p.get("tol_mm", 1.5) * MM
    bad = [i + 1 for i in d.pages(p["pages"]) if abs(d.sizes[i][0] - w) > tol or abs(d.sizes[i][1] - h) > tol]
    got = {(round(a / MM), round(b / MM)) for a, b in d.sizes}
    return not bad, f"pages {bad} not {p['size_mm']} mm (sizes seen {sorted(got)})"


def page_count(d: Doc, p: dict) -> Result:
    n = len(d.sizes)
    return p.get("min", 0) <= n <= p.get("max", 10**6), f"{n} pages, want {p.get('min')}..{p.get('max')}"


def _in_band(d: Doc, i: int, hit: tuple[float, float, float], p: dict) -> bool:
    w, h = d.sizes[i]
    x0, top, x1 = hit
    return (top / h >= p.get("y_min_frac", 0) and top / h <= p.get("y_max_frac", 1)
            and x0 / w >= p.get("x_min_frac", 0) and x1 / w <= p.get("x_max_frac", 1) + 0.01)


def text_below(d: Doc, p: dict) -> Result:
    hits = [(i, h) for i in range(len(d.sizes)) for h in d.find(i, p["text"])]
    ok = any(_in_band(d, i, h, p) for i, h in hits)
    where = [(i + 1, round(h[1] / d.sizes[i][1], 2)) for i, h in hits]
    return ok, f"'{p['text']}' found at (page, top fraction) {where}, want below {p['y_min_frac']}"


def text_near(d: Doc, p: dict) -> Result:
    pages = d.pages(p.get("pages", "all"))
    bad = [i + 1 for i in pages if not any(_in_band(d, i, h, p) for h in d.find(i, p["text"]))]
    return bool(pages) and not bad, f"'{p['text']}' missing from its place on pages {bad}"


def text_on_every_page(d: Doc, p: dict) -> Result:
    return text_near(d, {**p, "pages": "all"})


def text_absent_in_band(d: Doc, p: dict) -> Result:
    pages = d.pages(p["page"])
    bad = [i + 1 for i in pages for h in d.find(i, p["text"]) if _in_band(d, i, h, p)]
    return not bad, f"'{p['text']}' present on pages {bad} where it should not be"


def text_on_page(d: Doc, p: dict) -> Result:
    pages = d.pages(p["page"])
    found = [i + 1 for i in range(len(d.sizes)) if p["text"] in d.flat(i)]
    return bool(pages) and p["text"] in d.flat(pages[0]), f"'{p['text']}' on pages {found}, want {p['page']}"


def text_on_last_page(d: Doc, p: dict) -> Result:
    return text_on_page(d, {**p, "page": "last"})


def text_absent(d: Doc, p: dict) -> Result:
    pages = d.pages(p["page"])
    return all(p["text"] not in d.flat(i) for i in pages), f"'{p['text']}' present on page {p['page']}"


def text_at_top_of_page(d: Doc, p: dict) -> Result:
    pages = d.pages(p["page"])
    if not pages or not d.words[pages[0]]:
        return False, f"no page {p['page']} or it is empty"
    i = pages[0]
    first = min(w["top"] for w in d.words[i])
    ok = any(abs(h[1] - first) < 3 for h in d.find(i, p["text"]))
    return ok, f"'{p['text']}' is not the first line of page {p['page']}"


def regex_on_page(d: Doc, p: dict) -> Result:
    pages = d.pages(p["page"])
    ok = bool(pages) and re.search(p["pattern"], d.flat(pages[0])) is not None
    return ok, f"/{p['pattern']}/ not on page {p['page']}: {d.flat(pages[0])[:160] if pages else ''!r}"


def regex_on_every_page(d: Doc, p: dict) -> Result:
    bad = [i + 1 for i in range(len(d.sizes)) if not re.search(p["pattern"], d.flat(i))]
    return not bad, f"/{p['pattern']}/ missing on pages {bad}"


def regex_anywhere(d: Doc, p: dict) -> Result:
    text = " ".join(d.flat(i) for i in range(len(d.sizes)))
    return re.search(p["pattern"], text) is not None, f"/{p['pattern']}/ not found"


def regex_absent(d: Doc, p: dict) -> Result:
    text = " ".join(d.flat(i) for i in range(len(d.sizes)))
    return re.search(p["pattern"], text) is None, f"/{p['pattern']}/ found"


def no_blank_pages(d: Doc, p: dict) -> Result:
    bad = [i + 1 for i in range(len(d.sizes)) if len(re.sub(r"\W|\d", "", d.flat(i))) < 10]
    return not bad, f"pages {bad} are (nearly) empty"


def last_page_not_blank(d: Doc, p: dict) -> Result:
    n = len(d.sizes)
    return n > 0 and len(re.sub(r"\W|\d", "", d.flat(n - 1))) >= 10, "the last page is (nearly) empty"


def blank_pages_unnumbered(d: Doc, p: dict) -> Result:
    bad = [i + 1 for i in range(len(d.sizes)) if re.fullmatch(r"\d+", d.flat(i))]
    return not bad, f"blank pages {bad} carry a page number"


def page_number_bottom(d: Doc, p: dict) -> Result:
    def ok(i: int) -> bool:
        return any(_in_band(d, i, h, {"y_min_frac": 0.88}) for h in d.find(i, str(i + 1)))

    bad = [i + 1 for i in d.pages(p.get("pages", "all")) if not ok(i)]
    return not bad, f"no page number at the bottom of pages {bad}"


def chapters_on_odd_pages(d: Doc, p: dict) -> Result:
    first = {t: next((i + 1 for i in range(len(d.sizes)) if d.find(i, t)), 0) for t in p["texts"]}
    bad = {t: n for t, n in first.items() if n % 2 == 0}
    return not bad, f"first pages {first}; on even (left) or missing pages: {bad}"


def landscape_page_with(d: Doc, p: dict) -> Result:
    pages = [i for i in range(len(d.sizes)) if p["text"] in d.flat(i)]
    ok = any(d.sizes[i][0] > d.sizes[i][1] for i in pages)
    return ok, f"'{p['text']}' on pages {[i + 1 for i in pages]}, none of them landscape"


def text_centered(d: Doc, p: dict) -> Result:
    pages = d.pages(p["page"])
    hits = d.find(pages[0], p["text"]) if pages else []
    w = d.sizes[pages[0]][0] if pages else 1
    ok = any(abs((h[0] + h[2]) / 2 - w / 2) < 0.05 * w for h in hits)
    return ok, f"'{p['text']}' not centred across the page: {[(round(h[0]), round(h[2])) for h in hits]}"


def hyphenated_lines(d: Doc, p: dict) -> Result:
    # pdftotext's plain mode joins lines that end in an ASCII hyphen (it dehyphenates), so a PDF hyphenated
    # with "-" would count none: read the laid-out text, which keeps every line as drawn.
    layout = subprocess.run(["pdftotext", "-layout", str(d.path), "-"], capture_output=True, text=True,
                            check=False).stdout
    n = len(re.findall(r"[^\W\d_]{2}[-\u2010\u00ad] *\n", layout))
    return n >= p["min"], f"{n} lines end in a hyphenated word, want >= {p['min']}"


def no_unhyphenated_splits(d: Doc, p: dict, source: str = "") -> Result:
    text = re.sub(r"([^\W\d_])[-\u2010\u00ad]\s*\n\s*([^\W\d_])", r"\1\2", "\f".join(d.texts))
    found = {w: text.count(w) + _split_across_pages(d, w) for w in p["words"]}
    bad = {w: (found[w], source.count(w)) for w in p["words"] if found[w] < source.count(w)}
    return not bad, f"words cut or lost (in PDF, in source): {bad}"


def _split_across_pages(d: Doc, word: str) -> int:
    """How often ``word`` is hyphenated at the foot of a page and ends on the next one (the page text
    cannot join those: each page's text is read alone)."""
    count = 0
    for i in range(len(d.words) - 1):
        starts = {w["text"] for w in d.words[i + 1]}
        for w in d.words[i]:
            head = w["text"]
            if len(head) > 1 and head[-1] in "-\u2010" and word.startswith(head[:-1]) and len(head) - 1 < len(word):
                rest = word[len(head) - 1:]
                count += any(start.startswith(rest) for start in starts)
    return count


def columns(d: Doc, p: dict) -> Result:
    """Lines below `below_frac` are cut by no column boundary: a word crossing one means no columns there."""
    pages = d.pages(p["page"])
    if not pages:
        return False, "no such page"
    i, n = pages[0], p["count"]
    h = d.sizes[i][1]
    words = [x for x in d.words[i] if x["top"] / h >= p.get("below_frac", 0) and x["top"] / h < 0.9]
    if not words:
        return False, "no text"
    left, right = min(x["x0"] for x in words), max(x["x1"] for x in words)
    crossing = []
    for k in range(1, n):
        b = left + (right - left) * k / n
        lines = {round(x["top"]) for x in words}
        cut = {round(x["top"]) for x in words if x["x0"] < b < x["x1"]}
        crossing.append(round(len(cut) / max(len(lines), 1), 2))
    return all(c < 0.15 for c in crossing), f"share of lines crossing each column boundary {crossing}"


def page_bg_dark(d: Doc, p: dict) -> Result:
    from PIL import Image, ImageStat

    with tempfile.TemporaryDirectory() as tmp:
        page = str(p["page"])
        subprocess.run(["pdftoppm", "-r", "10", "-f", page, "-l", page, "-png", str(d.path), f"{tmp}/p"],
                       capture_output=True, check=False)
        files = sorted(Path(tmp).glob("p*.png"))
        if not files:
            return False, "page not rasterised"
        mean = ImageStat.Stat(Image.open(files[0]).convert("L")).mean[0]
    return mean < 110, f"mean luminance {mean:.0f} (want a dark full-page background, < 110)"


CHECKS: dict[str, Callable[..., Result]] = {f.__name__: f for f in (
    page_size, page_count, text_below, text_near, text_on_every_page, text_absent_in_band, text_on_page,
    text_on_last_page, text_absent, text_at_top_of_page, regex_on_page, regex_on_every_page, regex_anywhere,
    regex_absent, no_blank_pages, last_page_not_blank, blank_pages_unnumbered, page_number_bottom,
    chapters_on_odd_pages, landscape_page_with, text_centered, hyphenated_lines, no_unhyphenated_splits, columns,
    page_bg_dark)}


def check_points(points_file: Path, pdf: Path) -> list[tuple[str, bool, str]]:
    """(name, held, detail) for each point of the document in the PDF; an unknown check counts as not held."""
    spec = json.loads(points_file.read_text(encoding="utf-8"))
    source = (points_file.parent / "index.html").read_text(encoding="utf-8")
    doc = Doc(pdf)
    out = []
    for k, point in enumerate(spec["points"]):
        name = f"{k + 1}.{point['check']}"
        fn = CHECKS.get(point["check"])
        if fn is None:
            out.append((name, False, "unknown check"))
            continue
        try:
            ok, detail = fn(doc, point, source) if fn is no_unhyphenated_splits else fn(doc, point)
        except Exception as exc:  # a malformed PDF or point is a failed point, reported
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        out.append((name, ok, "" if ok else detail))
    return out


def main() -> int:
    points = Path(sys.argv[1])
    for pdf in sys.argv[2:]:
        results = check_points(points, Path(pdf))
        print(f"{pdf}: {sum(ok for _, ok, _ in results)}/{len(results)} points held")
        for name, ok, detail in results:
            print(f"  {'ok  ' if ok else 'FAIL'} {name} {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
