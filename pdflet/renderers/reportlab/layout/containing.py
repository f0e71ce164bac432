"""Containing blocks of absolutely positioned boxes (CSS 2.1 §10.1): the padding box of the nearest
positioned ancestor, else the initial containing block (the page area).

An absolute box's placeholder is drawn where its static position is, before its containing block has been
drawn to the end (the block's height, which ``bottom`` needs, is known only then). So the placeholder only
records the box on the canvas, keyed by its containing block; the block, once drawn, places the boxes that are
its own (:func:`resolve_pending`), and whatever is left at the end of a page (the initial containing block's,
or a block on an earlier page) is placed against the page area by ``positioned.paint_overlays``.
"""

from __future__ import annotations

from typing import Any

_PENDING = "pdflet_pending"
_OVERLAYS = "pdflet_overlays"


def defer(canv: Any, key: Any, layer: Any, static: tuple[float, float], limit: int) -> None:
    """Record an absolute box (its ``Layer``) and its static position for the containing block ``key``."""
    pending = canv.__dict__.setdefault(_PENDING, [])
    if len(pending) < limit:
        pending.append((key, layer, static))


def take_pending(canv: Any) -> list[tuple[Any, Any, tuple[float, float]]]:
    """Every box still waiting for its containing block (they go to the page area)."""
    return canv.__dict__.pop(_PENDING, [])


def resolve_pending(canv: Any, key: Any, x: float, y: float, width: float, height: float) -> None:
    """Place the absolute boxes whose containing block is the block ``key`` just drawn: its padding box
    is at (x, y) of the current coordinates, ``width`` by ``height``. They are kept to be painted over the
    flow at the end of the page."""
    pending = canv.__dict__.get(_PENDING)
    if not pending:
        return
    mine = [item for item in pending if item[0] == key]
    if not mine:
        return
    pending[:] = [item for item in pending if item[0] != key]
    ax, ay = canv.absolutePosition(x, y)
    cb = (ax, ay + height, width, height)
    overlays = canv.__dict__.setdefault(_OVERLAYS, [])
    for _, layer, static in mine:
        overlays.append(layer.place(cb, static))


_ISOLATED = "pdflet_isolated"
_DEFERRING = "pdflet_deferring"


def enter_isolation(canv: Any) -> None:
    """Drawing goes inside a clip, transform or opacity group: a positioned box met there is painted in place,
    not moved to the end of the page (where the group's effect would be lost)."""
    canv.__dict__[_ISOLATED] = canv.__dict__.get(_ISOLATED, 0) + 1


def leave_isolation(canv: Any) -> None:
    canv.__dict__[_ISOLATED] = canv.__dict__.get(_ISOLATED, 1) - 1


def isolated(canv: Any) -> bool:
    """Whether a positioned box must be painted in place: drawing is inside a clip, transform or opacity group
    (see :func:`enter_isolation`), or not in a page's flow (margin boxes drawn when the pages are written)."""
    return canv.__dict__.get(_ISOLATED, 0) > 0 or not canv.__dict__.get(_DEFERRING, False)


def defer_positioned(canv: Any, on: bool) -> None:
    """Positioned boxes are painted over the flow from now on (the page's flow begins), or in place (the
    page's overlays are painted: nothing drawn after them would be)."""
    canv.__dict__[_DEFERRING] = on


def overlay(canv: Any, placed: Any) -> None:
    """Keep a placed box to paint over the page's flow (at the end of the page, in stacking order)."""
    canv.__dict__.setdefault(_OVERLAYS, []).append(placed)
