"""Types of the most-used computed values, for code that wants them checked.

A computed style stays a plain ``dict`` read as ``style["font-size"]``; :func:`typed` gives the same dict
under the :data:`Computed` type, so a type checker knows ``font-size`` is points and ``width`` a length,
a percentage or ``"auto"``. The registry's initial values are tested against these types.
"""

from __future__ import annotations

from typing import Any, TypedDict, cast

Color = tuple[float, float, float, float]  # r, g, b, a in 0..1
Percent = tuple[str, float]  # ("%", n): resolved against the containing block later
LengthPercent = float | Percent  # a float is points
Sized = float | Percent | str  # and a keyword ("auto", "none")

Computed = TypedDict(
    "Computed",
    {
        "display": str,
        "position": str,
        "float": str,
        "color": Color,
        "background-color": Color,
        "font-family": tuple[str, ...],
        "font-size": float,
        "font-weight": int,
        "font-style": str,
        "line-height": tuple[str, float],
        "text-align": str,
        "text-indent": LengthPercent,
        "letter-spacing": float,
        "white-space": str,
        "width": Sized,
        "height": Sized,
        "min-width": Sized,
        "max-width": Sized,
        "min-height": Sized,
        "max-height": Sized,
        "margin-top": Sized,
        "margin-right": Sized,
        "margin-bottom": Sized,
        "margin-left": Sized,
        "padding-top": LengthPercent,
        "padding-right": LengthPercent,
        "padding-bottom": LengthPercent,
        "padding-left": LengthPercent,
        "border-top-width": float,
        "border-right-width": float,
        "border-bottom-width": float,
        "border-left-width": float,
        "border-top-style": str,
        "border-right-style": str,
        "border-bottom-style": str,
        "border-left-style": str,
        "box-sizing": str,
        "content": tuple[tuple[str, ...], ...] | None,
        "quotes": tuple[tuple[str, str], ...] | str,
    },
    total=False,
)


def typed(style: dict[str, Any]) -> Computed:
    """The same computed style, typed (no copy)."""
    return cast(Computed, style)
