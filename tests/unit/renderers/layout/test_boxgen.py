"""The box tree built from small documents: kinds, anonymous boxes, pseudo-elements and markers, out-of-flow
boxes, tables and flex items, asserted on the boxes themselves (no PDF is drawn)."""

from __future__ import annotations

import pytest

from pdflet.errors import RenderFailed
from pdflet.renderers.reportlab.css.cascade import Cascade
from pdflet.renderers.reportlab.css.media import MediaContext
from pdflet.renderers.reportlab.css.sources import stylesheets
from pdflet.renderers.reportlab.layout import boxes as bx
from pdflet.renderers.reportlab.layout.boxgen import build_tree
from pdflet.renderers.reportlab.parse import parse_html


def tree(html: str) -> bx.Box:
    """The box tree of ``html``, parsed and cascaded as the renderer does."""
    root = parse_html(html)
    styles = Cascade(stylesheets(root, MediaContext())).compute_tree(root)
    return build_tree(root, styles)


def kinds(box: bx.Box) -> list[str]:
    """The class names of a box's children (runs of text as their stripped text)."""
    return [repr(c.strip()) if isinstance(c, str) else type(c).__name__ for c in box.children]


def only(box: bx.Box, kind: type[bx.Box]) -> list[bx.Box]:
    return [b for b in bx.walk(box) if type(b) is kind]


def test_body_is_a_block_of_blocks_and_inline_content():
    body = tree("<p>Hello <b>bold</b> <br>world</p><div>x</div>")
    assert type(body) is bx.BlockBox and body.element is not None and body.element.tag == "body"
    p = body.children[0]
    assert type(p) is bx.BlockBox and p.element is not None and p.element.tag == "p"
    assert kinds(p) == ["'Hello'", "InlineBox", "''", "LineBreak", "'world'"]
    bold = p.children[1]
    assert kinds(bold) == ["'bold'"] and bold.children[0] == "bold"  # a run of text takes its box's style


def test_display_none_makes_no_box_but_keeps_the_text_after_it():
    body = tree("<p>a<span style='display: none'>hidden</span>b</p>")
    assert kinds(body.children[0]) == ["'a'", "'b'"]


def test_an_inline_block_is_one_atomic_box_whatever_it_holds():
    body = tree("<section><span style='display: inline-block'><div>x</div></span>"
                "<span style='display: inline-block'>y</span></section>")
    assert kinds(body.children[0]) == ["InlineBlockBox", "InlineBlockBox"]


def test_images_are_replaced_boxes_in_a_line_or_as_blocks():
    body = tree("<p><img src='a.png'> text</p><img src='b.png' style='display: block'><hr>")
    line_image = body.children[0].children[0]
    assert type(line_image) is bx.ReplacedBox and line_image.inline
    assert [type(c).__name__ for c in body.children if not isinstance(c, str)] == ["BlockBox", "ReplacedBox",
                                                                                      "RuleBox"]
    assert not body.children[1].inline


def test_list_items_start_with_their_marker_numbered_as_the_list_says():
    body = tree("<ol start='3' reversed><li>a</li><li value='10'>b</li><li>c</li></ol>"
                "<ul style='list-style-position: inside'><li>d</li></ul>")
    ol = body.children[0]
    markers = [li.children[0] for li in ol.children if isinstance(li, bx.BlockBox)]
    assert all(type(m) is bx.MarkerBox for m in markers)
    assert [m.ordinal for m in markers] == [3, 10, 9]
    inside = only(body.children[-1], bx.MarkerBox)
    assert len(inside) == 1 and inside[0].inside


def test_pseudo_elements_become_pseudo_boxes():
    body = tree("<style>p::before { content: 'B' } p::after { content: 'A'; display: block }</style><p>x</p>")
    p = body.children[-1]
    assert kinds(p)[0] == "PseudoInlineBox" and kinds(p)[-1] == "PseudoBlockBox"
    assert p.children[0].children[0] == "B"


def test_floats_positioned_running_and_footnotes_are_their_own_kinds():
    body = tree(
        "<style>.run { position: running(head) } .note { float: footnote }</style>"
        "<div class='run'>Head</div>"
        "<p>a<span class='note'>note text</span></p>"
        "<div style='float: right'>side</div>"
        "<div style='position: absolute'>abs</div><div style='position: fixed'>fixed</div>"
    )
    names = [type(c).__name__ for c in body.children if not isinstance(c, str)]
    assert names == ["RunningBox", "BlockBox", "FloatBox", "AbsoluteBox", "FixedBox"]
    running = body.children[0]
    assert running.name == "head" and running.children[0].style["position"] == "static"
    note = only(body, bx.FootnoteBox)[0]
    assert note.note is not None and note.note.style["display"] == "block" and note.note.style["float"] == "none"
    marker, text = note.note.children
    assert type(marker) is bx.PseudoInlineBox and marker.children == ["1. "] and text == "note text"
    assert type(note.call) is bx.PseudoInlineBox and note.call.children == ["1"]
    assert note.call.style["vertical-align"] == "super"
    floated = next(c for c in body.children if type(c) is bx.FloatBox)
    assert type(floated.children[0]) is bx.BlockBox


def test_a_footnote_starts_with_its_marker_and_leaves_its_call_out_of_the_note():
    note = only(tree("<p>a<span style='float: footnote'><b>bold</b></span></p>"), bx.FootnoteBox)[0]
    kinds = [type(c) for c in note.note.children]
    assert kinds == [bx.PseudoInlineBox, bx.InlineBox]  # the marker, then the note's content; no call


def test_flex_items_with_anonymous_items_for_bare_text():
    body = tree("<div style='display: flex'> loose <img src='a.png'><span>s</span>"
                "<b style='display: none'>x</b><i style='position: absolute'>abs</i> tail </div>")
    flex = body.children[0]
    assert type(flex) is bx.FlexContainer
    assert kinds(flex) == ["AnonymousBlockBox", "ReplacedBox", "BlockBox", "AbsoluteBox", "AnonymousBlockBox"]
    anonymous = flex.children[0]
    assert anonymous.element is None and anonymous.style["display"] == "block"
    assert anonymous.children[0] == "loose"  # stripped, as an item holds it


def test_a_column_flex_container_and_a_grid():
    body = tree("<div style='display: flex; flex-direction: column'><p>a</p></div>"
                "<div style='display: grid'><p>b</p></div>")
    assert type(body.children[0]) is bx.FlexContainer  # columns go through the flex algorithm too
    assert type(body.children[1]) is bx.GridContainer


def test_tables_get_anonymous_rows_and_cells_around_stray_children():
    body = tree(
        "<table><caption>Cap</caption><col width='50'><thead><tr><th>h</th></tr></thead>"
        "<tbody><tr><td>a</td><td style='display: block'>stray in row</td></tr></tbody>"
        "<tfoot><tr><td>f</td></tr></tfoot></table>"
        "<table><tr><td style='display: block'>stacked</td></tr></table>"
    )
    table = body.children[0]
    assert type(table) is bx.TableBox and table.col_widths == [37.5]
    assert kinds(table) == ["TableCaptionBox", "TableRowGroupBox", "TableRowGroupBox", "TableRowGroupBox"]
    assert [g.kind for g in table.children[1:]] == [0, 1, 2]
    row = table.children[2].children[0]
    assert kinds(row) == ["TableCellBox", "TableCellBox"]
    anonymous = row.children[1]
    assert anonymous.element is None and anonymous.style["display"] == "table-cell"
    assert kinds(anonymous)[0] == "BlockBox"
    stacked = body.children[1]
    cell = stacked.children[0].children[0].children[0]
    assert type(cell) is bx.TableCellBox and cell.element is None  # td { display: block } stays in the table


def test_too_many_table_cells_are_refused_before_any_cell_box_is_made(monkeypatch):
    from pdflet.renderers.reportlab.layout import boxgen

    monkeypatch.setattr(boxgen, "MAX_CELLS", 3)
    tree("<table><tr><td>1</td><td>2</td><td>3</td></tr></table>")
    with pytest.raises(RenderFailed):
        tree("<table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>")
