"""Footnotes (``float: footnote``, CSS GCPM): a numbered call in the text, the note at the foot of its page.

Where a call lands is known only after layout, and the room its note takes changes the layout. So a
document with footnotes is laid out more than once (see ``renderer.render``): the first layout finds the
page of every call (each call carries a zero-width anchor that the canvas records), the next reserves, at
the foot of each page, the height of the notes called there and paints them. If that moved a call to
another page, one more layout settles it. A page's notes take at most half its height; notes that do not
fit move on to the next page's area, as a browser's footnote policy would. Notes with ``footnote-display:
inline`` run together in rows, each at its own width (a note is not wrapped around another), a gap between.

``footnote-policy: line`` (or ``block``) makes the call's line (or paragraph) give way instead of the note: the
page's text then ends above it (a cut, kept for the later layouts), so call and note go on to the next page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from pdflet.renderers.reportlab.layout.intrinsic import intrinsic_widths

MAX_FOOTNOTES = 1000  # more notes than any book page holds; later ones stay in the text
AREA_SHARE = 0.5  # of a page's content height, at most, for its notes
GAP = 6.0  # points between the text and the notes
INLINE_GAP = 8.0  # points between notes that run together (``footnote-display: inline``)
Row = tuple[float, list[tuple[str, float, float]]]  # a row of notes: its height, and (key, x, width) of each
BLOCK_SUFFIX = "b"  # the anchor at the start of the paragraph of call ``_fnN`` is ``_fnNb`` (footnote-policy: block)


@dataclass
class Placement:
    """What one layout of a document learns for the next: the pages each note was kept on, where the text of
    a page must end (``footnote-policy``), and where each call landed (page, height of its line's top)."""

    pages: dict[str, set[int]] = field(default_factory=dict)
    cuts: dict[int, float] = field(default_factory=dict)
    calls: dict[str, tuple[int, float]] = field(default_factory=dict)


@dataclass
class FootnoteRule:
    """The ``@footnote`` area's top border and the space above it."""

    width: float = 0.5
    color: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 1.0)
    length: float = 0.33  # of the area's width, as books draw the separator
    space: float = GAP


@dataclass
class FootnoteArea:
    """The notes of one layout, which page each goes to, and their painting."""

    notes: dict[str, list[Any]] = field(default_factory=dict)  # call key → the note's flowables
    rule: FootnoteRule = field(default_factory=FootnoteRule)
    displays: dict[str, str] = field(default_factory=dict)  # call key → "inline" for a note run in with others
    policies: dict[str, tuple[str, float]] = field(default_factory=dict)  # call key → (policy, line height)
    placement: Placement = field(default_factory=Placement)
    _pages: dict[int, list[str]] = field(default_factory=dict)
    # pages where a note was kept before: their room stays kept, so a call that moved on because of its own
    # note does not come back and move the note again (layouts then settle instead of swinging)
    _kept: dict[int, list[str]] = field(default_factory=dict)
    _heights: dict[str, float] = field(default_factory=dict)
    _inline: dict[str, tuple[float, float]] = field(default_factory=dict)
    _drawn: set[int] = field(default_factory=set)
    _width: float = 0.0  # of the area, as the last ``place`` was told

    def place(self, call_pages: dict[str, int], width: float, page_height: float) -> None:
        """Assign notes to pages from where their calls landed in the last layout; the placement's history (the
        pages each note had before, updated here) keeps room on earlier pages for a note whose call has moved
        on."""
        history = self.placement.pages
        self._pages.clear()
        self._kept.clear()
        self._width = width
        call_pages = {key: max(page, *history.get(key, {page})) for key, page in call_pages.items()}
        limit = page_height * AREA_SHARE
        carried: list[str] = []
        by_page: dict[int, list[str]] = {}
        for key in self.notes:
            if key in call_pages:
                by_page.setdefault(call_pages[key], []).append(key)
        last = max(by_page, default=0)
        page = min(by_page, default=1)
        while page <= last or carried:
            queue = carried + by_page.get(page, [])
            carried = []
            used = self.rule.space
            for index, key in enumerate(queue):
                height = self._height(key, width)
                if used + height > limit and self._pages.get(page):
                    self._give_way(key, page)
                    carried = queue[index:]
                    break
                self._pages.setdefault(page, []).append(key)
                used += height
            page += 1
            if page > last + len(self.notes):  # nothing left can make progress
                break
        for page, keys in self._pages.items():
            for key in keys:
                earlier = history.setdefault(key, set())
                for kept in earlier:
                    if kept < page:
                        self._kept.setdefault(kept, []).append(key)
                earlier.add(page)

    def _give_way(self, key: str, page: int) -> None:
        """A note that does not fit on its call's page: with ``footnote-policy: line`` or ``block``, the page's
        text ends above the call's line (or its paragraph's first line, when that is on the same page)."""
        policy = self.policies.get(key)
        call = self.placement.calls.get(key)
        if policy is None or call is None or call[0] != page:
            return
        top = call[1]
        start = self.placement.calls.get(key + BLOCK_SUFFIX)
        if policy[0] == "block" and start is not None and start[0] == page:
            top = start[1]
        # the anchor is drawn a line height above its line's baseline: end the text between that line's
        # bottom and the bottom of the line before it
        cut = top - 0.6 * policy[1]
        self.placement.cuts[page] = max(self.placement.cuts.get(page, cut), cut)

    def cut(self, page: int) -> float | None:
        """How high on ``page`` its text must end (``footnote-policy``), or None."""
        return self.placement.cuts.get(page)

    def record_calls(self, heights: dict[str, float], pages: dict[str, int]) -> None:
        """Where the calls of this layout landed, for the next one's ``footnote-policy``."""
        self.placement.calls = {key: (pages.get(key, 0), y) for key, y in heights.items()}

    def _height(self, key: str, width: float) -> float:
        height = self._heights.get(key)
        if height is None:
            height = sum(f.wrap(width, 10_000)[1] + f.getSpaceBefore() for f in self.notes[key])
            self._heights[key] = height
        return height

    @property
    def last_page(self) -> int:
        """The last page that has notes to paint (the document needs at least that many pages)."""
        return max(self._pages, default=0)

    def reserve(self, page: int) -> float:
        """Room kept at the foot of ``page`` for its notes (0 when it has none)."""
        keys = self._pages.get(page, [])
        kept = self._kept.get(page, [])
        if not keys and not kept:
            return 0.0
        return self.rule.space + self._stacked(keys) + sum(self._heights.get(key, 0.0) for key in kept)

    def _stacked(self, keys: list[str]) -> float:
        return sum(height for height, _ in self._rows(keys, self._width))

    def _rows(self, keys: list[str], width: float) -> list[Row]:
        """``keys`` as rows: a block note makes a row of its own, inline notes run together while they fit."""
        rows: list[Row] = []
        current: list[tuple[str, float, float]] = []
        x = height = 0.0
        for key in keys:
            flowables = self.notes[key]
            if self.displays.get(key) != "inline" or len(flowables) != 1:
                if current:
                    rows.append((height, current))
                    current, x, height = [], 0.0, 0.0
                rows.append((self._heights.get(key, 0.0), [(key, 0.0, width)]))
                continue
            own, own_height = self._inline_size(key, width)
            if current and x + own > width:
                rows.append((height, current))
                current, x, height = [], 0.0, 0.0
            current.append((key, x, own))
            x += own + INLINE_GAP
            height = max(height, own_height)
        if current:
            rows.append((height, current))
        return rows

    def _inline_size(self, key: str, width: float) -> tuple[float, float]:
        size = self._inline.get(key)
        if size is None:
            flowable = self.notes[key][0]
            own = min(intrinsic_widths(flowable)[1] + 0.01, width)
            size = self._inline[key] = (own, flowable.wrap(own, 10_000)[1])
        return size

    def draw(self, canv: Any, page: int, x: float, bottom: float, width: float) -> None:
        """Paint ``page``'s notes upwards from ``bottom``, under a separator rule."""
        keys = self._pages.get(page)
        if not keys or page in self._drawn:
            return
        self._drawn.add(page)
        rows = self._rows(keys, width)
        y = bottom + sum(height for height, _ in rows)
        canv.saveState()
        if self.rule.width > 0:
            canv.setStrokeColor(Color(*self.rule.color[:3], alpha=self.rule.color[3]))
            canv.setLineWidth(self.rule.width)
            canv.line(x, y + self.rule.space / 2, x + width * self.rule.length, y + self.rule.space / 2)
        canv.restoreState()
        for row_height, row in rows:
            if len(row) == 1 and self.displays.get(row[0][0]) != "inline":
                for flowable in self.notes[row[0][0]]:
                    _, height = flowable.wrap(width, 10_000)
                    y -= height + flowable.getSpaceBefore()
                    flowable.drawOn(canv, x, y)
                continue
            for key, left, own in row:  # run together: tops aligned
                flowable = self.notes[key][0]
                _, height = flowable.wrap(own, 10_000)
                flowable.drawOn(canv, x + left, y - height)
            y -= row_height


def footnote_rule(pages: list[Any]) -> FootnoteRule:
    """The separator from the ``@footnote`` rules inside ``@page`` rules (``border-top``, ``margin-top``)."""
    from pdflet.renderers.reportlab.css.values import length_pt, parse_color

    rule = FootnoteRule()
    for page in pages:
        for name, tokens in page.margin_boxes.get("footnote", ()):
            if name in ("border-top", "border"):
                words = [t.lower_value for t in tokens if t.type == "ident"]
                if "none" in words or "hidden" in words:
                    rule.width = 0.0
                for token in tokens:
                    width = length_pt(token, 12.0, 12.0) if token.type in ("dimension", "number") else None
                    color = parse_color(token)
                    if width is not None:
                        rule.width = max(0.0, min(width, 20.0))
                    elif color is not None:
                        rule.color = color
                rule.length = 1.0  # a border spans the area
            elif name in ("margin-top", "padding-top") and tokens:
                space = length_pt(tokens[0], 12.0, 12.0)
                if space is not None:
                    rule.space = max(0.0, min(space + GAP, 200.0))
    return rule


class NotesPage(Flowable):
    """A page for notes carried past the last page of text: it draws nothing, but the page exists."""

    def __init__(self) -> None:
        super().__init__()
        self.width, self.height = 0, 1

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 1

    def draw(self) -> None:
        """Nothing: the page's notes are painted with the page."""
