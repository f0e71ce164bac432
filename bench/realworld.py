"""Render the real-world set (tests/realworld/) with pdflet and Chromium, and say how close we are.

Per document: pages (ours / Chromium), the share of Chromium's words found in ours, visual likeness to Chromium's
print (../shared/tools/visual_score.py, 0..1), our render time, and for paged-media documents how many of the
points in its points.json hold in our PDF. Then the bars of issue 11. Side-by-side PNGs (ours | Chromium
[| WeasyPrint]) land in --out, one per document: look at them, the numbers alone hide what is wrong.

Chromium's and WeasyPrint's PDFs are cached by a hash of the document (their output does not change), so a
re-run costs only our renders.

Usage: python bench/realworld.py [--docs SUBSTR,...] [--out DIR] [--weasyprint PYTHON] [--weasy-fonts liberation|system]
                                 [--no-images] [--json F]
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.realworld_points import check_points  # noqa: E402
from pdflet.renderers.base import RenderJob  # noqa: E402
from pdflet.renderers.reportlab.renderer import ReportLabRenderer  # noqa: E402

DOCS = ROOT / "tests" / "realworld"
WORD = re.compile(r"\w+")
BARS = "mean likeness >= 0.80, none < 0.6, pages within 10%, >= 98% words"


@dataclass
class Row:
    """One document's measurements."""

    name: str
    ours_pages: int = 0
    chrome_pages: int = 0
    weasy_pages: int | None = None
    words: float = 0.0
    likeness: float = 0.0
    weasy_likeness: float | None = None
    seconds: float = 0.0
    points: tuple[int, int] | None = None
    weasy_points: tuple[int, int] | None = None
    vs_weasy: float | None = None  # our likeness to WeasyPrint's print (issue 20's bar for paged documents)
    error: str = ""
    failed_points: list[str] = field(default_factory=list)


def documents(filters: list[str]) -> list[Path]:
    """Every document of the set: a folder's index.html, or a loose NAME.html."""
    found = sorted(DOCS.glob("*/index.html")) + sorted(DOCS.glob("*.html"))
    return [p for p in found if not filters or any(f in doc_name(p) for f in filters)]


def doc_name(path: Path) -> str:
    return path.parent.name if path.name == "index.html" else path.stem


def render_ours(src: Path, out: Path) -> float:
    """Render in this process with the built-in renderer, as the service does; returns seconds."""
    html = src.read_text(encoding="utf-8", errors="replace")
    start = time.perf_counter()
    data = ReportLabRenderer().render(RenderJob(html=html)).data
    seconds = time.perf_counter() - start
    out.write_bytes(data)
    return seconds


def _cached(cache: Path, tag: str, src: Path) -> Path:
    digest = hashlib.sha256(src.read_bytes()).hexdigest()[:24]
    return cache / f"{tag}-{digest}.pdf"


# Chromium's own default paper is US Letter; ours and WeasyPrint's is A4. Compared on different paper, every
# page break and line length differs for reasons no renderer controls, so Chromium prints on the paper we use
# unless the document's @page size says otherwise (preferCSSPageSize), as a Chromium-based service does when
# a user asks it for A4. Margins stay at Chromium's defaults (the DevTools protocol's 1 cm), backgrounds on.
PAPER_INCHES = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}


def _print_over_cdp(binary: str, src: Path, out: Path, paper: str) -> None:
    """Print one document with Chromium's DevTools print call, which, unlike the command line, takes a paper."""
    import base64

    from playwright.sync_api import sync_playwright

    width, height = PAPER_INCHES[paper]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=binary, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(src.resolve().as_uri(), wait_until="load", timeout=120_000)
            page.emulate_media(media="print")
            cdp = page.context.new_cdp_session(page)
            answer = cdp.send("Page.printToPDF", {"paperWidth": width, "paperHeight": height,
                                                  "printBackground": True, "preferCSSPageSize": True})
            out.write_bytes(base64.b64decode(answer["data"]))
        finally:
            browser.close()


def render_chromium(src: Path, cache: Path, binary: str, paper: str = "a4") -> Path:
    """Chromium's print of the document, from the cache when this exact document was printed before."""
    pdf = _cached(cache, f"chromium-{paper}", src)
    if not pdf.exists():
        tmp = pdf.with_suffix(".part")
        _print_over_cdp(binary, src, tmp, paper)
        if not tmp.exists():
            raise RuntimeError("chromium wrote no PDF")
        tmp.rename(pdf)
    return pdf


# WeasyPrint takes the generic families from fontconfig, which on Debian maps serif and sans-serif to DejaVu;
# Chromium maps them to the Liberation faces, as we do. Compared in different fonts, every line break and page
# break of a paged document differs for a reason no layout controls, so WeasyPrint prints with the generic
# families pointed at Liberation too (the rest of the system's fontconfig unchanged).
FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="strong"><family>serif</family><prefer><family>Liberation Serif</family></prefer></alias>
  <alias binding="strong"><family>sans-serif</family><prefer><family>Liberation Sans</family></prefer></alias>
  <alias binding="strong"><family>monospace</family><prefer><family>Liberation Mono</family></prefer></alias>
</fontconfig>
"""


def render_weasyprint(src: Path, cache: Path, python: str, fonts: str = "liberation") -> Path:
    """WeasyPrint's print, run by a separate interpreter (it is not one of our dependencies)."""
    pdf = _cached(cache, "weasyprint" if fonts == "system" else f"weasyprint-{fonts}", src)
    failed = pdf.with_suffix(".failed")  # a document WeasyPrint cannot print is not retried on every run
    if not pdf.exists() and not failed.exists():
        tmp = pdf.with_suffix(".part")
        env = dict(os.environ)
        if fonts == "liberation":
            config = cache / "fonts-liberation.conf"
            config.write_text(FONTCONFIG, encoding="utf-8")
            env["FONTCONFIG_FILE"] = str(config)
        run = subprocess.run([python, "-m", "weasyprint", str(src), str(tmp)], capture_output=True, text=True,
                             timeout=300, check=False, env=env)
        if not tmp.exists():
            failed.write_text(run.stderr[-2000:], encoding="utf-8")
        else:
            tmp.rename(pdf)
    if not pdf.exists():
        raise RuntimeError(f"weasyprint wrote no PDF (see {failed})")
    return pdf


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=False).stdout


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(match.group(1)) if match else 0


def word_share(ours: str, theirs: str) -> float:
    """Share of the reference's words (with repeats) that our text also has; case and hyphen breaks ignored."""
    def bag(text: str) -> collections.Counter[str]:
        text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)  # a word hyphenated at a line end is one word
        return collections.Counter(WORD.findall(text.casefold()))

    want, have = bag(theirs), bag(ours)
    total = sum(want.values())
    return 1.0 if total == 0 else sum(min(n, have[w]) for w, n in want.items()) / total


def likeness(scorer: Path, a: Path, b: Path) -> float:
    out = subprocess.run([sys.executable, str(scorer), str(a), str(b)], capture_output=True, text=True,
                         timeout=600, check=False).stdout.strip().split()
    try:
        return float(out[-1])
    except (IndexError, ValueError):
        return 0.0


def side_by_side(out_png: Path, pdfs: list[tuple[str, Path]], max_pages: int = 6) -> None:
    """One PNG: a row per page, a column per renderer, blank tiles where a renderer has fewer pages."""
    with tempfile.TemporaryDirectory() as tmp:
        columns = []
        for label, pdf in pdfs:
            subprocess.run(["pdftoppm", "-r", "40", "-l", str(max_pages), "-png", str(pdf), f"{tmp}/{label}"],
                           capture_output=True, check=False)
            columns.append((label, sorted(Path(tmp).glob(f"{label}-*.png"))))
        rows = max(len(files) for _, files in columns)
        args = []
        for i in range(rows):
            for label, files in columns:
                args += ["-label", f"{label} p{i + 1}", str(files[i])] if i < len(files) else ["null:"]
        subprocess.run(["montage", *args, "-tile", f"{len(columns)}x", "-geometry", "+6+6", "-background", "#ddd",
                        str(out_png)], capture_output=True, check=False)


def measure(src: Path, args: argparse.Namespace, cache: Path, out: Path) -> Row:
    """Render one document every way asked and compare ours against Chromium's."""
    row = Row(doc_name(src))
    ours = out / f"{row.name}.pdflet.pdf"
    try:
        row.seconds = render_ours(src, ours)
    except Exception as exc:  # a crash is a result to report, not a reason to stop the run
        row.error = f"{type(exc).__name__}: {exc}"[:120]
        return row
    chrome = render_chromium(src, cache, args.chromium, args.paper)
    row.ours_pages, row.chrome_pages = page_count(ours), page_count(chrome)
    row.words = word_share(pdf_text(ours), pdf_text(chrome))
    row.likeness = likeness(args.visual_score, ours, chrome)
    pictures = [("pdflet", ours), ("chromium", chrome)]
    points_file = src.parent / "points.json" if src.name == "index.html" else None
    if points_file and points_file.exists():
        results = check_points(points_file, ours)
        row.points = (sum(ok for _, ok, _ in results), len(results))
        row.failed_points = [f"{name}: {detail}" for name, ok, detail in results if not ok]
    if args.weasyprint:
        try:
            weasy = render_weasyprint(src, cache, args.weasyprint, args.weasy_fonts)
            row.weasy_pages = page_count(weasy)
            row.weasy_likeness = likeness(args.visual_score, weasy, chrome)
            row.vs_weasy = likeness(args.visual_score, ours, weasy)
            pictures.append(("weasyprint", weasy))
            if row.points:
                held = check_points(points_file, weasy)
                row.weasy_points = (sum(ok for _, ok, _ in held), len(held))
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            print(f"  weasyprint failed on {row.name}: {exc}", file=sys.stderr)
    if not args.no_images:
        side_by_side(out / f"{row.name}.png", pictures)
    return row


def report(rows: list[Row], weasy: bool) -> None:
    """The table, then the bars of issue 11."""
    head = f"{'document':28} {'pages':>9} {'words':>6} {'like':>5} {'time s':>7} {'points':>7}"
    print(head + (f" {'wp pages':>8} {'wp like':>7} {'wp pts':>6} {'us~wp':>6}" if weasy else ""))
    for r in rows:
        if r.error:
            print(f"{r.name:28} CRASH {r.error}")
            continue
        pts = f"{r.points[0]}/{r.points[1]}" if r.points else "-"
        line = (f"{r.name:28} {r.ours_pages:>4}/{r.chrome_pages:<4} {r.words:6.1%} {r.likeness:5.2f} "
                f"{r.seconds:7.2f} {pts:>7}")
        if weasy:
            line += f" {r.weasy_pages if r.weasy_pages is not None else '-':>8} "
            line += f"{r.weasy_likeness:7.2f}" if r.weasy_likeness is not None else f"{'-':>7}"
            line += f" {f'{r.weasy_points[0]}/{r.weasy_points[1]}' if r.weasy_points else '-':>6}"
            line += f" {r.vs_weasy:6.2f}" if r.vs_weasy is not None else f" {'-':>6}"
        print(line)
    for r in rows:
        for failed in r.failed_points:
            print(f"  point not held, {r.name}: {failed}")
    ok = [r for r in rows if not r.error]
    if not ok:
        return
    mean = sum(r.likeness for r in ok) / len(ok)
    low = [r.name for r in ok if r.likeness < 0.6]
    pages_off = [r.name for r in ok if abs(r.ours_pages - r.chrome_pages) > 0.1 * max(r.chrome_pages, 1)]
    few_words = [r.name for r in ok if r.words < 0.98]
    crashes = len(rows) - len(ok)
    print(f"\nbars ({BARS}); {len(ok)} documents rendered, {crashes} crashed")
    print(f"  mean likeness {mean:.3f}: {'PASS' if mean >= 0.8 else 'FAIL'}")
    print(f"  below 0.6: {len(low)} {low}")
    print(f"  page count off by more than 10%: {len(pages_off)} {pages_off}")
    print(f"  under 98% of Chromium's words: {len(few_words)} {few_words}")
    print(f"  our total time {sum(r.seconds for r in ok):.2f} s")
    if weasy:
        wl = [r.weasy_likeness for r in ok if r.weasy_likeness is not None]
        if wl:
            print(f"  WeasyPrint mean likeness to Chromium {sum(wl) / len(wl):.3f} on {len(wl)} documents")
        worse = [r.name for r in ok if r.weasy_likeness is not None and r.likeness < r.weasy_likeness]
        print(f"  further from Chromium than WeasyPrint: {len(worse)} {worse}")


def _default_scorer() -> Path:
    """../shared/tools/visual_score.py from the main checkout, or from a worktree one level further down."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "tools" / "visual_score.py").exists():
            return base / "shared" / "tools" / "visual_score.py"
    return ROOT.parent / "shared" / "tools" / "visual_score.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", default="", help="comma-separated substrings of document names")
    parser.add_argument("--out", default="/tmp/pdflet-realworld", help="PDFs and side-by-side PNGs go here")
    parser.add_argument("--cache", default="/tmp/pdflet-realworld-cache", help="Chromium/WeasyPrint PDF cache")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--paper", choices=sorted(PAPER_INCHES), default="a4",
                        help="the paper Chromium prints on when the document sets no @page size (ours: A4)")
    parser.add_argument("--weasyprint", default="", help="a Python interpreter that can import weasyprint")
    parser.add_argument("--weasy-fonts", choices=("liberation", "system"), default="liberation",
                        help="generic families for WeasyPrint: Liberation as in Chromium (default), or fontconfig's")
    parser.add_argument("--visual-score", type=Path, default=_default_scorer())
    parser.add_argument("--no-images", action="store_true", help="skip the side-by-side PNGs")
    parser.add_argument("--json", type=Path, help="also write the rows here, to compare runs before and after")
    args = parser.parse_args()
    if not args.visual_score.exists():
        parser.error(f"no visual_score.py at {args.visual_score}; pass --visual-score PATH")
    out, cache = Path(args.out), Path(args.cache)
    out.mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    rows = []
    for src in documents([f for f in args.docs.split(",") if f]):
        rows.append(measure(src, args, cache, out))
        r = rows[-1]
        print(f"  {r.name}: {r.error or f'{r.likeness:.2f}'}", file=sys.stderr, flush=True)
    report(rows, bool(args.weasyprint))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
