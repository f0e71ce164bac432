"""The response cache: Cache-Control and Expires decide, memory is bounded, disk is shared."""

from __future__ import annotations

import time

import pytest

from pdflet.fetch.cache import MAX_LIFETIME, CachedResponse, MemoryCache, ResponseCache, freshness_lifetime

NOW = 1_700_000_000.0


@pytest.mark.parametrize(("headers", "lifetime"), [
    ({"Cache-Control": "max-age=60"}, 60),
    ({"Cache-Control": "public, max-age=60, s-maxage=120"}, 120),
    ({"Cache-Control": "private, max-age=86400, stale-while-revalidate=604800"}, 86400),
    ({"Cache-Control": "max-age=60, no-store"}, 0),
    ({"Cache-Control": "no-cache, max-age=60"}, 0),
    ({"Cache-Control": "max-age=abc"}, 0),
    ({"Cache-Control": "max-age=-5"}, 0),
    ({"Cache-Control": "max-age=31536000"}, MAX_LIFETIME),
    ({"Expires": "Tue, 14 Nov 2023 22:14:20 GMT", "Date": "Tue, 14 Nov 2023 22:13:20 GMT"}, 60),
    ({"Expires": "0"}, 0),
    ({"Expires": "Tue, 14 Nov 2023 22:14:20 GMT", "Cache-Control": "max-age=5"}, 5),
    ({}, 0),
    ({"Cache-Control": "max-age=60", "Age": "45"}, 15),
    ({"Cache-Control": "max-age=60", "Age": "600"}, 0),
    ({"Cache-Control": "max-age=60", "Age": "junk"}, 60),
])
def test_freshness(headers, lifetime):
    assert freshness_lifetime(headers, NOW) == lifetime


def test_memory_cache_is_bounded_by_bytes_and_evicts_the_least_recent():
    cache = MemoryCache(400)
    for name in "abcd":
        cache.put(name, CachedResponse(b"x" * 100, "t", NOW + 60))
    assert cache.get("a", NOW) is not None  # a is now the most recent
    cache.put("e", CachedResponse(b"x" * 100, "t", NOW + 60))
    assert cache.get("b", NOW) is None and cache.get("a", NOW) is not None
    assert cache.size == 400
    cache.put("huge", CachedResponse(b"x" * 101, "t", NOW + 60))
    assert cache.get("huge", NOW) is None  # over a quarter of the cache: not kept


def test_memory_cache_drops_what_expired():
    cache = MemoryCache(1000)
    cache.put("a", CachedResponse(b"x", "t", NOW + 1))
    assert cache.get("a", NOW + 2) is None and cache.size == 0


def test_disk_cache_is_shared_and_bounded(tmp_path):
    first = ResponseCache(0, tmp_path, 1000)
    first.put("http://h/a", b"a" * 300, "text/css", {"Cache-Control": "max-age=60"})
    second = ResponseCache(2000, tmp_path, 1000)
    hit = second.get("http://h/a")
    assert hit is not None and hit.data == b"a" * 300 and hit.mime_type == "text/css"
    assert second.memory.get("http://h/a", time.time()) is not None  # promoted to memory
    for index in range(5):
        first.put(f"http://h/{index}", b"b" * 300, "t", {"Cache-Control": "max-age=60"})
    assert sum(p.stat().st_size for p in tmp_path.glob("*.cache")) <= 1000
    assert not list(tmp_path.glob("*.tmp"))


def test_disk_cache_ignores_uncacheable_and_broken_files(tmp_path):
    cache = ResponseCache(0, tmp_path, 10_000)
    cache.put("http://h/n", b"n", "t", {"Cache-Control": "no-store"})
    assert not list(tmp_path.iterdir())
    cache.put("http://h/a", b"abc", "t", {"Cache-Control": "max-age=60"})
    (path,) = tmp_path.glob("*.cache")
    path.write_bytes(path.read_bytes()[:-1])  # truncated: size no longer matches
    assert cache.get("http://h/a") is None
    path.write_bytes(b"garbage")
    assert cache.get("http://h/a") is None
