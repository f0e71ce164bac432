"""The property registry: each property declared once, shorthands declared with their longhands, group modules
merged, computed-value types matching the initial values."""

from __future__ import annotations

import typing
from typing import Any

import pytest
import tinycss2

from pdflet.renderers.reportlab.css import properties
from pdflet.renderers.reportlab.css.computed import Computed
from pdflet.renderers.reportlab.css.registry import Group, Property, Shorthand, alias, from_tables, keyword
from pdflet.renderers.reportlab.css.values import significant


def _tokens(css: str) -> list[Any]:
    return significant(tinycss2.parse_component_value_list(css))


def test_tables_are_views_of_one_registry() -> None:
    assert set(properties.INITIAL) == set(properties.COMPUTE) == set(properties.PROPERTIES)
    assert set(properties.INITIAL) >= properties.INHERITED
    assert {"color", "font-size", "hyphens"} <= properties.INHERITED  # "hyphens" comes from ``paged``'s tables
    assert "margin-top" not in properties.INHERITED


def test_a_property_declared_twice_is_refused() -> None:
    twice = Group((Property("x-a", 0, keyword(frozenset({"a"}))), Property("x-a", 1, keyword(frozenset()))))
    with pytest.raises(ValueError, match="declared twice"):
        properties._merge((twice,))


def test_a_shorthand_of_an_unknown_longhand_is_refused() -> None:
    group = Group((), (alias("x-old", "x-new"),))
    with pytest.raises(ValueError, match="unknown"):
        properties._merge((group,))


def test_a_group_from_tables_merges_beside_the_others() -> None:
    extra = from_tables({"x-fill": "auto"}, {"x-fill"}, {"x-fill": keyword(frozenset({"auto", "balance"}))})
    merged, shorthands = properties._merge((*properties.GROUPS, extra, Group((), (alias("x-legacy", "x-fill"),))))
    assert merged["x-fill"].inherited and merged["x-fill"].initial == "auto"
    assert shorthands["x-legacy"].expand(_tokens("balance"))[0][0] == "x-fill"


@pytest.mark.parametrize(
    ("name", "css", "longhands"),
    [
        ("margin", "1px 2px", ["margin-top", "margin-right", "margin-bottom", "margin-left"]),
        ("inset", "0", ["top", "right", "bottom", "left"]),
        ("border-left", "1px solid red", ["border-left-width", "border-left-style", "border-left-color"]),
        ("word-wrap", "break-word", ["overflow-wrap"]),
        ("page-break-before", "always", ["break-before"]),
        ("flex", "1", ["flex-grow", "flex-shrink", "flex-basis"]),
        ("font", "bold 12px/1.5 serif", ["font-style", "font-weight", "font-size", "line-height", "font-family"]),
    ],
)
def test_shorthands_set_the_longhands_they_declare(name: str, css: str, longhands: list[str]) -> None:
    assert [n for n, _ in properties.expand(name, _tokens(css))] == longhands
    assert set(longhands) <= set(properties.SHORTHANDS[name].longhands)


def test_every_shorthand_declares_only_known_longhands() -> None:
    for shorthand in properties.SHORTHANDS.values():
        assert isinstance(shorthand, Shorthand)
        assert set(shorthand.longhands) <= set(properties.COMPUTE), shorthand.name


def test_unknown_and_malformed_declarations_expand_to_nothing() -> None:
    assert properties.expand("no-such-property", _tokens("1px")) == []
    assert properties.expand("margin", _tokens("1px 2px 3px 4px 5px")) == []
    assert properties.expand("border", _tokens("1px solid red blue")) == []


def test_aliases_are_the_one_longhand_shorthands() -> None:
    assert properties.ALIASES["word-wrap"] == "overflow-wrap"
    assert "margin" not in properties.ALIASES


def _matches(value: Any, hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if hint is type(None):
        return value is None
    if origin in (typing.Union, __import__("types").UnionType):
        return any(_matches(value, arg) for arg in typing.get_args(hint))
    if origin is tuple:
        args = typing.get_args(hint)
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(_matches(v, args[0]) for v in value)
        return len(args) == len(value) and all(_matches(v, a) for v, a in zip(value, args, strict=True))
    if hint is float:
        return isinstance(value, (int, float))
    return isinstance(value, hint)


def test_initial_values_have_the_declared_computed_types() -> None:
    hints = typing.get_type_hints(Computed)
    for name, hint in hints.items():
        assert name in properties.INITIAL, name
        assert _matches(properties.INITIAL[name], hint), (name, properties.INITIAL[name])
    assert not _matches("auto", hints["font-size"])  # the checker itself rejects a wrong type


def test_a_group_from_tables_may_refine_earlier_properties() -> None:
    """As a multi-column module does: ``break-before`` gains ``column``, ``column-gap`` a new initial value,
    and a shorthand comes as a plain function."""

    def refine(known: dict[str, Any]) -> dict[str, Any]:
        before = known["break-before"]

        def with_column(tokens: list[Any], ctx: Any) -> Any:
            return "column" if tokens[0].value == "column" else before(tokens, ctx)

        return {"break-before": with_column, "column-gap": known["column-gap"]}

    def rule(tokens: list[Any]) -> list[tuple[str, list[Any]]]:
        return [("column-gap", tokens)]

    extra = from_tables({"column-gap": "normal"}, (), refine, {"x-rule": rule})
    merged, shorthands = properties._merge((*properties.GROUPS, extra))
    assert merged["break-before"].initial == "auto" and not merged["break-before"].inherited
    assert merged["break-before"].compute(_tokens("column"), None) == "column"
    assert merged["break-before"].compute(_tokens("always"), None) == "page"
    assert merged["column-gap"].initial == "normal"
    assert list(merged).index("break-before") == list(properties.PROPERTIES).index("break-before")
    assert shorthands["x-rule"].longhands == () and shorthands["x-rule"].expand(_tokens("1px"))[0][0] == "column-gap"


def test_var_in_a_shorthand_without_declared_longhands_uses_its_parts() -> None:
    from pdflet.renderers.reportlab.css import dynamic

    saved = dict(properties.SHORTHANDS)
    try:
        properties.SHORTHANDS["x-pair"] = Shorthand("x-pair", (), lambda t: [("row-gap", t), ("column-gap", t)])
        assert dynamic.longhands("x-pair", _tokens("1px")) == ["row-gap", "column-gap"]
    finally:
        properties.SHORTHANDS.clear()
        properties.SHORTHANDS.update(saved)
    assert dynamic.longhands("margin", _tokens("var(--m)")) == [f"margin-{s}" for s in properties.SIDES]
