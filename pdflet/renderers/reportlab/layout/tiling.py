"""A repeated background image as one PDF tiling pattern (PDF 32000 §8.7.3), not as copies side by side.

Copies of a bitmap placed edge to edge leave hairline seams in most viewers (each copy's edge is anti-aliased
on its own), and a small tile over a large box costs one image placement per copy. A tiling pattern draws
the tile once in its cell and the viewer repeats it seamlessly over any area, so the PDF stays the same
size whatever the tile count: ``background-size: 1px`` over a page is one cell, not a million images.

ReportLab has no pattern API: the pattern is a stream object whose content is what the canvas writes for one
tile (a bitmap or an SVG drawn at the origin), painted through a small form XObject that carries the
pattern in its own resources (the page's resource dictionary is ReportLab's and cannot name patterns).
"""

from __future__ import annotations

import itertools
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFResourceDictionary, PDFStream

_serial = itertools.count()  # form and pattern names are unique per process (names are per document)


def _num(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def _tile_code(canv: Any, image: Any, tw: float, th: float) -> tuple[str, list[str]]:
    """The content-stream code the canvas writes for one tile at the origin, and the XObject names it uses."""
    saved_code, saved_forms = canv._code, canv._formsinuse
    canv._code, canv._formsinuse = [], []
    try:
        canv.drawImage(image, 0, 0, tw, th, mask="auto")
        code, forms = canv._code, canv._formsinuse
    finally:
        canv._code, canv._formsinuse = saved_code, saved_forms
    saved_forms.extend(forms)  # the page keeps them in its resources too (harmless, and images stay shared)
    return "\n".join(code), forms


def _resources(canv: Any, forms: list[str]) -> PDFResourceDictionary:
    """Resources for the tile's code: the document's fonts, the XObjects it draws, and the canvas's graphics
    states, shadings and colour spaces (an SVG tile may use any of them)."""
    resources = PDFResourceDictionary()
    resources.basicFonts()
    resources.allProcs()
    if forms:
        resources.XObject = canv._doc.xobjDict(sorted(set(forms)))
    states = canv._extgstate.getState()
    if states:
        resources.ExtGState = states
    resources.setShading(canv._shadingUsed)
    resources.setColorSpace(canv._colorsUsed)
    return resources


def fill_with_tiles(
    canv: Any, image: Any, tile: tuple[float, float, float, float], area: tuple[float, float, float, float]
) -> None:
    """Fill ``area`` (x, y, w, h in the current user space) with copies of ``image`` in a grid whose one cell is
    ``tile`` (x, y, w, h): the copy at (x, y) and every copy a whole number of cells away."""
    tx, ty, tw, th = tile
    ax, ay, aw, ah = area
    if tw <= 0 or th <= 0 or aw <= 0 or ah <= 0:
        return
    doc = canv._doc
    code, forms = _tile_code(canv, image, tw, th)
    serial = next(_serial)
    pattern = PDFStream(
        PDFDictionary(
            {
                "Type": PDFName("Pattern"),
                "PatternType": 1,
                "PaintType": 1,
                "TilingType": 1,
                "BBox": PDFArray([0, 0, tw, th]),
                "XStep": tw,
                "YStep": th,
                "Matrix": PDFArray([1, 0, 0, 1, tx, ty]),
                "Resources": _resources(canv, forms),
            }
        ),
        code.encode("latin-1"),
    )
    pattern_ref = doc.Reference(pattern, f"PdfletTile{serial}")
    form = PDFStream(
        PDFDictionary(
            {
                "Type": PDFName("XObject"),
                "Subtype": PDFName("Form"),
                "BBox": PDFArray([ax, ay, ax + aw, ay + ah]),
                "Resources": PDFDictionary({"Pattern": PDFDictionary({"P0": pattern_ref})}),
            }
        ),
        f"/Pattern cs /P0 scn {_num(ax)} {_num(ay)} {_num(aw)} {_num(ah)} re f".encode("latin-1"),
    )
    name = f"PdfletTiles{serial}"
    doc.addForm(name, form)
    canv._currentPageHasImages = 1
    canv.doForm(name)
