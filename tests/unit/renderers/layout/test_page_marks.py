"""Named strings (``string-set`` + ``string()`` in margin boxes) and page-number restarts (``counter-reset:
page N``), as running heads and front matter use them."""

from __future__ import annotations

from pdflet.renderers.reportlab.layout.page_marks import PageMarks

HEAD = (
    "h2 { string-set: chapter content(); break-before: page }"
    " @page { @top-center { content: string(chapter) } @bottom-center { content: 'p. ' counter(page) } }"
)


def texts(doc) -> list[str]:
    return [(page.extract_text() or "").strip() for page in doc.pages]


def test_running_head_from_the_chapter_title(pdf):
    doc = pdf(f"<style>{HEAD}</style><p>front</p><h2>One</h2><p>a</p><h2>Two</h2><p>b</p>")
    first, second, third = texts(doc)
    assert "front" in first and "One" not in first  # no chapter has started yet
    assert second.count("One") == 2 and third.count("Two") == 2  # the heading and the running head
    assert any(c["text"] == "O" and c["top"] < 28.8 for c in doc.chars(1))  # in the top margin


def test_string_policies_and_strings_from_attributes(pdf):
    css = (
        "h3 { string-set: topic attr(title) ' (' content() ')' }"
        " @page { @top-left { content: string(topic, first) } @top-right { content: string(topic, last) }"
        " @bottom-left { content: 'start:' string(topic, start) }"
        " @bottom-right { content: 'x:' string(topic, first-except) } }"
    )
    body = "<h3 title='A'>alpha</h3><h3 title='B'>beta</h3><p style='break-before: page'>next</p>"
    doc = pdf(f"<style>{css}</style>{body}")
    one, two = texts(doc)
    assert "A (alpha)" in one and "B (beta)" in one  # first and last on page 1
    assert "start:" in one and "start:A" not in one  # nothing was set before page 1 began
    assert "x:" in one and "x:B" not in one  # first-except: empty on a page that sets the string
    assert two.count("B (beta)") >= 2 and "start:B (beta)" in two and "x:B (beta)" in two


def test_page_numbers_restart_after_the_front_matter(pdf):
    css = "@page { @bottom-center { content: 'p. ' counter(page) ' of ' counter(pages) } }"
    body = (
        "<section><p>title</p></section><section style='break-before: page'><p>contents</p></section>"
        "<main style='counter-reset: page 1; break-before: page'><p>chapter</p>"
        "<p style='break-before: page'>more</p></main>"
    )
    pages = texts(pdf(f"<style>{css}</style>{body}"))
    assert ["p. 1 of 4" in pages[0], "p. 2 of 4" in pages[1], "p. 1 of 4" in pages[2], "p. 2 of 4" in pages[3]] == [
        True
    ] * 4


def test_page_numbers_can_start_at_any_number_and_reach_the_footer_option(pdf):
    doc = pdf(
        "<body style='counter-reset: page 5'><p>a</p><p style='break-before: page'>b</p></body>",
        footer_html="<p>page <span class='pageNumber'></span></p>",
    )
    assert "page 5" in texts(doc)[0] and "page 6" in texts(doc)[1]


def test_a_wrapper_before_the_first_forced_break_leaves_no_empty_page(pdf):
    assert texts(pdf("<div><h2 style='break-before: page'>One</h2><p>a</p></div>")) == ["One\na"]
    doc = pdf(f"<style>{HEAD}</style><div style='counter-reset: page 1'><h2>One</h2><p>a</p></div><h2>Two</h2>")
    assert len(doc.pages) == 2


def test_marks_lookups():
    marks = PageMarks()
    marks.add(2, (("c", "one"),), None)
    marks.add(2, (("c", "two"),), None)
    marks.add(4, (("c", "three"),), 10)
    assert [marks.string("c", p) for p in (1, 2, 3, 4, 5)] == ["", "one", "two", "three", "three"]
    assert marks.string("c", 2, "last") == "two" and marks.string("c", 4, "start") == "two"
    assert marks.string("c", 3, "first-except") == "two" and marks.string("c", 4, "first-except") == ""
    assert [marks.label(p) for p in (1, 3, 4, 6)] == [1, 3, 10, 12]


def test_many_named_strings_stay_bounded(pdf):
    css = "p { string-set: s content() } @page { @top-center { content: string(s, last) } }"
    doc = pdf(f"<style>{css}</style>" + "".join(f"<p>line {i}</p>" for i in range(3_000)))
    assert "line 2999" in texts(doc)[-1]
