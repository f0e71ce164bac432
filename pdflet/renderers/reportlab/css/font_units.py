"""``ex`` and ``ch`` from the font an element is set in: its x-height and the advance of its "0", as CSS Values
defines them, instead of half an em for every font (a ``65ch`` column of sans-serif text is 11% wider than
that, of monospace 20%).

The font is the built-in face ``font-family`` resolves to when the cascade runs (``@font-face`` families are
loaded after it, so they count as the next family of the list). Lengths are rewritten before they are
computed: ``3ch`` becomes the ``em`` length of the same size, which every property already understands.
"""

from __future__ import annotations

import functools
import struct
from typing import Any

from reportlab.pdfbase import pdfmetrics
from tinycss2 import ast

from pdflet.renderers.reportlab.fonts import get_font_library

FONT_UNITS = frozenset({"ex", "ch"})
DEFAULT_RATIO = 0.5  # of an em, when a font does not say
MAX_DEPTH = 16  # nested functions searched for ex/ch


def mentions_font_units(text: str) -> bool:
    """A cheap first test on a declaration's serialized value (most have no ``ex``/``ch`` at all)."""
    return "ex" in text or "ch" in text


@functools.lru_cache(maxsize=512)
def ratios(families: tuple[str, ...], bold: bool, italic: bool) -> tuple[float, float]:
    """(x-height, width of "0") as fractions of the em of the face ``families`` resolve to."""
    library = get_font_library()
    name = library.resolve(families, bold, italic)
    library.ascent_descent(name, 1.0)  # registers the face with ReportLab
    ch = library.string_width("0", name, 1000.0) / 1000.0
    return (_x_height(name) or DEFAULT_RATIO, ch if 0.05 < ch < 5.0 else DEFAULT_RATIO)


@functools.lru_cache(maxsize=64)
def _x_height(font_name: str) -> float | None:
    """``sxHeight`` of the OS/2 table (version 2 and later) over ``unitsPerEm``, read from the font file."""
    try:
        path = pdfmetrics.getFont(font_name).face.filename
        with open(path, "rb") as handle:
            data = handle.read()
        tables = {}
        (count,) = struct.unpack_from(">H", data, 4)
        for index in range(min(count, 64)):
            tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
            tables[tag] = offset
        (units,) = struct.unpack_from(">H", data, tables[b"head"] + 18)
        os2 = tables[b"OS/2"]
        (version,) = struct.unpack_from(">H", data, os2)
        (x_height,) = struct.unpack_from(">h", data, os2 + 86)
    except (AttributeError, KeyError, OSError, TypeError, struct.error):
        return None
    if version < 2 or units <= 0 or not 0 < x_height < units:
        return None
    return x_height / units


def rewrite(tokens: list[Any], ratio: tuple[float, float]) -> list[Any]:
    """``tokens`` with every ``ex``/``ch`` length (inside functions too) as the ``em`` length of its size."""
    return [_rewrite(token, ratio, 0) for token in tokens]


def _rewrite(token: Any, ratio: tuple[float, float], depth: int) -> Any:
    if token.type == "dimension" and token.lower_unit in FONT_UNITS:
        factor = ratio[0] if token.lower_unit == "ex" else ratio[1]
        return ast.DimensionToken(token.source_line, token.source_column, token.value * factor, None, "0", "em")
    if token.type == "function" and depth < MAX_DEPTH:
        arguments = [_rewrite(t, ratio, depth + 1) for t in token.arguments]
        return ast.FunctionBlock(token.source_line, token.source_column, token.name, arguments)
    return token


def font_ratios(style: dict[str, Any]) -> tuple[float, float]:
    """The ratios of a computed style's font."""
    return ratios(tuple(style["font-family"]), style["font-weight"] >= 600, style["font-style"] != "normal")


def _has(tokens: list[Any], depth: int = 0) -> bool:
    for token in tokens:
        if token.type == "dimension" and token.lower_unit in FONT_UNITS:
            return True
        if token.type == "function" and depth < MAX_DEPTH and _has(token.arguments, depth + 1):
            return True
    return False


def apply(name: str, tokens: list[Any], ctx: tuple[dict[str, Any], dict[str, Any], float]) -> list[Any]:
    """A declaration's tokens with its ``ex``/``ch`` lengths resolved against the element's font (the parent's
    for ``font-size``, whose ``em`` is the parent's too)."""
    if not _has(tokens):
        return tokens
    return rewrite(tokens, font_ratios(ctx[1] if name == "font-size" else ctx[0]))
