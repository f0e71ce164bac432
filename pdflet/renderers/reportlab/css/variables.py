"""Custom properties and ``var()`` substitution (CSS Custom Properties for Cascading Variables 1).

A declaration whose value holds ``var()`` cannot be checked or split into longhands when its sheet is read:
it becomes :class:`Dynamic` tokens, substituted when the element's style is computed. Custom properties are
inherited; each element's map of them (``style["--"]``) is shared with its parent until it declares one.

Every step is bounded, because a stylesheet is hostile input: references are resolved in an explicit
post-order walk (a 10,000-long chain costs no Python recursion), cycles make their members invalid (the
guaranteed-invalid value, as browsers do), a value that expands past :data:`MAX_VALUE_TOKENS` is invalid
(``var()``'s "billion laughs"), and one document may substitute at most :data:`MAX_DOCUMENT_TOKENS` tokens.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tinycss2 import ast

#: A custom property's value: its tokens and their count (nested ones included), or ``None`` when invalid.
Value = tuple[list[Any], int] | None
VARS_KEY = "--"  # where a computed style keeps its custom properties
EMPTY: Mapping[str, Value] = {}
MAX_VALUE_TOKENS = 100_000  # about 1 MB of CSS text: past this a substituted value is invalid
MAX_DOCUMENT_TOKENS = 4_000_000  # all substitutions of one document together
MAX_NESTING = 64  # functions inside functions while substituting
MATH_FUNCTIONS = frozenset({"calc", "min", "max", "clamp", "-webkit-calc", "-moz-calc"})
VIEWPORT_UNITS = frozenset({"vw", "vh", "vmin", "vmax", "svw", "svh", "lvw", "lvh", "dvw", "dvh", "vi", "vb"})


class Dynamic(list):  # type: ignore[type-arg]
    """Tokens that can only be computed per element: they hold ``var()`` (``has_var``) and/or math
    functions (``has_math``); ``shorthand`` names the shorthand a ``var()`` value was declared on."""

    has_var = False
    has_math = False
    shorthand: str | None = None


def scan(tokens: list[Any]) -> tuple[bool, bool]:
    """Whether ``tokens`` contain ``var()`` and whether they contain a math function or a viewport length
    (``vw``...: known per page), at any depth."""
    has_var = has_math = False
    stack = [tokens]
    while stack:
        for token in stack.pop():
            if token.type == "function":
                name = token.lower_name
                if name == "var":
                    has_var = True
                elif name in MATH_FUNCTIONS:
                    has_math = True
                stack.append(token.arguments)
            elif token.type in ("() block", "[] block", "{} block"):
                stack.append(token.content)
            elif token.type == "dimension" and token.lower_unit in VIEWPORT_UNITS:
                has_math = True
            if has_var and has_math:
                return True, True
    return has_var, has_math


def mark(tokens: list[Any], shorthand: str | None = None) -> list[Any]:
    """``tokens`` as :class:`Dynamic` when they need per-element computing, else unchanged."""
    has_var, has_math = scan(tokens)
    if not (has_var or has_math):
        return tokens
    result = Dynamic(tokens)
    result.has_var, result.has_math, result.shorthand = has_var, has_math, shorthand if has_var else None
    return result


def too_deep(tokens: list[Any], limit: int = MAX_NESTING) -> bool:
    """Whether functions or blocks nest deeper than ``limit`` (serializing them would exhaust the stack)."""
    stack = [(tokens, 0)]
    while stack:
        items, depth = stack.pop()
        for token in items:
            inner = token.arguments if token.type == "function" else getattr(token, "content", None)
            if isinstance(inner, list):
                if depth >= limit:
                    return True
                stack.append((inner, depth + 1))
    return False


def _references(tokens: list[Any]) -> list[str]:
    """Custom property names that ``var()`` functions in ``tokens`` refer to (fallbacks included)."""
    names = []
    stack = [tokens]
    while stack:
        for token in stack.pop():
            if token.type == "function":
                if token.lower_name == "var":
                    name = _var_name(token.arguments)
                    if name is not None:
                        names.append(name)
                stack.append(token.arguments)
            elif token.type in ("() block", "[] block"):
                stack.append(token.content)
    return names


def _var_name(arguments: list[Any]) -> str | None:
    for token in arguments:
        if token.type in ("whitespace", "comment"):
            continue
        if token.type == "ident" and token.value.startswith("--"):
            return str(token.value)
        return None
    return None


class Substitution:
    """One document's substitutions, with the budget of tokens they may still produce."""

    def __init__(self, viewport: tuple[float, float] | None = None) -> None:
        self.budget = MAX_DOCUMENT_TOKENS
        self.viewport = viewport  # the page area in points, for vw/vh (None: A4's)

    def custom_properties(
        self, declared: dict[str, list[Any]], inherited: Mapping[str, Value]
    ) -> Mapping[str, Value]:
        """An element's computed custom properties from its winning declarations (raw tokens, or ``None`` for
        ``initial``) and its parent's map; cycles among the declared ones make all their members invalid."""
        result: dict[str, Value] = dict(inherited)
        order, cyclic = _post_order(declared)
        for name in order:
            tokens = declared[name]
            if tokens is None or name in cyclic:
                result[name] = None
            else:
                result[name] = self.substitute(tokens, result)
        return result

    def substitute(self, tokens: list[Any], variables: Mapping[str, Value]) -> Value:
        """``tokens`` with every ``var()`` replaced, or ``None`` (invalid at computed-value time)."""
        out: list[Any] = []
        size = self._into(out, tokens, variables, 0)
        if size is None or size > MAX_VALUE_TOKENS:
            return None
        self.budget -= size
        if self.budget < 0:
            return None
        return out, size

    def _into(self, out: list[Any], tokens: list[Any], variables: Mapping[str, Value], depth: int) -> int | None:
        """Append substituted ``tokens`` to ``out``; returns the number of tokens added (nested counted)."""
        if depth > MAX_NESTING:
            return None
        size = 0
        for token in tokens:
            if token.type == "function" and token.lower_name == "var":
                added = self._var(out, token.arguments, variables, depth)
            elif token.type == "function":
                arguments: list[Any] = []
                added = self._into(arguments, token.arguments, variables, depth + 1)
                if added is not None:
                    out.append(ast.FunctionBlock(token.source_line, token.source_column, token.name, arguments))
                    added += 1
            elif token.type == "() block":
                content: list[Any] = []
                added = self._into(content, token.content, variables, depth + 1)
                if added is not None:
                    out.append(ast.ParenthesesBlock(token.source_line, token.source_column, content))
                    added += 1
            else:
                out.append(token)
                added = 1
            if added is None:
                return None
            size += added
            if size > MAX_VALUE_TOKENS:
                return None
        return size

    def _var(self, out: list[Any], arguments: list[Any], variables: Mapping[str, Value], depth: int) -> int | None:
        name = _var_name(arguments)
        if name is None:
            return None
        value = variables.get(name)
        if value is not None:
            if value[1] > MAX_VALUE_TOKENS - len(out):
                return None
            out.extend(value[0])
            return value[1]
        comma = next((i for i, t in enumerate(arguments) if t.type == "literal" and t.value == ","), None)
        if comma is None:
            return None
        fallback = [t for t in arguments[comma + 1 :] if t.type not in ("whitespace", "comment")]
        return self._into(out, fallback, variables, depth + 1)


def _post_order(declared: dict[str, list[Any] | None]) -> tuple[list[str], set[str]]:
    """The declared names with each after those it refers to, and the names on a reference cycle.

    An explicit stack instead of recursion: a chain of 10,000 references is a loop, not a crash.
    """
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    order: list[str] = []
    cyclic: set[str] = set()
    for root in declared:
        if root in state:
            continue
        path: list[str] = [root]
        pending: list[list[str]] = [_local_refs(declared, root)]
        state[root] = 1
        while path:
            refs = pending[-1]
            if refs:
                ref = refs.pop()
                seen = state.get(ref)
                if seen is None:
                    state[ref] = 1
                    path.append(ref)
                    pending.append(_local_refs(declared, ref))
                elif seen == 1:
                    cyclic.update(path[path.index(ref) :])
                continue
            done = path.pop()
            pending.pop()
            state[done] = 2
            order.append(done)
    return order, cyclic


def _local_refs(declared: dict[str, list[Any] | None], name: str) -> list[str]:
    tokens = declared[name]
    if tokens is None:
        return []
    return [ref for ref in _references(tokens) if ref in declared]
