"""Compiled stylesheets kept per worker process, keyed by a hash of their text.

Teams send the same framework CSS with every request; reading and compiling 1.4 MB of Bootstrap takes
seconds, looking it up microseconds. The cache is a bounded LRU (entries and source bytes), and a sheet that
imported something from outside ``data:`` is never kept (what it imports may change).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from pdflet.renderers.reportlab.css.sheets import Budget, CompiledSheet, Compiler

MAX_ENTRIES = 32
MAX_SOURCE_BYTES = 24 * 1024 * 1024  # sum of the cached sheets' text; compiled forms are ~10x that in memory

_cache: OrderedDict[bytes, tuple[CompiledSheet, int]] = OrderedDict()
_bytes = 0


def compiled(css: str, fetcher: object = None, budget: Budget | None = None) -> CompiledSheet:
    """The compiled form of ``css``, from the cache when this worker has read it before (media queries
    stay in it and are answered per page).

    Its size is counted against ``budget`` either way, and so are its imports when it is compiled.
    """
    global _bytes
    budget = budget or Budget()
    size = len(css.encode("utf-8", "surrogatepass"))
    budget.spend(size)
    key = hashlib.sha256(css.encode("utf-8", "surrogatepass")).digest()
    hit = _cache.get(key)
    if hit is not None:
        _cache.move_to_end(key)
        return hit[0]
    sheet = Compiler(fetcher, budget).compile(css)
    if sheet.cacheable and size <= MAX_SOURCE_BYTES // 2:
        _cache[key] = (sheet, size)
        _bytes += size
        while len(_cache) > MAX_ENTRIES or _bytes > MAX_SOURCE_BYTES:
            _, (_, dropped) = _cache.popitem(last=False)
            _bytes -= dropped
    return sheet


def clear() -> None:
    """Forget every compiled sheet (tests)."""
    global _bytes
    _cache.clear()
    _bytes = 0
