"""Font resolution, fallback runs and @font-face, checked by drawing PDFs and reading them back."""

# Test data is multilingual text by design: full-width and Arabic characters are intended.
# ruff: noqa: RUF001

from __future__ import annotations

import io
import unicodedata

import pdfplumber
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from pdflet.renderers.reportlab import fonts
from pdflet.renderers.reportlab.fonts import FONT_DIR, get_font_library


@pytest.fixture
def lib():
    return get_font_library()


def draw(lines: list[tuple[str, str]], lib) -> bytes:
    """Draw each (text, font) line through runs(), as the renderer does; returns the PDF bytes."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    y = 800.0
    for text, font in lines:
        x = 50.0
        for chunk, name in lib.runs(text, font):
            c.setFont(name, 14)
            c.drawString(x, y, chunk)
            x += pdfmetrics.stringWidth(chunk, name, 14)
        y -= 30
    c.save()
    return buf.getvalue()


def page_lines(pdf_bytes: bytes) -> list[list[dict]]:
    """Characters of page 1 grouped into lines by their baseline, top to bottom."""
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        chars = pdf.pages[0].chars
    rows: dict[int, list[dict]] = {}
    for ch in chars:
        rows.setdefault(round(ch["top"]), []).append(ch)
    return [sorted(rows[k], key=lambda ch: ch["x0"]) for k in sorted(rows)]


def text_of(row: list[dict]) -> str:
    return "".join(ch["text"] for ch in row)


# --- resolve ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("families", "bold", "italic", "expected"),
    [
        (["Helvetica", "Arial", "sans-serif"], False, False, "PdfletSans-Regular"),
        (["Arial"], True, False, "PdfletSans-Bold"),
        (["sans-serif"], False, True, "PdfletSans-Italic"),
        (["'Liberation Sans'"], True, True, "PdfletSans-BoldItalic"),
        (['"Times New Roman"', "Times", "serif"], False, False, "PdfletSerif-Regular"),
        (["serif"], True, True, "PdfletSerif-BoldItalic"),
        (["Courier New", "Courier", "monospace"], False, False, "PdfletMono-Regular"),
        (["monospace"], True, False, "PdfletMono-Bold"),
        (["Georgia", "DejaVu Serif", "serif"], False, True, "DejaVuSerif-Italic"),
        (["DejaVu Sans"], True, False, "DejaVuSans-Bold"),
        (["Verdana", "sans-serif"], False, True, "PdfletSans-Italic"),  # not on a Debian Chromium either
        (["Georgia", "Cambria", "Times New Roman"], True, False, "PdfletSerif-Bold"),
        (["DejaVu Sans Mono"], False, False, "PdfletMono-Regular"),
        (["Noto Serif"], True, False, "PdfletSerif-Bold"),
        (["Noto Sans"], False, False, "PdfletSans-Regular"),
        (["system-ui"], False, False, "DejaVuSans"),
        # Apple's system names match nothing off macOS: the next family decides, as in Chromium on Linux
        (["-apple-system", "BlinkMacSystemFont", "DejaVu Serif"], False, False, "DejaVuSerif"),
        (["ui-sans-serif", "system-ui", "sans-serif"], False, False, "DejaVuSans"),
        (["ui-monospace", "Menlo", "monospace"], False, False, "PdfletMono-Regular"),
        (["ui-serif"], False, False, "PdfletSerif-Regular"),
        (["No Such Font", "Another Missing", "monospace"], False, False, "PdfletMono-Regular"),
        (["  HELVETICA  "], False, False, "PdfletSans-Regular"),
    ],
)
def test_resolve_maps_css_families_to_embedded_faces(lib, families, bold, italic, expected):
    name = lib.resolve(families, bold, italic)
    assert name == expected
    assert pdfmetrics.getFont(name).fontName == expected  # registered with ReportLab


def test_unknown_families_fall_back_to_the_browser_default_serif(lib):
    assert lib.resolve(["Nope"], False, False) == "PdfletSerif-Regular"
    assert lib.resolve([], True, False) == "PdfletSerif-Bold"


def test_core_families_have_chromium_linux_metrics(lib):
    """Arial/Times/Courier New widths, so line breaks match what Chromium prints with Liberation fonts."""
    sans = lib.resolve(["Arial"], False, False)
    serif = lib.resolve(["Times New Roman"], False, False)
    mono = lib.resolve(["Courier New"], False, False)
    # Advance widths of Arial/Liberation Sans (2048 units/em): 'a' 1139 -> 556/1000, 'W' 1933 -> 944/1000.
    assert pdfmetrics.stringWidth("a", sans, 1000) == pytest.approx(556, abs=1)
    assert pdfmetrics.stringWidth("W", sans, 1000) == pytest.approx(944, abs=1)
    assert pdfmetrics.stringWidth("a", serif, 1000) == pytest.approx(444, abs=1)
    assert pdfmetrics.stringWidth("iiii", mono, 1000) == pytest.approx(2400, abs=1)


def test_resolve_tolerates_odd_input(lib):
    assert lib.resolve("monospace", False, False) == "PdfletMono-Regular"  # a bare string, not a list
    assert lib.resolve([None, 3, "Arial"], False, False) == "PdfletSans-Regular"  # type: ignore[list-item]
    assert lib.resolve(["", "''"], False, False) == "PdfletSerif-Regular"


def test_resolve_is_cached(lib):
    first = lib.resolve(["Arial", "sans-serif"], True, False)
    assert lib.resolve(["Arial", "sans-serif"], True, False) is first


def test_resolve_cache_stays_bounded_with_document_supplied_names(lib, monkeypatch):
    monkeypatch.setattr(fonts, "MAX_RESOLVE_CACHE", 50)
    for i in range(500):
        assert lib.resolve([f"Made Up {i}", "monospace"], False, False) == "PdfletMono-Regular"
    assert len(lib._resolve_cache) <= 50


def test_shipped_faces_are_small_and_licensed():
    for path in FONT_DIR.glob("*.ttf"):
        assert path.stat().st_size < 2 * 1024 * 1024, path.name
    licences = {p.name for p in FONT_DIR.glob("LICENSE-*.txt")}
    assert {"LICENSE-Liberation-OFL.txt", "LICENSE-DejaVu.txt", "LICENSE-Noto-OFL.txt",
            "LICENSE-Apache-2.0.txt", "LICENSE-DroidSansFallback-NOTICE.txt"} <= licences


def test_manifest_matches_the_shipped_files():
    """The coverage runs() trusts must be what each file really maps, or fallback would pick boxes."""
    import json

    manifest = json.loads((FONT_DIR / "manifest.json").read_text())
    assert set(manifest) == {p.stem for p in FONT_DIR.glob("*.ttf")}
    assert set(manifest) == set(fonts.iter_builtin_faces())
    for name, info in manifest.items():
        face = pdfmetrics.getFont(get_font_library()._core.register(name)).face
        listed = {cp for lo, hi in info["cmap"] for cp in range(lo, hi + 1)}
        mapped = set(face.charToGlyph)
        assert listed <= mapped, name
        assert mapped - listed <= {0xA0, 0xFFFF}, name  # ReportLab's own additions


# --- runs ---------------------------------------------------------------------------------------------------


def test_runs_fast_path_returns_the_text_untouched(lib):
    font = lib.resolve(["sans-serif"], False, False)
    text = "Plain ASCII, accented café, Ελληνικά and Кириллица are all in the core face."
    assert lib.runs(text, font) == [(text, font)]
    assert lib.runs("", font) == []


def test_runs_fall_back_per_script(lib):
    font = lib.resolve(["sans-serif"], False, False)
    runs = lib.runs("Mixed: the word كتاب means book", font)
    assert runs == [
        ("Mixed: the word ", font),
        ("كتاب ", "NotoSansArabic-Regular"),
        ("means book", font),
    ]
    assert "".join(chunk for chunk, _ in runs) == "Mixed: the word كتاب means book"


def test_thai_falls_back_to_the_thai_face(lib):
    font = lib.resolve(["Times New Roman"], True, False)
    assert lib.runs("ภาษาไทย ok", font) == [("ภาษาไทย ", "NotoSansThai-Bold"), ("ok", font)]
    (row,) = page_lines(draw([("สวัสดีครับ", font)], lib))
    assert text_of(row) == "สวัสดีครับ"


def test_runs_keep_spaces_inside_a_cjk_run(lib):
    font = lib.resolve(["sans-serif"], False, False)
    runs = lib.runs("한국어 문장", font)
    assert runs == [("한국어 문장", "DroidSansFallback-Common")]


def test_common_cjk_text_needs_one_face(lib):
    """Frequent ideographs, kana and Hangul share one piece: one registration and one embedded font."""
    font = lib.resolve(["sans-serif"], False, False)
    text = "日本語のテキスト：東京都千代田区。中文字符：你好，世界。漢字。안녕하세요"
    assert lib.runs(text, font) == [(text, "DroidSansFallback-Common")]


def test_bold_fallback_keeps_the_weight(lib):
    font = lib.resolve(["Arial"], True, False)
    assert lib.runs("سلام", font) == [("سلام", "NotoSansArabic-Bold")]
    assert lib.runs("∀x", font)[0] == ("∀", "DejaVuSans-Bold")


def test_every_character_gets_a_face_that_has_it(lib):
    font = lib.resolve(["serif"], False, False)
    text = "Crème Ωμέγα Ёж 日本語 한국 עברית عربي → ⇒ ∑ ∫ √ ∞ ≈ ∀ ∃ ∈ 🎉 🚀 ✅ 😀 ☃"
    runs = lib.runs(text, font)
    assert "".join(chunk for chunk, _ in runs) == text
    for chunk, name in runs:
        assert lib.covers(name, chunk), (chunk, name)
    assert len(runs) < 20


def test_whitespace_controls_are_kept_and_do_not_split_runs(lib):
    font = lib.resolve(["serif"], False, False)
    text = "one\ntwo\tthree\r\nfour"
    assert lib.runs(text, font) == [(text, font)]
    assert lib.runs("a\nβ\n日", font)[0] == ("a\nβ\n", font)


def test_default_ignorable_characters_never_become_boxes(lib):
    font = lib.resolve(["sans-serif"], False, False)
    runs = lib.runs("✅\ufe0f ok\u2063", font)
    assert all(lib.covers(name, chunk) for chunk, name in runs)
    assert "".join(chunk for chunk, _ in runs).replace("\ufe0f", "") == "✅ ok"


def test_string_width_measures_fallback_runs(lib):
    font = lib.resolve(["sans-serif"], False, False)
    width = lib.string_width("ab日本", font, 10)
    expected = pdfmetrics.stringWidth("ab", font, 10) + sum(
        pdfmetrics.stringWidth(chunk, name, 10) for chunk, name in lib.runs("日本", font)
    )
    assert width == pytest.approx(expected)
    ascent, descent = lib.ascent_descent(font, 10)
    assert ascent > 0 > descent


# --- drawn PDFs ---------------------------------------------------------------------------------------------

SAMPLES = [
    ("Crème brûlée à la française, Straße, Łódź", "PdfletSans"),
    ("Καλημέρα κόσμε", "PdfletSans"),
    ("Съешь же ещё этих мягких булок", "PdfletSans"),
    ("日本語のテキスト：東京都千代田区", "DroidSansFallback"),
    ("中文字符：你好，世界", "DroidSansFallback"),
    ("한국어 문장: 안녕하세요", "DroidSansFallback"),
    ("→ ⇒ ∑ ∫ √ ∞", None),
    ("🎉 🚀 ✅ 🌍 😀", "NotoEmoji"),
]


def test_drawn_pdf_has_real_glyphs_and_extractable_text(lib):
    font = lib.resolve(["Helvetica", "sans-serif"], False, False)
    pdf = draw([(text, font) for text, _ in SAMPLES], lib)
    rows = page_lines(pdf)
    assert len(rows) == len(SAMPLES)
    for row, (text, face) in zip(rows, SAMPLES, strict=True):
        assert text_of(row).replace(" ", "") == text.replace(" ", "")
        fontnames = {ch["fontname"].split("+")[-1] for ch in row if not ch["text"].isspace()}
        assert not any("Helvetica" in f for f in fontnames), fontnames
        if face:
            assert any(f.startswith(face) for f in fontnames), (text, fontnames)


def test_cjk_pieces_are_distinct_embedded_fonts(lib):
    """The CJK face is split into files; each must keep its own name or viewers mix their glyphs up."""
    font = lib.resolve(["sans-serif"], False, False)
    assert lib.runs("日本丂乿语", font) == [  # common, rare, common ideographs
        ("日本", "DroidSansFallback-Common"),
        ("丂乿", "DroidSansFallback-Han1"),
        ("语", "DroidSansFallback-Common"),
    ]
    pdf = draw([("日本丂乿语", font)], lib)
    (row,) = page_lines(pdf)
    assert text_of(row) == "日本丂乿语"
    assert len({ch["fontname"] for ch in row}) >= 2


def test_emoji_beyond_the_bmp_extract_as_themselves(lib):
    font = lib.resolve(["sans-serif"], False, False)
    (row,) = page_lines(draw([("🎉😀", font)], lib))
    assert text_of(row) == "🎉😀"


def test_pdf_embeds_only_a_subset(lib):
    font = lib.resolve(["sans-serif"], False, False)
    pdf = draw([("Hello 日本 한국", font)], lib)
    assert len(pdf) < 40_000  # the CJK sources are ~3.5 MB; a few glyphs must not drag them in


# --- @font-face ---------------------------------------------------------------------------------------------


def _font_bytes(name: str) -> bytes:
    return (FONT_DIR / name).read_bytes()


def test_font_face_with_a_valid_ttf_is_used(lib):
    data = _font_bytes("NotoSansHebrew-Bold.ttf")
    assert lib.add_font_face("My Brand", True, False, data)
    name = lib.resolve(["'My Brand'", "serif"], True, False)
    assert name.startswith("UserFont-")
    # only one face declared: every style uses it, as a browser's font matching does
    assert lib.resolve(["My Brand"], False, True) == name
    assert lib.runs("שלום x", name) == [("שלום ", name), ("x", "PdfletSans-Bold")]
    (row,) = page_lines(draw([("שלום", name)], lib))
    assert unicodedata.normalize("NFKC", text_of(row)) in ("שלום", "םולש")
    assert all(ch["fontname"].endswith(name) for ch in row)


def test_font_face_registration_is_shared_by_content_but_families_are_per_document():
    base = get_font_library()
    data = _font_bytes("NotoSansArabic-Regular.ttf")
    one, two = base.scoped(), base.scoped()
    assert one.add_font_face("Brand", False, False, data)
    assert two.add_font_face("Other Name", False, False, data)
    assert one.resolve(["Brand"], False, False) == two.resolve(["Other Name"], False, False)
    assert two.resolve(["Brand"], False, False) == "PdfletSerif-Regular"
    assert base.resolve(["Brand"], False, False) == "PdfletSerif-Regular"
    assert get_font_library().resolve(["Brand"], False, False) == "PdfletSerif-Regular"


def test_each_call_is_a_document_view_over_one_process_wide_core():
    one = get_font_library()
    assert one.add_font_face("Doc Font", False, False, _font_bytes("NotoSansHebrew-Regular.ttf"))
    assert one.resolve(["Doc Font"], False, False).startswith("UserFont-")
    assert get_font_library().resolve(["Doc Font"], False, False) == "PdfletSerif-Regular"
    assert get_font_library()._core is one._core


def test_font_face_picks_the_declared_style(lib):
    regular = _font_bytes("PdfletSans-Regular.ttf")
    bold = _font_bytes("PdfletSans-Bold.ttf")
    assert lib.add_font_face("Two", False, False, regular)
    assert lib.add_font_face("Two", True, False, bold)
    assert lib.resolve(["Two"], True, False) != lib.resolve(["Two"], False, False)
    assert lib.resolve(["Two"], True, True) == lib.resolve(["Two"], True, False)


def test_font_face_from_woff_is_unwrapped(lib):
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_DIR / "NotoSansHebrew-Regular.ttf")
    font.flavor = "woff"
    out = io.BytesIO()
    font.save(out)
    assert lib.add_font_face("Woff", False, False, out.getvalue())
    assert lib.resolve(["Woff"], False, False).startswith("UserFont-")


def test_font_face_from_cff_opentype_is_converted(lib):
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder([".notdef", "A"])
    fb.setupCharacterMap({ord("A"): "A"})
    pen = T2CharStringPen(600, None)
    pen.moveTo((50, 0))
    pen.curveTo((50, 300), (550, 300), (550, 0))
    pen.closePath()
    box = T2CharStringPen(500, None)
    box.moveTo((0, 0))
    box.lineTo((0, 700))
    box.lineTo((400, 700))
    box.closePath()
    fb.setupCFF("TestCFF", {}, {".notdef": box.getCharString(), "A": pen.getCharString()}, {})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "A": (600, 50)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "TestCFF", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    out = io.BytesIO()
    fb.save(out)
    assert out.getvalue()[:4] == b"OTTO"
    assert lib.add_font_face("Cff", False, False, out.getvalue())
    name = lib.resolve(["Cff"], False, False)
    assert pdfmetrics.stringWidth("A", name, 1000) == pytest.approx(600)
    (row,) = page_lines(draw([("A", name)], lib))
    assert text_of(row) == "A"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"garbage" * 100,
        b"\x00\x01\x00\x00" + b"\xff" * 500,
        b"OTTO" + bytes(200),
        b"wOF2" + bytes(12) + (2**31).to_bytes(4, "big") + bytes(100),
        _font_bytes("PdfletSans-Regular.ttf")[:5000],
    ],
    ids=["empty", "garbage", "ttf-magic-junk", "otto-zeros", "woff2-bomb-header", "truncated"],
)
def test_font_face_with_broken_bytes_returns_false(lib, data):
    assert lib.add_font_face("Broken", False, False, data) is False
    assert lib.resolve(["Broken", "monospace"], False, False) == "PdfletMono-Regular"


def test_font_face_limits_per_document(lib, monkeypatch):
    monkeypatch.setattr(fonts, "MAX_FACES_PER_DOCUMENT", 1)
    assert lib.add_font_face("A", False, False, _font_bytes("NotoSansHebrew-Regular.ttf"))
    assert lib.add_font_face("B", False, False, _font_bytes("NotoSansHebrew-Bold.ttf")) is False


def test_font_face_whose_cmap_points_past_the_last_glyph_still_writes_a_pdf(lib):
    """Found by fuzzing: ReportLab raised IndexError while writing the PDF, long after the font was accepted."""
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_DIR / "NotoSansHebrew-Regular.ttf")
    for table in font["cmap"].tables:
        table.cmap[ord("ע")] = "glyph49418"
    out = io.BytesIO()
    font.save(out)
    assert lib.add_font_face("Bent", False, False, out.getvalue())
    name = lib.resolve(["Bent"], False, False)
    assert not lib.covers(name, "ע")
    (row,) = page_lines(draw([("שלום עולם", name)], lib))
    assert "ע" in text_of(row)


def _fresh(name: str, tag: bytes) -> bytes:
    """A font's bytes with a trailing tag: same font, new content hash, so no earlier registration is reused."""
    return _font_bytes(name) + tag.ljust(8, b"\0")


def test_old_font_face_registrations_are_dropped_but_not_the_current_documents(monkeypatch):
    monkeypatch.setattr(fonts, "MAX_USER_REGISTRATIONS", 1)
    first = get_font_library()
    assert first.add_font_face("One", False, False, _fresh("NotoSansHebrew-Regular.ttf", b"evict1"))
    assert first.add_font_face("Two", False, False, _fresh("NotoSansHebrew-Bold.ttf", b"evict2"))
    one, two = first.resolve(["One"], False, False), first.resolve(["Two"], False, False)
    assert pdfmetrics.getFont(one) and pdfmetrics.getFont(two)  # both still serve this document
    later = get_font_library()
    assert later.add_font_face("Three", False, False, _fresh("NotoSansArabic-Bold.ttf", b"evict3"))
    with pytest.raises(KeyError):
        pdfmetrics.getFont(one)
    assert later.resolve(["Three"], False, False).startswith("UserFont-")


def test_a_refused_font_is_not_parsed_again(lib, monkeypatch):
    calls = []
    real = fonts.sanitize_font
    monkeypatch.setattr(fonts, "sanitize_font", lambda data, name: calls.append(name) or real(data, name))
    junk = b"\x00\x01\x00\x00" + b"\x07" * 300
    assert lib.add_font_face("Bad", False, False, junk) is False
    assert get_font_library().add_font_face("Bad", False, False, junk) is False
    assert len(calls) == 1


def test_font_face_bytes_per_document_are_bounded(lib, monkeypatch):
    monkeypatch.setattr(fonts, "MAX_DOCUMENT_FONT_BYTES", 30_000)
    assert lib.add_font_face("Small", False, False, _font_bytes("NotoSansHebrew-Regular.ttf"))
    assert lib.add_font_face("Big", False, False, _font_bytes("PdfletSans-Regular.ttf")) is False


def _flavored(name: str, flavor: str) -> bytes:
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_DIR / name)
    font.flavor = flavor
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def test_font_face_from_woff2_is_unwrapped(lib):
    data = _flavored("PdfletSans-Bold.ttf", "woff2")
    assert data[:4] == b"wOF2"
    assert lib.add_font_face("Woff2", True, False, data)
    name = lib.resolve(["Woff2"], True, False)
    assert pdfmetrics.stringWidth("W", name, 1000) == pytest.approx(944, abs=1)


def test_woff2_decompression_bomb_is_refused_without_inflating_it(lib):
    import brotli

    from pdflet.renderers.reportlab import fonts_faces

    good = _flavored("NotoSansHebrew-Regular.ttf", "woff2")
    assert fonts_faces._woff2_within_limits(good)
    start, declared = fonts_faces.woff2_directory(good)
    assert declared > 0
    # a stream that inflates to far more than the directory declares (a real bomb would be gigabytes)
    stream = brotli.compress(b"\0" * (4 * 1024 * 1024), quality=1)
    bomb = bytearray(good[:start] + stream)
    bomb[8:12] = len(bomb).to_bytes(4, "big")
    bomb[20:24] = len(stream).to_bytes(4, "big")
    assert not fonts_faces._woff2_within_limits(bytes(bomb))
    assert lib.add_font_face("Bomb", False, False, bytes(bomb)) is False


def test_woff_zlib_bomb_is_refused_without_inflating_it(lib):
    import struct
    import zlib

    payload = zlib.compress(b"\0" * (4 * 1024 * 1024), 9)
    header = struct.pack(">4s4sIHHIHHIIIII", b"wOFF", b"\0\1\0\0", 44 + 20 + len(payload), 1, 0, 1000, 1, 0,
                         0, 0, 0, 0, 0)
    entry = struct.pack(">4sIIII", b"glyf", 64, len(payload), 1000, 0)
    assert lib.add_font_face("Zip", False, False, header + entry + payload) is False


@pytest.mark.parametrize(
    "html",
    [
        "<p>Hello</p>",
        '<body style="font-family: Arial"><h1>Title</h1><p>Body <code>x</code></p></body>',
        "<table><tr><td>cell</td></tr></table>",
    ],
)
def test_every_font_in_the_pdf_is_embedded(html: str, pdf) -> None:
    """No page may name a font the PDF does not carry (ReportLab's preamble would name Helvetica)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf(html).data))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:  # Type0 fonts carry it on their descendant
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
