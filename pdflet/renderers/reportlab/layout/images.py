"""Images: bytes through the job's fetcher, checked by Pillow before ReportLab sees them.

A broken, refused or oversized image is dropped like a browser's broken-image icon (we draw
nothing), never an error: http:// and file:// never reach the network or the disk because
the fetcher refuses them.
"""

from __future__ import annotations

import base64
import io
import re
import warnings
from dataclasses import dataclass
from typing import Any

from PIL import Image
from reportlab.lib.utils import ImageReader

from pdflet.renderers.assets import resolve_url
from pdflet.renderers.reportlab.layout.svg import embed_images_in_bytes, load_inline_svg, load_svg, looks_like_svg
from pdflet.renderers.resources import Fetcher, ResourceError

MAX_PIXELS = 30_000_000  # beyond this a decoded image costs more memory than a worker has
FORMATS = frozenset({"PNG", "JPEG", "GIF", "BMP", "WEBP", "TIFF"})


@dataclass
class LoadedImage:
    """A decoded-on-demand image (or a VectorImage) and its natural size in CSS pixels."""

    reader: Any
    width_px: float
    height_px: float


class ImageCache:
    """Loads each distinct URL once per document."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self._cache: dict[str, LoadedImage | None] = {}
        self.faded: dict[Any, Any] = {}  # faded copies of inline images with an ``opacity`` (see alpha.py)

    def load(self, url: str | None) -> LoadedImage | None:
        """The image at ``url``, or None when it is missing, refused, broken or too large."""
        if not url:
            return None
        url = url.strip()
        if url in self._cache:
            return self._cache[url]
        image = self._load(url)
        self._cache[url] = image
        return image

    def load_img(self, element: Any) -> LoadedImage | None:
        """An ``<img>``: the best ``srcset`` candidate (print wants the sharpest), then ``src``."""
        for url in image_candidates(element.get("src"), element.get("srcset")):
            image = self.load(url)
            if image is not None:
                return image
        return None

    def load_element(self, element: Any) -> LoadedImage | None:
        """An inline ``<svg>`` element as an image (None when svglib cannot use it)."""
        vector = load_inline_svg(element, self._embed)
        return None if vector is None else LoadedImage(vector, vector.width / 0.75, vector.height / 0.75)

    def _embed(self, href: str, base: str | None = None) -> str | None:
        """An SVG ``<image href>`` (relative to the SVG's own URL) as a ``data:`` URI svglib draws: PNG or JPEG."""
        try:
            data = self.fetcher.fetch(href, resolve_url(base, None) if base else None).data
        except (ResourceError, ValueError):
            return None
        kind = "png" if data[:8] == b"\x89PNG\r\n\x1a\n" else "jpeg" if data[:3] == b"\xff\xd8\xff" else None
        if kind is None:
            self.fetcher.warn_failed(href, base, "an SVG <image> can show PNG or JPEG only")
            return None
        return f"data:image/{kind};base64," + base64.b64encode(data).decode("ascii")

    def _load(self, url: str) -> LoadedImage | None:
        try:
            resource = self.fetcher.fetch(url)
        except (ResourceError, ValueError, OSError):
            return None
        data = resource.data
        if looks_like_svg(data, resource.mime_type):
            vector = load_svg(embed_images_in_bytes(data, lambda href: self._embed(href, url)))
            if vector is None:
                self.fetcher.warn_failed(url, None, "not an SVG image this renderer can draw (or over its limits)")
                return None
            return LoadedImage(vector, vector.width / 0.75, vector.height / 0.75)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                probe = Image.open(io.BytesIO(data))
                width, height = probe.size
                kind = probe.format
                if kind not in FORMATS or width < 1 or height < 1:
                    self.fetcher.warn_failed(url, None, f"{kind or 'unknown'} images are not supported")
                    return None
                if width * height > MAX_PIXELS:
                    self.fetcher.warn_failed(url, None, f"{width}x{height} is over {MAX_PIXELS} pixels")
                    return None
                if kind == "JPEG":
                    reader = ImageReader(io.BytesIO(data))
                else:
                    probe.load()
                    if probe.mode not in ("RGB", "RGBA", "L", "LA", "1", "P", "CMYK"):
                        probe = probe.convert("RGBA")
                    elif probe.mode == "P":
                        probe = probe.convert("RGBA" if "transparency" in probe.info else "RGB")
                    reader = ImageReader(probe)
        except Exception:  # Pillow raises many types for hostile data; all mean "broken image"
            self.fetcher.warn_failed(url, None, "not an image (or a broken one)")
            return None
        return LoadedImage(reader, width, height)


_DESCRIPTOR = re.compile(r"^(\d+(?:\.\d+)?)([xw])$", re.I)


def image_candidates(src: str | None, srcset: str | None, limit: int = 16) -> list[str]:
    """URLs to try for an ``<img>``: ``srcset`` candidates densest or widest first, then ``src``.

    Parsed as the HTML standard splits a ``srcset``: a URL runs to the next whitespace (so ``data:`` URIs with
    commas stay whole) and its descriptors to the next comma.
    """
    scored: list[tuple[float, int, str]] = []
    text = srcset or ""
    pos, order = 0, 0
    while pos < len(text) and len(scored) < limit:
        while pos < len(text) and (text[pos].isspace() or text[pos] == ","):
            pos += 1
        start = pos
        while pos < len(text) and not text[pos].isspace():
            pos += 1
        url = text[start:pos]
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            end = text.find(",", pos)
            end = len(text) if end < 0 else end
            descriptor, pos = text[pos:end].strip(), end
        if not url:
            continue
        match = _DESCRIPTOR.match(descriptor)
        score = float(match.group(1)) * (1.0 if match.group(2).lower() == "x" else 0.01) if match else 1.0
        scored.append((score, order, url))
        order += 1
    urls = [url for _score, _order, url in sorted(scored, key=lambda item: (-item[0], item[1]))]
    if src and src.strip() and src.strip() not in urls:
        urls.append(src.strip())
    return urls
