"""Generated content: the ``content``, ``quotes`` and ``counter-*`` properties, and the text of a
``::before``/``::after`` box made from them.

``content`` computes to parts: ``("text", s)``, ``("attr", name, fallback)``, ``("quote", kind)``,
``("counter", "page"|"pages")``, ``("ctr", name, style)``, ``("ctrs", name, separator, style)`` and the
paged-media parts of ``paged``. Whoever makes the pseudo-element boxes calls :func:`static_text` for a box
whose text is known at once, or, when :func:`needs_walk` says its counters or quote depth matter, lets the
document-order walk of ``counters`` call :func:`walk_text`.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from pdflet.renderers.reportlab.css.paged import cross_reference, string_part
from pdflet.renderers.reportlab.css.registry import Ctx, Group, Property, Tokens
from pdflet.renderers.reportlab.css.values import significant, split_commas
from pdflet.renderers.reportlab.layout.lists import counter_text

#: The quote keywords of ``content`` and the part each computes to.
QUOTE_PARTS = {
    "open-quote": ("quote", "open"),
    "close-quote": ("quote", "close"),
    "no-open-quote": ("quote", "no-open"),
    "no-close-quote": ("quote", "no-close"),
}
#: ``quotes: auto``: English quotation marks, double outside and single inside, as browsers use for ``en``.
AUTO_QUOTES = (("\u201c", "\u201d"), ("\u2018", "\u2019"))
#: Where a quote's depth does not count (page-margin boxes): the outer marks.
QUOTES = {"open-quote": "\u201c", "close-quote": "\u201d", "no-open-quote": "", "no-close-quote": ""}
#: ``counter(name, disc)`` and the other bullet styles show the bullet, not the number.
BULLETS = {"disc": "\u2022", "circle": "\u25e6", "square": "\u25aa"}
MAX_QUOTE_PAIRS = 16
MAX_QUOTE_CHARS = 16
MAX_ATTR_FALLBACK = 200
MAX_COUNTERS = 32  # names per counter-* declaration
MAX_DEPTH = 64  # nested instances shown by counters()
MAX_TEXT = 10_000  # characters of one generated box, however many counters() it repeats


def margin_content(tokens: Tokens, ctx: Ctx) -> Any:
    """``content`` of a page-margin box: strings and the ``page``/``pages`` counters (other parts dropped)."""
    parts = generated_content(tokens, ctx)
    if parts is None:
        return None
    outer = {"open": QUOTES["open-quote"], "close": QUOTES["close-quote"]}
    parts = tuple(("text", outer.get(p[1], "")) if p[0] == "quote" else p for p in parts)
    return tuple(p for p in parts if p[0] in ("text", "counter", "string", "element"))


def counter_part(token: Any) -> tuple[str, ...] | None:
    """``counter(name[, style])`` → ``("ctr", name, style)``; ``counters(name, sep[, style])`` → ``("ctrs",
    name, sep, style)``; the page counters of margin boxes stay ``("counter", "page"|"pages")``."""
    args = [a for a in significant(token.arguments) if not (a.type == "literal" and a.value == ",")]
    if not args or args[0].type != "ident":
        return None
    name = args[0].value
    if name.lower() in ("page", "pages"):
        return ("counter", name.lower())
    if token.lower_name == "counter":
        kind = args[1].lower_value if len(args) > 1 and args[1].type == "ident" else "decimal"
        return ("ctr", name, kind)
    if len(args) < 2 or args[1].type != "string":
        return None
    kind = args[2].lower_value if len(args) > 2 and args[2].type == "ident" else "decimal"
    return ("ctrs", name, args[1].value[:20], kind)


def attr_part(token: Any) -> tuple[str, ...] | None:
    """``attr(name [type], fallback)`` → ``("attr", name, fallback)``: the fallback shows when the attribute is
    missing (``""`` when none is given), as CSS Values 5 defines it for ``content``."""
    groups = split_commas(significant(token.arguments))
    names = [a for a in groups[0] if a.type == "ident"]
    if not names or len(groups) > 2:
        return None
    fallback = ""
    if len(groups) == 2:
        if len(groups[1]) != 1 or groups[1][0].type != "string":
            return None
        fallback = groups[1][0].value[:MAX_ATTR_FALLBACK]
    return ("attr", names[0].value, fallback)


def generated_content(tokens: Tokens, ctx: Ctx) -> Any:
    """``content`` as parts (see the module); ``()`` for ``none``/``normal``, which are valid only alone.

    Images and unknown functions are dropped, so what is left still shows.
    """
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value in ("none", "normal"):
        return ()
    parts: list[tuple[str, ...]] = []
    for token in tokens:
        if token.type == "string":
            parts.append(("text", token.value))
        elif token.type == "function" and token.lower_name in ("counter", "counters"):
            counter = counter_part(token)
            if counter is not None:
                parts.append(counter)
        elif token.type == "function" and token.lower_name == "attr":
            attr = attr_part(token)
            if attr is not None:
                parts.append(attr)
        elif token.type == "function" and token.lower_name in ("target-counter", "leader"):
            part = cross_reference(token)
            if part is not None:
                parts.append(part)
        elif token.type == "function" and token.lower_name in ("string", "element"):
            part = string_part(token)
            if part is not None:
                parts.append(part)
        elif token.type == "ident" and token.lower_value in QUOTE_PARTS:
            parts.append(QUOTE_PARTS[token.lower_value])
        elif token.type == "ident" and token.lower_value in ("none", "normal"):
            return None  # ``none``/``normal`` among other parts: the declaration is invalid
    return tuple(parts)


def quotes(tokens: Tokens, ctx: Ctx) -> Any:
    """``quotes``: ``auto``, ``none`` (``()``) or pairs of strings, outermost first."""
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value in ("auto", "none"):
        return "auto" if tokens[0].lower_value == "auto" else ()
    if not tokens or len(tokens) % 2 or any(t.type != "string" for t in tokens):
        return None
    marks = [t.value[:MAX_QUOTE_CHARS] for t in tokens[: 2 * MAX_QUOTE_PAIRS]]
    return tuple(zip(marks[::2], marks[1::2], strict=True))


def counter_list(default: int) -> Any:
    """A ``compute`` for ``counter-reset``/``-increment``/``-set``: ``((name, value), ...)``, ``()`` for none."""

    def compute(tokens: Tokens, ctx: Ctx) -> Any:
        words = [t for t in tokens if t.type not in ("whitespace", "comment")]
        if len(words) == 1 and words[0].type == "ident" and words[0].lower_value == "none":
            return ()
        pairs: list[tuple[str, int]] = []
        for token in words:
            if token.type == "ident" and token.lower_value not in ("none", "initial", "inherit", "unset"):
                pairs.append((token.value, default))
            elif token.type == "number" and token.is_integer and pairs:
                pairs[-1] = (pairs[-1][0], max(-(10**9), min(token.int_value, 10**9)))
            else:
                return None
        return tuple(pairs[:MAX_COUNTERS]) or None

    return compute


def needs_walk(parts: tuple[Any, ...]) -> bool:
    """Whether a box's text depends on counters or on the quote depth (known only in document order)."""
    return any(part[0] in ("ctr", "ctrs", "quote") for part in parts)


def _attr(part: tuple[str, ...], owner: Element) -> str:
    value = owner.get(part[1])
    return value if value is not None else (part[2] if len(part) > 2 else "")


def static_text(parts: tuple[Any, ...], owner: Element) -> str:
    """The text of parts that need no walk: strings and ``attr()`` of the element owning the box."""
    return "".join(part[1] if part[0] == "text" else _attr(part, owner) if part[0] == "attr" else "" for part in parts)


def counter_string(kind: str, number: int) -> str:
    """A counter in a list style: the number's text, or the bullet of ``disc``/``circle``/``square``."""
    return BULLETS.get(kind) or counter_text(kind, number)


def quote_mark(kind: str, depth: list[int], marks: Any) -> str:
    """The mark of one ``open-quote``/``close-quote``/``no-*-quote`` at the running ``depth`` (updated): the
    pair of the nesting level, the innermost pair beyond the last; a close without an open shows nothing."""
    pairs = AUTO_QUOTES if marks == "auto" else marks
    if kind in ("open", "no-open"):
        level = depth[0]
        depth[0] += 1
        if kind == "no-open" or not pairs:
            return ""
        return pairs[min(level, len(pairs) - 1)][0]
    if depth[0] == 0:
        return ""
    depth[0] -= 1
    if kind == "no-close" or not pairs:
        return ""
    return pairs[min(depth[0], len(pairs) - 1)][1]


def walk_text(
    parts: tuple[Any, ...], owner: Element, counters: dict[str, list[int]], depth: list[int], marks: Any
) -> str:
    """The text of a box met by the document-order walk, with the counters and quote depth at that point."""
    out: list[str] = []
    size = 0
    for part in parts:
        if size > MAX_TEXT:
            break
        kind = part[0]
        if kind == "text":
            out.append(part[1])
        elif kind == "attr":
            out.append(_attr(part, owner))
        elif kind == "quote":
            out.append(quote_mark(part[1], depth, marks))
        elif kind == "ctr":
            stack = counters.get(part[1]) or [0]
            out.append(counter_string(part[2], stack[-1]))
        elif kind == "ctrs":
            stack = counters.get(part[1]) or [0]
            out.append(part[2].join(counter_string(part[3], v) for v in stack[-MAX_DEPTH:]))
        size += len(out[-1]) if out else 0
    return "".join(out)[:MAX_TEXT]


GROUP = Group(
    (
        Property("content", None, generated_content),
        Property("quotes", "auto", quotes, inherited=True),
        Property("counter-reset", (), counter_list(0)),
        Property("counter-increment", (), counter_list(1)),
        Property("counter-set", (), counter_list(0)),
    )
)
