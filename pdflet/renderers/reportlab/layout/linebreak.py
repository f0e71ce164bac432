"""A fast greedy line breaker for multi-style paragraphs.

ReportLab's own ``breakLines`` for paragraphs with more than one fragment spends most of its
time comparing fragments word by word (``sameFrag``); a paragraph with one bold word took ~9x
longer than a plain one. This breaker produces the same ``FragLine`` structure ReportLab draws
and splits, for the common case: text fragments and forced line breaks, no images, anchors,
soft hyphens, bullets or words wider than the line (those go back to ReportLab).
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import FragLine, ParaLines


class _Break:
    """A forced line break in the word list (keeps its fragment: splits rebuild text from lines)."""

    __slots__ = ("frag",)

    def __init__(self, frag: Any) -> None:
        self.frag = frag


_WIDTHS: dict[str, dict[str, float]] = {}  # font name -> word -> width at 1pt: font metrics only
_MAX_WORDS = 100_000


def word_width(text: str, font: str, size: float) -> float:
    """``stringWidth`` through a per-font cache of unit widths (prose repeats its words)."""
    table = _WIDTHS.get(font)
    if table is None:
        table = _WIDTHS[font] = {}
    width = table.get(text)
    if width is None:
        if len(table) > _MAX_WORDS:
            table.clear()
        width = table[text] = stringWidth(text, font, 1.0)
    return width * size


def fast_break_lines(para: Any, widths: Any) -> ParaLines | None:
    """Lines for ``para`` at ``widths`` (a width or [first line, others]), or None to defer."""
    style = para.style
    frags = para.frags
    if (
        len(frags) < 2
        or style.wordWrap
        or style.endDots
        or para.bulletText
        or getattr(style, "shaping", 0)
        or getattr(style, "hyphenationLang", "")
        or isinstance(frags[0], list)
    ):
        return None
    max_widths = list(widths) if isinstance(widths, (list, tuple)) else [widths]
    words: list[Any] = []  # (width, [(frag, text)], space width after) or _BREAK
    pieces: list[tuple[Any, str]] = []
    width = 0.0
    add_word = words.append
    for frag in frags:
        if getattr(frag, "cbDefn", None) is not None:
            return None
        if getattr(frag, "lineBreak", False):
            if pieces:
                words.append((width, pieces, 0.0))
                pieces, width = [], 0.0
            words.append(_Break(frag))
            continue
        text = frag.text
        if "\xad" in text:
            return None
        font, size = frag.fontName, frag.fontSize
        table = _WIDTHS.get(font)
        if table is None or len(table) > _MAX_WORDS:
            table = _WIDTHS[font] = {}
        lookup = table.get
        space = lookup(" ")
        if space is None:
            space = table[" "] = stringWidth(" ", font, 1.0)
        space *= size
        parts = text.split(" ")
        head = parts[0]
        if head:
            pieces.append((frag, head))
            unit = lookup(head)
            if unit is None:
                unit = table[head] = stringWidth(head, font, 1.0)
            width += unit * size
        for part in parts[1:]:
            if pieces:
                add_word((width, pieces, space))
                pieces, width = [], 0.0
            elif words and not isinstance(words[-1], _Break):
                last = words[-1]
                words[-1] = (last[0], last[1], space)
            if part:
                pieces.append((frag, part))
                unit = lookup(part)
                if unit is None:
                    unit = table[part] = stringWidth(part, font, 1.0)
                width = unit * size
    if pieces:
        words.append((width, pieces, 0.0))

    lines: list[FragLine] = []
    line_words: list[Any] = []
    current = 0.0
    pending_space = 0.0
    lineno = 0
    width_max = 0.0
    for word in words:
        max_width = max_widths[min(lineno, len(max_widths) - 1)]
        if isinstance(word, _Break):
            lines.append(_line(line_words, max_width, current, word.frag))
            width_max = max(width_max, current)
            line_words, current, pending_space = [], 0.0, 0.0
            lineno += 1
            continue
        this_width = word[0]
        if line_words and current + pending_space + this_width > max_width + 1e-8:
            lines.append(_line(line_words, max_width, current, False))
            width_max = max(width_max, current)
            line_words, current, pending_space = [], 0.0, 0.0
            lineno += 1
            max_width = max_widths[min(lineno, len(max_widths) - 1)]
        if not line_words and this_width > max_width + 1e-8:
            return None  # an over-long word: ReportLab splits those
        current += (pending_space if line_words else 0.0) + this_width
        line_words.append(word)
        pending_space = word[2]
    if line_words:
        max_width = max_widths[min(lineno, len(max_widths) - 1)]
        lines.append(_line(line_words, max_width, current, False))
        width_max = max(width_max, current)
    para._width_max = width_max
    para._splitLongWordCount = para._hyphenations = 0
    return ParaLines(kind=1, lines=lines)


def _line(words: list[Any], max_width: float, current: float, line_break: Any) -> FragLine:
    """One FragLine; ``line_break`` is the forced break's fragment (kept as the last word, as
    ReportLab does, so a split paragraph rebuilt from its lines keeps its breaks) or False."""
    out: list[Any] = []
    max_size = 0.0
    ascent = 0.0
    descent = 0.0
    last_frag = None
    for index, (_w, pieces, _space) in enumerate(words):
        if index and out and not out[-1].text.endswith(" "):
            out[-1].text += " "
        for position, (frag, text) in enumerate(pieces):
            if frag is last_frag and (position or index):
                out[-1].text += text
                continue
            clone = frag.clone()
            clone.text = text
            out.append(clone)
            last_frag = frag
            size = frag.fontSize
            if size > max_size:
                max_size = size
            a, d = getAscentDescent(frag.fontName, size)
            ascent = max(ascent, a)
            descent = min(descent, d)
    if line_break is not False:
        out.append(line_break.clone(text=""))
        if not max_size:  # an empty line still has the height of its font
            max_size = line_break.fontSize
            ascent, descent = getAscentDescent(line_break.fontName, max_size)
    return FragLine(
        extraSpace=max_width - current,
        wordCount=len(words),
        lineBreak=line_break is not False,
        words=out,
        fontSize=max_size,
        ascent=ascent,
        descent=descent,
        maxWidth=max_width,
        sFW=0,
    )
