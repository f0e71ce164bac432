"""Used values (layout/used.py): what computed styles mean at one frame size, and that they are shared."""

from __future__ import annotations

from pdflet.renderers.reportlab.css.properties import INITIAL
from pdflet.renderers.reportlab.fonts import get_font_library
from pdflet.renderers.reportlab.layout.images import ImageCache
from pdflet.renderers.reportlab.layout.used import UsedValues
from pdflet.renderers.resources import Fetcher


def used(frame: tuple[float, float] = (400.0, 600.0)) -> UsedValues:
    return UsedValues(get_font_library(), ImageCache(Fetcher()), frame)


def style(**values: object) -> dict:
    out = dict(INITIAL)
    out.update({name.replace("_", "-"): value for name, value in values.items()})
    return out


def test_transparent_colours_are_none_and_colours_are_shared():
    values = used()
    assert values.color((0.0, 0.0, 0.0, 0.0)) is None
    assert values.color("currentcolor") is None
    red = values.color((1.0, 0.0, 0.0, 1.0))
    assert red is not None and red.red == 1.0 and values.color((1.0, 0.0, 0.0, 1.0)) is red


def test_font_size_and_line_height_are_limited_by_the_frame():
    values = used((400.0, 100.0))
    huge = style(font_size=500.0, line_height=("pt", 900.0))
    assert values.size(huge) == 40.0  # 0.4 of the frame height: one line always fits
    assert values.leading(huge) == 80.0
    assert values.leading(style(font_size=0.0, line_height=("pt", 0.0))) == 0.1  # ReportLab divides by it


def test_hidden_boxes_keep_their_borders_room_but_paint_nothing():
    values = used()
    seen = style(border_top_style="solid", border_top_width=3.0, background_color=(1.0, 0.0, 0.0, 1.0))
    hidden = dict(seen, visibility="hidden")
    assert values.box_spec(seen).borders[0].width == 3.0 and values.box_spec(seen).background is not None
    spec = values.box_spec(hidden)
    assert spec.borders[0].width == 3.0 and spec.borders[0].color.alpha == 0 and spec.background is None
    assert values.box_spec(seen) is values.box_spec(seen)  # cached per style object


def test_hostile_lengths_are_capped_to_the_frame():
    values = used((400.0, 600.0))
    assert values.cap(1e9, 0.5) == 300.0
    assert values.cap(("%", 50.0), 0.5) == ("%", 50.0)
    assert values.box_spec(style(height=1e9)).height == 540.0


def test_paragraph_styles_are_shared_between_equal_text_properties():
    values = used()
    first = values.para_style(style(text_align="start", direction="rtl"))
    assert first.alignment == 2  # TA_RIGHT: start is the right side in right-to-left text
    assert values.para_style(style(text_align="right")) is first
    assert values.auto_leading(first).autoLeading == "max" and values.auto_leading(first) is values.auto_leading(first)
