"""A request's own files (``style.css``, ``logo.png``, ``fonts/Inter.woff2``) and how URLs reach them.

Relative URLs of a document resolve against a fixed base on a reserved host (``.invalid`` never resolves), so
``urljoin`` does the RFC 3986 work: ``../`` above the root is dropped, which clamps every path to the asset
tree. An asset is then looked up by name in a mapping (web requests) or under one folder (the CLI), never by
opening a path the document wrote: names with ``..``, a leading ``/``, a backslash or a control character are
refused when the request arrives, and a folder lookup refuses anything whose real path leaves the folder
(symbolic links included).
"""

from __future__ import annotations

import mimetypes
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urljoin, urlsplit

#: The base every relative URL of a request resolves against; the host is reserved and never looked up.
ASSET_ROOT = "https://assets.pdflet.invalid/"
DOCUMENT_URL = ASSET_ROOT + "index.html"
MAX_NAME_CHARS = 1024
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f\\]")
_EXTRA_TYPES = {
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".svg": "image/svg+xml",
    ".css": "text/css",
    ".webp": "image/webp",
}


class AssetNameError(ValueError):
    """An asset name that could escape the asset tree or that no URL could name."""


def check_asset_name(name: str) -> str:
    """The canonical form of a client-given asset name (``./a//b`` → ``a/b``), or :class:`AssetNameError`.

    Refused: empty names, absolute paths, ``..`` segments, backslashes, NUL and other control characters, and
    a scheme-like first segment (``c:``, ``http:``), which a relative URL could never name.
    """
    if not isinstance(name, str) or not name.strip():
        raise AssetNameError("an asset name is empty")
    shown = name[:80].encode("unicode_escape").decode("ascii")
    if len(name) > MAX_NAME_CHARS:
        raise AssetNameError(f"asset name {shown!r}… is longer than {MAX_NAME_CHARS} characters")
    if _BAD_NAME.search(name):
        raise AssetNameError(f"asset name {shown!r} has a backslash or a control character")
    if name.startswith("/"):
        raise AssetNameError(f"asset name {shown!r} is an absolute path")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts:
        raise AssetNameError(f"asset name {shown!r} names no file")
    if ".." in parts:
        raise AssetNameError(f"asset name {shown!r} leaves the asset folder ('..')")
    if ":" in parts[0]:
        raise AssetNameError(f"asset name {shown!r} looks like a URL scheme or a drive")
    return "/".join(parts)


def asset_name_of(url: str) -> str | None:
    """The asset name an absolute URL on :data:`ASSET_ROOT` points at (None for any other URL)."""
    if not url.startswith(ASSET_ROOT):
        return None
    path = unquote(urlsplit(url).path).lstrip("/")
    try:
        return check_asset_name(path)
    except AssetNameError:
        return None


def resolve_url(url: str, base: str | None) -> str:
    """``url`` made absolute against ``base`` (the document's URL when None); ``data:`` URIs are left as is."""
    url = url.strip()
    if url[:5].lower() == "data:":
        return url
    return urljoin(base or DOCUMENT_URL, url)


def display_url(url: str) -> str:
    """How a URL is shown in a warning: an asset by its name, anything else shortened."""
    name = asset_name_of(url)
    if name is not None:
        return name
    if url[:5].lower() == "data:":
        return url[:40] + ("…" if len(url) > 40 else "")
    return url[:300]


def guess_type(name: str) -> str:
    """A media type from a file name (fonts and SVG included), ``application/octet-stream`` otherwise."""
    suffix = os.path.splitext(name)[1].lower()
    return _EXTRA_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


class AssetSource(Protocol):
    """Where a render finds its assets by name."""

    def get(self, name: str) -> bytes | None: ...


class MappingAssets:
    """Assets sent with a request, held in memory (names already checked by :func:`check_asset_name`)."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self.files = dict(files)

    def get(self, name: str) -> bytes | None:
        return self.files.get(name)


class FolderAssets:
    """A folder on disk (the CLI): a name is read only if its real path stays inside the folder."""

    def __init__(self, folder: str | Path, max_bytes: int) -> None:
        self.root = Path(folder).resolve()
        self.max_bytes = max_bytes

    def get(self, name: str) -> bytes | None:
        path = (self.root / name).resolve()
        if path != self.root and self.root not in path.parents:
            return None  # a symbolic link (or anything else) pointing out of the folder
        try:
            if not path.is_file() or path.stat().st_size > self.max_bytes:
                return None
            return path.read_bytes()
        except OSError:
            return None


class LayeredAssets:
    """Several sources asked in order (``--asset NAME=PATH`` before the file's folder)."""

    def __init__(self, *sources: AssetSource) -> None:
        self.sources = sources

    def get(self, name: str) -> bytes | None:
        for source in self.sources:
            data = source.get(name)
            if data is not None:
                return data
        return None
