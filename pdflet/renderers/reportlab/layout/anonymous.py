"""Anonymous table objects (CSS 2.1 §17.2.1): the style of the boxes a table makes around children that are not
rows or cells.

Responsive e-mails restyle their layout tables (``td { display: block }``) so the cells stack; CSS keeps such
children in the table by wrapping each run of them in an anonymous cell (and an anonymous row where a row
was expected). ``layout/boxgen.py`` makes those boxes; their style is computed here as a browser computes an
anonymous box's: inherited properties from the parent, the rest initial.
"""

from __future__ import annotations

from pdflet.renderers.reportlab.css.properties import INHERITED, INITIAL, Style


def anonymous_style(parent: Style, display: str) -> Style:
    """The computed style of an anonymous box of ``display`` inside ``parent``."""
    style = {name: (parent[name] if name in INHERITED else value) for name, value in INITIAL.items()}
    style["display"] = display
    return style
