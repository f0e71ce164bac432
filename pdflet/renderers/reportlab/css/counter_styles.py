"""The predefined counter styles of CSS Counter Styles 3 beyond the Latin, Roman and Greek ones: the numeric
digit sets of other scripts (``devanagari``, ``thai``, ``cjk-decimal``…) and the additive Armenian and
Georgian numbering. List markers and ``counter()`` both write numbers through :func:`predefined`.
"""

from __future__ import annotations

#: Numeric systems: the code point of each script's digit zero (its digits follow in order).
_DIGIT_ZERO = {
    "arabic-indic": 0x660,
    "persian": 0x6F0,
    "devanagari": 0x966,
    "bengali": 0x9E6,
    "gurmukhi": 0xA66,
    "gujarati": 0xAE6,
    "oriya": 0xB66,
    "telugu": 0xC66,
    "kannada": 0xCE6,
    "malayalam": 0xD66,
    "thai": 0xE50,
    "lao": 0xED0,
    "tibetan": 0xF20,
    "myanmar": 0x1040,
    "khmer": 0x17E0,
    "cambodian": 0x17E0,
    "mongolian": 0x1810,
}
_CJK_DIGITS = "\u3007\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d"
_GEORGIAN = (
    (10000, 0x10F5),
    (9000, 0x10F0),
    (8000, 0x10EF),
    (7000, 0x10F4),
    (6000, 0x10EE),
    (5000, 0x10ED),
    (4000, 0x10EC),
    (3000, 0x10EB),
    (2000, 0x10EA),
    (1000, 0x10E9),
    (900, 0x10E8),
    (800, 0x10E7),
    (700, 0x10E6),
    (600, 0x10E5),
    (500, 0x10E4),
    (400, 0x10F3),
    (300, 0x10E2),
    (200, 0x10E1),
    (100, 0x10E0),
    (90, 0x10DF),
    (80, 0x10DE),
    (70, 0x10DD),
    (60, 0x10F2),
    (50, 0x10DC),
    (40, 0x10DB),
    (30, 0x10DA),
    (20, 0x10D9),
    (10, 0x10D8),
    (9, 0x10D7),
    (8, 0x10F1),
    (7, 0x10D6),
    (6, 0x10D5),
    (5, 0x10D4),
    (4, 0x10D3),
    (3, 0x10D2),
    (2, 0x10D1),
    (1, 0x10D0),
)
#: Armenian: the letters for 1 to 9, the tens, hundreds and thousands follow each other from U+0531 (lower: U+0561).
_ARMENIAN_FIRST = {"armenian": 0x531, "upper-armenian": 0x531, "lower-armenian": 0x561}
NAMES = frozenset({*_DIGIT_ZERO, "cjk-decimal", "georgian", *_ARMENIAN_FIRST})


def _numeric(number: int, digits: str) -> str:
    text = "".join(digits[int(d)] for d in str(abs(number)))
    return "-" + text if number < 0 else text


def _georgian(number: int) -> str | None:
    if not 1 <= number <= 19999:
        return None
    out = []
    for value, code in _GEORGIAN:
        while number >= value:
            out.append(chr(code))
            number -= value
    return "".join(out)


def _armenian(number: int, first: int) -> str | None:
    if not 1 <= number <= 9999:
        return None
    out = []
    for place, offset in ((1000, 27), (100, 18), (10, 9), (1, 0)):
        digit, number = divmod(number, place)
        if digit:
            out.append(chr(first + offset + digit - 1))
    return "".join(out)


def predefined(kind: str, number: int) -> str | None:
    """``number`` in the counter style ``kind``, or ``None`` when the style is not one of these or the number is
    outside its range (the caller then writes it in decimal, as the spec's fallback does)."""
    zero = _DIGIT_ZERO.get(kind)
    if zero is not None:
        return _numeric(number, "".join(chr(zero + d) for d in range(10)))
    if kind == "cjk-decimal":
        return _numeric(number, _CJK_DIGITS) if number >= 0 else None
    if kind == "georgian":
        return _georgian(number)
    first = _ARMENIAN_FIRST.get(kind)
    if first is not None:
        return _armenian(number, first)
    return None
