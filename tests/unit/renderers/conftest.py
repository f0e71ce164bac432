"""Helpers for renderer tests: render with the built-in renderer and read the PDF back."""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
import pytest

from pdflet.renderers.base import RenderJob
from pdflet.renderers.options import PageOptions
from pdflet.renderers.reportlab.renderer import ReportLabRenderer


def render(html: str, css: str | None = None, **options: Any) -> bytes:
    """PDF bytes for ``html`` straight from the renderer (no plugin manager)."""
    return ReportLabRenderer().render(RenderJob(html=html, css=css, options=PageOptions(**options))).data


class Pdf:
    """A rendered PDF opened with pdfplumber."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.doc = pdfplumber.open(io.BytesIO(data))

    @property
    def pages(self) -> list[Any]:
        return self.doc.pages

    def text(self) -> str:
        return "\n".join(page.extract_text() or "" for page in self.pages)

    def chars(self, page: int = 0) -> list[dict[str, Any]]:
        return self.pages[page].chars

    def chars_of(self, word: str, page: int = 0) -> list[dict[str, Any]]:
        """The characters of the first occurrence of ``word`` on ``page``."""
        chars = self.chars(page)
        text = "".join(c["text"] for c in chars)
        index = text.find(word)
        assert index >= 0, f"{word!r} not in {text!r}"
        return chars[index : index + len(word)]


@pytest.fixture
def pdf():
    opened: list[Pdf] = []

    def make(html: str, css: str | None = None, **options: Any) -> Pdf:
        result = Pdf(render(html, css, **options))
        opened.append(result)
        return result

    yield make
    for item in opened:
        item.doc.close()
