"""List markers: a glyph string or a shape, drawn left of a first line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color

from pdflet.renderers.reportlab.css.content import static_text
from pdflet.renderers.reportlab.layout.lists import counter_text, marker_text

SHAPES = frozenset({"disc", "circle", "square"})


@dataclass(frozen=True)
class Marker:
    """A list marker: a glyph string, or a shape (disc/circle/square) drawn without a font."""

    text: str
    shape: str
    font_name: str
    font_size: float
    color: Color


def make_marker(used: Any, kind: str, ordinal: int, item: Any, own: Any, element: Any) -> Marker | None:
    """The marker of a list item whose style is ``item`` (None when it has none).

    ``own`` is its ``::marker`` style, when a rule styles it: colour and font come from there, and a
    ``content`` string replaces the list style's marker (``content: none`` hides it), as in browsers."""
    style = own if own is not None else item
    if (kind == "none" or item["visibility"] != "visible") and (own is None or not own["content"]):
        return None
    color = used.color(style["color"]) or Color(0, 0, 0)
    font, size = used.font(style), used.size(style)
    if own is not None and own["content"] is not None:
        text = _content_text(own["content"], ordinal, element)[:100]
        return Marker(text, "", _font_with(used, text, font), size, color) if text else None
    if kind in SHAPES:
        return Marker("", kind, font, size, color)
    text = marker_text(kind, ordinal)
    return Marker(text, "", _font_with(used, text, font), size, color)


def _content_text(parts: Any, ordinal: int, element: Any) -> str:
    """A ``::marker``'s ``content``: strings and attributes, with ``counter(list-item)`` the item's number."""
    out = []
    for part in parts:
        if part[0] == "ctr" and part[1] == "list-item":
            out.append(counter_text(part[2], ordinal))
        else:
            out.append(static_text((part,), element))
    return "".join(out)


def _font_with(used: Any, text: str, font: str) -> str:
    """``font``, or the one font that has every character of ``text`` (a symbol like ▸ the text's font lacks)."""
    runs = used.fonts.runs(text, font)
    return runs[0][1] if len(runs) == 1 else font


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
