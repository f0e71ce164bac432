"""Right-to-left ordering and Arabic joining, checked on strings and on a drawn PDF read back."""

# Test data is multilingual text by design: full-width and Arabic characters are intended.
# ruff: noqa: RUF003

from __future__ import annotations

import io
import unicodedata

import pdfplumber
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
