"""``hyphenate-character``: the string drawn where a word is hyphenated at the end of a line.

ReportLab's line breaker adds ``-`` itself where it hyphenates a word (at pyphen's points or at a soft hyphen)
and measures the line with it. Those lines are left as they are, because splitting a paragraph across pages
rejoins the halves of a word by stripping that ``-``; only the lines drawn get the computed string in its
place, with the line's free space corrected by the difference in width, so justified and right-aligned lines
stay flush. The line was filled as if the string were ``-``: a wider one takes its extra width from the
line's spaces when justified, and otherwise sticks out by the difference (a hyphen's width is what typefaces'
hyphenation marks take; multi-letter strings are rare).
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import _processed_frags, _SHYStr, _SplitFragHY, _SplitWordHY


def drawn_lines(bl_para: Any, frags: list[Any], char: str) -> Any | None:
    """``bl_para`` with ``char`` in place of each hyphen ReportLab added, or None when nothing changes."""
    if bl_para.kind == 0:
        return _simple(bl_para, char)
    if not _processed_frags(frags):
        return None  # (lines made without hyphenation: nothing was hyphenated)
    lines = list(bl_para.lines)
    changed = False
    for index, line in enumerate(lines):
        stop = lines[index + 1].sFW if index + 1 < len(lines) else len(frags)
        words = [f for f in frags[line.sFW : stop] if isinstance(f, list)]
        if not words or not isinstance(words[-1], _SplitFragHY):
            continue
        drawn = list(line.words)
        for position in range(len(drawn) - 1, -1, -1):
            frag = drawn[position]
            text = getattr(frag, "text", "")
            if text.endswith("-"):
                clone = frag.clone(text=text[:-1] + char)
                drawn[position] = clone
                extra = line.extraSpace - _extra_width(char, clone.fontName, clone.fontSize)
                lines[index] = line.clone(words=drawn, extraSpace=extra)
                changed = True
                break
    return bl_para.clone(lines=lines) if changed else None


def _simple(bl_para: Any, char: str) -> Any | None:
    lines = []
    changed = False
    count = len(bl_para.lines)
    for index, (extra, words) in enumerate(bl_para.lines):
        last = words[-1] if words else None
        split = isinstance(last, _SplitWordHY) or (isinstance(last, _SHYStr) and index + 1 < count)
        if split and last.endswith("-"):
            words = [*words[:-1], last[:-1] + char]
            extra -= _extra_width(char, bl_para.fontName, bl_para.fontSize)
            changed = True
        lines.append((extra, words))
    return bl_para.clone(lines=lines) if changed else None


def _extra_width(char: str, font: str, size: float) -> float:
    return stringWidth(char, font, size) - stringWidth("-", font, size)
