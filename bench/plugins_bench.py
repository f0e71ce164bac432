"""The chromium plugin beside the default renderer on a folder of documents: time and memory.

Each renderer runs in its own child process, through pdflet's pipeline exactly as a render
worker calls it (plugin manager, ``render_request``). The first document is a warm-up (for
Chromium: driver and browser start, reported as "cold start"); each document is then rendered
``--repeat`` times and the median kept. Memory is the peak, over the run, of the process tree
(the Python process, and for Chromium the Playwright driver and every browser process):
PSS (shared pages split between processes, the fair sum) and RSS, measured after each render;
the per-document column is the tree's PSS after that document's renders.

    python bench/plugins_bench.py ../shared/corpus --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def tree_pids(root: int) -> list[int]:
    """``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def tree_memory_mb(root: int) -> tuple[float, float]:
    """(PSS, RSS) of the process tree in MiB."""
    pss = rss = 0
    for pid in tree_pids(root):
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except OSError:
            continue
    return pss / 1024, rss / 1024


def child(renderer: str, folder: Path, repeat: int) -> None:
    """Render every document of ``folder`` with ``renderer``; print one JSON line of results."""
    from pdflet.config import Settings
    from pdflet.pipeline import render_request, validate_request
    from pdflet.plugins import make_plugin_manager

    pm = make_plugin_manager(Settings())
    docs = sorted(folder.glob("*.html"))
    peak = (0.0, 0.0)

    def render(path: Path) -> tuple[float, int]:
        request = validate_request(pm, {"html": path.read_text(encoding="utf-8"), "renderer": renderer})
        started = time.perf_counter()
        output = render_request(pm, request)
        return time.perf_counter() - started, output.pages

    cold, _ = render(docs[0])
    results = {}
    for path in docs:
        times, pss = [], 0.0
        for _ in range(repeat):
            seconds, pages = render(path)
            times.append(seconds)
            mem = tree_memory_mb(os.getpid())
            pss = max(pss, mem[0])
            peak = (max(peak[0], mem[0]), max(peak[1], mem[1]))
        results[path.stem] = {"median_s": statistics.median(times), "pages": pages, "pss_mb": pss}
    print(
        json.dumps(
            {"renderer": renderer, "cold_s": cold, "docs": results, "peak_pss_mb": peak[0], "peak_rss_mb": peak[1]}
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("-r", "--renderer", action="append", help="default: reportlab and chromium")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.folder, args.repeat)
        return
    runs = []
    for renderer in args.renderer or ["reportlab", "chromium"]:
        out = subprocess.run(
            [sys.executable, __file__, str(args.folder), "--repeat", str(args.repeat), "--child", renderer],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            sys.exit(f"{renderer} failed:\n{out.stderr[-3000:]}")
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    names = list(runs[0]["docs"])
    print("| document | " + " | ".join(f"{r['renderer']} s (pages) PSS MiB" for r in runs) + " |")
    print("| --- |" + " --- |" * len(runs))
    for name in names:
        cells = [
            f"{r['docs'][name]['median_s']:.3f} ({r['docs'][name]['pages']}) {r['docs'][name]['pss_mb']:.0f}"
            for r in runs
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(
        "| **total of medians** | "
        + " | ".join(f"**{sum(d['median_s'] for d in r['docs'].values()):.3f}**" for r in runs)
        + " |"
    )
    print("| cold start (first document) | " + " | ".join(f"{r['cold_s']:.3f}" for r in runs) + " |")
    print(
        "| peak memory, PSS / RSS MiB | "
        + " | ".join(f"{r['peak_pss_mb']:.0f} / {r['peak_rss_mb']:.0f}" for r in runs)
        + " |"
    )


if __name__ == "__main__":
    main()
