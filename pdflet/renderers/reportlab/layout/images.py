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

from pdflet.renderers.resources import Fetcher, ResourceError

MAX_PIXELS = 30_000_000  # beyond this a decoded image costs more memory than a worker has
FORMATS = frozenset({"PNG", "JPEG", "GIF", "BMP", "WEBP", "TIFF"})


@dataclass
class LoadedImage:
    """A decoded-on-demand image and its natural size in CSS pixels."""

    reader: Any
    width_px: int
    height_px: int


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

    def _load(self, url: str) -> LoadedImage | None:
        try:
            data = self.fetcher.fetch(url).data
        except (ResourceError, ValueError, OSError):
            return None
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
