"""Page geometry: the request's options over the document's ``@page`` rules over Chromium's defaults.

Request options win when given (API.md); otherwise ``@page`` decides; otherwise A4 portrait with
Chromium's default print margins (about 0.4in). Which ``@page`` rules apply to which page (``:first``,
``:left``, named pages…) is ``page_styles``' job.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from pdflet.renderers.options import MAX_PAGE_PT, MIN_PAGE_PT, PAGE_SIZES, PageOptions
from pdflet.renderers.reportlab.css.cascade import PageRule
from pdflet.renderers.reportlab.css.properties import FONT_SIZE_KEYWORDS, SIDES
from pdflet.renderers.reportlab.css.values import clamp, length_pt, parse_color

DEFAULT_SIZE = PAGE_SIZES["a4"]
DEFAULT_MARGIN = 0.4 * 72.0
MARGIN_BOXES = (
    "top-left",
    "top-center",
    "top-right",
    "bottom-left",
    "bottom-center",
    "bottom-right",
    "top-left-corner",
    "top-right-corner",
    "bottom-left-corner",
    "bottom-right-corner",
)


@dataclass
class MarginBox:
    """A page-margin box with ``content`` (strings, ``counter(page)``, ``counter(pages)``)."""

    name: str
    parts: list[tuple[str, str]]
    font_size: float = 9.0
    color: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 1.0)
    families: tuple[str, ...] = ("sans-serif",)
    bold: bool = False
    italic: bool = False


@dataclass
class PageSetup:
    """One page template: size and margins in points, and its margin boxes."""

    size: tuple[float, float] = DEFAULT_SIZE
    margins: tuple[float, float, float, float] = (DEFAULT_MARGIN,) * 4
    boxes: dict[str, MarginBox] = field(default_factory=dict)
    background: tuple[float, float, float, float] | None = None  # the page's background colour
    bleed: float | None = None  # printed past the trim edge on every side; None: ``auto``
    marks: frozenset[str] = frozenset()  # ``crop`` and/or ``cross`` printer's marks, in the bleed
    # the root's (or body's) background: painted over the page area, inside the margins (CSS Paged Media §3.3)
    area_background: tuple[float, float, float, float] | None = None
    area_image: Any = None  # and its background image (a layout.backgrounds.BackgroundImage), over the colour

    @property
    def bleed_width(self) -> float:
        """The used bleed: as declared, else 6pt when there are marks to print in it (CSS Paged Media)."""
        if self.bleed is not None:
            return self.bleed
        return 6.0 if self.marks else 0.0

    @property
    def sheet(self) -> tuple[float, float]:
        """The whole sheet: the page (the trim size) and its bleed on every side."""
        bleed = self.bleed_width
        return (self.size[0] + 2 * bleed, self.size[1] + 2 * bleed)

    @property
    def frame(self) -> tuple[float, float]:
        """Width and height left for content."""
        t, r, b, left = self.margins
        return (max(self.size[0] - left - r, 36.0), max(self.size[1] - t - b, 36.0))


def _size(tokens: list[Any]) -> tuple[float, float] | None:
    words = [t.lower_value for t in tokens if t.type == "ident"]
    lengths = [length_pt(t, 12.0, 12.0) for t in tokens if t.type in ("dimension", "number")]
    size: tuple[float, float] | None = None
    for word in words:
        if word in PAGE_SIZES:
            size = PAGE_SIZES[word]
    if lengths and all(v is not None and v > 0 for v in lengths):
        size = (lengths[0], lengths[-1])  # type: ignore[assignment]
    if size is None and not any(w in ("landscape", "portrait") for w in words):
        return None
    w, h = size or DEFAULT_SIZE
    if "landscape" in words:
        w, h = max(w, h), min(w, h)
    elif "portrait" in words:
        w, h = min(w, h), max(w, h)
    return (clamp(w, MIN_PAGE_PT, MAX_PAGE_PT), clamp(h, MIN_PAGE_PT, MAX_PAGE_PT))


def _margin_values(tokens: list[Any], page: tuple[float, float]) -> list[float] | None:
    values = []
    for index, token in enumerate(tokens[:4]):
        if token.type == "percentage":
            base = page[0]  # CSS: margins are percentages of the width
            values.append(base * token.value / 100.0)
            continue
        value = length_pt(token, 12.0, 12.0)
        if value is None:
            return None
        values.append(value)
        del index
    return values or None


def _four_sides(v: list[float]) -> list[float]:
    if len(v) == 1:
        return [v[0]] * 4
    if len(v) == 2:
        return [v[0], v[1], v[0], v[1]]
    if len(v) == 3:
        return [v[0], v[1], v[2], v[1]]
    return v[:4]


def apply_rule(setup: PageSetup, rule: PageRule) -> PageSetup:
    """``setup`` with one ``@page`` rule's declarations applied over it."""
    size = setup.size
    margins = list(setup.margins)
    for name, tokens in rule.declarations:
        if name == "size":
            size = _size(tokens) or size
    for name, tokens in rule.declarations:
        if name == "margin":
            values = _margin_values(tokens, size)
            if values:
                margins = _four_sides(values)
        elif name.startswith("margin-") and name[7:] in SIDES:
            values = _margin_values(tokens, size)
            if values:
                margins[SIDES.index(name[7:])] = values[0]
    boxes = dict(setup.boxes)
    for box_name, declarations in rule.margin_boxes.items():
        if box_name not in MARGIN_BOXES:
            continue
        box = _margin_box(box_name, declarations)
        if box is None:
            boxes.pop(box_name, None)
        else:
            boxes[box_name] = box
    background = _page_background(rule, setup.background)
    bleed, marks = _print_marks(rule, setup.bleed, setup.marks)
    return PageSetup(size, tuple(margins), boxes, background, bleed, marks)  # type: ignore[arg-type]


def _page_background(
    rule: PageRule, current: tuple[float, float, float, float] | None
) -> tuple[float, float, float, float] | None:
    """``background-color`` (or the colour in ``background``) of an ``@page`` rule: the whole sheet's."""
    for name, tokens in rule.declarations:
        if name not in ("background", "background-color"):
            continue
        for token in tokens:
            color = parse_color(token)
            if color is not None:
                current = color if color[3] > 0 else None
                break
    return current


def _print_marks(
    rule: PageRule, bleed: float | None, marks: frozenset[str]
) -> tuple[float | None, frozenset[str]]:
    """``bleed`` (a length or ``auto``) and ``marks`` (``none`` or ``crop`` and/or ``cross``) of an ``@page`` rule."""
    for name, tokens in rule.declarations:
        if name == "bleed" and len(tokens) == 1:
            if tokens[0].type == "ident" and tokens[0].lower_value == "auto":
                bleed = None
            else:
                value = length_pt(tokens[0], 12.0, 12.0)
                if value is not None and value >= 0:
                    bleed = clamp(value, 0.0, 72.0)
        elif name == "marks":
            words = {t.lower_value for t in tokens if t.type == "ident"}
            if words == {"none"}:
                marks = frozenset()
            elif words and words <= {"crop", "cross"}:
                marks = frozenset(words)
    return bleed, marks


def _margin_box(name: str, declarations: list[tuple[str, list[Any]]]) -> MarginBox | None:
    from pdflet.renderers.reportlab.css.properties import _content, _font_family

    box = MarginBox(name, [])
    for prop, tokens in declarations:
        if prop == "content":
            box.parts = list(_content(tokens, ({}, {}, 12.0)) or ())
        elif prop == "font-size" and tokens:
            if tokens[0].type == "ident" and tokens[0].lower_value in FONT_SIZE_KEYWORDS:
                box.font_size = FONT_SIZE_KEYWORDS[tokens[0].lower_value]
            else:
                value = length_pt(tokens[0], 12.0, 12.0)
                if value is not None and value > 0:
                    box.font_size = clamp(value, 1.0, 200.0)
        elif prop == "color" and tokens:
            color = parse_color(tokens[0])
            if color is not None:
                box.color = color
        elif prop == "font-family":
            box.families = _font_family(tokens, ({}, {}, 12.0)) or box.families
        elif prop == "font-weight" and tokens:
            box.bold = (tokens[0].type == "ident" and tokens[0].lower_value in ("bold", "bolder")) or (
                tokens[0].type == "number" and tokens[0].value >= 600
            )
        elif prop == "font-style" and tokens:
            box.italic = tokens[0].type == "ident" and tokens[0].lower_value in ("italic", "oblique")
    return box if box.parts else None


def fit_to_options(setup: PageSetup, options: PageOptions) -> PageSetup:
    """The request's page size, orientation and margins over the document's, with margins that leave no
    room for content scaled down rather than refused."""
    size = setup.size
    if options.page_size is not None:
        size = options.page_size
    if options.orientation is not None:
        size = options.oriented(size)
    margins = options.margin if options.margin is not None else setup.margins
    w, h = size
    t, r, b, left = (max(0.0, m) for m in margins)
    if left + r > w - 36:
        scale = (w - 36) / (left + r)
        left, r = left * scale, r * scale
    if t + b > h - 36:
        scale = (h - 36) / (t + b)
        t, b = t * scale, b * scale
    return replace(setup, size=size, margins=(t, r, b, left))
