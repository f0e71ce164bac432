"""Visual effects read back from rasterised PDFs: ``box-shadow``, ``opacity`` and ``overflow`` clipping."""

from __future__ import annotations

import base64
import io
import subprocess
import time

import tinycss2
from PIL import Image

from pdflet.renderers.reportlab.css import properties
from pdflet.renderers.reportlab.css.props_background import MAX_SHADOW_LENGTH, MAX_SHADOWS
from pdflet.renderers.reportlab.css.values import significant
from tests.unit.renderers.conftest import render

RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"
PAGE = {"margin": (0.0, 0.0, 0.0, 0.0)}
DPI = 72  # one pixel per point


def _raster(html: str) -> Image.Image:
    data = render(RESET + html, **PAGE)
    out = subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-f", "1", "-l", "1", "-png"], input=data, capture_output=True, check=True
    ).stdout
    return Image.open(io.BytesIO(out)).convert("RGB")


def _near(pixel: tuple[int, int, int], want: tuple[int, int, int], tol: int = 12) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(pixel, want, strict=True))


def test_shadow_is_offset_spread_and_below_the_background():
    img = _raster("<div style='width: 100pt; height: 50pt; background: white; box-shadow: 10pt 20pt 0 5pt red'></div>")
    assert _near(img.getpixel((50, 25)), (255, 255, 255))  # the box's own background covers its shadow
    assert _near(img.getpixel((50, 70)), (255, 0, 0))  # under the box: offset 20 + spread 5 reaches y=75
    assert _near(img.getpixel((112, 40)), (255, 0, 0))  # right of the box: 10 + 5 reaches x=115
    assert _near(img.getpixel((50, 78)), (255, 255, 255))  # beyond the spread: no shadow
    assert _near(img.getpixel((2, 60)), (255, 255, 255))  # left edge starts at 10 - 5 = 5


def test_inset_shadow_paints_inside_the_padding_box_over_the_background():
    img = _raster(
        "<div style='width: 100pt; height: 60pt; margin: 20pt; background: white; border: 4pt solid blue;"
        " box-shadow: inset 10pt 5pt 0 2pt red'></div>"
    )
    # the padding box runs from 24 to 124 (x) and 24 to 84 (y); the hole is moved 10 right, 5 down, shrunk 2
    assert _near(img.getpixel((30, 50)), (255, 0, 0))  # left band: 10 + 2 wide
    assert _near(img.getpixel((70, 27)), (255, 0, 0))  # top band: 5 + 2 high
    assert _near(img.getpixel((70, 50)), (255, 255, 255))  # the middle keeps its background
    assert _near(img.getpixel((121, 50)), (255, 255, 255))  # right edge: the hole reaches past it
    assert _near(img.getpixel((22, 50)), (0, 0, 255))  # the border stays on top
    assert _near(img.getpixel((10, 50)), (255, 255, 255))  # nothing outside the box


def test_blurred_inset_shadow_fades_inwards():
    img = _raster(
        "<div style='width: 100pt; height: 100pt; margin: 20pt; background: white;"
        " box-shadow: inset 0 0 20pt black'></div>"
    )
    edge, inner, middle = (img.getpixel((x, 70))[0] for x in (21, 25, 70))
    assert edge < inner < middle and middle > 240


def test_without_a_shadow_nothing_is_painted_around_the_box():
    img = _raster("<div style='width: 100pt; height: 50pt; background: white'></div>")
    assert _near(img.getpixel((50, 70)), (255, 255, 255))


def test_shadow_does_not_show_through_a_transparent_box_and_layers_stack_first_on_top():
    img = _raster("<div style='width: 100pt; height: 50pt; box-shadow: 0 0 0 10pt blue, 0 0 0 20pt lime'></div>")
    assert _near(img.getpixel((50, 25)), (255, 255, 255))  # inside the border box: nothing
    assert _near(img.getpixel((50, 55)), (0, 0, 255))  # the first layer is on top
    assert _near(img.getpixel((50, 65)), (0, 255, 0))  # the second shows beyond it


def test_blurred_shadow_fades_across_the_blur_band():
    img = _raster(
        "<div style='margin: 40pt; width: 100pt; height: 50pt; background: white; box-shadow: 0 0 20pt black'></div>"
    )
    near, middle, far = (img.getpixel((90, 90 + d))[0] for d in (1, 5, 30))
    assert near < middle < far == 255  # darker next to the box, gone beyond the blur


def test_rounded_shadow_leaves_the_corner_out():
    img = _raster(
        "<div style='margin: 20pt; width: 100pt; height: 100pt; border-radius: 40pt; box-shadow: 0 0 0 10pt red'></div>"
    )
    assert _near(img.getpixel((14, 14)), (255, 255, 255))  # outside the rounded corner
    assert _near(img.getpixel((70, 14)), (255, 0, 0))  # the straight top edge


def test_opacity_fades_the_box_and_multiplies_into_its_children():
    img = _raster(
        "<div style='width: 200pt; height: 60pt; background: blue; opacity: 0.5'>"
        "<div style='width: 50pt; height: 20pt; background: rgba(255, 0, 0, 0.5)'></div>"
        "<div style='width: 50pt; height: 20pt; opacity: 0.5; background: red'></div></div>"
    )
    r, g, b = img.getpixel((150, 40))
    assert 120 <= r <= 135 and 120 <= g <= 135 and b >= 250  # blue at half strength over white
    # rgba(…, 0.5) red at 0.5 over half blue: its alpha 0.25 multiplies in, not 0.5 or 1
    r, g, b = img.getpixel((25, 10))
    assert 150 <= r <= 175 and b >= 180
    # a nested opacity multiplies too: red at 0.25 over the half blue
    r2, _g2, b2 = img.getpixel((25, 30))
    assert abs(r2 - r) < 8 and abs(b2 - b) < 8


def test_opacity_applies_to_text_and_images_of_a_block():
    img = _raster("<p style='opacity: 0.3; font-size: 60pt; line-height: 1; color: black'>████</p>")
    darkest = min(img.getpixel((x, 30))[0] for x in range(0, 200, 5))
    assert 150 <= darkest <= 200  # black at 0.3 over white: about 179


def test_overflow_hidden_clips_children_to_the_padding_box_and_keeps_the_height():
    img = _raster(
        "<div style='width: 100pt; height: 30pt; padding: 5pt; overflow: hidden; background: #eee'>"
        "<div style='width: 300pt; height: 200pt; background: green'></div></div>"
        "<div style='height: 10pt; background: blue'></div>"
    )
    assert _near(img.getpixel((50, 20)), (0, 128, 0))  # inside: the child shows
    assert _near(img.getpixel((2, 2)), (238, 238, 238))  # the padding shows the box's own background
    assert _near(img.getpixel((50, 45)), (0, 0, 255))  # the next block follows the fixed height (40pt)


def test_overflow_visible_lets_children_out():
    img = _raster(
        "<div style='width: 100pt; height: 30pt; background: #eee'>"
        "<div style='height: 200pt; background: green'></div></div>"
    )
    assert _near(img.getpixel((50, 100)), (0, 128, 0))


def test_overflow_hidden_follows_the_rounded_corners():
    img = _raster(
        "<div style='width: 100pt; height: 100pt; border-radius: 50pt; overflow: hidden'>"
        "<div style='height: 100pt; background: green'></div></div>"
    )
    assert _near(img.getpixel((3, 3)), (255, 255, 255))  # the corner is cut
    assert _near(img.getpixel((50, 50)), (0, 128, 0))


def test_hostile_shadows_and_opacity_stay_bounded():
    layers = ", ".join(f"{i % 7}px {i % 5}px {i}px red" for i in range(10_000))
    start = time.monotonic()
    html = (
        f"<div style='box-shadow: {layers}; height: 20pt'>a</div>"
        "<div style='box-shadow: 0 0 1e9px 1e9px blue; height: 20pt'>b</div>"
        + "<div style='opacity: 0.99'>" * 10_000
        + "deep"
        + "</div>" * 10_000
    )
    data = render(html)
    assert data.startswith(b"%PDF") and time.monotonic() - start < 20
    assert len(data) < 2_000_000


def _compute(name: str, css: str) -> object:
    parent = dict(properties.INITIAL)
    return properties.COMPUTE[name](significant(tinycss2.parse_component_value_list(css)), (parent, parent, 12.0))


def test_box_shadow_values_are_parsed_clamped_and_capped():
    layers = _compute("box-shadow", ", ".join(["1px 2px red"] * 10_000))
    assert isinstance(layers, tuple) and len(layers) == MAX_SHADOWS
    (huge,) = _compute("box-shadow", "0 0 1e9px 1e9px blue")  # type: ignore[misc]
    assert huge[2] == huge[3] == MAX_SHADOW_LENGTH
    (inset,) = _compute("box-shadow", "inset 0 1px 2px rgba(0,0,0,.5)")  # type: ignore[misc]
    assert inset[5] is True and inset[1] == 0.75
    for bad in ("1px", "1px 2px 3px 4px 5px", "1px 2px -3px", "red blue 1px 2px", "1px 2px, "):
        assert _compute("box-shadow", bad) is None, bad
    assert _compute("opacity", "150%") == 1.0 and _compute("opacity", "-2") == 0.0
    assert _compute("overflow", "visible hidden") == "hidden" and _compute("overflow", "wobble") is None


def _png_data(color: tuple[int, int, int]) -> str:
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), color).save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def test_opacity_on_inline_images_alone_and_in_text():
    src = _png_data((0, 0, 0))
    img = _raster(
        f"<p><img src='{src}' style='width: 40pt; height: 40pt; opacity: 0.5'></p>"
        f"<p style='font-size: 40pt; line-height: 1'>Ab<img src='{src}' style='width: 40pt; height: 30pt;"
        " opacity: 0.25'>cd <img src='" + src + "' style='width: 40pt; height: 30pt'></p>"
    )
    assert 120 <= img.getpixel((20, 20))[0] <= 135  # alone on its line: black at half strength
    row = [img.getpixel((x, 70))[0] for x in range(0, 400)]
    faded = [v for v in row if 180 <= v <= 200]  # black at a quarter over white: about 191
    assert len(faded) > 30, row
    assert row.count(0) > 30  # the opaque one next to it stays black
