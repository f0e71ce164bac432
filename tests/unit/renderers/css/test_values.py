"""Every CSS length unit in the length properties and inside ``calc()``, read back from the PDF's glyph positions."""

from __future__ import annotations

import pytest

from pdflet.renderers.reportlab.css.font_units import ratios

A4 = (595.2756, 841.8898)
#: Points per unit in a <div> with ``font-size: 20pt`` under ``html { font-size: 10pt }``, on an A4 page with no
#: page margins (the viewport is the page). ``ex`` is the serif face's x-height, ``ch`` its "0" (half an em).
UNITS = {
    "em": 20.0,
    "rem": 10.0,
    "ex": 20.0 * ratios(("serif",), False, False)[0],
    "ch": 10.0,
    "vw": A4[0] / 100,
    "vh": A4[1] / 100,
    "vmin": A4[0] / 100,
    "vmax": A4[1] / 100,
    "Q": 72.0 / 101.6,
    "pc": 12.0,
    "in": 72.0,
    "cm": 72.0 / 2.54,
    "mm": 72.0 / 25.4,
    "px": 0.75,
    "pt": 1.0,
}
#: The property set on each marked block; each moves its text right by the value (one unit: below the caps
#: layout puts on padding and borders).
MOVES = {
    "mar": "margin-left: {}",
    "pad": "padding-left: {}",
    "ind": "text-indent: {}",
    "pos": "position: relative; left: {}",
    "bor": "border-left: {} solid black",
    "cal": "margin-left: calc({half} + {half})",
    "mix": "margin-left: calc(50% + 2 * {half} - 50%)",
}


def _document(unit: str) -> str:
    blocks = "".join(
        f"<div style='{style.format(f'1{unit}', half=f'0.5{unit}')}'>{word}</div>" for word, style in MOVES.items()
    )
    return (
        "<style>html { font-size: 10pt } body { margin: 0 } div { font-size: 20pt }</style>"
        f"<div>ref</div>{blocks}"
    )


@pytest.mark.parametrize("unit", list(UNITS))
def test_a_length_unit_in_each_length_property_and_in_calc(pdf, unit):
    doc = pdf(_document(unit), margin=(0.0, 0.0, 0.0, 0.0))
    left = doc.chars_of("ref")[0]["x0"]
    for word in MOVES:
        moved = doc.chars_of(word)[0]["x0"] - left
        assert moved == pytest.approx(UNITS[unit], abs=0.05), (word, unit)


@pytest.mark.parametrize(("size", "points"), [("2Q", 2 * 72 / 101.6), ("1pc", 12.0), ("3vmin", A4[0] * 0.03)])
def test_font_size_in_less_common_units(pdf, size, points):
    doc = pdf(f"<p style='font-size: calc({size} * 10)'>big</p>", margin=(0.0, 0.0, 0.0, 0.0))
    assert doc.chars_of("big")[0]["size"] == pytest.approx(10 * points, abs=0.05)


def test_unknown_units_leave_the_earlier_value(pdf):
    doc = pdf(
        "<style>body { margin: 0 } div { margin-left: 1in } div { margin-left: 3furlongs }"
        " p { margin: 0; margin-left: calc(1in + 2parsecs) }</style><div>kept</div><p>calcd</p>",
        margin=(0.0, 0.0, 0.0, 0.0),
    )
    assert doc.chars_of("kept")[0]["x0"] == pytest.approx(72.0, abs=0.05)
    assert doc.chars_of("calcd")[0]["x0"] == pytest.approx(0.0, abs=0.05)


@pytest.mark.parametrize("family", ["sans-serif", "monospace", "serif"])
def test_ch_is_the_advance_of_zero_in_the_element_font(pdf, family):
    doc = pdf(
        f"<style>body {{ margin: 0 }} div {{ font: 15pt {family}; margin: 0 }}</style>"
        "<div>00000zero</div><div style='margin-left: 5ch'>five</div>"
        "<div style='padding-left: calc(2ch + 3ch)'>calc</div><div style='--w: 5ch; text-indent: var(--w)'>var</div>",
        margin=(0.0, 0.0, 0.0, 0.0),
    )
    zeros = doc.chars_of("zero")[0]["x0"]
    for word in ("five", "calc", "var"):
        assert doc.chars_of(word)[0]["x0"] == pytest.approx(zeros, abs=0.05), word


def test_ex_follows_the_font_and_font_size_ex_the_parent_font(pdf):
    doc = pdf(
        "<style>body { margin: 0 } div { margin: 0; font-size: 20pt } .s { font-family: sans-serif }"
        " .m { margin-left: 10ex } .f { font-size: 3ex }</style>"
        "<div class='m'>serif</div><div class='s m'>sans</div><div class='s'><span class='f'>big</span></div>",
        margin=(0.0, 0.0, 0.0, 0.0),
    )
    serif_ex, sans_ex = ratios(("serif",), False, False)[0], ratios(("sans-serif",), False, False)[0]
    assert 0.4 < serif_ex < sans_ex < 0.6  # Times-like and Arial-like x-heights
    assert doc.chars_of("serif")[0]["x0"] == pytest.approx(200 * serif_ex, abs=0.05)
    assert doc.chars_of("sans")[0]["x0"] == pytest.approx(200 * sans_ex, abs=0.05)
    assert doc.chars_of("big")[0]["size"] == pytest.approx(60 * sans_ex, abs=0.05)


def test_many_font_lists_with_ex_stay_fast(pdf):
    import time

    rule = ".c{0} {{ font-family: 'F{0}', sans-serif; margin-left: 1ex; width: calc(10ch + 1ex) }}"
    rules = "".join(rule.format(i) for i in range(600))
    body = "".join(f"<p class='c{i}'>t</p>" for i in range(600))
    started = time.monotonic()
    doc = pdf(f"<style>{rules}</style>{body}")
    assert doc.chars_of("t")[0]["x0"] > 0
    assert time.monotonic() - started < 10
