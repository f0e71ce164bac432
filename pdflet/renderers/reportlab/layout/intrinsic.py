"""Intrinsic widths (min-content, max-content), asked of each flowable.

Every flowable of ours answers ``intrinsic_widths() -> (min, max)`` itself (a box from its children, a
table from its columns, an image from its size), so a container asks its children and never imports the
modules that define them: there is no call back into a module that imports this one. What ReportLab makes
(a plain ``Paragraph``, ``KeepTogether``) is measured here.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph


def content_widths(flowables: list[Any]) -> tuple[float, float]:
    """(minimum, preferred) widths of block content, like a browser's min/max-content."""
    low = high = 0.0
    for item in flowables:
        lo, hi = intrinsic_widths(item)
        low, high = max(low, lo), max(high, hi)
    return low, high


def intrinsic_widths(item: Any) -> tuple[float, float]:
    """One flowable's (min-content, max-content) widths: its own answer, else what we can tell."""
    own = getattr(item, "intrinsic_widths", None)
    if own is not None:
        return own()
    if isinstance(item, Paragraph):
        return paragraph_widths(item)
    content = getattr(item, "_content", None)  # KeepTogether and friends
    if isinstance(content, list):
        return content_widths(content)
    return 0.0, 0.0


def paragraph_widths(item: Paragraph) -> tuple[float, float]:
    """A paragraph's longest unbreakable piece and its longest line between forced breaks."""
    line = best = 0.0
    for frag in item.frags:
        if isinstance(frag, list):  # already broken by ReportLab: [width, (frag, text), ...]
            line += frag[0] if frag and isinstance(frag[0], (int, float)) else 0.0
            continue
        if getattr(frag, "lineBreak", False):
            best, line = max(best, line), 0.0
            continue
        cb = getattr(frag, "cbDefn", None)
        if cb is not None and getattr(cb, "kind", "") == "img":
            line += cb.width
            continue
        if getattr(frag, "text", ""):
            line += stringWidth(frag.text, frag.fontName, frag.fontSize)
    best = max(best, line) + abs(item.style.firstLineIndent or 0)
    try:
        low = item.minWidth()
    except Exception:  # minWidth fails on some fragment kinds; fall back to the longest word
        low = best
    return min(low, best), best
