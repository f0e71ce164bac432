"""Every real-world document renders: a PDF with pages, in time, with its key phrases readable.

These are public templates nobody here wrote (see SOURCES.md); the fidelity against Chromium is measured by
bench/realworld.py, which is too slow for CI. This test only makes sure no real document crashes the renderer,
hangs it, or loses the words a reader would look for first.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from pdflet.renderers.base import RenderJob
from pdflet.renderers.reportlab.renderer import ReportLabRenderer

HERE = Path(__file__).parent
EXPECTED: dict = {k: v for k, v in json.loads((HERE / "expectations.json").read_text(encoding="utf-8")).items()
                  if not k.startswith("_")}
DOCS = sorted(p.parent.name for p in HERE.glob("*/index.html"))
SECONDS = 10.0  # per document on a loaded two-core machine; most take well under one


def _flat(text: str) -> str:
    return " ".join(text.split()).casefold()


def test_every_document_has_expectations() -> None:
    assert len(DOCS) >= 20
    assert sorted(EXPECTED) == DOCS


def _phrases(name: str) -> list[str]:
    entry = EXPECTED[name]
    return entry["phrases"] if isinstance(entry, dict) else entry


@pytest.mark.parametrize("name", DOCS)
def test_document_renders_with_its_phrases(name: str, tmp_path: Path) -> None:
    html = (HERE / name / "index.html").read_text(encoding="utf-8")
    start = time.perf_counter()
    pdf = ReportLabRenderer().render(RenderJob(html=html)).data
    elapsed = time.perf_counter() - start
    assert pdf.startswith(b"%PDF-")
    assert elapsed < SECONDS, f"{name} took {elapsed:.1f} s"
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("\f") >= 1
    flat = _flat(text)
    missing = [phrase for phrase in _phrases(name) if _flat(phrase) not in flat]
    known = EXPECTED[name].get("xfail") if isinstance(EXPECTED[name], dict) else None
    if missing and known:  # lost today for a known reason; rendering it must still succeed
        pytest.xfail(known)
    assert not missing, f"{name}: phrases not found in the PDF: {missing}"
