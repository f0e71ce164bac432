"""Painting order of positioned boxes (CSS 2.1 §9.9 and Appendix E): boxes with a negative ``z-index`` are
painted under the in-flow content of the page, the others over it, each group in ``z-index`` order (the
order of the document among equals).

Out-of-flow boxes are laid out when the page they land on is drawn, so a box that must go under the flow
is known only after the flow was already written to the page's content stream. Its drawing is therefore
cut from the end of the stream and put back where the flow began (after the page background, marked by
:func:`mark_flow_start`). Every box is drawn between ``q``/``Q`` (``Flowable.drawOn``), so the graphics
state the flow relies on is the same with it or without it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pdflet.renderers.reportlab.layout.containing import defer_positioned

_MARK = "pdflet_flow_start"


def z_order(value: Any) -> int:
    """The stacking level of a ``z-index`` value (``auto`` paints as 0)."""
    return value if isinstance(value, int) else 0


def mark_flow_start(canv: Any) -> None:
    """Remember where this page's flow begins in its content stream: what goes under the flow goes there;
    positioned boxes drawn from now on are painted over the flow (containing.py)."""
    canv.__dict__[_MARK] = len(canv._code)
    defer_positioned(canv, True)


def paint_under_flow(canv: Any, paint: Callable[[], None]) -> None:
    """Run ``paint`` now, but move what it drew to where the page's flow begins."""
    start = len(canv._code)
    paint()
    drawn = canv._code[start:]
    del canv._code[start:]
    at = min(canv.__dict__.get(_MARK, 0), start)
    canv._code[at:at] = drawn
    canv.__dict__[_MARK] = at + len(drawn)  # the next one (a higher z-index) goes over this one
