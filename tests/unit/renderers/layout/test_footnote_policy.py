"""``footnote-policy`` (CSS GCPM): when a note does not fit on its call's page, ``auto`` moves the note on,
``line`` moves the call's line on with it, ``block`` the call's whole paragraph."""

from __future__ import annotations

import pytest

FIRST = "First note text " * 45
SECOND = "Second note text " * 45


def _document(policy: str) -> str:
    return (
        "<style>@page { size: A6; margin: 10mm } body { font-size: 9pt } p { margin: 0 0 4pt }"
        f" .fn {{ float: footnote; footnote-policy: {policy}; font-size: 8pt }}</style>"
        f"<p>Para with a first call<span class=fn>{FIRST}</span> goes on.</p>"
        + "".join(f"<p>Para {i} some filler text that runs across the line.</p>" for i in range(3))
        + "<p>Start of the called paragraph with words to fill a line or two of text, then more words to make"
        f" a few lines before the call comes in this paragraph SECONDCALL<span class=fn>{SECOND}</span> and"
        " after the call more text continues here.</p>"
        + "".join(f"<p>Closing para {i}.</p>" for i in range(12))
    )


def _pages(doc) -> list[str]:
    return [page.extract_text() or "" for page in doc.pages]


@pytest.mark.parametrize(
    ("policy", "call_page", "start_page"), [("auto", 0, 0), ("line", 1, 0), ("block", 1, 1), ("bogus", 0, 0)]
)
def test_what_gives_way_when_a_note_does_not_fit(pdf, policy, call_page, start_page):
    pages = _pages(pdf(_document(policy)))
    assert "First note" in pages[0]
    assert "Second note" not in pages[0]  # (both notes are more than the half page notes may take)
    assert "Second note" in pages[1]
    assert "SECONDCALL" in pages[call_page]
    assert "Start of the called" in pages[start_page]
    if policy in ("line", "block"):  # the call is on its note's page
        assert pages[1].index("SECONDCALL") < pages[1].index("Second note")
