"""One declaration per API operation: its scope, request schema and responses, read by three users.

The handler checks the caller's scope from it (:meth:`pdflet.web.base.ApiHandler.require_scope`)
and validates a JSON body against its schema (:meth:`~pdflet.web.base.ApiHandler.json_body`);
:mod:`pdflet.web.openapi` writes the OpenAPI document from the same objects. A handler
states them as ``operations = {"GET": Operation(...), ...}``, so a route cannot change what
it accepts or who may call it without its description changing too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

JSON = "application/json"
KEY_SECURITY: list[dict[str, list[str]]] = [{"ApiKey": []}, {"Bearer": []}]
LOGIN_SECURITY: list[dict[str, list[str]]] = [{"Bearer": []}]  # no API key may list or revoke logins
NON_BLANK = r"\S"  # at least one character that is not white space (patterns are not anchored)
TEXT = {"type": "string", "minLength": 1}
ID_PARAM = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
SESSION_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
JOB_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^job_[a-z0-9]{24}$"}}
IDEMPOTENCY = {"name": "Idempotency-Key", "in": "header", "required": False,
               "schema": {"type": "string", "minLength": 1, "maxLength": 255},
               "description": "Same key and body within 24 h: the first response; another body: 422."}
RATE_HEADERS = {name: {"schema": {"type": "integer"}}
                for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")}
REQUEST_ID = {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}
PDF = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}


def ref(name: str) -> dict[str, str]:
    """A reference to a schema of the document's components (see :mod:`pdflet.web.api_schemas`)."""
    return {"$ref": f"#/components/schemas/{name}"}


def error(description: str) -> dict[str, Any]:
    """A response in the contract's ``{detail, code}`` shape."""
    return {"description": description, "headers": dict(REQUEST_ID), "content": {JSON: {"schema": ref("Error")}}}


def ok(description: str, schema: dict[str, Any] | None = None, headers: dict | None = None) -> dict[str, Any]:
    """A success response: a JSON ``schema``, or none (204)."""
    response: dict[str, Any] = {"description": description, "headers": {**REQUEST_ID, **(headers or {})}}
    if schema is not None:
        response["content"] = {JSON: {"schema": schema}}
    return response


def results(name: str, **extra: Any) -> dict[str, Any]:
    """``{"results": [<name>, ...]}``, the shape of every list."""
    return {"type": "object", "properties": {"results": {"type": "array", "items": ref(name)}, **extra}}


AUTH_ERRORS = {
    "401": error("Missing or invalid credentials. A bearer token's code says what to do: token_expired (refresh "
                 "it), session_revoked (log in again), token_not_valid (malformed or forged); RFC 6750 "
                 "WWW-Authenticate"),
    "403": error("The credential lacks the scope"),
    "429": error("Rate limited"),
}
BODY_ERRORS = {"400": error("Invalid JSON or request"), "413": error("Body too large"),
               "415": error("Not application/json")}
RENDER_ERRORS = {"422": error("The document could not be rendered"), "503": error("Render queue full"),
                 "504": error("Render timed out")}


@dataclass(frozen=True)
class Operation:
    """One method of one route.

    ``scope``: what a credential must hold; ``None`` on a public route (no credentials at
    all), while on an authenticated handler it closes the method (deny by default).
    ``body``: the JSON body's schema, which :meth:`ApiHandler.json_body` enforces; named
    ``body_name`` in the document's components. ``forms``: other request media types
    (multipart), documented only: their parsers validate them.
    """

    operation_id: str
    summary: str
    scope: str | None
    responses: Mapping[str, Any]
    body: dict[str, Any] | None = None
    body_name: str | None = None
    body_required: bool = True
    forms: Mapping[str, Any] = field(default_factory=dict)
    parameters: tuple[dict[str, Any], ...] = ()
    security: list[dict[str, list[str]]] | None = None  # default: KEY_SECURITY with a scope, none without

    def openapi(self) -> dict[str, Any]:
        """This operation as an OpenAPI operation object."""
        security = self.security if self.security is not None else (KEY_SECURITY if self.scope else [])
        doc: dict[str, Any] = {"operationId": self.operation_id, "summary": self.summary, "security": security}
        if self.parameters:
            doc["parameters"] = list(self.parameters)
        content = {JSON: {"schema": ref(self.body_name) if self.body_name else self.body}} if self.body else {}
        content.update(self.forms)
        if content:
            doc["requestBody"] = {"required": self.body_required, "content": content}
        doc["responses"] = dict(self.responses)
        return doc
