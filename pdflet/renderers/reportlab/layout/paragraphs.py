"""Paragraphs: ReportLab's ``Paragraph`` with CSS line placement, ``orphans``/``widows``, forced progress
on an empty page, line breaks handed on across page breaks, and a list marker."""

from __future__ import annotations

from typing import Any

from reportlab import rl_config
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _processed_frags

from pdflet.renderers.reportlab.layout.flowbase import HUGE, Shrunk, Spaced, frame_width, must_progress
from pdflet.renderers.reportlab.layout.hyphen_char import drawn_lines
from pdflet.renderers.reportlab.layout.intrinsic import paragraph_widths
from pdflet.renderers.reportlab.layout.linebreak import fast_break_lines
from pdflet.renderers.reportlab.layout.markers import Marker, draw_marker
from pdflet.renderers.reportlab.layout.metrics import text_ascent_descent


class Para(Spaced, Paragraph):
    """A Paragraph whose margins live on the instance, so styles can be shared and cached;
    it can carry a list marker, drawn left of its first line."""

    marker: Marker | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        availWidth = frame_width(self, availWidth)
        parts = self._split_keeping_lines(availWidth, availHeight)
        if not parts and must_progress(self) and self.frags:
            return self._split_anyway(availWidth, availHeight)
        if len(parts) == 2:
            parts, kept = self._fit_first(parts, availWidth, availHeight)
            if len(parts) != 2:
                return parts
            self._dress(parts[0], parts[1])
            self._hand_on_lines(parts, kept)
        return parts

    def _dress(self, head: Any, tail: Any) -> None:
        """What the parts of a split keep of this paragraph: the first its space before and
        marker, the last its space after and ``keepWithNext``."""
        head.space_before, head.marker = self.space_before, self.marker
        tail.space_after, tail.keepWithNext = self.space_after, getattr(self, "keepWithNext", 0)

    def _fit_first(self, parts: list[Any], availWidth: float, availHeight: float) -> tuple[list[Any], int]:
        """Make sure the part for this page fits it: wrapped again, lines broken where a word is wider
        than the line can come out more numerous than the split counted (a 10 pt column of 18 pt text).
        Returns the parts and how many of the lines broken for the split the first part holds."""
        kept = len(parts[0].blPara.lines)
        height = parts[0].wrap(availWidth, availHeight)[1]
        room = availHeight
        for _ in range(8):
            if height <= availHeight + 1e-6:
                return parts, kept
            room -= max(height - availHeight, self.style.leading)
            if room <= 0:
                break
            retry = self._split_keeping_lines(availWidth, room)
            if len(retry) != 2:
                break
            parts = retry
            kept = len(parts[0].blPara.lines)
            height = parts[0].wrap(availWidth, availHeight)[1]
        if height <= availHeight + 1e-6:
            return parts, kept
        if must_progress(self):
            return [Shrunk(parts[0], availHeight), parts[1]], kept
        return [], kept

    def _hand_on_lines(self, parts: list[Any], kept: int) -> None:
        """Give the rest after a split the lines already broken: it is laid out at the later lines' width
        on the next page as well, so a paragraph spanning many pages is broken once, not once per page."""
        bl_para = getattr(self, "blPara", None)
        widths = getattr(self, "_wrapWidths", None)
        if bl_para is None or not widths or not isinstance(parts[0], Paragraph):
            return
        unshared = self._get_split_blParaFunc() is _split_lines_unshared
        if bl_para.kind == 0 or unshared:
            rest = bl_para.clone(lines=bl_para.lines[kept:])
            parts[1]._rest_lines = (widths[-1], rest)
            # Its fragments are the kept lines' words: split it the same way again (ReportLab's split
            # of processed fragments would index them as the first paragraph's, an IndexError).
            parts[1]._unshared = unshared

    def _split_keeping_lines(self, availWidth: float, availHeight: float) -> list[Any]:
        """ReportLab's split, then CSS ``orphans``/``widows`` as line counts (ReportLab only avoids 1 line)."""
        parts = Paragraph.split(self, availWidth, availHeight)
        orphans = getattr(self.style, "orphans", 2)
        widows = getattr(self.style, "widows", 2)
        if len(parts) != 2 or (orphans <= 2 and widows <= 2):
            return parts
        first = len(parts[0].blPara.lines)
        total = len(self.blPara.lines)
        keep = min(first, total - widows)
        if keep < orphans:
            del self.blPara  # as ReportLab does when it refuses a split: wrap again on the next page
            return []
        if keep == first:
            return parts
        per_line = parts[0].height / first
        height = keep * per_line
        for _ in range(4):  # line heights can vary (autoLeading): shrink until at most ``keep`` lines fit
            parts = Paragraph.split(self, availWidth, height + 1e-6)
            if len(parts) != 2 or len(parts[0].blPara.lines) <= keep:
                break
            height -= per_line
        return parts

    def _split_anyway(self, availWidth: float, availHeight: float) -> list[Any]:
        """A split at the top of an empty frame, where moving on gains nothing: orphans and
        widows give way (as CSS lets them), and a first line taller than the frame is shrunk."""
        self.allowOrphans = self.allowWidows = 1  # read through getattr(self, ...) before the style
        try:
            parts = Paragraph.split(self, availWidth, availHeight)
            if len(parts) == 2:
                kept = len(parts[0].blPara.lines)
                if parts[0].wrap(availWidth, availHeight)[1] > availHeight + 1e-6:
                    parts = [Shrunk(parts[0], availHeight), parts[1]]
                self._dress(parts[0], parts[1])
                self._hand_on_lines(parts, kept)
            if parts:
                return parts
            if not hasattr(self, "blPara"):
                self.wrap(availWidth, availHeight)
            if not hasattr(self, "blPara") or len(self.blPara.lines) <= 1:  # (no width at all: no lines)
                return [Shrunk(self, availHeight)]
            parts = Paragraph.split(self, availWidth, _first_line_height(self) + 1e-6)
            if len(parts) != 2:
                return [Shrunk(self, availHeight)]
            head, tail = parts
            self._dress(head, tail)
            return [Shrunk(head, availHeight), tail]
        finally:
            del self.allowOrphans, self.allowWidows

    def _get_split_blParaFunc(self) -> Any:
        if self.blPara.kind == 1 and (self.__dict__.get("_unshared") or not _processed_frags(self.frags)):
            return _split_lines_unshared
        return Paragraph._get_split_blParaFunc(self)

    def intrinsic_widths(self) -> tuple[float, float]:
        """(longest word, longest line between forced breaks)."""
        return paragraph_widths(self)

    def breakLines(self, width: Any) -> Any:
        rest = self.__dict__.get("_rest_lines")
        if rest is not None and all(w == rest[0] for w in (width if isinstance(width, (list, tuple)) else [width])):
            return rest[1]
        return fast_break_lines(self, width) or Paragraph.breakLines(self, width)

    def draw(self) -> None:
        if not hasattr(self, "blPara"):  # a refused split forgets the line breaks; a container may still draw us
            self.wrap(self.width, HUGE)
        # ReportLab puts the first baseline one font size below the top; CSS puts it half the
        # leading plus the ascent below. Shift so text sits in its line box like a browser's.
        shift = css_baseline_shift(self)
        shift -= _atomic_reach(self, shift)
        canv = self.canv
        if shift:
            canv.saveState()
            canv.translate(0, shift)
        char = getattr(self.style, "hyphenateCharacter", None)  # hyphenate-character other than "-"
        logical = self.blPara
        drawn = drawn_lines(logical, self.frags, char) if char else None
        if drawn is not None:
            self.blPara = drawn
        try:
            Paragraph.draw(self)
        finally:
            self.blPara = logical
        if self.marker is not None:
            draw_marker(canv, self.marker, 0.0, self.height - first_line_ascent(self))
        if shift:
            canv.restoreState()


def _atomic_reach(para: Paragraph, shift: float) -> float:
    """How far an inline-block on the first line rises above the paragraph's top (ReportLab sets the first
    baseline one font size below it, moved up by ``shift``): the line is pushed down so the box starts at it."""
    bl_para = para.blPara
    if getattr(bl_para, "kind", 0) != 1 or not bl_para.lines or rl_config.paraFontSizeHeightOffset == 0:
        return 0.0
    line = bl_para.lines[0]
    if not any(getattr(getattr(w, "cbDefn", None), "atomic", False) for w in line.words):
        return 0.0
    return max(0.0, getattr(line, "ascent", 0.0) - line.fontSize + shift)


def _first_line_height(para: Paragraph) -> float:
    """The height ReportLab's ``split`` gives a paragraph's first line."""
    style = para.style
    auto = getattr(style, "autoLeading", "") or ""
    bl_para = para.blPara
    if bl_para.kind == 1 and auto == "max":
        line = bl_para.lines[0]
        return max(line.ascent - line.descent, style.leading)
    if auto == "max":
        return max(style.leading, 1.2 * style.fontSize)
    if auto == "min":
        return 1.2 * style.fontSize
    return style.leading


def _split_lines_unshared(bl_para: Any, start: int, stop: int) -> list[Any]:
    """The fragments of lines ``start:stop``, as ReportLab's ``_split_blParaHard`` makes them (a space after
    each line's last word) but on copies: the lines themselves stay as broken, so the part after a page
    break can be drawn from them (``Para._rest_lines``) without breaking its text again."""
    spaced = bl_para.__dict__.setdefault("spaced_words", {})  # shared with the rest's clone: copy each word once
    out: list[Any] = []
    lines = bl_para.lines[start:stop]
    last = len(lines) - 1
    for number, line in enumerate(lines):
        out.extend(line.words)
        if number == last:
            break
        i = len(out) - 1
        while i >= 0 and hasattr(out[i], "cbDefn") and not getattr(out[i].cbDefn, "width", 0):
            i -= 1
        if i >= 0:
            word = out[i]
            spaced_word = spaced.get(id(word))
            if spaced_word is None:
                text = word.text
                spaced_word = word if text and text[-1] == " " else word.clone(text=(text or "") + " ")
                spaced[id(word)] = spaced_word
            out[i] = spaced_word
    return out


def css_baseline_shift(para: Paragraph) -> float:
    """How far up to move a paragraph's text so its first baseline falls where CSS puts it."""
    style = para.style
    size = style.fontSize
    metrics = text_ascent_descent(style.fontName, size)  # hhea, as Chromium: ReportLab's are OS/2 typo values
    if metrics is not None:
        ascent, depth = metrics
    else:
        ascent, descent = getAscentDescent(style.fontName, size)
        depth = -descent
    half_leading = (style.leading - (ascent + depth)) / 2.0
    return size - (half_leading + ascent)


def first_line_ascent(para: Paragraph) -> float:
    """Distance from a paragraph's top to its first baseline, as ReportLab places it."""
    bl_para = getattr(para, "blPara", None)
    lines = getattr(bl_para, "lines", None)
    if getattr(bl_para, "kind", 0) == 1 and lines:
        first = lines[0]
        return first.fontSize if rl_config.paraFontSizeHeightOffset else getattr(first, "ascent", first.fontSize)
    size = getattr(bl_para, "fontSize", para.style.fontSize)
    return size if rl_config.paraFontSizeHeightOffset else getattr(bl_para, "ascent", size)
