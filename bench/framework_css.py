"""Time the cascade of real framework CSS (AdminLTE 3 / Bootstrap 4), cold and on a warm worker.

The CSS is not in the repository. Get the npm tarballs once into a cache directory:

    mkdir -p ~/.cache/pdflet-bench && cd ~/.cache/pdflet-bench
    npm pack bootstrap@4.6.2 admin-lte@3.2.0

Usage: python bench/framework_css.py [--cache DIR] [--repeat N] [--profile]
(``PDFLET_BENCH_CACHE`` also names the directory). "Cold" is a worker that has never seen the sheet (the
compiled-sheet and selector caches are emptied first); "warm" is the same worker on the next request.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tarfile
import time
from pathlib import Path

from pdflet.renderers.base import RenderJob
from pdflet.renderers.reportlab.css import sheetcache
from pdflet.renderers.reportlab.css.cascade import Cascade
from pdflet.renderers.reportlab.css.selectors import compile_list
from pdflet.renderers.reportlab.parse import parse_html
from pdflet.renderers.reportlab.renderer import ReportLabRenderer

SHEETS = {
    "adminlte-3.2.0": ("admin-lte-3.2.0.tgz", "package/dist/css/adminlte.css"),
    "bootstrap-4.6.2": ("bootstrap-4.6.2.tgz", "package/dist/css/bootstrap.css"),
}

DOCUMENT = """<!doctype html><html><head><title>Dashboard</title><style>{css}</style></head>
<body class="hold-transition sidebar-mini"><div class="wrapper">
<nav class="main-header navbar navbar-expand navbar-white navbar-light"><ul class="navbar-nav">
<li class="nav-item"><a class="nav-link" href="#">Home</a></li><li class="nav-item"><a class="nav-link">Contact</a></li>
</ul></nav><div class="content-wrapper"><section class="content"><div class="container-fluid">
<div class="row">{boxes}</div>
<div class="card"><div class="card-header"><h3 class="card-title">Invoices</h3></div><div class="card-body p-0">
<table class="table table-striped"><thead><tr><th>#</th><th>Customer</th><th>Status</th><th>Total</th></tr></thead>
<tbody>{rows}</tbody></table></div></div>
<div class="alert alert-info">All amounts in EUR. <span class="badge badge-success">paid</span></div>
</div></section></div><footer class="main-footer"><strong>Copyright</strong> Example</footer></div></body></html>"""
BOX = ('<div class="col-lg-3 col-6"><div class="small-box bg-info"><div class="inner"><h3>{n}</h3>'
       "<p>New orders</p></div><a class=\"small-box-footer\">More info</a></div></div>")
ROW = '<tr><td>{n}</td><td>Customer {n}</td><td><span class="badge bg-warning">open</span></td><td>{n}.00</td></tr>'


def load(cache: Path, name: str) -> str | None:
    """The CSS text of one framework from its npm tarball in ``cache`` (``None`` when it is not there)."""
    archive, member = SHEETS[name]
    path = cache / archive
    if not path.exists():
        return None
    with tarfile.open(path) as tar:
        handle = tar.extractfile(member)
        return handle.read().decode("utf-8") if handle else None


def document(css: str) -> str:
    """An AdminLTE-style dashboard page with the framework's CSS inlined."""
    boxes = "".join(BOX.format(n=n) for n in range(4))
    rows = "".join(ROW.format(n=n) for n in range(40))
    return DOCUMENT.format(css=css, boxes=boxes, rows=rows)


def cold() -> None:
    """Forget everything a worker has compiled."""
    sheetcache.clear()
    compile_list.cache_clear()


def cascade_time(html: str) -> float:
    """Seconds to read the sheets and compute every element's style."""
    root = parse_html(html)
    sheets = ["".join(e.itertext()) for e in root.iter("style")]
    started = time.perf_counter()
    Cascade(sheets).compute_tree(root)
    return time.perf_counter() - started


def render_time(html: str) -> float:
    """Seconds for a whole render (parse, cascade, layout, PDF)."""
    started = time.perf_counter()
    ReportLabRenderer().render(RenderJob(html=html))
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = os.environ.get("PDFLET_BENCH_CACHE", str(Path.home() / ".cache" / "pdflet-bench"))
    parser.add_argument("--cache", default=default)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile one cold and one warm cascade")
    args = parser.parse_args()
    cache = Path(args.cache)
    found = {name: load(cache, name) for name in SHEETS}
    if not any(found.values()):
        print(f"No framework tarballs in {cache}; see the top of {__file__} for how to get them.", file=sys.stderr)
        return 2
    header = ('sheet', 'bytes', 'cold cascade', 'warm cascade', 'cold render', 'warm render')
    print('{:18} {:>9} {:>13} {:>13} {:>12} {:>12}'.format(*header))
    for name, css in found.items():
        if css is None:
            continue
        html = document(css)
        colds, warms, cold_renders, warm_renders = [], [], [], []
        for _ in range(args.repeat):
            cold()
            colds.append(cascade_time(html))
            warms.append(cascade_time(html))
            cold()
            cold_renders.append(render_time(html))
            warm_renders.append(render_time(html))
        print(f"{name:18} {len(css.encode()):>9} {statistics.median(colds):>12.3f}s {statistics.median(warms):>12.3f}s"
              f" {statistics.median(cold_renders):>11.3f}s {statistics.median(warm_renders):>11.3f}s")
        if args.profile:
            for label in ("cold", "warm"):
                if label == "cold":
                    cold()
                profiler = cProfile.Profile()
                profiler.runcall(cascade_time, html)
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
                print(f"--- {name} {label} ---\n{out.getvalue()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
