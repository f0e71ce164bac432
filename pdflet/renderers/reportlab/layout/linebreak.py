"""A fast greedy line breaker for multi-style paragraphs.

ReportLab's own ``breakLines`` for paragraphs with more than one fragment spends most of its
time comparing fragments word by word (``sameFrag``); a paragraph with one bold word took ~9x
longer than a plain one. This breaker produces the same ``FragLine`` structure ReportLab draws
and splits, for the common case: text fragments, zero-width anchors (link targets, footnote calls) and
forced line breaks, no images, soft hyphens, bullets or words wider than the line (those go back to
ReportLab). An anchor joins a word as ReportLab joins it: the word being written, else the last word
before its space, else it starts the next word.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import FragLine, ParaLines, split, strip

_WIDTHS: dict[str, dict[str, float]] = {}  # font name -> word -> width at 1pt: font metrics only
_MAX_WORDS = 100_000
# How far (pt) a line may seem to overrun its width and still fit: widths are sums of font units times sizes,
# and inline padding and borders add near-zero spacer glyphs, so content that exactly fills a line can come
# out a few 1e-8 pt over.
FIT = 1e-6


def fast_break_lines(para: Any, widths: Any) -> ParaLines | None:
    """Lines for ``para`` at ``widths`` (a width or [first line, others]), or None to defer."""
    frags = para.frags
    if len(frags) == 1:
        return _break_one_fragment(para, widths)
    if not _fast_path(para):
        return None
    words = _Words.of(frags)
    if words is None:
        return None
    max_widths = list(widths) if isinstance(widths, (list, tuple)) else [widths]
    filled = words.fill(max_widths)
    if filled is None:
        return None
    lines, width_max = filled
    para._width_max = width_max
    para._splitLongWordCount = para._hyphenations = 0
    return ParaLines(kind=1, lines=lines)


def _fast_path(para: Any) -> bool:
    """Whether this breaker handles ``para`` (several plain fragments, none of ReportLab's extras)."""
    style = para.style
    frags = para.frags
    return not (
        len(frags) < 2
        or style.wordWrap
        or style.endDots
        or para.bulletText
        or getattr(style, "shaping", 0)
        or getattr(style, "hyphenationLang", "")
        or isinstance(frags[0], list)
    )


class _Words:
    """The words of a paragraph, as parallel lists (fewer objects per word than tuples): width (None for a
    forced break), width of the space after it, text, and fragment (None for a word spanning fragments: see
    ``multi``; the break's own fragment for a forced break)."""

    __slots__ = ("multi", "owners", "sizes", "spaces", "texts")

    def __init__(self) -> None:
        self.sizes: list[float | None] = []
        self.spaces: list[float] = []
        self.texts: list[str] = []
        self.owners: list[Any] = []
        self.multi: dict[int, list[tuple[Any, str]]] = {}

    @classmethod
    def of(cls, frags: list[Any]) -> _Words | None:
        """The words of ``frags``, or None when one holds what only ReportLab breaks (images, soft hyphens)."""
        words = cls()
        open_word = False  # the last word has no space after it yet: the next fragment may continue it
        alone = False  # the last word is anchors only, so far
        for frag in frags:
            defn = getattr(frag, "cbDefn", None)
            if defn is not None:
                if getattr(defn, "kind", None) != "anchor" or getattr(defn, "width", 0):
                    return None
                open_word, alone = words._anchor(frag, open_word, alone)
                continue
            if alone and (getattr(frag, "lineBreak", False) or frag.text[:1] in ("", " ")):
                return None  # an anchor that stays a word of its own: ReportLab's zero-width word, left to it
            alone = False
            if getattr(frag, "lineBreak", False):
                words.sizes.append(None)
                words.spaces.append(0.0)
                words.texts.append("")
                words.owners.append(frag)
                open_word = False
                continue
            if "\xad" in frag.text:
                return None
            open_word = words._add(frag, open_word)
        return None if alone else words

    def _anchor(self, frag: Any, open_word: bool, alone: bool) -> tuple[bool, bool]:
        """A zero-width anchor: a piece of the last word (the one being written or the one before its
        space), or the start of a new word after a forced break or at the paragraph's start."""
        last = len(self.sizes) - 1
        if last < 0 or self.sizes[last] is None:
            self.sizes.append(0.0)
            self.spaces.append(0.0)
            self.texts.append("")
            self.owners.append(None)
            self.multi[last + 1] = [(frag, "")]
            return True, True
        pieces = self.multi.get(last)
        if pieces is None:
            pieces = self.multi[last] = [(self.owners[last], self.texts[last])]
            self.owners[last] = None
        pieces.append((frag, ""))
        if not open_word:  # the space after the word is measured in the anchor's font, as ReportLab does
            self.spaces[last] = stringWidth(" ", frag.fontName, frag.fontSize)
        return open_word, alone

    def _add(self, frag: Any, open_word: bool) -> bool:
        """The words of one text fragment (widths from the per-font cache); returns whether its last word is
        still open."""
        sizes, spaces, texts, owners = self.sizes, self.spaces, self.texts, self.owners
        font, size = frag.fontName, frag.fontSize
        table = _WIDTHS.get(font)
        if table is None or len(table) > _MAX_WORDS:
            table = _WIDTHS[font] = {}
        lookup = table.get
        space = lookup(" ")
        if space is None:
            space = table[" "] = stringWidth(" ", font, 1.0)
        space *= size
        parts = frag.text.split(" ")
        units = [lookup(part) for part in parts]
        if None in units:
            for index, unit in enumerate(units):
                if unit is None:
                    part = parts[index]
                    units[index] = table[part] = stringWidth(part, font, 1.0)
        head = parts[0]
        if head:
            if open_word:  # the previous fragment's last word goes on in this one
                last = len(sizes) - 1
                sizes[last] += units[0] * size  # type: ignore[operator]
                pieces = self.multi.get(last)
                if pieces is None:
                    pieces = self.multi[last] = [(owners[last], texts[last])]
                    owners[last] = None
                pieces.append((frag, head))
            else:
                sizes.append(units[0] * size)
                spaces.append(0.0)
                texts.append(head)
                owners.append(frag)
                open_word = True
        if len(parts) > 1:
            if sizes and sizes[-1] is not None:
                spaces[-1] = space  # a space follows the last word, measured in this fragment's font
            rest = parts[1:]
            rest_units = units[1:]
            if "" in rest:
                kept = [i for i, part in enumerate(rest) if part]
                rest = [rest[i] for i in kept]
                rest_units = [rest_units[i] for i in kept]
            if rest:
                sizes.extend([unit * size for unit in rest_units])
                spaces.extend([space] * len(rest))
                texts.extend(rest)
                owners.extend([frag] * len(rest))
            open_word = bool(parts[-1])
            if open_word:
                spaces[-1] = 0.0
        return open_word

    def fill(self, max_widths: list[float]) -> tuple[list[FragLine], float] | None:
        """Greedy lines at ``max_widths`` and the widest line's width; None for a word wider than its line."""
        sizes, spaces, owners, texts, multi = self.sizes, self.spaces, self.owners, self.texts, self.multi
        lines: list[FragLine] = []
        count = len(sizes)
        start = 0  # first word of the line being filled
        current = 0.0
        pending_space = 0.0
        lineno = 0
        last_width = len(max_widths) - 1
        max_width = max_widths[0]
        width_max = 0.0
        for index, this_width in enumerate(sizes):
            if this_width is None:
                lines.append(_line(owners, texts, multi, start, index, max_width, current, owners[index]))
                width_max = max(width_max, current)
                start, current, pending_space = index + 1, 0.0, 0.0
                lineno += 1
                max_width = max_widths[min(lineno, last_width)]
                continue
            if start < index and current + pending_space + this_width > max_width + FIT:
                lines.append(_line(owners, texts, multi, start, index, max_width, current, False))
                width_max = max(width_max, current)
                start, current, pending_space = index, 0.0, 0.0
                lineno += 1
                max_width = max_widths[min(lineno, last_width)]
            if start == index and this_width > max_width + FIT:
                return None  # an over-long word: ReportLab splits those
            current += (pending_space if start < index else 0.0) + this_width
            pending_space = spaces[index]
        if start < count:
            lines.append(_line(owners, texts, multi, start, count, max_width, current, False))
            width_max = max(width_max, current)
        return lines, width_max


def _line(
    owners: list[Any],
    texts: list[str],
    multi: dict[int, list[tuple[Any, str]]],
    start: int,
    stop: int,
    max_width: float,
    current: float,
    line_break: Any,
) -> FragLine:
    """One FragLine of words ``start:stop``: a copy of each run of one fragment, its words joined by
    spaces (a run followed by another word ends with one). ``line_break`` is the forced break's fragment
    (kept as the last word, as ReportLab does, so a split paragraph rebuilt from its lines keeps its
    breaks) or False."""
    out: list[Any] = []
    run: Any = None
    words: list[str] = []
    max_size = 0.0
    ascent = 0.0
    descent = 0.0
    for index in range(start, stop):
        frag = owners[index]
        separator = " "  # between words; none between the pieces of one word
        if frag is not None:
            if frag is run:
                words.append(texts[index])
                continue
            pieces = ((frag, texts[index]),)
        else:
            pieces = multi[index]  # type: ignore[assignment]
            frag, text = pieces[0]
            if frag is run:
                words.append(text)
                pieces = pieces[1:]  # type: ignore[assignment]
                separator = ""
        for frag, text in pieces:
            if run is not None:
                _close(out, run, words, separator)
            separator = ""
            run, words = frag, [text]
            size = frag.fontSize
            if size > max_size:
                max_size = size
            a, d = getAscentDescent(frag.fontName, size)
            if a > ascent:
                ascent = a
            if d < descent:
                descent = d
    if run is not None:
        _close(out, run, words, "")
    if line_break is not False:
        out.append(line_break.clone(text=""))
        if not max_size:  # an empty line still has the height of its font
            max_size = line_break.fontSize
            ascent, descent = getAscentDescent(line_break.fontName, max_size)
    return FragLine(
        extraSpace=max_width - current,
        wordCount=stop - start,
        lineBreak=line_break is not False,
        words=out,
        fontSize=max_size,
        ascent=ascent,
        descent=descent,
        maxWidth=max_width,
        sFW=0,
    )


def _close(out: list[Any], run: Any, words: list[str], separator: str) -> None:
    """End a run of one fragment in a line: its words as one copy; an anchor's copy holds no text, and the
    space after it goes to the last text before it (where ReportLab puts it)."""
    if getattr(run, "cbDefn", None) is None:
        out.append(run.clone(text=" ".join(words) + separator))
        return
    out.append(run.clone(text=""))
    if separator:
        for index in range(len(out) - 1, -1, -1):
            word = out[index]
            if getattr(word, "cbDefn", None) is None and not getattr(word, "lineBreak", False):
                if not word.text.endswith(" "):
                    word.text += separator
                break


def _break_one_fragment(para: Any, widths: Any) -> Any:
    """ReportLab's own breaking of a one-fragment paragraph (``kind=0`` lines), for the plain case only.

    Table cells are mostly short one-fragment paragraphs, and ReportLab's ``breakLines`` spends most of
    its time on per-call set-up for features they do not use (bullets, hyphenation, shaping, bidi, space
    shrinking). This computes the same lines with the same float arithmetic; anything else (and any word
    wider than its line, which ReportLab splits) goes back to ReportLab.
    """
    style = para.style
    frag = para.frags[0]
    if (
        style.wordWrap
        or style.endDots
        or para.bulletText
        or getattr(style, "shaping", 0)
        or getattr(style, "hyphenationLang", "")
        or getattr(style, "uriWasteReduce", 0)
        or getattr(style, "embeddedHyphenation", 0)
        or getattr(style, "spaceShrinkage", 0)
        or isinstance(frag, list)
        or not hasattr(frag, "text")
        or hasattr(frag, "cbDefn")
        or hasattr(frag, "backColor")
        or "\xad" in frag.text
    ):
        return None
    max_widths = widths if isinstance(widths, (list, tuple)) else [widths]
    font, size = frag.fontName, frag.fontSize
    ascent, descent = getAscentDescent(font, size)
    para._width_max = 0
    para.height = 0
    para._splitLongWordCount = para._hyphenations = 0
    text = strip(frag.text)
    if not text:
        return frag.clone(kind=0, lines=[], ascent=ascent, descent=descent, fontSize=size)
    split_long = style.splitLongWords
    last_width = len(max_widths) - 1
    space = stringWidth(" ", font, size)
    lines: list[tuple[float, list[str]]] = []
    line: list[str] = []
    lineno = 0
    max_width = max_widths[0]
    current = -space  # ReportLab's start: the first word adds no space
    width_max = 0
    for word in split(text):
        word_width = stringWidth(word, font, size)
        new_width = current + space + word_width
        if new_width > max_width and split_long and word_width > max_widths[min(lineno, last_width)]:
            return None  # an over-long word: ReportLab splits it
        if new_width <= max_width or not line:
            line.append(word)
            current = new_width
        else:
            if current > width_max:
                width_max = current
            lines.append((max_width - current, line))
            line = [word]
            current = word_width
            lineno += 1
            max_width = max_widths[min(last_width, lineno)]
    if line:
        if current > width_max:
            width_max = current
        lines.append((max_width - current, line))
    para._width_max = width_max
    return frag.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=size)
