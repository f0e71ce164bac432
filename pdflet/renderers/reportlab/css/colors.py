"""CSS Color 4/5 beyond rgb()/hsl(): ``lab()``, ``lch()``, ``oklab()``, ``oklch()``, ``hwb()``, ``color()``
and ``color-mix()``, all reduced to sRGB (r, g, b, a) in 0..1 for the PDF.

tinycss2's ``color4`` module parses the syntaxes and converts Lab/LCH to XYZ-D50 and OKLab/OKLCH to
XYZ-D65; what it lacks (XYZ → sRGB, sRGB → OKLab for mixing, ``color-mix()`` itself) is written here with
the matrices of CSS Color 4 §10. Out-of-gamut colours are clipped per channel, as print does.
"""

from __future__ import annotations

import colorsys
import math
from collections.abc import Callable
from typing import Any

from tinycss2 import color4

Rgba = tuple[float, float, float, float]
Matrix = tuple[tuple[float, float, float], ...]

_XYZ65_TO_LINEAR: Matrix = (
    (3.2409699419045226, -1.537383177570094, -0.4986107602930034),
    (-0.9692436362808796, 1.8759675015077202, 0.04155505740717559),
    (0.05563007969699366, -0.20397695888897652, 1.0569715142428786),
)
_LINEAR_TO_XYZ65: Matrix = (
    (0.41239079926595934, 0.357584339383878, 0.1804807884018343),
    (0.21263900587151027, 0.715168678767756, 0.07219231536073371),
    (0.01933081871559182, 0.11919477979462598, 0.9505321522496607),
)
_D50_TO_D65: Matrix = (
    (0.955473421488075, -0.02309845494876471, 0.06325924320057072),
    (-0.0283697093338637, 1.0099953980813041, 0.021041441191917323),
    (0.012314014864481998, -0.020507649298898964, 1.330365926242124),
)
_D65_TO_D50: Matrix = (
    (1.0479297925449969, 0.022946870601609652, -0.05019226628920524),
    (0.02962780877005599, 0.9904344267538799, -0.017073799063418826),
    (-0.009243040646204504, 0.015055191490298152, 0.7518742814281371),
)
_LINEAR_TO_LMS: Matrix = (
    (0.4122214708, 0.5363325363, 0.0514459929),
    (0.2119034982, 0.6806995451, 0.1073969566),
    (0.0883024619, 0.2817188376, 0.6299787005),
)
_LMS_TO_OKLAB: Matrix = (
    (0.2104542553, 0.7936177850, -0.0040720468),
    (1.9779984951, -2.4285922050, 0.4505937099),
    (0.0259040371, 0.7827717662, -0.8086757660),
)
_OKLAB_TO_LMS: Matrix = (
    (1.0, 0.3963377774, 0.2158037573),
    (1.0, -0.1055613458, -0.0638541728),
    (1.0, -0.0894841775, -1.2914855480),
)
_LMS_TO_LINEAR: Matrix = (
    (4.0767416621, -3.3077115913, 0.2309699292),
    (-1.2684380046, 2.6097574011, -0.3413193965),
    (-0.0041960863, -0.7034186147, 1.7076147010),
)
MIX_SPACES = frozenset({"srgb", "srgb-linear", "oklab", "oklch", "lab", "lch", "hsl", "hwb", "xyz", "xyz-d65"})
_POLAR = {"oklch": 2, "lch": 2, "hsl": 0, "hwb": 0}  # index of the hue


def _apply(matrix: Matrix, vector: tuple[float, float, float]) -> tuple[float, float, float]:
    a, b, c = vector
    return tuple(row[0] * a + row[1] * b + row[2] * c for row in matrix)  # type: ignore[return-value]


def _gamma(channel: float) -> float:
    sign = -1.0 if channel < 0 else 1.0
    channel = abs(channel)
    value = 1.055 * channel ** (1 / 2.4) - 0.055 if channel > 0.0031308 else 12.92 * channel
    return sign * value


def _linear(channel: float) -> float:
    sign = -1.0 if channel < 0 else 1.0
    channel = abs(channel)
    return sign * (((channel + 0.055) / 1.055) ** 2.4 if channel > 0.04045 else channel / 12.92)


def _clip(value: float) -> float:
    return 0.0 if not math.isfinite(value) or value < 0 else 1.0 if value > 1 else value


def _from_linear(rgb: tuple[float, float, float], alpha: float) -> Rgba:
    r, g, b = (_clip(_gamma(c)) for c in rgb)
    return (r, g, b, _clip(alpha))


def _oklab_to_linear(lab: tuple[float, float, float]) -> tuple[float, float, float]:
    lms = _apply(_OKLAB_TO_LMS, lab)
    return _apply(_LMS_TO_LINEAR, (lms[0] ** 3, lms[1] ** 3, lms[2] ** 3))


def _linear_to_oklab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    lms = _apply(_LINEAR_TO_LMS, rgb)
    return _apply(_LMS_TO_OKLAB, tuple(math.copysign(abs(c) ** (1 / 3), c) for c in lms))  # type: ignore[arg-type]


def to_srgb(color: Any) -> Rgba | None:
    """A tinycss2 ``Color`` in any space as clipped sRGB."""
    space = color.space
    coords = tuple(c or 0.0 for c in color.coordinates)
    alpha = color.alpha
    if space == "srgb":
        return (_clip(coords[0]), _clip(coords[1]), _clip(coords[2]), _clip(alpha))
    if space in ("hsl", "hwb"):
        return to_srgb(color.to("srgb"))
    if space == "srgb-linear":
        return _from_linear(coords, alpha)  # type: ignore[arg-type]
    if space in ("oklab", "oklch"):
        lab = coords if space == "oklab" else _from_polar(coords)
        return _from_linear(_oklab_to_linear(lab), alpha)  # type: ignore[arg-type]
    if space in ("lab", "lch", "xyz-d50"):
        xyz = coords if space == "xyz-d50" else color.to("xyz-d50").coordinates
        return _from_linear(_apply(_XYZ65_TO_LINEAR, _apply(_D50_TO_D65, xyz)), alpha)
    if space in ("xyz", "xyz-d65"):
        return _from_linear(_apply(_XYZ65_TO_LINEAR, coords), alpha)  # type: ignore[arg-type]
    return (_clip(coords[0]), _clip(coords[1]), _clip(coords[2]), _clip(alpha))  # wide gamuts: as sRGB


def _from_polar(lch: tuple[float, ...]) -> tuple[float, float, float]:
    hue = math.radians(lch[2])
    return (lch[0], lch[1] * math.cos(hue), lch[1] * math.sin(hue))


def _to_polar(lab: tuple[float, float, float]) -> tuple[float, float, float]:
    return (lab[0], math.hypot(lab[1], lab[2]), math.degrees(math.atan2(lab[2], lab[1])) % 360.0)


def parse_modern(token: Any) -> Rgba | None:
    """A colour function tinycss2 understands (``oklch()``, ``lab()``, ``rgb(r g b / a)``...) as sRGB."""
    color = color4.parse_color(token)
    if color is None or isinstance(color, str):
        return None
    return to_srgb(color)


def _into(space: str, rgba: Rgba) -> tuple[float, float, float]:
    """sRGB into a mixing space's coordinates."""
    rgb = rgba[:3]
    if space == "srgb":
        return rgb  # type: ignore[return-value]
    if space == "hsl":
        h, lightness, s = colorsys.rgb_to_hls(*rgb)
        return (h * 360.0, s, lightness)
    if space == "hwb":
        h, _, _ = colorsys.rgb_to_hls(*rgb)
        return (h * 360.0, min(rgb), 1.0 - max(rgb))
    linear = tuple(_linear(c) for c in rgb)
    if space == "srgb-linear":
        return linear  # type: ignore[return-value]
    if space in ("oklab", "oklch"):
        lab = _linear_to_oklab(linear)  # type: ignore[arg-type]
        return lab if space == "oklab" else _to_polar(lab)
    xyz = _apply(_LINEAR_TO_XYZ65, linear)  # type: ignore[arg-type]
    if space in ("xyz", "xyz-d65"):
        return xyz
    lab = color4.Color("xyz-d50", _apply(_D65_TO_D50, xyz), 1.0).to("lab").coordinates
    return lab if space == "lab" else _to_polar(lab)  # type: ignore[return-value]


def _out_of(space: str, coords: tuple[float, float, float], alpha: float) -> Rgba:
    if space == "srgb":
        return (_clip(coords[0]), _clip(coords[1]), _clip(coords[2]), _clip(alpha))
    if space == "hsl":
        r, g, b = colorsys.hls_to_rgb((coords[0] % 360.0) / 360.0, _clip(coords[2]), _clip(coords[1]))
        return (r, g, b, _clip(alpha))
    if space == "hwb":
        white, black = _clip(coords[1]), _clip(coords[2])
        if white + black >= 1:
            grey = white / (white + black)
            return (grey, grey, grey, _clip(alpha))
        pure = colorsys.hls_to_rgb((coords[0] % 360.0) / 360.0, 0.5, 1.0)
        r, g, b = (c * (1 - white - black) + white for c in pure)
        return (r, g, b, _clip(alpha))
    if space == "srgb-linear":
        return _from_linear(coords, alpha)
    if space in ("oklab", "oklch"):
        lab = coords if space == "oklab" else _from_polar(coords)
        return _from_linear(_oklab_to_linear(lab), alpha)
    if space in ("xyz", "xyz-d65"):
        return _from_linear(_apply(_XYZ65_TO_LINEAR, coords), alpha)
    lab = coords if space == "lab" else _from_polar(coords)
    return to_srgb(color4.Color("lab", lab, alpha)) or (0.0, 0.0, 0.0, 0.0)


def color_mix(token: Any, parse: Callable[[Any], Rgba | None]) -> Rgba | None:
    """``color-mix(in <space>, <color> [<p>], <color> [<p>])`` (CSS Color 5 §2), premultiplied by alpha.

    ``parse`` reads each colour argument (names, ``var()``-free tokens, nested ``color-mix()``...).
    """
    parts: list[list[Any]] = [[]]
    for item in token.arguments:
        if item.type in ("whitespace", "comment"):
            continue
        if item.type == "literal" and item.value == ",":
            parts.append([])
        else:
            parts[-1].append(item)
    if len(parts) != 3 or len(parts[0]) < 2 or parts[0][0].type != "ident" or parts[0][0].lower_value != "in":
        return None
    space = parts[0][1].lower_value if parts[0][1].type == "ident" else ""
    space = space if space in MIX_SPACES else ""
    if not space:
        return None
    colors = []
    for part in parts[1:]:
        percents = [t for t in part if t.type == "percentage"]
        others = [t for t in part if t.type != "percentage"]
        if len(others) != 1 or len(percents) > 1:
            return None
        rgba = parse(others[0])
        if rgba is None:
            return None
        colors.append((rgba, percents[0].value / 100.0 if percents else None))
    return _mix(space, colors[0], colors[1])


def _mix(space: str, first: tuple[Rgba, float | None], second: tuple[Rgba, float | None]) -> Rgba | None:
    (c1, p1), (c2, p2) = first, second
    if p1 is None and p2 is None:
        p1 = p2 = 0.5
    elif p1 is None:
        p1 = 1.0 - p2  # type: ignore[operator]
    elif p2 is None:
        p2 = 1.0 - p1
    assert p1 is not None and p2 is not None
    if p1 < 0 or p2 < 0 or p1 > 1 or p2 > 1 or p1 + p2 <= 0:
        return None
    scale = min(1.0, p1 + p2)
    p1, p2 = p1 / (p1 + p2), p2 / (p1 + p2)
    a1, a2 = c1[3], c2[3]
    x1, x2 = _into(space, c1), _into(space, c2)
    hue = _POLAR.get(space)
    if hue is not None:
        h1, h2 = x1[hue], x2[hue]
        if a1 == 0 or (space in ("oklch", "lch") and x1[1] < 1e-6):
            h1 = h2
        if a2 == 0 or (space in ("oklch", "lch") and x2[1] < 1e-6):
            h2 = h1
        if h2 - h1 > 180:
            h1 += 360.0
        elif h2 - h1 < -180:
            h2 += 360.0
    alpha = a1 * p1 + a2 * p2
    coords = []
    for index in range(3):
        if index == hue:
            coords.append(h1 * p1 + h2 * p2)
        elif alpha == 0:
            coords.append(x1[index] * p1 + x2[index] * p2)
        else:
            coords.append((x1[index] * a1 * p1 + x2[index] * a2 * p2) / alpha)
    return _out_of(space, (coords[0], coords[1], coords[2]), alpha * scale)
