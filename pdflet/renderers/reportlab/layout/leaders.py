"""``leader()``: a table-of-contents line — the entry, a row of dots, the page number at the right edge.

ReportLab's paragraphs have no tab stops, so a paragraph with a leader mark (``css.cascade.LEADER``) is laid
out as two parts: the text before the mark wraps in the width the text after it leaves, and the dots fill
the rest of the last line, placed on a grid as browsers do so the dots of successive lines line up.
"""

from __future__ import annotations

from copy import copy
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from pdflet.renderers.reportlab.css.paged import LEADER
from pdflet.renderers.reportlab.layout.flowbase import Spaced
from pdflet.renderers.reportlab.layout.paragraphs import css_baseline_shift, first_line_ascent

GAP = 2.0  # points kept free on each side of the dots


def split_leader(frags: list[Any]) -> tuple[list[Any], str, list[Any]] | None:
    """(fragments before the leader, its fill, fragments after it), or None without a leader."""
    for index, frag in enumerate(frags):
        text = getattr(frag, "text", "")
        at = text.find(LEADER) if isinstance(text, str) else -1
        if at < 0:
            continue
        rest = text[at + 1 :]
        fill = rest[:1] or "."
        before, after = copy(frag), copy(frag)
        before.text, after.text = text[:at], rest[1:].replace(LEADER, "")
        for later in frags[index + 1 :]:
            if isinstance(getattr(later, "text", None), str) and LEADER in later.text:
                later.text = later.text.replace(LEADER, "")
        left = [*frags[:index], before] if before.text else frags[:index]
        right = [f for f in [after, *frags[index + 1 :]] if getattr(f, "text", "")]
        return left, fill, right
    return None


class LeaderLine(Spaced, Flowable):
    """A paragraph, then a leader and right-aligned text on the baseline of its last line."""

    def __init__(self, para: Any, fill: str, right: list[Any], leader_frag: Any) -> None:
        super().__init__()
        self.para = para
        self.fill = fill
        self.right = right
        self.leader_frag = leader_frag
        self.right_width = sum(stringWidth(f.text, f.fontName, f.fontSize) for f in right)
        self.keepWithNext = getattr(para, "keepWithNext", 0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        room = max(availWidth - self.right_width - 2 * GAP, availWidth * 0.3)
        _, height = self.para.wrap(room, availHeight)
        self.width, self.height = availWidth, height
        return availWidth, height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        return []  # a table-of-contents line moves to the next page whole

    def _last_line(self) -> tuple[float, float]:
        """Width of the paragraph's last line and its baseline, from the paragraph's bottom."""
        lines = self.para.blPara.lines
        style = self.para.style
        last = lines[-1]
        extra = last.extraSpace if hasattr(last, "extraSpace") else last[0]
        width = self.para.width - extra
        baseline = self.height - first_line_ascent(self.para) - (len(lines) - 1) * style.leading
        return width, max(baseline + css_baseline_shift(self.para), 0.0)

    def draw(self) -> None:
        canv = self.canv
        self.para.drawOn(canv, 0, 0)
        end, baseline = self._last_line()
        frag = self.leader_frag
        canv.saveState()
        x = self.width - self.right_width
        for item in self.right:
            canv.setFont(item.fontName, item.fontSize)
            canv.setFillColor(item.textColor)
            canv.drawString(x, baseline, item.text)
            x += stringWidth(item.text, item.fontName, item.fontSize)
        step = stringWidth(self.fill, frag.fontName, frag.fontSize)
        if step > 0 and self.fill.strip():
            canv.setFont(frag.fontName, frag.fontSize)
            canv.setFillColor(frag.textColor)
            first = (int((end + GAP) / step) + 1) * step  # on a grid, so the dots of all lines line up
            last = self.width - self.right_width - GAP - step
            count = int((last - first) / step) + 1 if last >= first else 0
            if count > 0:
                canv.drawString(first, baseline, self.fill * min(count, 2000))
        canv.restoreState()
