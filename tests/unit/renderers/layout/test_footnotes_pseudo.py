"""``::footnote-call`` and ``::footnote-marker`` (CSS GCPM): styleable, numbered by the ``footnote`` counter."""

from __future__ import annotations

import re
import time

from pdflet.renderers.reportlab.layout import builder

STYLE = "<style>.fn { float: footnote; font-size: 9pt } p { margin: 0 0 6pt; font-size: 12pt }</style>"


def _text(doc) -> str:
    return "\n".join(page.extract_text() or "" for page in doc.pages)


def test_default_call_is_raised_and_smaller_and_the_marker_numbers_the_note(pdf):
    doc = pdf(STYLE + "<p>Body text<span class='fn'>The note.</span> goes on.</p>")
    page = doc.pages[0]
    body = next(c for c in page.chars if c["text"] == "B")
    call = next(c for c in page.chars if c["text"] == "1" and c["top"] < page.height / 2)
    assert call["size"] < 9 and call["bottom"] < body["bottom"] - 2  # raised, smaller
    assert "1. The note." in _text(doc)


def test_author_styles_for_call_and_marker(pdf):
    css = (
        "<style>.fn::footnote-call { content: '[' counter(footnote) ']'; vertical-align: baseline;"
        " font-size: 100% } .fn::footnote-marker { content: '(' counter(footnote, lower-roman) ') ' }</style>"
    )
    doc = pdf(STYLE + css + "<p>One<span class='fn'>First.</span> two<span class='fn'>Second.</span> end.</p>")
    text = _text(doc)
    assert "One[1] two[2] end." in text
    assert "(i) First." in text and "(ii) Second." in text
    page = doc.pages[0]
    bracket = next(c for c in page.chars if c["text"] == "[")
    assert abs(bracket["size"] - 12) < 0.1  # the call inherits from the paragraph it sits in


def test_call_none_and_marker_none(pdf):
    css = "<style>.fn::footnote-call { content: none } .fn::footnote-marker { content: none }</style>"
    doc = pdf(STYLE + css + "<p>Plain<span class='fn'>Note.</span> text.</p>")
    text = _text(doc)
    assert "Plain text." in text
    assert "1" not in text


def test_counter_reset_on_an_element_restarts_the_numbers(pdf):
    css = "<style>section { counter-reset: footnote }</style>"
    chapter = "<section><p>A<span class='fn'>Alpha.</span> b<span class='fn'>Beta.</span></p></section>"
    doc = pdf(STYLE + css + chapter + chapter.replace("Alpha", "Gamma").replace("Beta", "Delta"))
    text = _text(doc)
    assert "1. Alpha." in text and "2. Beta." in text
    assert "1. Gamma." in text and "2. Delta." in text


def test_explicit_increment_replaces_the_implied_one(pdf):
    css = "<style>.fn { counter-increment: footnote 10 }</style>"
    doc = pdf(STYLE + css + "<p>A<span class='fn'>Ten.</span> b<span class='fn'>Twenty.</span></p>")
    text = _text(doc)
    assert "10. Ten." in text and "20. Twenty." in text


def test_hostile_marker_and_call_content_stay_bounded(pdf):
    started = time.monotonic()
    huge = "x" * 20_000
    css = f"<style>.fn::footnote-marker {{ content: '{huge}' }} .fn::footnote-call {{ content: '{huge}' }}</style>"
    doc = pdf(STYLE + css + "<p>A<span class='fn'>n<span class='fn'>inner</span></span> b</p>")
    assert len(doc.pages) < 200
    assert "inner" in _text(doc)
    assert time.monotonic() - started < 30


def test_notes_past_the_limit_stay_in_the_text_without_their_marker(pdf, monkeypatch):
    monkeypatch.setattr(builder, "MAX_FOOTNOTES", 2)
    notes = "A<span class='fn'>One.</span> b<span class='fn'>Two.</span> c<span class='fn'>Three.</span>"
    doc = pdf(STYLE + f"<p>{notes}</p>")
    text = _text(doc)
    assert "1. One." in text and "2. Two." in text
    assert "Three." in text and "3. Three." not in text and "3Three" not in text


def _page_notes(page) -> list[int]:
    return [int(n) for n in re.findall(r"(\d+)\. Note for paragraph", page.extract_text() or "")]


def test_counter_reset_in_at_page_restarts_the_numbers_on_each_page(pdf):
    body = "".join(
        f"<p>Paragraph {i} goes on"
        + (f"<span class='fn'>Note for paragraph {i}.</span>" if i % 4 == 1 else "")
        + " and on with more words." * 4
        + "</p>"
        for i in range(70)
    )
    per_page = [
        _page_notes(page) for page in pdf(STYLE + "<style>@page { counter-reset: footnote }</style>" + body).pages
    ]
    with_notes = [numbers for numbers in per_page if numbers]
    assert len(with_notes) >= 2
    for numbers in with_notes:
        assert numbers == list(range(1, len(numbers) + 1))
    running = [n for numbers in (_page_notes(p) for p in pdf(STYLE + body).pages) for n in numbers]
    assert running == list(range(1, len(running) + 1)) and len(running) > len(with_notes[0])
