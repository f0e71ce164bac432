"""calc(), min(), max() and clamp(): unit tests of the evaluator and PDFs read back."""

from __future__ import annotations

import time

import pytest
import tinycss2

from pdflet.renderers.reportlab.css.calc import CalcError, Env, MixedToken, reduce
from pdflet.renderers.reportlab.css.values import MixedPercent, length_or_percent, resolve


def _reduce(text: str, base: float | None = None):
    return reduce(tinycss2.parse_one_component_value(text), Env(12.0, 16.0, base, (500.0, 1000.0)))


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("calc(1px + 2px)", "dimension", 2.25),
        ("calc(2 * (1em + 3pt))", "dimension", 30.0),
        ("calc(10 / 4)", "number", 2.5),
        ("min(10pt, 2em, 30pt)", "dimension", 10.0),
        ("max(1rem, 10pt)", "dimension", 16.0),
        ("clamp(10pt, 50pt, 20pt)", "dimension", 20.0),
        ("clamp(1, 0, 3)", "number", 1.0),
        ("calc(50% - 10%)", "percentage", 40.0),
        ("-webkit-calc(3pt)", "dimension", 3.0),
        ("calc(10vw + 1vh)", "dimension", 60.0),  # the test viewport is 500pt x 1000pt
        ("min(10vmin, 10vmax)", "dimension", 50.0),
        ("calc(infinity * 1px)", "dimension", 1e9),  # Tailwind's rounded-full: as large as a length gets
        ("calc(-infinity * 1px)", "dimension", -1e9),
        ("calc(NaN * 1pt)", "dimension", 0.0),
        ("min(infinity * 1pt, 30pt)", "dimension", 30.0),
        ("calc(2 * pi)", "number", 6.283185),
    ],
)
def test_pure_expressions_reduce_to_one_token(text, kind, value):
    token = _reduce(text)
    assert token.type == kind and token.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    ["calc(1px + 2)", "calc(1px * 2px)", "calc(1px / 0)", "calc()", "calc(1px 2px)", "clamp(1px, 2px)",
     "min(1, 2px)", "calc(1deg)", "calc(1px + foo)"],
)
def test_invalid_expressions_raise(text):
    with pytest.raises(CalcError):
        _reduce(text)


def test_percentage_with_length_waits_for_the_layout():
    token = _reduce("calc(100% - 20pt)")
    assert isinstance(token, MixedToken)
    value = length_or_percent(token, 12.0, 12.0)
    assert isinstance(value, MixedPercent) and resolve(value, 200.0) == 180.0
    assert resolve(length_or_percent(_reduce("min(100%, 50pt)"), 12.0, 12.0), 40.0) == 40.0
    assert resolve(length_or_percent(_reduce("min(100%, 50pt)"), 12.0, 12.0), 400.0) == 50.0


def test_thousand_deep_nesting_is_refused_quickly(pdf):
    deep = "calc(" * 1000 + "1px" + ")" * 1000
    started = time.monotonic()
    doc = pdf(f"<style>p {{ margin-left: 50pt; margin-left: {deep} }}</style><p style='width: {deep}'>deep</p>")
    assert "deep" in doc.text()
    assert time.monotonic() - started < 10
    with pytest.raises(CalcError):
        _reduce("calc(" * 40 + "1px" + ")" * 40)


def test_lengths_colours_and_font_sizes_in_the_pdf(pdf):
    doc = pdf(
        "<style>html { font-size: 10pt } .a { margin-left: calc(10pt + 2em); font-size: calc(1rem + 4pt) }"
        " .b { width: calc(100% - 300pt); margin-left: auto } .c { margin-left: clamp(0pt, 50% - 100pt, 40pt) }"
        " .d { color: rgb(calc(255 / 1) 0 calc(0)) } .e { font-size: calc(150% + 2pt) }"
        " .f { margin-left: min(100pt, 5em); line-height: calc(1.5) } .g { margin-left: 10vw; border-left:"
        " calc(1pt * 2) solid red } .h { font-size: calc(1.375rem + 1.5vw) }</style>"
        "<p class='a'>alpha</p><div class='b'>beta</div><p class='c'>gamma</p><p class='d'>delta</p>"
        "<p class='e'>eps</p><p class='f'>phi</p><p class='g'>vee</p><h1 class='h'>rfs</h1><p>plain</p>"
    )
    left = doc.chars_of("plain")[0]["x0"]
    alpha = doc.chars_of("alpha")[0]
    assert round(alpha["size"]) == 14 and alpha["x0"] - left == pytest.approx(38.0, abs=0.5)
    width = doc.pages[0].width - 2 * left
    assert doc.chars_of("beta")[0]["x0"] - left == pytest.approx(width - (width - 300), abs=1)
    assert doc.chars_of("gamma")[0]["x0"] - left == pytest.approx(40.0, abs=0.5)
    assert tuple(round(c, 2) for c in doc.chars_of("delta")[0]["non_stroking_color"]) == (1.0, 0.0, 0.0)
    assert round(doc.chars_of("eps")[0]["size"]) == 17
    assert doc.chars_of("phi")[0]["x0"] - left == pytest.approx(50.0, abs=0.5)
    # vw is a hundredth of the page area's width (Chromium's print viewport); the border takes calc() too.
    area = doc.pages[0].width - 2 * 28.8  # Chromium's default margins of 0.4in
    assert doc.chars_of("vee")[0]["x0"] - left == pytest.approx(area / 10 + 2, abs=0.5)
    assert doc.chars_of("rfs")[0]["size"] == pytest.approx(10 * 1.375 + area * 0.015, abs=0.1)
