"""SVG images: ``data:image/svg+xml`` in ``<img>`` and inline ``<svg>``, drawn as vectors, hostile SVG contained."""

from __future__ import annotations

import base64
import io
import time
import urllib.parse

import pytest
from pypdf import PdfReader

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"
NS = 'xmlns="http://www.w3.org/2000/svg"'
LOGO = f'<svg {NS} width="120" height="40"><rect width="120" height="40" fill="#0000ff"/></svg>'


def _b64(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _rects(doc, color):
    return [r for r in doc.pages[0].rects if tuple(round(v, 2) for v in r.get("non_stroking_color") or ()) == color]


def test_svg_data_uri_image_is_drawn_as_vectors_at_its_size(pdf):
    doc = pdf(RESET + f'<img src="{_b64(LOGO)}">', **PAGE)
    (rect,) = _rects(doc, (0.0, 0.0, 1.0))
    assert abs(rect["width"] - 90) < 0.5 and abs(rect["height"] - 30) < 0.5  # 120 x 40 CSS px
    assert abs(rect["x0"] - 36) < 0.5 and abs(rect["top"] - 36) < 0.5
    assert not doc.pages[0].images  # vectors, not a bitmap


def test_svg_utf8_data_uri_and_css_width_scale_keeping_aspect(pdf):
    src = "data:image/svg+xml;utf8," + urllib.parse.quote(LOGO)
    doc = pdf(RESET + f'<img src="{src}" style="width: 240px">', **PAGE)
    (rect,) = _rects(doc, (0.0, 0.0, 1.0))
    assert abs(rect["width"] - 180) < 0.5 and abs(rect["height"] - 60) < 0.5


def test_inline_svg_sits_in_the_line_and_its_text_is_embedded(pdf):
    icon = (
        '<svg width="16" height="16" viewBox="0 0 16 16"><circle cx="8" cy="8" r="8" fill="#00ff00"/>'
        '<text x="1" y="12" font-family="Arial" font-size="8">ok</text></svg>'
    )
    doc = pdf(RESET + f"<p>before {icon} after</p>", **PAGE)
    page = doc.pages[0]
    circle = next(c for c in page.curves if tuple(c["non_stroking_color"]) == (0.0, 1.0, 0.0))
    before, after = doc.chars_of("before")[-1], doc.chars_of("after")[0]
    assert before["x1"] < circle["x0"] < circle["x1"] < after["x0"]
    assert abs((circle["x1"] - circle["x0"]) - 12) < 0.5
    reader = PdfReader(io.BytesIO(doc.data))
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert all("Pdflet" in str(f["/BaseFont"]) for f in fonts)  # never an unembedded Helvetica


def test_inline_svg_takes_its_css_size(pdf):
    doc = pdf(
        RESET + f'<svg {NS} viewBox="0 0 100 50" style="width: 200px; display: block">'
        '<rect width="100" height="50" fill="#0000ff"/></svg>',
        **PAGE,
    )
    (rect,) = _rects(doc, (0.0, 0.0, 1.0))
    assert abs(rect["width"] - 150) < 0.5 and abs(rect["height"] - 75) < 0.5


@pytest.mark.parametrize(
    "svg",
    [
        "not svg at all <svg",
        f"<svg {NS}><rect width='10' height='10'/>",  # unclosed
        f"<svg {NS} width='0' height='0'></svg>",
        f"<svg {NS} width='1e9' height='1e9'><rect width='1' height='1'/></svg>",
        f"<svg {NS} width='10' height='10'><image href='file:///etc/passwd' width='10' height='10'/></svg>",
        f"<svg {NS} width='10' height='10'><image href='/etc/hostname' width='10' height='10'/></svg>",
        f"<svg {NS} width='10' height='10'><use href='../../etc/passwd.svg#x'/></svg>",
        f"<svg {NS} width='10' height='10'><image href='http://127.0.0.1:9/x.png' width='10' height='10'/></svg>",
    ],
)
def test_broken_or_hostile_svg_is_a_missing_image_not_an_error(pdf, svg):
    doc = pdf(RESET + f'<p>start</p><img src="{_b64(svg)}"><p>end</p>', **PAGE)
    assert "start" in doc.text() and "end" in doc.text()


def test_external_entities_are_never_expanded(pdf):
    svg = (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY leak SYSTEM "file:///etc/passwd">]>'
        f'<svg {NS} width="200" height="20"><text x="0" y="15">[&leak;]</text></svg>'
    )
    doc = pdf(RESET + f'<img src="{_b64(svg)}">', **PAGE)
    assert "root:" not in doc.text()


def test_billion_laughs_and_use_bombs_finish_quickly(pdf):
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    laughs = (
        f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY l0 "lol">{lol}]>'
        f'<svg {NS} width="9" height="9"><text>&l9;</text></svg>'
    )
    uses = "".join(
        f'<g id="g{i}">' + "".join(f'<use href="#g{i - 1}"/>' for _ in range(10)) + "</g>" for i in range(1, 9)
    )
    bomb = (
        f'<svg {NS} width="9" height="9"><defs><rect id="g0" width="1" height="1"/>{uses}</defs>'
        '<use href="#g8"/></svg>'
    )
    started = time.monotonic()
    doc = pdf(RESET + f'<img src="{_b64(laughs)}"><img src="{_b64(bomb)}"><p>end</p>', **PAGE)
    assert "end" in doc.text()
    assert time.monotonic() - started < 20
