"""Where a document's stylesheets come from: ``<style>`` and ``<link rel=stylesheet>``, in document order.

A ``media`` attribute is a media query answered for the page. A ``<link>`` becomes an ``@import`` of its
``href``, so it goes through the same door, bounds and cache as any import (``data:`` today; what else the
operator's fetcher allows).
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from tinycss2.serializer import serialize_string_value

from pdflet.renderers.reportlab.css.media import MediaContext, matches

PX_PER_PT = 4 / 3


def stylesheets(root: Element, media: MediaContext) -> list[str]:
    """The CSS text of the document's ``<style>`` elements and linked sheets that apply to ``media``."""
    sheets = []
    for element in root.iter():
        if element.tag == "style":
            query = element.get("media")
            if query and not matches(query, media):
                continue
            sheets.append("".join(element.itertext()))
        elif element.tag == "link":
            rel = (element.get("rel") or "").lower().split()
            href = (element.get("href") or "").strip()
            if "stylesheet" in rel and "alternate" not in rel and href:
                query = (element.get("media") or "").replace(";", " ").replace("{", " ").replace("}", " ")
                sheets.append(f'@import "{serialize_string_value(href)}" {query};')
    return sheets


def page_media(
    size: tuple[float, float], margins: tuple[float, float, float, float], medium: str = "print"
) -> MediaContext:
    """The media context of a page's area (size less margins, in points) in CSS px."""
    top, right, bottom, left = margins
    width, height = size[0] - left - right, size[1] - top - bottom
    return MediaContext(round(width * PX_PER_PT, 2), round(height * PX_PER_PT, 2), medium)

