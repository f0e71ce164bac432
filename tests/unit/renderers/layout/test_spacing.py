"""letter-spacing: every character advances by the spacing, and measuring (wrapping, alignment) agrees."""

from __future__ import annotations

import itertools

import pytest

BASE = "<style>body { margin: 0 } p { margin: 0; font-size: 12pt; font-family: sans-serif }</style>"
MARGINS = {"margin": (36.0, 36.0, 36.0, 36.0)}
LOREM = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor " * 4


def _advances(chars):
    return [b["x0"] - a["x0"] for a, b in itertools.pairwise(chars)]


@pytest.mark.parametrize(("value", "spacing"), [("3pt", 3.0), ("4px", 3.0), ("0.5em", 6.0), ("normal", 0.0)])
def test_each_character_advances_by_the_spacing(pdf, value, spacing):
    doc = pdf(BASE + f"<p>Wide<span style='letter-spacing: {value}'>Spaced words</span></p><p>Spaced words</p>")
    spaced = doc.chars_of("Spaced words")
    plain = [c for c in doc.pages[0].chars if c["top"] > spaced[0]["top"] + 5]
    for got, natural in zip(_advances(spaced), _advances(plain), strict=True):
        assert got == pytest.approx(natural + spacing, abs=0.01)
    # what comes before is not spaced
    wide = doc.chars_of("Wide")
    assert wide[-1]["x1"] == pytest.approx(spaced[0]["x0"], abs=0.01)


def test_spacing_is_inherited_and_em_follows_the_font_size(pdf):
    doc = pdf(BASE + "<div style='letter-spacing: 0.25em'><p>ab<span style='font-size: 24pt'>cd</span></p></div>")
    chars = doc.chars_of("abcd")
    plain = pdf(BASE + "<p>ab<span style='font-size: 24pt'>cd</span></p>").chars_of("abcd")
    assert chars[1]["x0"] - chars[0]["x0"] == pytest.approx(plain[1]["x0"] - plain[0]["x0"] + 3.0, abs=0.01)
    # 0.25em of the div's 12pt (3pt) is inherited as a length, not re-resolved against 24pt
    assert (chars[3]["x0"] - chars[2]["x0"]) - (plain[3]["x0"] - plain[2]["x0"]) == pytest.approx(3.0, abs=0.01)


def test_right_and_centre_alignment_include_the_spacing(pdf):
    doc = pdf(
        BASE + "<p style='text-align: right; letter-spacing: 5pt'>RIGHT</p>"
        "<p style='text-align: center; letter-spacing: 5pt'>MIDDLE</p>",
        **MARGINS,
    )
    width = doc.pages[0].width
    right = doc.chars_of("RIGHT")
    # the spacing after the last letter counts, as in a browser (glyph boxes are the letters' own widths)
    assert right[-1]["x1"] + 5 == pytest.approx(width - 36, abs=0.5)
    mid = doc.chars_of("MIDDLE")
    assert (mid[0]["x0"] + mid[-1]["x1"] + 5) / 2 == pytest.approx(width / 2, abs=0.5)


def test_wrapping_accounts_for_the_spacing_and_justify_fills_lines(pdf):
    plain = pdf(BASE + f"<p style='text-align: justify'>{LOREM}</p>", **MARGINS)
    spaced = pdf(BASE + f"<p style='text-align: justify; letter-spacing: 2pt'>{LOREM}</p>", **MARGINS)

    def lines(doc):
        rows: dict[int, list] = {}
        for ch in doc.pages[0].chars:
            rows.setdefault(round(ch["top"]), []).append(ch)
        return [sorted(rows[k], key=lambda c: c["x0"]) for k in sorted(rows)]

    assert len(lines(spaced)) > len(lines(plain))
    right = spaced.pages[0].width - 36
    for line in lines(spaced)[:-1]:
        ink = [c for c in line if c["text"].strip()]
        assert ink[-1]["x1"] + 2 == pytest.approx(right, abs=0.5)
    assert max(c["x1"] for c in spaced.pages[0].chars) + 2 <= right + 0.5
    assert "loremipsumdolor" in spaced.text().replace(" ", "")


def test_mixed_runs_on_one_line_and_underline_covers_the_spaced_word(pdf):
    doc = pdf(BASE + "<p>one <u style='letter-spacing: 6pt'>two</u> three <b>four</b></p>")
    two = doc.chars_of("two")
    three = doc.chars_of("three")
    assert three[0]["x0"] > two[-1]["x1"]
    lines = doc.pages[0].lines + doc.pages[0].rects
    assert any(ln["x0"] <= two[0]["x0"] + 0.5 and ln["x1"] >= two[-1]["x1"] - 6.5 for ln in lines)


@pytest.mark.parametrize("value", ["bogus", "10%", "1px 2px", "-", "calc(1px)", "1e9px", "-999px"])
def test_odd_values_are_ignored_or_clamped(pdf, value):
    doc = pdf(BASE + f"<p style='letter-spacing: {value}'>still here</p>")
    assert sorted(c["text"] for c in doc.pages[0].chars if c["text"].strip()) == sorted("stillhere")
    assert all(c["x1"] >= c["x0"] for c in doc.pages[0].chars)


def test_many_distinct_spacings_render_and_the_font_cache_stays_bounded(pdf, monkeypatch):
    import gc

    from reportlab.pdfbase import pdfmetrics

    from pdflet.renderers.reportlab.layout import spacing

    gc.collect()  # earlier renders are over: their clones may be evicted
    baseline = len(spacing._clones)
    monkeypatch.setattr(spacing, "MAX_FONTS", baseline + 8)
    monkeypatch.setattr(spacing, "MAX_PER_DOCUMENT", 5)
    spans = "".join(f"<span style='letter-spacing: {i / 10}pt'>w{i} </span>" for i in range(1, 40))
    doc = pdf(BASE + f"<p>{spans}</p>")
    assert "w39" in doc.text().replace(" ", "")
    assert len(spacing._clones) <= baseline + 8
    gc.collect()
    again = pdf(BASE + f"<p>{spans}</p>")  # a second document may evict the first one's clones
    assert "w1" in again.text().replace(" ", "")
    assert len(spacing._clones) <= baseline + 8
    assert all(clone.name in pdfmetrics._fonts for clone in spacing._clones.values())


def test_spaced_text_and_box_edges_embed_no_extra_font(pdf):
    import io

    import pypdf

    doc = pdf(
        BASE + "<p>plain <span style='letter-spacing: 2pt'>spaced</span> "
        "<span style='letter-spacing: 3pt; border: 1px solid; padding: 0 5px'>boxed</span></p>"
    )
    reader = pypdf.PdfReader(io.BytesIO(doc.data))
    fonts = {str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert len(fonts) == 1 and not any("ls" in f.split("-")[-1] or "spacer" in f for f in fonts)
    assert "\u2060" not in doc.text()
    assert doc.text().replace(" ", "") == "plainspacedboxed"


def test_fonts_in_use_by_a_live_render_are_never_evicted(monkeypatch):
    import gc

    from reportlab.pdfbase import pdfmetrics

    from pdflet.renderers.reportlab.fonts import get_font_library
    from pdflet.renderers.reportlab.layout import spacing

    gc.collect()
    while spacing._evict_unused():  # only clones of live renders are left
        pass
    monkeypatch.setattr(spacing, "MAX_FONTS", len(spacing._clones) + 3)
    font = get_font_library().resolve(["sans-serif"], False, False)

    class Render:
        pass

    first, second = Render(), Render()
    mine = [spacing.spaced_font(font, 0.1 * i, 10.0, first) for i in range(1, 4)]
    assert len(set(mine)) == 3
    # the table is full of fonts a live render uses: a new one is refused, not made by evicting them
    assert spacing.spaced_font(font, 9.9, 10.0, second) == font
    assert all(name in pdfmetrics._fonts for name in mine)
    del first  # that render is over: its fonts may go
    assert spacing.spaced_font(font, 9.9, 10.0, second) != font
