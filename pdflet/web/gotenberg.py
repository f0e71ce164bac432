"""Gotenberg-compatible routes: ``POST /forms/chromium/convert/html`` and ``/forms/chromium/convert/markdown``.

Clients written for Gotenberg (its curl examples, gotenberg-client, chromiumly, ...) send a multipart form: files
in ``files`` parts (``index.html``, assets, ``header.html``/``footer.html``, ``*.md``) and Chromium print
settings as form fields. Here each field becomes pdflet's own option; a field Gotenberg knows but we cannot
honour, or one nobody knows, is a 400 naming it rather than a PDF that silently differs. Authentication,
scopes, rate limits, body budgets and the render pool are those of ``POST /api/v1/pdf/``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from typing import Any

from pdflet.errors import InvalidRequest, UnsupportedMediaType
from pdflet.pipeline import validate_request
from pdflet.renderers.markdown_template import markdown_names
from pdflet.renderers.options import MAX_PAGE_PT, PT_PER_UNIT
from pdflet.renderers.pagepost import PrintAdjust, check_scale, parse_page_ranges
from pdflet.web.api_pdf import PdfHandler, wants_report
from pdflet.web.declare import AUTH_ERRORS, BODY_ERRORS, JSON, PDF, RENDER_ERRORS, Operation, ref
from pdflet.web.multipart import RenderBody, media_type

#: Chromium's defaults, as Gotenberg documents them: Letter paper, 0.39 in margins, no backgrounds.
DEFAULT_PAPER = ("8.5", "11")
DEFAULT_MARGIN = "0.39"
LENGTH_FIELDS = ("paperWidth", "paperHeight", "marginTop", "marginRight", "marginBottom", "marginLeft")
BOOL_FIELDS = ("preferCssPageSize", "printBackground", "landscape", "singlePage", "generateDocumentOutline")
OTHER_FIELDS = ("scale", "nativePageRanges", "metadata", "emulatedMediaType", "html")
KNOWN_FIELDS = frozenset((*LENGTH_FIELDS, *BOOL_FIELDS, *OTHER_FIELDS))
NO_BACKGROUND_CSS = (
    "*, *::before, *::after { background-color: transparent !important; background-image: none !important; }"
)
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(pt|px|in|mm|cm|pc)?\s*$", re.I)
_TRUE = ("1", "t", "true")
_FALSE = ("0", "f", "false")
#: ``metadata`` keys written as PDF document information (the rest Gotenberg hands to ExifTool).
INFO_KEYS = {"Creator": "/Creator", "Producer": "/Producer", "Copyright": "/Copyright", "Trapped": "/Trapped",
             "CreationDate": "/CreationDate", "ModDate": "/ModDate"}
OPTION_KEYS = {"Title": "title", "Author": "author", "Subject": "subject", "Keywords": "keywords"}
IGNORED_KEYS = ("Marked", "PDFVersion")


def _bool(fields: dict[str, Any], name: str, default: bool = False) -> bool:
    value = fields.get(name)
    if value is None:
        return default
    word = str(value).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise InvalidRequest(f"{name}: {value!r} is not a boolean (true or false).")


def _length_pt(name: str, value: str) -> float:
    """A Gotenberg length: a number in inches, or with a unit (pt, px, in, mm, cm, pc)."""
    match = _LENGTH.match(value)
    if not match:
        raise InvalidRequest(f"{name}: {value!r} is not a length such as '8.5', '8.5in', '210mm' or '612pt'.")
    return float(match.group(1)) * PT_PER_UNIT[(match.group(2) or "in").lower()]


def _pdf_date(name: str, value: Any) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise InvalidRequest(f"metadata.{name}: {value!r} is not an ISO 8601 date.") from None
    text = moment.strftime("D:%Y%m%d%H%M%S")
    offset = moment.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{text}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


def _metadata(raw: Any, options: dict[str, Any]) -> dict[str, str]:
    """``metadata`` JSON into pdflet's title/author/subject/keywords options and PDF information entries."""
    try:
        data = json.loads(raw) if isinstance(raw, str) else raw
    except (ValueError, RecursionError) as exc:
        raise InvalidRequest(f"metadata is not valid JSON: {exc}.") from None
    if not isinstance(data, dict):
        raise InvalidRequest("metadata must be a JSON object such as {\"Author\": \"...\"}.")
    info: dict[str, str] = {}
    for key, value in data.items():
        if key in OPTION_KEYS:
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            options[OPTION_KEYS[key]] = text
        elif key in ("CreationDate", "ModDate"):
            info[INFO_KEYS[key]] = _pdf_date(key, value)
        elif key in INFO_KEYS:
            info[INFO_KEYS[key]] = str(value)
        elif key not in IGNORED_KEYS:
            known = ", ".join([*OPTION_KEYS, *INFO_KEYS, *IGNORED_KEYS])
            raise InvalidRequest(f"metadata: key {key!r} is not supported (supported: {known}).")
    return info


def _page_options(fields: dict[str, Any], options: dict[str, Any]) -> None:
    """Paper, margins and orientation; with ``preferCssPageSize`` the document's ``@page`` decides."""
    if _bool(fields, "landscape"):
        options["orientation"] = "landscape"
    if _bool(fields, "preferCssPageSize"):
        return
    width = _length_pt("paperWidth", str(fields.get("paperWidth", DEFAULT_PAPER[0])))
    height = _length_pt("paperHeight", str(fields.get("paperHeight", DEFAULT_PAPER[1])))
    options["page_size"] = f"{width:.4f}pt {height:.4f}pt"
    margins = [_length_pt(n, str(fields.get(n, DEFAULT_MARGIN))) for n in LENGTH_FIELDS[2:]]
    options["margin"] = " ".join(f"{m:.4f}pt" for m in margins)


def _print_adjust(fields: dict[str, Any], info: dict[str, str]) -> PrintAdjust | None:
    scale = 1.0
    if fields.get("scale") is not None:
        try:
            scale = check_scale(float(fields["scale"]))
        except ValueError:
            raise InvalidRequest(f"scale: {fields['scale']!r} is not a number.") from None
        if scale != 1.0 and _bool(fields, "preferCssPageSize"):
            raise InvalidRequest("scale: only with the paper size of the request (preferCssPageSize=false).")
    ranges = parse_page_ranges(str(fields.get("nativePageRanges") or ""))
    single = _bool(fields, "singlePage")
    if scale == 1.0 and not ranges and not single and not info:
        return None
    return PrintAdjust(page_ranges=ranges, scale=scale, single_page=single, info=info)


def _operation(kind: str, summary: str) -> Operation:
    """The declaration of one route (its form is Gotenberg's, described in docs/resources.md)."""
    fields: dict[str, Any] = {name: {"type": "string", "pattern": _LENGTH.pattern} for name in LENGTH_FIELDS}
    fields.update({name: {"enum": ["true", "false"]} for name in BOOL_FIELDS})
    fields.update({"scale": {"type": "string"}, "nativePageRanges": {"type": "string"},
                   "metadata": {"type": "string", "description": "A JSON object"},
                   "emulatedMediaType": {"enum": ["print", "screen"]}})
    form = {"type": "object", "properties": {"files": {"type": "array", "items": {"type": "string",
                                                                                   "format": "binary"}},
                                             **fields}}
    return Operation(
        "gotenberg" + kind.capitalize(), summary, "pdf:create",
        forms={"multipart/form-data": {"schema": form}},  # validated by parse_body
        responses={"200": {"description": "The PDF, or the render report when asked for",
                           "content": {**PDF, JSON: {"schema": ref("RenderReport")}}},
                   **BODY_ERRORS, **AUTH_ERRORS, **RENDER_ERRORS},
    )


class GotenbergHandler(PdfHandler):
    """``POST /forms/chromium/convert/html``: Gotenberg's form, rendered by pdflet."""

    route_name = "gotenberg_html"
    markdown = False
    operations = {"POST": _operation("html", "Gotenberg-compatible: index.html and assets to PDF")}

    def parse_body(self) -> RenderBody:
        if media_type(self.request.headers.get("Content-Type", "")) != "multipart/form-data":
            raise UnsupportedMediaType("Gotenberg routes take multipart/form-data.")
        return super().parse_body()

    async def post(self) -> None:
        body = self.parse_body()
        fields = body.fields
        unknown = sorted(k for k in fields if k not in KNOWN_FIELDS)
        if unknown:
            raise InvalidRequest(f"Unknown or unsupported field(s): {', '.join(map(repr, unknown))}. "
                                 f"Supported: {', '.join(sorted(KNOWN_FIELDS - {'html'}))}.")
        media = str(fields.get("emulatedMediaType", "print")).strip().lower()
        if media not in ("print", "screen"):
            raise InvalidRequest(f"emulatedMediaType: {media!r} is neither 'print' nor 'screen'.")
        html = fields.get("html")
        if not isinstance(html, str):
            raise InvalidRequest("Send the document as a file named 'index.html' in a 'files' part.")
        if self.markdown:
            if not any(name.endswith(".md") for name in body.assets):
                raise InvalidRequest("Send at least one Markdown file (*.md) in a 'files' part.")
            missing = sorted(set(markdown_names(html)) - set(body.assets))
            if missing:
                raise InvalidRequest(f"index.html asks for {missing[0]!r} (toHTML), which was not sent.")
        options: dict[str, Any] = {}
        _page_options(fields, options)
        info = _metadata(fields["metadata"], options) if fields.get("metadata") else {}
        for part in ("header", "footer"):
            data = body.assets.get(f"{part}.html")
            if data is not None:
                options[f"{part}_html"] = data.decode("utf-8", "replace")
        request_body: dict[str, Any] = {"html": html, "options": options}
        if not _bool(fields, "printBackground"):
            request_body["css"] = NO_BACKGROUND_CSS
        filename = self.request.headers.get("Gotenberg-Output-Filename")
        if filename:
            request_body["filename"] = filename
        request = validate_request(self.ctx.pm, request_body)
        request.assets = body.assets
        request.print_adjust = adjust = _print_adjust(fields, info)
        request.markdown_template = self.markdown  # filled in the render worker, under its timeout
        size = request.options.page_size
        if adjust is not None and size is not None and max(size) / adjust.scale > MAX_PAGE_PT:
            raise InvalidRequest(f"scale: {adjust.scale:g} would lay out a page over {MAX_PAGE_PT / 72:g} in.")
        if media == "screen":
            request.options = dataclasses.replace(request.options, media="screen")
        await self.render_and_respond(request, wants_report(body, self.request.headers.get("Accept", "")))


class GotenbergMarkdownHandler(GotenbergHandler):
    """``POST /forms/chromium/convert/markdown``: an ``index.html`` template and Markdown files."""

    route_name = "gotenberg_markdown"
    markdown = True
    operations = {"POST": _operation("markdown", "Gotenberg-compatible: Markdown in a template")}


ROUTES = [
    (r"/forms/chromium/convert/html", GotenbergHandler),
    (r"/forms/chromium/convert/markdown", GotenbergMarkdownHandler),
]
