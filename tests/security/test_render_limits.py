"""The renderer's own limits, in-process: documents too large to lay out in time are refused with a reason
before layout, and paragraphs that span many pages come out whole and in order."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest

from pdflet import render_pdf
from pdflet.errors import RenderFailed
from pdflet.renderers.reportlab.layout.builder import MAX_PARAGRAPH_CHARS
from pdflet.renderers.reportlab.parse import MAX_ELEMENTS, parse_html


def words(pdf: bytes) -> tuple[list[str], int]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = " ".join(page.extract_text() or "" for page in doc.pages)
        return re.findall(r"w\d+", text), len(doc.pages)


def test_too_many_elements_are_refused_before_parsing():
    with pytest.raises(RenderFailed, match=rf"{MAX_ELEMENTS + 1} elements; the limit is {MAX_ELEMENTS}"):
        parse_html("<i></i>" * (MAX_ELEMENTS + 1))


def test_many_less_than_signs_in_text_are_not_elements():
    root = parse_html("<p>" + "1 &lt; 2 < 3 " * (MAX_ELEMENTS // 2) + "</p>")
    assert root.find("body/p") is not None


def test_a_paragraph_over_the_limit_is_refused():
    with pytest.raises(RenderFailed, match=r"A paragraph has \d+ characters; the limit is"):
        render_pdf("<p>" + "ab " * (MAX_PARAGRAPH_CHARS // 3 + 10) + "</p>")


@pytest.mark.parametrize(
    "html",
    [
        "<p style='text-align: justify; text-indent: 2em'>{}</p>",
        "<p>{}</p>",
        "<pre>{}</pre>",
        "<div style='width: 60px'><p>{}</p></div>",
    ],
    ids=["justified-indented", "plain", "pre", "narrow-box"],
)
def test_a_paragraph_spanning_pages_keeps_every_word_once_in_order(html):
    count = 2500
    if "pre" in html:
        body = "\n".join(f"w{i} and <b>some</b> text" for i in range(count))
    else:
        body = " ".join(f"w{i}" + (" <b>bold</b>" if i % 7 == 0 else "") for i in range(count))
    found, pages = words(render_pdf(html.format(body)))
    assert pages >= 3
    assert found == [f"w{i}" for i in range(count)]
