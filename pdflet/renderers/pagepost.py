"""Print adjustments a browser's print dialog makes and a layout engine does not: page ranges, scale, one long
page, extra document information. Used by the Gotenberg-compatible routes (``nativePageRanges``, ``scale``,
``singlePage``, ``metadata``); pure PDF work with pypdf, so it runs in the render worker like the render.
"""

from __future__ import annotations

import dataclasses
import io
import re
from dataclasses import dataclass, field

from pdflet.errors import InvalidRequest, RenderFailed
from pdflet.renderers.options import MAX_PAGE_PT, PageOptions

_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
MIN_SCALE, MAX_SCALE = 0.1, 2.0


@dataclass(frozen=True)
class PrintAdjust:
    """What to change around a render. ``info`` maps PDF document-information keys (``/Creator``) to text."""

    page_ranges: tuple[tuple[int, int], ...] = ()
    scale: float = 1.0
    single_page: bool = False
    info: dict[str, str] = field(default_factory=dict)


def parse_page_ranges(text: str, name: str = "nativePageRanges") -> tuple[tuple[int, int], ...]:
    """``"1-5, 8, 11-13"`` as inclusive 1-based ranges; a bad range is a 400 naming the field."""
    ranges = []
    for part in text.split(","):
        if not part.strip():
            continue
        match = _RANGE.match(part)
        if not match:
            raise InvalidRequest(f"{name}: {part.strip()!r} is not a page or a range such as '1-5'.")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first < 1 or last < first:
            raise InvalidRequest(f"{name}: {part.strip()!r} is not a valid range.")
        ranges.append((first, last))
    return tuple(ranges)


def check_scale(value: float, name: str = "scale") -> float:
    if not MIN_SCALE <= value <= MAX_SCALE:
        raise InvalidRequest(f"{name} must be between {MIN_SCALE} and {MAX_SCALE}.")
    return value


def scaled_options(options: PageOptions, scale: float) -> PageOptions:
    """The page a ``scale``-times zoomed layout needs: sizes divided by ``scale`` (the PDF is scaled back)."""
    if scale == 1.0 or options.page_size is None:
        return options
    width, height = options.page_size
    margin = tuple(m / scale for m in options.margin) if options.margin is not None else None
    return dataclasses.replace(options, page_size=(width / scale, height / scale), margin=margin)  # type: ignore[arg-type]


def single_page_options(options: PageOptions, pages: int) -> PageOptions:
    """A page tall enough for what took ``pages`` pages (at most the PDF limit of 200 inches)."""
    width, height = options.page_size or (595.28, 841.89)
    return dataclasses.replace(options, page_size=(width, min(MAX_PAGE_PT, height * max(1, pages))))


def adjust_pdf(data: bytes, adjust: PrintAdjust) -> tuple[bytes, int]:
    """Scale pages back to the paper size, keep the selected pages, add document information."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    total = len(reader.pages)
    keep = list(range(total))
    if adjust.page_ranges:
        keep = [i for i in range(total) if any(a <= i + 1 <= b for a, b in adjust.page_ranges)]
        if not keep:
            raise RenderFailed(f"nativePageRanges selects no page of this {total}-page document.")
    writer = PdfWriter()
    for index in keep:
        page = writer.add_page(reader.pages[index])
        if adjust.scale != 1.0:
            page.scale_by(adjust.scale)
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    if adjust.info:
        writer.add_metadata(adjust.info)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(keep)
