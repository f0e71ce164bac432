"""``::first-letter``: the block's first letter with the punctuation around it, styled as a box of its own."""

from __future__ import annotations

import pytest

from pdflet.renderers.reportlab.css.first_letter import split_first_letter


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Tis", ("", "T", "is")),
        ("  “Tis", ("  ", "“T", "is")),  # punctuation before the letter belongs to it, spaces do not
        ("(a) list", ("", "(a)", " list")),  # and punctuation right after it
        ("«Élan»", ("", "«É", "lan»")),
        ("e\u0301te", ("", "e\u0301", "te")),  # a combining accent stays with its letter
        ("1984", ("", "1", "984")),
        ("...", None),  # no letter at all
        ("— ", None),
        ("", None),
    ],
)
def test_split_first_letter(text, parts):
    assert split_first_letter(text) == parts


def _big(doc) -> str:
    return "".join(c["text"] for c in doc.pages[0].chars if c["size"] > 20).strip()


STYLE = "<style>p { font-size: 10pt } p::first-letter { font-size: 30pt }</style>"


def test_first_letter_takes_its_leading_punctuation(pdf):
    doc = pdf(STYLE + "<p>“Tis the season.</p>")
    assert _big(doc) == "“T"
    assert "season" in (doc.pages[0].extract_text() or "")


def test_first_letter_is_found_inside_inline_children_and_after_before(pdf):
    assert _big(pdf(STYLE + "<p><b>Bold</b> start</p>")) == "B"
    assert _big(pdf(STYLE + "<p>  <span> <i>(x)</i> y</span></p>")) == "(x)"
    doc = pdf("<style>p::before { content: 'Go' } p::first-letter { font-size: 30pt }</style><p>text</p>")
    assert _big(doc) == "G"


def test_no_first_letter_after_an_image_or_on_an_inline_element(pdf):
    image = "<p><img alt='' src='data:image/gif;base64,R0lGODlhAQABAAAAACw='> After</p>"
    assert _big(pdf(STYLE + image)) == ""
    assert _big(pdf("<style>span::first-letter { font-size: 30pt }</style><p><span>inline</span></p>")) == ""


def test_first_letter_style_inherits_from_the_text_it_is_cut_from(pdf):
    doc = pdf(STYLE.replace("30pt", "30pt; color: rgb(255, 0, 0)") + "<p><b>Word</b></p>")
    big = [c for c in doc.pages[0].chars if c["size"] > 20]
    assert [c["text"] for c in big] == ["W"]
    assert big[0]["non_stroking_color"] == (1.0, 0.0, 0.0)
    assert "Bold" in big[0]["fontname"]


def test_a_floated_first_letter_is_a_drop_cap_with_the_text_beside_it(pdf):
    """A float that paints nothing (no background or border) is still a shrink-to-fit box the text flows
    beside: the first line starts right of the letter and level with its top, not under it."""
    css = "<style>p::first-letter { font-size: 36pt; float: left; line-height: 1; margin-right: 2pt }</style>"
    doc = pdf(css + "<p>The harbour master kept a ledger of every ship that entered the bay.</p>")
    chars = doc.pages[0].chars
    letter = next(c for c in chars if c["text"] == "T")
    after = next(c for c in chars if c["text"] == "h")
    assert letter["size"] > 30 and after["size"] < 20
    assert after["x0"] > letter["x1"]
    assert after["top"] < letter["bottom"]
    plain = pdf("<div style='float: left; font-size: 30pt'>X</div><p>beside the float</p>").pages[0].chars
    assert plain[1]["x0"] >= plain[0]["x1"] and plain[1]["top"] < plain[0]["bottom"]
