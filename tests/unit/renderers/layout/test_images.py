"""Images: data: URIs through the fetcher, sizing, aspect ratio, and broken or refused sources."""

from __future__ import annotations

import base64
import io

from PIL import Image


def _data_uri(width: int, height: int, fmt: str = "PNG", color=(200, 30, 30)) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, fmt)
    mime = {"PNG": "png", "JPEG": "jpeg", "GIF": "gif"}[fmt]
    return f"data:image/{mime};base64," + base64.b64encode(buffer.getvalue()).decode()


def test_png_jpeg_gif_are_placed(pdf):
    html = "".join(f"<p><img src='{_data_uri(40, 20, fmt)}'></p>" for fmt in ("PNG", "JPEG", "GIF"))
    doc = pdf(html)
    assert len(doc.pages[0].images) == 3


def test_attribute_size_keeps_aspect(pdf):
    doc = pdf(f"<img src='{_data_uri(200, 100)}' width='100'>")
    image = doc.pages[0].images[0]
    assert abs(image["width"] - 75) < 0.5
    assert abs(image["height"] - 37.5) < 0.5


def test_css_percent_width_and_never_wider_than_container(pdf):
    doc = pdf(
        f"<style>body {{ margin: 0 }}</style><div style='width: 200pt'><img src='{_data_uri(2000, 1000)}'></div>"
        f"<img style='width: 50%; height: auto' src='{_data_uri(100, 100)}'>",
        margin=(36.0, 36.0, 36.0, 36.0),
    )
    first, second = doc.pages[0].images
    assert abs(first["width"] - 200) < 0.5 and abs(first["height"] - 100) < 0.5
    assert abs(second["width"] - (doc.pages[0].width - 72) / 2) < 0.5
    assert abs(second["width"] - second["height"]) < 0.5


def test_broken_and_refused_images_are_ignored(pdf):
    doc = pdf(
        "<p>a<img src='data:image/png;base64,AAAA'>b<img src='http://127.0.0.1:9/x.png'>"
        "c<img src='file:///etc/passwd'>d<img src='data:image/png;base64,!!!'>e<img></p>"
    )
    assert doc.pages[0].images == []
    assert "abcde" in doc.text().replace(" ", "")


def test_centred_image(pdf):
    doc = pdf(
        f"<style>body {{ margin: 0 }}</style><p style='text-align: center'><img src='{_data_uri(100, 50)}'></p>",
        margin=(36.0, 36.0, 36.0, 36.0),
    )
    image = doc.pages[0].images[0]
    assert abs((image["x0"] + image["x1"]) / 2 - doc.pages[0].width / 2) < 1


def test_size_attributes_parse_as_html_dimensions(pdf):
    """``width="100%"`` is a percentage of the containing block; ``96.5``/``96px`` are pixels; junk is ignored."""
    uri = _data_uri(10, 10)
    doc = pdf(
        f"<div style='width: 300pt'><img src='{uri}' width='100%' height='50'></div>"
        f"<div><img src='{uri}' width='96px'></div><div><img src='{uri}' width=' 20.5 '></div>"
        f"<div><img src='{uri}' width='wide' height='-3'></div><div><img src='{uri}' width='0'></div>"
    )
    sizes = [(round(i["width"], 2), round(i["height"], 2)) for i in doc.pages[0].images]
    assert sizes == [(300.0, 37.5), (72.0, 72.0), (15.38, 15.38), (7.5, 7.5), (7.5, 7.5)]
