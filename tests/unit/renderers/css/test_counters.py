"""CSS counters in generated content: numbered sections, nested clause numbers, figure numbers."""

from __future__ import annotations

import time


def test_sections_and_subsections_number_themselves(pdf):
    doc = pdf(
        "<style>body { counter-reset: sec } h2 { counter-reset: sub }"
        " h2::before { counter-increment: sec; content: counter(sec) '. ' }"
        " h3::before { counter-increment: sub; content: counter(sec) '.' counter(sub, lower-alpha) ' ' }</style>"
        "<h2>Scope</h2><h3>Parties</h3><h3>Term</h3><h2>Payment</h2><h3>Fees</h3>"
    )
    lines = doc.text().splitlines()
    assert lines == ["1. Scope", "1.a Parties", "1.b Term", "2. Payment", "2.a Fees"]


def test_counters_joins_nested_instances(pdf):
    doc = pdf(
        "<style>ol { counter-reset: item; list-style: none }"
        " li::before { counter-increment: item; content: counters(item, '.') ') ' }</style>"
        "<ol><li>One<ol><li>Nested A</li><li>Nested B</li></ol></li><li>Two</li></ol>"
    )
    assert doc.text().splitlines() == ["1) One", "1.1) Nested A", "1.2) Nested B", "2) Two"]


def test_increment_on_the_element_and_roman_style(pdf):
    doc = pdf(
        "<style>figure { counter-increment: fig }"
        " figcaption::before { content: 'Figure ' counter(fig, upper-roman) ': ' }</style>"
        "<figure><figcaption>Chart</figcaption></figure><figure><figcaption>Table</figcaption></figure>"
    )
    assert "Figure I: Chart" in doc.text() and "Figure II: Table" in doc.text()


def test_counter_set_reset_values_and_none(pdf):
    doc = pdf(
        "<style>p::before { counter-increment: n 5; content: counter(n) ' ' } p.s { counter-set: n 100 }"
        " p.z::before { counter-increment: none } div { counter-reset: n -3 }</style>"
        "<p>a</p><p class='s'>b</p><p class='z'>c</p><div><p>d</p></div>"
    )
    assert doc.text().splitlines() == ["5 a", "105 b", "105 c", "2 d"]


def test_many_and_deep_counters_finish_quickly(pdf):
    deep = "<div class='r'>" * 2000 + "<p>x</p>" + "</div>" * 2000
    many = "<p>y</p>" * 3000
    started = time.monotonic()
    doc = pdf(
        "<style>.r { counter-reset: a b c d } p::before { counter-increment: a b c d;"
        " content: counters(a, '.') counter(b) }</style>" + deep + many
    )
    assert "x" in doc.text()
    assert time.monotonic() - started < 30


def test_counter_used_after_its_scope_ended(pdf):
    doc = pdf(
        "<style>div { counter-reset: a } p::before { counter-increment: a; content: counter(a) ' ' }</style>"
        "<section><div><p>in</p></div><p>sibling</p></section><p>out</p><p>again</p>"
    )
    # a reset reaches the element's following siblings, not past its parent: "out" starts a new counter
    assert doc.text().splitlines() == ["1 in", "2 sibling", "1 out", "2 again"]
