"""Generated content read back from the PDF: ``quotes`` and their nesting depth, ``attr()`` with a fallback,
``counter()``/``counters()`` in list styles, ``content: none/normal``, and margin boxes' quotes."""

from __future__ import annotations

import time

import pytest

from pdflet.renderers.reportlab.css.content import counter_string


def _lines(doc) -> list[str]:
    return doc.text().splitlines()


def test_q_elements_nest_double_then_single_quotes(pdf):
    doc = pdf("<p>He said <q>go <q>now</q> or <q>later</q></q> and <q>left</q>.</p>")
    assert _lines(doc) == ["He said \u201cgo \u2018now\u2019 or \u2018later\u2019\u201d and \u201cleft\u201d."]


def test_quotes_pairs_by_depth_the_last_pair_beyond(pdf):
    doc = pdf(
        "<style>p { quotes: '\u00ab' '\u00bb' '<' '>' } q.x::before { content: '[' open-quote }</style>"
        "<p><q>a <q>b <q class='x'>c</q></q></q></p>"
    )
    assert _lines(doc) == ["\u00aba <b [<c>>\u00bb"]


def test_quotes_none_and_an_unmatched_close_quote_show_nothing(pdf):
    doc = pdf(
        "<style>.n { quotes: none } .c::after { content: close-quote '|' }</style>"
        "<p class='n'><q>plain</q></p><p class='c'>lone</p>"
    )
    assert _lines(doc) == ["plain", "lone|"]


def test_no_open_quote_deepens_without_a_mark(pdf):
    doc = pdf(
        "<style>.s::before { content: no-open-quote } .s::after { content: no-close-quote }</style>"
        "<p><span class='s'>skip <q>inner</q></span> <q>outer</q></p>"
    )
    assert _lines(doc) == ["skip \u2018inner\u2019 \u201couter\u201d"]


@pytest.mark.parametrize("value", ["'a'", "'a' 'b' 'c'", "1 2", "auto 'x' 'y'"])
def test_invalid_quotes_keep_the_earlier_value(pdf, value):
    doc = pdf(f"<style>p {{ quotes: '<' '>' }} p {{ quotes: {value} }}</style><p><q>q</q></p>")
    assert _lines(doc) == ["<q>"]


def test_attr_with_a_fallback_for_a_missing_attribute(pdf):
    doc = pdf(
        "<style>p::before { content: '[' attr(data-tag, 'none given') '] ' }</style>"
        "<p data-tag='urgent'>a</p><p>b</p><p data-tag=''>c</p>"
    )
    assert _lines(doc) == ["[urgent] a", "[none given] b", "[] c"]


@pytest.mark.parametrize("value", ["attr(data-x, 5)", "attr(data-x, 'a', 'b')", "attr(data-x, ident)"])
def test_attr_with_a_bad_fallback_is_dropped(pdf, value):
    doc = pdf(f"<style>p::before {{ content: 'ok ' {value} }}</style><p data-x='X'>t</p>")
    assert _lines(doc) == ["ok t"]


def test_attr_inside_counted_content_uses_the_owner(pdf):
    doc = pdf(
        "<style>li { list-style: none } li::before { counter-increment: n;"
        " content: counter(n) ' ' attr(title, '-') ': ' }</style>"
        "<ol><li title='Alpha'>one</li><li>two</li></ol>"
    )
    assert _lines(doc) == ["1 Alpha: one", "2 -: two"]


def test_counters_with_separators_and_list_styles(pdf):
    doc = pdf(
        "<style>ol { counter-reset: item; list-style: none }"
        " li::before { counter-increment: item; content: counters(item, ' / ', upper-roman) ' ' }"
        " .g li::before { content: counters(item, '\u2013', lower-greek) ' ' }</style>"
        "<ol><li>A<ol><li>B</li><li>C<ol class='g'><li>D</li></ol></li></ol></li></ol>"
    )
    assert _lines(doc) == ["I A", "I / I B", "I / II C", "\u03b1\u2013\u03b2\u2013\u03b1 D"]


def test_counter_in_a_bullet_style_shows_the_bullet(pdf):
    doc = pdf(
        "<style>p::before { counter-increment: b; content: counter(b, disc) counter(b, square)"
        " counter(b, circle) counter(b, none) ' ' counter(b, decimal-leading-zero) ' ' }</style><p>x</p>"
    )
    assert _lines(doc) == ["\u2022\u25aa\u25e6 01 x"]


def test_content_none_and_normal_remove_the_box(pdf):
    doc = pdf(
        "<style>p::before { content: '>> ' } p.n::before { content: none } p.m::before { content: normal }"
        " p.a::after { content: ' after' } p.a::after { content: NONE }</style>"
        "<p>kept</p><p class='n'>none</p><p class='m'>normal</p><p class='a'>gone</p>"
    )
    assert _lines(doc) == [">> kept", "none", "normal", ">> gone"]


@pytest.mark.parametrize("value", ["'x' none", "none 'x'", "normal normal"])
def test_none_or_normal_among_other_parts_is_invalid(pdf, value):
    doc = pdf(f"<style>p::before {{ content: 'earlier ' }} p::before {{ content: {value} }}</style><p>t</p>")
    assert _lines(doc) == ["earlier t"]


def test_margin_box_quotes_show_the_outer_marks(pdf):
    doc = pdf("<style>@page { @top-center { content: open-quote 'Title' close-quote } }</style><p>body</p>")
    assert "\u201cTitle\u201d" in doc.text()


def test_deep_quotes_and_many_pairs_stay_bounded(pdf):
    pairs = " ".join("'a' 'b'" for _ in range(5000))
    started = time.monotonic()
    doc = pdf(f"<style>q {{ quotes: {pairs} }}</style>" + "<q>" * 3000 + "x" + "</q>" * 3000)
    assert "x" in doc.text()
    assert time.monotonic() - started < 30


def test_predefined_counter_styles_of_other_scripts(pdf):
    doc = pdf(
        "<style>p { counter-reset: n 42 } p::before { counter-increment: n; content: counter(n, georgian) ' '"
        " counter(n, upper-armenian) ' ' counter(n, lower-armenian) ' '"
        " counter(n, cjk-decimal) ' ' }</style><p>x</p>"
    )
    assert _lines(doc) == ["\u10db\u10d2 \u053d\u0533 \u056d\u0563 \u56db\u4e09 x"]


@pytest.mark.parametrize(
    ("kind", "number", "text"),
    [
        ("devanagari", 1205, "\u0967\u0968\u0966\u096b"),
        ("thai", -12, "-\u0e51\u0e52"),
        ("georgian", 10001, "\u10f5\u10d0"),
        ("cjk-decimal", -3, "-3"),
    ],
)
def test_numeric_and_additive_styles(kind, number, text):
    assert counter_string(kind, number) == text


def test_out_of_range_counters_fall_back_to_decimal(pdf):
    doc = pdf(
        "<style>p { counter-reset: n 19999 } p::before { counter-increment: n; content: counter(n, georgian) ' '"
        " counter(n, armenian) ' ' }</style><p>x</p>"
    )
    assert _lines(doc) == ["20000 20000 x"]


def test_list_markers_in_a_predefined_style(pdf):
    doc = pdf("<ol style='list-style-type: georgian; list-style-position: inside'><li>a</li><li>b</li></ol>")
    assert _lines(doc) == ["\u10d0. a", "\u10d1. b"]


def test_calc_in_integer_properties_rounds_halves_up(pdf):
    doc = pdf(
        "<style>body { counter-reset: n calc(5 / 2) } p::before { counter-increment: n calc(1 + 1);"
        " content: counter(n) ' ' } p.h::before { counter-increment: n calc(0.4) }</style><p>a</p><p class='h'>b</p>"
    )
    assert _lines(doc) == ["5 a", "5 b"]


def test_generated_text_of_many_counters_is_capped():
    from xml.etree.ElementTree import Element

    from pdflet.renderers.reportlab.css.content import MAX_TEXT, walk_text

    parts = (("ctrs", "n", "-" * 20, "decimal"),) * 5000
    text = walk_text(parts, Element("p"), {"n": list(range(64))}, [0], "auto")
    assert len(text) == MAX_TEXT
