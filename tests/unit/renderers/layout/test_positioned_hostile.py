"""Hostile positioning: many absolute boxes, extreme z-index values and many stacking contexts end in a PDF
quickly (the full-size documents are timed by bench/pathological.py)."""

from __future__ import annotations

import time

from pdflet.renderers.base import RenderJob
from pdflet.renderers.options import PageOptions
from pdflet.renderers.reportlab.layout.positioned import MAX_LAYERS
from pdflet.renderers.reportlab.renderer import ReportLabRenderer

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}


def _render(html: str) -> tuple[bytes, list[dict], float]:
    job = RenderJob(html=html, css=None, options=PageOptions(**PAGE))
    start = time.monotonic()
    result = ReportLabRenderer().render(job)
    return result.data, job.report.warnings(), time.monotonic() - start


def test_thousands_of_absolute_boxes_are_capped_with_one_warning():
    html = "<div style='position: relative'>" + "<span style='position: absolute; top: 1px'>a</span>" * 5000 + "</div>"
    data, warnings, seconds = _render(html)
    assert data.startswith(b"%PDF")
    limits = [w for w in warnings if w["type"] == "limit" and "positioned" in w["message"]]
    assert len(limits) == 1 and str(MAX_LAYERS) in limits[0]["message"]
    assert seconds < 20


def test_z_index_beyond_32_bits_renders_in_order():
    values = (2**31, -(2**31), 2**31 - 1, -(2**31) - 1, 10**30)
    html = "".join(f"<div style='position: absolute; z-index: {z}'>z{i}</div>" for i, z in enumerate(values))
    data, _, _ = _render(html)
    assert data.startswith(b"%PDF")


def test_deeply_nested_absolute_boxes_and_stacking_contexts_end_in_a_pdf():
    nested = "<div style='position: absolute; z-index: 1; opacity: 0.9'>" * 2000 + "deep" + "</div>" * 2000
    flat = "".join(f"<div style='position: relative; z-index: {i % 7 - 3}'>c</div>" for i in range(1500))
    for html in (nested, flat):
        data, _, seconds = _render(html)
        assert data.startswith(b"%PDF") and seconds < 20
