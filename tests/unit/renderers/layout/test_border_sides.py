"""Border sides painted as filled shapes: exact widths, corner joins, double and the 3D styles."""

from __future__ import annotations

import time

import pytest
from reportlab.lib.colors import Color

from pdflet.renderers.reportlab.layout.border_sides import band, shade

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
RESET = "<style>body { margin: 0 }</style>"


def _rgb(obj):
    return tuple(round(v, 2) for v in (obj.get("non_stroking_color") or ()))


def _fills(page, rgb):
    return [c for c in page.curves + page.rects if c["fill"] and _rgb(c) == rgb]


def test_a_one_pixel_border_covers_the_same_columns_as_a_one_pixel_box(pdf):
    """A stroked line may be shifted by a viewer's stroke adjustment; a filled side lies where a background does."""
    doc = pdf(
        RESET + "<div style='border-right: 1px solid #ff0000; width: 0; height: 20px'></div>"
        "<div style='background: #0000ff; width: 1px; height: 20px'></div>",
        **PAGE,
    )
    page = doc.pages[0]
    (side,) = _fills(page, (1.0, 0.0, 0.0))
    (box,) = _fills(page, (0.0, 0.0, 1.0))
    assert side["x0"] == pytest.approx(box["x0"], abs=0.01) and side["x1"] == pytest.approx(box["x1"], abs=0.01)
    assert not page.lines  # nothing stroked


def test_sides_of_different_colours_meet_on_the_corner_diagonal(pdf):
    doc = pdf(RESET + "<div style='border: 10pt solid #ff0000; border-left-color: #0000ff; height: 30pt'></div>",
              **PAGE)
    page = doc.pages[0]
    top = next(c for c in _fills(page, (1.0, 0.0, 0.0)) if c["height"] < 11 and c["top"] < 40)
    left = _fills(page, (0.0, 0.0, 1.0))[0]
    # The top side's outer edge runs the full width, its inner edge starts 10pt in: a trapezoid.
    xs_outer = sorted(x for x, y in top["pts"] if abs(y - 36) < 0.01)
    xs_inner = sorted(x for x, y in top["pts"] if abs(y - 46) < 0.01)
    assert xs_outer[0] == pytest.approx(36) and xs_inner[0] == pytest.approx(46)
    assert left["x0"] == pytest.approx(36) and left["x1"] == pytest.approx(46)
    assert left["top"] == pytest.approx(36) and left["height"] == pytest.approx(50)


def test_a_double_border_is_two_thirds_painted_with_a_gap_between(pdf):
    doc = pdf(RESET + "<div style='border: 9pt double #ff0000; height: 30pt'></div>", **PAGE)
    fills = _fills(doc.pages[0], (1.0, 0.0, 0.0))
    assert len(fills) == 8
    left = sorted((c for c in fills if c["width"] < 4), key=lambda c: c["x0"])
    assert [(round(c["x0"], 2), round(c["x1"], 2)) for c in left[:2]] == [(36.0, 39.0), (42.0, 45.0)]


def test_a_thin_double_border_is_solid(pdf):
    doc = pdf(RESET + "<div style='border: 1px double #ff0000; height: 30pt'></div>", **PAGE)
    assert len(_fills(doc.pages[0], (1.0, 0.0, 0.0))) == 4


@pytest.mark.parametrize(
    ("style", "top_outer", "bottom_outer"),
    [
        ("inset", (0.0, 0.0, 0.5), (0.5, 0.5, 1.0)),
        ("outset", (0.5, 0.5, 1.0), (0.0, 0.0, 0.5)),
        ("groove", (0.0, 0.0, 0.5), (0.5, 0.5, 1.0)),
        ("ridge", (0.5, 0.5, 1.0), (0.0, 0.0, 0.5)),
    ],
)
def test_3d_styles_shade_the_top_left_and_bottom_right_apart(pdf, style, top_outer, bottom_outer):
    doc = pdf(RESET + f"<div style='border: 8pt {style} #0000ff; height: 30pt'></div>", **PAGE)
    page = doc.pages[0]
    shapes = page.curves + page.rects
    topmost = min((c for c in shapes if c["fill"]), key=lambda c: (c["top"], c["x0"] != 36))
    bottommost = max((c for c in shapes if c["fill"]), key=lambda c: c["bottom"])
    assert _rgb(topmost) == top_outer and _rgb(bottommost) == bottom_outer
    assert not _fills(page, (0.0, 0.0, 1.0))  # no side keeps the plain colour


def test_dotted_sides_are_dashed_strokes_clipped_to_their_side(pdf):
    doc = pdf(RESET + "<div style='border: 4pt dotted #ff0000; height: 30pt'></div>", **PAGE)
    page = doc.pages[0]
    strokes = [c for c in page.lines + page.curves if c.get("stroke") and c.get("dash") and c["dash"][0]]
    assert len(strokes) == 4


def test_band_and_shade_geometry():
    box = (0.0, 0.0, 100.0, 50.0)
    widths = (10.0, 20.0, 10.0, 20.0)
    assert band(0, widths, box, 0.0, 1.0) == [(0.0, 50.0), (100.0, 50.0), (80.0, 40.0), (20.0, 40.0)]
    assert band(3, widths, box, 0.5, 1.0) == [(10.0, 5.0), (10.0, 45.0), (20.0, 40.0), (20.0, 10.0)]
    dark, light = shade(Color(0.2, 0.4, 1.0), 0.5), shade(Color(0.2, 0.4, 1.0), 1.5)
    assert (dark.red, dark.green, dark.blue) == pytest.approx((0.1, 0.2, 0.5))
    assert (light.red, light.green, light.blue) == pytest.approx((0.6, 0.7, 1.0))


@pytest.mark.parametrize(
    "css",
    ["border: 1e9px solid red", "border: 1e9px double red", "border: 1e9px dotted red; border-radius: 1e9px",
     "border-left: 1e9px groove red; width: 1e9px", "border-top: 1e30px dashed red"],
)
def test_huge_border_widths_end_in_a_pdf_quickly(pdf, css):
    started = time.process_time()
    doc = pdf(f"<div style='{css}'>x</div><p>after</p>")
    assert time.process_time() - started < 5 and len(doc.data) < 100_000
    assert "after" in doc.text()
    page = doc.pages[0]
    assert all(c["width"] <= page.width and c["height"] <= page.height for c in page.curves + page.rects)
