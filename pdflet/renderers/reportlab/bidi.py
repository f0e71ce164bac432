"""Right-to-left text for ReportLab, which draws glyphs strictly left to right and does no shaping by default.

``visual()`` turns one line of logical-order text into the order it is drawn in: Arabic letters are first
replaced by their joined presentation forms (initial, medial, final, isolated, lam-alef ligatures) with
arabic-reshaper, then the Unicode bidirectional algorithm (python-bidi) reverses the right-to-left parts. Doing
the joining with presentation forms rather than HarfBuzz keeps each drawn glyph mapped to one character in the
PDF, so copy and paste and ``pdftotext`` give the text back (as compatibility forms, equal under NFKC).

Apply it per line, after line breaking: the bidi algorithm reorders within a line, and a paragraph reordered as
a whole would put its first words on its last line. The flow for a paragraph that may wrap is ``shape()`` on
the logical text (joining changes widths, so measure shaped text), break lines, then ``visual()`` on each line
(re-shaping already joined forms changes nothing).
"""

from __future__ import annotations

import functools
import re

# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic supplements and presentation forms, and the
# right-to-left blocks of the supplementary planes; plus the explicit RLM/RLE/RLO/RLI marks.
_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff"
    "\u200f\u202b\u202e\u2067]"
)
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def has_rtl(text: str) -> bool:
    """True if ``text`` contains a right-to-left character, i.e. needs ``visual()`` at all."""
    return _RTL.search(text) is not None


@functools.cache
def _reshaper():  # type: ignore[no-untyped-def]
    """arabic-reshaper's configured instance, built on first Arabic text only (its import costs ~30 ms)."""
    import arabic_reshaper

    return arabic_reshaper.ArabicReshaper(
        configuration={"delete_harakat": False, "support_ligatures": True, "delete_tatweel": False}
    )


def shape(text: str) -> str:
    """Arabic letters joined into presentation forms, still in logical order; other text returned as is."""
    if not text or _ARABIC.search(text) is None:
        return text
    return _reshaper().reshape(text)


def visual(text: str, rtl: bool) -> str:
    """Logical order to visual (drawing) order for one line; ``rtl`` is the paragraph's base direction.

    Text with no right-to-left character is returned unchanged without running the algorithm, so the
    common case costs one regular-expression scan.
    """
    if not text or not has_rtl(text):
        return text
    from bidi import get_display

    text = shape(text)
    return get_display(text, base_dir="R" if rtl else "L")
