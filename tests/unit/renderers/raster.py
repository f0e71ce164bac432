"""Rasterised first pages for renderer tests that check colours at positions (one pixel per point)."""

from __future__ import annotations

import io
import subprocess

from PIL import Image

from tests.unit.renderers.conftest import render

RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"
NO_MARGIN = {"margin": (0.0, 0.0, 0.0, 0.0)}
RED, GREEN, BLUE, WHITE, BLACK = (255, 0, 0), (0, 128, 0), (0, 0, 255), (255, 255, 255), (0, 0, 0)


def raster(html: str, reset: bool = True) -> Image.Image:
    """The first page of ``html`` (no page margins) at 72 dpi: pixel (x, y) is the point x, y from the top left."""
    data = render((RESET if reset else "") + html, **NO_MARGIN)
    out = subprocess.run(
        ["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-png"], input=data, capture_output=True, check=True
    ).stdout
    return Image.open(io.BytesIO(out)).convert("RGB")


def near(pixel: tuple[int, int, int], want: tuple[int, int, int], tol: int = 40) -> bool:
    """Whether a pixel is ``want`` give or take anti-aliasing."""
    return all(abs(a - b) <= tol for a, b in zip(pixel, want, strict=True))


def colours(image: Image.Image) -> set[tuple[int, int, int]]:
    """Every colour on the page (to say a colour appears nowhere)."""
    return {c for _, c in image.getcolors(1 << 20) or []}
