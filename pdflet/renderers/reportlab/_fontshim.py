"""Stand-in for ``fonts.py``/``bidi.py`` until they land: the standard 14 fonts, no fallback."""

from __future__ import annotations

import functools
from collections.abc import Sequence

_FAMILIES = {
    "serif": "Times",
    "times": "Times",
    "times new roman": "Times",
    "georgia": "Times",
    "dejavu serif": "Times",
    "sans-serif": "Helvetica",
    "helvetica": "Helvetica",
    "arial": "Helvetica",
    "dejavu sans": "Helvetica",
    "monospace": "Courier",
    "courier": "Courier",
    "courier new": "Courier",
}
_FACES = {
    "Times": ("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"),
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"),
    "Courier": ("Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique"),
}


class FontLibrary:
    """The agreed ``fonts.FontLibrary`` API over the standard 14 fonts."""

    def resolve(self, families: Sequence[str], bold: bool, italic: bool) -> str:
        family = "Times"
        for name in families:
            if name.lower() in _FAMILIES:
                family = _FAMILIES[name.lower()]
                break
        return _FACES[family][(2 if italic else 0) + (1 if bold else 0)]

    def runs(self, text: str, font_name: str) -> list[tuple[str, str]]:
        return [(text, font_name)]

    def add_font_face(self, family: str, bold: bool, italic: bool, data: bytes) -> bool:
        return False


@functools.cache
def get_font_library() -> FontLibrary:
    return FontLibrary()


def visual(text: str, rtl: bool) -> str:
    return text
