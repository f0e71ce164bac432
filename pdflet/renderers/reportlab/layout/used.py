"""Used values: what a computed style means on this page, in ReportLab's terms (colours, the registered font,
the font size and line height limited to the frame, paragraph styles, inline runs, a box's used properties).

One object per render (or margin-box snippet): the values are cached by the style objects' ids, which stay
valid because the box tree keeps every style alive while it is emitted. Nothing here walks the tree.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from pdflet.renderers.reportlab.css.properties import Style
from pdflet.renderers.reportlab.layout import inline as il
from pdflet.renderers.reportlab.layout.backgrounds import BackgroundImage, load_background
from pdflet.renderers.reportlab.layout.boxmodel import Border, BoxSpec
from pdflet.renderers.reportlab.layout.flowbase import MAX_KEPT_LINES
from pdflet.renderers.reportlab.layout.hyphenation import Hyphenator
from pdflet.renderers.reportlab.layout.images import ImageCache
from pdflet.renderers.reportlab.layout.metrics import normal_line_height

ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}
_CLEAR = Color(0, 0, 0, 0)  # the border colour of visibility: hidden boxes: they keep their room


class UsedValues:
    """The used-value caches of one render at one frame size."""

    def __init__(self, fonts: Any, images: ImageCache, frame: tuple[float, float]) -> None:
        self.fonts = fonts
        self.images = images
        self.frame_width, self.frame_height = frame
        self._fonts: dict[tuple[Any, ...], str] = {}
        self._colors: dict[Any, Color | None] = {}
        self._para_styles: dict[tuple[Any, ...], ParagraphStyle] = {}
        self._runs: dict[tuple[Any, ...], il.InlineRun] = {}
        self._specs: dict[int, BoxSpec] = {}
        self._auto: dict[str, ParagraphStyle] = {}

    def color(self, rgba: Any) -> Color | None:
        """A ReportLab colour for a computed colour (None for fully transparent)."""
        if rgba is None or isinstance(rgba, str):
            return None
        cached = self._colors.get(rgba, False)
        if cached is not False:
            return cached
        value = None if rgba[3] <= 0.0 else Color(rgba[0], rgba[1], rgba[2], rgba[3])
        self._colors[rgba] = value
        return value

    def font(self, style: Style) -> str:
        """The registered font for a style's family, weight and slant."""
        key = (style["font-family"], style["font-weight"] >= 600, style["font-style"] != "normal")
        name = self._fonts.get(key)
        if name is None:
            name = self.fonts.resolve(list(key[0]), key[1], key[2])
            self._fonts[key] = name
        return name

    def size(self, style: Style) -> float:
        """The font size, limited so one line always fits in the page frame."""
        return min(style["font-size"], self.frame_height * 0.4)

    def leading(self, style: Style) -> float:
        kind, value = style["line-height"]
        size = self.size(style)
        if kind == "factor":
            value *= size
        elif kind != "pt":
            value = normal_line_height(self.font(style), size)
        # a zero line height (font-size: 0, line-height: 0) stacks lines on one another in a browser; ReportLab
        # divides by it, so a tenth of a point stands in
        return max(min(value, self.frame_height * 0.8), 0.1)

    def para_style(self, style: Style, indent: float = 0.0, hyphenate: Hyphenator | None = None) -> ParagraphStyle:
        """A shared ParagraphStyle for a block's text properties."""
        align = style["text-align"]
        if align == "start":
            align = "right" if style["direction"] == "rtl" else "left"
        elif align == "end":
            align = "left" if style["direction"] == "rtl" else "right"
        wrap = "CJK" if style["word-break"] == "break-all" else None
        key = (
            self.font(style),
            self.size(style),
            self.leading(style),
            align,
            indent,
            style["color"],
            wrap,
            min(max(style["orphans"], 1), MAX_KEPT_LINES),
            min(max(style["widows"], 1), MAX_KEPT_LINES),
            hyphenate,
            style["hyphenate-limit-chars"][0] if hyphenate else 0,
            style["hyphenate-character"],
        )
        cached = self._para_styles.get(key)
        if cached is None:
            cached = ParagraphStyle(
                f"p{len(self._para_styles)}",
                fontName=key[0],
                fontSize=key[1],
                leading=key[2],
                alignment=ALIGN.get(align, TA_LEFT),
                firstLineIndent=indent,
                textColor=self.color(style["color"]) or Color(0, 0, 0),
                wordWrap=wrap,
                splitLongWords=1,
                allowOrphans=0 if key[7] > 1 else 1,
                allowWidows=0 if key[8] > 1 else 1,
                spaceBefore=0,
                spaceAfter=0,
                spaceShrinkage=0,
            )
            cached.orphans, cached.widows = key[7], key[8]  # counts for Para.split (ReportLab keeps 1 line)
            if hyphenate is not None:
                cached.hyphenationLang = hyphenate  # ReportLab takes a callable as well as a language name
                cached.hyphenationMinWordLength = key[10]
                # 2: a word that cannot be hyphenated into the rest of a line moves on and is hyphenated there,
                # instead of being cut anywhere as an over-long word
                cached.embeddedHyphenation = 2
            if key[11] not in ("auto", "-"):
                cached.hyphenateCharacter = key[11]  # drawn in place of ReportLab's "-" (layout/hyphen_char.py)
            self._para_styles[key] = cached
        return cached

    def auto_leading(self, style: ParagraphStyle) -> ParagraphStyle:
        """The same style with line height growing to fit larger inline content."""
        cached = self._auto.get(style.name)
        if cached is None:
            cached = self._auto[style.name] = ParagraphStyle(style.name + "a", parent=style, autoLeading="max")
        return cached

    def run(self, style: Style, link: str | None, back: Any, rise: float) -> il.InlineRun:
        key = (id(style), link, id(back), rise)
        cached = self._runs.get(key)
        if cached is None:
            color = self.color(style["color"]) or Color(0, 0, 0, 0)
            font, size, spacing = self.font(style), self.size(style), style["letter-spacing"]
            hidden = style["visibility"] != "visible"
            cached = il.InlineRun(font, size, color, rise, style["text-decoration"], link, back, spacing, hidden)
            self._runs[key] = cached
        return cached

    def cap(self, value: Any, fraction: float) -> Any:
        """An absolute length limited to ``fraction`` of the page frame (hostile sizes cannot
        make a box that fits on no page); percentages and keywords pass through."""
        if isinstance(value, (int, float)):
            return min(float(value), self.frame_height * fraction)
        return value

    def box_spec(self, style: Style) -> BoxSpec:
        """The used box properties of a computed style (cached: styles are shared objects)."""
        spec = self._specs.get(id(style))
        if spec is None:
            spec = self._specs[id(style)] = self._box_spec(style)
        return spec

    def _box_spec(self, style: Style) -> BoxSpec:
        cap = self.cap
        borders = tuple(
            Border(
                cap(style[f"border-{side}-width"], 0.1)
                if style[f"border-{side}-style"] not in ("none", "hidden")
                else 0.0,
                style[f"border-{side}-style"],
                self.color(
                    style["color"] if style[f"border-{side}-color"] == "currentcolor" else style[f"border-{side}-color"]
                ),
            )
            for side in ("top", "right", "bottom", "left")
        )
        if style["visibility"] != "visible":  # hidden: the borders keep their room but paint nothing
            borders = tuple(Border(b.width, b.style, _CLEAR) if b.visible else b for b in borders)
        return BoxSpec(
            margin_left=style["margin-left"],
            margin_right=style["margin-right"],
            padding=tuple(cap(style[f"padding-{side}"], 0.2) for side in ("top", "right", "bottom", "left")),
            borders=borders,  # type: ignore[arg-type]
            background=self.color(style["background-color"]) if style["visibility"] == "visible" else None,
            width=style["width"],
            min_width=style["min-width"],
            max_width=style["max-width"],
            height=cap(style["height"], 0.9),
            min_height=cap(style["min-height"], 0.9),
            max_height=style["max-height"],
            border_box=style["box-sizing"] == "border-box",
            radius=style["border-radius"],
            background_image=self._background_image(style) if style["visibility"] == "visible" else None,
            background_boxes=(style["background-origin"], style["background-clip"]),
            shadows=self._shadows(style, False),
            inset_shadows=self._shadows(style, True),
            clips=style["overflow"] != "visible",
        )

    def _shadows(self, style: Style, insets: bool) -> tuple[Any, ...]:
        """The outer (or the ``inset``) shadows to paint, bottom one first."""
        if style["box-shadow"] == "none" or style["visibility"] != "visible":
            return ()
        out = []
        for dx, dy, blur, spread, rgba, inset in reversed(style["box-shadow"]):
            color = self.color(rgba)
            if color is not None and inset == insets:
                out.append((dx, dy, blur, spread, color))
        return tuple(out)

    def _background_image(self, style: Style) -> BackgroundImage | None:
        return load_background(style, self.images)
