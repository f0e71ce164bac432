"""The schemas of the OpenAPI document's components: what requests and responses of the API hold.

Plugin-declared request fields and options are added at run time (:func:`component_schemas`),
so the document a client downloads matches what this server accepts. Operation bodies that a
handler validates are declared with their operation (:mod:`pdflet.web.declare`), not here.
"""

from __future__ import annotations

from typing import Any

from pdflet.renderers.options import KNOWN_OPTIONS
from pdflet.services.principal import SCOPES
from pdflet.web.declare import NON_BLANK, ref

NULLABLE_STR = {"type": ["string", "null"]}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
ERROR = {"type": "object", "required": ["detail", "code"],
         "properties": {"detail": {"type": "string"}, "code": {"type": "string"}}}


def _plugin_field(name: str, owner: str, html_sources: Any) -> dict[str, Any]:
    """A plugin field: text when it stands in for ``html``; otherwise whatever the plugin accepts."""
    if name in html_sources:
        return {"type": ["string", "null"], "description": f"Added by plugin {owner}: the document in place of html."}
    return {"description": f"Added by plugin {owner}."}


def render_schemas(plugin_fields: dict[str, str], plugin_options: dict[str, str], html_sources: Any = (),
                   renderer_names: list[str] | None = None) -> dict[str, Any]:
    """The render request (with this server's plugins and renderers) and the render report."""
    nullable_str = NULLABLE_STR
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
                           "warnings": {"type": "array", "items": ref("Warning")}},
        },
        "Warning": {
            "type": "object", "required": ["type", "message"],
            "properties": {"type": {"enum": ["resource", "font", "css", "limit"]}, "message": {"type": "string"}},
        },
    }


def account_schemas() -> dict[str, Any]:
    """Tokens, keys and sessions."""
    nullable_time = NULLABLE_TIME
    return {
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
            "allOf": [ref("Key"), {
                "type": "object", "required": ["key"],
                "properties": {
                    "key": {"type": "string", "pattern": "^pk_(live|test)_[a-z0-9]{32}$",
                            "description": "The full key. Shown once, never again."},
                    "previous": ref("Key"),
                },
            }],
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
    }


KEY_CREATE = {
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
}


def meta_schemas() -> dict[str, Any]:
    """Usage, renderers, health and the small shapes shared by several responses."""
    return {
        "Error": ERROR,
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
                "totals": ref("UsageCounts"),
                "daily": {"type": "array", "items": {"allOf": [ref("UsageCounts"), {
                    "type": "object", "properties": {"date": {"type": "string", "format": "date"}}}]}},
                "by_key": {"type": "array", "items": {"allOf": [ref("UsageCounts"), {
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
        "Nullable": NULLABLE_STR,
    }


def component_schemas(plugin_fields: dict[str, str], plugin_options: dict[str, str], html_sources: Any = (),
                      renderer_names: list[str] | None = None) -> dict[str, Any]:
    """Every schema the operations refer to by name."""
    return {**meta_schemas(), **render_schemas(plugin_fields, plugin_options, html_sources, renderer_names),
            **account_schemas()}
