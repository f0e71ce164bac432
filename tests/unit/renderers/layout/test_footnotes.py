"""Footnotes (``float: footnote``): a numbered call in the text, the note at the foot of the call's page."""

from __future__ import annotations

import re
import time

STYLE = "<style>.fn { float: footnote; font-size: 9pt } p { margin: 0 0 6pt }</style>"


def _book(paragraphs: int, every: int = 7, note: str = "Note for paragraph {i}.") -> str:
    body = "".join(
        f"<p>Paragraph {i} of a chapter"
        + (f"<span class='fn'>{note.format(i=i)}</span>" if i % every == 3 % every else "")
        + " continues with text." * 3
        + "</p>"
        for i in range(paragraphs)
    )
    return STYLE + body


def _notes_on(page) -> list[tuple[int, int, float]]:
    """(note number, paragraph number, top) of each note painted on ``page``."""
    text = page.extract_text() or ""
    found = [(int(n), int(p)) for n, p in re.findall(r"(\d+)\. Note for paragraph (\d+)", text)]
    tops = [w["top"] for w in page.extract_words() if w["text"] == "Note"]
    return [(n, p, top) for (n, p), top in zip(found, tops, strict=True)]


def test_notes_leave_the_text_and_go_to_the_foot_of_their_page(pdf):
    doc = pdf(_book(80))
    assert len(doc.pages) >= 2
    numbered = 0
    for page in doc.pages:
        text = page.extract_text() or ""
        for number, paragraph, top in _notes_on(page):
            numbered += 1
            assert top > page.height * 0.75  # at the foot
            assert f"Paragraph {paragraph} of a chapter" in text  # its call is on the same page
            call = [c for c in page.chars if c["text"] == str(number)[0] and c["size"] < 9]
            assert call, "the call is set smaller, in the text"
        body = [line for line in text.splitlines() if line.startswith("Paragraph")]
        assert not any("Note for" in line for line in body)
    assert numbered == len([i for i in range(80) if i % 7 == 3])


def test_a_call_whose_note_does_not_fit_moves_to_the_next_page(pdf):
    # found by hand: without keeping the room, note 11 and its call chased each other between pages 2 and 3
    doc = pdf(_book(80))
    pages = [{n for n, _, _ in _notes_on(page)} for page in doc.pages]
    assert 11 in pages[-1]
    assert "Paragraph 73 of a chapter" in (doc.pages[-1].extract_text() or "")


def test_notes_reserve_their_room(pdf):
    doc = pdf(_book(80))
    for page in doc.pages:
        notes = _notes_on(page)
        if not notes:
            continue
        body_bottom = max(w["bottom"] for w in page.extract_words() if w["text"] == "Paragraph")
        assert body_bottom < min(top for _, _, top in notes)  # the text stops above the notes


def test_too_many_notes_for_one_page_continue_on_the_next(pdf):
    long_note = "Note for paragraph {i}. " + "A long note that takes several lines of its own. " * 6
    doc = pdf(_book(60, every=1, note=long_note))  # every paragraph has a note
    counts = [len(_notes_on(page)) for page in doc.pages]
    assert sum(counts) >= 50
    assert all(count > 0 for count in counts[:-1])


def test_footnote_rule_from_at_footnote(pdf):
    css = "<style>@page { @footnote { border-top: 2pt solid #ff0000 } }</style>"
    doc = pdf(css + _book(10))
    red = [line for line in doc.pages[0].lines if tuple(line["stroking_color"] or ()) == (1, 0, 0)]
    assert red and abs(red[0]["linewidth"] - 2) < 0.01


def test_hostile_footnotes_stay_bounded(pdf):
    started = time.monotonic()
    nested = "<p>a<span class='fn'>outer<span class='fn'>inner</span></span> b</p>"
    doc = pdf(STYLE + nested)
    assert "inner" in (doc.pages[0].extract_text() or "")
    doc = pdf(STYLE + "<p>" + "x <span class='fn'>n</span> " * 3000 + "</p>")
    assert "1000" in "".join(page.extract_text() or "" for page in doc.pages)
    assert time.monotonic() - started < 60
