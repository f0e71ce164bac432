"""List marker and counter text for every ``list-style-type`` we support."""

from __future__ import annotations

from pdflet.renderers.reportlab.css.counter_styles import predefined

_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
_GREEK = "αβγδεζηθικλμνξοπρστυφχψω"


def _alpha(number: int, letters: str) -> str:
    if number < 1:
        return str(number)
    out = ""
    while number > 0:
        number -= 1
        out = letters[number % len(letters)] + out
        number //= len(letters)
    return out


def _roman(number: int) -> str:
    if not 0 < number < 4000:
        return str(number)
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


#: Symbolic styles (CSS Counter Styles 3): the same symbol for every item, and no "." after it. The disclosure
#: triangles mark a ``<summary>``: closed points right, open points down.
SYMBOLS = {"disclosure-closed": "\u25b8", "disclosure-open": "\u25be"}


def marker_text(kind: str, number: int) -> str:
    """The marker of item ``number`` ("3.", "c.", "iv." ...), suffix included."""
    if kind in SYMBOLS:
        return SYMBOLS[kind]
    return counter_text(kind, number) + "."


def counter_text(kind: str, number: int) -> str:
    """``number`` written in the ``list-style-type`` ``kind`` ("3", "c", "iv" ...): list markers and ``counter()``."""
    if kind == "decimal-leading-zero":
        return f"{number:02d}" if number >= 0 else f"-{-number:02d}"
    if kind in ("lower-alpha", "lower-latin"):
        return _alpha(number, "abcdefghijklmnopqrstuvwxyz")
    if kind in ("upper-alpha", "upper-latin"):
        return _alpha(number, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if kind == "lower-roman":
        return _roman(number)
    if kind == "upper-roman":
        return _roman(number).upper()
    if kind == "lower-greek":
        return _alpha(number, _GREEK)
    if kind == "none":
        return ""
    if kind in SYMBOLS:
        return SYMBOLS[kind]
    return predefined(kind, number) or str(number)
