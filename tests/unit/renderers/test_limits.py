"""Hostile input: every document yields a PDF or a clear RenderFailed, quickly, touching nothing."""

from __future__ import annotations

import base64
import io
import time

import pytest
from PIL import Image

from pdflet.errors import RenderFailed


def _payload(canary) -> str:
    return (
        "[[[getattr(pow, Word('__globals__'))['os'].system('touch " + str(canary) + "') for Word in "
        "[ orgTypeFun( 'Word', (str,), { 'mutated': 1, 'startswith': lambda self, x: 1 == 0, "
        "'__eq__': lambda self, x: self.mutate() and self.mutated < 0 and str(self) == x, "
        "'mutate': lambda self: { setattr(self, 'mutated', self.mutated - 1) }, "
        "'__hash__': lambda self: hash(str(self)), }, ) ] ] for orgTypeFun in [type(type(1))] "
        "for none in [[].append(1)]]] and 'red'"
    )


@pytest.mark.parametrize(
    "template",
    [
        '<p><font color="{p}">exploit</font></p>',
        '<p style="color: {p}">attr</p><p class="{p}" title="{p}">attr</p>',
        "<style>p {{ color: {p} }}</style><p>css</p>",
        '<p>&lt;font color="{p}"&gt;escaped&lt;/font&gt;</p>',
        '<p><a href="{p}">link</a><img src="{p}" alt="{p}"></p>',
    ],
)
def test_cve_2023_33733_payload_never_runs(pdf, tmp_path, template):
    canary = tmp_path / "canary"
    doc = pdf(template.format(p=_payload(canary).replace('"', "&quot;")))
    assert doc.pages
    assert not canary.exists()


def _timed(pdf, html: str, limit: float = 10.0):
    start = time.perf_counter()
    doc = pdf(html)
    assert time.perf_counter() - start < limit
    return doc


def test_ten_thousand_levels_of_nesting(pdf):
    assert "deep" in _timed(pdf, "<div>" * 10000 + "deep" + "</div>" * 10000).text()
    assert "deep" in _timed(pdf, "<span><b>" * 5000 + "deep").text()
    assert "x" in _timed(pdf, "<table><tr><td>" * 2000 + "x" + "</td></tr></table>" * 2000).text()
    assert "y" in _timed(pdf, "<ul><li>" * 3000 + "y").text()


def test_forty_thousand_cells_fail_fast_with_a_reason(pdf):
    rows = "<tr>" + "<td>c</td>" * 40 + "</tr>"  # past the cell limit, well within the element limit
    start = time.perf_counter()
    with pytest.raises(RenderFailed, match="cells"):
        pdf("<table>" + rows * 1000 + "</table>")
    assert time.perf_counter() - start < 5


def test_fifty_thousand_character_word(pdf):
    doc = _timed(pdf, "<p>" + "w" * 50000 + "</p>")
    page = doc.pages[0]
    assert max(c["x1"] for c in page.chars) <= page.width


def test_twenty_thousand_pixel_images(pdf):
    wide = io.BytesIO()
    Image.new("RGB", (20000, 10), (1, 2, 3)).save(wide, "PNG")
    huge = io.BytesIO()
    Image.new("1", (20000, 20000)).save(huge, "PNG")
    html = "".join(f"<img src='data:image/png;base64,{base64.b64encode(b.getvalue()).decode()}'>" for b in (wide, huge))
    doc = _timed(pdf, "<p>x</p>" + html)
    images = doc.pages[0].images
    assert len(images) == 1  # the wide one, scaled to the frame; the 400-megapixel one is refused
    assert images[0]["x1"] <= doc.pages[0].width


def test_broken_data_uris_and_forbidden_schemes(pdf, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    doc = _timed(
        pdf,
        "<p>ok</p><img src='data:image/png;base64,iVBORw0KGgo='><img src='data:,'><img src='data:image/png;base64'>"
        "<img src='http://169.254.169.254/latest'><img src='file:///etc/passwd'>"
        "<style>@import url(file:///etc/passwd); @font-face { font-family: X; src: url(file:///etc/passwd) }"
        " p { font-family: X }</style>",
    )
    assert doc.pages[0].images == []
    assert "root:" not in doc.text()


def test_invalid_utf8_nul_and_control_characters(pdf):
    raw = b"<p>a\x00b\x01c \xff\xfe broken \xc3( utf8</p>".decode("utf-8", errors="surrogateescape")
    doc = _timed(pdf, raw + "<p>x\ud800y\ufffez</p>")
    text = doc.text()
    assert "broken" in text and "utf8" in text


def test_absurd_css_values_are_clamped(pdf):
    doc = _timed(
        pdf,
        "<p style='font-size: 1e308px; margin: 99999999px; padding: -5px; width: NaNpx; line-height: 1e40'>x</p>"
        "<div style='border: 1e30px solid red; height: 1e9px'>y</div><p style='text-indent: -1e9px'>z</p>",
    )
    assert "x" in doc.text() and "y" in doc.text()


def test_empty_and_odd_documents(pdf):
    for html in ("", "   ", "<script>alert(1)</script>", "<svg><circle/></svg>", "<table></table>", "<ol></ol>"):
        assert len(pdf(html).pages) == 1
