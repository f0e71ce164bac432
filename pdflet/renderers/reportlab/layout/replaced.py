"""Replaced boxes (``<img>``, inline ``<svg>``) and the ``<hr>`` rule as flowables, in a line or as blocks."""

from __future__ import annotations

import re
from copy import copy
from typing import Any

from pdflet.renderers.reportlab.layout.alpha import faded_reader
from pdflet.renderers.reportlab.layout.box_flowables import Box
from pdflet.renderers.reportlab.layout.boxes import ReplacedBox, RuleBox
from pdflet.renderers.reportlab.layout.boxmodel import block_margin
from pdflet.renderers.reportlab.layout.collector import Collector
from pdflet.renderers.reportlab.layout.image_flowable import ImageFlowable
from pdflet.renderers.reportlab.layout.images import ImageCache
from pdflet.renderers.reportlab.layout.svg import SVG_TAG
from pdflet.renderers.reportlab.layout.used import UsedValues


def build_image(images: ImageCache, used: UsedValues, box: ReplacedBox) -> ImageFlowable | None:
    """An ``<img>`` or inline ``<svg>`` as a flowable (None for a broken or refused one)."""
    element, style = box.element, box.style
    assert element is not None  # a replaced box always has its element
    image = images.load_element(element) if element.tag == SVG_TAG else images.load_img(element)
    if image is None:
        return None
    width: Any = style["width"]
    height: Any = style["height"]
    if width == "auto":
        width = dimension_attr(element.get("width"), width)
    if height == "auto":
        height = dimension_attr(element.get("height"), height)
    flowable = ImageFlowable(
        image.reader, (image.width_px * 0.75, image.height_px * 0.75), width, height, style["max-width"]
    )
    flowable.max_height = used.frame_height * 0.98
    if style["visibility"] != "visible":  # keeps its room, draws nothing (inline ones: see richtext.py)
        flowable.draw = _draw_nothing
    return flowable


_DIMENSION = re.compile(r"[ \t\n\f\r]*(\d+(?:\.\d+)?)(%?)")


def dimension_attr(value: str | None, default: Any) -> Any:
    """An ``<img width/height>`` as HTML parses dimension values: CSS pixels (``96``, ``96.5``, ``96px``: what
    follows the number is ignored) or a percentage (``100%``, of the containing block's width); ``default``
    when missing, unparsable or zero."""
    match = _DIMENSION.match(value or "")
    if match is None:
        return default
    number = min(float(match.group(1)), 1e9)
    if number <= 0:
        return default
    return ("%", number) if match.group(2) else number * 0.75


def _draw_nothing() -> None:
    """The ``draw`` of a ``visibility: hidden`` image."""


def image_block(images: ImageCache, used: UsedValues, box: ReplacedBox) -> list[Any]:
    """A block-level image: its vertical margins as space, auto horizontal margins as alignment."""
    flowable = build_image(images, used, box)
    if flowable is None:
        return []
    style = box.style
    flowable.space_before = used.cap(block_margin(style["margin-top"], used.frame_width), 0.5)
    flowable.space_after = used.cap(block_margin(style["margin-bottom"], used.frame_width), 0.5)
    if style["float"] == "right" or (style["margin-left"] == "auto" and style["margin-right"] != "auto"):
        flowable.hAlign = "RIGHT"
    elif style["margin-left"] == "auto":
        flowable.hAlign = "CENTER"
    return [flowable]


def image_inline(
    images: ImageCache, used: UsedValues, box: ReplacedBox, collector: Collector, where: tuple[Any, Any, float]
) -> None:
    """An image in a line (its ``alt`` text when it cannot be shown)."""
    link, back, rise = where
    flowable = build_image(images, used, box)
    if flowable is not None:
        opacity = box.style["opacity"]
        if opacity < 1.0:  # alone on its line it draws itself; in a line of text its pixels are faded
            flowable.opacity = opacity
            faded = copy(flowable)
            faded.reader = faded_reader(flowable.reader, opacity, images.faded)
            collector.image(faded, box.style, link)
            collector.images[-1] = flowable
            return
        collector.image(flowable, box.style, link)
    elif box.attr("alt"):
        collector.text(box.attr("alt") or "", box.style, link, back, rise)


def rule(used: UsedValues, box: RuleBox) -> list[Any]:
    """An ``<hr>``: a box painting its borders (nothing when it has none and no height)."""
    style = box.style
    spec = used.box_spec(style)
    flowable = Box([], spec)
    flowable.space_before = used.cap(block_margin(style["margin-top"], used.frame_width), 0.5)
    flowable.space_after = used.cap(block_margin(style["margin-bottom"], used.frame_width), 0.5)
    if not any(b.visible for b in spec.borders) and spec.height == "auto":
        return []
    return [flowable]
