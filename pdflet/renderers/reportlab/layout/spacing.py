"""``letter-spacing`` and inline box edges as fonts whose advances are wider than the text's own.

ReportLab paragraphs have no per-fragment character spacing, and emitting the PDF ``Tc`` operator alone
would move glyphs without telling ReportLab, whose measuring (line breaking, right/centre/justify alignment,
underline and background extents, images after the text) would then disagree with what is drawn. So text with
letter-spacing is *measured* in a clone of its font whose advance widths include the spacing: ReportLab
measures, breaks and aligns it with its own unchanged code. It is *drawn* in the original font with ``Tc``
making up the difference (``richtext._TextObject``, via :func:`drawing_font`), so no extra glyph subset is
embedded. Like a browser, the spacing follows every character, the last one included; zero-width characters
(combining marks, joiners) get none. Paragraphs without letter-spacing are untouched.

The room inline padding and borders take in a line is the same trick: one character (U+2060) of a
:func:`spacer_font`, widened by :func:`spaced_font` to the edge's width at the text's size, measured like
text and drawn as a bare move.

A clone is keyed by (font, spacing in thousandths of an em) and shares the font file and its parsed tables.
Clones are document-independent and kept per process: at most :data:`MAX_FONTS`, the least recently used
one that no live render uses making way for a new one. A document may create at most
:data:`MAX_PER_DOCUMENT`, beyond which spacing is ignored, so a hostile document cannot make a worker register
fonts without bound, and no render ever loses a font it is drawing with.
"""

from __future__ import annotations

import copy
import functools
import threading
from collections import OrderedDict
from typing import Any
from weakref import WeakKeyDictionary, WeakSet

from reportlab.lib import fonts as rl_fonts
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

MAX_FONTS = 256
MAX_PER_DOCUMENT = 64
_QUANTUM = 4  # spacing kept to a quarter of a thousandth of an em (0.003 pt at 12 pt)


class _Clone:
    """A registered clone and the renders using it (weakly: a finished render frees it for eviction)."""

    __slots__ = ("name", "users")

    def __init__(self, name: str) -> None:
        self.name = name
        self.users: WeakSet[Any] = WeakSet()


_lock = threading.Lock()
_clones: OrderedDict[tuple[str, float], _Clone] = OrderedDict()  # (font, units) -> clone, least recent first
#: Clone or spacer font name -> (the font it draws with, spacing in thousandths of an em, is a spacer).
_drawn_as: dict[str, tuple[str, float, bool]] = {}


def drawing_font(name: str) -> tuple[str, float, bool] | None:
    """For a font made here: the registered font its text is drawn with, the spacing to add after every
    character (thousandths of an em, for the ``Tc`` operator) and whether it is a spacer (drawn as a bare
    move). None for any other font.

    Drawing spaced text in its original font with ``Tc`` (see ``richtext._TextObject``) embeds no extra
    glyph subset: the clones exist for measuring, and their own subsets are only used by a paragraph drawn
    without that text object.
    """
    return _drawn_as.get(name)


def spaced_font(font_name: str, spacing: float, size: float, document: object) -> str:
    """The name of ``font_name`` with ``spacing`` points after each character at ``size``.

    ``document`` is an object that lives as long as the render asking (its builder, or the paragraph being
    drawn): a clone is evicted only once every render that used it is gone. Returns ``font_name`` itself for
    no spacing, a non-TrueType font, a document over its limit or a full table of clones in use.
    """
    if size <= 0 or not spacing:
        return font_name
    units = round(spacing / size * 1000.0 * _QUANTUM) / _QUANTUM
    if not units:
        return font_name
    key = (font_name, units)
    with _lock:
        hit = _clones.get(key)
        if hit is not None:
            hit.users.add(document)
            _clones.move_to_end(key)
            return hit.name
        if sum(1 for clone in _clones.values() if document in clone.users) >= MAX_PER_DOCUMENT:
            return font_name
        if len(_clones) >= MAX_FONTS and not _evict_unused():
            return font_name
        name = _register(font_name, units)
        if name is None:
            return font_name
        clone = _clones[key] = _Clone(name)
        clone.users.add(document)
        return name


def _register(font_name: str, units: float) -> str | None:
    try:
        base = pdfmetrics.getFont(font_name)
    except (KeyError, ValueError):
        return None
    if not isinstance(base, TTFont):
        return None
    suffix = f"~ls{units:g}"
    face = copy.copy(base.face)
    face.charWidths = {
        code: (max(0.0, width + units) if width > 0 else width) for code, width in base.face.charWidths.items()
    }
    face.defaultWidth = max(0.0, (base.face.defaultWidth or 0) + units)
    face.name = base.face.name + suffix.replace("~", "-").encode("ascii")
    name = _register_clone(base, face, font_name + suffix)
    base_info = _drawn_as.get(font_name)
    if base_info is not None:  # a widened spacer: still a spacer, drawn with the spacer's text font
        _drawn_as[name] = (base_info[0], units, base_info[2])
    else:
        _drawn_as[name] = (font_name, units, False)
    return name


def _register_clone(base: TTFont, face: Any, name: str) -> str:
    """Register a copy of ``base`` named ``name`` with ``face`` (a changed copy of ``base.face``, sharing its
    font file and tables) and its own subsetting state, so its glyph subsets are its own."""
    clone = copy.copy(base)
    clone.face = face
    clone.fontName = name
    clone.state = WeakKeyDictionary()
    pdfmetrics.registerFont(clone)
    return name


def _evict_unused() -> bool:
    """Unregister the least recently used clone no live render uses; False if every one is in use."""
    for key, clone in _clones.items():
        if len(clone.users):
            continue
        del _clones[key]
        name = clone.name
        font = pdfmetrics._fonts.pop(name, None)
        _drawn_as.pop(name, None)
        if font is not None:
            pdfmetrics._dynFaceNames.pop(font.face.name, None)
        low = name.lower()  # registerFont also made it a font family of its own
        for bold in (0, 1):
            for italic in (0, 1):
                rl_fonts._tt2ps_map.pop((low, bold, italic), None)
        rl_fonts._ps2tt_map.pop(low, None)
        return True
    return False


@functools.cache
def spacer_font(base_font: str) -> str:
    """A font whose U+2060 (WORD JOINER) draws nothing and has (almost) no advance: its :func:`spaced_font`
    clones are the room inline padding and borders take in a line, measured and drawn by ReportLab like any
    text, at the text's own size (so text extraction keeps them on the text's line). Built once per process
    from ``base_font``, which must be a registered TrueType font."""
    base = pdfmetrics.getFont(base_font)
    face = copy.copy(base.face)
    face.charToGlyph = dict(base.face.charToGlyph)
    face.charToGlyph[0x2060] = base.face.charToGlyph.get(0x20, 0)
    face.charWidths = dict(base.face.charWidths)
    face.charWidths[0x2060] = 1e-6  # not zero: spaced_font widens only characters that advance
    face.name = base.face.name + b"-spacer"
    name = _register_clone(base, face, base_font + "~spacer")
    _drawn_as[name] = (base_font, 0.0, True)
    return name
