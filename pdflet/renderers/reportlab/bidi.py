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
from typing import Any

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
    return visual_runs([(shape(text), None)], rtl)[0][0]


_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
_RESET = frozenset({"WS", "BN", "LRI", "RLI", "FSI", "PDI"})  # rule L1's whitespace and isolate marks


def visual_runs(pieces: list[tuple[str, Any]], rtl: bool) -> list[tuple[str, Any]]:
    """One line of styled pieces ``(text, owner)`` in logical order, returned in drawing order.

    The bidi algorithm runs over the whole line (rule L2 reorders across style boundaries: a bold Hebrew word
    moves with its sentence); each returned piece holds characters of one owner, so styles survive. A line
    of one owner is python-bidi's ``get_display``; a mixed line takes the levels python-bidi resolves (its
    compiled implementation, which handles bracket pairs) and applies rules L1, L2 and L4 here, so the owner
    of every character is followed through the reordering.
    """
    text = "".join(t for t, _ in pieces)
    if not has_rtl(text):
        return pieces
    from bidi import get_display

    if len({id(owner) for _, owner in pieces}) == 1 and not _mirrorable().search(text):
        # The common line: one style, no brackets (get_display does not mirror them), ~15 us.
        return [(get_display(text, base_dir="R" if rtl else "L"), pieces[0][1])]
    levels = _levels(text, rtl)
    if levels is None:  # an unexpected python-bidi: reorder whole pieces rather than fail
        # (get_display directly: visual() would come back here, and the pieces are already shaped)
        ordered = [(get_display(t, base_dir="R" if rtl else "L"), o) for t, o in pieces]
        return ordered[::-1] if rtl else ordered
    return _reorder(pieces, levels, 1 if rtl else 0)


@functools.cache
def _mirrorable() -> re.Pattern[str]:
    """Characters with a mirrored glyph (brackets, quotes, comparison signs): rule L4 may apply to them."""
    from bidi.mirror import MIRRORED

    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(MIRRORED)) + "]")


def _levels(text: str, rtl: bool) -> list[int] | None:
    """The resolved embedding level of each character of one paragraph, or None if unavailable.

    python-bidi exposes levels only through the debug dump of its compiled ``BidiInfo`` (one level per UTF-8
    byte); the dump is checked against the text's byte length, so a changed format is noticed, not trusted.
    """
    try:
        from bidi.bidi import get_display_inner

        info = get_display_inner(text, "R" if rtl else "L", True)
    except Exception:
        return None
    start = info.rfind("levels: [")  # the last one: the text field, printed first, may contain the word
    end = info.find("paragraphs:", start)
    if start < 0 or end < 0:
        return None
    per_byte = [int(v) for v in _LEVEL.findall(info, start, end)]
    if len(per_byte) != len(text.encode("utf-8")):
        return None
    levels = []
    offset = 0
    for ch in text:
        levels.append(per_byte[offset])
        offset += len(ch.encode("utf-8"))
    return levels


def _reorder(pieces: list[tuple[str, Any]], levels: list[int], base: int) -> list[tuple[str, Any]]:
    """Rules L1 (trailing whitespace and separators to the base level), L2 (reverse runs from the highest
    level down to the lowest odd one) and L4 (mirrored glyphs at odd levels) on one line."""
    import unicodedata

    from bidi.mirror import MIRRORED

    chars = [(ch, owner) for text, owner in pieces for ch in text]
    levels = list(levels)
    trailing = True
    for i in range(len(chars) - 1, -1, -1):
        kind = unicodedata.bidirectional(chars[i][0])
        if kind in ("S", "B"):
            levels[i] = base
            trailing = True
        elif trailing and kind in _RESET:
            levels[i] = base
        else:
            trailing = False
    order = list(range(len(chars)))
    highest = max(levels, default=0)
    odd = [lv for lv in levels if lv % 2]
    lowest_odd = min(odd) if odd else highest + 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    out: list[tuple[str, Any]] = []
    current: list[str] = []
    owner: Any = None
    for index in order:
        ch, who = chars[index]
        if levels[index] % 2 and unicodedata.mirrored(ch):
            ch = MIRRORED.get(ch, ch)
        if current and who is not owner:
            out.append(("".join(current), owner))
            current = []
        owner = who
        current.append(ch)
    if current:
        out.append(("".join(current), owner))
    return out
