"""Line breaking: white-space: pre-wrap, orphans and widows."""

from __future__ import annotations

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"


def test_pre_wrap_keeps_spaces_and_line_feeds_but_wraps(pdf):
    words = " ".join(["wrapping"] * 60)
    doc = pdf(RESET + f"<p style='white-space: pre-wrap'>a   b\nsecond line\n{words}</p>", **PAGE)
    a, b = doc.chars_of("a")[0], doc.chars_of("b")[0]
    assert b["x0"] - a["x1"] > 7  # three 3 pt spaces kept, not collapsed to one
    assert doc.chars_of("second")[0]["top"] > a["top"] + 5  # the line feed breaks
    tops = {round(c["top"]) for c in doc.chars() if c["text"] == "w"}
    assert len(tops) >= 3  # the long line wraps
    assert max(c["x1"] for c in doc.chars()) <= doc.pages[0].width - 36 + 0.5


def test_orphans_move_a_paragraph_start_to_the_next_page(pdf):
    filler = "<div style='height: 370pt'></div>" * 2  # one box that tall would be capped to the frame
    lines = "<br>".join(f"line{i}" for i in range(8))
    doc = pdf(RESET + filler + f"<p style='orphans: 3; widows: 3; line-height: 14pt'>{lines}</p>", **PAGE)
    # 770 - 740 pt leaves room for two lines: fewer than orphans, so the paragraph starts on page 2
    first_page = doc.pages[0].extract_text() or ""
    assert "line0" not in first_page
    assert "line0" in (doc.pages[1].extract_text() or "")


def test_widows_pull_lines_back(pdf):
    filler = "<div style='height: 340pt'></div>" * 2
    lines = "<br>".join(f"line{i}" for i in range(7))
    doc = pdf(RESET + filler + f"<p style='orphans: 2; widows: 3; line-height: 14pt'>{lines}</p>", **PAGE)
    # room for 6 lines: 6 + 1 would leave one widow, so only 4 stay and 3 go over
    second = doc.pages[1].extract_text() or ""
    assert all(f"line{i}" in second for i in (4, 5, 6))


def test_content_filling_its_line_exactly_stays_on_one_line():
    """Inline padding and borders are measured as near-zero spacer glyphs (1e-6 font units each), so words
    that fill a box exactly add up to a few 1e-8 pt over its width: they must still fit on one line."""
    from reportlab.platypus.paraparser import ParaFrag

    from pdflet.renderers.reportlab.layout.linebreak import _Words

    frag = ParaFrag()
    frag.text, frag.fontName, frag.fontSize = "ab", "Helvetica", 37.5
    words = _Words()
    words.sizes = [150.0, 157.5 + 7.5e-8]  # "1234" and a bordered "5678" at 37.5 pt
    words.spaces = [0.0, 0.0]
    words.texts = ["a", "b"]
    words.owners = [frag, frag]
    filled = words.fill([307.5])
    assert filled is not None
    assert len(filled[0]) == 1
    words.sizes = [150.0, 157.5 + 1e-3]  # a real overrun still breaks
    filled = words.fill([307.5])
    assert filled is not None and len(filled[0]) == 2
