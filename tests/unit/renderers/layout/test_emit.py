"""The emit stage on box trees: flowables from small documents, read without drawing a PDF."""

from __future__ import annotations

from typing import Any

from pdflet.renderers.reportlab.css.cascade import Cascade
from pdflet.renderers.reportlab.css.media import MediaContext
from pdflet.renderers.reportlab.css.sources import stylesheets
from pdflet.renderers.reportlab.fonts import get_font_library
from pdflet.renderers.reportlab.layout import builder as emit
from pdflet.renderers.reportlab.layout.images import ImageCache
from pdflet.renderers.reportlab.parse import parse_html
from pdflet.renderers.resources import Fetcher


def build(html: str) -> tuple[emit.Builder, list[Any]]:
    root = parse_html(html)
    styles = Cascade(stylesheets(root, MediaContext())).compute_tree(root)
    builder = emit.Builder(styles, ImageCache(Fetcher()), get_font_library(), set(), (400.0, 600.0))
    return builder, builder.build(root)


def text(flowables: list[Any]) -> str:
    return " ".join("".join(f.text for f in getattr(item, "frags", [])) for item in flowables)


NOTES = "<p>a<span style='float: footnote'>one</span> b<span style='float: footnote'>two</span> c</p>"


def test_footnotes_are_numbered_and_kept_for_the_page_foot():
    builder, story = build(NOTES)
    assert list(builder.footnotes) == ["_fn1", "_fn2"]
    assert "one" not in text(story) and "two" not in text(story)
    assert text(builder.footnotes["_fn1"]).startswith("1. one")


def test_past_the_footnote_limit_a_note_stays_in_the_text(monkeypatch):
    monkeypatch.setattr(emit, "MAX_FOOTNOTES", 1)
    builder, story = build(NOTES)
    assert list(builder.footnotes) == ["_fn1"]
    assert "two" in text(story) and "one" not in text(story)


def test_a_note_emitted_twice_is_numbered_once():
    """A running element is emitted again on each page: its note's number must not pile up."""
    root = parse_html(NOTES)
    styles = Cascade([]).compute_tree(root)
    builder = emit.Builder(styles, ImageCache(Fetcher()), get_font_library(), set(), (400.0, 600.0))
    box = builder.boxes.document(root)
    notes = [b for b in emit.bx.walk(box) if isinstance(b, emit.bx.FootnoteBox)]
    for _ in range(2):
        again = emit.Builder(builder.styles, builder.images, builder.fonts, set(), (400.0, 600.0))
        again.block(box)
    assert notes[0].note is not None and notes[0].note.children[1] == "one"
    assert notes[0].note.children[0].children == ["1. "]  # the marker, counted once by the cascade


def test_running_elements_leave_a_mark_and_are_kept_as_boxes():
    builder, story = build("<style>.h { position: running(head) }</style><div class='h'>Head</div><p>body</p>")
    assert [r.name for r in builder.running] == ["head"]
    assert "Head" not in text(story) and "body" in text(story)
