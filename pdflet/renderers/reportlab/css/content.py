"""Generated content: the ``content`` property and the counters it shows.

``content`` computes to parts: ``("text", s)``, ``("attr", name)``, ``("counter", "page"|"pages")``,
``("ctr", name, style)``, ``("ctrs", name, separator, style)`` and the paged-media parts of ``paged``.
"""

from __future__ import annotations

from typing import Any

from pdflet.renderers.reportlab.css.counters import counter_list
from pdflet.renderers.reportlab.css.paged import cross_reference, string_part
from pdflet.renderers.reportlab.css.registry import Ctx, Group, Property, Tokens
from pdflet.renderers.reportlab.css.values import significant

QUOTES = {"open-quote": "\u201c", "close-quote": "\u201d", "no-open-quote": "", "no-close-quote": ""}


def margin_content(tokens: Tokens, ctx: Ctx) -> Any:
    """``content`` of a page-margin box: strings and the ``page``/``pages`` counters (other parts dropped)."""
    parts = generated_content(tokens, ctx)
    if parts is None:
        return None
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


def generated_content(tokens: Tokens, ctx: Ctx) -> Any:
    """``content`` as parts (see the module); ``()`` for ``none``/``normal``.

    Quotes become the typographic double quotes (nesting levels are not tracked); images and unknown
    functions are dropped, so what is left still shows.
    """
    parts: list[tuple[str, ...]] = []
    for token in tokens:
        if token.type == "string":
            parts.append(("text", token.value))
        elif token.type == "function" and token.lower_name in ("counter", "counters"):
            counter = counter_part(token)
            if counter is not None:
                parts.append(counter)
        elif token.type == "function" and token.lower_name == "attr":
            args = [a for a in significant(token.arguments) if a.type == "ident"]
            if args:
                parts.append(("attr", args[0].value))
        elif token.type == "function" and token.lower_name in ("target-counter", "leader"):
            part = cross_reference(token)
            if part is not None:
                parts.append(part)
        elif token.type == "function" and token.lower_name in ("string", "element"):
            part = string_part(token)
            if part is not None:
                parts.append(part)
        elif token.type == "ident" and token.lower_value in QUOTES:
            parts.append(("text", QUOTES[token.lower_value]))
        elif token.type == "ident" and token.lower_value in ("none", "normal"):
            return ()
    return tuple(parts)


GROUP = Group(
    (
        Property("content", None, generated_content),
        Property("counter-reset", (), counter_list(0)),
        Property("counter-increment", (), counter_list(1)),
        Property("counter-set", (), counter_list(0)),
    )
)
