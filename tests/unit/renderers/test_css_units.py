"""Every CSS length unit in the length properties and inside ``calc()``, read back from the PDF's glyph positions."""

from __future__ import annotations

import pytest

A4 = (595.2756, 841.8898)
#: Points per unit in a <div> with ``font-size: 20pt`` under ``html { font-size: 10pt }``, on an A4 page with no
#: page margins (the viewport is the page). ``ex`` and ``ch`` are half an em: the "0" of the serif face is.
UNITS = {
    "em": 20.0,
    "rem": 10.0,
    "ex": 10.0,
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
