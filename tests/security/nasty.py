"""Nasty documents, built in code at test time (nothing large is committed).

Each entry is a request body for ``POST /api/v1/pdf/``. The sizes are the ones of the
hostile-input list: 10,000-level nesting, a 100,000-cell table, a 50,000-character word,
10 MB of text, a million empty elements, an image claiming 30,000 x 30,000 pixels.
"""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Callable


def png(width: int, height: int, *, truncate: int | None = None) -> bytes:
    """A tiny, valid PNG header claiming ``width`` x ``height`` pixels, with one short row of data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + \
        chunk(b"IEND", b"")
    return data[:truncate] if truncate else data


def data_uri(mime: str, payload: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(payload).decode()}"


def deep_nesting() -> dict:
    return {"html": "<div>" * 10_000 + "deep" + "</div>" * 10_000}


def deep_mixed_nesting() -> dict:
    tags = ["div", "span", "table><tr><td", "ul><li", "blockquote", "b"]
    opening = "".join(f"<{tags[i % len(tags)]}>" for i in range(10_000))
    return {"html": opening + "deep"}


def huge_table() -> dict:
    row = "<tr>" + "<td>1</td>" * 100 + "</tr>"
    return {"html": "<table>" + row * 1_000 + "</table>"}


def long_word() -> dict:
    return {"html": "<p>" + "x" * 50_000 + "</p><pre>" + "y" * 50_000 + "</pre>"}


def narrow_long_word() -> dict:
    """20,000 characters in a 1px column: every glyph on its own line (20 KB that cost minutes)."""
    return {"html": '<div style="width:1px">' + "W" * 20_000 + "</div>"}


def bad_lengths() -> dict:
    values = ["1e9px", "-1e9px", "NaNpx", "infpx", "1e400px", "-0", "99999999999999999999in", "calc(1e308px * 10)"]
    blocks = "".join(
        f'<div style="width:{v}; height:{v}; margin:{v}; padding:{v}; border:{v} solid red; '
        f'text-indent:{v}; letter-spacing:{v}; line-height:{v}">{v}</div>'
        f'<table style="width:{v}"><tr><td style="width:{v}; padding:{v}">c</td></tr></table>'
        f'<img style="width:{v}; height:{v}" src="{data_uri("image/png", png(2, 2))}">'
        for v in values
    )
    return {"html": blocks}


def huge_font() -> dict:
    return {"html": '<p style="font-size:1e9px">big</p><p style="font-size:-5px">neg</p>'
                    '<p style="font-size:NaNpx; line-height:1e9">nan</p><h1 style="font-size:1e308em">x</h1>'}


def zero_pages() -> dict:
    return {"html": "<style>@page { size: 0 0; margin: 0 } @page :first { size: 0.001px 1e9px }</style><p>page</p>"}


def negative_page() -> dict:
    return {"html": "<style>@page { size: -210mm -297mm; margin: -1e9px }</style><p>page</p>"}


def giant_image() -> dict:
    uri = data_uri("image/png", png(30_000, 30_000))
    return {"html": f'<p>before</p><img src="{uri}"><img src="{uri}" width="30000" height="30000"><p>after</p>'}


def broken_images() -> dict:
    images = [
        data_uri("image/png", png(10, 10, truncate=30)),  # truncated
        data_uri("image/jpeg", png(10, 10)),  # a PNG labelled JPEG
        data_uri("image/png", b"GIF89a" + b"\x00" * 20),  # a broken GIF labelled PNG
        data_uri("image/svg+xml", b"<svg><script>x</script>"),
        "data:image/png;base64,!!!not base64!!!",
        "data:image/png;base64," + "A" * 10,
        "data:image/png,%00%01%02",
        "data:;base64,",
        "data:image/png;base64",  # no comma
    ]
    return {"html": "".join(f'<p>i{n}<img src="{src}">' for n, src in enumerate(images))}


def lone_surrogates() -> dict:
    # JSON carries lone surrogates as escapes: the decoded str is not valid Unicode text
    return {"html": "<p>\ud800 bad \udfff \udcff utf-8 \ufffe\uffff</p>", "options": {"title": "\ud800"}}


def nul_bytes() -> dict:
    return {"html": "<p>a\x00b</p>\x00<div \x00class='x'>c\x00</div>", "css": "p { color: red\x00 }",
            "options": {"header_html": "\x00h", "title": "t\x00"}}


def ten_megabytes_of_text(limit: int) -> dict:
    """Plain text just under the body limit (the JSON wrapper takes a few bytes)."""
    return {"html": "<p>" + "word " * ((limit - 64) // 5) + "</p>"}


def a_million_empty_elements() -> dict:
    return {"html": "<i></i>" * 1_000_000}


def controls_and_specials() -> dict:
    return {"html": "".join(chr(c) for c in range(0, 0x20)) + "<p>\u202e\u2066rtl\u200f</p>" + "\U0010ffff" * 100}


NASTY: dict[str, Callable[[], dict]] = {
    "deep_nesting": deep_nesting,
    "deep_mixed_nesting": deep_mixed_nesting,
    "huge_table": huge_table,
    "long_word": long_word,
    "narrow_long_word": narrow_long_word,
    "bad_lengths": bad_lengths,
    "huge_font": huge_font,
    "zero_pages": zero_pages,
    "negative_page": negative_page,
    "giant_image": giant_image,
    "broken_images": broken_images,
    "lone_surrogates": lone_surrogates,
    "nul_bytes": nul_bytes,
    "a_million_empty_elements": a_million_empty_elements,
    "controls_and_specials": controls_and_specials,
}
