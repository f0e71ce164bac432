"""Running elements: ``position: running(NAME)`` out of the flow, ``content: element(NAME)`` in margin boxes."""

from __future__ import annotations

LETTERHEAD = """<style>
@page { margin: 40mm 20mm 20mm; @top-center { content: element(letterhead) } }
header { position: running(letterhead); border-bottom: 2px solid rgb(0, 51, 102) }
header h1 { font-size: 16pt; color: rgb(0, 51, 102); margin: 0 } header p { margin: 0; font-size: 9pt }
.next { break-before: page }
</style>"""


def test_a_letterhead_repeats_in_the_top_margin_with_its_css(pdf):
    doc = pdf(LETTERHEAD + "<header><h1>ACME Corporation</h1><p>1 Main Street</p></header>"
              "<p>Body one.</p><p class='next'>Body two.</p>")
    assert len(doc.pages) == 2
    for index in range(2):
        title = doc.chars_of("ACME", index)
        assert title[0]["top"] < 40 * 72 / 25.4  # in the top margin
        assert round(title[0]["size"]) == 16
        assert tuple(round(c, 2) for c in title[0]["non_stroking_color"]) == (0, 0.2, 0.4)
        rules = [r for r in doc.pages[index].rects + doc.pages[index].lines if r["top"] < 40 * 72 / 25.4]
        assert rules  # the header's border came along
    body = doc.chars_of("Body", 0)[0]
    assert body["top"] > 40 * 72 / 25.4  # the header left the flow: the body starts at the page area


def test_each_page_shows_the_running_element_that_applies_to_it(pdf):
    css = ("<style>@page { @top-center { content: element(chapter) } }"
           " .run { position: running(chapter) } .next { break-before: page }</style>")
    doc = pdf(css + "<div class='run'>Head A</div><p>one</p><p class='next'>two</p>"
              "<section class='next'><div class='run'>Head B</div><p>three</p></section>")
    texts = [(page.extract_text() or "") for page in doc.pages]
    assert "Head A" in texts[0] and "Head A" in texts[1] and "Head B" in texts[2]
    assert "Head B" not in texts[1]
    last = pdf(css.replace("element(chapter)", "element(chapter, last)") + "<div class='run'>X</div><p>a</p>"
               "<div class='run'>Y</div><p>b</p>")
    assert "Y" in (last.pages[0].extract_text() or "") and "X" not in (last.pages[0].extract_text() or "")


def test_an_unused_running_element_is_simply_gone(pdf):
    doc = pdf("<style>.run { position: running(nowhere) }</style><div class='run'>hidden</div><p>shown</p>")
    assert "hidden" not in (doc.pages[0].extract_text() or "")
