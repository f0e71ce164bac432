"""Modern colour syntaxes (Color 4/5): unit values and text colours read back from the PDF."""

from __future__ import annotations

import pytest
import tinycss2

from pdflet.renderers.reportlab.css.values import parse_color


def _parse(text: str, current=(0.0, 0.0, 1.0, 1.0)):
    color = parse_color(tinycss2.parse_one_component_value(text), current)
    return None if color is None else tuple(round(c, 2) for c in color)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oklch(62.8% 0.2577 29.23)", (1.0, 0.0, 0.0, 1.0)),
        ("oklab(0.628 0.225 0.126)", (1.0, 0.0, 0.0, 1.0)),
        ("lab(54.29% 80.8 69.9)", (1.0, 0.0, 0.0, 1.0)),
        ("lch(54.29% 106.8 40.85)", (1.0, 0.0, 0.0, 1.0)),
        ("hwb(120 0% 50%)", (0.0, 0.5, 0.0, 1.0)),
        ("rgb(255 0 0 / 50%)", (1.0, 0.0, 0.0, 0.5)),
        ("rgb(none 128 0)", (0.0, 0.5, 0.0, 1.0)),
        ("color(srgb 0 0 1)", (0.0, 0.0, 1.0, 1.0)),
        ("color-mix(in srgb, red, blue)", (0.5, 0.0, 0.5, 1.0)),
        ("color-mix(in oklab, red 50%, transparent)", (1.0, 0.0, 0.0, 0.5)),
        ("color-mix(in srgb, currentColor 50%, white)", (0.5, 0.5, 1.0, 1.0)),
        ("color-mix(in hsl, red, blue)", (1.0, 0.0, 1.0, 1.0)),
        ("color-mix(in lab, red 30%, blue 30%)", (0.76, 0.0, 0.53, 0.6)),
        # Tailwind 4: --color-red-500 and its /10 opacity modifier.
        ("color-mix(in oklab, oklch(63.7% 0.237 25.331) 10%, transparent)", (0.98, 0.17, 0.21, 0.1)),
    ],
)
def test_colour_functions(text, expected):
    assert _parse(text) == expected


@pytest.mark.parametrize(
    "text",
    ["oklch(foo)", "color-mix(in nowhere, red, blue)", "color-mix(red, blue)", "color-mix(in srgb, red 0%, blue 0%)",
     "color-mix(in srgb, red 150%, blue)", "lab()", "color-mix(in srgb, red)"],
)
def test_invalid_colour_functions(text):
    assert _parse(text) is None


def test_colours_in_the_pdf(pdf):
    doc = pdf(
        "<style>:root { --color-blue-500: oklch(62.3% 0.214 259.815) } .a { color: oklch(62.8% 0.2577 29.23) }"
        " .b { color: color-mix(in oklab, var(--color-blue-500) 100%, transparent) } .c { color: hwb(120 0% 50%) }"
        " .d { color: blue; border: 1px solid color-mix(in srgb, currentColor, red) }"
        " .e { color: rgb(0 0 255 / 100%) }</style>"
        "<p class='a'>alpha</p><p class='b'>beta</p><p class='c'>gamma</p><p class='d'>delta</p><p class='e'>eps</p>"
    )

    def color(word):
        return tuple(round(c, 2) for c in doc.chars_of(word)[0]["non_stroking_color"])

    assert color("alpha") == (1.0, 0.0, 0.0)
    assert color("beta") == (0.17, 0.5, 1.0)
    assert color("gamma") == (0.0, 0.5, 0.0)
    assert color("eps") == (0.0, 0.0, 1.0)
    fills = {tuple(round(c, 2) for c in r["non_stroking_color"]) for r in doc.pages[0].rects + doc.pages[0].curves
             if r.get("non_stroking_color") and r["fill"]}
    assert (0.5, 0.0, 0.5) in fills


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rgb(0%, 0, 0)", None),  # CSS 2.1 comma syntax: three numbers or three percentages, not both
        ("rgb(255, 0%, 0)", None),
        ("rgba(0, 0%, 0, 0.5)", None),
        ("rgb(0% 128 0)", (0.0, 0.5, 0.0, 1.0)),  # the space-separated form may mix them
        ("rgb(10%, 20%, 30%)", (0.1, 0.2, 0.3, 1.0)),
        ("rgb(256, 0, +128)", (1.0, 0.0, 0.5, 1.0)),  # out of range clamps; a plus sign is a number
        ("rgba(0, 128, 0, 50%)", (0.0, 0.5, 0.0, 0.5)),  # alpha is its own type
        ("#00000", None),
        ("#1000000", None),
    ],
)
def test_legacy_rgb_syntax(text, expected):
    assert _parse(text) == expected


def test_an_invalid_colour_leaves_the_declaration_before_it(pdf):
    doc = pdf("<style>p { color: #008000 } p { color: rgb(0%, 0, 255) } p { color: #00000 }</style><p>kept</p>")
    assert tuple(round(c, 2) for c in doc.chars_of("kept")[0]["non_stroking_color"]) == (0.0, 0.5, 0.0)
