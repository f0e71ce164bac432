"""The shape of the property registry: each property is declared once, as a :class:`Property` (name, initial
value, inherited or not, the function computing its value), and each shorthand once, as a :class:`Shorthand`
(its longhands and the function splitting a value among them). Group modules (``props_text``, ``props_box``…)
each export one :class:`Group`; ``properties`` merges them into the tables the cascade reads.

The helpers here (``ident``, ``keyword``, ``length``, synthetic tokens) are shared by the group modules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pdflet.renderers.reportlab.css.values import length_or_percent

Style = dict[str, Any]
Tokens = list[Any]
Ctx = tuple[Style, Style, float]  # (style being computed, parent style, root font size)
Compute = Callable[[Tokens, Ctx], Any]
Longhands = list[tuple[str, Tokens]]
Expand = Callable[[Tokens], "Longhands | None"]
SIDES = ("top", "right", "bottom", "left")


@dataclass(frozen=True)
class Property:
    """One longhand: its computed value from tokens (``None`` when invalid), initial value and inheritance."""

    name: str
    initial: Any
    compute: Compute
    inherited: bool = False


@dataclass(frozen=True)
class Shorthand:
    """A name that sets other properties: ``longhands`` it always sets (also when its value holds ``var()`` and
    is split only per element; ``()`` when they depend on the value: the parts of ``expand`` are used then),
    ``expand`` splitting a value into them (``None`` or ``[]`` when invalid)."""

    name: str
    longhands: tuple[str, ...]
    expand: Expand
    is_alias: bool = False


@dataclass(frozen=True)
class Group:
    """What one module contributes to the registry. With ``replaces``, its properties may replace ones an
    earlier group declared (a feature module refining ``break-before``, say); otherwise a name declared twice
    is an error."""

    properties: tuple[Property, ...]
    shorthands: tuple[Shorthand, ...] = field(default=())
    replaces: bool = False


#: A group, or a function making one from the properties the groups before it declared.
GroupSource = Group | Callable[[Mapping[str, Property]], Group]


def per_side(pattern: str, initial: Any, compute: Compute, inherited: bool = False) -> list[Property]:
    """The four properties ``pattern.format(side)`` (``margin-{}``, ``border-{}-width``…) in CSS side order."""
    return [Property(pattern.format(side), initial, compute, inherited) for side in SIDES]


def alias(name: str, target: str) -> Shorthand:
    """A legacy name for one property (``word-wrap`` → ``overflow-wrap``): a shorthand of one longhand."""

    def expand(tokens: Tokens) -> Longhands:
        return [(target, tokens)]

    return Shorthand(name, (target,), expand, is_alias=True)


def from_tables(
    initial: Mapping[str, Any],
    inherited: Iterable[str],
    compute: Mapping[str, Compute] | Callable[[dict[str, Compute]], Mapping[str, Compute]],
    shorthands: Mapping[str, Expand] | Iterable[Shorthand] = (),
) -> GroupSource:
    """A group from the tables a feature module may keep (as ``paged`` does): ``compute`` is a table, or a
    function given the compute functions declared so far (to refine some of them). Like the ``dict.update``
    of the tables it replaces, it may redeclare properties: one not in ``initial`` keeps its initial value and
    inheritance. ``shorthands`` may be plain expand functions by name."""
    names = frozenset(inherited)
    if isinstance(shorthands, Mapping):
        shorthands = [Shorthand(name, (), expand) for name, expand in shorthands.items()]
    declared = tuple(shorthands)

    def build(known: Mapping[str, Property]) -> Group:
        table = compute({name: prop.compute for name, prop in known.items()}) if callable(compute) else compute
        made = []
        for name, fn in table.items():
            if name in initial:
                made.append(Property(name, initial[name], fn, name in names))
            else:
                made.append(Property(name, known[name].initial, fn, known[name].inherited))
        return Group(tuple(made), declared, replaces=True)

    return build


def ident(tokens: Tokens) -> str | None:
    """The lower-case keyword of a one-token value, else ``None``."""
    if len(tokens) == 1 and tokens[0].type == "ident":
        return tokens[0].lower_value
    return None


def keyword(allowed: frozenset[str] | set[str]) -> Compute:
    """A ``compute`` accepting one of ``allowed``."""

    def compute(tokens: Tokens, ctx: Ctx) -> Any:
        word = ident(tokens)
        return word if word in allowed else None

    return compute


def length(nonneg: bool = False, keywords: tuple[str, ...] = ()) -> Compute:
    """A ``compute`` for a length or percentage (points or ``("%", n)``), or one of ``keywords``."""

    def compute(tokens: Tokens, ctx: Ctx) -> Any:
        if len(tokens) != 1:
            return None
        word = ident(tokens)
        if word is not None:
            return word if word in keywords else None
        value = length_or_percent(tokens[0], ctx[0]["font-size"], ctx[2])
        if value is None:
            return None
        if nonneg and (value[1] < 0 if isinstance(value, tuple) else value < 0):
            return None
        return value

    return compute


class Ident:
    """A synthetic ident token, for shorthand parts left out (they reset to initial)."""

    type = "ident"

    def __init__(self, value: str) -> None:
        self.value = value
        self.lower_value = value.lower()


class Number:
    """A synthetic number token (shorthand defaults)."""

    type = "number"
    is_integer = True

    def __init__(self, value: int) -> None:
        self.value = value
        self.int_value = value


class Zero:
    """A synthetic ``0%`` token: the basis ``flex: <number>`` implies."""

    type = "percentage"
    value = 0.0
    is_integer = True
