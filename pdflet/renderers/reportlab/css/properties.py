"""The property registry: every property and shorthand the cascade knows, merged from the group modules.

Each group module declares its properties once (name, initial value, inheritance, computing function; see
``registry``); this module merges them into the tables the cascade reads (``INITIAL``, ``INHERITED``,
``COMPUTE``, ``SHORTHANDS``) and splits declarations into longhands (:func:`expand`). A declaration is
expanded when its stylesheet is read; each longhand's ``compute`` turns its tokens into a plain Python value
given the parent's computed style. Invalid values return ``None`` and the declaration is ignored, as in a
browser.

A new group of properties: a module exporting a ``Group`` (or its tables, as ``paged`` keeps, through
``registry.from_tables``, which may also refine properties declared before it), added to ``GROUPS`` below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pdflet.renderers.reportlab.css import content, props_background, props_box, props_flex_grid, props_text
from pdflet.renderers.reportlab.css import shorthands as shorthand_group

# Names other modules import from here, so they need not know which group module declares what.
from pdflet.renderers.reportlab.css.content import QUOTES as QUOTES
from pdflet.renderers.reportlab.css.content import margin_content as _content
from pdflet.renderers.reportlab.css.multicol import MULTICOL_INITIAL, MULTICOL_SHORTHANDS, multicol_compute
from pdflet.renderers.reportlab.css.paged import PAGED_COMPUTE, PAGED_INHERITED, PAGED_INITIAL
from pdflet.renderers.reportlab.css.props_box import BORDER_STYLES as BORDER_STYLES
from pdflet.renderers.reportlab.css.props_box import BORDER_WIDTH_KEYWORDS as BORDER_WIDTH_KEYWORDS
from pdflet.renderers.reportlab.css.props_box import DISPLAYS as DISPLAYS
from pdflet.renderers.reportlab.css.props_text import FONT_SIZE_KEYWORDS as FONT_SIZE_KEYWORDS
from pdflet.renderers.reportlab.css.props_text import LIST_TYPES as LIST_TYPES
from pdflet.renderers.reportlab.css.props_text import font_family as _font_family
from pdflet.renderers.reportlab.css.registry import SIDES as SIDES
from pdflet.renderers.reportlab.css.registry import Ctx as Ctx
from pdflet.renderers.reportlab.css.registry import GroupSource, Property, Shorthand, from_tables
from pdflet.renderers.reportlab.css.registry import Style as Style
from pdflet.renderers.reportlab.css.registry import Tokens as Tokens

__all__ = ["_content", "_font_family"]  # imported by ``pages``

GROUPS: tuple[GroupSource, ...] = (
    props_text.GROUP,
    props_box.GROUP,
    props_background.GROUP,
    content.GROUP,
    from_tables(PAGED_INITIAL, PAGED_INHERITED, PAGED_COMPUTE),
    props_flex_grid.GROUP,
    shorthand_group.GROUP,
    from_tables(MULTICOL_INITIAL, (), multicol_compute, MULTICOL_SHORTHANDS),  # refines break-*, column-gap
)


def _merge(groups: tuple[GroupSource, ...]) -> tuple[dict[str, Property], dict[str, Shorthand]]:
    """All properties and shorthands by name, in group order; a name declared twice is a programming error
    unless the later group says it replaces."""
    properties: dict[str, Property] = {}
    shorthands: dict[str, Shorthand] = {}
    for source in groups:
        group = source(properties) if callable(source) else source
        for prop in group.properties:
            if prop.name in properties and not group.replaces:
                raise ValueError(f"property {prop.name} declared twice")
            properties[prop.name] = prop
        for shorthand in group.shorthands:
            if shorthand.name in shorthands or shorthand.name in properties:
                raise ValueError(f"shorthand {shorthand.name} declared twice")
            shorthands[shorthand.name] = shorthand
    for shorthand in shorthands.values():
        missing = [name for name in shorthand.longhands if name not in properties]
        if missing:
            raise ValueError(f"shorthand {shorthand.name} sets unknown {missing}")
    return properties, shorthands


PROPERTIES, SHORTHANDS = _merge(GROUPS)
INITIAL: Style = {name: prop.initial for name, prop in PROPERTIES.items()}
INHERITED = frozenset(name for name, prop in PROPERTIES.items() if prop.inherited)
COMPUTE: dict[str, Callable[[Tokens, Ctx], Any]] = {name: prop.compute for name, prop in PROPERTIES.items()}
#: Legacy names and the one property each stands for (the shorthands made by ``registry.alias``).
ALIASES: dict[str, str] = {
    name: shorthand.longhands[0] for name, shorthand in SHORTHANDS.items() if shorthand.is_alias
}


def expand(name: str, tokens: Tokens) -> list[tuple[str, Tokens]]:
    """Longhands of one declaration (``[]`` when the property is unknown or the value malformed)."""
    if name in COMPUTE:
        return [(name, tokens)]
    shorthand = SHORTHANDS.get(name)
    if shorthand is None:
        return []
    return shorthand.expand(tokens) or []
