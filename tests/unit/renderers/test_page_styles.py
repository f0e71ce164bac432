"""``@page`` selectors (``:first``, ``:left``, ``:right``, ``:blank``, ``:nth()``, names) and their cascade."""

from __future__ import annotations

import time

from pdflet.renderers.options import PageOptions
from pdflet.renderers.reportlab.css.cascade import Cascade
from pdflet.renderers.reportlab.page_styles import PageKind, PageSelector, PageStyles, parse_selectors

CORNERS = (
    "@page :left { @bottom-left { content: 'L' counter(page) } }"
    " @page :right { @bottom-right { content: 'R' counter(page) } }"
)


def texts(doc) -> list[str]:
    return [(page.extract_text() or "").strip() for page in doc.pages]


def _styles(css: str) -> PageStyles:
    return PageStyles(Cascade([css]).rules.pages, PageOptions())


def test_left_and_right_pages_get_their_own_margin_boxes(pdf):
    doc = pdf(f"<style>{CORNERS}</style><p>a</p><p style='break-before: page'>b</p><p style='break-before: page'>c</p>")
    first, second, third = texts(doc)
    assert "R1" in first and "L" not in first
    assert "L2" in second and "R" not in second
    assert "R3" in third
    right = doc.chars_of("R1", 0)[0]
    left = doc.chars_of("L2", 1)[0]
    assert right["x0"] > doc.pages[0].width / 2 > left["x0"]


def test_left_and_right_margins_mirror(pdf):
    css = "@page :left { margin-left: 2in; margin-right: 0.5in } @page :right { margin-left: 0.5in; margin-right: 2in }"
    doc = pdf(f"<style>{css} body {{ margin: 0 }}</style><p>one</p><p style='break-before: page'>two</p>")
    assert abs(doc.chars_of("one", 0)[0]["x0"] - 36) < 1
    assert abs(doc.chars_of("two", 1)[0]["x0"] - 144) < 1


def test_blank_pages_take_the_blank_rules(pdf):
    css = "@page { @top-center { content: 'Running head' } } @page :blank { @top-center { content: none } }"
    doc = pdf(f"<style>{css}</style><p>A</p><p style='break-before: right'>B</p>")
    first, blank, third = texts(doc)
    assert "Running head" in first and blank == ""
    assert "Running head" in third and "B" in third


def test_first_page_and_named_first_page(pdf):
    css = (
        "@page { @top-center { content: 'every' } } @page :first { @top-center { content: 'first' } }"
        " @page cover { size: A5 } .cover { page: cover }"
    )
    doc = pdf(f"<style>{css}</style><div class='cover'>Cover</div><p>Body</p>")
    assert "first" in texts(doc)[0] and "every" in texts(doc)[1]
    assert round(doc.pages[0].width) == 420 and round(doc.pages[1].width) == 595


def test_specificity_decides_before_source_order(pdf):
    # the named rule comes first in the source but is more specific than :left/:right and :first
    css = (
        "@page chapter { @top-center { content: 'chapter' } }"
        " @page :right { @top-center { content: 'right' } } @page :first { @top-center { content: 'first' } }"
        " .c { page: chapter }"
    )
    doc = pdf(f"<style>{css}</style><p>intro</p><div class='c'><p>one</p><p style='break-before: page'>two</p></div>")
    pages = texts(doc)
    assert "first" in pages[0]
    assert "chapter" in pages[1] and "chapter" in pages[2]


def test_nth_counts_the_document_or_the_named_group(pdf):
    css = (
        "@page :nth(2) { @top-center { content: 'second' } }"
        " @page :nth(2n+1 of chapter) { @top-center { content: 'odd in chapter' } } .c { page: chapter }"
    )
    breaks = "<p>B</p><p style='break-before: page'>B2</p><p style='break-before: page'>B3</p>"
    doc = pdf(f"<style>{css}</style><p>A</p><div class='c'>{breaks}</div>")
    pages = texts(doc)
    assert "odd in chapter" in pages[1]  # page 2 is the chapter's first: same specificity, later rule wins
    assert "second" not in pages[2] and "odd in chapter" not in pages[2]
    assert "odd in chapter" in pages[3]


def test_page_background_colour(pdf):
    doc = pdf("<style>@page { background: rgb(255, 0, 0) } @page :first { background-color: #0000ff }</style>"
              "<p>a</p><p style='break-before: page'>b</p>")
    first = [r for r in doc.pages[0].rects if r["width"] > 590]
    second = [r for r in doc.pages[1].rects if r["width"] > 590]
    assert first and tuple(first[0]["non_stroking_color"]) == (0, 0, 1)
    assert second and tuple(second[0]["non_stroking_color"]) == (1, 0, 0)


def test_parse_selectors():
    assert parse_selectors("") == [PageSelector()]
    assert parse_selectors("chapter:left") == [PageSelector(name="chapter", side="left")]
    assert parse_selectors(":first,:blank") == [PageSelector(first=True), PageSelector(blank=True)]
    assert parse_selectors(":nth(odd)")[0].nth == (2, 1, None)
    assert parse_selectors(":nth(-n+3)")[0].nth == (-1, 3, None)
    assert parse_selectors(":nth(5)")[0].nth == (0, 5, None)
    for bad in (":middle", "a b", ":nth(x)", ":left:", "::first"):
        assert parse_selectors(bad) is None, bad


def test_nth_matching_and_huge_coefficients():
    styles = _styles("@page :nth(-n+2) { size: A5 } @page :nth(1000000000000n) { size: A3 }")
    kinds = [PageKind("", n % 2 == 1, n == 1, False, n, n) for n in range(1, 5)]
    assert [round(styles.setup(k).size[0]) for k in kinds] == [420, 420, 595, 595]


def test_many_page_rules_and_pages_stay_cheap(pdf):
    css = "".join(f"@page :nth({i}) {{ margin: {i % 50}px }}" for i in range(5000))
    started = time.monotonic()
    doc = pdf(f"<style>{css}</style>" + "".join(f"<p style='break-before: page'>{i}</p>" for i in range(200)))
    assert len(doc.pages) == 200
    assert time.monotonic() - started < 20
