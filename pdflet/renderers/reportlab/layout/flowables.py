"""Our own flowables: CSS boxes (margins, borders, padding, backgrounds, widths), list items,
images, anchors and outline entries.

All of them carry ``space_before``/``space_after`` (vertical margins) as instance values so
ReportLab's frame collapses adjacent margins the way CSS does (the larger one wins).
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field, replace
from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.platypus import Flowable, ImageAndFlowables, KeepTogether, PageBreak, Paragraph
from reportlab.platypus.flowables import _Container
from reportlab.platypus.paragraph import _processed_frags

from pdflet.renderers.reportlab.css.values import resolve
from pdflet.renderers.reportlab.layout.backgrounds import paint_background_image
from pdflet.renderers.reportlab.layout.linebreak import fast_break_lines
from pdflet.renderers.reportlab.layout.metrics import text_ascent_descent

HUGE = 1e7
#: ``orphans``/``widows`` above this are clamped: keeping more lines together only pushes text to the next page.
MAX_KEPT_LINES = 50


MIN_ROOM = 6.0  # less height than this inside a box on an empty page: the box gives up its decoration
MIN_WIDTH = 12.0  # the same for the narrowest content width of a box and the boxes in it


def must_progress(flowable: Any) -> bool:
    """Whether ``flowable`` is being split at the top of an empty frame (or first in a box that
    is): moving it to the next page gains nothing, so it must split, or shrink, now.

    ReportLab hands a flowable its frame only while adding or splitting it; a box sets
    ``_pdflet_forced`` on the child it is forcing (see :func:`split_forced`).
    """
    if getattr(flowable, "_pdflet_forced", False):
        return True
    frame = getattr(flowable, "_frame", None)
    return bool(getattr(frame, "_atTop", 0))


def frame_width(flowable: Any, availWidth: float) -> float:
    """The width a frame really offers: ReportLab's ``Frame.split`` passes its full width,
    ignoring the Indenters that narrowed it for ``wrap``."""
    frame = getattr(flowable, "_frame", None)
    if frame is not None and hasattr(frame, "_getAvailableWidth"):
        return frame._getAvailableWidth()
    return availWidth


def split_forced(flowable: Any, availWidth: float, availHeight: float) -> list[Any]:
    """Split ``flowable`` where it must make progress: its own best effort, else all of it
    shrunk to the room there is (only for content no page can hold: an image, a table row)."""
    flowable._pdflet_forced = True
    try:
        parts = flowable.split(availWidth, availHeight)
    finally:
        flowable._pdflet_forced = False
    return parts or [Shrunk(flowable, availHeight)]


class Spaced:
    """Vertical margins stored on the instance (ReportLab reads them through these getters)."""

    space_before: float = 0.0
    space_after: float = 0.0

    def _restrictSize(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """What ReportLab's ImageAndFlowables asks a floated flowable for: its size."""
        return self.wrap(availWidth, availHeight)  # type: ignore[attr-defined]

    def _unRestrictSize(self) -> None:
        """Nothing to undo: we never shrink to fit a float's space."""

    def getSpaceBefore(self) -> float:
        return self.space_before

    def getSpaceAfter(self) -> float:
        return self.space_after


class Shrunk(Spaced, Flowable):
    """Content taller than the room any page has for it (one image, one table row, one line of
    text), scaled down to fit. A browser lets it overflow and clips it; shrinking keeps it all."""

    def __init__(self, inner: Any, limit: float) -> None:
        super().__init__()
        self.inner = inner
        self.limit = max(limit, 1.0)
        self.scale = 1.0
        self.space_before = inner.getSpaceBefore()
        self.space_after = inner.getSpaceAfter()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        w, h = self.inner.wrap(max(availWidth, 1.0), HUGE)  # laid out in some width, if shrunk with it
        self.scale = min(1.0, self.limit / h) if h > 0 else 1.0
        self.width, self.height = w * self.scale, h * self.scale
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.scale(self.scale, self.scale)
        self.inner.drawOn(canv, 0, 0)
        canv.restoreState()


def _narrowest(box: Box, avail: float, depth: int = 0) -> float:
    """The narrowest content width among ``box`` and the boxes nested in it (to a bounded depth)."""
    content = box._horizontal(avail)[1]
    if depth < 64:
        for child in box.children:
            if isinstance(child, Box):
                content = min(content, _narrowest(child, content, depth + 1))
    return content


def _leaves(box: Box) -> list[Any]:
    """The non-box flowables inside ``box``, in order (its decoration dropped)."""
    out: list[Any] = []
    stack = list(reversed(box.children))
    while stack:
        item = stack.pop()
        if isinstance(item, Box):
            stack.extend(reversed(item.children))
        elif not isinstance(item, PageBreak):
            out.append(item)
    return out


@dataclass(frozen=True)
class Marker:
    """A list marker: a glyph string, or a shape (disc/circle/square) drawn without a font."""

    text: str
    shape: str
    font_name: str
    font_size: float
    color: Color


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
        canv = self.canv
        if shift:
            canv.saveState()
            canv.translate(0, shift)
        Paragraph.draw(self)
        if self.marker is not None:
            draw_marker(canv, self.marker, 0.0, self.height - first_line_ascent(self))
        if shift:
            canv.restoreState()


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


def draw_marker(canv: Any, marker: Marker, x: float, baseline: float) -> None:
    """A list marker ending just left of ``x`` on ``baseline``."""
    size = marker.font_size
    canv.saveState()
    canv.setFillColor(marker.color)
    canv.setStrokeColor(marker.color)
    if marker.shape:
        radius = size * 0.17
        cx = x - size * 0.55 - radius
        cy = baseline + size * 0.3
        if marker.shape == "square":
            canv.rect(cx - radius, cy - radius, 2 * radius, 2 * radius, stroke=0, fill=1)
        else:
            canv.setLineWidth(max(0.5, size * 0.06))
            canv.circle(cx, cy, radius, stroke=1, fill=1 if marker.shape == "disc" else 0)
    else:
        canv.setFont(marker.font_name, size)
        canv.drawRightString(x - size * 0.28, baseline, marker.text)
    canv.restoreState()


@dataclass
class Border:
    """One side of a border: width in points, CSS style keyword, colour."""

    width: float = 0.0
    style: str = "none"
    color: Color | None = None

    @property
    def visible(self) -> bool:
        return self.width > 0 and self.style not in ("none", "hidden") and self.color is not None


@dataclass
class BoxSpec:
    """The used box properties of one element (percentages resolved at wrap time)."""

    margin_left: Any = 0.0
    margin_right: Any = 0.0
    padding: tuple[Any, Any, Any, Any] = (0.0, 0.0, 0.0, 0.0)
    borders: tuple[Border, Border, Border, Border] = field(
        default_factory=lambda: (Border(), Border(), Border(), Border())
    )
    background: Color | None = None
    width: Any = "auto"
    min_width: Any = 0.0
    max_width: Any = "none"
    height: Any = "auto"
    min_height: Any = 0.0
    border_box: bool = False
    radius: float = 0.0
    background_image: Any = None  # a backgrounds.BackgroundImage

    def sliced(self, top: bool) -> BoxSpec:
        """The spec of a fragment after a page break: no border/padding on the cut side."""
        p = self.padding
        b = self.borders
        if top:
            return replace(
                self,
                padding=(0.0, p[1], p[2], p[3]),
                borders=(Border(), b[1], b[2], b[3]),
                height="auto",
                min_height=0.0,
            )
        return replace(
            self, padding=(p[0], p[1], 0.0, p[3]), borders=(b[0], b[1], Border(), b[3]), height="auto", min_height=0.0
        )


def draw_border_side(canv: Any, border: Border, x1: float, y1: float, x2: float, y2: float) -> None:
    """Stroke one border side centred on the line from (x1, y1) to (x2, y2)."""
    canv.saveState()
    third = _set_stroke(canv, border)
    if third:
        dx = third if y1 == y2 else 0.0
        dy = third if x1 == x2 else 0.0
        canv.line(x1 - dy, y1 - dx, x2 - dy, y2 - dx)
        canv.line(x1 + dy, y1 + dx, x2 + dy, y2 + dx)
    else:
        canv.line(x1, y1, x2, y2)
    canv.restoreState()


def _set_stroke(canv: Any, border: Border) -> float:
    """Set the canvas up to stroke ``border``: its colour, and its width and dashes, or for a double
    border wide enough to show two lines, a third of its width. Returns that third (0.0 if not double)."""
    canv.setStrokeColor(border.color)
    width = border.width
    if border.style == "double" and width >= 2.25:
        third = width / 3.0
        canv.setLineWidth(third)
        return third
    canv.setLineWidth(width)
    _set_dash(canv, border)
    return 0.0


def _set_dash(canv: Any, border: Border) -> None:
    """The dash pattern of a dashed or dotted border (round dots one width apart)."""
    width = border.width
    if border.style == "dashed":
        canv.setDash(max(width * 3.0, 2.0), max(width * 3.0, 2.0))
    elif border.style == "dotted":
        canv.setLineCap(1)
        canv.setDash(0.01, max(width * 2.0, 1.0))


class Box(Spaced, Flowable):
    """A CSS block box around child flowables; splits across pages between and inside children."""

    def __init__(self, children: list[Any], spec: BoxSpec, *, continued: bool = False) -> None:
        super().__init__()
        self.children = children
        self.spec = spec
        self.continued = continued
        self.shrink = False
        self.frame_height = 0.0  # set by the builder: lets a box give up its decoration to make progress
        self._layout: tuple[float, float] | None = None
        self._complete = False
        self._wrapped_for = 0.0
        self._wrap_width = -1.0
        self._placed: list[tuple[Any, float, float, float]] = []

    # -- geometry -----------------------------------------------------------------------------
    def _horizontal(self, avail: float) -> tuple[float, float, float, float, float, float, float]:
        s = self.spec
        pt, pr, pb, pl = (resolve(v, avail) for v in s.padding)
        bt, br, bb, bl = (b.width if b.visible else 0.0 for b in s.borders)
        ml = resolve(s.margin_left, avail)
        mr = resolve(s.margin_right, avail)
        extra = pl + pr + bl + br
        if s.width != "auto":
            content = resolve(s.width, avail)
            if s.border_box:
                content -= extra
        else:
            content = avail - ml - mr - extra
        if s.max_width != "none":
            limit = resolve(s.max_width, avail) - (extra if s.border_box else 0.0)
            content = min(content, limit)
        if self.shrink and s.width == "auto":
            from pdflet.renderers.reportlab.layout.tables import content_widths

            content = min(content, max(content_widths(self.children)[1], 1.0))
        if s.min_width not in ("auto", 0.0):
            content = max(content, resolve(s.min_width, avail) - (extra if s.border_box else 0.0))
        content = max(1.0, min(content, avail - extra)) if avail > extra + 1 else 1.0
        free = avail - content - extra
        if s.margin_left == "auto" and s.margin_right == "auto":
            ml = free / 2.0
        elif s.margin_left == "auto":
            ml = free - mr
        ml = max(0.0, min(ml, avail - content - extra))
        return ml, content, pt, pb, pl, bt + 0.0, bb + 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if (
            self._layout is not None
            and self._layout[0] == availWidth
            and (self._complete or availHeight <= self._wrapped_for)
        ):
            return self._layout
        canv = getattr(self, "canv", None)
        ml, content, pt, pb, pl, bt, bb = self._horizontal(availWidth)
        s = self.spec
        bl = s.borders[3].width if s.borders[3].visible else 0.0
        x = ml + bl + pl
        y = 0.0
        placed: list[tuple[Any, float, float, float]] = []
        previous_after = 0.0
        complete = True
        room = availHeight - pt - bt
        forced = False
        for index, child in enumerate(self.children):
            if isinstance(child, PageBreak):  # a forced break inside a painted box: split there
                placed.append((child, y, 0.0, 0.0))
                forced = True
                continue
            before = child.getSpaceBefore() if index else 0.0
            gap = max(before, previous_after)
            y += gap
            if canv is not None:
                child.canv = canv
            w, h = child.wrap(content, max(room - y, 1.0))
            complete = complete and getattr(child, "_complete", True)  # a box cut short inside is not complete
            placed.append((child, y, w, h))
            y += h
            previous_after = child.getSpaceAfter()
            if y > room and index + 1 < len(self.children):
                complete = False  # already too tall for this frame: the rest is measured after a split
                break
        self._complete = complete and not forced
        self._wrapped_for = availHeight
        self._wrap_width = availWidth
        inner = y
        height = inner + pt + pb + bt + bb
        if s.height != "auto":
            wanted = resolve(s.height, 0.0) + (0.0 if s.border_box else pt + pb + bt + bb)
            height = max(height, wanted)
        if s.min_height not in ("auto", 0.0):
            wanted = resolve(s.min_height, 0.0) + (0.0 if s.border_box else pt + pb + bt + bb)
            height = max(height, wanted)
        self._placed = placed
        self._geometry = (x, content, pt, bt, ml)
        self.width = availWidth
        if self.shrink:
            right = s.borders[1].width if s.borders[1].visible else 0.0
            self.width = min(availWidth, x + content + resolve(s.padding[1], availWidth) + right)
        if forced:
            height = max(height, availHeight + 1.0)  # make the frame ask us to split
        self.height = height
        self._layout = (self.width, height)
        return self.width, height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        if self._layout is not None:  # the frame passes its full width here, ignoring Indenters
            availWidth = self._wrap_width
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight + 1e-6:
            return [self]
        forced = must_progress(self)
        _, content, pt, bt, _ = self._geometry
        self._layout = None  # a failed child split forgets its line breaks; wrap again before drawing
        if forced and _narrowest(self, availWidth) < MIN_WIDTH:
            # Padding and borders (nested ones, say) leave no width for text: as on a fresh page nothing
            # better can come, the content flows without this box's decoration.
            return self._give_way(availWidth, availHeight, [])
        limit = availHeight - pt - bt
        first: list[Any] = []
        rest: list[Any] = []
        for index, (child, y, _w, h) in enumerate(self._placed):
            if isinstance(child, PageBreak):
                rest = self.children[index:]
                break
            if y + h <= limit + 1e-6:
                first.append(child)
                continue
            room = limit - y
            parts = child.split(content, room) if room > 0 else []
            if not parts and forced and not first and room >= MIN_ROOM:
                parts = split_forced(child, content, room)  # nothing above it on this page: it must give way
            if len(parts) >= 2 or (forced and not first and parts):
                first.append(parts[0])
                rest = list(parts[1:]) + self.children[index + 1 :]
            else:
                rest = self.children[index:]
            break
        else:
            rest = self.children[len(self._placed) :]
        page_break = rest[0] if rest and isinstance(rest[0], PageBreak) else None  # kept: it knows its side
        if page_break is not None:
            rest = rest[1:]
        if not rest and len(first) > 1 and page_break is None:
            rest = [first.pop()]  # only the bottom padding/border overflowed: move the last child on
        if first and not rest and page_break is not None:
            return [self._clone(first, self.spec), page_break]
        if not first or not rest:
            return self._give_way(availWidth, availHeight, first) if forced else []
        if hasattr(rest[0], "space_before"):
            rest[0].space_before = 0.0
        head = self._clone(first, self.spec.sliced(top=False))
        tail = self._clone(rest, self.spec.sliced(top=True))
        head.space_before = self.space_before
        tail.space_after = self.space_after
        return [head, page_break, tail] if page_break is not None else [head, tail]

    def _give_way(self, availWidth: float, availHeight: float, first: list[Any]) -> list[Any]:
        """At the top of an empty frame and still too tall: give up what stops the box from
        splitting (a fixed height, the bottom edge, then all decoration) rather than fail."""
        if self.spec.height != "auto" or self.spec.min_height not in (0, 0.0, "auto"):
            loose = self._clone(list(self.children), replace(self.spec, height="auto", min_height=0.0))
            loose.space_before, loose.space_after = self.space_before, self.space_after
            return split_forced(loose, availWidth, availHeight)
        if first:  # everything fits but the bottom padding and border
            head = self._clone(first, self.spec.sliced(top=False))
            head.space_before, head.space_after = self.space_before, self.space_after
            return [head]
        # Nothing fits even on a fresh page (absurd padding or nesting): let the content flow
        # without this box's decoration.
        leaves = _leaves(self)
        if not leaves:
            return [Shrunk(self, availHeight)]
        return split_forced(leaves[0], availWidth, availHeight) + leaves[1:]

    def _clone(self, children: list[Any], spec: BoxSpec) -> Box:
        box = Box(children, spec, continued=True)
        box.frame_height = self.frame_height
        return box

    # -- painting -----------------------------------------------------------------------------
    def draw(self) -> None:
        canv = self.canv
        x, content, pt, bt, ml = self._geometry
        s = self.spec
        br = s.borders[1].width if s.borders[1].visible else 0.0
        pr = resolve(s.padding[1], self.width)
        outer_w = (x - ml) + content + pr + br
        h = self.height
        self._paint_box(canv, ml, 0.0, outer_w, h)
        top = h - bt - pt
        for child, y, w, ch in self._placed:
            child.drawOn(canv, x, top - y - ch, _sW=content - w)

    def _paint_box(self, canv: Any, x: float, y: float, w: float, h: float) -> None:
        s = self.spec
        top, right, bottom, left = s.borders
        visible = [b for b in s.borders if b.visible]
        uniform = len(visible) == 4 and len({(b.width, b.style, str(b.color)) for b in s.borders}) == 1
        radius = min(s.radius, w / 2.0, h / 2.0) if s.radius > 0 else 0.0  # CSS scales radii down to fit
        if s.background is not None:
            canv.saveState()
            canv.setFillColor(s.background)
            if radius > 0:
                canv.roundRect(x, y, w, h, radius, stroke=0, fill=1)
            else:
                canv.rect(x, y, w, h, stroke=0, fill=1)
            canv.restoreState()
        if s.background_image is not None:
            paint_background_image(canv, s.background_image, x, y, w, h, radius)
        if radius > 0 and uniform:
            _stroke_rounded(canv, top, x, y, w, h, radius)
            return
        if top.visible:
            draw_border_side(canv, top, x, y + h - top.width / 2, x + w, y + h - top.width / 2)
        if bottom.visible:
            draw_border_side(canv, bottom, x, y + bottom.width / 2, x + w, y + bottom.width / 2)
        if left.visible:
            draw_border_side(canv, left, x + left.width / 2, y, x + left.width / 2, y + h)
        if right.visible:
            draw_border_side(canv, right, x + w - right.width / 2, y, x + w - right.width / 2, y + h)


def _stroke_rounded(canv: Any, border: Border, x: float, y: float, w: float, h: float, radius: float) -> None:
    """A uniform border around a box with rounded corners (``radius`` is the outer edge's)."""
    canv.saveState()
    third = _set_stroke(canv, border)
    width = border.width
    insets = (third / 2.0, width - third / 2.0) if third else (width / 2.0,)
    for inset in insets:
        canv.roundRect(x + inset, y + inset, w - 2 * inset, h - 2 * inset, max(radius - inset, 0.0), stroke=1, fill=0)
    canv.restoreState()


class ListItemBox(Box):
    """A ``display: list-item`` box that draws its marker outside, left of the first line."""

    def __init__(self, children: list[Any], spec: BoxSpec, marker: Marker | None, *, continued: bool = False):
        super().__init__(children, spec, continued=continued)
        self.marker = marker

    def _clone(self, children: list[Any], spec: BoxSpec) -> Box:
        box = ListItemBox(children, spec, None, continued=True)
        box.frame_height = self.frame_height
        return box

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        if parts and parts[0] is not self:
            # the marker goes with the first line: the first part when it is this item's (a forced
            # break or a given-up height or edge can make one, two or three parts), no later one
            for index, part in enumerate(parts):
                if isinstance(part, ListItemBox):
                    part.marker = self.marker if index == 0 else None
        return parts

    def draw(self) -> None:
        super().draw()
        marker = self.marker
        if marker is None:
            return
        x, _content, pt, bt, _ml = self._geometry
        baseline = self.height - bt - pt - _first_baseline(self._placed, marker.font_size)
        draw_marker(self.canv, marker, x, baseline)


def _first_baseline(placed: list[tuple[Any, float, float, float]], size: float) -> float:
    """Distance from the content top to the first line's baseline (a guess for non-paragraphs)."""
    if not placed:
        return size
    child, y, _w, _h = placed[0]
    while isinstance(child, Box) and child._placed:
        _x, _c, pt, bt, _ml = child._geometry
        y += pt + bt
        child, cy, _w, _h = child._placed[0]
        y += cy
    if isinstance(child, Paragraph):
        return y + first_line_ascent(child) - css_baseline_shift(child)
    return y + size


class ImageFlowable(Spaced, Flowable):
    """A block-level image: CSS width/height (``%`` of the container), aspect kept, never wider
    than its container nor taller than the frame."""

    def __init__(
        self,
        reader: Any,
        natural: tuple[float, float],
        width: Any,
        height: Any,
        max_width: Any = "none",
        align: str = "LEFT",
        margin_left: float = 0.0,
    ) -> None:
        super().__init__()
        self.reader = reader
        self.natural = natural
        self.css_width = width
        self.css_height = height
        self.css_max_width = max_width
        self.hAlign = align
        self.margin_left = margin_left
        self.draw_w = self.draw_h = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        nw, nh = self.natural
        w = resolve(self.css_width, availWidth, -1.0) if self.css_width != "auto" else -1.0
        h = (
            resolve(self.css_height, 0.0, -1.0)
            if self.css_height != "auto" and not isinstance(self.css_height, tuple)
            else -1.0
        )
        if w < 0 and h < 0:
            w, h = nw, nh
        elif w < 0:
            w = h * nw / nh if nh else nw
        elif h < 0:
            h = w * nh / nw if nw else nh
        if self.css_max_width != "none":
            limit = resolve(self.css_max_width, availWidth)
            if w > limit > 0:
                h, w = h * limit / w, limit
        room = availWidth - self.margin_left
        if w > room > 0:
            h, w = h * room / w, room
        frame_h = getattr(self, "max_height", 0.0)
        if frame_h and h > frame_h:
            w, h = w * frame_h / h, frame_h
        self.draw_w, self.draw_h = max(w, 0.1), max(h, 0.1)
        self.width = self.draw_w + self.margin_left
        self.height = self.draw_h
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """An image cannot be cut: where it must make progress it is scaled to the room left."""
        if not must_progress(self) or availHeight < 1.0:
            return []
        smaller = copy(self)
        smaller.max_height = min(getattr(self, "max_height", 0.0) or availHeight, availHeight)
        return [smaller]

    def draw(self) -> None:
        self.canv.drawImage(self.reader, self.margin_left, 0, self.draw_w, self.draw_h, mask="auto")


class Bookmark(Spaced, Flowable):
    """A zero-size flowable that marks a destination (``#id``) and/or an outline entry."""

    def __init__(self, key: str, title: str | None = None, level: int = 0) -> None:
        super().__init__()
        self.key = key
        self.title = title
        self.level = level
        self.keepWithNext = 1
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        canv.bookmarkHorizontal(self.key, 0, 0)
        if self.title is not None:
            # Entries are added in drawing order, which is not always building order (a heading first in
            # a list item): ReportLab refuses a jump of more than one level, so clamp to the one it is at.
            level = min(self.level, canv._doc.outline.currentlevel + 1)
            canv.addOutlineEntry(self.title, self.key, level, closed=False)


class _MeasuringCanvas:
    """Stands in for a canvas where ReportLab only stores one while measuring."""


class Keep(_Container, KeepTogether):
    """KeepTogether (``break-inside: avoid``, runs of ``keepWithNext``) that measures at the width
    the frame really offers, can be measured and drawn inside a container (a float's neighbours),
    and gives way where it must make progress."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if getattr(self, "canv", None) is None:
            self.canv = _MeasuringCanvas()
        width, forced_split = super().wrap(availWidth, availHeight)
        self.width, self.height = width, self._H
        if getattr(self, "_frame", None) is not None:
            return width, forced_split  # in a frame: make it ask us to split, where we decide
        return width, self._H

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        if getattr(self, "canv", None) is None:
            self.canv = _MeasuringCanvas()
        if getattr(self, "_frame", None) is not None:
            return super().split(frame_width(self, availWidth), availHeight)
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight + 1e-6:
            return [self]
        if not must_progress(self) or not self._content:
            return []
        return split_forced(self._content[0], availWidth, availHeight) + list(self._content[1:])

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:
        _Container.drawOn(self, canv, x, y, _sW)


class KeepWithNext(Keep):
    """A run of ``keepWithNext`` flowables (headings, captions) with the flowable after it. As in a
    browser, the run stays on this page when it fits with the start of what follows; the group
    moves on only when not even that fits (ReportLab moves it whenever all of it does not fit)."""

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        if getattr(self, "_frame", None) is not None:
            parts = self._keep_start(frame_width(self, availWidth), availHeight)
            if parts:
                return parts
        return super().split(availWidth, availHeight)

    def _keep_start(self, availWidth: float, availHeight: float) -> list[Any]:
        content = self._content
        if len(content) < 2 or hasattr(content[-1], "frameAction"):
            return []
        used = 0.0
        after = 0.0
        for index, item in enumerate(content[:-1]):
            if hasattr(item, "frameAction"):  # the Indenter opening a block: what follows is narrower
                left, right = getattr(item, "left", 0.0), getattr(item, "right", 0.0)
                if not isinstance(left, (int, float)) or not isinstance(right, (int, float)):
                    return []
                availWidth -= left + right
                continue
            height = item.wrap(availWidth, availHeight)[1]
            if height <= 0:
                continue
            used += (max(item.getSpaceBefore(), after) if index else 0.0) + height
            after = item.getSpaceAfter()
        last = content[-1]
        room = availHeight - used - max(last.getSpaceBefore(), after)
        if room <= 0 or last.wrap(availWidth, room)[1] <= room:
            return []  # the run alone does not fit, or all of it fits: ReportLab's rules apply
        parts = last.split(availWidth, room)
        return [*content[:-1], *parts] if len(parts) >= 2 else []


class FloatFlow(ImageAndFlowables):
    """ReportLab's ImageAndFlowables, handing its canvas to what it measures (KeepTogether and
    nested floats read ``self.canv`` in ``wrap``); a float taller than the page stops floating."""

    def _share_canvas(self) -> None:
        canv = getattr(self, "canv", None)
        if canv is None:  # measured outside a frame (inside a box's split): any stand-in will do
            canv = self.canv = _MeasuringCanvas()
        self._I.canv = canv
        for item in self._content:
            item.canv = canv

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._share_canvas()
        return super().wrap(availWidth, availHeight)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        self._share_canvas()
        availWidth = frame_width(self, availWidth)
        parts = super().split(availWidth, availHeight)
        if parts or not must_progress(self):
            return parts
        # The float alone is taller than an empty page: it flows as a block, its neighbours after it.
        return split_forced(self._I, availWidth, availHeight) + list(self._content)
