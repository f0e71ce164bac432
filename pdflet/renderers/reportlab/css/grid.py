"""Grid values: ``grid-template-columns`` track lists and ``grid-column`` spans, as plain tuples.

A track is ``("len", pt)``, ``("%", n)``, ``("fr", n)``, ``("auto",)`` or ``("minmax", low, high)``;
``repeat(n, ...)`` is expanded here (at most :data:`MAX_TRACKS`), ``repeat(auto-fill|auto-fit, ...)``
stays ``("fill", tracks)`` because its count depends on the width the layout finds.
"""

from __future__ import annotations

from typing import Any

from pdflet.renderers.reportlab.css.values import length_or_percent, significant

MAX_TRACKS = 64


def _track(token: Any, font_size: float, root: float) -> tuple[Any, ...] | None:
    if token.type == "dimension" and token.lower_unit == "fr":
        return ("fr", max(0.0, min(float(token.value), 1000.0))) if token.value >= 0 else None
    if token.type == "ident" and token.lower_value in ("auto", "min-content", "max-content"):
        return ("auto",)
    if token.type == "function" and token.lower_name == "minmax":
        parts = [t for t in significant(token.arguments) if not (t.type == "literal" and t.value == ",")]
        if len(parts) != 2:
            return None
        low, high = _track(parts[0], font_size, root), _track(parts[1], font_size, root)
        if low is None or high is None or low[0] == "fr":
            return None
        return ("minmax", low, high)
    if token.type == "function" and token.lower_name == "fit-content":
        return ("auto",)
    value = length_or_percent(token, font_size, root)
    if value is None or (value[1] < 0 if isinstance(value, tuple) else value < 0):
        return None
    return value if isinstance(value, tuple) else ("len", value)


def _repeat(token: Any, font_size: float, root: float) -> list[tuple[Any, ...]] | tuple[Any, ...] | None:
    args = significant(token.arguments)
    if len(args) < 3 or not (args[1].type == "literal" and args[1].value == ","):
        return None
    tracks = [_track(t, font_size, root) for t in args[2:]]
    if not tracks or any(t is None for t in tracks):
        return None
    count = args[0]
    if count.type == "ident" and count.lower_value in ("auto-fill", "auto-fit"):
        return ("fill", tuple(tracks))
    if count.type == "number" and count.is_integer and count.value >= 1:
        return list(tracks) * min(int(count.value), MAX_TRACKS)  # type: ignore[operator]
    return None


def template_columns(tokens: list[Any], ctx: tuple[Any, Any, float]) -> Any:
    """``grid-template-columns``: a tuple of tracks, ``"none"``, or None when invalid."""
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value == "none":
        return "none"
    font_size, root = ctx[0]["font-size"], ctx[2]
    tracks: list[Any] = []
    for token in tokens:
        if token.type == "[] block":  # line names
            continue
        if token.type == "function" and token.lower_name == "repeat":
            repeated = _repeat(token, font_size, root)
            if repeated is None:
                return None
            if isinstance(repeated, tuple):
                tracks.append(repeated)
            else:
                tracks.extend(repeated)
            continue
        track = _track(token, font_size, root)
        if track is None:
            return None
        tracks.append(track)
    if not tracks or len(tracks) > MAX_TRACKS:
        return None
    return tuple(tracks)


def _span_words(words: list[Any]) -> int | None:
    if len(words) != 2 or words[0].type != "ident" or words[0].lower_value != "span":
        return None
    count = words[1]
    if count.type == "number" and count.is_integer and count.value >= 1:
        return min(int(count.value), MAX_TRACKS)
    return None


def column_span(tokens: list[Any], ctx: Any) -> Any:
    """``grid-column``: how many tracks an item spans — ``span N``, ``a / b``, ``a / span N``, or ``-1`` for
    ``1 / -1`` (the whole row). Where it starts is left to auto-placement."""
    words = [t for t in tokens if t.type != "whitespace"]
    if len(words) == 1 and words[0].type in ("ident", "number"):
        return 1 if words[0].type == "number" or words[0].lower_value == "auto" else None
    if not any(t.type == "literal" and t.value == "/" for t in words):
        return _span_words(words)
    slash = next(i for i, t in enumerate(words) if t.type == "literal" and t.value == "/")
    start, end = words[:slash], words[slash + 1 :]
    if len(end) == 2:
        return _span_words(end)
    if len(start) == 1 and len(end) == 1 and start[0].type == "number" and end[0].type == "number":
        if end[0].value < 0:
            return -1
        return max(1, min(int(end[0].value - start[0].value), MAX_TRACKS))
    return None
