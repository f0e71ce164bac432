"""The "TEST" watermark stamped on every page rendered with a ``pk_test_`` key.

Applied after the renderer, to its finished PDF, so every renderer (ours or a plugin's)
gets the same watermark and a test key can never produce a clean document.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas


def _stamp_page(width: float, height: float, text: str) -> PdfReader:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height))
    canvas.setFillColor(Color(0.85, 0.1, 0.1, alpha=0.18))
    size = max(24.0, min(width, height) / 4)
    canvas.setFont("Helvetica-Bold", size)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(45 if height >= width else 30)
    canvas.drawCentredString(0, -size / 3, text)
    canvas.showPage()
    canvas.save()
    buffer.seek(0)
    return PdfReader(buffer)


def apply_watermark(pdf: bytes, text: str = "TEST") -> bytes:
    """Return ``pdf`` with ``text`` drawn diagonally over every page."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    stamps: dict[tuple[float, float], PdfReader] = {}
    for page in writer.pages:
        box = page.mediabox
        key = (float(box.width), float(box.height))
        if key not in stamps:
            stamps[key] = _stamp_page(*key, text)
        page.merge_page(stamps[key].pages[0], over=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
