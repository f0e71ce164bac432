"""The OpenAPI 3.1 description of the JSON API, built from the code's own constants.

Plugin-declared request fields and options are added at run time, so the document a
client downloads matches what this server accepts.
"""

from __future__ import annotations

from typing import Any

from pdflet import __version__
from pdflet.plugins import collect_request_fields
from pdflet.renderers.options import KNOWN_OPTIONS
from pdflet.services.principal import SCOPES
from pdflet.web import gotenberg
from pdflet.web.openapi_jobs import IDEMPOTENCY, job_paths

JSON = "application/json"
NON_BLANK = r"\S"  # at least one character that is not white space (patterns are not anchored)
_TEXT = {"type": "string", "minLength": 1}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
        "content": {JSON: {"schema": _ref("Error")}},
    }


def _json_body(schema: dict[str, Any], required: bool = True) -> dict[str, Any]:
    return {"required": required, "content": {JSON: {"schema": schema}}}


def _ok(description: str, schema: dict[str, Any] | None = None, status_headers: dict | None = None) -> dict:
    response: dict[str, Any] = {
        "description": description,
        "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}, **(status_headers or {})},
    }
    if schema is not None:
        response["content"] = {JSON: {"schema": schema}}
    return response


AUTH_ERRORS = {
    "401": _error("Missing or invalid credentials. A bearer token's code says what to do: token_expired (refresh "
                  "it), session_revoked (log in again), token_not_valid (malformed or forged); RFC 6750 "
                  "WWW-Authenticate"),
    "403": _error("The credential lacks the scope"),
    "429": _error("Rate limited"),
}
BODY_ERRORS = {
    "400": _error("Invalid JSON or request"),
    "413": _error("Body too large"),
    "415": _error("Not application/json"),
}
KEY_SECURITY = [{"ApiKey": []}, {"Bearer": []}]
LOGIN_SECURITY = [{"Bearer": []}]  # the sessions API: no API key may list or revoke logins
ID_PARAM = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _plugin_field(name: str, owner: str, html_sources: Any) -> dict[str, Any]:
    """A plugin field: text when it stands in for ``html``; otherwise whatever the plugin accepts."""
    if name in html_sources:
        return {"type": ["string", "null"], "description": f"Added by plugin {owner}: the document in place of html."}
    return {"description": f"Added by plugin {owner}."}


def _schemas(
    plugin_fields: dict[str, str],
    plugin_options: dict[str, str],
    html_sources: Any = (),
    renderer_names: list[str] | None = None,
) -> dict[str, Any]:
    nullable_str = {"type": ["string", "null"]}
    nullable_time = {"type": ["string", "null"], "format": "date-time"}
    # null means "not given" everywhere in a render request, as the server treats it
    options_props: dict[str, Any] = {
        "page_size": {"type": ["string", "null"], "examples": ["A4", "Letter", "210mm 297mm"]},
        "orientation": {"enum": ["portrait", "landscape", None]},
        "margin": {"type": ["string", "number", "null"], "examples": ["20mm", "1in 0.75in"],
                   "description": "CSS shorthand; a bare number is pixels."},
        **{name: nullable_str for name in KNOWN_OPTIONS if name not in ("page_size", "orientation", "margin")},
        **{name: {"description": f"Added by plugin {owner}."} for name, owner in plugin_options.items()},
    }
    return {
        "Error": {
            "type": "object",
            "required": ["detail", "code"],
            "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
        },
        "RenderRequest": {
            "type": "object",
            # a plugin's html source (``markdown``) may stand in for html
            **({"anyOf": [{"required": [name]} for name in ["html", *sorted(html_sources)]]}
               if html_sources else {"required": ["html"]}),
            "properties": {
                "html": {"type": "string", "pattern": NON_BLANK, "description": "The document (not blank)."},
                "css": nullable_str,
                "renderer": {"enum": [*(renderer_names or []), None], "description": "Default: the built-in renderer."},
                "filename": nullable_str,
                "options": {"type": ["object", "null"], "properties": options_props, "additionalProperties": False},
                "assets": {"type": ["object", "null"], "additionalProperties": {"type": "string",
                           "contentEncoding": "base64"}, "description": "Files the document links, by name."},
                "report": {"type": ["boolean", "null"], "description": "Answer with the JSON render report."},
                **{name: _plugin_field(name, owner, html_sources) for name, owner in plugin_fields.items()},
            },
            "additionalProperties": False,
        },
        "RenderReport": {
            "type": "object", "required": ["pdf", "pages", "warnings"],
            "properties": {"pdf": {"type": "string", "contentEncoding": "base64"}, "pages": {"type": "integer"},
                           "warnings": {"type": "array", "items": _ref("Warning")}},
        },
        "Warning": {
            "type": "object", "required": ["type", "message"],
            "properties": {"type": {"enum": ["resource", "font", "css", "limit"]}, "message": {"type": "string"}},
        },
        "TokenPair": {
            "type": "object", "required": ["access", "refresh"],
            "properties": {"access": {"type": "string"}, "refresh": {"type": "string"}},
        },
        "Access": {"type": "object", "required": ["access"], "properties": {"access": {"type": "string"}}},
        "Key": {
            "type": "object",
            "required": ["id", "name", "prefix", "last4", "mode", "scopes", "status", "created_at"],
            "properties": {
                "id": {"type": "integer"},
                "name": {"type": "string"},
                "prefix": {"type": "string"},
                "last4": {"type": "string"},
                "display": {"type": "string"},
                "mode": {"type": "string", "enum": ["live", "test"]},
                "scopes": {"type": "array", "items": {"type": "string", "enum": list(SCOPES)}},
                "rate_limit": {"type": ["integer", "null"]},
                "created_at": {"type": "string", "format": "date-time"},
                "last_used_at": nullable_time,
                "expires_at": nullable_time,
                "revoked_at": nullable_time,
                "status": {"type": "string", "enum": ["active", "rotating", "expired", "revoked"]},
                "rotated_to": {"type": ["integer", "null"]},
                "needs_rotation": {"type": "boolean"},
            },
        },
        "NewKey": {
            "allOf": [_ref("Key"), {
                "type": "object", "required": ["key"],
                "properties": {
                    "key": {"type": "string", "pattern": "^pk_(live|test)_[a-z0-9]{32}$",
                            "description": "The full key. Shown once, never again."},
                    "previous": _ref("Key"),
                },
            }],
        },
        "KeyCreate": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "pattern": NON_BLANK, "maxLength": 200},
                "mode": {"type": "string", "enum": ["live", "test"], "default": "live"},
                "scopes": {"type": ["array", "null"], "items": {"type": "string", "enum": list(SCOPES)},
                           "minItems": 1, "default": ["pdf:create"]},
                "expires_days": {"type": ["integer", "null"], "minimum": 1, "maximum": 3650,
                                 "description": "null: never expires."},
                "rate_limit": {"type": ["integer", "null"], "minimum": 0, "maximum": 1_000_000,
                               "description": "Requests per minute; 0 = unlimited."},
            },
            "additionalProperties": False,
        },
        "Session": {
            "type": "object",
            "required": ["id", "kind", "created_at", "last_used_at"],
            "properties": {
                "id": {"type": "string"},
                "kind": {"type": "string", "enum": ["jwt", "browser"]},
                "created_at": {"type": "string", "format": "date-time"},
                "last_used_at": {"type": "string", "format": "date-time"},
                "expires_at": {"type": "string", "format": "date-time"},
                "ip": {"type": "string"},
                "user_agent": {"type": "string"},
                "current": {"type": "boolean"},
            },
        },
        "UsageCounts": {
            "type": "object",
            "properties": {"requests": {"type": "integer"}, "pages": {"type": "integer"},
                           "bytes": {"type": "integer"}},
        },
        "Usage": {
            "type": "object",
            "required": ["days", "totals", "daily", "by_key"],
            "properties": {
                "days": {"type": "integer"},
                "totals": _ref("UsageCounts"),
                "daily": {"type": "array", "items": {"allOf": [_ref("UsageCounts"), {
                    "type": "object", "properties": {"date": {"type": "string", "format": "date"}}}]}},
                "by_key": {"type": "array", "items": {"allOf": [_ref("UsageCounts"), {
                    "type": "object",
                    "properties": {"key_id": {"type": ["integer", "null"]}, "name": {"type": "string"}}}]}},
                "rows": {"type": "array", "items": {"type": "object"}},
            },
        },
        "Renderers": {
            "type": "object",
            "required": ["results"],
            "properties": {
                "results": {"type": "array", "items": {
                    "type": "object",
                    "required": ["name", "version", "description", "default"],
                    "properties": {"name": {"type": "string"}, "version": {"type": "string"},
                                   "description": {"type": "string"}, "default": {"type": "boolean"}},
                }},
                "plugins": {"type": "array", "items": {
                    "type": "object",
                    "properties": {"name": {"type": "string"}, "version": {"type": "string"},
                                   "builtin": {"type": "boolean"}},
                }},
            },
        },
        "Status": {"type": "object", "properties": {"status": {"type": "string"}}},
        "Empty": {"type": "object", "maxProperties": 0},
        "Nullable": nullable_str,
    }


def build_openapi(ctx: Any) -> dict[str, Any]:
    """The document served at ``/api/v1/openapi.json``."""
    plugin_fields, plugin_options, html_sources = collect_request_fields(ctx.pm)
    rate_headers = {
        name: {"schema": {"type": "integer"}}
        for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
    }
    paths: dict[str, Any] = {
        "/api/v1/pdf/": {"post": {
            "operationId": "createPdf",
            "summary": "Render HTML to PDF",
            "security": KEY_SECURITY,
            "parameters": [IDEMPOTENCY],
            "requestBody": {"required": True, "content": {
                JSON: {"schema": _ref("RenderRequest")},
                "multipart/form-data": {"schema": {"type": "object", "description": (
                    "index.html (or a field html), other file parts as assets by file name, an options part "
                    "with the JSON options, other fields as text; see docs/resources.md.")}},
            }},
            "responses": {
                "200": {
                    "description": "The PDF, or the render report when asked for",
                    "headers": {
                        "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
                        "X-Pdflet-Pages": {"schema": {"type": "integer"}},
                        "X-Pdflet-Warnings": {"schema": {"type": "integer"}},
                        "Content-Disposition": {"schema": {"type": "string"}},
                        **rate_headers,
                    },
                    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}},
                                JSON: {"schema": _ref("RenderReport")}},
                },
                **BODY_ERRORS, **AUTH_ERRORS,
                "422": _error("The document could not be rendered"),
                "503": _error("Render queue full"),
                "504": _error("Render timed out"),
            },
        }},
        "/api/v1/auth/jwt/create/": {"post": {
            "operationId": "createToken", "summary": "Log in: email and password for a token pair",
            "security": [],
            "requestBody": _json_body({"type": "object", "required": ["email", "password"], "properties": {
                "email": _TEXT, "password": _TEXT}}),
            "responses": {"200": _ok("Token pair", _ref("TokenPair")), **BODY_ERRORS,
                          "401": _error("Wrong credentials"), "429": _error("Too many failures")},
        }},
        "/api/v1/auth/jwt/refresh/": {"post": {
            "operationId": "refreshToken",
            "summary": "A new token pair from a refresh token (rotated: the old one is used up; reusing it "
                       "revokes the session)",
            "security": [],
            "requestBody": _json_body({"type": "object", "required": ["refresh"],
                                       "properties": {"refresh": _TEXT}}),
            "responses": {"200": _ok("Token pair", _ref("TokenPair")), **BODY_ERRORS,
                          "401": _error("Invalid refresh token")},
        }},
        "/api/v1/auth/jwt/verify/": {"post": {
            "operationId": "verifyToken", "summary": "Check a token",
            "security": [],
            "requestBody": _json_body({"type": "object", "required": ["token"],
                                       "properties": {"token": _TEXT}}),
            "responses": {"200": _ok("Valid", _ref("Empty")), **BODY_ERRORS, "401": _error("Invalid token")},
        }},
        "/api/v1/auth/jwt/logout/": {"post": {
            "operationId": "logout", "summary": "End the session of a refresh token",
            "security": [],
            "requestBody": _json_body({"type": "object", "required": ["refresh"],
                                       "properties": {"refresh": _TEXT}}),
            "responses": {"204": _ok("Logged out"), **BODY_ERRORS, "401": _error("Invalid token")},
        }},
        "/api/v1/auth/sessions/": {"get": {
            "operationId": "listSessions", "summary": "The caller's live sessions (bearer tokens only, no API key)",
            "security": LOGIN_SECURITY,
            "responses": {"200": _ok("Sessions", {"type": "object", "properties": {
                "results": {"type": "array", "items": _ref("Session")}}}), **AUTH_ERRORS},
        }},
        "/api/v1/auth/sessions/{id}/": {"delete": {
            "operationId": "revokeSession", "summary": "Revoke one session (its tokens stop at once)",
            "security": LOGIN_SECURITY,
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"204": _ok("Revoked"), **AUTH_ERRORS, "404": _error("No such session")},
        }},
        "/api/v1/keys/": {
            "get": {
                "operationId": "listKeys", "summary": "The caller's API keys", "security": KEY_SECURITY,
                "responses": {"200": _ok("Keys", {"type": "object", "properties": {
                    "results": {"type": "array", "items": _ref("Key")}}}), **AUTH_ERRORS},
            },
            "post": {
                "operationId": "createKey", "summary": "Create a key (the full key is in this response only)",
                "security": KEY_SECURITY, "requestBody": _json_body(_ref("KeyCreate")),
                "responses": {"201": _ok("Created", _ref("NewKey")), **BODY_ERRORS, **AUTH_ERRORS},
            },
        },
        "/api/v1/keys/{id}/": {
            "get": {
                "operationId": "getKey", "summary": "One key", "security": KEY_SECURITY, "parameters": [ID_PARAM],
                "responses": {"200": _ok("Key", _ref("Key")), **AUTH_ERRORS, "404": _error("No such key")},
            },
            "delete": {
                "operationId": "revokeKey", "summary": "Revoke a key", "security": KEY_SECURITY,
                "parameters": [ID_PARAM],
                "responses": {"204": _ok("Revoked"), **AUTH_ERRORS, "404": _error("No such key")},
            },
        },
        "/api/v1/keys/{id}/rotate/": {"post": {
            "operationId": "rotateKey", "summary": "Issue a successor; the old key expires after a grace period",
            "security": KEY_SECURITY, "parameters": [ID_PARAM],
            "requestBody": _json_body({"type": "object", "properties": {
                "grace_hours": {"type": "integer", "minimum": 0, "maximum": 720, "default": 24}},
                "additionalProperties": False}, required=False),
            "responses": {"201": _ok("Successor", _ref("NewKey")), **BODY_ERRORS, **AUTH_ERRORS,
                          "404": _error("No such key")},
        }},
        "/api/v1/usage/": {"get": {
            "operationId": "getUsage", "summary": "Requests, pages and bytes per day and per key",
            "security": KEY_SECURITY,
            "parameters": [{"name": "days", "in": "query", "required": False,
                            "schema": {"type": "integer", "minimum": 1, "maximum": 366, "default": 30}}],
            "responses": {"200": _ok("Usage", _ref("Usage")), "400": _error("Bad days"), **AUTH_ERRORS},
        }},
        "/api/v1/renderers/": {"get": {
            "operationId": "listRenderers", "summary": "Installed renderers and plugins",
            "security": KEY_SECURITY,
            "responses": {"200": _ok("Renderers", _ref("Renderers")), **AUTH_ERRORS},
        }},
        "/api/v1/openapi.json": {"get": {
            "operationId": "openapi", "summary": "This document", "security": [],
            "responses": {"200": _ok("OpenAPI 3.1", {"type": "object"})},
        }},
        "/healthz": {"get": {
            "operationId": "healthz", "summary": "The process is up", "security": [],
            "responses": {"200": _ok("Up", _ref("Status"))},
        }},
        "/readyz": {"get": {
            "operationId": "readyz", "summary": "The database is reachable", "security": [],
            "responses": {"200": _ok("Ready", _ref("Status")), "503": _error("Not ready")},
        }},
        "/metrics": {"get": {
            "operationId": "metrics", "summary": "Prometheus metrics", "security": [],
            "responses": {"200": {"description": "Text exposition format",
                                  "content": {"text/plain": {"schema": {"type": "string"}}}}},
        }},
    }
    paths.update(gotenberg.openapi_paths(KEY_SECURITY, {**BODY_ERRORS, **AUTH_ERRORS}))
    paths.update(job_paths())
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "pdflet",
            "version": __version__,
            "description": "HTML to PDF without a browser. Errors are always {detail, code} with X-Request-Id.",
        },
        "servers": [{"url": "/"}],
        "security": KEY_SECURITY,
        "paths": paths,
        "components": {
            "schemas": _schemas(plugin_fields, plugin_options, html_sources, sorted(ctx.renderers)),
            "securitySchemes": {
                "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                "Bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
            },
            "headers": {"X-Request-Id": {"schema": {"type": "string"}, "description": "Correlates logs"}},
        },
    }
