"""Registered custom properties: ``@property --name { syntax; inherits; initial-value }`` (CSS Properties
and Values API 1).

Frameworks rely on it. Tailwind 4 declares ``--tw-shadow: 0 0 #0000`` and a dozen like it only as
``@property`` initial values, then writes ``box-shadow: var(--tw-inset-shadow), …, var(--tw-shadow)``: with
the registrations ignored, every such ``var()`` is the guaranteed-invalid value and the whole shadow (a
badge's ring, a card's shadow) disappears. A registered property that does not inherit also starts afresh on
every element instead of leaking a parent's value into its children.

Values stay tokens, as for any custom property: the syntax descriptor decides only whether the rule is
valid (``*`` needs no initial value, anything else does), not a typed computed value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import tinycss2

from pdflet.renderers.reportlab.css.variables import EMPTY, Value

MAX_REGISTERED = 1_000  # more registrations than this are ignored (each costs a check per element)


@dataclass(frozen=True)
class Registration:
    """One ``@property`` rule: its initial value (``None``: the guaranteed-invalid value) and inheritance."""

    initial: Value
    inherits: bool


def parse_rule(prelude: list[Any], content: list[Any]) -> tuple[str, Registration] | None:
    """The property name and registration of one ``@property`` rule, or ``None`` when the rule is invalid."""
    names = [t for t in prelude if t.type not in ("whitespace", "comment")]
    if len(names) != 1 or names[0].type != "ident" or not names[0].value.startswith("--"):
        return None
    descriptors: dict[str, list[Any]] = {}
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            descriptors[item.lower_name] = [t for t in item.value if t.type not in ("whitespace", "comment")]
    syntax, inherits = descriptors.get("syntax"), descriptors.get("inherits")
    if not syntax or len(syntax) != 1 or syntax[0].type != "string" or not inherits or len(inherits) != 1:
        return None
    inherit_word = inherits[0].lower_value if inherits[0].type == "ident" else ""
    if inherit_word not in ("true", "false"):
        return None
    initial = descriptors.get("initial-value")
    if not initial and syntax[0].value.strip() != "*":
        return None  # a typed registration needs an initial value
    value: Value = (initial, len(initial)) if initial else None
    return names[0].value, Registration(value, inherit_word == "true")


class Registry:
    """The document's registrations, applied to the custom properties an element inherits."""

    def __init__(self, rules: Iterable[tuple[list[Any], list[Any]]]) -> None:
        self.registered: dict[str, Registration] = {}
        for prelude, content in rules:
            parsed = parse_rule(prelude, content)
            if parsed is not None and (parsed[0] in self.registered or len(self.registered) < MAX_REGISTERED):
                self.registered[parsed[0]] = parsed[1]  # the last valid rule for a name wins
        self._resets = {name: r.initial for name, r in self.registered.items() if not r.inherits}
        self._defaults = {name: r.initial for name, r in self.registered.items() if r.inherits}
        self._seen: dict[int, tuple[Mapping[str, Value], Mapping[str, Value]]] = {}

    def initial(self, name: str) -> Value:
        """What ``--name: initial`` means: the registered initial value, else the guaranteed-invalid one."""
        registration = self.registered.get(name)
        return registration.initial if registration is not None else None

    def for_child(self, parent: Mapping[str, Value]) -> Mapping[str, Value]:
        """The custom properties a child starts from: the parent's, with each non-inheriting registered
        property back at its initial value and each inheriting one defaulting to it (at the root, say).

        The parent's map itself is returned when nothing changes, so elements keep sharing one map."""
        if not self.registered:
            return parent
        seen = self._seen.get(id(parent))
        if seen is not None and seen[0] is parent:
            return seen[1]
        changes = {name: value for name, value in self._resets.items() if parent.get(name) is not value}
        changes.update(
            (name, value) for name, value in self._defaults.items() if name not in parent and value is not None
        )
        result = parent if not changes else {**parent, **changes}
        if parent is not EMPTY or changes:
            self._seen[id(parent)] = (parent, result)
        return result
