"""Properties of CSS Multi-column Layout 1: ``column-count``, ``column-width``, ``column-gap`` (``normal`` is
1em here, 0 in flex and grid), ``column-rule-*``, ``column-span``, ``column-fill``, the ``columns`` and
``column-rule`` shorthands, and the ``column`` values of ``break-before``/``break-after``. ``properties``
merges these tables into its own (as it does with ``paged``); the layout is ``layout/columns.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tinycss2.ast import IdentToken

from pdflet.renderers.reportlab.css.props_box import BORDER_STYLES, BORDER_WIDTH_KEYWORDS
from pdflet.renderers.reportlab.css.shorthands import border_parts
from pdflet.renderers.reportlab.css.values import clamp, length_or_percent, length_pt, parse_color

Tokens = list[Any]
Ctx = Any
Compute = Callable[[Tokens, Ctx], Any]

MAX_COUNT = 1_000_000  # computed cap (an integer of sane size); the layout caps the used count (layout/columns.py)
RULE_STYLES = BORDER_STYLES  # a column rule takes a border's styles and widths
RULE_WIDTHS = BORDER_WIDTH_KEYWORDS


def _word(tokens: Tokens) -> str | None:
    if len(tokens) == 1 and tokens[0].type == "ident":
        return str(tokens[0].lower_value)
    return None


def _count(tokens: Tokens, ctx: Ctx) -> Any:
    """``column-count``: ``auto`` or a positive integer (capped: see :data:`MAX_COUNT`)."""
    if _word(tokens) == "auto":
        return "auto"
    if len(tokens) == 1 and tokens[0].type == "number" and tokens[0].is_integer and tokens[0].value >= 1:
        return min(int(tokens[0].value), MAX_COUNT)
    return None


def _keyword_or_size(tokens: Tokens, ctx: Ctx, keyword: str, parse: Callable[..., Any]) -> Any:
    """``keyword``, or one non-negative size as ``parse`` reads it (a length, or ``("%", n)``); else None."""
    if _word(tokens) == keyword:
        return keyword
    if len(tokens) != 1:
        return None
    value = parse(tokens[0], ctx[0]["font-size"], ctx[2])
    if value is None or (value[1] if isinstance(value, tuple) else value) < 0:
        return None
    return value


def _width(tokens: Tokens, ctx: Ctx) -> Any:
    """``column-width``: ``auto`` or a non-negative length (no percentages)."""
    value = _keyword_or_size(tokens, ctx, "auto", length_pt)
    return value if value is None or value == "auto" else clamp(value, 0.0, 1e6)


def _gap(tokens: Tokens, ctx: Ctx) -> Any:
    """``column-gap``: kept as ``normal`` (1em in columns, 0 in flex and grid, where ``resolve`` makes it 0)."""
    return _keyword_or_size(tokens, ctx, "normal", length_or_percent)


def _rule_width(tokens: Tokens, ctx: Ctx) -> Any:
    word = _word(tokens)
    if word in RULE_WIDTHS:
        return RULE_WIDTHS[word]
    value = length_pt(tokens[0], ctx[0]["font-size"], ctx[2]) if len(tokens) == 1 else None
    return None if value is None or value < 0 else clamp(value, 0.0, 500.0)


def _rule_style(tokens: Tokens, ctx: Ctx) -> Any:
    word = _word(tokens)
    return word if word in RULE_STYLES else None


def _rule_color(tokens: Tokens, ctx: Ctx) -> Any:
    if _word(tokens) == "currentcolor":
        return "currentcolor"
    return parse_color(tokens[0], ctx[0]["color"]) if len(tokens) == 1 else None


def _choice(*words: str) -> Compute:
    def compute(tokens: Tokens, ctx: Ctx) -> Any:
        word = _word(tokens)
        return word if word in words else None

    return compute


def _with_column(compute: Compute | None) -> Compute:
    """``break-before``/``-after`` as before, plus ``column`` (a forced column break; no break outside
    columns) and ``avoid-column`` (read as ``avoid``)."""

    def with_column(tokens: Tokens, ctx: Ctx) -> Any:
        word = _word(tokens)
        if word == "column":
            return "column"
        if word == "avoid-column":
            return "avoid"  # inside columns as everywhere (outside them it also keeps the box on one page)
        return compute(tokens, ctx) if compute is not None else None

    return with_column


MULTICOL_INITIAL: dict[str, Any] = {
    "column-count": "auto",
    "column-width": "auto",
    "column-gap": "normal",
    "column-rule-width": RULE_WIDTHS["medium"],
    "column-rule-style": "none",
    "column-rule-color": "currentcolor",
    "column-span": "none",
    "column-fill": "balance",
}


def multicol_compute(existing: dict[str, Compute]) -> dict[str, Compute]:
    """The compute functions to merge into ``existing`` (whose break functions gain the column values)."""
    return {
        "column-count": _count,
        "column-width": _width,
        "column-gap": _gap,
        "column-rule-width": _rule_width,
        "column-rule-style": _rule_style,
        "column-rule-color": _rule_color,
        "column-span": _choice("none", "all"),
        "column-fill": _choice("balance", "auto", "balance-all"),
        "break-before": _with_column(existing.get("break-before")),
        "break-after": _with_column(existing.get("break-after")),
        "break-inside": _with_column(existing.get("break-inside")),
    }


def _auto() -> Any:
    return IdentToken(0, 0, "auto")


def _columns(tokens: Tokens) -> list[tuple[str, Tokens]] | None:
    """``columns: <column-width> || <column-count>`` (either may be ``auto``)."""
    if not 1 <= len(tokens) <= 2:
        return None
    width: Tokens = []
    count: Tokens = []
    autos = 0
    for token in tokens:
        if token.type == "ident" and token.lower_value == "auto":
            autos += 1
        elif token.type == "number" and not count:
            count = [token]
        elif token.type in ("dimension", "function") and not width:
            width = [token]
        else:
            return None
    return [("column-width", width or [_auto()]), ("column-count", count or [_auto()])]


def _column_rule(tokens: Tokens) -> list[tuple[str, Tokens]] | None:
    """``column-rule: <width> || <style> || <color>``."""
    parts = border_parts(tokens) if tokens else None
    if parts is None:
        return None
    width, style, color = parts
    return [
        ("column-rule-width", width or [IdentToken(0, 0, "medium")]),
        ("column-rule-style", style or [IdentToken(0, 0, "none")]),
        ("column-rule-color", color or [IdentToken(0, 0, "currentcolor")]),
    ]


MULTICOL_SHORTHANDS = {"columns": _columns, "column-rule": _column_rule}
