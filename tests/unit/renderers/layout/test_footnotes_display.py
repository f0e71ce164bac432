"""``footnote-display``: ``block`` notes stack, ``inline`` notes of a page run together in rows."""

from __future__ import annotations

STYLE = "<style>.fn { float: footnote; font-size: 9pt } p { margin: 0 0 6pt }</style>"
BODY = "<p>Text<span class='fn'>Alpha note.</span> more<span class='fn'>Beta note.</span> text.</p>"


def _word(page, text: str) -> dict:
    return next(w for w in page.extract_words() if w["text"].startswith(text))


def test_block_notes_stack(pdf):
    page = pdf(STYLE + BODY).pages[0]
    alpha, beta = _word(page, "Alpha"), _word(page, "Beta")
    assert beta["top"] > alpha["bottom"]  # one under the other
    assert abs(alpha["x0"] - beta["x0"]) > 0 or beta["top"] > alpha["top"]


def test_inline_notes_run_together(pdf):
    page = pdf(STYLE + "<style>.fn { footnote-display: inline }</style>" + BODY).pages[0]
    alpha, beta = _word(page, "Alpha"), _word(page, "Beta")
    assert abs(alpha["top"] - beta["top"]) < 0.5  # one row
    assert beta["x0"] > _word(page, "note.")["x1"]  # after the first note, not over it
    assert alpha["top"] > page.height * 0.75  # still at the foot
    body = _word(page, "Text")
    assert body["top"] < page.height / 3


def test_inline_notes_wrap_to_new_rows_and_reserve_their_room(pdf):
    notes = "".join(f"<p>Para {i}<span class='fn'>Note number {i} here.</span></p>" for i in range(12))
    page = pdf(STYLE + "<style>.fn { footnote-display: inline }</style>" + notes).pages[0]
    tops = sorted({round(w["top"]) for w in page.extract_words() if w["text"] == "Note"})
    assert 2 <= len(tops) < 12  # several rows, fewer than one per note
    last_body = max(w["bottom"] for w in page.extract_words() if w["text"] == "Para")
    assert last_body < tops[0]


def test_invalid_value_is_ignored(pdf):
    page = pdf(STYLE + "<style>.fn { footnote-display: sideways }</style>" + BODY).pages[0]
    assert _word(page, "Beta")["top"] > _word(page, "Alpha")["bottom"]
