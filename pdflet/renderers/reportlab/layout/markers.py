"""List markers: a glyph string or a shape, drawn left of a first line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color


@dataclass(frozen=True)
class Marker:
    """A list marker: a glyph string, or a shape (disc/circle/square) drawn without a font."""

    text: str
    shape: str
    font_name: str
    font_size: float
    color: Color


def draw_marker(canv: Any, marker: Marker, x: float, baseline: float) -> None:
    """A list marker ending just left of ``x`` on ``baseline``."""
    size = marker.font_size
    canv.saveState()
    canv.setFillColor(marker.color)
    canv.setStrokeColor(marker.color)
    if marker.shape:
        radius = size * 0.17
        cx = x - size * 0.55 - radius
        cy = baseline + size * 0.3
        if marker.shape == "square":
            canv.rect(cx - radius, cy - radius, 2 * radius, 2 * radius, stroke=0, fill=1)
        else:
            canv.setLineWidth(max(0.5, size * 0.06))
            canv.circle(cx, cy, radius, stroke=1, fill=1 if marker.shape == "disc" else 0)
    else:
        canv.setFont(marker.font_name, size)
        canv.drawRightString(x - size * 0.28, baseline, marker.text)
    canv.restoreState()
