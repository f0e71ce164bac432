"""Vertical margins (CSS 2.1 §8.3.1): empty blocks collapse through, padding, borders and ``overflow`` keep a
child's margins inside its parent. Read back from rendered PDFs."""

from __future__ import annotations

from reportlab.platypus import Flowable, Indenter

from pdflet.renderers.reportlab.layout.collapse import CollapsedMargin, empty_block, fold_margins
from pdflet.renderers.reportlab.layout.flowbase import Spaced

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
RESET = "<style>body { margin: 0 } p { margin: 0; line-height: 12pt; font-size: 10pt }</style>"


def _top(doc, word):
    return doc.chars_of(word)[0]["top"]


def _rgb(obj):
    return tuple(round(v, 2) for v in (obj.get("non_stroking_color") or ()))


class _Block(Spaced, Flowable):
    """A plain flowable with margins."""

    def __init__(self, before=0.0, after=0.0):
        super().__init__()
        self.space_before, self.space_after = before, after


def test_an_empty_block_keeps_its_margin_between_its_neighbours(pdf):
    doc = pdf(RESET + "<p style='margin-bottom: 4pt'>one</p><div style='margin: 30pt 0 10pt'></div><p>two</p>", **PAGE)
    assert abs(_top(doc, "two") - _top(doc, "one") - (12 + 30)) < 1.5


def test_empty_blocks_collapse_with_each_other_and_the_next_margin(pdf):
    doc = pdf(
        RESET + "<p>one</p><div style='margin-top: 20pt'></div><div style='margin-bottom: 25pt'></div>"
        "<p style='margin-top: 8pt'>two</p>",
        **PAGE,
    )
    assert abs(_top(doc, "two") - _top(doc, "one") - (12 + 25)) < 1.5


def test_an_empty_block_inside_a_bordered_box_pushes_the_content_down(pdf):
    doc = pdf(RESET + "<div style='border: 1pt solid black'><div style='margin-top: 20pt'></div><p>two</p></div>",
              **PAGE)
    assert abs(_top(doc, "two") - (36 + 1 + 20)) < 2


def test_a_bordered_box_keeps_its_first_and_last_childs_margins_inside(pdf):
    doc = pdf(
        RESET + "<div style='border: 1pt solid black; background: #00ff00'>"
        "<p style='margin: 20pt 0 15pt'>in</p></div><p>out</p>",
        **PAGE,
    )
    assert abs(_top(doc, "in") - (36 + 1 + 20)) < 2
    box = next(r for r in doc.pages[0].rects if _rgb(r) == (0.0, 1.0, 0.0))
    assert abs(box["height"] - (1 + 20 + 12 + 15 + 1)) < 1
    assert abs(_top(doc, "out") - box["bottom"]) < 2


def test_overflow_hidden_keeps_a_childs_margin_inside(pdf):
    doc = pdf(RESET + "<div style='overflow: hidden; background: #00ff00'><p style='margin-top: 20pt'>in</p></div>",
              **PAGE)
    box = next(r for r in doc.pages[0].rects if _rgb(r) == (0.0, 1.0, 0.0))
    assert abs(box["top"] - 36) < 0.5  # the margin is inside the box, not above it
    assert abs(_top(doc, "in") - 56) < 2


def test_without_overflow_the_childs_margin_collapses_through(pdf):
    doc = pdf(RESET + "<div style='background: #00ff00'><p style='margin-top: 20pt'>in</p></div>", **PAGE)
    box = next(r for r in doc.pages[0].rects if _rgb(r) == (0.0, 1.0, 0.0))
    assert abs(box["top"] - 56) < 0.5


def test_fold_merges_into_the_next_block_past_marks_and_indenters():
    first, second = _Block(after=4.0), _Block(before=3.0)
    out = fold_margins([first, CollapsedMargin(30.0), Indenter(5, 0), second])
    assert second.space_before == 30.0 and not any(isinstance(f, CollapsedMargin) for f in out)


def test_fold_merges_into_the_previous_block_at_the_end():
    first = _Block(after=4.0)
    out = fold_margins([first, CollapsedMargin(30.0)])
    assert out == [first] and first.space_after == 30.0


def test_a_lone_collapsed_margin_stays_for_the_parent():
    lone = CollapsedMargin(12.0)
    assert fold_margins([lone]) == [lone]


def test_an_empty_block_with_no_positive_margin_leaves_nothing():
    assert empty_block(0.0, -5.0) == []
    assert empty_block(-3.0, 7.0)[0].space_before == 7.0


def test_a_bordered_box_splits_where_its_childrens_bottom_margins_fall(pdf):
    # the last child on a page keeps no bottom margin there: the head of the split fits where it was measured
    paras = "".join(f"<p style='margin: 0 0 {9 + i % 7}pt; line-height: {11 + i % 5}pt'>p{i}</p>" for i in range(90))
    doc = pdf(RESET + f"<div style='border: 1pt solid black; padding: 3pt'>{paras}</div>", **PAGE)
    assert "p89" in doc.text() and len(doc.pages) >= 2
