"""``clip: rect()`` on absolutely positioned boxes (CSS 2.1 §11.1.2), read back from rasterised pages."""

from __future__ import annotations

from pdflet.renderers.reportlab.layout.positioned import clip_rect
from tests.unit.renderers.raster import RED, WHITE, colours, near, raster

BOX = "position: absolute; left: 0; top: 0; width: 100pt; height: 100pt; background: rgb(255, 0, 0);"


def test_clip_rect_cuts_an_absolute_box_to_its_rectangle():
    image = raster(f"<div style='{BOX} clip: rect(10pt, 60pt, 50pt, 20pt)'></div>")
    assert near(image.getpixel((40, 30)), RED)  # inside: 20..60 across, 10..50 down
    for outside in ((10, 30), (70, 30), (40, 5), (40, 60), (90, 90)):
        assert near(image.getpixel(outside), WHITE), outside


def test_clip_with_no_area_hides_the_box_and_auto_sides_are_the_border_edges():
    for clip in ("rect(20pt, 20pt, 20pt, 20pt)", "rect(-0pc, -0pc, -0pc, -0pc)", "rect(50pt, auto, 10pt, auto)"):
        assert not any(near(c, RED) for c in colours(raster(f"<div style='{BOX} clip: {clip}'></div>"))), clip
    image = raster(f"<div style='{BOX} clip: rect(auto auto auto auto)'></div>")
    assert near(image.getpixel((2, 2)), RED) and near(image.getpixel((97, 97)), RED)
    image = raster(f"<div style='{BOX} clip: rect(auto, auto, 30pt, 70pt)'></div>")
    assert near(image.getpixel((80, 20)), RED) and near(image.getpixel((60, 20)), WHITE)
    assert near(image.getpixel((80, 40)), WHITE)


def test_clip_applies_only_to_absolute_boxes_and_bad_values_are_ignored():
    for css in ("position: static; clip: rect(0, 0, 0, 0);", "position: absolute; clip: rect(1pt, 2pt);",
                "position: absolute; clip: rect(1pt, 2pt 3pt, 4pt);", "position: absolute; clip: circle(1pt);",
                "position: absolute; clip: rect(1pt, 2pt, 3pt, 4%);"):
        image = raster(f"<div style='{css} width: 50pt; height: 50pt; background: rgb(255, 0, 0)'></div>")
        assert near(image.getpixel((25, 25)), RED), css


def test_clip_rect_measures_from_the_top_left_corner():
    assert clip_rect((10.0, 60.0, 50.0, 20.0), 100.0, 100.0) == (20.0, 50.0, 40.0, 40.0)
    assert clip_rect(("auto",) * 4, 30.0, 40.0) == (0.0, 0.0, 30.0, 40.0)
    assert clip_rect((5.0, 5.0, 50.0, 5.0), 30.0, 40.0) is None
    assert clip_rect((-1e6, 1e6, 1e6, -1e6), 30.0, 40.0) == (-1e6, -1e6 + 40.0, 2e6, 2e6)
