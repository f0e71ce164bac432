"""Images: bytes through the job's fetcher, checked by Pillow before ReportLab sees them.

A broken, refused or oversized image is dropped like a browser's broken-image icon (we draw
nothing), never an error: http:// and file:// never reach the network or the disk because
the fetcher refuses them.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Any

from PIL import Image
from reportlab.lib.utils import ImageReader

from pdflet.renderers.reportlab.layout.svg import load_inline_svg, load_svg, looks_like_svg
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

    def load_element(self, element: Any) -> LoadedImage | None:
        """An inline ``<svg>`` element as an image (None when svglib cannot use it)."""
        vector = load_inline_svg(element)
        return None if vector is None else LoadedImage(vector, vector.width / 0.75, vector.height / 0.75)

    def _load(self, url: str) -> LoadedImage | None:
        try:
            resource = self.fetcher.fetch(url)
        except (ResourceError, ValueError, OSError):
            return None
        data = resource.data
        if looks_like_svg(data, resource.mime_type):
            vector = load_svg(data)
            return None if vector is None else LoadedImage(vector, vector.width / 0.75, vector.height / 0.75)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                probe = Image.open(io.BytesIO(data))
                width, height = probe.size
                kind = probe.format
                if kind not in FORMATS or width < 1 or height < 1 or width * height > MAX_PIXELS:
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
            return None
        return LoadedImage(reader, width, height)
