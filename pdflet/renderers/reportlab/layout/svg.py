"""SVG images (``data:image/svg+xml`` and inline ``<svg>``) drawn as vectors through svglib.

svglib turns SVG into a ReportLab Drawing, so logos and icons stay sharp and small. Hostile SVG is
contained here: entities are never expanded, the source is bytes (svglib then refuses every external
reference: no file or network access), and font names go through our own font map, so a font name
never becomes a file path or an ``fc-match`` process and SVG text uses the embedded fonts.
"""

from __future__ import annotations

import io
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing

from pdflet.renderers.reportlab.fonts import get_font_library

MAX_SVG_BYTES = 4 * 1024 * 1024  # a logo is kilobytes; megabytes of paths are an attack or a mistake
MAX_SVG_SIZE = 20_000.0  # points; larger drawings are scaled down by layout anyway
_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]", re.S | re.I)

logging.getLogger("svglib.svglib").setLevel(logging.CRITICAL)  # hostile input would flood the worker's log


def looks_like_svg(data: bytes, mime_type: str | None) -> bool:
    """Whether ``data`` should be read as SVG: by its declared type or by its first element."""
    if mime_type and mime_type.split(";")[0].strip().lower() == "image/svg+xml":
        return True
    return _SNIFF.match(data[:4096]) is not None


class _FontMap:
    """svglib's font look-up answered from our fonts: no file guessing, no fontconfig."""

    def find_font(self, font_name: str, weight: str = "normal", style: str = "normal") -> tuple[str, bool]:
        bold = str(weight).lower() in ("bold", "bolder", "600", "700", "800", "900")
        italic = str(style).lower() in ("italic", "oblique")
        return get_font_library().resolve((font_name,), bold, italic), True


class VectorImage:
    """A converted SVG: what the canvas draws where it would draw a bitmap."""

    def __init__(self, drawing: Drawing) -> None:
        # renderPDF starts every drawing in Helvetica, which the PDF would then name unembedded
        drawing.__dict__["initialFontName"] = get_font_library().resolve(("sans-serif",), False, False)
        self.drawing = drawing
        self.width = float(drawing.width)
        self.height = float(drawing.height)

    def draw_on(self, canvas: Any, x: float, y: float, width: float, height: float) -> None:
        """Draw scaled into the box ``(x, y, width, height)``."""
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(width / self.width, height / self.height)
        renderPDF.draw(self.drawing, canvas, 0, 0, showBoundary=False)
        canvas.restoreState()


SVG_TAG = "{http://www.w3.org/2000/svg}svg"  # an inline <svg> as html5lib names it


#: Turns an ``<image href>`` value into a ``data:`` URI svglib can draw (None: leave it, svglib drops it).
EmbedImage = Callable[[str], "str | None"]
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_IMAGE_TAG = "{http://www.w3.org/2000/svg}image"
_IMAGE_HREF = re.compile(rb"""(<(?:svg:)?image\b[^>]*?\s(?:xlink:)?href\s*=\s*)(["'])([^"'<>]{1,4096})\2""", re.I)
MAX_SVG_IMAGES = 64


def embed_images_in_tree(root: ET.Element, embed: EmbedImage) -> None:
    """Replace the ``href`` of inline SVG ``<image>`` elements by the ``data:`` URI of what they name."""
    for count, image in enumerate(root.iter(_IMAGE_TAG)):
        if count >= MAX_SVG_IMAGES:
            return
        for attr in (_XLINK_HREF, "href"):
            value = image.get(attr)
            if value and not value.startswith(("data:", "#")):
                inline = embed(value)
                if inline is not None:
                    image.set(attr, inline)


def embed_images_in_bytes(data: bytes, embed: EmbedImage) -> bytes:
    """The same for an SVG file's bytes (an ``<img src="logo.svg">`` with ``<image href="mark.png">``)."""
    budget = [MAX_SVG_IMAGES]

    def swap(match: re.Match[bytes]) -> bytes:
        value = match.group(3).decode("utf-8", "replace")
        if budget[0] <= 0 or value.startswith(("data:", "#")):
            return match.group(0)
        budget[0] -= 1
        inline = embed(value)
        if inline is None:
            return match.group(0)
        return match.group(1) + match.group(2) + inline.encode("ascii") + match.group(2)

    return _IMAGE_HREF.sub(swap, data) if b"image" in data else data


def load_inline_svg(element: ET.Element, embed: EmbedImage | None = None) -> VectorImage | None:
    """An inline ``<svg>`` element of the document, serialised back to XML for svglib."""
    # The root's CSS (``style``) is the document's business: layout sizes the image from it. Left in,
    # svglib would size the drawing from it too but not scale the content to match.
    root = ET.Element(element.tag, {k: v for k, v in element.attrib.items() if k != "style"})
    root.extend(list(element))
    if embed is not None:
        embed_images_in_tree(root, embed)
    try:
        data = ET.tostring(root)
    except (ValueError, TypeError):  # names html5lib accepted but XML cannot carry
        return None
    return load_svg(data)


def load_svg(data: bytes) -> VectorImage | None:
    """``data`` as a drawing, or None when it is too large, broken or has no size."""
    if len(data) > MAX_SVG_BYTES:
        return None
    from svglib.svglib import svg2rlg  # imported on first SVG: most documents have none

    try:
        drawing = svg2rlg(io.BytesIO(data), resolve_entities=False, font_map=_FontMap())
    except Exception:  # svglib raises many types for hostile SVG; all mean "broken image"
        return None
    if drawing is None:
        return None
    width, height = float(drawing.width or 0), float(drawing.height or 0)
    if not (0 < width <= MAX_SVG_SIZE and 0 < height <= MAX_SVG_SIZE):
        return None
    return VectorImage(drawing)
