"""Renderer limits count what the renderer builds, and refuse before the expensive work.

Table cells made by CSS (``display: table-cell`` from a class, a descendant selector, an inline style or
the request's ``css``) count like ``<td>``; a paragraph too long is refused before html5lib (whose text
handling is quadratic) and a Markdown block before markdown-it. Refusal time is measured in CPU time of
this process, so a busy machine does not make the bound flaky.
"""

from __future__ import annotations

import time

import pytest

from pdflet import render_pdf
from pdflet.errors import RenderFailed
from pdflet.renderers.reportlab.cellscan import styled_cells
from pdflet.renderers.reportlab.layout.builder import MAX_PARAGRAPH_CHARS
from pdflet.renderers.reportlab.limits import check_markup, longest_paragraph
from pdflet.renderers.reportlab.parse import MAX_CELLS
from pdflet.request import RenderRequest
from tests.helpers import new_key, new_user, pdf_text

REFUSAL_CPU_SECONDS = 1.0
CSS_TABLE = ".t{display:table}.r{display:table-row}"


def div_cells(rows: int, cols: int = 30, cell: str = "<div class=c>x</div>") -> str:
    return "<div class=t>" + ("<div class=r>" + cell * cols + "</div>") * rows + "</div>"


def refused_quickly(html: str, match: str, **kwargs) -> float:
    render_pdf("<p>warm</p>")  # imports and fonts are not the refusal's cost
    start = time.process_time()
    with pytest.raises(RenderFailed, match=match):
        render_pdf(html, **kwargs)
    spent = time.process_time() - start
    assert spent < REFUSAL_CPU_SECONDS, f"refused after {spent:.2f} s of CPU"
    return spent


@pytest.mark.parametrize("selector", [".c", "div.c", ".t > .r > .c", ".t .c", "*"])
def test_cells_a_stylesheet_makes_count_and_are_refused_at_once(selector):
    style = f"<style>{CSS_TABLE}{selector}{{display: table-cell}}</style>"
    spent = refused_quickly(style + div_cells(3000), r"\d+ table cells; the limit is 30000")
    if selector in (".c", "div.c"):  # one compound: counted exactly, the stylesheet's own text not at all
        with pytest.raises(RenderFailed, match=r"has 90000 table cells"):
            check_markup(style + div_cells(3000))
    assert spent < REFUSAL_CPU_SECONDS


def test_cells_from_the_request_css_count():
    refused_quickly(div_cells(3000), r"90000 table cells", css=CSS_TABLE + ".c{display:table-cell}")


def test_cells_from_inline_styles_count():
    cell = "<div style='display: table-cell'>x</div>"
    refused_quickly(div_cells(1100, cell=cell), r"33000 table cells")


def test_cells_from_td_and_from_a_stylesheet_add_up():
    """16,000 <td> and 16,000 styled cells: each under the limit alone, over it together."""
    tds = "<table>" + ("<tr>" + "<td>x</td>" * 20 + "</tr>") * 800 + "</table>"
    styled = f"<style>{CSS_TABLE}.c{{display:table-cell}}</style>" + div_cells(800, 20)
    refused_quickly(tds + styled, r"\d+ table cells; the limit is 30000")


def test_a_stylesheet_hiding_table_cell_behind_a_comment_or_escape_is_read_as_the_cascade_reads_it():
    style = f"<style>{CSS_TABLE}.c{{display:/* x */TABLE\\-cell}}</style>"
    refused_quickly(style + div_cells(3000), r"90000 table cells")


@pytest.mark.parametrize("value", ["/**/table-cell", "/* x */ TABLE\\-cell"], ids=["comment", "escape"])
def test_inline_cells_hidden_behind_a_comment_or_escape_are_counted_from_the_markup(value):
    refused_quickly(div_cells(1100, cell=f"<div style='display:{value}'>x</div>"), r"33000 table cells")


def test_cells_only_the_cascade_sees_are_refused_before_layout():
    """A hex escape in an inline style escapes the markup count; the count after the cascade holds."""
    cell = "<div style='display:table\\2d cell'>x</div>"
    with pytest.raises(RenderFailed, match=r"33000 table cells; the limit is 30000"):
        render_pdf(div_cells(1100, cell=cell))


def test_unclosed_comments_cost_linear_time():
    start = time.process_time()
    with pytest.raises(RenderFailed, match="A paragraph has 2000000 characters"):
        check_markup("<p>" + "/*" * 1_000_000 + "</p>")
    assert time.process_time() - start < REFUSAL_CPU_SECONDS


def test_screen_only_stylesheets_make_no_cells():
    style = f"<style media='screen'>{CSS_TABLE}.c{{display:table-cell}}</style>"
    assert styled_cells(style + div_cells(1100)) == 0
    assert styled_cells(style.replace(" media='screen'", "") + div_cells(1100)) == 33000


def test_a_css_table_under_the_limit_still_renders():
    style = f"<style>{CSS_TABLE}.c{{display:table-cell; padding: 2px}}</style>"
    text = pdf_text(render_pdf(style + div_cells(20, 5, "<div class=c>cell</div>")))
    assert text.count("cell") == 100


def test_a_long_document_with_a_small_css_table_is_not_refused_early():
    style = f"<style>{CSS_TABLE}.c{{display:table-cell}}</style>"
    html = style + div_cells(2, 5) + "<p class=c2>para</p>" * (MAX_CELLS + 5000)
    check_markup(html)  # the stylesheet's cells are 10, whatever the element count


def test_an_entity_rich_paragraph_is_refused_before_parsing():
    paragraph = "<p>" + "a &amp; b &lt; c " * 140_000 + "</p>"
    refused_quickly(paragraph, r"A paragraph has 1399999 characters; the limit is 500000")


def test_the_paragraph_estimate_splits_where_the_builder_does():
    half = "ab " * (MAX_PARAGRAPH_CHARS // 4)
    assert longest_paragraph(f"<p>{half}</p><p>{half}</p><p>{half}</p>") == 0
    assert longest_paragraph(f"<div><span class=x>{half}</span><span class=y>{half}</span></div>" * 2) == 0
    assert longest_paragraph(f"<style>{'p{color:red}' * 60000}</style><p>{half}</p>") == 0
    assert longest_paragraph(f"<!-- {half * 3} --><p>{half}</p>") == 0
    assert longest_paragraph(f"<p>{half}<b>{half}</b> {half}</p>") > MAX_PARAGRAPH_CHARS


def test_a_long_markdown_block_is_refused_before_conversion():
    from pdflet_markdown import plugin

    source = "word\n" * 280_000
    start = time.process_time()
    with pytest.raises(RenderFailed, match=r"A Markdown block .* has 1400000 characters; the limit is 500000"):
        plugin.pdflet_prepare_request(request=RenderRequest(html="", plugin_fields={"markdown": source}))
    assert time.process_time() - start < REFUSAL_CPU_SECONDS


def test_markdown_in_short_blocks_is_converted():
    from pdflet_markdown import plugin

    request = RenderRequest(html="", plugin_fields={"markdown": ("word " * 1000 + "\n\n") * 120})
    plugin.pdflet_prepare_request(request=request)
    assert request.html.count("<p>") == 120


def test_a_long_markdown_paragraph_over_http_is_a_422_at_once(server, db):
    headers = {"X-API-Key": new_key(new_user())}
    r = server.post("/api/v1/pdf/", json={"markdown": "word\n" * 280_000}, headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "render_failed" and "Markdown block" in r.json()["detail"]
