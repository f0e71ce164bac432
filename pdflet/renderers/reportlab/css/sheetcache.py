"""Compiled stylesheets kept per worker process, keyed by a hash of their text.

Teams send the same framework CSS with every request; reading and compiling 1.4 MB of Bootstrap takes
seconds, looking it up microseconds. The cache is a bounded LRU (entries and source bytes), and a sheet that
imported something from outside ``data:`` is never kept (what it imports may change).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from pdflet.renderers.reportlab.css.sheets import Budget, CompiledSheet, Compiler

MAX_ENTRIES = 32
#: Sum of the cached sheets' text. A compiled sheet holds ~30 times its text in memory (1.5 MB of AdminLTE
#: is ~45 MiB), so this keeps a worker's cache near 60 MiB, well inside its memory cap.
MAX_SOURCE_BYTES = 2 * 1024 * 1024

_cache: OrderedDict[bytes, tuple[CompiledSheet, int]] = OrderedDict()
_bytes = 0
_lock = threading.Lock()  # renders may share a process (the CLI, tests, a threaded plugin)


def compiled(css: str, fetcher: object = None, budget: Budget | None = None) -> CompiledSheet:
    """The compiled form of ``css``, from the cache when this worker has read it before (media queries
    stay in it and are answered per page).

    Its size is counted against ``budget`` either way, and so are its imports when it is compiled.
    """
    global _bytes
    budget = budget or Budget()
    data = css.encode("utf-8", "surrogatepass")
    size = len(data)
    budget.spend(size)
    key = hashlib.sha256(data).digest()
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit[0]
        _make_room(size)  # before compiling: the old and the new big sheet are not in memory together
    sheet = Compiler(fetcher, budget).compile(css)
    if sheet.cacheable and size <= MAX_SOURCE_BYTES:
        with _lock:
            if key not in _cache:
                _make_room(size)
                _cache[key] = (sheet, size)
                _bytes += size
    return sheet


def _make_room(size: int) -> None:
    """Drop the least recently used sheets until one of ``size`` bytes fits."""
    global _bytes
    while _cache and (len(_cache) >= MAX_ENTRIES or _bytes + min(size, MAX_SOURCE_BYTES) > MAX_SOURCE_BYTES):
        _, (_, dropped) = _cache.popitem(last=False)
        _bytes -= dropped


def clear() -> None:
    """Forget every compiled sheet (tests)."""
    global _bytes
    with _lock:
        _cache.clear()
        _bytes = 0
