"""``line-height: normal`` the way Chromium computes it on Linux.

Chromium takes the font's hhea ascent, descent and line gap, rounds each to whole CSS pixels
and adds them up, so a 9.5pt Arial line is 14px, not 1.15 x 12.67px. Our shipped faces keep
the metrics of Liberation (Arial, Times New Roman and Courier New compatible), so their hhea
values stand in; any other face falls back to 1.15.
"""

from __future__ import annotations

# font name prefix -> (ascent, descent, line gap) in em
HHEA: dict[str, tuple[float, float, float]] = {
    "PdfletSans": (0.905, 0.212, 0.033),
    "PdfletSerif": (0.891, 0.216, 0.042),
    "PdfletMono": (0.833, 0.300, 0.0),
    "DejaVuSans": (0.928, 0.236, 0.0),
    "DejaVuSerif": (0.928, 0.236, 0.0),
}
PX = 0.75  # points per CSS pixel


def normal_line_height(font_name: str, size: float) -> float:
    """The used ``line-height: normal`` of ``font_name`` at ``size`` points, in points."""
    for prefix, (ascent, descent, gap) in HHEA.items():
        if font_name.startswith(prefix):
            px = size / PX
            return (round(ascent * px) + round(descent * px) + round(gap * px)) * PX
    return size * 1.15


def text_ascent_descent(font_name: str, size: float) -> tuple[float, float] | None:
    """Ascent and descent (both positive, points) Chromium centres in a line box: hhea values rounded to
    whole CSS pixels. None for faces without known hhea metrics."""
    for prefix, (ascent, descent, _gap) in HHEA.items():
        if font_name.startswith(prefix):
            px = size / PX
            return round(ascent * px) * PX, round(descent * px) * PX
    return None
