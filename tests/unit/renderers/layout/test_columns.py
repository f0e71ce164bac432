"""CSS Multi-column Layout: used count and width, gaps, rules, balancing, spanners, pages, breaks, bombs."""

from __future__ import annotations

import time

from pdflet.renderers.base import RenderJob
from pdflet.renderers.options import PageOptions
from pdflet.renderers.reportlab.renderer import ReportLabRenderer

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
WIDTH = 595.28 - 72  # the content width of an A4 page with 36 pt margins
RESET = "<style>body { margin: 0; font-size: 10pt } p { margin: 0 }</style>"


def _words(n: int, prefix: str = "w") -> str:
    return " ".join(f"{prefix}{i}" for i in range(n))


def _column_lefts(doc, page: int = 0, below: float = 0.0) -> list[float]:
    """The distinct left edges of the lines on ``page`` (one per column), left to right."""
    lefts: list[float] = []
    for word in doc.pages[page].extract_words():
        if word["top"] < below:
            continue
        if not any(abs(word["x0"] - x) < 2 for x in lefts):
            lefts.append(word["x0"])
    return sorted(lefts)


def _line_starts(doc, page: int = 0) -> dict[float, list[dict]]:
    """Words grouped by the column they start in (their x0 rounded), for text made of one word per line."""
    columns: dict[float, list[dict]] = {}
    for word in doc.pages[page].extract_words():
        columns.setdefault(round(word["x0"]), []).append(word)
    return columns


def _one_per_line(n: int) -> str:
    return "".join(f"<p>L{i}</p>" for i in range(n))


def test_column_count_splits_width_with_1em_gap(pdf):
    doc = pdf(RESET + f"<div style='column-count: 3'>{_one_per_line(30)}</div>", **PAGE)
    lefts = sorted(_line_starts(doc))
    assert len(lefts) == 3
    width = (WIDTH - 2 * 10) / 3  # column-gap: normal is 1em (10pt)
    assert abs(lefts[0] - 36) < 0.5
    assert abs(lefts[1] - (36 + width + 10)) < 0.5
    assert abs(lefts[2] - (36 + 2 * (width + 10))) < 0.5


def test_column_width_gives_the_count_that_fits(pdf):
    # (523.28 + 20) / (150 + 20) = 3.19: three columns, widened to share the width
    doc = pdf(RESET + f"<div style='column-width: 150pt; column-gap: 20pt'>{_one_per_line(30)}</div>", **PAGE)
    lefts = sorted(_line_starts(doc))
    assert len(lefts) == 3
    width = (WIDTH + 20) / 3 - 20
    assert abs(lefts[1] - (36 + width + 20)) < 0.5


def test_count_and_width_together_take_the_smaller_count(pdf):
    doc = pdf(RESET + f"<div style='columns: 4 200pt; column-gap: 0'>{_one_per_line(30)}</div>", **PAGE)
    assert len(_line_starts(doc)) == 2  # 200pt columns: only two fit, fewer than the four asked for
    doc = pdf(RESET + f"<div style='columns: 2 50pt; column-gap: 0'>{_one_per_line(30)}</div>", **PAGE)
    lefts = sorted(_line_starts(doc))
    assert len(lefts) == 2 and abs(lefts[1] - (36 + WIDTH / 2)) < 0.5


def test_column_gap_percentage_and_length(pdf):
    doc = pdf(RESET + f"<div style='columns: 2; column-gap: 10%'>{_one_per_line(20)}</div>", **PAGE)
    lefts = sorted(_line_starts(doc))
    gap = WIDTH * 0.1
    assert abs(lefts[1] - (36 + (WIDTH - gap) / 2 + gap)) < 0.5


def test_balanced_columns_share_the_lines(pdf):
    doc = pdf(RESET + f"<div style='columns: 3'>{_one_per_line(31)}</div><p>after</p>", **PAGE)
    counts = sorted(len([w for w in v if w["text"].startswith("L")]) for v in _line_starts(doc).values())
    assert sum(counts) == 31 and counts[-1] == 11  # the shortest height that holds them: 11, 11, 9
    # the text after the columns starts below the tallest (balanced) column, not a page further down
    after = doc.chars_of("after")[0]["top"]
    last = max(w["bottom"] for w in doc.pages[0].extract_words() if w["text"].startswith("L"))
    assert last < after < last + 30


def test_balancing_splits_one_long_paragraph_evenly(pdf):
    doc = pdf(RESET + f"<div style='columns: 2; line-height: 12pt'><p>{_words(400)}</p></div>", **PAGE)
    columns = {}
    for word in doc.pages[0].extract_words():
        columns.setdefault(word["x0"] > 36 + WIDTH / 2, set()).add(round(word["top"]))
    assert len(columns) == 2
    assert abs(len(columns[False]) - len(columns[True])) <= 1


def test_column_fill_auto_with_a_height_fills_the_first_column_first(pdf):
    doc = pdf(RESET + f"<div style='columns: 3; column-fill: auto; height: 200pt'>{_one_per_line(20)}</div>",
              **PAGE)
    columns = _line_starts(doc)
    assert len(columns) == 2  # 20 lines of ~12pt: the first column holds 16 of them, the second the rest
    first = columns[min(columns)]
    assert len(first) > 12


def test_height_constrained_container_overflows_into_more_columns(pdf):
    doc = pdf(RESET + "<div style='columns: 2; column-gap: 0; column-fill: auto; height: 60pt'>"
              f"{_one_per_line(20)}</div><p>after</p>", **PAGE)
    lefts = sorted(round(w["x0"]) for w in doc.pages[0].extract_words() if w["text"].startswith("L"))
    assert lefts[-1] >= 36 + WIDTH - 1  # a third column, past the container's inline end
    assert doc.chars_of("after")[0]["top"] < 36 + 60 + 20  # the container keeps its 60pt height


def test_max_height_limits_balanced_columns(pdf):
    doc = pdf(RESET + f"<div style='columns: 2; max-height: 50pt'>{_one_per_line(40)}</div><p>after</p>",
              **PAGE)
    after = doc.chars_of("after")[0]["top"]
    assert after < 36 + 50 + 20


def test_rule_drawn_between_columns_with_content_only(pdf):
    doc = pdf(RESET + "<div style='columns: 3; column-gap: 20pt; column-rule: 2pt solid #ff0000'>"
              f"{_one_per_line(12)}</div>", **PAGE)
    reds = [e for e in doc.pages[0].lines + doc.pages[0].rects
            if tuple(round(v, 2) for v in (e.get("stroking_color") or ())) == (1.0, 0.0, 0.0)]
    assert len(reds) == 2
    width = (WIDTH - 40) / 3
    xs = sorted(r["x0"] for r in reds)
    assert abs(xs[0] + 1 - (36 + width + 10)) < 1  # centred in the gap
    # two columns of content (the third empty): one rule only
    doc = pdf(RESET + "<div style='columns: 3; column-rule: 2pt solid #ff0000; column-fill: auto; height: 300pt'>"
              f"{_one_per_line(30)}</div>", **PAGE)
    reds = [e for e in doc.pages[0].lines + doc.pages[0].rects
            if tuple(round(v, 2) for v in (e.get("stroking_color") or ())) == (1.0, 0.0, 0.0)]
    assert len(reds) == 1


def test_no_rule_when_style_is_none(pdf):
    doc = pdf(RESET + f"<div style='columns: 2; column-rule-width: 3pt'>{_one_per_line(10)}</div>", **PAGE)
    assert not doc.pages[0].lines and not doc.pages[0].rects


def test_spanning_heading_splits_the_columns(pdf):
    html = (RESET + "<div style='columns: 2'>" + _one_per_line(10)
            + "<h2 style='column-span: all; margin: 0'>Spanner</h2>" + "".join(f"<p>M{i}</p>" for i in range(10))
            + "</div>")
    doc = pdf(html, **PAGE)
    words = doc.pages[0].extract_words()
    heading = next(w for w in words if w["text"] == "Spanner")
    before = [w for w in words if w["text"].startswith("L")]
    after = [w for w in words if w["text"].startswith("M")]
    assert max(w["bottom"] for w in before) <= heading["top"] + 0.5 < min(w["top"] for w in after)
    assert len({round(w["x0"]) for w in before}) == 2 and len({round(w["x0"]) for w in after}) == 2
    assert abs(heading["x0"] - 36) < 0.5


def test_columns_continue_on_the_next_page_and_balance_there(pdf):
    doc = pdf(RESET + f"<div style='columns: 2'>{_one_per_line(160)}</div>", **PAGE)
    assert len(doc.pages) == 2
    first, second = _line_starts(doc, 0), _line_starts(doc, 1)
    assert len(first) == 2 and len(second) == 2
    texts = [w["text"] for col in sorted(first) for w in first[col]]
    texts += [w["text"] for col in sorted(second) for w in second[col]]
    assert texts == [f"L{i}" for i in range(160)]  # in order, none lost, none twice
    # the first page is filled to its foot, the last one balanced
    assert abs(len(first[min(first)]) - len(first[max(first)])) <= 1
    counts = sorted(len(v) for v in second.values())
    assert counts[-1] - counts[0] <= 1


def test_break_inside_avoid_moves_a_block_to_the_next_column(pdf):
    html = (RESET + "<div style='columns: 2; column-fill: auto; height: 120pt'>" + _one_per_line(6)
            + "<div style='break-inside: avoid'>" + "".join(f"<p>K{i}</p>" for i in range(6)) + "</div></div>")
    doc = pdf(html, **PAGE)
    kept = [w for w in doc.pages[0].extract_words() if w["text"].startswith("K")]
    assert len(kept) == 6 and len({round(w["x0"]) for w in kept}) == 1
    assert kept[0]["x0"] > 36 + WIDTH / 2  # moved on whole to the second column
    # without avoid, the block starts in the first column
    doc = pdf(html.replace("break-inside: avoid", "color: black"), **PAGE)
    assert doc.chars_of("K0")[0]["x0"] < 36 + 10


def test_break_before_column_starts_a_new_column(pdf):
    doc = pdf(RESET + "<div style='columns: 3'><p>one</p><p style='break-before: column'>two</p>"
              "<p style='break-after: column'>three</p><p>four</p></div>", **PAGE)
    xs = [round(doc.chars_of(word)[0]["x0"]) for word in ("one", "two", "three", "four")]
    assert xs[0] < xs[1] == xs[2] < xs[3]


def test_break_column_outside_columns_does_nothing(pdf):
    doc = pdf(RESET + "<p>one</p><p style='break-before: column'>two</p>", **PAGE)
    assert len(doc.pages) == 1
    assert doc.chars_of("two")[0]["top"] - doc.chars_of("one")[0]["top"] < 20


def test_page_break_inside_columns_continues_on_the_next_page(pdf):
    doc = pdf(RESET + "<div style='columns: 2'><p>one</p><p style='break-before: page'>two</p></div>", **PAGE)
    assert len(doc.pages) == 2 and "two" in doc.pages[1].extract_text()


def test_rtl_columns_run_from_the_right(pdf):
    doc = pdf(RESET + f"<div style='columns: 2; direction: rtl'>{_one_per_line(10)}</div>", **PAGE)
    assert doc.chars_of("L0")[0]["x0"] > doc.chars_of("L9")[0]["x0"]


def test_painted_container_wraps_its_columns(pdf):
    doc = pdf(RESET + "<div style='columns: 2; border: 2pt solid #0000ff; padding: 10pt'>"
              f"{_one_per_line(10)}</div>", **PAGE)
    lefts = sorted(_line_starts(doc))
    assert len(lefts) == 2 and abs(lefts[0] - (36 + 12)) < 0.5


def test_documents_without_columns_are_unchanged(pdf):
    doc = pdf(RESET + "<div style='display: flex; column-gap: normal'><div>a</div><div>b</div></div>", **PAGE)
    assert doc.chars_of("b")[0]["x0"] - doc.chars_of("a")[0]["x1"] < 1  # flex gap: normal stays 0


def _render(html: str) -> tuple[bytes, list[dict]]:
    job = RenderJob(html=html, css=None, options=PageOptions(**PAGE))
    result = ReportLabRenderer().render(job)
    return result.data, job.report.warnings()


def test_huge_column_count_is_capped_with_a_warning(pdf):
    start = time.monotonic()
    data, warnings = _render(RESET + f"<div style='column-count: 100000; column-gap: 0'>{_one_per_line(300)}</div>")
    assert data.startswith(b"%PDF") and time.monotonic() - start < 5
    assert any(w["type"] == "limit" and "columns" in w["message"] for w in warnings)


def test_tiny_column_width_is_capped_with_a_warning(pdf):
    start = time.monotonic()
    data, warnings = _render(RESET + "<div style='column-width: 0.001px; column-gap: 0'>"
                             f"<p>{_words(200)}</p></div>")
    assert data.startswith(b"%PDF") and time.monotonic() - start < 5
    assert any(w["type"] == "limit" and "columns" in w["message"] for w in warnings)


def test_overflow_columns_are_bounded_with_a_warning():
    start = time.monotonic()
    data, warnings = _render(RESET + "<div style='columns: 2; column-gap: 0; column-fill: auto; height: 12pt'>"
                             f"{_one_per_line(1500)}</div><p>after</p>")
    assert data.startswith(b"%PDF") and time.monotonic() - start < 5
    assert any(w["type"] == "limit" and "overflows" in w["message"] for w in warnings)


def test_invalid_values_are_ignored(pdf):
    for css in ("column-count: 0", "column-count: 2.5", "column-width: -10pt", "column-width: 10%",
                "columns: 2 3", "columns: auto auto"):
        doc = pdf(RESET + f"<div style='{css}'>{_one_per_line(6)}</div>", **PAGE)
        assert len(_line_starts(doc)) == 1, css


def test_shorthands_set_the_longhands():
    from pdflet.renderers.reportlab.css.properties import expand

    assert [name for name, _ in expand("columns", _tokens("12em 3"))] == ["column-width", "column-count"]
    assert [(n, [t.serialize() for t in v]) for n, v in expand("column-rule", _tokens("dotted 2px red"))] == [
        ("column-rule-width", ["2px"]), ("column-rule-style", ["dotted"]), ("column-rule-color", ["red"])]
    assert expand("columns", _tokens("1 2 3")) == []
    # the border grammar: a calc() width is a width, not a colour; a part twice is invalid
    name, width = expand("column-rule", _tokens("calc(1px + 1px) solid"))[0]
    assert (name, [t.serialize() for t in width]) == ("column-rule-width", ["calc(1px + 1px)"])
    assert expand("column-rule", _tokens("1px solid red blue")) == []


def _tokens(text: str) -> list:
    import tinycss2

    return [t for t in tinycss2.parse_component_value_list(text) if t.type != "whitespace"]


def test_columns_in_a_table_cell_and_a_flex_item_get_their_content_width(pdf):
    words = _words(120)
    doc = pdf(RESET + f"<table><tr><td style='columns: 2'>{words}</td><td>x</td></tr></table>", **PAGE)
    assert len(doc.pages) == 1 and doc.chars_of("w119")  # not a column one letter wide, pages long
    lefts = {round(w["x0"]) for w in doc.pages[0].extract_words() if w["text"] in ("w0", "w119")}
    assert len(lefts) == 2  # the text is in two columns
    doc = pdf(RESET + f"<div style='display: flex'><div style='columns: 2'>{words}</div><div>x</div></div>",
              **PAGE)
    assert len(doc.pages) == 1 and doc.chars_of("w119")


def test_gaps_wider_than_the_box_leave_one_column(pdf):
    doc = pdf(RESET + "<div style='column-count: 3; column-gap: 300pt; column-rule: 1pt solid red'>"
              f"{_one_per_line(6)}</div>", **PAGE)
    assert len(_line_starts(doc)) == 1 and not doc.pages[0].lines


def test_text_after_a_spanner_keeps_the_document_language(pdf):
    text = "Die Donaudampfschifffahrtsgesellschaft veröffentlichte Wirtschaftlichkeitsberechnungen."  # bare text
    doc = pdf("<html lang='de'><body><div style='columns: 2; hyphens: auto; width: 200pt'>" + text
              + "<h2 style='column-span: all'>Mitte</h2>" + text + "</div></body></html>", **PAGE)
    words = doc.pages[0].extract_words()
    middle = next(w["top"] for w in words if w["text"] == "Mitte")
    assert any(w["text"].endswith("-") for w in words if w["top"] > middle)  # hyphenated as German


def test_page_break_before_the_first_column_content_breaks_before_the_columns(pdf):
    doc = pdf(RESET + "<p>intro</p><div style='columns: 2'><p style='break-before: page'>first</p>"
              "<p>second</p></div>", **PAGE)
    assert len(doc.pages) == 2 and "first" in doc.pages[1].extract_text()
    doc = pdf(RESET + "<div style='columns: 2'><p style='break-before: page'>first</p><p>second</p></div>", **PAGE)
    assert len(doc.pages) == 1  # before the first content of the document: no break at all
    doc = pdf(RESET + "<div style='columns: 2'><p>a</p><p style='break-after: page'>b</p></div><p>out</p>",
              **PAGE)
    assert len(doc.pages) == 2 and doc.pages[1].extract_text().strip() == "out"


def test_a_column_set_with_no_room_left_moves_on_whole():
    from reportlab.lib.styles import ParagraphStyle

    from pdflet.renderers.reportlab.layout.columns import ColumnSet, ColumnSpec
    from pdflet.renderers.reportlab.layout.image_flowable import Bookmark
    from pdflet.renderers.reportlab.layout.paragraphs import Para

    text = Para("some words " * 20, ParagraphStyle("p", fontSize=10, leading=12))
    columns = ColumnSet([Bookmark("anchor"), text], ColumnSpec(count=2, width=None, gap=12.0))
    assert columns.wrap(300, 0)[1] > 0
    assert columns.split(300, 0) == []  # an anchor alone would fit in no room: nothing is put there
    parts = columns.split(300, 30)
    assert len(parts) == 2 and parts[0].wrap(300, 30)[1] <= 30


def test_a_box_measured_in_too_little_room_is_measured_again_in_more():
    """Balancing wraps the same boxes at many heights: a box whose inner box was cut short at a small height
    must not keep that short layout (it drew one list item of five)."""
    from reportlab.lib.styles import ParagraphStyle

    from pdflet.renderers.reportlab.layout.box_flowables import Box
    from pdflet.renderers.reportlab.layout.boxmodel import BoxSpec
    from pdflet.renderers.reportlab.layout.paragraphs import Para

    style = ParagraphStyle("p", fontSize=10, leading=12)
    inner = Box([Para(f"item{i}", style) for i in range(5)], BoxSpec())
    outer = Box([inner], BoxSpec())
    assert outer.wrap(300, 1.0)[1] < 60  # cut short: only the first item measured
    assert outer.wrap(300, 500)[1] == 60  # all five items, once there is room


def test_columns_inside_a_box_inside_columns(pdf):
    doc = pdf(RESET + "<div style='columns: 3'><p>text here</p><ul style='columns: 2'><li>k5l0</li><li>k5l1</li>"
              "<li>k5l2</li></ul></div><p>kEND</p>", **PAGE)
    words = [w["text"] for w in doc.pages[0].extract_words()]
    assert all(f"k5l{i}" in words for i in range(3))  # a trial layout in no room left them out


def test_multicol_and_wrapping_flex_nested_twenty_deep_render_in_time(pdf):
    """Every balancing trial split the nested content again at every level (ten levels took 50 s, twenty
    hours): content nested this deep is filled column by column, not balanced."""
    level = "<div style='display: flex; flex-wrap: wrap'><div style='columns: 2'>"
    started = time.monotonic()
    doc = pdf(RESET + level * 20 + "deep" + "</div></div>" * 20, **PAGE)
    assert time.monotonic() - started < 5.0
    assert "".join(doc.text().split()) == "deep"  # a letter a line in the innermost, narrowest columns


def test_shallow_content_is_balanced_but_deeply_nested_content_fills_the_first_column(pdf):
    lines = "<br>".join(_words(12))
    shallow = pdf(RESET + f"<div style='columns: 2'><div><div>{lines}</div></div></div>", **PAGE)
    assert len(_column_lefts(shallow)) == 2
    nested = "<div style='padding-left: 1pt'>" * 20 + lines + "</div>" * 20
    deep = pdf(RESET + f"<div style='columns: 2'>{nested}</div>", **PAGE)
    assert len(_column_lefts(deep)) == 1  # not balanced: everything fits the first column's page height
