"""Tables (placeholder: rows laid out as blocks until the table flowable lands)."""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from pdflet.renderers.reportlab.css.properties import Style


def build_table(builder: Any, element: Element, style: Style) -> list[Any]:
    """Flowables of a ``<table>``."""
    return builder.box(element, style)
