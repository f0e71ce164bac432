"""Our own flowables, by the module that defines each: kept importable from here so that code written
against the one module this used to be goes on working.

- :mod:`.flowbase`: ``Spaced`` (vertical margins on the instance), ``Shrunk``, making progress on a page.
- :mod:`.boxmodel`: ``Border``, ``BoxSpec`` and the geometry of a box.
- :mod:`.boxes`: ``Box`` and ``ListItemBox``; :mod:`.borders`: painting them.
- :mod:`.paragraphs`: ``Para``; :mod:`.markers`: list markers.
- :mod:`.replaced`: ``ImageFlowable`` and ``Bookmark``; :mod:`.keeps`: ``Keep``, ``KeepWithNext``, ``FloatFlow``.
"""

from __future__ import annotations

from pdflet.renderers.reportlab.layout.borders import draw_border_side, paint_box
from pdflet.renderers.reportlab.layout.box_flowables import Box, ListItemBox
from pdflet.renderers.reportlab.layout.boxmodel import Border, BoxSpec
from pdflet.renderers.reportlab.layout.flowbase import (
    HUGE,
    MAX_KEPT_LINES,
    MIN_ROOM,
    MIN_WIDTH,
    Shrunk,
    Spaced,
    frame_width,
    must_progress,
    split_forced,
)
from pdflet.renderers.reportlab.layout.image_flowable import Bookmark, ImageFlowable
from pdflet.renderers.reportlab.layout.keeps import FloatFlow, Keep, KeepWithNext
from pdflet.renderers.reportlab.layout.markers import Marker, draw_marker
from pdflet.renderers.reportlab.layout.paragraphs import Para, css_baseline_shift, first_line_ascent

__all__ = [
    "HUGE",
    "MAX_KEPT_LINES",
    "MIN_ROOM",
    "MIN_WIDTH",
    "Bookmark",
    "Border",
    "Box",
    "BoxSpec",
    "FloatFlow",
    "ImageFlowable",
    "Keep",
    "KeepWithNext",
    "ListItemBox",
    "Marker",
    "Para",
    "Shrunk",
    "Spaced",
    "css_baseline_shift",
    "draw_border_side",
    "draw_marker",
    "first_line_ascent",
    "frame_width",
    "must_progress",
    "paint_box",
    "split_forced",
]
