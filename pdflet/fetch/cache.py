"""Remote responses kept per their ``Cache-Control``: an LRU in memory, optionally a folder on disk.

The memory cache lives in one render worker and is bounded by bytes; the disk cache is
shared by every worker (and survives restarts), written atomically so a reader never
sees half a file. Freshness follows RFC 9111 for a cache that sends no credentials:
``no-store`` is never stored; ``no-cache`` is not reused (pdflet does not revalidate);
``s-maxage`` / ``max-age`` / ``Expires`` give the lifetime. ``private`` is honoured as
cacheable: pdflet sends no cookies or credentials, so a response is never one user's.
Without any of these the response is not cached.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path

log = logging.getLogger(__name__)

MAX_LIFETIME = 7 * 24 * 3600  # a year-long max-age is kept a week, bounding a stale font


@dataclass(frozen=True)
class CachedResponse:
    """A response body, its media type, and the wall-clock time it stops being fresh."""

    data: bytes
    mime_type: str
    expires: float


def _directives(value: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in value.split(","):
        name, _, arg = part.strip().partition("=")
        if name:
            found[name.strip().lower()] = arg.strip().strip('"')
    return found


def _http_date(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def freshness_lifetime(headers: Mapping[str, str], now: float) -> float:
    """Seconds a response stays fresh from now (0 when it must not be stored or reused).

    A response that already sat in a CDN's cache says so in ``Age``; that time is spent.
    """
    age = headers.get("Age", "") or ""
    spent = min(int(age), MAX_LIFETIME) if age.strip().isdigit() else 0
    return max(_lifetime(headers, now) - spent, 0.0)


def _lifetime(headers: Mapping[str, str], now: float) -> float:
    control = _directives(headers.get("Cache-Control", "") or "")
    if "no-store" in control or "no-cache" in control:
        return 0.0
    for name in ("s-maxage", "max-age"):
        if name in control:
            try:
                return float(min(max(int(control[name]), 0), MAX_LIFETIME))
            except ValueError:
                return 0.0
    if "Expires" in headers:
        expires = _http_date(headers.get("Expires"))
        if expires is None:
            return 0.0  # an invalid Expires means "already expired"
        date = _http_date(headers.get("Date")) or now
        return float(min(max(expires - date, 0.0), MAX_LIFETIME))
    return 0.0


class MemoryCache:
    """A least-recently-used map bounded by the bytes it holds; thread-safe."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[str, CachedResponse] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, url: str, now: float) -> CachedResponse | None:
        with self._lock:
            entry = self._entries.get(url)
            if entry is None:
                return None
            if entry.expires <= now:
                self._drop(url)
                return None
            self._entries.move_to_end(url)
            return entry

    def put(self, url: str, entry: CachedResponse) -> None:
        if len(entry.data) > self.max_bytes // 4:
            return  # one huge response must not flush everything else
        with self._lock:
            if url in self._entries:
                self._drop(url)
            self._entries[url] = entry
            self.size += len(entry.data)
            while self.size > self.max_bytes and self._entries:
                self._drop(next(iter(self._entries)))

    def _drop(self, url: str) -> None:
        self.size -= len(self._entries.pop(url).data)


class DiskCache:
    """One file per URL (named by its SHA-256): a JSON header line, then the body."""

    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, url: str) -> Path:
        return self.folder / (hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest() + ".cache")

    def get(self, url: str, now: float) -> CachedResponse | None:
        path = self._path(url)
        try:
            with path.open("rb") as handle:
                header = json.loads(handle.readline(4096))
                data = handle.read()
        except (OSError, ValueError):
            return None
        if not isinstance(header, dict) or header.get("url") != url or len(data) != header.get("size"):
            return None
        if float(header.get("expires", 0)) <= now:
            path.unlink(missing_ok=True)
            return None
        return CachedResponse(data, str(header.get("mime", "")), float(header["expires"]))

    def put(self, url: str, entry: CachedResponse) -> None:
        header = {"url": url, "mime": entry.mime_type, "expires": entry.expires, "size": len(entry.data)}
        try:
            handle, temp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(json.dumps(header).encode() + b"\n" + entry.data)
            os.replace(temp, self._path(url))
            self._prune()
        except OSError as exc:
            log.warning("fetch cache: cannot write %s: %s", self.folder, exc)

    def _prune(self) -> None:
        """Delete the least recently written files while the folder is over its bound."""
        files = []
        for path in self.folder.glob("*.cache"):
            try:
                stat = path.stat()
            except OSError:
                continue
            files.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in files)
        for _mtime, size, path in sorted(files):
            if total <= self.max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size


class ResponseCache:
    """Memory first, then disk (when configured); a disk hit is promoted to memory."""

    def __init__(self, memory_bytes: int, folder: Path | None = None, disk_bytes: int = 0) -> None:
        self.memory = MemoryCache(memory_bytes) if memory_bytes > 0 else None
        self.disk = DiskCache(folder, disk_bytes) if folder is not None and disk_bytes > 0 else None

    def get(self, url: str) -> CachedResponse | None:
        now = time.time()
        entry = self.memory.get(url, now) if self.memory else None
        if entry is None and self.disk is not None:
            entry = self.disk.get(url, now)
            if entry is not None and self.memory is not None:
                self.memory.put(url, entry)
        return entry

    def put(self, url: str, data: bytes, mime_type: str, headers: Mapping[str, str]) -> None:
        now = time.time()
        lifetime = freshness_lifetime(headers, now)
        if lifetime <= 0:
            return
        entry = CachedResponse(data, mime_type, now + lifetime)
        if self.memory is not None:
            self.memory.put(url, entry)
        if self.disk is not None:
            self.disk.put(url, entry)
