"""The hooks pdflet calls: declare ``options.stamp``/``options.encrypt``, check them, apply them."""

from __future__ import annotations

from pdflet import hookimpl
from pdflet.request import RenderOutput, RenderRequest, RequestFields

from pdflet_stamp.apply import process
from pdflet_stamp.options import parse_encrypt, parse_stamp


@hookimpl
def pdflet_request_fields() -> RequestFields:
    """Two options: ``stamp`` and ``encrypt``."""
    return RequestFields(options=("stamp", "encrypt"))


@hookimpl
def pdflet_prepare_request(request: RenderRequest) -> None:
    """Refuse bad option values before the document is rendered (a 400 naming the value)."""
    parse_stamp(request.plugin_options.get("stamp"))
    parse_encrypt(request.plugin_options.get("encrypt"))


@hookimpl(trylast=True)
def pdflet_process_pdf(output: RenderOutput, request: RenderRequest) -> None:
    """Stamp, then encrypt; last of all post-processors, since nothing can edit an encrypted PDF after."""
    stamp = parse_stamp(request.plugin_options.get("stamp"))
    encryption = parse_encrypt(request.plugin_options.get("encrypt"))
    output.data = process(output.data, stamp, encryption)
