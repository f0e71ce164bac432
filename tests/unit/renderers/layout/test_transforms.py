"""transform: rotate/scale/translate/skew/matrix about the box centre; layout unchanged; bad values ignored."""

from __future__ import annotations

import math

import pytest

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"


def _matrix(doc, letter):
    return next(c for c in doc.chars() if c["text"] == letter)["matrix"]


def test_rotated_fixed_watermark_is_drawn_diagonally(pdf):
    doc = pdf(
        RESET + "<div style='position: fixed; top: 300pt; left: 50pt; font-size: 60pt; color: rgba(200,0,0,.2);"
        " transform: rotate(-45deg)'>DRAFT</div><p>body</p>",
        **PAGE,
    )
    a, b, _c, _d, _, _ = _matrix(doc, "D")
    assert a == pytest.approx(math.cos(math.pi / 4), abs=1e-3) and b == pytest.approx(math.sin(math.pi / 4), abs=1e-3)
    assert "body" in doc.text()


def test_in_flow_transform_rotates_about_the_border_box_and_keeps_the_layout(pdf):
    plain = pdf(RESET + "<p>before</p><div style='width: 100pt; border: 1pt solid red'>PAID</div><p>after</p>", **PAGE)
    turned = pdf(
        RESET + "<p>before</p><div style='width: 100pt; border: 1pt solid red; transform: rotate(10deg)'>PAID</div>"
        "<p>after</p>",
        **PAGE,
    )
    assert turned.chars_of("after")[0]["top"] == pytest.approx(plain.chars_of("after")[0]["top"], abs=0.01)
    _a, b, *_ = _matrix(turned, "P")
    assert b == pytest.approx(-math.sin(math.radians(10)), abs=1e-3)  # clockwise on the page
    centre_x = 36 + 51  # the border box is 102 pt wide from the left margin
    p = turned.chars_of("PAID")[0]
    assert abs(p["x0"] - plain.chars_of("PAID")[0]["x0"]) < 10 and p["x0"] < centre_x


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("scale(2)", (2.0, 0.0, 0.0, 2.0)),
        ("scaleX(3)", (3.0, 0.0, 0.0, 1.0)),
        ("rotate(90deg)", (0.0, -1.0, 1.0, 0.0)),
        ("rotate(0.25turn)", (0.0, -1.0, 1.0, 0.0)),
        ("matrix(1, 0, 0, 1, 10, 20)", (1.0, 0.0, 0.0, 1.0)),
    ],
)
def test_transform_functions_compute_to_pdf_matrices(value, expected):
    from pdflet.renderers.reportlab.css.cascade import Cascade
    from pdflet.renderers.reportlab.parse import parse_html

    root = parse_html("<div>x</div>")
    styles = Cascade([f"div {{ transform: {value} }}"]).compute_tree(root)
    matrix = styles[root.find(".//div")]["transform"]
    assert matrix[:4] == pytest.approx(expected, abs=1e-9)


def test_unknown_or_hostile_transforms_are_ignored(pdf):
    doc = pdf(
        RESET + "<div style='transform: perspective(10px) rotate(5deg)'>one</div>"
        "<div style='transform: scale(1e308)'>two</div><div style='transform: rotate(nandeg)'>three</div>",
        **PAGE,
    )
    assert _matrix(doc, "o")[:4] == (1.0, 0.0, 0.0, 1.0)
    assert {"one", "two", "three"} <= set(doc.text().split())
