"""The style stage, read back from the PDF: selectors, specificity, !important, inheritance, units, colours."""

from __future__ import annotations

import pytest


def _color(char):
    return tuple(round(c, 2) for c in char["non_stroking_color"])


def test_specificity_and_source_order(pdf):
    doc = pdf(
        "<style>p { color: red } .a { color: green } #x { color: blue } p.a { font-size: 20px }</style>"
        "<p class='a'>green</p><p id='x' class='a'>blue</p><p>red</p>"
    )
    assert _color(doc.chars_of("green")[0]) == (0.0, 0.5, 0.0)
    assert _color(doc.chars_of("blue")[0]) == (0.0, 0.0, 1.0)
    assert _color(doc.chars_of("red")[0]) == (1.0, 0.0, 0.0)
    assert round(doc.chars_of("green")[0]["size"]) == 15


def test_important_beats_style_attribute_and_request_css_comes_last(pdf):
    doc = pdf(
        "<style>.i { color: red !important } p { font-size: 10pt }</style>"
        "<p class='i' style='color: blue'>imp</p><p>css</p>",
        css="p { font-size: 14pt }",
    )
    assert _color(doc.chars_of("imp")[0]) == (1.0, 0.0, 0.0)
    assert round(doc.chars_of("css")[0]["size"]) == 14


def test_inheritance_and_relative_units(pdf):
    doc = pdf(
        "<style>html { font-size: 10pt } div { font-size: 20pt; color: #336699 } "
        "span { font-size: 0.5em } b { font-size: 2rem } i { font-size: 150% }</style>"
        "<div>parent <span>half</span> <b>root</b> <i>pct</i></div>"
    )
    assert round(doc.chars_of("parent")[0]["size"]) == 20
    assert round(doc.chars_of("half")[0]["size"]) == 10
    assert round(doc.chars_of("root")[0]["size"]) == 20
    assert round(doc.chars_of("pct")[0]["size"]) == 30
    assert _color(doc.chars_of("half")[0]) == (0.2, 0.4, 0.6)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("#f00", (1.0, 0.0, 0.0)),
        ("#00ff00", (0.0, 1.0, 0.0)),
        ("rgb(0, 0, 255)", (0.0, 0.0, 1.0)),
        ("rgba(255, 0, 0, 1)", (1.0, 0.0, 0.0)),
        ("hsl(120, 100%, 25%)", (0.0, 0.5, 0.0)),
        ("rebeccapurple", (0.4, 0.2, 0.6)),
    ],
)
def test_colour_syntaxes(pdf, value, expected):
    doc = pdf(f"<p style='color: {value}'>word</p>")
    assert _color(doc.chars_of("word")[0]) == expected


def test_current_color_and_invalid_values_are_ignored(pdf):
    doc = pdf(
        "<style>p { color: green; font-size: 12pt } p { color: nonsense; font-size: -4pt }</style>"
        "<p style='border: 2px solid currentColor'>kept</p>"
    )
    assert _color(doc.chars_of("kept")[0]) == (0.0, 0.5, 0.0)
    assert round(doc.chars_of("kept")[0]["size"]) == 12
    shapes = doc.pages[0].rects + doc.pages[0].curves
    assert any(tuple(round(c, 2) for c in (r.get("non_stroking_color") or ())) == (0.0, 0.5, 0.0) for r in shapes)


def test_structural_selectors(pdf):
    doc = pdf(
        "<style>li:first-child { color: red } li:nth-child(2) { color: blue } li:not(.x) + li.x { color: green }"
        " [data-k=v] { font-size: 20pt }</style>"
        "<ul><li>one</li><li>two</li><li class='x'>three</li></ul><p data-k='v'>attr</p>"
    )
    assert _color(doc.chars_of("one")[0]) == (1.0, 0.0, 0.0)
    assert _color(doc.chars_of("two")[0]) == (0.0, 0.0, 1.0)
    assert _color(doc.chars_of("three")[0]) == (0.0, 0.5, 0.0)
    assert round(doc.chars_of("attr")[0]["size"]) == 20


def test_units(pdf):
    doc = pdf(
        "<style>body { margin: 0 } p { margin: 0 }</style>"
        "<p style='padding-left: 1in'>in</p><p style='padding-left: 25.4mm'>mm</p>"
        "<p style='padding-left: 6pc'>pc</p><p style='padding-left: 96px'>px</p><p style='padding-left: 2.54cm'>cm</p>",
        margin=(0.0, 0.0, 0.0, 0.0),
    )
    for word in ("in", "mm", "pc", "px", "cm"):
        assert abs(doc.chars_of(word)[0]["x0"] - 72) < 0.5, word


def test_display_none_and_media(pdf):
    doc = pdf(
        "<style>.hide { display: none } @media screen { p { color: red } } @media print { .p { color: blue } }</style>"
        "<p class='hide'>hidden</p><p class='p'>shown</p>"
    )
    assert "hidden" not in doc.text()
    assert _color(doc.chars_of("shown")[0]) == (0.0, 0.0, 1.0)


def test_bare_monospace_is_smaller_like_in_browsers(pdf):
    doc = pdf("<p>a <code>mono</code> <code style='font-family: Courier New, monospace'>named</code></p>")
    assert round(doc.chars_of("mono")[0]["size"], 2) == 9.75
    assert round(doc.chars_of("named")[0]["size"], 2) == 12.0
