"""What a layout module (flex, grid, tables) is given to lay out a container's boxes: the render's used values,
the page frame, and the emit stage's two ways to turn a child box into flowables. A Protocol, so those modules
depend on this small surface and never on the builder that implements it.
"""

from __future__ import annotations

from typing import Any, Protocol

from pdflet.renderers.reportlab.layout.boxes import Box, Style


class Used(Protocol):
    """The used values layout modules ask for (``layout/used.py``'s :class:`UsedValues` answers them). Declared
    here rather than imported, so a layout module that ``box_flowables.py`` imports does not import it back."""

    frame_width: float
    frame_height: float

    def color(self, rgba: Any) -> Any:
        """A ReportLab colour for a computed colour (None for fully transparent)."""
        ...

    def box_spec(self, style: Style) -> Any:
        """The used box properties (a ``BoxSpec``) of a computed style."""
        ...

    def cap(self, value: Any, fraction: float) -> Any:
        """An absolute length limited to ``fraction`` of the page frame."""
        ...


class LayoutContext(Protocol):
    """The emit stage as layout modules see it."""

    used: Used
    frame_width: float
    frame_height: float
    in_box: int  # > 0 while emitting inside a painted box, cell or item: blocks are not unrolled there
    containers: set[Any]  # elements that are containing blocks of absolute boxes (abs_flow.py)

    def block(self, box: Box) -> list[Any]:
        """The flowables of a block-level box, with its margins, breaks and bookmarks."""
        ...

    def content(self, box: Box) -> list[Any]:
        """The flowables of a container box's children (what goes inside its padding)."""
        ...
