"""Inline formatting: text runs of the styled tree become ReportLab paragraph fragments.

Fragments are built as objects (``Paragraph(..., frags=...)``), never as markup, so no
document text or attribute is ever parsed by ReportLab (CVE-2023-33733). Adjacent runs of
identical style are merged, because line-breaking cost grows with the number of fragments.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.abag import ABag
from reportlab.lib.colors import Color
from reportlab.platypus.paraparser import ParaFrag

from pdflet.renderers.reportlab.bidi import has_rtl as has_rtl  # the builder asks here (one definition)
from pdflet.renderers.reportlab.layout.boxmodel import border_width, percent

CSS_SPACE = " \t\n\r\f"  # the only white space CSS collapses; U+00A0 and other Unicode spaces are text
_SPACES = re.compile(r"[ \t\n\r\f]+")
NBSP = "\u00a0"
_CLEAR = Color(0, 0, 0, 0)


def collapse(text: str, mode: str) -> str:
    """Apply ``white-space`` to one text node (line feeds are handled by the caller for pre modes)."""
    if mode in ("normal", "nowrap"):
        text = _SPACES.sub(" ", text)
        return text.replace(" ", NBSP) if mode == "nowrap" else text
    if mode == "pre-line":
        return re.sub(r"[ \t\r\f]+", " ", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "        ")
    if mode == "pre":
        return text.replace(" ", NBSP)
    return text.replace("  ", " " + NBSP)


def transform(text: str, mode: str, at_word_start: bool) -> str:
    """``text-transform``."""
    if mode == "uppercase":
        return text.upper()
    if mode == "lowercase":
        return text.lower()
    if mode == "capitalize":
        chars = list(text)
        start = at_word_start
        for i, ch in enumerate(chars):
            if start and ch.isalpha():
                chars[i] = ch.upper()
            start = ch.isspace()
        return "".join(chars)
    return text


class InlineRun:
    """The style of one run of text: what every fragment of it shares."""

    __slots__ = ("back", "color", "decorations", "font", "hidden", "key", "link", "rise", "size", "spacing")

    def __init__(
        self,
        font: str,
        size: float,
        color: Any,
        rise: float,
        decorations: frozenset[str],
        link: str | None,
        back: Any,
        spacing: float = 0.0,
        hidden: bool = False,
    ) -> None:
        self.font = font
        self.size = size
        self.color = color
        self.rise = rise
        self.decorations = decorations
        self.link = link
        self.back = back
        self.spacing = spacing  # letter-spacing in points (drawn through a widened font, see spacing.py)
        self.hidden = hidden  # visibility: hidden: takes its room, draws nothing (see richtext.py)
        self.key = (font, size, id(color), rise, decorations, link, id(back), spacing, hidden)

    def with_font(self, font: str) -> InlineRun:
        """The same run in another font (a fallback face for glyphs the first one lacks)."""
        return InlineRun(
            font, self.size, self.color, self.rise, self.decorations, self.link, self.back, self.spacing, self.hidden
        )


_LINES = {
    "underline": (0, "underline", None, "", "-0.125*F"),
    "line-through": (1, "strike", None, "", "0.25*F"),
    "overline": (2, "strike", None, "", "0.85*F"),
}


class InlineBox:
    """An inline element that paints a box around its text: background, borders, padding, rounded corners.

    Its fragments carry it (``frag.inline_box``); ``parent`` is the box it sits in, if any. Left and right
    padding and border take room in the line as spacer fragments at its start and end; top and bottom ones
    paint outside the line box without changing the line height, as in browsers.
    """

    __slots__ = ("background", "borders", "depth", "font", "padding", "parent", "radius", "size")

    def __init__(
        self,
        background: Any,
        borders: tuple[Any, Any, Any, Any],
        padding: tuple[float, float, float, float],
        radius: float,
        font: str,
        size: float,
        parent: InlineBox | None,
    ) -> None:
        self.background = background
        self.borders = borders
        self.padding = padding
        self.radius = radius
        self.font = font
        self.size = size
        self.parent = parent
        self.depth = 0 if parent is None else parent.depth + 1

    def edge(self, side: int) -> float:
        """Room taken in the line on ``side`` (1 right, 3 left): padding plus a visible border."""
        return self.padding[side] + border_width(self.borders[side])

    def chain(self) -> list[InlineBox]:
        """This box and the boxes around it, innermost first."""
        out: list[InlineBox] = []
        box: InlineBox | None = self
        while box is not None:
            out.append(box)
            box = box.parent
        return out


def inline_box(spec: Any, outer: Any, font: str, size: float, avail: float) -> InlineBox | None:
    """The box an inline element paints, or None when it paints none (it then keeps the plain background
    path: ReportLab's own ``backColor``, no spacer fragments, the fast line breaker).

    ``spec`` is the element's used box properties (``BoxSpec``), ``outer`` what encloses it (an InlineBox,
    a background colour or None).
    """
    inside = isinstance(outer, InlineBox)
    if not inside and not spec.radius and not any(spec.padding) and not any(b.visible for b in spec.borders):
        return None  # the common inline element (<b>, <a>, <span>): no per-element work beyond this test
    padding = tuple(max(0.0, percent(p, avail)) for p in spec.padding)
    boxed = any(padding) or any(b.visible for b in spec.borders) or (spec.radius > 0 and spec.background)
    if not boxed and not (inside and spec.background is not None):
        return None
    return InlineBox(
        spec.background,
        spec.borders,
        padding,  # type: ignore[arg-type]
        min(spec.radius, size * 4),
        font,
        size,
        outer if inside else None,
    )


SPACER = "\u2060"  # WORD JOINER: no break opportunity; measured in a spacer font, drawn as a bare move


def spacer_frag(box: InlineBox, rise: float, font: str) -> ParaFrag:
    """An edge (padding and border) of ``box``: one empty glyph in ``font``, a spacer font widened to the
    edge's width at the box's size (``spacing.spacer_font``/``spaced_font``). Every box has both, even
    zero-wide, so that drawing knows on which line it opens and closes."""
    frag = ParaFrag()
    frag.text = SPACER
    frag.fontName = font
    frag.fontSize = box.size
    frag.textColor = _CLEAR
    frag.rise = rise
    frag.greek = 0
    frag.bold = 0
    frag.italic = 0
    frag.link = []
    frag.us_lines = []
    frag.inline_box = box
    frag.spacer = True
    return frag


def make_frag(text: str, run: InlineRun) -> ParaFrag:
    """A fragment for ``text`` in ``run``'s style."""
    frag = ParaFrag()
    frag.text = text
    frag.fontName = run.font
    frag.fontSize = run.size
    frag.textColor = run.color
    frag.rise = run.rise
    frag.greek = 0
    frag.bold = 0
    frag.italic = 0
    frag.link = [(0, run.link)] if run.link else []
    frag.us_lines = [(*_LINES[d][:4], _LINES[d][4], run.rise, 1, "1") for d in sorted(run.decorations) if d in _LINES]
    if run.hidden:
        frag.hidden = True
        frag.us_lines = []
        frag.link = []
        return frag
    if isinstance(run.back, InlineBox):
        frag.inline_box = run.back
    elif run.back is not None:  # only when set: its presence disables ReportLab's one-style fast path
        frag.backColor = run.back
    return frag


def break_frag(run: InlineRun) -> ParaFrag:
    """A forced line break (``<br>``, or a line feed in ``pre``)."""
    frag = make_frag("", run)
    frag.lineBreak = True
    return frag


def anchor_frag(name: str, run: InlineRun) -> ParaFrag:
    """A zero-width destination for ``#name`` links."""
    frag = make_frag("", run)
    frag.cbDefn = ABag(kind="anchor", label="anchor", name=name)
    return frag


def image_frag(reader: Any, width: float, height: float, run: InlineRun) -> ParaFrag:
    """An image sitting on the text baseline."""
    frag = make_frag("", run)
    frag.cbDefn = ABag(kind="img", image=reader, width=width, height=height, valign="baseline")
    frag.text = ""
    return frag
