"""Request options shared by every renderer: page size, orientation, margins, header/footer, metadata.

Parsed and validated once, in the web process, so a bad value is a 400 naming the option
before any worker is busy with it; renderers receive plain numbers in PostScript points.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pdflet.errors import InvalidRequest

PT_PER_UNIT: dict[str, float] = {
    "pt": 1.0,
    "px": 0.75,
    "pc": 12.0,
    "in": 72.0,
    "cm": 72.0 / 2.54,
    "mm": 72.0 / 25.4,
    "q": 72.0 / 101.6,
}

_MM = 72.0 / 25.4


def _iso(series: str, n: int) -> tuple[float, float]:
    # ISO 216: A0 is 841 x 1189 mm, B0 1000 x 1414 mm; each step halves the long side (rounded down).
    w, h = {"a": (841, 1189), "b": (1000, 1414), "c": (917, 1297)}[series]
    for _ in range(n):
        w, h = h // 2, w
    return (w * _MM, h * _MM)


PAGE_SIZES: dict[str, tuple[float, float]] = {
    **{f"a{n}": _iso("a", n) for n in range(11)},
    **{f"b{n}": _iso("b", n) for n in range(11)},
    **{f"c{n}": _iso("c", n) for n in range(11)},
    "letter": (612.0, 792.0),
    "legal": (612.0, 1008.0),
    "tabloid": (792.0, 1224.0),
    "ledger": (1224.0, 792.0),
    "executive": (522.0, 756.0),
}

MAX_PAGE_PT = 14400.0  # 200 inches, the PDF 1.x user-unit limit
MIN_PAGE_PT = 36.0  # half an inch: below this nothing useful fits
ORIENTATIONS = ("portrait", "landscape")
TEXT_OPTIONS = ("header_html", "footer_html", "title", "author", "subject", "keywords")
KNOWN_OPTIONS = ("page_size", "orientation", "margin", *TEXT_OPTIONS)

_LENGTH = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+))([a-z]*)$")
_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_text(text: str) -> str:
    """``text`` with lone surrogates (which JSON escapes can carry) replaced by U+FFFD.

    Such a string is not Unicode text: it cannot be encoded as UTF-8, so a renderer writing
    it into PDF metadata or a page would fail on it.
    """
    return _SURROGATE.sub("\ufffd", text)


@dataclass(frozen=True)
class PageOptions:
    """Validated options; ``None`` means "not given" so the document's ``@page`` may decide."""

    page_size: tuple[float, float] | None = None
    orientation: str | None = None
    margin: tuple[float, float, float, float] | None = None  # top, right, bottom, left
    header_html: str | None = None
    footer_html: str | None = None
    title: str | None = None
    author: str | None = None
    subject: str | None = None
    keywords: str | None = None
    media: str = "print"  # the CSS medium; ``screen`` only through Gotenberg's emulatedMediaType

    def oriented(self, size: tuple[float, float]) -> tuple[float, float]:
        """Apply ``orientation`` to a (width, height) pair."""
        w, h = size
        if self.orientation == "landscape":
            return (max(w, h), min(w, h))
        if self.orientation == "portrait":
            return (min(w, h), max(w, h))
        return size


def parse_length(text: str, *, option: str) -> float:
    """A CSS absolute length (``20mm``, ``1in``, ``0``) in points, or a 400 naming ``option``."""
    match = _LENGTH.match(text.strip().lower())
    if not match:
        raise InvalidRequest(f"options.{option}: {text!r} is not a length such as '20mm' or '1in'.")
    number, unit = float(match.group(1)), match.group(2)
    if unit == "" and number == 0:
        return 0.0
    if unit not in PT_PER_UNIT:
        raise InvalidRequest(
            f"options.{option}: unit {unit or '(none)'!r} is not one of {', '.join(sorted(PT_PER_UNIT))}."
        )
    value = number * PT_PER_UNIT[unit]
    if not math.isfinite(value):
        raise InvalidRequest(f"options.{option}: {text!r} is not a finite length.")
    return value


def parse_page_size(value: Any) -> tuple[float, float]:
    """``"A4"``, ``"letter"`` or ``"210mm 297mm"`` (one length makes a square) in points."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidRequest("options.page_size must be a name such as 'A4' or two lengths such as '210mm 297mm'.")
    text = value.strip().lower()
    if text in PAGE_SIZES:
        return PAGE_SIZES[text]
    parts = text.split()
    if len(parts) not in (1, 2) or parts[0] in PAGE_SIZES or (len(parts) == 1 and parts[0][:1].isalpha()):
        names = ", ".join(n.upper() if n[0] in "abc" and n[1:].isdigit() else n.title() for n in PAGE_SIZES)
        raise InvalidRequest(f"options.page_size: {value!r} is not a known size ({names}) or two lengths.")
    lengths = [parse_length(p, option="page_size") for p in parts]
    width, height = lengths[0], lengths[-1]
    for side in (width, height):
        if not MIN_PAGE_PT <= side <= MAX_PAGE_PT:
            raise InvalidRequest(
                f"options.page_size: each side must be between {MIN_PAGE_PT:g}pt and {MAX_PAGE_PT:g}pt."
            )
    return (width, height)


def parse_margin(value: Any) -> tuple[float, float, float, float]:
    """CSS margin shorthand (1 to 4 lengths) as (top, right, bottom, left) points."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = f"{value}px" if value else "0"
    if not isinstance(value, str) or not value.strip():
        raise InvalidRequest("options.margin must be CSS shorthand such as '20mm' or '1in 0.75in'.")
    parts = [parse_length(p, option="margin") for p in value.split()]
    if len(parts) > 4:
        raise InvalidRequest("options.margin takes one to four lengths.")
    if any(p < 0 or p > MAX_PAGE_PT / 2 for p in parts):
        raise InvalidRequest("options.margin: margins must be positive and smaller than the page.")
    top = parts[0]
    right = parts[1] if len(parts) > 1 else top
    bottom = parts[2] if len(parts) > 2 else top
    left = parts[3] if len(parts) > 3 else right
    return (top, right, bottom, left)


def parse_options(raw: Any, plugin_options: Mapping[str, str] | None = None) -> tuple[PageOptions, dict[str, Any]]:
    """Validate the request's ``options`` object.

    Args:
        raw: the JSON value of ``options`` (``None`` when absent).
        plugin_options: option names contributed by installed plugins, mapped to the
            plugin that owns them; they are passed through untouched for that plugin.

    Returns:
        The core options, and a dict of the plugin-owned options that were present.

    Raises:
        InvalidRequest: an unknown option (named, so typos never pass silently) or a bad value.
    """
    if raw is None:
        return PageOptions(), {}
    if not isinstance(raw, Mapping):
        raise InvalidRequest("options must be a JSON object.")
    plugin_options = plugin_options or {}
    unknown = sorted(k for k in raw if k not in KNOWN_OPTIONS and k not in plugin_options)
    if unknown:
        known = ", ".join(sorted([*KNOWN_OPTIONS, *plugin_options]))
        raise InvalidRequest(f"Unknown option(s): {', '.join(map(repr, unknown))}. Known: {known}.")
    values: dict[str, Any] = {}
    if raw.get("page_size") is not None:
        values["page_size"] = parse_page_size(raw["page_size"])
    if raw.get("orientation") is not None:
        orientation = raw["orientation"]
        if not isinstance(orientation, str) or orientation.lower() not in ORIENTATIONS:
            raise InvalidRequest("options.orientation must be 'portrait' or 'landscape'.")
        values["orientation"] = orientation.lower()
    if raw.get("margin") is not None:
        values["margin"] = parse_margin(raw["margin"])
    for name in TEXT_OPTIONS:
        if raw.get(name) is not None:
            if not isinstance(raw[name], str):
                raise InvalidRequest(f"options.{name} must be a string.")
            values[name] = valid_text(raw[name])
    extra = {k: v for k, v in raw.items() if k in plugin_options}
    return PageOptions(**values), extra
