"""Right-to-left ordering and Arabic joining, checked on strings and on a drawn PDF read back."""

# Test data is multilingual text by design: full-width and Arabic characters are intended.
# ruff: noqa: RUF003

from __future__ import annotations

import io
import unicodedata

import pdfplumber
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from pdflet.renderers.reportlab.bidi import has_rtl, shape, visual
from pdflet.renderers.reportlab.fonts import get_font_library


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_ltr_text_is_returned_unchanged():
    text = "Plain text, café, Ελληνικά, 日本語 — no right-to-left here."
    assert visual(text, False) is text
    assert visual(text, True) is text
    assert visual("", True) == ""
    assert not has_rtl(text)


def test_hebrew_is_reversed_into_visual_order():
    assert visual("שלום עולם", True) == "םלוע םולש"
    assert has_rtl("שלום")


def test_arabic_is_joined_into_presentation_forms_and_reversed():
    out = visual("مرحبا", True)
    # م initial, ر final, ح initial, ب medial, ا final -- drawn right to left
    assert out == "\ufe8e\ufe92\ufea3\ufeae\ufee3"
    assert all(0xFE70 <= ord(ch) <= 0xFEFF for ch in out)
    assert nfkc(out)[::-1] == "مرحبا"


def test_lam_alef_becomes_one_ligature():
    out = visual("لا", True)
    assert out == "\ufefb"
    assert nfkc(out) == "لا"


def test_embedded_rtl_in_an_ltr_line_keeps_the_ltr_order():
    out = visual("the word كتاب means book", False)
    assert out.startswith("the word ")
    assert out.endswith(" means book")
    assert nfkc(out[9:13])[::-1] == "كتاب"


def test_numbers_inside_rtl_text_keep_their_order():
    out = visual("עמוד 123 מתוך 456", True)
    assert "123" in out
    assert "456" in out
    assert out.index("456") < out.index("123")


def test_rtl_line_drawn_and_read_back_has_arabic_glyphs():
    lib = get_font_library()
    font = lib.resolve(["sans-serif"], False, False)
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    x = 50.0
    runs = lib.runs(visual("مرحبا بالعالم", True), font)
    for chunk, name in runs:
        c.setFont(name, 14)
        c.drawString(x, 800, chunk)
        x += pdfmetrics.stringWidth(chunk, name, 14)
    c.save()
    with pdfplumber.open(io.BytesIO(buf.getvalue())) as pdf:
        chars = sorted(pdf.pages[0].chars, key=lambda ch: ch["x0"])
    assert {ch["fontname"].split("+")[-1] for ch in chars if ch["text"] != " "} == {"NotoSansArabic-Regular"}
    drawn = "".join(ch["text"] for ch in chars)
    # left to right on the page is the reverse of reading order; NFKC undoes the joining forms
    assert nfkc(drawn)[::-1] == "مرحبا بالعالم"


def test_shape_joins_in_logical_order_and_visual_after_it_is_the_same():
    logical = "مرحبا بالعالم"
    shaped = shape(logical)
    assert nfkc(shaped) == logical
    assert shaped != logical
    assert visual(shaped, True) == visual(logical, True)
    assert shape("plain") == "plain"


def test_wrapped_paragraph_reordered_per_line_keeps_line_order():
    """Line breaking on shaped logical text, then visual() per line, keeps the first words on the first line."""
    words = shape("واحد اثنان ثلاثة أربعة خمسة ستة").split(" ")
    lines = [" ".join(words[:3]), " ".join(words[3:])]
    drawn = [visual(line, True) for line in lines]
    assert nfkc(drawn[0][::-1]) == "واحد اثنان ثلاثة"
    assert nfkc(drawn[1][::-1]) == "أربعة خمسة ستة"


# -- whole paragraphs, rendered and read back ---------------------------------------------------------------

HEBREW = "שלום עולם זהו משפט ארוך בעברית שנכתב כדי לבדוק שהשורות נשארות בסדר הנכון גם כאשר הפסקה נשברת"
ARABIC = "مرحبا بك في هذه الصفحة من المستند الطويل جدا وهي تكتب من اليمين الى اليسار في عدة اسطر متتالية"


def _lines(doc):
    """Each drawn line's characters left to right, top line first."""
    rows: dict[int, list] = {}
    for ch in doc.pages[0].chars:
        rows.setdefault(round(ch["top"]), []).append(ch)
    return [sorted(rows[top], key=lambda c: c["x0"]) for top in sorted(rows)]


def _rtl_paragraph(pdf, text, extra_style=""):
    return pdf(
        "<style>body { margin: 0 } p { margin: 0; width: 190pt; font-size: 12pt; font-family: sans-serif;"
        f" direction: rtl; {extra_style} }}</style><p>{text}</p>",
        margin=(36.0, 36.0, 36.0, 36.0),
    )


def _expected_lines(logical: str, drawn_lines):
    """python-bidi's visual string for each drawn line's share of the logical words."""
    words = logical.split(" ")
    out = []
    start = 0
    for line in drawn_lines:
        count = len("".join(c["text"] for c in line).split())
        out.append(get_display(" ".join(words[start : start + count]), base_dir="R"))
        start += count
    assert start == len(words)
    return out


def test_hebrew_paragraph_lines_keep_their_order_and_read_right_to_left(pdf):
    doc = _rtl_paragraph(pdf, HEBREW)
    lines = _lines(doc)
    assert len(lines) >= 3
    drawn = ["".join(c["text"] for c in line).strip() for line in lines]
    assert drawn == _expected_lines(HEBREW, lines)
    # the first logical word is the rightmost word of the top line
    assert drawn[0].endswith(HEBREW.split(" ")[0][::-1])
    right = 36 + 190  # the paragraph box sits left in its ltr body; its text starts at the box's right edge
    for line in lines:
        ink = [c for c in line if c["text"].strip()]
        assert abs(ink[-1]["x1"] - right) < 1.5


def test_arabic_paragraph_lines_keep_their_order_and_are_joined(pdf):
    doc = _rtl_paragraph(pdf, ARABIC)
    lines = _lines(doc)
    assert len(lines) >= 3
    drawn = ["".join(c["text"] for c in line).strip() for line in lines]
    expected = _expected_lines(ARABIC, lines)
    assert [nfkc(d) for d in drawn] == [nfkc(e) for e in expected]
    assert any(0xFE70 <= ord(ch) <= 0xFEFF for ch in drawn[0])  # presentation forms: letters joined
    right = 36 + 190
    for line in lines:
        ink = [c for c in line if c["text"].strip()]
        assert abs(ink[-1]["x1"] - right) < 1.5


def test_mixed_styles_in_an_rtl_paragraph_reorder_across_the_line(pdf):
    words = HEBREW.split(" ")
    html = " ".join(f"<b>{w}</b>" if i % 4 == 1 else w for i, w in enumerate(words))
    doc = _rtl_paragraph(pdf, html)
    lines = _lines(doc)
    assert len(lines) >= 3
    drawn = ["".join(c["text"] for c in line).strip() for line in lines]
    assert drawn == _expected_lines(HEBREW, lines)
    bold = {c["text"] for line in lines for c in line if "Bold" in c["fontname"] and c["text"].strip()}
    assert bold and bold <= set("".join(w for i, w in enumerate(words) if i % 4 == 1))


def test_brackets_in_rtl_text_are_mirrored(pdf):
    doc = _rtl_paragraph(pdf, "שלום (עולם) טוב")
    drawn = "".join(c["text"] for c in _lines(doc)[0]).strip()
    assert drawn == "בוט (םלוע) םולש"


def test_split_rtl_paragraph_continues_in_order_on_the_next_page(pdf):
    text = " ".join([HEBREW] * 12)
    doc = pdf(
        "<style>body { margin: 0 } p { margin: 0; font-size: 12pt; line-height: 20pt; direction: rtl }</style>"
        f"<p>{text}</p>",
        page_size=(300.0, 200.0),
        margin=(20.0, 20.0, 20.0, 20.0),
    )
    assert len(doc.pages) >= 2
    first = [c for c in doc.pages[1].chars if round(c["top"]) == round(doc.pages[1].chars[0]["top"])]
    line = "".join(c["text"] for c in sorted(first, key=lambda c: c["x0"])).strip()
    words = line.split(" ")[::-1]  # reading order
    logical = text.split(" ")
    # the continuation starts where page 1 stopped: its words are a consecutive run of the logical text
    joined = " ".join(w[::-1] for w in words)
    assert joined in " ".join(logical)


def test_dir_attribute_sets_the_direction(pdf):
    doc = pdf(
        "<style>body { margin: 0 } p { margin: 0 }</style><p dir='RTL'>שלום עולם</p><p dir='rtl'>"
        "<span dir='ltr'>x</span></p><div dir='rtl'><p dir='ltr'>left</p></div>",
        margin=(36.0, 36.0, 36.0, 36.0),
    )
    right = doc.pages[0].width - 36
    assert abs(doc.chars_of("םולש")[-1]["x1"] - right) < 1
    assert abs(doc.chars_of("x")[0]["x1"] - right) < 1  # the block's direction aligns its lines
    assert abs(doc.chars_of("left")[0]["x0"] - 36) < 1


def test_justified_rtl_paragraph_stretches_lines_and_ends_at_the_right(pdf):
    doc = _rtl_paragraph(pdf, HEBREW + " " + HEBREW, "text-align: justify")
    lines = _lines(doc)
    assert len(lines) >= 4
    right = 36 + 190
    for line in lines:  # stretched lines and the last one all end at the start (right) edge
        ink = [c for c in line if c["text"].strip()]
        assert abs(ink[-1]["x1"] - right) < 1.5
    for line in lines[:-1]:  # and the stretched ones start at the left edge
        ink = [c for c in line if c["text"].strip()]
        assert abs(ink[0]["x0"] - 36) < 1.5
    last = [c for c in lines[-1] if c["text"].strip()]
    assert last[0]["x0"] > 36 + 5


def test_without_resolved_levels_pieces_are_reordered_whole(monkeypatch):
    """If python-bidi ever stops reporting its levels, a line is still drawn (piece by piece), never a loop."""
    from pdflet.renderers.reportlab import bidi

    monkeypatch.setattr(bidi, "_levels", lambda text, rtl: None)
    out = bidi.visual_runs([("שלום (x)", "a"), (" עולם", "b")], True)
    assert [owner for _, owner in out] == ["b", "a"]
    assert "".join(text for text, _ in out).count("x") == 1
