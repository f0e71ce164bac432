"""Properties of paged media and hyphenation: ``page``, ``string-set``, ``hyphens``, ``hyphenate-limit-chars``,
and the ``content`` functions margin boxes and tables of contents use (``string()``, ``target-counter()``,
``leader()``). ``properties`` registers them beside the others.
"""

from __future__ import annotations

from typing import Any

from pdflet.renderers.reportlab.css.values import significant

LEADER = "\ue000"  # a private-use mark in generated text, followed by the fill: where ``leader()`` stretches
Tokens = list[Any]
MAX_HYPHEN_CHARS = 16  # characters of a hyphenate-character string
Ctx = Any


def _page_name(tokens: Tokens, ctx: Ctx) -> Any:
    """``page``: ``auto`` or the name of the ``@page NAME`` rules the element's pages follow."""
    if len(tokens) != 1 or tokens[0].type != "ident":
        return None
    word = tokens[0].lower_value
    return word if word not in ("inherit", "initial", "unset") else None


def _hyphenate_limits(tokens: Tokens, ctx: Ctx) -> Any:
    """``hyphenate-limit-chars``: one to three of ``auto`` or an integer (word, before, after)."""
    defaults = PAGED_INITIAL["hyphenate-limit-chars"]
    if not 1 <= len(tokens) <= 3:
        return None
    values = []
    for token in tokens:
        if token.type == "ident" and token.lower_value == "auto":
            values.append(None)
        elif token.type == "number" and token.is_integer and token.value >= 1:
            values.append(min(int(token.value), 100))
        else:
            return None
    if len(values) == 2:
        values.append(values[1])  # "before" given alone stands for "after" too
    while len(values) < 3:
        values.append(None)
    return tuple(default if value is None else value for value, default in zip(values, defaults, strict=True))


STRING_POLICIES = frozenset({"first", "start", "last", "first-except"})
LEADER_FILLS = {"dotted": ".", "solid": "_", "space": " "}


def cross_reference(token: Any) -> tuple[str, ...] | None:
    """``target-counter(attr(href), page[, style])`` → ``("target", attribute, style)``; ``leader(dotted |
    solid | space | "string")`` → ``("leader", fill)``."""
    args = [a for a in significant(token.arguments) if not (a.type == "literal" and a.value == ",")]
    if token.lower_name == "leader":
        if len(args) != 1:
            return None
        if args[0].type == "string" and args[0].value:
            return ("leader", args[0].value[:8])
        fill = LEADER_FILLS.get(args[0].lower_value) if args[0].type == "ident" else None
        return ("leader", fill) if fill else None
    if len(args) < 2 or args[0].type != "function" or args[0].lower_name != "attr":
        return None
    names = [a.value for a in significant(args[0].arguments) if a.type == "ident"]
    if not names or args[1].type != "ident" or args[1].lower_value != "page":
        return None
    kind = args[2].lower_value if len(args) > 2 and args[2].type == "ident" else "decimal"
    return ("target", names[0], kind)


def _string_set(tokens: Tokens, ctx: Ctx) -> Any:
    """``string-set: NAME <content-list> [, …]``: parts ``("text", s)``, ``("attr", name)``, ``("content",)``."""
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value == "none":
        return ()
    entries: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    current: list[Any] = []
    for token in [*tokens, None]:
        if token is not None and not (token.type == "literal" and token.value == ","):
            current.append(token)
            continue
        if not current or current[0].type != "ident":
            return None
        parts: list[tuple[str, str]] = []
        for part in current[1:]:
            if part.type == "string":
                parts.append(("text", part.value))
            elif part.type == "function" and part.lower_name == "content":
                parts.append(("content", ""))
            elif part.type == "function" and part.lower_name == "attr":
                names = [a.value for a in significant(part.arguments) if a.type == "ident"]
                if names:
                    parts.append(("attr", names[0]))
        entries.append((current[0].lower_value, tuple(parts)))
        current = []
    return tuple(entries[:20])


def _hyphens(tokens: Tokens, ctx: Ctx) -> Any:
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value in ("none", "manual", "auto"):
        return tokens[0].lower_value
    return None


def _hyphenate_character(tokens: Tokens, ctx: Ctx) -> Any:
    """``hyphenate-character``: ``auto`` (a hyphen) or the string to draw at a hyphenation break (cut to
    ``MAX_HYPHEN_CHARS``: a hostile stylesheet's megabyte string never reaches the line breaker)."""
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value == "auto":
        return "auto"
    if len(tokens) == 1 and tokens[0].type == "string":
        return tokens[0].value[:MAX_HYPHEN_CHARS]
    return None


def _footnote_display(tokens: Tokens, ctx: Ctx) -> Any:
    """``footnote-display``: ``block`` (a note is a block of the footnote area) or ``inline`` (notes run
    together); ``compact`` is laid out as ``inline``."""
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value in ("block", "inline", "compact"):
        return "block" if tokens[0].lower_value == "block" else "inline"
    return None


def _footnote_policy(tokens: Tokens, ctx: Ctx) -> Any:
    """``footnote-policy``: what gives way when a note does not fit on its call's page: ``auto`` (the note
    moves on), ``line`` (the call's line moves on with it) or ``block`` (the call's paragraph does)."""
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value in ("auto", "line", "block"):
        return tokens[0].lower_value
    return None


def string_part(token: Any) -> tuple[str, ...] | None:
    """``string(name[, first | start | last | first-except])`` → ``("string", name, policy)``; ``element()`` of
    a running element the same way, as ``("element", name, policy)``."""
    args = [a.lower_value for a in significant(token.arguments) if a.type == "ident"]
    if not args:
        return None
    policy = args[1] if len(args) > 1 and args[1] in STRING_POLICIES else "first"
    return (token.lower_name, args[0], policy)


PAGED_INITIAL: dict[str, Any] = {
    "page": "auto",
    "hyphens": "manual",
    "hyphenate-limit-chars": (5, 2, 2),  # "auto": the word, before and after lengths browsers use
    "hyphenate-character": "auto",  # drawn as "-": the fonts' U+2010 is not in every font we embed
    "string-set": (),
    "footnote-display": "block",
    "footnote-policy": "auto",
}
PAGED_INHERITED = frozenset({"hyphens", "hyphenate-limit-chars", "hyphenate-character"})
PAGED_COMPUTE = {
    "page": _page_name,
    "hyphens": _hyphens,
    "hyphenate-limit-chars": _hyphenate_limits,
    "hyphenate-character": _hyphenate_character,
    "string-set": _string_set,
    "footnote-display": _footnote_display,
    "footnote-policy": _footnote_policy,
}
