"""Media queries answered for the page, @supports answered from the property table, the CSS size limit."""

from __future__ import annotations

import pytest
import tinycss2

from pdflet.errors import RenderFailed
from pdflet.renderers.reportlab.css import sheets as sheets_module
from pdflet.renderers.reportlab.css.media import MediaContext, matches
from pdflet.renderers.reportlab.css.supports import supports

A4_AREA = MediaContext(700.0, 1000.0)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("print", True), ("all", True), ("screen", False), ("speech", False), ("tv", False), ("not screen", True),
        ("not print", False), ("only print", True), ("screen, print", True), ("", True), ("garbage !", False),
        ("print and (min-width: 600px)", True), ("screen and (min-width: 1px)", False),
        ("(max-width: 640px)", False), ("(min-width: 1200px)", False), ("(width: 700px)", True),
        ("(400px <= width < 800px)", True), ("(800px <= width)", False), ("(width >= 43em)", True),
        ("(width > 700px)", False), ("(1000px >= height)", True),
        ("(orientation: portrait)", True), ("(orientation: landscape)", False),
        ("(min-aspect-ratio: 16/9)", False), ("(max-aspect-ratio: 1/1)", True),
        ("(prefers-color-scheme: dark)", False), ("(prefers-color-scheme: light)", True),
        ("(prefers-reduced-motion: reduce)", True), ("(prefers-reduced-motion: no-preference)", False),
        ("(min-resolution: 2dppx)", False), ("(min-resolution: 1dppx)", True), ("(resolution: 96dpi)", True),
        ("(hover)", False), ("(hover: hover)", False), ("(color)", True), ("(foo: 1)", False), ("(foo)", False),
        ("not (min-width: 1000px)", True), ("(min-width: 100px) and (max-width: 800px)", True),
        ("(min-width: 10000px) or (color)", True), ("not all and (monochrome)", True),
        ("(min-width: 1px) and (max-width: 2px) or (color)", False),  # and/or mixed without parentheses
    ],
)
def test_media_queries(query, expected):
    assert matches(query, A4_AREA) is expected


def test_landscape_page_answers_orientation():
    assert matches("(orientation: landscape)", MediaContext(1000, 700))


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("(display: grid)", True), ("(display: flex)", True), ("(display: ruby)", False),
        ("(color: oklch(50% 0.1 20))", True), ("(color: nonsense)", False), ("(gap: 1rem)", True),
        ("(width: calc(100% - 1px))", True), ("(width: calc(1px + 1))", False), ("(--anything: x)", True),
        ("(color: var(--x))", True), ("(frobnicate: 1)", False), ("not (display: ruby)", True),
        ("(display: grid) and (not (display: ruby))", True), ("(display: ruby) or (display: block)", True),
        ("selector(a > b)", True), ("selector(a::frob)", False), ("selector(:frobnicate)", False),
        ("font-tech(color-COLRv1)", False),
        ("display: grid", False), ("(color: inherit)", True),
    ],
)
def test_supports_conditions(condition, expected):
    assert supports(tinycss2.parse_component_value_list(condition)) is expected


def _color(char):
    return tuple(round(c, 2) for c in char["non_stroking_color"])


def test_media_rules_in_the_pdf(pdf):
    doc = pdf(
        "<style>p { color: black } @media screen { .a { color: red } } @media print { .b { color: green } }"
        " @media (max-width: 640px) { .c { color: red } } @media (min-width: 1200px) { .c { color: red } }"
        " @media (min-width: 600px) and (max-width: 900px) { .d { color: green } }"
        " @media (prefers-color-scheme: dark) { .e { color: red } }"
        " @supports (display: grid) { .f { color: green } } @supports (display: ruby) { .g { color: red } }"
        "</style><style media='screen'>.h { color: red }</style><style media='print and (orientation: portrait)'>"
        ".i { color: green }</style>"
        "<p class='a'>alpha</p><p class='b'>beta</p><p class='c'>gamma</p><p class='d'>delta</p>"
        "<p class='e'>eps</p><p class='f'>phi</p><p class='g'>gee</p><p class='h'>aitch</p><p class='i'>eye</p>"
    )
    green, black = (0.0, 0.5, 0.0), (0.0, 0.0, 0.0)
    expected = {"alpha": black, "beta": green, "gamma": black, "delta": green, "eps": black, "phi": green,
                "gee": black, "aitch": black, "eye": green}
    assert {word: _color(doc.chars_of(word)[0]) for word in expected} == expected


def test_page_size_from_page_rule_answers_media_queries(pdf):
    doc = pdf(
        "<style>@page { size: A4 landscape } @media (orientation: landscape) { p { color: green } }</style>"
        "<p>wide</p>"
    )
    assert _color(doc.chars_of("wide")[0]) == (0.0, 0.5, 0.0)
    assert doc.pages[0].width > doc.pages[0].height


def test_big_style_element_is_not_cut(pdf):
    filler = "/*" + "x" * 2_100_000 + "*/"
    doc = pdf(f"<style>{filler} p {{ color: green }}</style><p>late rule</p>")
    assert _color(doc.chars_of("late")[0]) == (0.0, 0.5, 0.0)


def test_css_past_the_byte_limit_fails_with_a_reason(pdf, monkeypatch):
    monkeypatch.setattr(sheets_module, "MAX_CSS_BYTES", 1000)
    pdf("<style>" + "p{}" * 200 + "</style><p>fits</p>")
    with pytest.raises(RenderFailed, match="CSS is more than 1000 bytes"):
        pdf("<style>" + "p{}" * 200 + "</style><p>x</p>", css="p{}" * 150)
