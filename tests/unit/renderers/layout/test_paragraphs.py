"""Text properties: family, weight, style, alignment, indent, decoration, transform, white-space, sub/sup."""

from __future__ import annotations

LOREM = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor " * 6


def test_generic_families_map_to_distinct_fonts(pdf):
    doc = pdf(
        "<p style='font-family: serif'>serif</p><p style='font-family: sans-serif'>sans</p>"
        "<p style='font-family: monospace'>mono</p><p style='font-family: Arial, sans-serif'>arial</p>"
    )
    names = {w: doc.chars_of(w)[0]["fontname"] for w in ("serif", "sans", "mono", "arial")}
    assert len({names["serif"], names["sans"], names["mono"]}) == 3
    assert names["arial"] == names["sans"]


def test_weight_and_style(pdf):
    doc = pdf("<p><span style='font-weight: 700'>heavy</span> <span style='font-style: italic'>slant</span></p>")
    assert "Bold" in doc.chars_of("heavy")[0]["fontname"]
    assert "Italic" in doc.chars_of("slant")[0]["fontname"] or "Oblique" in doc.chars_of("slant")[0]["fontname"]


def test_alignment(pdf):
    doc = pdf(
        "<style>body { margin: 0 } p { margin: 0 }</style><p style='text-align: right'>right</p>"
        "<p style='text-align: center'>mid</p><p>left</p>",
        margin=(36.0, 36.0, 36.0, 36.0),
    )
    width = doc.pages[0].width
    assert abs(doc.chars_of("right")[-1]["x1"] - (width - 36)) < 1
    mid = doc.chars_of("mid")
    assert abs((mid[0]["x0"] + mid[-1]["x1"]) / 2 - width / 2) < 1
    assert abs(doc.chars_of("left")[0]["x0"] - 36) < 1


def test_justify_fills_the_line(pdf):
    doc = pdf(
        f"<style>body {{ margin: 0 }}</style><p style='text-align: justify'>{LOREM}</p>",
        margin=(36.0, 36.0, 36.0, 36.0),
    )
    page = doc.pages[0]
    first_line = [c for c in page.chars if abs(c["top"] - page.chars[0]["top"]) < 1]
    assert abs(first_line[-1]["x1"] - (page.width - 36)) < 1


def test_text_indent_and_line_height(pdf):
    doc = pdf(
        f"<style>body {{ margin: 0 }}</style><p style='text-indent: 36pt; line-height: 30pt'>{LOREM}</p>",
        margin=(36.0, 36.0, 36.0, 36.0),
    )
    chars = doc.pages[0].chars
    assert abs(chars[0]["x0"] - 72) < 1
    tops = sorted({round(c["top"]) for c in chars})
    assert abs((tops[1] - tops[0]) - 30) < 1.5


def test_text_transform(pdf):
    doc = pdf(
        "<p style='text-transform: uppercase'>shout</p><p style='text-transform: capitalize'>each word here</p>"
        "<p style='text-transform: lowercase'>QUIET</p>"
    )
    text = doc.text()
    assert "SHOUT" in text and "Each Word Here" in text and "quiet" in text


def test_underline_and_line_through_draw_lines(pdf):
    doc = pdf("<p><u>under</u></p>")
    page = doc.pages[0]
    word = doc.chars_of("under")
    lines = page.lines + page.rects
    assert any(line["x0"] <= word[0]["x0"] + 1 and line["x1"] >= word[-1]["x1"] - 1 for line in lines)
    plain = pdf("<p>under</p>").pages[0]
    assert not (plain.lines + plain.rects)


def test_white_space_pre_keeps_lines_and_spaces(pdf):
    doc = pdf("<pre>a  b\nsecond line</pre><p>x   y</p>")
    text = doc.text()
    assert "second line" in text
    assert doc.chars_of("second")[0]["top"] > doc.chars_of("a")[0]["top"] + 5
    a, b = doc.chars_of("a")[0], next(c for c in doc.chars(0) if c["text"] == "b")
    assert b["x0"] - a["x1"] > 2 * (b["x1"] - b["x0"]) * 0.8


def test_nowrap_keeps_one_line(pdf):
    doc = pdf(f"<p style='white-space: nowrap; font-size: 6pt'>{LOREM[:200]}</p>")
    assert len({round(c["top"]) for c in doc.pages[0].chars}) == 1


def test_sub_and_sup_move_off_the_baseline(pdf):
    doc = pdf("<p>H<sub>2</sub>O m<sup>3</sup></p>")
    chars = doc.chars(0)
    base = chars[0]["bottom"]
    two = next(c for c in chars if c["text"] == "2")
    three = next(c for c in chars if c["text"] == "3")
    assert two["bottom"] > base + 1
    assert three["bottom"] < base - 2
    assert two["size"] < chars[0]["size"]


def test_long_word_never_runs_off_the_page(pdf):
    doc = pdf("<p>" + "x" * 3000 + "</p>")
    page = doc.pages[0]
    assert max(c["x1"] for c in page.chars) <= page.width
    assert doc.text().replace("\n", "").count("x") == 3000


def test_inline_background(pdf):
    doc = pdf("<p>a <span style='background-color: #ffff00'>marked</span></p>")
    rects = doc.pages[0].rects
    assert any(tuple(round(v, 2) for v in r["non_stroking_color"]) == (1.0, 1.0, 0.0) for r in rects)


def test_line_height_normal_rounds_like_chromium(pdf):
    # 9.5pt Arial-metric text: 11px ascent + 3px descent + 0px gap = 14px = 10.5pt per line
    doc = pdf(f"<p style='font: 9.5pt Arial, sans-serif'>{LOREM}</p>")
    tops = sorted({round(c["top"], 2) for c in doc.pages[0].chars})
    assert abs((tops[1] - tops[0]) - 10.5) < 0.05


def test_inline_image_sits_in_the_line(pdf):
    import base64
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 0, 255)).save(buffer, "PNG")
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    doc = pdf(f"<p>before <img src='{uri}'> after</p>")
    image = doc.pages[0].images[0]
    before, after = doc.chars_of("before")[-1], doc.chars_of("after")[0]
    assert before["x1"] < image["x0"] < image["x1"] < after["x0"]
    assert abs(image["width"] - 12) < 0.5


def test_every_decorated_run_on_a_line_gets_its_line(pdf):
    doc = pdf("<p>x <u>first</u>, <a href='https://e.com'>link</a> <u>again</u> <s>gone</s></p>")
    page = doc.pages[0]
    spans = sorted((round(e["x0"]), round(e["x1"])) for e in page.lines + page.rects)
    assert len(spans) == 4
    for word, (x0, x1) in zip(("first", "link", "again", "gone"), spans, strict=True):
        chars = doc.chars_of(word)
        assert abs(x0 - chars[0]["x0"]) < 1.5 and abs(x1 - chars[-1]["x1"]) < 1.5


def test_line_breaks_survive_page_splits(pdf):
    doc = pdf("<p>" + "".join(f"row {i}<br>" for i in range(150)) + "</p><pre>" + "code line\n" * 150 + "</pre>")
    assert len(doc.pages) >= 5
    lines = [line for page in doc.pages for line in (page.extract_text() or "").splitlines()]
    assert [line for line in lines if line.startswith("row ")] == [f"row {i}" for i in range(150)]
    assert lines.count("code line") == 150


def test_empty_line_between_two_breaks_has_height(pdf):
    doc = pdf("<p style='font-size: 10pt; line-height: 15pt'>a<br><br>b</p>")
    assert abs(doc.chars_of("b")[0]["top"] - doc.chars_of("a")[0]["top"] - 30) < 0.5
