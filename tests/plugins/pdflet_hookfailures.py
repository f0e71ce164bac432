"""Test-only plugin whose pre- or post-processing raises on request, to check the 422 names it.

Loaded with ``PDFLET_PLUGIN_MODULES=pdflet_hookfailures`` (this folder on PYTHONPATH); the body
field ``explode`` is ``"prepare"`` or ``"process"``.
"""

from __future__ import annotations

from pdflet import hookimpl
from pdflet.request import RenderOutput, RenderRequest, RequestFields


@hookimpl
def pdflet_request_fields() -> RequestFields:
    return RequestFields(fields=("explode",))


@hookimpl
def pdflet_prepare_request(request: RenderRequest) -> None:
    if request.plugin_fields.get("explode") == "prepare":
        raise RuntimeError("pre-processing blew up")


@hookimpl
def pdflet_process_pdf(output: RenderOutput, request: RenderRequest) -> None:
    if request.plugin_fields.get("explode") == "process":
        raise ZeroDivisionError("post-processing blew up")
