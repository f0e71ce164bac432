"""Grid containers: ``display: grid`` with ``grid-template-columns`` (two address blocks side by side, card
grids with ``repeat(auto-fit, minmax(…, 1fr))``, label/value grids).

Columns come from the track list (lengths, percentages, ``fr``, ``auto``, ``minmax``, ``repeat``); items are
auto-placed row by row, spanning ``grid-column: span N`` (or ``1 / -1``) tracks. Each grid row is then a line of
:class:`~pdflet.renderers.reportlab.layout.flexbands.Bands` with fixed widths, so boxes, alignment and page
splitting are the flex code's. Explicit line placement, rows templates and areas are not supported: items keep
document order.
"""

from __future__ import annotations

from typing import Any

from pdflet.renderers.reportlab.css.properties import Style
from pdflet.renderers.reportlab.layout.boxes import GridContainer
from pdflet.renderers.reportlab.layout.boxmodel import percent
from pdflet.renderers.reportlab.layout.context import LayoutContext
from pdflet.renderers.reportlab.layout.flex import Item, collect_items
from pdflet.renderers.reportlab.layout.flexbands import Bands, Placed

MAX_COLUMNS = 64


class GridLines(Bands):
    """The rows of a grid container; column widths are found at wrap time, from the frame's width."""

    def __init__(
        self, items: list[Item], spans: list[int], container: Style, fixed: list[list[Placed]] | None = None
    ) -> None:
        super().__init__(items, container, fixed)
        self.spans = spans

    def _compute_lines(self, avail: float) -> list[list[Placed]]:
        gap, _ = self._gaps(avail)
        tracks = _expand(self.container["grid-template-columns"], avail, gap, len(self.items))
        rows = _place(self.spans, len(tracks))
        widths = _track_widths(tracks, avail, gap, rows, self.items)
        lefts = []
        x = 0.0
        for width in widths:
            lefts.append(x)
            x += width + gap
        lines = []
        for row in rows:
            line = []
            for index, column, span in row:
                area = sum(widths[column : column + span]) + gap * (span - 1)
                item = self.items[index]
                justify = item.justify if item.justify != "auto" else self.container["justify-items"]
                x, width = fit_in_area(item, justify, lefts[column], max(area, 1.0))
                line.append(Placed(item, item.box, x, max(width, 1.0)))
            lines.append(line)
        return lines


STRETCH = frozenset({"normal", "stretch", "legacy"})
END = frozenset({"end", "flex-end", "self-end", "right"})


def fit_in_area(item: Item, justify: str, left: float, area: float) -> tuple[float, float]:
    """The item's border box (x, width) in its grid area of ``area`` points from ``left`` (CSS Grid §11.3).

    An item with an auto width and no auto margin stretches over the area less its margins; otherwise it
    keeps its width (fit-content when auto) and auto margins, then ``justify-self``, place it: a round
    ``size-24`` badge centred with ``mx-auto`` in its column, not stretched across it."""
    _, m_right, _, m_left = item.margins
    ml = 0.0 if m_left == "auto" else percent(m_left, area)
    mr = 0.0 if m_right == "auto" else percent(m_right, area)
    room = max(area - ml - mr, 1.0)
    if item.width == "auto" and justify in STRETCH and "auto" not in (m_left, m_right):
        return left + ml, room
    if item.width == "auto":
        low, high = item.content_widths()
        width = max(low, min(high, room))
    else:
        width = item.to_border_box(item.width, area)
    if item.max_width not in ("none", "auto"):
        width = min(width, item.to_border_box(item.max_width, area))
    if item.min_width not in ("auto", 0, 0.0):
        width = max(width, item.to_border_box(item.min_width, area))
    free = area - ml - mr - width
    if m_left == "auto" and m_right == "auto":
        return left + ml + max(free, 0.0) / 2.0, width
    if m_left == "auto":
        return left + ml + max(free, 0.0), width
    if m_right == "auto" or justify not in END | {"center"}:
        return left + ml, width
    return left + ml + (free if justify in END else free / 2.0), width


def _expand(template: Any, avail: float, gap: float, count: int) -> list[tuple[Any, ...]]:
    """The track list with ``repeat(auto-fill|auto-fit, …)`` expanded for ``avail``."""
    if template == "none" or not template:
        return [("fr", 1.0)]
    tracks: list[tuple[Any, ...]] = []
    for track in template:
        if track[0] != "fill":
            tracks.append(track)
            continue
        inner = list(track[1])
        size = sum(max(_fixed(t, avail), 1.0) for t in inner) + gap * (len(inner) - 1)
        fixed_rest = sum(_fixed(t, avail) for t in template if t[0] != "fill")
        repeats = max(1, int((avail - fixed_rest + gap) // (size + gap)))
        repeats = min(repeats, max(1, count), MAX_COLUMNS)  # auto-fit: empty tracks collapse
        tracks.extend(inner * repeats)
    return tracks[:MAX_COLUMNS]


def _fixed(track: tuple[Any, ...], avail: float) -> float:
    """The definite size of a track (its minimum for ``minmax``), 0 for flexible and automatic ones."""
    kind = track[0]
    if kind == "len":
        return float(track[1])
    if kind == "%":
        return percent(("%", float(track[1])), avail)
    if kind == "minmax":
        return _fixed(track[1], avail)
    return 0.0


def _place(spans: list[int], columns: int) -> list[list[tuple[int, int, int]]]:
    """Auto-placement, row by row: (item index, first column, span) per row."""
    rows: list[list[tuple[int, int, int]]] = []
    row: list[tuple[int, int, int]] = []
    column = 0
    for index, wanted in enumerate(spans):
        span = columns if wanted < 0 else min(max(wanted, 1), columns)
        if column + span > columns:
            rows.append(row)
            row, column = [], 0
        row.append((index, column, span))
        column += span
    if row:
        rows.append(row)
    return rows


def _track_widths(
    tracks: list[tuple[Any, ...]], avail: float, gap: float, rows: list[list[tuple[int, int, int]]], items: list[Item]
) -> list[float]:
    n = len(tracks)
    content = [0.0] * n  # max-content of the single-column items in each track, for auto tracks
    least = [0.0] * n
    for row in rows:
        for index, column, span in row:
            if span == 1:
                low, high = items[index].content_widths()
                content[column] = max(content[column], high)
                least[column] = max(least[column], low)
    widths = [0.0] * n
    flexible: list[tuple[int, float, float]] = []  # (track, fr, floor)
    automatic: list[int] = []
    for i, track in enumerate(tracks):
        kind = track[0]
        if kind in ("len", "%"):
            widths[i] = _fixed(track, avail)
        elif kind == "fr":
            flexible.append((i, float(track[1]), least[i]))
        elif kind == "minmax":
            low = least[i] if track[1][0] == "auto" else _fixed(track[1], avail)
            high = track[2]
            if high[0] == "fr":
                flexible.append((i, float(high[1]), low))
            elif high[0] == "auto":
                widths[i] = max(low, content[i])
                automatic.append(i)
            else:
                widths[i] = max(low, _fixed(high, avail))
        else:
            widths[i] = content[i]
            automatic.append(i)
    free = avail - gap * (n - 1) - sum(widths)
    if flexible:
        total = sum(fr for _, fr, _ in flexible) or 1.0
        share = max(free, 0.0) / max(total, 1.0)
        for i, fr, floor in flexible:
            widths[i] = max(floor, share * fr)
    elif automatic and free > 0:
        for i in automatic:
            widths[i] += free / len(automatic)
    elif automatic and free < 0:
        room = sum(widths[i] - least[i] for i in automatic)
        if room > 0:
            cut = min(1.0, -free / room)
            for i in automatic:
                widths[i] -= (widths[i] - least[i]) * cut
    return [max(w, 1.0) for w in widths]


def build_grid(ctx: LayoutContext, box: GridContainer) -> list[Any]:
    """The flowables of a grid container box's content."""
    items = collect_items(ctx, box)
    if not items:
        return []
    return [GridLines(items, [item.span for item in items], box.style)]
