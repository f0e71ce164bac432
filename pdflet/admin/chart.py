"""A server-rendered bar chart: geometry only, drawn as SVG by a template (no chart library in the browser).

Keeping the arithmetic here, as plain data, leaves the markup (and its escaping) to Jinja
and makes the chart testable without a browser.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    title: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    right: int
    bottom: int
    bars: list[Bar]
    ticks: list[Tick]
    x_labels: list[tuple[float, str]]
    total: int
    unit: str


def nice_ceiling(value: int) -> int:
    """The axis maximum: 1, 2 or 5 times a power of ten, at least ``value``."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover


def bar_chart(points: list[tuple[str, int]], *, unit: str = "requests", width: int = 720, height: int = 220,
              max_labels: int = 8) -> BarChart:
    """Lay out one bar per point (label, value), oldest first.

    At most ``max_labels`` x-axis labels are drawn so 90 days stay readable; every bar still
    carries a ``title`` (the tooltip and what a screen reader announces).
    """
    left, right, bottom, top = 44, 20, 24, 8  # the right margin leaves room for the last day's label
    plot_w, plot_h = width - left - right, height - bottom - top
    peak = nice_ceiling(max((v for _, v in points), default=0))
    slot = plot_w / max(1, len(points))
    gap = min(4.0, slot * 0.2)
    bars = []
    for i, (label, value) in enumerate(points):
        h = plot_h * value / peak
        bars.append(Bar(
            x=round(left + i * slot + gap / 2, 2), y=round(top + plot_h - h, 2), width=round(slot - gap, 2),
            height=round(h, 2), label=label, value=value, title=f"{label}: {value} {unit}",
        ))
    levels = [0, peak // 2, peak] if peak % 2 == 0 else [0, peak]
    ticks = [Tick(round(top + plot_h - plot_h * v / peak, 2), f"{v:,}") for v in levels]
    every = max(1, math.ceil(len(points) / max_labels))
    x_labels = [
        (round(left + i * slot + slot / 2, 2), label[5:] if len(label) == 10 else label)
        for i, (label, _) in enumerate(points)
        if (len(points) - 1 - i) % every == 0
    ]
    return BarChart(width, height, left, right, bottom, bars, ticks, x_labels, sum(v for _, v in points), unit)
