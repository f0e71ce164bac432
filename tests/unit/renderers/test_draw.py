"""``@page { bleed; marks }``: the sheet grows by the bleed, the trim box is the page, marks sit in the bleed."""

from __future__ import annotations

import io

import pypdf

MM = 72 / 25.4


def _boxes(data: bytes) -> list[tuple[list[float], list[float]]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [([round(float(v), 1) for v in p.mediabox], [round(float(v), 1) for v in p.trimbox]) for p in reader.pages]


def test_bleed_grows_the_sheet_and_sets_the_trim_box(pdf):
    doc = pdf("<style>@page { size: A5; margin: 20mm; bleed: 3mm } body { margin: 0 }</style><p>Hello</p>")
    (media, trim), = _boxes(doc.data)
    bleed = 3 * MM
    width, height = 148 * MM, 210 * MM
    assert media == [0, 0, round(width + 2 * bleed, 1), round(height + 2 * bleed, 1)]
    assert trim == [round(bleed, 1), round(bleed, 1), round(bleed + width, 1), round(bleed + height, 1)]
    hello = doc.chars_of("Hello", 0)[0]
    assert abs(hello["x0"] - (bleed + 20 * MM)) < 1  # content is placed on the trimmed page, not the sheet


def test_marks_are_drawn_in_the_bleed_with_an_automatic_bleed(pdf):
    doc = pdf("<style>@page { size: A6; marks: crop cross }</style><p>x</p>")
    (media, trim), = _boxes(doc.data)
    assert trim[0] == 6.0 and media[2] == round(trim[2] + 6, 1)  # bleed: auto is 6pt with marks
    page = doc.pages[0]
    crop = [line for line in page.lines if line["x0"] < 6 or line["x1"] > page.width - 6]
    assert len(crop) >= 8  # two short lines at each of the four corners
    assert len(page.curves) >= 4  # the registration circles of the crosses


def test_the_background_covers_the_bleed_and_no_marks_means_no_bleed(pdf):
    doc = pdf("<style>@page { bleed: 5mm; background: rgb(255, 0, 0) }</style><p>x</p>")
    page = doc.pages[0]
    red = [r for r in page.rects if tuple(r["non_stroking_color"]) == (1, 0, 0)]
    assert red and red[0]["width"] >= page.width - 0.5 and red[0]["x0"] <= 0.5
    plain = pdf("<style>@page { marks: none }</style><p>x</p>")
    (media, trim), = _boxes(plain.data)
    assert media == trim  # pypdf gives the media box when there is no trim box
    assert round(plain.pages[0].width) == 595
