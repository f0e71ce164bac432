"""A render request's body, JSON or ``multipart/form-data``, with its assets: one parser for every route.

``POST /api/v1/pdf/`` and the jobs endpoint call :func:`parse_render_body` on the raw body; it returns the
JSON-shaped fields and the assets by checked name, and :func:`build_request` validates the fields like any
JSON body (``pipeline.validate_request``) into a request carrying the assets.

Two budgets apply, so a document with its fonts fits: the document itself (every field but the assets) within
``PDFLET_MAX_BODY_BYTES``, the assets within ``PDFLET_MAX_ASSETS_BYTES``. The whole body a route reads is
bounded by :func:`request_limit` before any of this runs.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

import pluggy
import tornado.httputil

from pdflet.config import Settings
from pdflet.errors import InvalidJson, InvalidRequest, PayloadTooLarge, UnsupportedMediaType
from pdflet.pipeline import validate_request
from pdflet.renderers.assets import AssetNameError, check_asset_name
from pdflet.request import RenderRequest
from pdflet.web.jsonbody import json_object

#: Files per request: a site's worth, far from the thousands that would only cost time.
MAX_ASSETS = 1000
#: Non-file parts of a multipart body (html, css, options, Gotenberg's print fields ...).
MAX_FIELDS = 50
#: Multipart headers and boundaries around the parts, on top of the two budgets.
ENVELOPE_BYTES = 1024 * 1024
#: Fields a multipart part may carry as a file instead of a value (``-F html=@page.html``).
TEXT_FILE_FIELDS = ("html", "css", "options")


@dataclass
class RenderBody:
    """A parsed render body: the JSON-shaped fields, the assets, and whether a JSON report was asked for."""

    fields: dict[str, Any]
    assets: dict[str, bytes] = field(default_factory=dict)
    report: bool = False


def build_request(pm: pluggy.PluginManager, body: RenderBody) -> RenderRequest:
    """The validated render request of a parsed body, carrying its assets (pop route-only fields first)."""
    request = validate_request(pm, body.fields)
    request.assets = body.assets
    return request


def request_limit(settings: Settings) -> int:
    """The most bytes a route taking assets reads: both budgets, base64's 4/3 for JSON, and the envelope."""
    return settings.max_body_bytes + (settings.max_assets_bytes * 4) // 3 + ENVELOPE_BYTES


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def parse_render_body(content_type: str, raw: bytes, settings: Settings) -> RenderBody:
    """Split a render body into fields and assets, refusing what the contract refuses.

    Raises:
        UnsupportedMediaType: neither JSON nor multipart (415).
        InvalidJson, InvalidRequest: a malformed body, a bad asset name or value (400).
        PayloadTooLarge: the document or the assets over their budgets, or too many assets (413).
    """
    media = media_type(content_type)
    if media == "multipart/form-data":
        body = _parse_multipart(content_type, raw, settings)
    elif media == "application/json" or media.endswith("+json"):
        body = _parse_json(raw, settings)
    else:
        raise UnsupportedMediaType(
            f"Send the body as application/json or multipart/form-data, not {media or 'no content type'}."
        )
    report = body.fields.pop("report", None)
    report = False if report is None else report  # null means "not given", as everywhere in a render body
    if not isinstance(report, bool):
        raise InvalidRequest("'report' must be true or false.")
    body.report = report
    return body


def _parse_json(raw: bytes, settings: Settings) -> RenderBody:
    data = json_object(raw)
    encoded = data.pop("assets", None)
    if encoded is None:
        encoded = {}
    if not isinstance(encoded, dict):
        raise InvalidRequest("'assets' must be an object of file names to base64 strings.")
    if len(encoded) > MAX_ASSETS:
        raise PayloadTooLarge(f"At most {MAX_ASSETS} assets per request ({len(encoded)} sent).")
    encoded_size = sum(len(v) for v in encoded.values() if isinstance(v, str))
    if len(raw) - encoded_size > settings.max_body_bytes:
        raise PayloadTooLarge(f"The request body is larger than {settings.max_body_bytes} bytes.")
    assets: dict[str, bytes] = {}
    total = 0
    for name, value in encoded.items():
        checked = _name(name)
        if not isinstance(value, str):
            raise InvalidRequest(f"Asset {checked!r} must be a base64 string.")
        _check_budget(total + len(value) * 3 // 4 - 2, settings)  # before decoding what cannot fit anyway
        try:
            data_bytes = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidRequest(f"Asset {checked!r} is not valid base64.") from None
        total += len(data_bytes)
        _check_budget(total, settings)
        _add(assets, checked, data_bytes)
    return RenderBody(data, assets)


def _parse_multipart(content_type: str, raw: bytes, settings: Settings) -> RenderBody:
    header = Message()
    header["Content-Type"] = content_type
    boundary = header.get_param("boundary")
    if not boundary or not isinstance(boundary, str):
        raise InvalidRequest("A multipart/form-data body needs a boundary in its Content-Type.")
    args: dict[str, list[bytes]] = {}
    files: dict[str, list[tornado.httputil.HTTPFile]] = {}
    delimiter = boundary.encode("latin-1", "replace")
    if raw.count(b"--" + delimiter) - 1 > MAX_ASSETS + MAX_FIELDS:
        raise PayloadTooLarge(f"At most {MAX_ASSETS} assets per request.")
    config = getattr(tornado.httputil, "ParseMultipartConfig", None)
    extra = {"config": config(max_parts=MAX_ASSETS + MAX_FIELDS)} if config is not None else {}
    try:
        tornado.httputil.parse_multipart_form_data(delimiter, raw, args, files, **extra)
    except (tornado.httputil.HTTPInputError, UnicodeError, ValueError) as exc:
        # a part header Tornado refuses (a NUL or other control character in a file name, bad UTF-8)
        raise InvalidRequest(f"The multipart body is malformed: {str(exc)[:200]}.") from None
    fields: dict[str, Any] = {}
    text_bytes = 0
    for name, values in args.items():
        if len(values) > 1:
            raise InvalidRequest(f"Field {name!r} was sent more than once.")
        text_bytes += len(values[0])
        fields[name] = _text(name, values[0])
    assets: dict[str, bytes] = {}
    total = 0
    for part_name, uploads in files.items():
        for upload in uploads:
            if part_name in TEXT_FILE_FIELDS and part_name not in fields:
                fields[part_name] = _text(part_name, upload.body)
                text_bytes += len(upload.body)
            elif upload.filename == "index.html" and "html" not in fields:
                fields["html"] = _text("index.html", upload.body)
                text_bytes += len(upload.body)
            else:
                total += len(upload.body)
                _check_budget(total, settings)
                _add(assets, _name(upload.filename), upload.body)
    if text_bytes > settings.max_body_bytes:
        raise PayloadTooLarge(f"The document's fields are larger than {settings.max_body_bytes} bytes.")
    if len(assets) > MAX_ASSETS:
        raise PayloadTooLarge(f"At most {MAX_ASSETS} assets per request ({len(assets)} sent).")
    if isinstance(fields.get("options"), str):
        fields["options"] = _json_field("options", fields["options"])
    if isinstance(fields.get("report"), str):
        fields["report"] = _json_field("report", fields["report"])
    return RenderBody(fields, assets)


def _text(name: str, value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidRequest(f"Field {name!r} is not valid UTF-8.") from None


def _json_field(name: str, value: str) -> Any:
    try:
        return json.loads(value)
    except (ValueError, RecursionError) as exc:
        raise InvalidJson(f"Field {name!r} is not valid JSON: {exc}.") from None


def _name(name: Any) -> str:
    try:
        return check_asset_name(name)
    except AssetNameError as exc:
        raise InvalidRequest(f"Bad asset name: {exc}.") from None


def _check_budget(total: int, settings: Settings) -> None:
    if total > settings.max_assets_bytes:
        limit = settings.max_assets_bytes
        raise PayloadTooLarge(f"The assets are larger than {limit} bytes (PDFLET_MAX_ASSETS_BYTES).")


def _add(assets: dict[str, bytes], name: str, data: bytes) -> None:
    if name in assets:
        raise InvalidRequest(f"Asset {name!r} was sent more than once.")
    assets[name] = data
