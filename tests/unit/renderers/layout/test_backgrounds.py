"""Background images (data: PNG/SVG) with size, position and repeat, clipped to their box."""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import time
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from pdflet.renderers.reportlab.layout.backgrounds import MAX_CELLS_ACROSS

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"


def _png(w: int, h: int, color: tuple[int, int, int] = (255, 0, 0)) -> str:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), color).save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _patterns(doc) -> list[tuple[Any, Any]]:
    """(tiling pattern, the form painting it) pairs drawn on the first page, read with pypdf."""
    page = PdfReader(io.BytesIO(doc.data)).pages[0]
    out = []
    for xobject in page["/Resources"]["/XObject"].values():
        form = xobject.get_object()
        if form.get("/Subtype") == "/Form" and "/Pattern" in form.get("/Resources", {}):
            out += [(p.get_object(), form) for p in form["/Resources"]["/Pattern"].values()]
    return out


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
    assert not doc.pages[0].images  # one tiling pattern, not 30 copies
    ((pattern, form),) = _patterns(doc)
    assert [float(v) for v in pattern["/BBox"]] == [0, 0, 15, 15] and float(pattern["/XStep"]) == 15
    x0, y0, x1, y1 = (float(v) for v in form["/BBox"])  # in the user space of the box's drawing
    assert (x1 - x0, y1 - y0) == (150, 45)
    assert [float(v) for v in pattern["/Matrix"]] == [1, 0, 0, 1, x0, y1 - 15]  # a tile at the top left corner


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
    assert len(doc.pages[0].images) == 0 and len(_patterns(doc)) == 1  # a 1 px pattern is one cell
    assert "a" in doc.text() and "c" in doc.text()


def _raster(data: bytes, tmp_path) -> Image.Image:
    """The first page at 96 dpi (1 CSS px = 1 pixel), as poppler draws it."""
    if shutil.which("pdftocairo") is None:
        pytest.skip("poppler-utils (pdftocairo) is not installed")
    src = tmp_path / "page.pdf"
    src.write_bytes(data)
    subprocess.run(["pdftocairo", "-png", "-r", "96", "-singlefile", str(src), str(tmp_path / "page")],
                   check=True, timeout=60)
    return Image.open(tmp_path / "page.png").convert("RGB")


def test_repeated_tiles_show_no_seams(pdf, tmp_path):
    """Copies placed edge to edge left light hairlines between them; a pattern repeats seamlessly."""
    doc = pdf(RESET + f"<div style='background: url({_png(15, 15, (0, 0, 0))}); width: 96px; height: 96px'></div>",
              margin=(36.0, 36.0, 36.0, 36.0))
    image = _raster(doc.data, tmp_path)
    inside = [image.getpixel((x, y)) for x in range(50, 142) for y in range(50, 142)]
    assert max(max(p) for p in inside) < 40  # all black: not one light seam pixel
    assert image.getpixel((46, 100)) == (255, 255, 255) and image.getpixel((146, 100)) == (255, 255, 255)


def test_the_image_is_positioned_in_the_padding_box_and_painted_under_the_border(pdf, tmp_path):
    doc = pdf(
        RESET + f"<div style='background: #0000ff url({_png(10, 10, (0, 0, 0))}) no-repeat; border: 10px solid"
        " rgba(0, 255, 0, 0.5); width: 60px; height: 60px'></div>",
        margin=(36.0, 36.0, 36.0, 36.0),
    )
    image = _raster(doc.data, tmp_path)
    assert image.getpixel((62, 62)) == (0, 0, 0)  # the image's top left at the padding edge (48 + 10)
    assert image.getpixel((56, 62))[2] > 100  # under the half-transparent border: the colour, not the image
    assert image.getpixel((75, 62))[2] > 200  # beside the image: the colour


def test_repeat_x_fills_one_row_only(pdf):
    doc = pdf(RESET + f"<div style='background: url({_png(20, 20)}) repeat-x 0 10pt; width: 100pt; height: 60pt'>"
              "</div>", **PAGE)
    ((_pattern, form),) = _patterns(doc)
    x0, y0, x1, y1 = (float(v) for v in form["/BBox"])
    assert (x1 - x0, y1 - y0) == (100, 15)


def test_a_one_pixel_tile_over_a_page_is_small_and_quick_to_view(pdf, tmp_path):
    started = time.monotonic()
    doc = pdf(RESET + f"<div style='background: url({_png(3, 3)}); background-size: 1px; height: 1200px'></div>"
              f"<div style='background: url({_png(3, 3)}); background-size: 0.001px 1e9px; height: 700px'></div>",
              margin=(0.0, 0.0, 0.0, 0.0))
    assert time.monotonic() - started < 5 and len(doc.data) < 60_000 and len(_patterns(doc)) == 1
    assert float(_patterns(doc)[0][0]["/XStep"]) == 0.75  # 1px: a real size is kept
    tiny = pdf(RESET + f"<div style='background: url({_png(3, 3)}); background-size: 0.001px; width: 500pt;"
               " height: 400pt'></div>", margin=(0.0, 0.0, 0.0, 0.0))
    ((pattern, _form),) = _patterns(tiny)
    assert float(pattern["/XStep"]) == pytest.approx(500 / MAX_CELLS_ACROSS, abs=1e-4)
    assert float(pattern["/YStep"]) == pytest.approx(400 / MAX_CELLS_ACROSS, abs=1e-4)
    started = time.monotonic()
    _raster(doc.data, tmp_path)  # a viewer repeats at most MAX_CELLS_ACROSS cells each way
    assert time.monotonic() - started < 20


def test_the_body_background_image_is_the_canvas_on_every_page(pdf, tmp_path):
    """Propagated to the canvas (CSS Backgrounds 3 §2.11.2): positioned in the page area, not in the body's
    margin box, and painted on each page."""
    doc = pdf(
        f"<style>body {{ background: url({_png(1, 1, (0, 255, 0))}) repeat-x 0 100px; margin: 0 0 0 75px }}"
        " p { height: 900px; margin: 0 }</style><p>one</p><p>two</p>",
        margin=(36.0, 36.0, 36.0, 36.0),
    )
    assert len(doc.pages) >= 2
    image = _raster(doc.data, tmp_path)
    row = [x for x in range(image.width) if image.getpixel((x, 148)) == (0, 255, 0)]
    assert row[0] == 48 and abs(row[-1] - (image.width - 49)) <= 1  # the page area's width, from its left edge
    assert image.getpixel((100, 147)) == (255, 255, 255) and image.getpixel((20, 148)) == (255, 255, 255)
    assert len(_patterns(doc)) == 1 and not doc.pages[0].images
    second = PdfReader(io.BytesIO(doc.data)).pages[1]
    assert any(x.get_object().get("/Subtype") == "/Form" for x in second["/Resources"]["/XObject"].values())


@pytest.mark.parametrize(
    ("css", "green", "blue"),
    [
        # default: colour under the border (border-box clip), image from the padding edge
        ("", (62, 62), (52, 52)),
        ("background-clip: padding-box", (62, 62), None),
        ("background-origin: content-box", (82, 82), (52, 52)),
        ("background-origin: border-box", (50, 50), (75, 75)),
        ("background: #0000ff url({img}) no-repeat content-box", (82, 82), (100, 100)),  # one box: origin and clip
        ("background: #0000ff url({img}) no-repeat content-box padding-box", (82, 82), (62, 62)),
    ],
)
def test_background_origin_and_clip(pdf, tmp_path, css, green, blue):
    """A 10px border (half transparent), 20px padding: the image (10px green) and colour (blue) per box."""
    img = _png(10, 10, (0, 255, 0))
    doc = pdf(
        RESET + f"<div style='background: #0000ff url({img}) no-repeat; border: 10px solid rgba(255, 0, 0, 0.3);"
        f" padding: 20px; width: 60px; height: 60px; {css.format(img=img)}'></div>",
        margin=(36.0, 36.0, 36.0, 36.0),
    )
    image = _raster(doc.data, tmp_path)
    gx, gy = green
    assert image.getpixel((gx + 2, gy + 2))[1] > 150 and image.getpixel((gx + 2, gy + 2))[2] < 100
    if blue is None:
        assert image.getpixel((52, 52))[2] < 200  # under the border: no blue
    else:
        assert image.getpixel(blue)[2] > 150 and image.getpixel(blue)[1] < 100
