"""Background images (data: PNG/SVG) with size, position and repeat, clipped to their box."""

from __future__ import annotations

import base64
import io

from PIL import Image

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"


def _png(w: int, h: int) -> str:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (255, 0, 0)).save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def test_no_repeat_centred_contain(pdf):
    doc = pdf(
        RESET + f"<div style='background: url({_png(40, 20)}) no-repeat center / contain; width: 300pt; height: 60pt'>"
        "x</div>",
        **PAGE,
    )
    (image,) = doc.pages[0].images
    assert abs(image["height"] - 60) < 0.5 and abs(image["width"] - 120) < 0.5
    assert abs(image["x0"] - (36 + 90)) < 0.5 and abs(image["top"] - 36) < 0.5


def test_repeat_tiles_fill_the_box_and_stay_inside_it(pdf):
    doc = pdf(
        RESET + f"<div style='background-image: url({_png(20, 20)}); height: 45pt; width: 150pt'>x</div>", **PAGE
    )
    images = doc.pages[0].images
    assert len(images) == 10 * 3  # 15 pt tiles: 10 across 150 pt, 3 down 45 pt
    assert min(i["x0"] for i in images) == 36 and min(i["top"] for i in images) == 36


def test_cover_with_size_and_position_keywords(pdf):
    doc = pdf(
        RESET + f"<div style='background-image: url({_png(10, 10)}); background-repeat: no-repeat;"
        " background-size: 50pt auto; background-position: right bottom; width: 200pt; height: 100pt'></div>",
        **PAGE,
    )
    (image,) = doc.pages[0].images
    assert abs(image["x1"] - 236) < 0.5 and abs(image["bottom"] - 136) < 0.5 and abs(image["width"] - 50) < 0.5


def test_gradient_leaves_the_fallback_colour(pdf):
    doc = pdf(
        RESET + "<div style='background: #0000ff; background: linear-gradient(red, blue); height: 20pt'></div>",
        **PAGE,
    )
    fills = [r for r in doc.pages[0].rects if tuple(r["non_stroking_color"]) == (0.0, 0.0, 1.0)]
    assert fills


def test_broken_or_tiny_backgrounds_never_fail(pdf):
    tiny = _png(1, 1)
    doc = pdf(
        RESET + "<div style='background: url(data:image/png;base64,AAAA); height: 20pt'>a</div>"
        "<div style='background: url(http://127.0.0.1:9/x.png); height: 20pt'>b</div>"
        f"<div style='background: url({tiny}); height: 700pt'>c</div>",
        **PAGE,
    )
    assert len(doc.pages[0].images) <= 400  # a 1 px pattern is capped, not a million placements
    assert "a" in doc.text() and "c" in doc.text()
